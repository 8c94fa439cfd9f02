#!/usr/bin/env node
/**
 * Before/after equivalence check for speed work: scores a fixed, varied set of posts with a
 * given build and writes every assessment (or thrown error) as one JSON line. Run it with the
 * old build and the new one on the same frozen lexicons and model, then compare the files
 * byte for byte:
 *
 *   node bench/same-output.mjs --dist OLD/dist --lexicon-dir L --model-dir M --data D --out before.ndjson
 *   node bench/same-output.mjs --dist dist     --lexicon-dir L --model-dir M --data D --out after.ndjson
 *   cmp before.ndjson after.ndjson
 *
 * `--data` is a directory of *.jsonl files with `text` (and optionally `id`, `lang`); default
 * corpora/ and test/probes/. The post set: every text as is, with its language given, and a
 * few thousand seeded variants (obfuscations, noise, lexicon terms glued together, long posts,
 * lone surrogates, zero-width characters, URLs, handles, e-mails, phones, amounts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const root = new URL('..', import.meta.url).pathname;
const dist = resolve(args.dist ?? join(root, 'dist'));
const lexiconDir = args['lexicon-dir'] ? resolve(args['lexicon-dir']) : undefined;
const modelDir = args['model-dir'] ? resolve(args['model-dir']) : undefined;
const dataDirs = args.data ? [resolve(args.data)] : [join(root, 'corpora'), join(root, 'corpora/real'), join(root, 'test/probes')];
const out = args.out ?? '/dev/stdout';

const { createScorer } = await import(pathToFileURL(join(dist, 'index.js')).href);
const { loadLexicons } = await import(pathToFileURL(join(dist, 'semantic/lexicon/load.js')).href);

const base = {
  ...(lexiconDir ? { lexiconDir } : {}),
  ...(modelDir ? { modelPath: join(modelDir, 'model.json'), featuresPath: join(modelDir, 'features.json') } : {}),
};

// ---- posts -------------------------------------------------------------------------------
const records = [];
for (const dir of dataDirs) {
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line);
        if (typeof r.text === 'string') records.push({ id: String(r.id ?? records.length), text: r.text, lang: r.lang });
      } catch {
        /* a file being written: skip the line */
      }
    }
  }
}

let seed = 0x9e3779b9;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];

const bundle = loadLexicons(lexiconDir);
process.stderr.write(`lexicons ${bundle.version} (${bundle.termKeys ? 'compiled' : 'loaded from files'})\n`);
const terms = [
  ...bundle.lexicons.flatMap((l) => l.entries.flatMap((e) => [...e.terms, ...(e.arabizi ?? [])])),
  ...bundle.apps.flatMap((a) => a.terms),
  ...bundle.places.flatMap((p) => p.terms),
  ...bundle.currencies.flatMap((c) => [...c.terms, ...c.symbols]),
  ...bundle.emoji.map((e) => e.chars),
  '+218 91 726 7022', '00905376737968', '٠٠٢١٨٩١٧٢٦٧٠٢٢', '3000$', '€ 2.500', '2 500 €', '5 ألف دولار', '1500 евро', '3k euros',
  '@smuggler_99', 't.me/some_channel', 'https://wa.me/218917267022', 'www.example.com/x?y=1.', 'boss@mail.example.com',
  '(0535) 123 45 67', '07981 289370', '+33 7 51 45 92 68', '+57 3 1 2 . 4 4 8 . 9 0 1 1', 'ri7la', 'ta2min', '3nd', 'w h a t s a p p',
];
const obfuscations = [
  (s) => s,
  (s) => s,
  (s) => [...s].join('\u200b'),
  (s) => [...s].join(' '),
  (s) => [...s].join('.'),
  (s) => s.toUpperCase(),
  (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))),
  (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d))),
  (s) => s.replace(/o/g, 'о').replace(/a/g, 'а').replace(/e/g, 'е'),
  (s) => `\u202e${s}\u202c`,
  (s) => s.replace(/(.)/gu, '$1$1'),
  (s) => s.normalize('NFD'),
  (s) => s.replace(/ا/g, 'اـ'),
];
const noise = [
  '\ud800', '\udfff', '\u0000', '\u202e', '\u200d', '🚤', '🇮🇹', '🇹🇷➡️🇬🇷', 'ـــ', '\u0301\u0301\u0301', '\r\n', ' ', '...', '!!!',
  'ﷺ', 'ﬁ', 'Ⅻ', '①', 'ß', 'İstanbul', 'ǅ', '😀😀', '\t', '½', '%', '#tag', '12:30', '1.000.000', '100%', 'x'.repeat(70),
];
const randomUnicode = () => {
  let s = '';
  const n = Math.floor(rand() * 12);
  for (let i = 0; i < n; i++) {
    const r = rand();
    const cp = r < 0.5 ? 0x20 + Math.floor(rand() * 0x60) : r < 0.8 ? 0x600 + Math.floor(rand() * 0x100) : r < 0.9 ? 0x400 + Math.floor(rand() * 0x100) : Math.floor(rand() * 0x2ffff);
    s += String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff && rand() < 0.5 ? 0x41 : cp);
  }
  return s;
};

const posts = [];
for (const r of records) {
  posts.push(r.text);
  posts.push({ id: r.id, text: r.text, ...(r.lang ? { lang: r.lang } : {}) });
}
for (let i = 0; i < 2500; i++) {
  const parts = [];
  const n = 1 + Math.floor(rand() * 14);
  for (let k = 0; k < n; k++) {
    const r = rand();
    if (r < 0.55) parts.push(pick(obfuscations)(pick(terms)));
    else if (r < 0.7) parts.push(pick(noise));
    else if (r < 0.85) parts.push(randomUnicode());
    else parts.push(pick(records).text.slice(0, Math.floor(rand() * 200)));
  }
  posts.push(parts.join(pick([' ', ' ', '', ', ', '\n', '.'])));
}
// Long posts: concatenated records, and one article-length text per language mix.
for (let i = 0; i < 60; i++) {
  let s = '';
  while (s.length < 2000 + i * 150) s += pick(records).text + pick([' ', '\n', '. ']);
  posts.push(s);
}
posts.push('', ' ', '\ud800', '🚤', 'ab', 'x'.repeat(5000), '1'.repeat(40), '+'.repeat(30) + '1'.repeat(30), '@'.repeat(50) + 'a.com');

// ---- scoring -------------------------------------------------------------------------------
const scorers = [
  ['default', createScorer(base)],
  ['restricted', createScorer({ ...base, languages: ['ar', 'fa', 'en', 'fr'] })],
  ['small', createScorer({ ...base, maxTextLength: 120, maxSpansPerSignal: 2, threshold: 0.3 })],
];
const lines = [];
const hash = createHash('sha256');
for (const [name, s] of scorers) {
  for (let i = 0; i < posts.length; i++) {
    // The restricted and small scorers see every third post: enough to cover their branches.
    if (name !== 'default' && i % 3 !== 0) continue;
    let line;
    try {
      line = JSON.stringify(s.score(posts[i]));
    } catch (err) {
      line = JSON.stringify({ error: String(err && err.message) });
    }
    line = `${name}\t${i}\t${line.replace(/"library":"[^"]*"/, '"library":"*"')}`;
    lines.push(line);
    hash.update(line).update('\n');
  }
}
writeFileSync(out, lines.join('\n') + '\n');
process.stderr.write(`${posts.length} posts, ${lines.length} assessments, sha256 ${hash.digest('hex').slice(0, 16)}\n`);
