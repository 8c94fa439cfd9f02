import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  describe('--threads', () => {
    // Posts in several languages and lengths, with every kind of bad line mixed in.
    const lines: string[] = [];
    for (let i = 1; i <= 2000; i++) {
      if (i % 89 === 0) lines.push('{"id": "broken", "text": ');
      else if (i % 97 === 0) lines.push(JSON.stringify({ id: `n${i}`, text: 42 }));
      else if (i % 101 === 0) lines.push('');
      else if (i % 103 === 0) lines.push('[1, 2]');
      else if (i % 107 === 0) lines.push(JSON.stringify({ id: `l${i}`, text: 'a post', lang: 'English' }));
      else if (i % 109 === 0) lines.push(JSON.stringify({ id: `long${i}`, text: 'x'.repeat(3000) }));
      else if (i % 7 === 0) lines.push(JSON.stringify({ id: i, text: `قارب من زوارة إلى لامبيدوزا ${i} يورو، واتساب +218 91 726 70${i % 10}2`, meta: { n: i } }));
      else if (i % 5 === 0) lines.push(JSON.stringify({ id: `r${i}`, text: `Переправа в Европу, гарантия, ${i} евро, пишите в Telegram @boat${i}`, lang: 'ru' }));
      else lines.push(JSON.stringify({ id: `p${i}`, text: i % 2 ? `Boat trip from Zuwara to Lampedusa ${i} euro, WhatsApp +218 91 726 70${i % 10}2` : `Weather today in city ${i}` }));
    }
    const input = lines.join('\n') + '\n';
    const dir = mkdtempSync(join(tmpdir(), 'sr-threads-'));
    const file = join(dir, 'posts.jsonl');
    writeFileSync(file, input);

    it('gives byte-identical NDJSON on stdin, errors in place with their line numbers', () => {
      const args = ['score', '--input', 'ndjson', '--max-line-length', '2000'];
      const one = run(args, input);
      const two = run([...args, '--threads', '2'], input);
      expect(one.status).toBe(0);
      expect(two.status).toBe(0);
      expect(two.stderr).toBe('');
      const out = one.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { line?: number; error?: string });
      expect(out).toHaveLength(2000);
      const errors = out.flatMap((o, k) => (o.error !== undefined ? [[k + 1, o.line]] : []));
      expect(errors.length).toBeGreaterThan(100);
      for (const [n, line] of errors) expect(line).toBe(n);
      expect(two.stdout).toBe(one.stdout);
    });

    it('gives the same bytes and summary from a file, with filters and other formats', () => {
      const summaryOf = (stderr: string) => {
        const { summary } = JSON.parse(stderr.trim().split('\n').pop()!) as { summary: Record<string, unknown> };
        delete summary.seconds;
        return summary;
      };
      for (const extra of [['--min-score', '0.5', '--summary-json'], ['--format', 'csv', '--sort', 'score', '--summary-json'], ['--format', 'json', '--include-text', '--lang', 'en', '--summary-json']]) {
        const args = ['score', '--input', 'ndjson', ...extra, file];
        const one = run(args);
        const two = run([...args, '--threads', '2']);
        expect(one.status).toBe(0);
        expect(two.status).toBe(0);
        expect(two.stdout).toBe(one.stdout);
        expect(summaryOf(two.stderr)).toEqual(summaryOf(one.stderr));
      }
    });

    it('NDJSON output with text, filters, other columns, text input, several files, bad bytes: the same bytes and summary', () => {
      const summaryOf = (stderr: string) => {
        const { summary } = JSON.parse(stderr.trim().split('\n').pop()!) as { summary: Record<string, unknown> };
        delete summary.seconds;
        return summary;
      };
      const text = join(dir, 'posts.txt');
      // A line that is not UTF-8, CRLF, an empty line, and a last line without a newline.
      writeFileSync(text, Buffer.concat([Buffer.from('Boat trip from Zuwara, WhatsApp +218 91 726 7022\r\n\ncaf'), Buffer.from([0xe9]), Buffer.from('\nWeather today in Tripoli')]));
      const cut = join(dir, 'cut.jsonl');
      writeFileSync(cut, lines.slice(0, 300).join('\n') + '\n{"id": "last", "text": "Boats fr');
      const small = join(dir, 'small.jsonl');
      writeFileSync(small, lines.slice(1000, 1400).join('\n') + '\n');
      const cases = [
        ['--input', 'ndjson', '--include-text', '--only-flagged', small],
        ['--input', 'ndjson', '--lang', 'en', '--min-score', '0.3', '--max-line-length', '2000', small, cut],
        ['--input', 'ndjson', '--text-column', 'id', '--id-column', 'text', cut],
        ['--input', 'text', text, cut],
        ['--input', 'text', '--include-text', text],
      ];
      for (const extra of cases) {
        const args = ['score', '--summary-json', ...extra];
        const one = run(args);
        const two = run([...args, '--threads', '2']);
        expect(one.status).toBe(0);
        expect(two.status).toBe(0);
        expect(one.stdout.length).toBeGreaterThan(0);
        expect(two.stdout).toBe(one.stdout);
        expect(summaryOf(two.stderr)).toEqual(summaryOf(one.stderr));
      }
      const textOut = run(['score', '--input', 'text', '--threads', '2', text, cut]).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id?: string; error?: string; file?: string });
      expect(textOut.slice(0, 4).map((o) => o.id ?? o.error)).toEqual([`${text}:1`, 'empty line', expect.stringMatching(/^not valid UTF-8/), `${text}:4`]);
      const cutOut = run(['score', '--input', 'ndjson', '--threads', '2', cut]).stdout.trimEnd().split('\n');
      expect(JSON.parse(cutOut.at(-1)!)).toMatchObject({ line: 301, file: cut, error: expect.stringMatching(/truncated\?\)$/) });
    });

    it('is a usage error without --input or with a number that is not a positive whole number', () => {
      expect(run(['score', '--threads', '2', 'some text']).status).toBe(1);
      expect(run(['score', '--input', 'ndjson', '--threads', '0'], '').status).toBe(1);
      expect(run(['score', '--input', 'ndjson', '--threads', 'two'], '').status).toBe(1);
    });
  });
});
