/**
 * `npm run bench:signatures`: does a channel signature change the verdict?
 *
 * Telegram channels end posts with their handle or link, whatever the post says. Each item of
 * the dev split and of the real-text set is scored as written and again with one signature
 * appended, in five forms: a bare handle, a "subscribe" line with a handle, a t.me link, a
 * "subscribe" line with a t.me link, and (as a control the corpus generator never adds) a
 * WhatsApp number. A robust scorer flags about as many benign and risk items with a signature
 * as without one. The handles and phrases here are not the generator's (scripts/corpus/
 * signature.ts), so a model that learned the generator's channel names gains nothing.
 *
 * Prints a table and writes `## Channel signatures` into bench/RESULTS.md (only that section).
 * Options: --no-write, --model-dir DIR (a directory with model.json and features.json).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus, type CorpusItem } from '../src/data/labelled.js';
import { createScorer } from '../src/index.js';
import { flagArg, stringArg } from './args.js';
import { writeResultsSection } from './results-file.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const modelDir = stringArg('model-dir');
const scorer = createScorer(modelDir ? { modelPath: join(modelDir, 'model.json'), featuresPath: join(modelDir, 'features.json') } : {});

const HANDLES = ['border_news_daily', 'migrant_help', 'refugee_info_channel', 'sahara_reports', 'nasim_tv', 'balkan_watch24', 'diaspora_voice', 'route_updates'];
const SUBSCRIBE: Record<string, string> = {
  en: 'Subscribe to the channel', fr: 'Abonnez-vous à la chaîne', es: 'Suscríbete al canal', tr: 'Kanala abone olun',
  ru: 'Подписывайтесь на канал', ar: 'للاشتراك بالقناة', fa: 'لینک کانال', prs: 'لینک کانال', ps: 'د چینل لینک',
};
type Form = (text: string, lang: string, i: number) => string;
const handle = (i: number) => HANDLES[i % HANDLES.length]!;
const FORMS: [string, Form][] = [
  ['as written', (t) => t],
  ['+ @handle', (t, _l, i) => `${t}\n\n@${handle(i)}`],
  ['+ subscribe @handle', (t, l, i) => `${t}\n${SUBSCRIBE[l] ?? SUBSCRIBE.en} @${handle(i)}`],
  ['+ t.me link', (t, _l, i) => `${t}\nhttps://t.me/${handle(i)}`],
  ['+ subscribe t.me link', (t, l, i) => `${t}\n${SUBSCRIBE[l] ?? SUBSCRIBE.en}: t.me/${handle(i)}`],
  ['+ WhatsApp number (control)', (t) => `${t}\nWhatsApp +49 151 2345 6789`],
];

const sets: [string, CorpusItem[]][] = [
  ['dev split', loadCorpus(join(ROOT, 'corpora')).items.filter((i) => i.split === 'dev')],
  ['real-text set', loadCorpus(join(ROOT, 'corpora/real')).items],
];

const rows: string[] = [];
const line = (cells: string[]) => rows.push(`${cells[0]!.padEnd(16)}${cells[1]!.padEnd(30)}${cells.slice(2).map((c) => c.padStart(18)).join('')}`);
line(['set', 'signature', 'benign flagged', 'risk flagged']);
for (const [name, items] of sets) {
  const benign = items.filter((i) => i.label === 'benign');
  const risk = items.filter((i) => i.label === 'smuggling');
  const flagged = (xs: CorpusItem[], form: Form) => xs.filter((x, i) => scorer.score({ text: form(x.text, x.lang ?? 'en', i), lang: x.lang }).flagged).length;
  for (const [label, form] of FORMS) {
    const b = flagged(benign, form);
    const r = flagged(risk, form);
    line([name, label, `${b}/${benign.length} (${(b / benign.length).toFixed(3)})`, `${r}/${risk.length} (${(r / risk.length).toFixed(3)})`]);
  }
}
const model = scorer.versions.model;
const table = rows.join('\n');
process.stdout.write(`model ${model}\n${table}\n`);
if (!flagArg('no-write')) {
  const section = `## Channel signatures\n\nModel \`${model}\`, measured by \`npm run bench:signatures\` (bench/signatures.ts); the language is given, as in the corpora. Benign flagged is the false-positive count, risk flagged the recall count.\n\n\`\`\`\n${table}\n\`\`\`\n`;
  writeResultsSection(join(ROOT, 'bench/RESULTS.md'), 'Channel signatures', section);
}
