/**
 * No regular expression in src/ may backtrack catastrophically (exponential or polynomial in
 * the input's length): posts are written by people who want to evade or stall the scorer.
 *
 * Every regex literal and every `RegExp(...)` call in src/ is found by scanning the source
 * (test/robustness/regex-literals.ts) and checked with recheck's pure-JavaScript backend (in
 * this process, no Java, no native binary, no network). A `RegExp(...)` built from something
 * other than a literal must have a resolver below that yields the actual patterns, so a new
 * dynamic pattern cannot slip through unchecked. The lexicon matcher builds no regular
 * expressions from lexicon terms (it is a token trie); a `RegExp(...)` added there would fail
 * the "every dynamic pattern is resolved" test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { findRegexes, type FoundRegex } from './regex-literals.js';

// recheck reads its backend from the environment at each call: the pure Scala.js build, in process.
process.env.RECHECK_SYNC_BACKEND = 'pure';
const { checkSync } = await import('recheck');

const SRC = join(ROOT, 'src');
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(?:ts|js|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

/**
 * The patterns behind each `RegExp(...)` call, by the call's argument text. Each resolver
 * returns the real patterns the call builds.
 */
async function resolveConstructor(file: string, code: string, found: FoundRegex, literals: FoundRegex[]): Promise<Pattern[] | undefined> {
  const args = found.args!.replace(/\s+/g, ' ').trim();
  const where = `${relative(ROOT, file)}:${found.line}`;
  // `new RegExp(NAME.source, 'flags')` with NAME a literal of the same file.
  const same = /^([A-Za-z_$][\w$]*)\.source, '([a-z]*)'$/.exec(args);
  if (same) {
    const lines = code.split('\n');
    const def = literals.find((l) => new RegExp(`\\b(?:const|let|var) ${same[1]} =`).test(lines[l.line - 1] ?? '') || new RegExp(`\\b(?:const|let|var) ${same[1]} =\\s*$`).test(lines[l.line - 2] ?? ''));
    return def ? [{ where, source: def.source!, flags: same[2]! }] : undefined;
  }
  // franc-rank.ts: franc's own script expressions, recompiled with 'g'.
  if (file.endsWith('franc-rank.ts') && args === "expressions[s]!.source, 'g'") {
    const { expressions } = (await import('franc/expressions.js')) as { expressions: Record<string, RegExp> };
    return Object.entries(expressions).map(([name, re]) => ({ where: `${where} (franc expression ${name})`, source: re.source, flags: 'g' }));
  }
  return undefined;
}

async function collect(): Promise<{ patterns: Pattern[]; unresolved: string[]; invalid: string[] }> {
  const patterns: Pattern[] = [];
  const unresolved: string[] = [];
  const invalid: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const code = readFileSync(file, 'utf8');
    const found = findRegexes(code);
    const literals = found.filter((f) => f.kind === 'literal');
    for (const f of found) {
      const where = `${relative(ROOT, file)}:${f.line}`;
      if (f.kind === 'literal') {
        try {
          new RegExp(f.source!, f.flags);
        } catch (e) {
          invalid.push(`${where} /${f.source}/${f.flags}: ${(e as Error).message}`);
          continue;
        }
        patterns.push({ where, source: f.source!, flags: f.flags! });
      } else {
        const resolved = await resolveConstructor(file, code, f, literals);
        if (resolved) patterns.push(...resolved);
        else unresolved.push(`${where} RegExp(${f.args})`);
      }
    }
  }
  return { patterns, unresolved, invalid };
}

describe('the regex scanner', () => {
  it('tells regex literals from division, comments, strings and templates', () => {
    const code = [
      '#!/usr/bin/env node',
      'const a = b / c / d; // not /a regex/',
      "const s = 'a / b /' + \"/x/\" + `t / ${ x / 2 } ${ /in(side)?/.source } /u/`;",
      '/* a /comment/ */ const r = /[/\\]]+x\\//gu;',
      'if (count[b]! / n > 1) return /^ret$/.test(w);',
      'const f = (x) => x.replace(/\\.+$/, "");',
      "const dyn = new RegExp(NAME.source, 'g');",
    ].join('\n');
    const found = findRegexes(code);
    expect(found.map((f) => (f.kind === 'literal' ? `${f.line}:/${f.source}/${f.flags}` : `${f.line}:RegExp(${f.args})`))).toEqual([
      '3:/in(side)?/',
      '4:/[/\\]]+x\\//gu',
      '5:/^ret$/',
      '6:/\\.+$/',
      "7:RegExp(NAME.source, 'g')",
    ]);
  });
});

/**
 * Whether V8 itself is slow on recheck's attack string. recheck's fuzzer measures its own VM and
 * times its phases by the wall clock, so on a loaded machine it has, rarely, reported a linear
 * pattern (the bare-domain URL pattern) as quadratic. A polynomial attack is tens of thousands of
 * characters long: a real quadratic pattern takes seconds on it (`\s*x`: 3.5 s), a linear one
 * milliseconds. Exponential findings are not second-guessed (their check could take minutes).
 */
function confirmed(p: Pattern, attack: string): boolean {
  const re = new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`);
  const start = performance.now();
  let m: RegExpExecArray | null;
  while ((m = re.exec(attack)) !== null) if (m[0] === '') re.lastIndex++;
  return performance.now() - start > 500;
}

describe('no regular expression in src/ backtracks catastrophically', () => {
  it('finds the patterns, each a valid regex, every dynamic one resolved', async () => {
    const { patterns, unresolved, invalid } = await collect();
    expect(invalid).toEqual([]);
    expect(unresolved).toEqual([]);
    // The scanner is not blind: the scorer's own entity patterns are among those found.
    expect(patterns.some((p) => p.where.startsWith('src/semantic/entities/links.ts'))).toBe(true);
    expect(patterns.some((p) => p.where.includes('franc expression'))).toBe(true);
  });

  it('recheck finds every pattern safe (no exponential or polynomial backtracking)', async () => {
    const { patterns } = await collect();
    const findings: string[] = [];
    const seen = new Map<string, string>();
    for (const p of patterns) {
      const key = `/${p.source}/${p.flags}`;
      const known = seen.get(key);
      if (known === undefined) {
        // Generous timeout: the machine may be busy; an undecided pattern is a finding too.
        const d = checkSync(p.source, p.flags, { timeout: 60_000, randomSeed: 20261123 });
        const verdict =
          d.status === 'safe'
            ? ''
            : d.status === 'vulnerable'
              ? d.complexity.type === 'exponential' || confirmed(p, d.attack.string)
                ? `vulnerable (${d.complexity.type}${d.complexity.type === 'polynomial' ? `, degree ${d.complexity.degree}` : ''}), attack ${d.attack.pattern}`
                : ''
              : `undecided (${d.error.kind})`;
        seen.set(key, verdict);
        if (verdict) findings.push(`${p.where} ${key}: ${verdict}`);
      } else if (known) findings.push(`${p.where} ${key}: ${known}`);
    }
    expect(findings).toEqual([]);
  }, 600_000);
});
