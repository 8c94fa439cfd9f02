// Template language: parse once into a small AST, then fill with a PRNG.
// Placeholders: {slot} {a|b|c} {?text} {num:MIN-MAX:STEP} {phone:CC} {digits:N} {handle} {name}
import { isKnownCountry, randomPhone } from './phones.js';
import { type Rng, pick, randInt } from './prng.js';

export type Node =
  | { t: 'text'; v: string }
  | { t: 'seq'; parts: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'opt'; body: Node }
  | { t: 'slot'; name: string }
  | { t: 'num'; min: number; max: number; step: number; decimals: number }
  | { t: 'phone'; cc: string }
  | { t: 'digits'; n: number }
  | { t: 'handle' }
  | { t: 'name' };

export class TemplateError extends Error {}

/** Split on top-level `sep` (outside nested braces). */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const decimalsOf = (s: string): number => (s.includes('.') ? s.split('.')[1]!.length : 0);

function parsePlaceholder(inner: string): Node {
  if (inner.startsWith('?')) return { t: 'opt', body: parseAltOrSeq(inner.slice(1)) };
  const alts = splitTop(inner, '|');
  if (alts.length > 1) return { t: 'alt', options: alts.map(parseSeq) };
  let m = /^num:(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(inner);
  if (m) {
    const min = Number(m[1]);
    const max = Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (!(step > 0) || max < min) throw new TemplateError(`bad range {${inner}}`);
    const decimals = Math.max(decimalsOf(m[1]!), decimalsOf(m[2]!), m[3] ? decimalsOf(m[3]) : 0);
    if (Math.ceil(min / step - 1e-9) * step > max + 1e-9) throw new TemplateError(`no multiple of ${step} in {${inner}}`);
    return { t: 'num', min, max, step, decimals };
  }
  m = /^phone:([A-Z]{2})$/.exec(inner);
  if (m) {
    if (!isKnownCountry(m[1]!)) throw new TemplateError(`no phone plan for country ${m[1]} in {${inner}}`);
    return { t: 'phone', cc: m[1]! };
  }
  m = /^digits:(\d+)$/.exec(inner);
  if (m) {
    const n = Number(m[1]);
    if (n < 1 || n > 40) throw new TemplateError(`bad digit count {${inner}}`);
    return { t: 'digits', n };
  }
  if (inner === 'handle') return { t: 'handle' };
  if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(inner)) return inner === 'name' ? { t: 'name' } : { t: 'slot', name: inner };
  throw new TemplateError(`cannot read placeholder {${inner}}`);
}

function parseAltOrSeq(s: string): Node {
  const alts = splitTop(s, '|');
  return alts.length > 1 ? { t: 'alt', options: alts.map(parseSeq) } : parseSeq(s);
}

export function parseSeq(s: string): Node {
  const parts: Node[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '}') throw new TemplateError(`unmatched '}' at character ${i} of "${s}"`);
    if (ch !== '{') {
      text += ch;
      i++;
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < s.length; j++) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}' && --depth === 0) break;
    }
    if (j >= s.length) throw new TemplateError(`unmatched '{' at character ${i} of "${s}"`);
    if (text) parts.push({ t: 'text', v: text });
    text = '';
    parts.push(parsePlaceholder(s.slice(i + 1, j)));
    i = j + 1;
  }
  if (text) parts.push({ t: 'text', v: text });
  return parts.length === 1 ? parts[0]! : { t: 'seq', parts };
}

/** Slot names referenced by a node (not following slot definitions). */
export function refs(node: Node, out = new Set<string>()): Set<string> {
  switch (node.t) {
    case 'seq':
      node.parts.forEach((p) => refs(p, out));
      break;
    case 'alt':
      node.options.forEach((p) => refs(p, out));
      break;
    case 'opt':
      refs(node.body, out);
      break;
    case 'slot':
      out.add(node.name);
      break;
    default:
  }
  return out;
}

export interface FillContext {
  rng: Rng;
  slots: Map<string, Node[]>;
  names: readonly string[];
  handleStems: readonly string[];
}

const MAX_DEPTH = 40;

export function fill(node: Node, ctx: FillContext, depth = 0): string {
  if (depth > MAX_DEPTH) throw new TemplateError('placeholders nested too deep (cycle?)');
  const { rng } = ctx;
  switch (node.t) {
    case 'text':
      return node.v;
    case 'seq':
      return node.parts.map((p) => fill(p, ctx, depth + 1)).join('');
    case 'alt':
      return fill(pick(rng, node.options), ctx, depth + 1);
    case 'opt':
      return rng() < 0.5 ? fill(node.body, ctx, depth + 1) : '';
    case 'slot': {
      const values = ctx.slots.get(node.name);
      if (!values) throw new TemplateError(`unknown slot {${node.name}}`);
      return fill(pick(rng, values), ctx, depth + 1);
    }
    case 'name': {
      const values = ctx.slots.get('name');
      return values ? fill(pick(rng, values), ctx, depth + 1) : pick(rng, ctx.names);
    }
    case 'num': {
      const lo = Math.ceil(node.min / node.step - 1e-9);
      const hi = Math.floor(node.max / node.step + 1e-9);
      return (randInt(rng, lo, hi) * node.step).toFixed(node.decimals);
    }
    case 'phone':
      return randomPhone(rng, node.cc).text;
    case 'digits': {
      let s = '';
      for (let k = 0; k < node.n; k++) s += String(randInt(rng, 0, 9));
      return s;
    }
    case 'handle': {
      const own = ctx.slots.get('handle');
      if (own) return fill(pick(rng, own), ctx, depth + 1);
      const stem = pick(rng, ctx.handleStems);
      const sep = pick(rng, ['_', '', '.', '_']);
      const tail = rng() < 0.75 ? String(randInt(rng, 1, 999)) : pick(rng, ['official', 'vip', 'eu', 'travel', 'uk']);
      return `@${stem}${sep}${tail}`;
    }
  }
}

/** Collapse whitespace: runs of spaces become one space, spaces around line breaks go,
 *  a space left before , or . by an empty optional goes. */
export function collapseWhitespace(s: string): string {
  return s
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/(\S) +([,.](?!\.)(?=\s|$))/gu, '$1$2')
    .trim();
}
