import { describe, expect, it } from 'vitest';
import { extractHandles, extractUrls, URL_RE } from '../src/semantic/entities/links.js';

// extractUrls and extractHandles skip their regular expressions when a cheap check shows no
// match is possible; the results must be those of the full scan.

const pieces = [
  'https://wa.me/218917267022', 'HTTP://X.Y', 'httpſ://a.b', 'WWW.Example.COM/x', 'T.ME/chan', 'wa.ME/1', 'vK.com/x', 'vk.com/x',
  'tiktok.com/@a', 'FB.COM/b', 'telegram.me/z', 'chat.whatsapp.com/abc', 'instagram.com/q', 'viber.me/w', 'www.', 't.me',
  'trips.ly/x', 'bus.KZ', '.ru', 'site.es/', 'mismo.es', 'a-b.online', '@handle_1', 'a@b.com', '@@x', 'mail@', ' ', '.', ':', '/', 'me', 'com', 'ﬁle', 'İ', 'ß', 'trip to Italy.', '12:30',
];

describe('entity pre-checks', () => {
  it('give the same URLs and handles as a full scan', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    let withUrls = 0;
    for (let i = 0; i < 5000; i++) {
      let s = '';
      const n = 1 + Math.floor(rand() * 6);
      for (let k = 0; k < n; k++) s += pieces[Math.floor(rand() * pieces.length)] + (rand() < 0.5 ? '' : ' ');
      const urls = extractUrls(s);
      if (urls.length) withUrls++;
      const full = [...s.matchAll(URL_RE)].filter((m) => m[0].replace(/[.,;:!?)\]}»"']+$/, '').length >= 5).map((m) => m.index);
      expect(urls.map((u) => u.span.start)).toEqual(full);
      // Without '@' and without URLs there is no handle.
      if (!s.includes('@') && urls.length === 0) expect(extractHandles(s, urls)).toEqual([]);
    }
    expect(withUrls).toBeGreaterThan(1000);
  });
});
