import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers/paths.js';

const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 30 });

describe('CLI score', () => {
  it('streams 5,000 NDJSON lines in order, errors in place with their line numbers', () => {
    const lines: string[] = [];
    const bad = new Set<number>();
    for (let i = 1; i <= 5000; i++) {
      if (i % 97 === 0) {
        lines.push('{"id": "broken", "text": ');
        bad.add(i);
      } else if (i % 101 === 0) {
        lines.push(JSON.stringify({ id: `n${i}`, text: 42 }));
        bad.add(i);
      } else if (i % 103 === 0) {
        lines.push('');
        bad.add(i);
      } else {
        lines.push(JSON.stringify({ id: `p${i}`, text: i % 2 ? `Boat trip from Zuwara to Lampedusa ${i} euro, WhatsApp +218 91 726 70${i % 10}2` : `Weather today in city ${i}` }));
      }
    }
    const r = run(['score', '--input', 'ndjson'], lines.join('\n') + '\n');
    expect(r.status).toBe(0);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(5000);
    out.forEach((o, k) => {
      const n = k + 1;
      if (bad.has(n)) {
        expect(o.line).toBe(n);
        expect(typeof o.error).toBe('string');
      } else {
        expect(o.id).toBe(`p${n}`);
        expect(typeof o.score).toBe('number');
      }
    });
  });

  it('names the id and the field of a line whose text is not a string', () => {
    const r = run(['score', '--input', 'ndjson'], '{"id":"x1","text":5}\n');
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({ line: 1, id: 'x1' });
    expect(o.error).toMatch(/text/);
  });

  it('reads one post per line with --input text', () => {
    const r = run(['score', '--input', 'text'], 'first post\r\nsecond post\n');
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['1', '2']);
  });

  it('prints a readable explanation, and the assessment with --json', () => {
    const text = 'Trips from Zuwara to Italy every Monday, guaranteed, pay on arrival, WhatsApp +218 91 726 7022';
    const pretty = run(['score', text]);
    expect(pretty.status).toBe(0);
    expect(pretty.stdout).toMatch(/score \d+\.\d%/);
    expect(pretty.stdout).toContain('Why');
    const json = JSON.parse(run(['score', '--json', text]).stdout);
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(json.categories).sort()).toEqual(['contact_handoff', 'document_fraud', 'exploitation_recruitment', 'journey_offer', 'route_guidance']);
  });

  it('exits 1 on a usage error', () => {
    expect(run(['score']).status).toBe(1);
    expect(run(['score', '--input', 'xml']).status).toBe(1);
  });
});
