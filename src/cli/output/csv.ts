/**
 * CSV: one row per record, a fixed set of columns (errors fill `error`), lists joined with
 * `; `. Cells taken from the input (id, text, links, file, error) that start with = + - @ or a
 * control character get a leading `'`, so a spreadsheet shows them instead of running them as
 * formulas (CSV injection).
 */
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { RISK_CATEGORIES } from '../../semantic/lexicon/schema.js';
import { sinkWriter } from './sink.js';
import type { Outcome, OutputOptions, OutputWriter } from './types.js';

const FORMULA = /^[=+\-@\t\r]/;
const cell = (s: string) => (FORMULA.test(s) ? `'${s}` : s);
const signed = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(3);

export function csvColumns(includeText: boolean): string[] {
  return [
    'file', 'line', 'row', 'id', 'score', 'flagged', 'band', 'language', 'language_confidence',
    ...RISK_CATEGORIES,
    'top_signals', 'phones', 'money', 'places', 'apps', 'urls', 'handles', 'emails', 'sha256',
    ...(includeText ? ['text'] : []),
    'error',
  ];
}

export function csvRow(o: Outcome, includeText: boolean): (string | number)[] {
  const loc = [cell(o.at.file ?? ''), o.at.line, o.at.row ?? ''];
  if (o.kind === 'error') {
    const blanks = csvColumns(includeText).length - 5;
    return [...loc, cell(o.id ?? ''), ...Array<string>(blanks).fill(''), cell(o.error)];
  }
  const a = o.assessment;
  const e = a.entities;
  const uniq = (xs: string[]) => [...new Set(xs)].join('; ');
  return [
    ...loc,
    cell(a.id ?? ''),
    a.score,
    a.flagged ? 'true' : 'false',
    a.band,
    a.language.code,
    a.language.confidence,
    ...RISK_CATEGORIES.map((c) => a.categories[c]),
    a.signals.slice(0, 8).map((s) => `${s.id} ${signed(s.contribution)}`).join('; '),
    uniq(e.phones.map((p) => p.e164)),
    uniq(e.money.map((m) => `${m.amount} ${m.currency}`)),
    uniq(e.places.map((p) => p.name)),
    uniq(e.apps.map((p) => p.name)),
    cell(uniq(e.urls.map((u) => u.url))),
    cell(uniq(e.handles.map((h) => h.handle))),
    cell(uniq(e.emails.map((m) => m.email))),
    a.sha256,
    ...(includeText ? [cell(o.text)] : []),
    '',
  ];
}

export function csvWriter(sink: Writable, options: OutputOptions): OutputWriter {
  const write = sinkWriter(sink);
  let headerDone = false;
  const includeText = options.includeText;
  return {
    async write(o) {
      if (!headerDone) {
        await write(stringify([csvColumns(includeText)]));
        headerDone = true;
      }
      await write(stringify([csvRow(o, includeText)]));
    },
    async end() {
      if (!headerDone) await write(stringify([csvColumns(includeText)]));
    },
  };
}
