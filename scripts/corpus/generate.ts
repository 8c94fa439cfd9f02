// Corpus generator: corpora/templates/<lang>.json -> corpora/<lang>.jsonl
// Usage: npx tsx scripts/corpus/generate.ts [--check] [--by-category] [--templates DIR] [--out DIR]
//   --check          validate and report, write nothing
//   --by-category    also print label x category x split counts
//   --templates DIR  read templates from DIR (default corpora/templates)
//   --out DIR        write <lang>.jsonl into DIR (default corpora)
// Output is byte-identical between runs (fixed seed, one PRNG per scenario id).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNodeAtLocation, type ParseError, parse as parseJsonc, parseTree, printParseErrorCode } from 'jsonc-parser';
import { DEFAULT_NAMES, HANDLE_STEMS } from './names.js';
import { applyNoise } from './noise.js';
import { rngFor } from './prng.js';
import { SIGNATURE_P, signChannel } from './signature.js';
import { type Scenario, SPLITS, TemplateFileSchema } from './schema.js';
import { collapseWhitespace, fill, type Node, parseSeq, refs, TemplateError } from './template.js';

export const SEED = 1055;
/** A scenario gets up to count * RETRY_FACTOR attempts to produce `count` distinct items. */
const RETRY_FACTOR = 6;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_TEMPLATE_DIR = join(ROOT, 'corpora', 'templates');
const DEFAULT_OUT_DIR = join(ROOT, 'corpora');

export interface Item {
  id: string;
  text: string;
  lang: string;
  label: string;
  category: string;
  split: string;
  source: string;
}

class FileError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('\n'));
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Read, validate and compile one template file; throws FileError listing every problem. */
function loadTemplateFile(path: string) {
  const raw = readFileSync(path, 'utf8');
  const file = basename(path);
  const errs: ParseError[] = [];
  const json: unknown = parseJsonc(raw, errs, { disallowComments: true, allowTrailingComma: false });
  if (errs.length) {
    throw new FileError(errs.map((e) => `${file}:${lineOf(raw, e.offset)}: JSON syntax error ${printParseErrorCode(e.error)}`));
  }
  const tree = parseTree(raw);
  const at = (p: (string | number)[]): string => {
    let node = tree ? findNodeAtLocation(tree, p) : undefined;
    for (let k = p.length; !node && k > 0 && tree; k--) node = findNodeAtLocation(tree, p.slice(0, k - 1));
    return `${file}:${node ? lineOf(raw, node.offset) : 1}`;
  };
  const parsed = TemplateFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new FileError(
      parsed.error.issues.map((i) => `${at(i.path as (string | number)[])}: ${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const data = parsed.data;
  const problems: string[] = [];
  const expectedLang = basename(path, '.json');
  if (data.language !== expectedLang) problems.push(`${at(['language'])}: language "${data.language}" does not match file name ${file}`);

  const slots = new Map<string, Node[]>();
  for (const [name, values] of Object.entries(data.slots)) {
    const nodes: Node[] = [];
    values.forEach((val, i) => {
      try {
        nodes.push(parseSeq(val));
      } catch (e) {
        problems.push(`${at(['slots', name, i])}: slots.${name}[${i}]: ${(e as Error).message}`);
      }
    });
    slots.set(name, nodes);
  }
  const checkRefs = (node: Node, where: string) => {
    for (const r of refs(node)) if (!slots.has(r)) problems.push(`${where}: unknown slot {${r}}`);
  };
  for (const [name, nodes] of slots) nodes.forEach((n, i) => checkRefs(n, `${at(['slots', name, i])}: slots.${name}[${i}]`));
  // cycles between slots
  const state = new Map<string, 1 | 2>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 2) return;
    if (state.get(name) === 1) {
      problems.push(`${at(['slots', name])}: slot cycle ${[...trail, name].join(' -> ')}`);
      return;
    }
    state.set(name, 1);
    for (const n of slots.get(name) ?? []) for (const r of refs(n)) if (slots.has(r)) visit(r, [...trail, name]);
    state.set(name, 2);
  };
  for (const name of slots.keys()) visit(name, []);

  const scenarios: { sc: Scenario; templates: Node[] }[] = [];
  const ids = new Set<string>();
  data.scenarios.forEach((sc, si) => {
    if (ids.has(sc.id)) problems.push(`${at(['scenarios', si, 'id'])}: duplicate scenario id ${sc.id}`);
    ids.add(sc.id);
    const templates: Node[] = [];
    sc.templates.forEach((t, ti) => {
      const where = `${at(['scenarios', si, 'templates', ti])}: scenarios[${si}] (${sc.id}).templates[${ti}]`;
      try {
        const node = parseSeq(t);
        checkRefs(node, where);
        templates.push(node);
      } catch (e) {
        problems.push(`${where}: ${(e as Error).message}`);
      }
    });
    scenarios.push({ sc, templates });
  });
  if (problems.length) throw new FileError(problems);
  return { lang: data.language, slots, scenarios };
}

const normKey = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

interface LangResult {
  lang: string;
  items: Item[];
  warnings: string[];
}

function generateLanguage(path: string): LangResult {
  const { lang, slots, scenarios } = loadTemplateFile(path);
  const names = DEFAULT_NAMES[lang] ?? DEFAULT_NAMES.en!;
  const seen = new Map<string, { scenario: string; label: string }>();
  const items: Item[] = [];
  const warnings: string[] = [];
  for (const { sc, templates } of scenarios) {
    const fillRng = rngFor(SEED, lang, sc.id, 'fill');
    const noiseRng = rngFor(SEED, lang, sc.id, 'noise');
    // Its own stream, so signing leaves every other draw, and every unsigned item, as it was.
    const signRng = rngFor(SEED, lang, sc.id, 'signature');
    const ctx = { rng: fillRng, slots, names, handleStems: HANDLE_STEMS };
    const idBase = sc.id.startsWith(`${lang}-`) ? sc.id : `${lang}-${sc.id}`;
    let kept = 0;
    let crossDup = 0;
    for (let attempt = 0; attempt < sc.count * RETRY_FACTOR && kept < sc.count; attempt++) {
      let text: string;
      try {
        text = collapseWhitespace(fill(templates[Math.floor(fillRng() * templates.length)]!, ctx));
      } catch (e) {
        if (e instanceof TemplateError) throw new FileError([`${basename(path)}: scenario ${sc.id}: ${e.message}`]);
        throw e;
      }
      if (!text) continue;
      const key = normKey(text);
      const prev = seen.get(key);
      if (prev) {
        if (prev.scenario !== sc.id) {
          crossDup++;
          if (prev.label !== sc.label) warnings.push(`${lang}: same text with both labels (${prev.scenario}, ${sc.id}): ${text}`);
        }
        continue;
      }
      seen.set(key, { scenario: sc.id, label: sc.label });
      const noisy = applyNoise(noiseRng, text, lang);
      const tags: string[] = [...noisy.tags];
      let itemText = noisy.text;
      if (signRng() < SIGNATURE_P && sc.split === 'train') {
        itemText = signChannel(signRng, itemText, lang);
        tags.push('signature');
      }
      kept++;
      items.push({
        id: `${idBase}-${kept}`,
        text: itemText,
        lang,
        label: sc.label,
        category: sc.category,
        split: sc.split,
        source: `template:${sc.id}${tags.map((t) => `+${t}`).join('')}`,
      });
    }
    if (kept < sc.count) warnings.push(`${lang}: scenario ${sc.id} produced ${kept}/${sc.count} distinct items (add templates or slot values)`);
    if (crossDup) warnings.push(`${lang}: scenario ${sc.id}: ${crossDup} fills duplicated another scenario's text`);
  }
  warnings.push(...splitWarnings(lang, scenarios.map((s) => s.sc)));
  return { lang, items, warnings };
}

/** Advisory checks on how scenarios are spread over splits. */
function splitWarnings(lang: string, scs: Scenario[]): string[] {
  const out: string[] = [];
  for (const label of ['smuggling', 'benign']) {
    const mine = scs.filter((s) => s.label === label);
    if (!mine.length) continue;
    const share = SPLITS.map((sp) => mine.filter((s) => s.split === sp).length / mine.length);
    if (share[0]! < 0.45 || share[0]! > 0.75 || share[1]! < 0.1 || share[2]! < 0.1) {
      out.push(`${lang}/${label}: scenario split shares train/dev/test = ${share.map((x) => x.toFixed(2)).join('/')}`);
    }
    for (const cat of [...new Set(mine.map((s) => s.category))].sort()) {
      const missing = SPLITS.filter((sp) => !mine.some((s) => s.category === cat && s.split === sp));
      if (missing.length) out.push(`${lang}/${label}/${cat}: no scenario in ${missing.join(', ')}`);
    }
  }
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

function report(results: LangResult[], byCategory: boolean): string {
  const rows: string[][] = [['lang', 'label', 'train', 'dev', 'test', 'total']];
  for (const { lang, items } of results) {
    for (const label of ['smuggling', 'benign']) {
      const xs = items.filter((i) => i.label === label);
      rows.push([lang, label, ...SPLITS.map((sp) => String(xs.filter((i) => i.split === sp).length)), String(xs.length)]);
    }
    rows.push([lang, 'all', ...SPLITS.map((sp) => String(items.filter((i) => i.split === sp).length)), String(items.length)]);
  }
  let out = table(rows);
  if (byCategory) {
    for (const { lang, items } of results) {
      const crow: string[][] = [['category', 'label', 'train', 'dev', 'test', 'total']];
      const cats = [...new Set(items.map((i) => `${i.label}\u0000${i.category}`))].sort();
      for (const k of cats) {
        const [label, cat] = k.split('\u0000') as [string, string];
        const xs = items.filter((i) => i.label === label && i.category === cat);
        crow.push([cat, label, ...SPLITS.map((sp) => String(xs.filter((i) => i.split === sp).length)), String(xs.length)]);
      }
      out += `\n\n[${lang}]\n${table(crow)}`;
    }
  }
  return out;
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const byCategory = argv.includes('--by-category');
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const TEMPLATE_DIR = resolve(opt('--templates') ?? DEFAULT_TEMPLATE_DIR);
  const OUT_DIR = resolve(opt('--out') ?? DEFAULT_OUT_DIR);
  const files = readdirSync(TEMPLATE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const results: LangResult[] = [];
  let failed = 0;
  for (const f of files) {
    try {
      const r = generateLanguage(join(TEMPLATE_DIR, f));
      results.push(r);
      for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
      if (!check) {
        const body = r.items.map((i) => JSON.stringify(i)).join('\n') + (r.items.length ? '\n' : '');
        writeFileSync(join(OUT_DIR, `${r.lang}.jsonl`), body, 'utf8');
      }
    } catch (e) {
      failed++;
      const msgs = e instanceof FileError ? e.messages : [`${f}: ${(e as Error).stack ?? String(e)}`];
      process.stderr.write(`error: ${f} is invalid, ${check ? 'nothing checked' : 'nothing written'} for it:\n${msgs.map((m) => `  ${m}`).join('\n')}\n`);
    }
  }
  if (results.length) process.stderr.write(`${report(results, byCategory)}\n`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
