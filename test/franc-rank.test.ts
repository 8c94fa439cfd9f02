import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { francAll } from 'franc';
import { describe, expect, it } from 'vitest';
import { francRank } from '../src/semantic/franc-rank.js';
import { ROOT } from './helpers/paths.js';

// The language identifier ranks candidates with francRank instead of francAll for speed; the
// two must agree exactly (languages, order and scores) on every text.
const ONLY_SETS = [
  ['eng', 'fra', 'spa', 'tur'],
  ['arb', 'pes', 'prs', 'pbu'],
  ['pes', 'prs'],
  ['rus', 'ukr'],
  ['eng'],
  [],
  ['cmn', 'eng'],
  ['heb', 'ydd', 'eng'],
];

function texts(): string[] {
  const out: string[] = [];
  for (const dir of ['corpora', 'corpora/real', 'test/probes']) {
    let files: string[] = [];
    try {
      files = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.jsonl'));
    } catch {
      continue;
    }
    for (const f of files) {
      for (const line of readFileSync(join(ROOT, dir, f), 'utf8').split('\n').slice(0, 150)) {
        try {
          const t = JSON.parse(line).text;
          if (typeof t === 'string') out.push(t);
        } catch {
          /* partial line of a file being written */
        }
      }
    }
  }
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const pieces = ['中文字符', 'שלום עולם', 'नमस्ते', '🚤🇮🇹', '\ud800', 'İSTANBUL', 'ΣΟΦΙΑΣ', 'ﷺ', '123 456', '!!!', 'ﬁ', 'Ǆ', '\u0000', 'ሰላም', 'ကြ'];
  for (let i = 0; i < 400; i++) {
    let s = '';
    const n = 1 + Math.floor(rand() * 8);
    for (let k = 0; k < n; k++) {
      const r = rand();
      if (r < 0.4 && out.length) s += out[Math.floor(rand() * out.length)]!.slice(0, Math.floor(rand() * 300));
      else if (r < 0.7) s += pieces[Math.floor(rand() * pieces.length)];
      else for (let j = 0; j < 10; j++) s += String.fromCodePoint(Math.floor(rand() * 0x2ffff));
      s += ' ';
    }
    out.push(s, s.repeat(20));
  }
  out.push('', 'a', 'İ'.repeat(3000), ' '.repeat(50), '1234567');
  return out;
}

describe('francRank', () => {
  it('equals francAll(text, { only, minLength: 1 }) exactly', () => {
    let checked = 0;
    for (const text of texts()) {
      for (const only of ONLY_SETS) {
        expect(francRank(text, only)).toEqual(francAll(text, { only, minLength: 1 }));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
