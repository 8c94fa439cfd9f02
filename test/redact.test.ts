import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, createRedactorWith } from '../src/analysis/redact.js';
import type { Assessment } from '../src/index.js';
import { DIST_INDEX, ROOT, withoutHashes } from './helpers/paths.js';
import { scorer } from './helpers/scorer.js';

const KEY = 'test-key-0123456789abcdef';

/** Every span of the redacted assessment is the slice of the redacted text it names. */
function violations(text: string, a: Assessment): string[] {
  const bad: string[] = [];
  const check = (where: string, s: { start: number; end: number; text: string }) => {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= text.length) || text.slice(s.start, s.end) !== s.text) bad.push(`${where} ${JSON.stringify(s)}`);
  };
  for (const sig of a.signals) for (const s of sig.spans) check(sig.id, s);
  for (const [kind, list] of Object.entries(a.entities)) for (const e of list as { span: { start: number; end: number; text: string } }[]) check(kind, e.span);
  return bad;
}

describe('redaction', () => {
  const r = createRedactorWith({ key: KEY });

  it('gives one number one token, however it is written, and no token without the key', () => {
    const forms = ['+218 91 726 7022', '00218917267022', '+218-91-726-7022', '+218917267022'];
    const tokens = forms.map((f) => {
      const out = r.redactText(`call ${f} now`).text;
      expect(out).not.toMatch(/726|7022/);
      return /\[phone:[0-9a-f]{12}\]/.exec(out)?.[0];
    });
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toBe(r.token('phone', '+218917267022'));
    const other = createRedactorWith({ key: 'another-key-0123456789' });
    expect(other.redactText('call +218917267022').text).not.toContain(tokens[0]!);
  });

  it('replaces handles, URLs, e-mails and t.me links (as the handle they name)', () => {
    const out = r.redactText('write @trip_boss or https://t.me/Trip_Boss, mail boss@example.com, see www.example.org/offers').text;
    expect(out).not.toMatch(/trip_boss|example\.com|example\.org/i);
    const handles = out.match(/\[handle:[0-9a-f]+\]/g)!;
    expect(handles).toHaveLength(2);
    expect(handles[0]).toBe(handles[1]);
    expect(out).toMatch(/\[email:[0-9a-f]{12}\]/);
    expect(out).toMatch(/\[url:[0-9a-f]{12}\]/);
  });

  it('replaces bare domains and their paths, and leaves words that only look like one', () => {
    const out = r.redactText('book at boats-italy.com/seats or trips.ly, also ok.ru/group/7; lo mismo.es verdad').text;
    expect(out).not.toMatch(/boats-italy|trips\.ly|ok\.ru/);
    expect(out.match(/\[url:[0-9a-f]{12}\]/g)).toHaveLength(3);
    expect(out).toContain('lo mismo.es verdad');
  });

  it('keeps the phone of a wa.me link linkable with the same number written out', () => {
    const a = r.redactText('wa.me/218917267022').text;
    expect(a).toBe(r.token('phone', '+218917267022'));
  });

  it('cuts a trailing group that makes a valid number invalid (+218 91 726 7022 100%)', () => {
    const out = r.redactText('phone +218 91 726 7022 100% guaranteed').text;
    expect(out).toBe(`phone ${r.token('phone', '+218917267022')} 100% guaranteed`);
  });

  it('redacts person names found by compromise, and account metadata', async () => {
    const withNames = await createRedactor({ key: KEY });
    const out = withNames.redactText('Contact Ahmed Hassan or John Smith in Zuwara.').text;
    expect(out).not.toMatch(/Ahmed|Hassan|John|Smith/);
    expect(out).toMatch(/^Contact \[name:[0-9a-f]{12}\] or \[name:[0-9a-f]{12}\] in Zuwara\.$/);
    const meta = withNames.redactValue({ from: 'Abu Karim', from_id: 'user42', date: '2024-01-01', chat: { name: 'Trips' } }) as Record<string, unknown>;
    expect(meta.from).toBe(withNames.token('name', 'abu karim'));
    expect(meta.from_id).toBe(withNames.token('user', 'user42'));
    expect(meta.date).toBe('2024-01-01');
  });

  it('recomputes every span of an assessment into the redacted text', () => {
    const text = 'Boats from Zuwara to Lampedusa every Monday, 3000 euro, WhatsApp +218 91 726 7022 or @trip_boss, https://t.me/trip_boss';
    const a = scorer().score(text);
    const red = r.redactAssessment(text, a);
    expect(violations(red.text, red.assessment)).toEqual([]);
    // Every string of the assessment; numbers (weights, offsets) are not text and may hold any digits.
    expect(withoutHashes(JSON.stringify(red.assessment, (_k, v: unknown) => (typeof v === 'number' ? 0 : v)))).not.toMatch(/726|7022|trip_boss/);
    expect(red.assessment.entities.phones[0]!.e164).toBe(r.token('phone', '+218917267022'));
    expect(red.assessment.entities.places.map((p) => p.span.text)).toEqual(['Zuwara', 'Lampedusa']);
    expect(red.redaction).toMatchObject({ method: 'hmac-sha256', keyId: r.keyId });
    expect(red.assessment.score).toBe(a.score);
  });

  it('keeps the span invariant on generated posts, and prints no identifier', () => {
    const pieces = [
      'رحلات من زوارة إلى إيطاليا', 'واتساب', '+218 91 726 7022', '٠٠٢١٨٩١٧٢٦٧٠٢٢', '+90 532 123 4567', '0912345678', '@trip_boss', 'https://t.me/ship_x',
      'wa.me/905321234567', 'boss@example.com', 'www.example.org/a', 'guaranteed', 'pay on arrival', '3000 €', '🚤', 'Ahmed Hassan', ' ', ', ', '\n', 'Lampedusa',
      'виза шенген', 'قاچاق', 'x\u200by', 'Zuwara',
    ];
    const secrets = ['726', '7022', '532', '4567', '2345678', 'trip_boss', 'ship_x', 'example', '٧٢٦'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 14 }), (parts) => {
        const text = parts.join(' ');
        const red = r.redactAssessment(text, scorer().score(text));
        expect(violations(red.text, red.assessment)).toEqual([]);
        // Everything printed from the text: the text, span texts and entity values (tokens are
        // hex and may contain digits, so they are taken out first).
        const e = red.assessment.entities;
        const printed = [
          red.text,
          ...red.assessment.signals.flatMap((sig) => sig.spans.map((sp) => sp.text)),
          ...Object.values(e).flatMap((list) => (list as { span: { text: string } }[]).map((x) => x.span.text)),
          ...e.phones.map((p) => p.e164),
          ...e.handles.map((h) => h.handle),
          ...e.urls.map((u) => u.url),
          ...e.emails.map((m) => m.email),
        ]
          .join('\n')
          .replace(/\[[a-z]+:[0-9a-f]{12}\]/g, '');
        for (const s of secrets) expect(printed).not.toContain(s);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('refuses a short key', () => {
    expect(() => createRedactorWith({ key: 'short' })).toThrow(/at least 16/);
  });

  it('loading compromise prints nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sr-compromise-'));
    const redactUrl = pathToFileURL(`${ROOT}dist/analysis/redact.js`).href;
    const code = `
      const nlp = (await import(${JSON.stringify(pathToFileURL(`${ROOT}node_modules/compromise/src/three.js`).href)})).default;
      nlp('John Smith went to Paris').people().json({ offset: true });
      const { createRedactor } = await import(${JSON.stringify(redactUrl)});
      const r = await createRedactor({ key: 'k'.repeat(16) });
      r.redactText('Ahmed Hassan +218917267022');
      await import(${JSON.stringify(pathToFileURL(DIST_INDEX).href)});
    `;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('');
    expect(out.status).toBe(0);
  });
});
