/**
 * The text cut into segments at every span boundary, each with the signals whose spans cover
 * it, so overlapping evidence is shown without nesting marks.
 */
import type { Signal } from '../../score/assessment.js';

export interface Segment {
  start: number;
  end: number;
  /** Indexes into the signal list. */
  signals: number[];
}

export function segments(length: number, signals: readonly Signal[]): Segment[] {
  const cuts = new Set<number>([0, length]);
  const events: { at: number; signal: number; open: boolean }[] = [];
  signals.forEach((s, i) => {
    for (const sp of s.spans) {
      if (sp.end <= sp.start || sp.start >= length) continue;
      const end = Math.min(sp.end, length);
      cuts.add(sp.start);
      cuts.add(end);
      events.push({ at: sp.start, signal: i, open: true }, { at: end, signal: i, open: false });
    }
  });
  const points = [...cuts].sort((a, b) => a - b);
  events.sort((a, b) => a.at - b.at);
  const active = new Map<number, number>();
  const out: Segment[] = [];
  let e = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const start = points[p]!;
    while (e < events.length && events[e]!.at <= start) {
      const ev = events[e++]!;
      const n = (active.get(ev.signal) ?? 0) + (ev.open ? 1 : -1);
      if (n > 0) active.set(ev.signal, n);
      else active.delete(ev.signal);
    }
    out.push({ start, end: points[p + 1]!, signals: [...active.keys()].sort((a, b) => a - b) });
  }
  return out;
}
