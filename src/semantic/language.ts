/**
 * Language identification: script counts first, then the letters that only one language of
 * the script uses, then vocabulary markers (Dari vs Iranian Persian), and franc only among the
 * few languages the script allows, on a bounded sample. Never the 187-language default.
 */
import { compileDialectMarkers } from './dialect.js';
import { francRank } from './franc-rank.js';
import { scriptOf, type Script } from './script.js';
import type { Token } from './tokenise.js';

export interface LanguageResult {
  /** ISO 639 code (`ar`, `fa`, `prs`, `ps`, `ru`, `uk`, `en`, `fr`, `es`, `tr`) or `und`. */
  code: string;
  /** In [0, 1]: share of letters in the script, times how clearly the candidates separate. */
  confidence: number;
  /** Which evidence decided. */
  method: 'given' | 'script' | 'letters' | 'markers' | 'default' | 'franc' | 'arabizi' | 'none';
}

export interface LanguageProfile {
  code: string;
  script: 'latin' | 'cyrillic' | 'arabic';
  franc: string;
  letters?: string | undefined;
  /** The language is only considered when some of its own letters occur. */
  requiresLetters?: boolean | undefined;
}

export interface LanguageIdentifier {
  identify(text: string, tokens: readonly Token[], arabiziWords: number): LanguageResult;
}

const MIN_LETTERS = 3;
const FRANC_SAMPLE = 2000;
// Letters that Persian-script keyboards produce and Arabic ones do not, and the reverse.
const PERSIAN_LETTERS = new Set([...'پچژگیک']);
const ARABIC_LETTERS = new Set([...'يكةى']);

const round = (x: number) => Math.round(x * 1000) / 1000;

export function createLanguageIdentifier(
  profiles: readonly LanguageProfile[],
  markers: Readonly<Record<string, readonly string[]>>,
): LanguageIdentifier {
  const byScript = new Map<Script, LanguageProfile[]>();
  for (const p of profiles) {
    const list = byScript.get(p.script) ?? [];
    list.push(p);
    byScript.set(p.script, list);
  }
  const known = new Set(profiles.map((p) => p.code));
  const dialect = compileDialectMarkers(markers, known);

  function francPick(text: string, candidates: readonly LanguageProfile[]): { code: string; margin: number } {
    const only = candidates.map((c) => c.franc);
    // Same ranking as francAll(sample, { only, minLength: 1 }), without its per-call overhead.
    const ranked = francRank(text.slice(0, FRANC_SAMPLE), only);
    const top = ranked[0];
    const found = top && top[0] !== 'und' ? candidates.find((c) => c.franc === top[0]) : undefined;
    if (!found) return { code: candidates[0]!.code, margin: 0 };
    const second = ranked[1]?.[1] ?? 0;
    return { code: found.code, margin: 1 - second };
  }

  // Per UTF-16 unit of the text: its script (bits 0-2), whether its lower case is a Persian or
  // an Arabic keyboard letter (bits 3, 4) and which distinctive letter it is (bits 5+, 1-based).
  // Filled lazily; this replaces a lower-casing and a map update per character.
  const SCRIPT_CODES: Script[] = ['latin', 'cyrillic', 'greek', 'arabic', 'other'];
  const letterIndex = new Map<string, number>();
  for (const p of profiles) for (const ch of p.letters ?? '') if (!letterIndex.has(ch)) letterIndex.set(ch, letterIndex.size);
  const candidateLetters = new Map<LanguageProfile, number[]>();
  for (const p of profiles) if (p.letters) candidateLetters.set(p, [...p.letters].map((ch) => letterIndex.get(ch)!));
  let unitInfo: Int32Array | undefined;
  const infoOf = (cp: number): number => {
    unitInfo ??= new Int32Array(0x10000).fill(-1);
    let info = unitInfo[cp]!;
    if (info >= 0) return info;
    const s = scriptOf(cp);
    info = SCRIPT_CODES.indexOf(s);
    if (s !== 'other') {
      const ch = String.fromCharCode(cp).toLowerCase();
      if (PERSIAN_LETTERS.has(ch)) info |= 8;
      else if (ARABIC_LETTERS.has(ch)) info |= 16;
      const li = letterIndex.get(ch);
      if (li !== undefined) info |= (li + 1) << 5;
    }
    unitInfo[cp] = info;
    return info;
  };
  const letterCounts = new Int32Array(letterIndex.size);

  function identify(text: string, tokens: readonly Token[], arabiziWords: number): LanguageResult {
    const counts: Record<Script, number> = { latin: 0, cyrillic: 0, greek: 0, arabic: 0, other: 0 };
    let latin = 0;
    let cyrillic = 0;
    let greek = 0;
    let arabicScript = 0;
    let persian = 0;
    let arabic = 0;
    let letters = 0;
    letterCounts.fill(0);
    const limit = Math.min(text.length, 20000);
    for (let i = 0; i < limit; i++) {
      const info = infoOf(text.charCodeAt(i));
      const s = info & 7;
      if (s === 4) continue;
      letters++;
      if (s === 0) latin++;
      else if (s === 1) cyrillic++;
      else if (s === 2) greek++;
      else arabicScript++;
      if (info & 8) persian++;
      else if (info & 16) arabic++;
      if (info >= 32) letterCounts[(info >> 5) - 1]!++;
    }
    counts.latin = latin;
    counts.cyrillic = cyrillic;
    counts.greek = greek;
    counts.arabic = arabicScript;
    if (letters < MIN_LETTERS) return { code: 'und', confidence: 0, method: 'none' };
    let script: Script = 'latin';
    for (const s of ['arabic', 'cyrillic', 'latin'] as const) if (counts[s] > counts[script]) script = s;
    const share = counts[script] / letters;
    const lengthFactor = Math.min(1, counts[script] / 20);
    let candidates = byScript.get(script) ?? [];
    if (candidates.length === 0) return { code: 'und', confidence: 0, method: 'none' };

    if (script === 'latin' && known.has('ar') && arabiziWords >= 2) {
      return { code: 'ar', confidence: round(share * Math.min(1, arabiziWords / 4)), method: 'arabizi' };
    }
    if (candidates.length === 1) {
      return { code: candidates[0]!.code, confidence: round(share * lengthFactor), method: 'script' };
    }
    // Letters only one candidate uses (Pashto ټ ځ ښ, Ukrainian і ї є, Turkish ğ ş ı).
    const ownLetters = (c: LanguageProfile) => {
      let n = 0;
      for (const k of candidateLetters.get(c) ?? []) n += letterCounts[k]!;
      return n;
    };
    for (const c of candidates) {
      const n = ownLetters(c);
      if (n >= 2 && n / counts[script] >= 0.01) {
        return { code: c.code, confidence: round(share * Math.min(1, n / 4) * lengthFactor), method: 'letters' };
      }
    }
    // A language whose writing always shows its own letters is out when none occur.
    const remaining = candidates.filter((c) => !c.requiresLetters || ownLetters(c) > 0);
    if (remaining.length === 1) return { code: remaining[0]!.code, confidence: round(share * lengthFactor), method: 'letters' };
    if (remaining.length > 0) candidates = remaining;
    if (script === 'arabic') {
      // Arabic vs Persian-script languages by keyboard letters; then Dari vs Iranian Persian.
      const ar = candidates.find((c) => c.code === 'ar');
      if (ar && arabic > persian) {
        return { code: 'ar', confidence: round(share * lengthFactor * (arabic / (arabic + persian))), method: 'letters' };
      }
      const persianFamily = candidates.filter((c) => c.code !== 'ar' && !c.letters);
      if (persian > arabic && persianFamily.length > 0) candidates = persianFamily;
      if (candidates.length > 1 && dialect.size > 0) {
        // Weighted vocabulary and spelling evidence (dialect.ts); the leader must be ahead.
        // The typing evidence reads the same bounded prefix as the script counts.
        const scores = dialect.score(tokens, text.length > limit ? text.slice(0, limit) : text);
        const ranked = candidates.map((c) => [c.code, scores.get(c.code) ?? 0] as const).sort((a, b) => b[1] - a[1]);
        const [first, second] = ranked;
        if (first && first[1] > (second?.[1] ?? 0)) {
          const margin = (first[1] - (second?.[1] ?? 0)) / first[1];
          return { code: first[0], confidence: round(share * lengthFactor * (0.5 + 0.5 * margin)), method: 'markers' };
        }
        // No lead between languages that differ only in their markers: franc's trigram models
        // of them (pes, prs) are not told apart by short posts, so the data's default decides.
        const fallback = dialect.fallback;
        if (fallback && candidates.some((c) => c.code === fallback) && candidates.every((c) => dialect.covers(c.code))) {
          return { code: fallback, confidence: round(share * lengthFactor * 0.3), method: 'default' };
        }
      }
    }
    const pick = francPick(text, candidates);
    return { code: pick.code, confidence: round(share * lengthFactor * (0.5 + 0.5 * pick.margin)), method: 'franc' };
  }

  return { identify };
}
