import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { emitResult, formatBytes, repoRoot } from './lib.js';

// Size of the built renderer: raw and gzip per file, and what each window loads before
// its first paint (the HTML's script, modulepreload and stylesheet tags plus the static
// imports of those scripts). Files neither window loads up front are lazy chunks.

const rendererDir = join(repoRoot(), 'dist', 'renderer');
const assetsDir = join(rendererDir, 'assets');
const ENTRIES = { index: 'index.html', applicant: 'applicant.html' } as const;
type Entry = keyof typeof ENTRIES;

interface Asset {
  file: string;
  raw: number;
  gzip: number;
}

interface Totals {
  files: number;
  raw: number;
  gzip: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

function total(assets: readonly Asset[]): Totals {
  return { files: assets.length, raw: assets.reduce((s, a) => s + a.raw, 0), gzip: assets.reduce((s, a) => s + a.gzip, 0) };
}

/** Asset paths (relative to dist/renderer) that an HTML page loads up front. */
function htmlRefs(html: string): string[] {
  const refs: string[] = [];
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    const isScript = tag.startsWith('<script');
    const isPreloadOrCss = /rel="(?:modulepreload|stylesheet)"/.test(tag);
    if ((isScript || isPreloadOrCss) && !/^[a-z]+:/i.test(m[1]!)) refs.push(m[1]!.replace(/^\.\//, ''));
  }
  return refs;
}

/** Static imports between chunks; `import("…")` is left out because it loads later. */
function staticImports(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+)["']/g)) out.push(m[1]!);
  return out;
}

/** The closure of files a page needs before it can run. */
function initialFiles(entry: Entry): Set<string> {
  const seen = new Set<string>();
  const queue = htmlRefs(readFileSync(join(rendererDir, ENTRIES[entry]), 'utf8'));
  while (queue.length > 0) {
    const rel = queue.shift()!;
    if (seen.has(rel) || !existsSync(join(rendererDir, rel))) continue;
    seen.add(rel);
    if (rel.endsWith('.js')) {
      const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : '';
      for (const imp of staticImports(readFileSync(join(rendererDir, rel), 'utf8'))) queue.push(dir + imp);
    }
  }
  return seen;
}

function kind(file: string): 'js' | 'css' | 'other' {
  const ext = extname(file);
  return ext === '.js' || ext === '.mjs' ? 'js' : ext === '.css' ? 'css' : 'other';
}

function main(): void {
  if (!existsSync(assetsDir)) {
    console.error(`bundle-size: ${assetsDir} is missing; run the build first (npm run bench without --no-build).`);
    process.exit(1);
  }
  const assets: Asset[] = walk(assetsDir)
    .filter((f) => statSync(f).isFile())
    .sort()
    .map((f) => {
      const data = readFileSync(f);
      return { file: relative(rendererDir, f), raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
    });

  const loads: Record<Entry, Set<string>> = { index: initialFiles('index'), applicant: initialFiles('applicant') };
  const roleOf = (file: string): string => {
    const inIndex = loads.index.has(file);
    const inApplicant = loads.applicant.has(file);
    return inIndex && inApplicant ? 'shared' : inIndex ? 'index' : inApplicant ? 'applicant' : 'lazy/other';
  };

  console.log('bundle-size benchmark: dist/renderer/assets (gzip level 9)\n');
  console.log(`  ${'file'.padEnd(40)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)}  loaded by`);
  for (const a of assets) {
    console.log(`  ${a.file.padEnd(40)} ${formatBytes(a.raw).padStart(11)} ${formatBytes(a.gzip).padStart(11)}  ${roleOf(a.file)}`);
  }

  const byKind = (k: 'js' | 'css') => total(assets.filter((a) => kind(a.file) === k));
  const js = byKind('js');
  const css = byKind('css');
  const all = total(assets);
  const perEntry = (entry: Entry) => {
    const files = assets.filter((a) => loads[entry].has(a.file));
    return {
      ...total(files),
      js: total(files.filter((a) => kind(a.file) === 'js')),
      css: total(files.filter((a) => kind(a.file) === 'css')),
      own: total(files.filter((a) => roleOf(a.file) === entry)),
    };
  };
  const index = perEntry('index');
  const applicant = perEntry('applicant');
  const shared = total(assets.filter((a) => roleOf(a.file) === 'shared'));
  const lazy = total(assets.filter((a) => roleOf(a.file) === 'lazy/other'));

  const line = (label: string, t: Totals) =>
    console.log(`  ${label.padEnd(40)} ${formatBytes(t.raw).padStart(11)} ${formatBytes(t.gzip).padStart(11)}  (${t.files} files)`);
  console.log('');
  line('JS total', js);
  line('CSS total', css);
  line('all assets', all);
  line('main window (index.html) up front', index);
  line('  of which only main window', index.own);
  line('applicant screen (applicant.html) up front', applicant);
  line('  of which only applicant screen', applicant.own);
  line('shared by both windows', shared);
  line('lazy / not loaded up front', lazy);

  emitResult({
    bench: 'bundle-size',
    js: { raw: js.raw, gzip: js.gzip, files: js.files },
    css: { raw: css.raw, gzip: css.gzip, files: css.files },
    total: { raw: all.raw, gzip: all.gzip, files: all.files },
    index: { raw: index.raw, gzip: index.gzip, js_gzip: index.js.gzip, css_gzip: index.css.gzip, own_gzip: index.own.gzip },
    applicant: { raw: applicant.raw, gzip: applicant.gzip, js_gzip: applicant.js.gzip, css_gzip: applicant.css.gzip, own_gzip: applicant.own.gzip },
    shared: { raw: shared.raw, gzip: shared.gzip, files: shared.files },
    lazy: { raw: lazy.raw, gzip: lazy.gzip, files: lazy.files },
    files: Object.fromEntries(assets.map((a) => [a.file, { raw: a.raw, gzip: a.gzip, loaded_by: roleOf(a.file) }])),
  });
}

main();
