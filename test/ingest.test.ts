import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestCsv } from '../src/ingest/csv.js';
import { ingestNdjson } from '../src/ingest/ndjson.js';
import { ingestTelegram, telegramText } from '../src/ingest/telegram.js';
import type { IngestRecord } from '../src/ingest/types.js';

async function all(gen: AsyncIterable<IngestRecord>): Promise<IngestRecord[]> {
  const out: IngestRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

/** The bytes of `text` in chunks of the given sizes (cutting through UTF-8 sequences too). */
function* chunked(text: string, sizes: number[]): Generator<Buffer> {
  const buf = Buffer.from(text, 'utf8');
  let pos = 0;
  let k = 0;
  while (pos < buf.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]!);
    yield buf.subarray(pos, pos + n);
    pos += n;
  }
}

describe('CSV adapter', () => {
  it('gives every row the line where it starts, whatever the line ends, blank lines, multi-line cells and chunking', async () => {
    const cell = fc.oneof(
      fc.constantFrom('رحلات من زوارة', 'Boats to Italy', 'a, b', 'say "hi"', 'line one\nline two', 'x\r\ny\r\nz', '🚤 €3000', 'плыть'),
      fc.string({ maxLength: 6 }).filter((s) => !/[\r\n",]/.test(s) && s.trim() !== ''),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ text: cell, blankBefore: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (rows, eol, sizes, bom) => {
          const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
          let csv = (bom ? '\ufeff' : '') + 'id,text' + eol;
          let line = 2;
          const expected: number[] = [];
          rows.forEach((r, i) => {
            if (r.blankBefore) {
              csv += eol;
              line++;
            }
            expected.push(line);
            const body = `${i + 1},${quote(r.text)}`;
            csv += body + eol;
            line += body.split('\n').length;
          });
          const out = await all(ingestCsv(chunked(csv, sizes)));
          expect(out.map((r) => r.at.line)).toEqual(expected);
          expect(out.map((r) => (r.ok ? r.post.text : r.error))).toEqual(rows.map((r) => r.text));
          expect(out.map((r) => r.at.row)).toEqual(rows.map((_, i) => i + 1));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('names a missing text column and the columns there are', async () => {
    await expect(all(ingestCsv(['a,b\n1,2\n'], { file: 'x.csv' }))).rejects.toThrow(/x\.csv: no column "text" in the header \(columns: "a", "b"\)/);
  });

  it('reads another delimiter and a language column', async () => {
    const out = await all(ingestCsv(['text;lang;url\nbonjour;fr;http://x\nhello;EN;y\nhola;spanish;z\n'], { delimiter: ';' }));
    expect(out[0]).toMatchObject({ ok: true, post: { id: '1', text: 'bonjour', lang: 'fr', meta: { url: 'http://x' } } });
    expect(out[1]).toMatchObject({ ok: true, post: { lang: 'en' } });
    expect(out[2]).toMatchObject({ ok: false, at: { row: 3, line: 4 } });
  });
});

describe('NDJSON adapter', () => {
  it('maps other field names with textColumn / idColumn, and names them in errors', async () => {
    const out = await all(ingestNdjson(['{"message": "hi", "post": 7}\n{"message": 5, "post": 8}\n[1]\n'], { textColumn: 'message', idColumn: 'post' }));
    expect(out[0]).toMatchObject({ ok: true, post: { id: 7, text: 'hi' } });
    expect(out[1]).toMatchObject({ ok: false, id: '8', at: { line: 2 } });
    expect((out[1] as { error: string }).error).toMatch(/^message: /);
    expect(out[2]).toMatchObject({ ok: false, at: { line: 3 } });
  });
});

describe('Telegram adapter', () => {
  it('joins text arrays of strings and entities', () => {
    expect(telegramText(['a ', { type: 'link', text: 'https://x.y' }, ' b'])).toBe('a https://x.y b');
    expect(telegramText('plain')).toBe('plain');
    expect(telegramText([1])).toBeUndefined();
  });

  it('reads a full export with several chats; ids are chat/message', async () => {
    const doc = {
      about: 'export',
      chats: {
        list: [
          { name: 'A', type: 'private_group', id: 1, messages: [{ id: 10, type: 'message', date: 'd1', from: 'X', text: 'hello' }] },
          { name: 'B', type: 'public_channel', id: 2, messages: [{ id: 10, type: 'message', date: 'd2', from: 'Y', text: ['hi ', { type: 'bold', text: 'there' }] }] },
        ],
      },
    };
    const json = JSON.stringify(doc, null, 2);
    const out = await all(ingestTelegram([json]));
    expect(out.map((r) => (r.ok ? [r.post.id, r.post.text] : r.error))).toEqual([
      ['1/10', 'hello'],
      ['2/10', 'hi there'],
    ]);
    const lines = json.split('\n');
    for (const r of out) expect(lines[r.at.line - 1]!.trim()).toBe('{');
  });
});
