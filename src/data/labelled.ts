/** Labelled data: the corpus format of design.md, and a lenient form for `bench` on any file. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RISK_CATEGORIES } from '../semantic/lexicon/schema.js';
import { DataFileError, decodeDataFile, formatPath } from './json-file.js';
import { sha256Hex } from './sha256.js';

export const BENIGN_CATEGORIES = [
  'news', 'warning', 'ngo_advice', 'rescue', 'missing_person', 'self_organised_travel', 'travel_agency',
  'job_ad', 'rideshare', 'classified', 'research', 'personal',
] as const;

/** A corpus item: every field required, category consistent with the label. */
export const corpusItemSchema = z
  .strictObject({
    id: z.string().min(1),
    text: z.string().min(1),
    lang: z.string().regex(/^[a-z]{2,3}$/),
    label: z.enum(['smuggling', 'benign']),
    category: z.enum([...RISK_CATEGORIES, ...BENIGN_CATEGORIES]),
    split: z.enum(['train', 'dev', 'test']),
    source: z.string().min(1),
  })
  .refine((i) => (i.label === 'smuggling') === (RISK_CATEGORIES as readonly string[]).includes(i.category), {
    message: 'category does not fit the label (risk categories for smuggling, benign categories for benign)',
    path: ['category'],
  });
export type CorpusItem = z.output<typeof corpusItemSchema>;

/** What `bench` needs of any labelled file: text and label; the rest optional. */
export const benchItemSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  label: z.enum(['smuggling', 'benign']),
  lang: z.string().optional(),
  category: z.string().optional(),
  split: z.string().optional(),
});
export type BenchItem = z.output<typeof benchItemSchema>;

/** Parse a JSONL file strictly: the first bad line fails with file, line and field. */
export function readJsonl<S extends z.ZodType>(file: string, schema: S): z.output<S>[] {
  const text = decodeDataFile(file, readFileSync(file));
  const out: z.output<S>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '').replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new DataFileError(file, i + 1, '', `invalid JSON: ${(err as Error).message}`);
    }
    const r = schema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new DataFileError(file, i + 1, formatPath(issue.path), issue.message);
    }
    out.push(r.data);
  }
  return out;
}

/** The corpus files of a directory (top level `*.jsonl` only), sorted, or the file itself. */
export function corpusFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(path, f));
}

export interface LoadedCorpus {
  items: CorpusItem[];
  /** sha256 of each file's bytes, by file name. */
  hashes: Record<string, string>;
}

export function loadCorpus(path: string): LoadedCorpus {
  const items: CorpusItem[] = [];
  const hashes: Record<string, string> = {};
  const ids = new Set<string>();
  for (const file of corpusFiles(path)) {
    const fileItems = readJsonl(file, corpusItemSchema);
    fileItems.forEach((item, i) => {
      if (ids.has(item.id)) throw new DataFileError(file, i + 1, 'id', `duplicate id ${item.id}`);
      ids.add(item.id);
    });
    items.push(...fileItems);
    hashes[file.split('/').pop()!] = sha256Hex(readFileSync(file));
  }
  return { items, hashes };
}
