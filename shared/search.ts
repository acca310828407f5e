import { pinyin } from 'pinyin-pro';

// Search by Chinese name, full pinyin and pinyin initials: clerks type `xse` for 新生儿.
// The index is built once per catalog version; each query is a few string scans.

interface Key {
  text: string;
  full: string;
  initials: string;
}

function keyOf(text: string): Key {
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) => s.toLowerCase().replace(/\s+/g, ''));
  return {
    text: text.toLowerCase(),
    full: syllables.join(''),
    initials: syllables.map((s) => s[0] ?? '').join(''),
  };
}

function score(k: Key, q: string): number {
  if (k.text.startsWith(q)) return 100;
  if (k.text.includes(q)) return 90;
  if (!/^[a-z0-9]+$/.test(q)) return 0;
  if (k.initials.startsWith(q)) return 80;
  if (k.full.startsWith(q)) return 75;
  if (k.initials.includes(q)) return 60;
  if (k.full.includes(q)) return 50;
  return 0;
}

export interface SearchIndex<T> {
  /** Best matches first; an empty query returns nothing. */
  search(query: string, limit?: number): T[];
}

/** `texts` gives the names an entry can be found by (its name first, aliases after). */
export function buildSearchIndex<T>(entries: readonly T[], texts: (e: T) => readonly string[]): SearchIndex<T> {
  const indexed = entries.map((entry) => ({ entry, keys: texts(entry).map(keyOf), length: texts(entry)[0]?.length ?? 0 }));
  return {
    search(query, limit = 20) {
      const q = query.trim().toLowerCase().replace(/\s+/g, '');
      if (!q) return [];
      const hits: { entry: T; s: number; length: number }[] = [];
      for (const it of indexed) {
        let best = 0;
        for (const k of it.keys) best = Math.max(best, score(k, q));
        if (best > 0) hits.push({ entry: it.entry, s: best, length: it.length });
      }
      hits.sort((a, b) => b.s - a.s || a.length - b.length);
      return hits.slice(0, limit).map((h) => h.entry);
    },
  };
}
