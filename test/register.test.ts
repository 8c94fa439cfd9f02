import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../src/score/pipeline.js';
import { testEntry } from './helpers/scorer.js';

// Register entries (category `register`: who is spoken to, who is spoken about) stand beside
// risk and benign evidence. Made-up words, so that no shipped entry interferes.
function pipelineWithTestEntries() {
  const file = join(mkdtempSync(join(tmpdir(), 'sr-register-')), 'en-extra.json');
  const entries = [
    testEntry('en.address.vorp', 'register', 'address', ['vorp']),
    testEntry('en.narration.krell', 'register', 'narration', ['krell']),
    testEntry('en.warning.vorp-plimset', 'benign', 'warning', ['never vorp plimset']),
    testEntry('en.fraud.zorblax', 'document_fraud', 'fraud', ['zorblax krell papers']),
  ];
  writeFileSync(file, JSON.stringify({ language: 'en', name: 'test entries', version: '0.0.0', entries }));
  return createPipeline({ lexiconPaths: [file] });
}

const spans = (p: ReturnType<typeof pipelineWithTestEntries>, text: string, atom: string) =>
  p.extract(text, 'en').analysis.atoms.get(atom)?.spans.map((s) => s.text) ?? [];

describe('register entries', () => {
  const p = pipelineWithTestEntries();

  it('give the address and narration atoms their spans', () => {
    expect(spans(p, 'vorp glimmer, krell blep', 'address')).toEqual(['vorp']);
    expect(spans(p, 'vorp glimmer, krell blep', 'narration')).toEqual(['krell']);
  });

  it('are kept inside a longer benign or risk phrase, and do not hide it', () => {
    const text = 'friends, never vorp plimset; zorblax krell papers here';
    expect(spans(p, text, 'address')).toEqual(['vorp']);
    expect(spans(p, text, 'warning')).toEqual(['never vorp plimset']);
    expect(spans(p, text, 'narration')).toEqual(['krell']);
    expect(spans(p, text, 'fraud')).toEqual(['zorblax krell papers']);
  });

  it('are not risk words when quoted', () => {
    expect(spans(p, 'he wrote «vorp» and «krell»', '@quoted_risk')).toEqual([]);
    expect(spans(p, 'he wrote «zorblax krell papers»', '@quoted_risk')).toEqual(['zorblax krell papers']);
  });

  it('have features of their own in features.json', () => {
    const ids = p.features.map((f) => f.id);
    expect(ids).toContain('kind.address');
    expect(ids).toContain('kind.narration');
  });
});
