/** Counts of a scoring run, printed on stderr at the end (so stdout stays pure data). */
import type { Outcome } from './output/types.js';

export interface RunSummary {
  /** Records read: posts scored plus errors. */
  records: number;
  posts: number;
  flagged: number;
  /** Posts written after --min-score / --only-flagged. */
  shown: number;
  errors: number;
  bands: Record<string, number>;
  languages: Record<string, number>;
  /** Input files read (0 for stdin or a text argument). */
  files: number;
  seconds: number;
}

/** The counts of a run that its records add up to (a batch's, from a worker thread, merge in). */
export type RecordCounts = Pick<RunSummary, 'records' | 'posts' | 'flagged' | 'shown' | 'errors' | 'bands' | 'languages'>;

export function emptyCounts(): RecordCounts {
  return { records: 0, posts: 0, flagged: 0, shown: 0, errors: 0, bands: { critical: 0, high: 0, medium: 0, low: 0 }, languages: {} };
}

/** Count one outcome (`shown`: it passed the filters). */
export function countOutcome(d: RecordCounts, o: Outcome, shown: boolean): void {
  d.records++;
  if (shown) d.shown++;
  if (o.kind === 'error') {
    d.errors++;
    return;
  }
  d.posts++;
  const a = o.assessment;
  if (a.flagged) d.flagged++;
  d.bands[a.band] = (d.bands[a.band] ?? 0) + 1;
  d.languages[a.language.code] = (d.languages[a.language.code] ?? 0) + 1;
}

export class SummaryCounter {
  private readonly started = process.hrtime.bigint();
  readonly data: RunSummary = { ...emptyCounts(), files: 0, seconds: 0 };

  add(o: Outcome, shown: boolean): void {
    countOutcome(this.data, o, shown);
  }

  /** Add the counts of a batch counted elsewhere (a worker thread). */
  merge(c: RecordCounts): void {
    const d = this.data;
    d.records += c.records;
    d.posts += c.posts;
    d.flagged += c.flagged;
    d.shown += c.shown;
    d.errors += c.errors;
    for (const [k, v] of Object.entries(c.bands)) d.bands[k] = (d.bands[k] ?? 0) + v;
    for (const [k, v] of Object.entries(c.languages)) d.languages[k] = (d.languages[k] ?? 0) + v;
  }

  finish(): RunSummary {
    this.data.seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    return this.data;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const pct = (n: number, of: number) => (of ? ` (${((100 * n) / of).toFixed(1)}%)` : '');

export function formatSummary(s: RunSummary): string {
  const rate = s.seconds > 0 ? `, ${Math.round(s.records / s.seconds)}/s` : '';
  const lines = [
    `summary: ${plural(s.posts, 'post')} scored, ${s.flagged} flagged${pct(s.flagged, s.posts)}, ${plural(s.errors, 'error')}` +
      (s.shown !== s.records ? `, ${s.shown} of ${s.records} records shown after filters` : '') +
      ` in ${s.seconds.toFixed(2)} s${rate}${s.files ? ` from ${s.files} file${s.files > 1 ? 's' : ''}` : ''}`,
    `  bands: ${['critical', 'high', 'medium', 'low'].map((b) => `${b} ${s.bands[b] ?? 0}`).join(', ')}`,
  ];
  const langs = Object.entries(s.languages).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (langs.length) lines.push(`  languages: ${langs.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines.join('\n');
}
