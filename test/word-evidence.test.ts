import { describe, expect, it } from 'vitest';
import { createScorer } from '../src/index.js';
import { normalise } from '../src/semantic/normalise.js';
import { tokenise } from '../src/semantic/tokenise.js';
import { crossFittedEvidence, learnWordEvidence } from '../src/score/train/word-evidence.js';
import { EVIDENCE_SCALE, evidenceTable, type EvidenceTable, wordEvidence } from '../src/score/word-evidence.js';

const keys = (...words: string[]) => new Set(words);
const tokens = (text: string) => tokenise(normalise(text));

describe('learnWordEvidence', () => {
  // Risk scenarios r1 (three renderings), r2, r3; benign scenarios b1, b2.
  const rows = [
    { s: 'r1', y: 1, w: keys('boat', 'inbox') },
    { s: 'r1', y: 1, w: keys('boat', 'inbox') },
    { s: 'r1', y: 1, w: keys('boat', 'inbox', 'once') },
    { s: 'r2', y: 1, w: keys('boat') },
    { s: 'r3', y: 1, w: keys('inbox', 'police') },
    { s: 'b1', y: 0, w: keys('police', 'boat') },
    { s: 'b2', y: 0, w: keys('police') },
  ];
  const words = rows.map((r) => r.w);
  const labels = rows.map((r) => r.y);
  const scenarios = rows.map((r) => r.s);
  const all = rows.map((_, i) => i);
  const logOdds = (a: number, b: number) => Math.round((Math.log((a + 1) / (3 + 2)) - Math.log((b + 1) / (2 + 2))) * 1000) / 1000;

  it('counts scenarios, not posts, each label as a share of its own scenarios', () => {
    const table = learnWordEvidence(words, labels, scenarios, all);
    // boat: risk r1, r2 (r1's three posts count once); benign b1.
    expect(table.get('boat')).toBe(logOdds(2, 1));
    expect(table.get('inbox')).toBe(logOdds(2, 0));
    expect(table.get('police')).toBe(logOdds(1, 2));
    expect(table.get('police')!).toBeLessThan(0);
  });

  it('leaves out words of a single scenario, and lists the rest in key order', () => {
    const table = learnWordEvidence(words, labels, scenarios, all);
    expect(table.has('once')).toBe(false);
    expect([...table.keys()]).toEqual(['boat', 'inbox', 'police']);
  });

  it('learns from the posts it is given only', () => {
    const table = learnWordEvidence(words, labels, scenarios, [0, 3, 5]);
    expect(table.has('inbox')).toBe(false);
    expect(table.has('police')).toBe(false);
  });
});

describe('crossFittedEvidence', () => {
  it("gives a fitted post no evidence from a word only its own scenario and one other share", () => {
    // `rare` is in two risk scenarios: the full table has it, but without a post's own fold at
    // most one scenario is left, under the two a word needs, so it never vouches for itself.
    const words = [keys('rare', 'x'), keys('rare', 'y'), keys('z'), keys('w'), keys('rare')];
    const labels = [1, 1, 0, 0, 1];
    const scenarios = ['a', 'b', 'c', 'd', 'dev'];
    const read = (i: number, t: EvidenceTable): [number, number] => {
      const text = [...words[i]!].join(' ');
      const [risk, benign] = wordEvidence(text, tokens(text), t);
      return [risk.value, benign.value];
    };
    const { table, rows } = crossFittedEvidence(words, labels, scenarios, [0, 1, 2, 3], read);
    expect(table.get('rare')!).toBeGreaterThan(0);
    expect(rows[0]![0]).toBe(0);
    expect(rows[1]![0]).toBe(0);
    // The dev post (not fitted) reads the full table.
    expect(rows[4]![0]).toBeCloseTo(Math.tanh(table.get('rare')! / EVIDENCE_SCALE), 12);
  });
});

describe('wordEvidence', () => {
  const table = evidenceTable(
    new Map([
      ['boat', 1.5],
      ['inbox', 2],
      ['police', -2.5],
    ]),
  );

  it('sums distinct words, positive and negative apart, with every occurrence as a span', () => {
    const text = 'Boat boat to Italy, inbox me. Police said nothing, police.';
    const [risk, benign] = wordEvidence(text, tokens(text), table);
    expect(risk.value).toBeCloseTo(Math.tanh((1.5 + 2) / EVIDENCE_SCALE), 12);
    expect(benign.value).toBeCloseTo(Math.tanh(2.5 / EVIDENCE_SCALE), 12);
    expect(risk.spans.map((s) => s.text)).toEqual(['Boat', 'boat', 'inbox']);
    expect(benign.spans.map((s) => s.text)).toEqual(['Police', 'police']);
    for (const s of [...risk.spans, ...benign.spans]) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('ignores words inside identifiers, and stays below 1 on a long text', () => {
    const text = 'follow @boat_inbox_news';
    const [risk] = wordEvidence(text, tokens(text), table, [{ start: 7, end: text.length, text: text.slice(7) }]);
    expect(risk.value).toBe(0);
    const many = new Map(Array.from({ length: 500 }, (_, i) => [`w${'abcdefghij'[i % 10]}${'abcdefghij'[Math.floor(i / 10) % 10]}${'abcde'[Math.floor(i / 100)]}`, 3] as const));
    const long = [...many.keys()].join(' ');
    const [saturated] = wordEvidence(long, tokens(long), evidenceTable(many), [], 5);
    expect(saturated.value).toBeGreaterThan(0.99);
    expect(saturated.value).toBeLessThanOrEqual(1);
    expect(saturated.spans).toHaveLength(6);
  });

  it('reads the Latin words of an Arabizi post as the Arabic words they spell, as learned words are read', () => {
    const [trip, sea] = ['رحلة', 'البحر'].map((w) => tokens(w)[0]!.key);
    const arabic = evidenceTable(new Map([[trip!, 2], [sea!, -1]]));
    expect(arabic.index(false).bySkeleton.size).toBe(0);
    const text = 'ri7la mn el shat';
    const [risk, benign] = wordEvidence(text, tokens(text), arabic);
    expect(risk.value).toBeCloseTo(Math.tanh(2 / EVIDENCE_SCALE), 12);
    expect(risk.spans.map((s) => s.text)).toEqual(['ri7la']);
    expect(benign.value).toBe(0);
    // Without Arabizi digits a Latin word is read as Arabic only in a post that reads as Arabizi.
    const plain = 'rihla w elba7r';
    expect(wordEvidence(plain, tokens(plain), arabic)[0].value).toBe(0);
    const [asArabizi, asArabiziBenign] = wordEvidence(plain, tokens(plain), arabic, [], Infinity, true);
    expect(asArabizi.spans.map((s) => s.text)).toEqual(['rihla']);
    expect(asArabiziBenign.spans.map((s) => s.text)).toEqual(['elba7r']);
  });

  it('counts a Latin word read as an Arabic word once, as the Arabic word', () => {
    const from = tokens('من')[0]!.key;
    const table = evidenceTable(new Map([['mn', 2.5], [from, 0.5]]));
    const text = 'ri7la mn tarabulus';
    const [risk] = wordEvidence(text, tokens(text), table, [], Infinity, true);
    expect(risk.value).toBeCloseTo(Math.tanh(0.5 / EVIDENCE_SCALE), 12);
    expect(risk.spans.map((s) => s.text)).toEqual(['mn']);
    // Outside an Arabizi post it is the Latin word it is written as.
    expect(wordEvidence('mn', tokens('mn'), table)[0].value).toBeCloseTo(Math.tanh(2.5 / EVIDENCE_SCALE), 12);
  });
});

describe('the embedded model', () => {
  it('explains word evidence as signals whose contributions still sum to the logit', () => {
    const scorer = createScorer();
    const a = scorer.score('will bring you, get in the back, do what he says, delete this chat');
    const evidence = a.signals.filter((s) => s.id === 'words.risk' || s.id === 'words.benign');
    expect(evidence.length).toBeGreaterThan(0);
    for (const s of evidence) expect(s.category).toBe('learned');
    expect(a.bias + a.signals.reduce((z, s) => z + s.contribution, 0)).toBeCloseTo(a.logit, 9);
  });
});
