/** The score command's inputs (CSV, Telegram), outputs (json, csv, html), filters, summary, redaction and exit codes. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BIN, withoutHashes } from './helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-cli-io-'));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const run = (args: string[], input?: string, env: Record<string, string> = {}) => {
  const e = { ...process.env, ...env };
  delete e.SMUGGLING_RISK_REDACT_KEY;
  Object.assign(e, env);
  return spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28, env: e });
};
const lines = (s: string) => s.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l));

const AD_EN = 'Boats from Zuwara to Lampedusa every Monday, 100% guaranteed, 3000 euro, pay on arrival, WhatsApp +218 91 726 7022';
const AD_AR = 'رحلات من زوارة إلى إيطاليا كل يوم اثنين، مضمونة 100%، الدفع عند الوصول. واتساب +218 91 726 7022';
const NEWS = 'Police arrested three smugglers in Zuwara, according to officials.';

const CSV = [
  'post_id,message,lang,source',
  `a1,"${AD_EN.replace(/"/g, '""')}",en,forum`,
  'a2,"He said ""beware of smugglers"", then:',
  'a new line, inside the cell",en,news site',
  '',
  `a3,"${NEWS}",en,"agency, wire"`,
  'a4,"broken "quote" here",en,x',
  'a5,too,many,cells,here',
  'a6,,en,empty',
  'a7,"unterminated',
].join('\r\n');

describe('CSV input', () => {
  const csv = file('posts.csv', CSV);

  it('reads quoted cells with commas, doubled quotes and line breaks; other columns go to meta', () => {
    const r = run(['score', '--input', 'csv', '--text-column', 'message', '--id-column', 'post_id', csv]);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    const posts = out.filter((o) => 'score' in o);
    expect(posts.map((p) => p.id)).toEqual(['a1', 'a2', 'a3']);
    expect(posts[0].meta).toEqual({ source: 'forum' });
    expect(posts[2].meta).toEqual({ source: 'agency, wire' });
    expect(posts[0].flagged).toBe(true);
    // The multi-line cell is one post: its text (asked with --include-text) keeps the line break.
    const withText = lines(run(['score', '--input', 'csv', '--text-column', 'message', '--id-column', 'post_id', '--include-text', csv]).stdout);
    expect(withText[1].text).toBe('He said "beware of smugglers", then:\r\na new line, inside the cell');
  });

  it('reports each bad row with its row and line number and goes on', () => {
    const out = lines(run(['score', '--input', 'csv', '--text-column', 'message', '--id-column', 'post_id', csv]).stdout);
    const errors = out.filter((o) => 'error' in o);
    expect(errors.map((e) => [e.row, e.line])).toEqual([
      [4, 7],
      [5, 8],
      [6, 9],
      [7, 10],
    ]);
    expect(errors[0].file).toBe(csv);
    expect(errors[1].error).toMatch(/column|length/i);
    expect(errors[2]).toMatchObject({ id: 'a6', error: 'message: empty text' });
    expect(errors[3].error).toMatch(/quote/i);
    expect(out).toHaveLength(7);
  });

  it('a header without the text column makes the file unreadable: exit 2 naming the columns', () => {
    const r = run(['score', '--input', 'csv', csv]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no column "text".*"message"/);
  });

  it('writes CSV with one row per record, errors in the error column', () => {
    const r = run(['score', '--input', 'csv', '--text-column', 'message', '--id-column', 'post_id', '--format', 'csv', csv]);
    expect(r.status).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatchObject({ id: 'a1', band: expect.stringMatching(/high|critical/), flagged: 'true', phones: '+218917267022' });
    expect(rows[0]!.top_signals).toMatch(/(kind|combo|pair|entity)\.[a-z_.]+ [+-]\d/);
    expect(rows[3]!.error).not.toBe('');
  });
});

describe('Telegram export input', () => {
  const exportJson = JSON.stringify(
    {
      name: 'Trips to Europe',
      type: 'public_channel',
      id: 777,
      messages: [
        { id: 1, type: 'service', date: '2024-03-01T10:00:00', actor: 'Trips', action: 'create_channel', text: '' },
        { id: 2, type: 'message', date: '2024-03-01T10:05:00', from: 'Abu Karim', from_id: 'channel777', text: AD_AR },
        {
          id: 3,
          type: 'message',
          date: '2024-03-01T10:06:00',
          from: 'Abu Karim',
          text: ['Boats to Italy every Monday, contact ', { type: 'mention', text: '@trip_boss' }, ' or ', { type: 'phone', text: '+218 91 726 7022' }, { type: 'bold', text: ', guaranteed' }],
        },
        { id: 4, type: 'message', date: '2024-03-01T10:07:00', photo: 'photos/1.jpg', text: '' },
        { id: 5, type: 'message', date: '2024-03-01T10:08:00', text: 42 },
      ],
    },
    null,
    1,
  );
  const tg = file('result.json', exportJson);

  it('reads string and array texts, skips service and empty messages, keeps date and from', () => {
    const r = run(['score', '--input', 'telegram', '--include-text', tg]);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(['2', '3', '5']);
    expect(out[0].meta).toMatchObject({ date: '2024-03-01T10:05:00', from: 'Abu Karim', chat: { id: '777', name: 'Trips to Europe' } });
    expect(out[0].language.code).toBe('ar');
    expect(out[1].text).toBe('Boats to Italy every Monday, contact @trip_boss or +218 91 726 7022, guaranteed');
    expect(out[1].entities.handles[0].handle).toBe('trip_boss');
    expect(out[2].error).toMatch(/^text: /);
    const line = exportJson.split('\n').findIndex((l) => l.includes('"id": 5')) + 1;
    expect(out[2].line).toBe(line - 1); // the line of the message's opening brace
  });

  it('a file that is not a Telegram export is unreadable: exit 2', () => {
    expect(run(['score', '--input', 'telegram', file('not.json', '{"hello": 1}')]).status).toBe(2);
    expect(run(['score', '--input', 'telegram', file('bad.json', '{"messages": [')]).status).toBe(2);
  });
});

describe('outputs, filters and summary', () => {
  const nd = file(
    'posts.jsonl',
    [JSON.stringify({ id: 'ad', text: AD_EN }), JSON.stringify({ id: 'news', text: NEWS }), '{"id": "bad", ', JSON.stringify({ id: 'ar', text: AD_AR })].join('\n') + '\n',
  );

  it('--format json prints an array for --input; --json stays NDJSON with --input', () => {
    const arr = JSON.parse(run(['score', '--input', 'ndjson', '--format', 'json', nd]).stdout);
    expect(arr).toHaveLength(4);
    expect(arr[2]).toMatchObject({ line: 3, file: nd });
    expect(lines(run(['score', '--input', 'ndjson', '--json', nd]).stdout)).toHaveLength(4);
    expect(JSON.parse(run(['score', '--format', 'json', AD_EN]).stdout).score).toBeGreaterThan(0.5);
  });

  it('--only-flagged and --min-score filter posts but never errors; --sort score orders by score', () => {
    const flagged = lines(run(['score', '--input', 'ndjson', '--only-flagged', nd]).stdout);
    expect(flagged.map((o) => o.id ?? `line ${o.line}`)).toEqual(['ad', 'line 3', 'ar']);
    const min = lines(run(['score', '--input', 'ndjson', '--min-score', '0.999', nd]).stdout);
    expect(min.every((o) => 'error' in o || o.score >= 0.999)).toBe(true);
    const sorted = lines(run(['score', '--input', 'ndjson', '--sort', 'score', nd]).stdout);
    const scores = sorted.filter((o) => 'score' in o).map((o) => o.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(sorted[sorted.length - 1]).toMatchObject({ line: 3 });
  });

  it('--summary goes to stderr; stdout stays pure JSON lines', () => {
    const r = run(['score', '--input', 'ndjson', '--summary', nd]);
    for (const l of r.stdout.trimEnd().split('\n')) expect(() => JSON.parse(l)).not.toThrow();
    expect(r.stderr).toMatch(/summary: 3 posts scored, \d+ flagged.*1 error/);
    expect(r.stderr).toMatch(/bands: critical \d+, high \d+, medium \d+, low \d+/);
    expect(r.stderr).toMatch(/languages: en 2, ar 1/);
    const j = run(['score', '--input', 'ndjson', '--summary-json', nd]);
    expect(JSON.parse(j.stderr).summary).toMatchObject({ posts: 3, errors: 1, records: 4, languages: { en: 2, ar: 1 } });
    expect(run(['score', '--input', 'ndjson', nd]).stderr).toBe('');
  });

  it('several text files: ids name the file, errors name the file', () => {
    const a = file('a.txt', 'first\nsecond\n');
    const b = file('b.txt', 'third\n\n');
    const out = lines(run(['score', '--input', 'text', a, b]).stdout);
    expect(out.map((o) => o.id ?? o.error)).toEqual([`${a}:1`, `${a}:2`, `${b}:1`, 'empty line']);
    expect(out[3]).toMatchObject({ file: b, line: 2 });
  });

  it('html is one self-contained page: no script, no external URL, every text escaped', () => {
    const evil = file('evil.jsonl', JSON.stringify({ id: '<b>x</b>', text: `${AD_EN} <img src=https://evil.example/x.png onerror=alert(1)><script>alert(2)</script> "quoted" 'single'` }) + '\n');
    const r = run(['score', '--input', 'ndjson', '--format', 'html', evil, nd]);
    expect(r.status).toBe(0);
    const html = r.stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/<script|<img|<link|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toMatch(/<mark class="pos" title="[^"]*journey offer/);
    expect(html).toContain('dir="auto"');
    // Same input, same bytes.
    expect(run(['score', '--input', 'ndjson', '--format', 'html', evil, nd]).stdout).toBe(html);
  });
});

describe('redaction', () => {
  const key = file('redact.key', 'k3y-for-tests-0123456789abcdef\n');
  chmodSync(key, 0o600);
  const two = file(
    'two.jsonl',
    [
      JSON.stringify({ id: 'p1', text: AD_EN + ' ask for Ahmed Hassan, or @trip_boss' }),
      JSON.stringify({ id: 'p2', text: 'Same captain, new date: call 00218917267022 or write trip.boss@example.com' }),
    ].join('\n') + '\n',
  );

  it('links the same number with the same hash and never prints it; spans point into the redacted text', () => {
    const r = run(['score', '--input', 'ndjson', '--redact-key-file', key, two]);
    expect(r.status).toBe(0);
    // Only the printed strings matter: numbers such as weights may contain the digits 726.
    const strings: string[] = [];
    JSON.parse(`[${r.stdout.trim().split('\n').join(',')}]`, (_k, v) => (typeof v === 'string' && strings.push(v), v));
    expect(withoutHashes(strings.join('\n'))).not.toMatch(/726|7022|91 726|Ahmed|Hassan|trip_boss|trip\.boss|example\.com/);
    const [a, b] = lines(r.stdout);
    const tokA = a.entities.phones[0].e164;
    expect(tokA).toMatch(/^\[phone:[0-9a-f]{12}\]$/);
    expect(b.entities.phones[0].e164).toBe(tokA);
    expect(a.text).toContain(tokA);
    expect(b.text).toContain(tokA);
    expect(a.text).toMatch(/ask for \[name:[0-9a-f]{12}\], or \[handle:[0-9a-f]{12}\]$/);
    expect(a.redaction).toMatchObject({ method: 'hmac-sha256', replaced: { phone: 1, name: 1, handle: 1 } });
    for (const o of [a, b]) {
      for (const s of o.signals.flatMap((x: { spans: unknown[] }) => x.spans)) expect(o.text.slice(s.start, s.end)).toBe(s.text);
      for (const list of Object.values(o.entities) as { span: { start: number; end: number; text: string } }[][]) {
        for (const e of list) expect(o.text.slice(e.span.start, e.span.end)).toBe(e.span.text);
      }
    }
    // Same key from the environment: same tokens.
    const env = run(['score', '--input', 'ndjson', '--redact', two], undefined, { SMUGGLING_RISK_REDACT_KEY: 'k3y-for-tests-0123456789abcdef' });
    expect(lines(env.stdout)[0].entities.phones[0].e164).toBe(tokA);
  });

  it('redacts pretty, csv and html output too', () => {
    for (const format of ['pretty', 'csv', 'html']) {
      const r = run(['score', '--input', 'ndjson', '--format', format, '--redact-key-file', key, two]);
      expect(r.status, format).toBe(0);
      expect(withoutHashes(r.stdout), format).not.toMatch(/726 7022|917267022|Ahmed|trip_boss/);
      expect(r.stdout, format).toMatch(/\[phone:[0-9a-f]{12}\]/);
    }
    const one = run(['score', '--redact-key-file', key, 'call +218 91 726 7022']);
    expect(withoutHashes(one.stdout)).not.toContain('7022');
  });

  it('refuses to redact without a key, or with a short one: exit 1', () => {
    const r = run(['score', '--input', 'ndjson', '--redact', two]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--redact needs a secret key.*SMUGGLING_RISK_REDACT_KEY/);
    expect(r.stdout).toBe('');
    const short = run(['score', '--redact', 'text'], undefined, { SMUGGLING_RISK_REDACT_KEY: 'short' });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/too short/);
  });
});

describe('exit codes', () => {
  it('0 ok, 1 usage, 2 unreadable input', () => {
    expect(run(['score', 'hello']).status).toBe(0);
    expect(run(['score', '--input', 'ndjson'], '{"text": 1}\n').status).toBe(0);
    expect(run(['score', '--bogus']).status).toBe(1);
    expect(run(['score', '--format', 'xml', 'x']).status).toBe(1);
    expect(run(['score', 'one', 'two']).status).toBe(1);
    expect(run(['score', '--text-column', 'x', 'hello']).status).toBe(1);
    expect(run(['score', '--json', '--format', 'csv', 'x']).status).toBe(1);
    const missing = run(['score', '--input', 'ndjson', join(dir, 'nope.jsonl')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.jsonl: no such file/);
    expect(missing.stdout).toBe('');
    expect(run(['score', '--input', 'text', dir]).status).toBe(2);
  });

  it('reads one post from stdin with "-"', () => {
    const r = run(['score', '--json', '-'], AD_EN);
    expect(JSON.parse(r.stdout).flagged).toBe(true);
  });

  it('every command has help with examples', () => {
    for (const cmd of ['score', 'serve', 'train', 'bench']) {
      const r = run([cmd, '--help']);
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples?:/);
    }
  });
});
