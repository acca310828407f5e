// Message catalogs: finds every `t('…')` key in the code that people read, writes the Chinese
// catalogs from them (`npm run i18n`), and reports Chinese text that bypasses `t` and translations
// that are missing, stale or drop a placeholder. `--check` only reports (the unit test runs it).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const defaultRoot = new URL('..', import.meta.url).pathname;
const catalogDir = (root) => join(root, 'shared/i18n/catalogs');

/** Han, CJK punctuation and full-width forms: text a clerk or applicant reads. */
const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const PLURAL_SUFFIXES = ['_zero', '_one', '_two', '_few', '_many', '_other'];

/** Sources and the namespace their strings belong to; the first matching prefix wins. */
const SOURCES = [
  { dir: 'renderer/applicant', ns: 'applicant' },
  { dir: 'renderer', ns: 'clerk' },
  { dir: 'shared/documents', ns: 'documents' },
  { file: 'shared/notice.ts', ns: 'documents' },
];

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function sourceFiles(root) {
  const seen = new Set();
  const out = [];
  for (const s of SOURCES) {
    const list = s.file ? [join(root, s.file)] : files(join(root, s.dir));
    for (const f of list) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push({ path: f, ns: s.ns });
    }
  }
  return out;
}

function isTCall(node) {
  if (!ts.isCallExpression(node)) return false;
  const c = node.expression;
  return (ts.isIdentifier(c) && c.text === 't') || (ts.isPropertyAccessExpression(c) && c.name.text === 't');
}

/** Scans one file: its keys and the Chinese text that is not a key. */
export function scanFile(path, text, root = defaultRoot) {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const keys = [];
  const violations = [];
  const lines = text.split('\n');
  const exempt = (node) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
    return /i18n-exempt/.test(lines[line] ?? '') || /i18n-exempt/.test(lines[line - 1] ?? '');
  };
  const report = (node, what, reason) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    violations.push({ file: relative(root, path), line: line + 1, text: what.trim().slice(0, 60), reason });
  };
  const keyNodes = new Set();
  const visit = (node) => {
    if (isTCall(node)) {
      const arg = node.arguments[0];
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
        keys.push(arg.text);
        keyNodes.add(arg);
      } else if (arg) {
        report(node, node.getText(sf), 't() 的第一个参数必须是字符串字面量，才能收进词条表');
      }
    }
    if (!keyNodes.has(node)) {
      let s = null;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) s = node.text;
      else if (ts.isTemplateExpression(node)) s = [node.head.text, ...node.templateSpans.map((x) => x.literal.text)].join('');
      else if (ts.isJsxText(node)) s = node.text;
      if (s !== null && CHINESE.test(s) && !exempt(node)) {
        report(node, s, ts.isTemplateExpression(node) ? '中文模板字符串应改为 t() 加插值参数' : '中文文本未经 t()');
      }
      if (ts.isTemplateExpression(node)) {
        // Only the spans' expressions can hold further text; the literal parts were judged above.
        node.templateSpans.forEach((span) => visit(span.expression));
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { keys, violations };
}

function readCatalog(root, lang, ns) {
  try {
    return JSON.parse(readFileSync(join(catalogDir(root), lang, `${ns}.json`), 'utf8'));
  } catch {
    return null;
  }
}

const placeholders = (s) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Everything the catalogs should hold, and every problem with the code and the translations. */
export function extract(root = defaultRoot) {
  const keys = { clerk: new Set(), applicant: new Set(), documents: new Set() };
  const problems = [];
  for (const f of sourceFiles(root)) {
    const r = scanFile(f.path, readFileSync(f.path, 'utf8'), root);
    r.keys.forEach((k) => keys[f.ns].add(k));
    problems.push(...r.violations.map((v) => `${v.file}:${v.line} ${v.reason}：${v.text}`));
  }
  const catalogs = {};
  for (const [ns, set] of Object.entries(keys)) {
    catalogs[ns] = Object.fromEntries([...set].sort().map((k) => [k, k]));
  }
  for (const ns of ['applicant', 'documents']) {
    for (const lang of ['en', 'ru']) {
      const tr = readCatalog(root, lang, ns) ?? {};
      const base = (k) => PLURAL_SUFFIXES.reduce((b, s) => (b.endsWith(s) ? b.slice(0, -s.length) : b), k);
      for (const k of keys[ns]) {
        const forms = Object.keys(tr).filter((x) => x === k || base(x) === k);
        if (!forms.length) problems.push(`${lang}/${ns}.json 缺少译文：${k}`);
        for (const x of forms) {
          const want = placeholders(k).filter((p) => p !== 'count');
          const got = placeholders(tr[x]);
          const lost = want.filter((p) => !got.includes(p));
          if (lost.length) problems.push(`${lang}/${ns}.json 译文丢了占位符 ${lost.join('、')}：${x}`);
          if (!String(tr[x]).trim()) problems.push(`${lang}/${ns}.json 译文为空：${x}`);
        }
      }
      for (const x of Object.keys(tr)) if (!keys[ns].has(base(x)) && !keys[ns].has(x)) problems.push(`${lang}/${ns}.json 多余词条（代码里已不用）：${x}`);
    }
  }
  return { catalogs, problems };
}

/** Chinese catalogs whose content differs from what the code needs. */
export function staleCatalogs(catalogs, root = defaultRoot) {
  return Object.entries(catalogs)
    .filter(([ns, want]) => JSON.stringify(readCatalog(root, 'zh', ns)) !== JSON.stringify(want))
    .map(([ns]) => `zh/${ns}.json`);
}

// Run as a command (not when imported, nor when bundled into a benchmark).
if (process.argv[1]?.endsWith('scripts/i18n.mjs') && new URL(import.meta.url).pathname === process.argv[1]) {
  const check = process.argv.includes('--check');
  const { catalogs, problems } = extract(defaultRoot);
  if (check) {
    const stale = staleCatalogs(catalogs);
    if (stale.length) problems.push(`中文词条表与代码不一致，请运行 npm run i18n：${stale.join('、')}`);
  } else {
    for (const [ns, c] of Object.entries(catalogs)) writeFileSync(join(catalogDir(defaultRoot), 'zh', `${ns}.json`), `${JSON.stringify(c, null, 2)}\n`);
  }
  for (const p of problems) console.log(p);
  console.log(`i18n: ${Object.entries(catalogs).map(([ns, c]) => `${ns} ${Object.keys(c).length}`).join(', ')} keys; ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}
