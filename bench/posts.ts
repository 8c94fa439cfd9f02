/**
 * The posts the speed benches run on: the labelled rows of corpora/ and test/probes/, by
 * language, and the short posts (60..220 characters, up to 300 per language) that
 * bench/speed.ts and bench/threads.ts both measure.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const LANGS = ['en', 'fr', 'es', 'tr', 'ar', 'fa', 'prs', 'ps', 'ru'];

export interface Row {
  text: string;
  lang?: string;
  label?: string;
  split?: string;
}

/** Every row with a string `text` of the directory's `.jsonl` files, in file-name order. */
export function readJsonl(dir: string): Row[] {
  if (!existsSync(dir)) return [];
  const rows: Row[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(`${dir}/${f}`, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as Row;
        if (typeof r.text === 'string') rows.push(r);
      } catch {
        /* a line of a file being written */
      }
    }
  }
  return rows;
}

/** The texts of the rows of each of `LANGS`. */
export function textsByLanguage(rows: readonly Row[]): Map<string, string[]> {
  const byLang = new Map<string, string[]>();
  for (const r of rows) if (r.lang && LANGS.includes(r.lang)) (byLang.get(r.lang) ?? byLang.set(r.lang, []).get(r.lang)!).push(r.text);
  return byLang;
}

/** The short posts: 60..220 characters, up to 300 per language, languages in `LANGS` order. */
export function shortPosts(byLang: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const lang of LANGS) out.push(...(byLang.get(lang) ?? []).filter((t) => t.length >= 60 && t.length <= 220).slice(0, 300));
  return out;
}

/** `count` NDJSON lines `{ id, text }` cycling through `posts`. */
export function ndjsonLines(posts: readonly string[], count: number): string[] {
  const lines: string[] = [];
  while (lines.length < count) for (const p of posts) lines.push(JSON.stringify({ id: String(lines.length), text: p }));
  return lines.slice(0, count);
}
