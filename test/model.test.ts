import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/data/labelled.js';
import { createPipeline } from '../src/score/pipeline.js';
import { formatModel, train } from '../src/score/train/train.js';
import { ROOT } from './helpers/paths.js';

describe('the shipped model', () => {
  it('is exactly what `train` produces from the corpora (retrained here, compared byte for byte)', () => {
    const shipped = readFileSync(`${ROOT}model/model.json`, 'utf8');
    const version = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
    const corpus = loadCorpus(`${ROOT}corpora`);
    const model = train({ items: corpus.items, dataHashes: corpus.hashes, pipeline: createPipeline(), libraryVersion: version });
    expect(formatModel(model)).toBe(shipped);
  });
});
