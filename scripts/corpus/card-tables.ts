// Prints the count tables of the data card (corpora/README.md) from corpora/<lang>.jsonl.
// Usage: npx tsx scripts/corpus/card-tables.ts [DIR]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'corpora';
const items = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>));
const langs = [...new Set(items.map((i) => i.lang!))];
const count = (pred: (i: Record<string, string>) => boolean) => items.filter(pred).length;
const splits = ['train', 'dev', 'test'];

const out: string[] = ['| lang | smuggling train/dev/test | benign train/dev/test | total |', '| --- | --- | --- | ---: |'];
for (const lang of [...langs, 'all']) {
  const mine = (i: Record<string, string>) => lang === 'all' || i.lang === lang;
  const cell = (label: string) => splits.map((s) => count((i) => mine(i) && i.label === label && i.split === s)).join(' / ');
  out.push(`| ${lang} | ${cell('smuggling')} | ${cell('benign')} | ${count(mine)} |`);
}
out.push('', `| category | label | ${langs.join(' | ')} | total |`, `| --- | --- | ${langs.map(() => '---:').join(' | ')} | ---: |`);
// Risk categories first, then benign ones, each alphabetical.
const categories = [...new Set(items.map((i) => `${i.label === 'smuggling' ? 0 : 1}\t${i.label}\t${i.category}`))].sort().map((k) => k.slice(2));
for (const key of categories) {
  const [label, category] = key.split('\t');
  const row = langs.map((l) => count((i) => i.lang === l && i.category === category && i.label === label));
  out.push(`| ${category} | ${label} | ${row.join(' | ')} | ${row.reduce((a, b) => a + b, 0)} |`);
}
const scenarios = new Set(items.map((i) => i.source!.split('+')[0]));
out.push('', `${items.length} items from ${scenarios.size} scenarios.`);
console.log(out.join('\n'));
