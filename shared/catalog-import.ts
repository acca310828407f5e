import { catalogSchema, validateCatalog, type Catalog } from './catalog.js';
import { locate, positionAt, valueOffsets } from './json-locate.js';

// Reading a catalog file an admin or the central service hands over: every problem is
// reported with the line and field it is at, in Chinese, and nothing is half-imported.

export type CatalogFileResult = { ok: true; catalog: Catalog } | { ok: false; errors: string[] };

export function parseCatalogFile(text: string): CatalogFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const where = m ? positionAt(text, Number(m[1])) : null;
    return { ok: false, errors: [`文件不是有效的 JSON${where ? `：第 ${where.line} 行第 ${where.column} 列附近有语法错误` : ''}。`] };
  }
  const shape = catalogSchema.safeParse(data);
  if (!shape.success) {
    const offsets = valueOffsets(text);
    return {
      ok: false,
      errors: shape.error.issues.slice(0, 50).map((issue) => {
        const { line } = locate(text, issue.path, offsets);
        return `第 ${line} 行，字段 ${issue.path.map(String).join('.') || '（根）'}：${issue.message}`;
      }),
    };
  }
  const rules = validateCatalog(shape.data);
  return rules.length ? { ok: false, errors: rules } : { ok: true, catalog: shape.data };
}
