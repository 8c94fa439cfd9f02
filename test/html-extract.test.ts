import { describe, expect, it } from 'vitest';
import { extractHtml } from '../src/ingest/html.js';
import { bodyKind, decode, parseContentType, sniffCharset } from '../src/ingest/body.js';

const FORUM = `<!doctype html><html lang="ar"><head><title>Forum &amp; ads</title>
<style>.x{color:red}</style><script>var a = "<p>not text</p>";</script>
<meta name="robots" content="nofollow"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/b">B</a></li></ul></nav>
<h1>Trips   to
Europe</h1>
<article class="post"><header class="post-meta">by Ali <time datetime="2024-03-01T10:00:00Z">1 March</time></header>
<div class="post-body"><p>Boat from Zuwara to Lampedusa, 2500 euro.<br>Contact <a href="https://t.me/capt_ali">here</a></p></div>
<ul class="comments"><li class="comment">How much for kids?</li>
<li class="comment"><time datetime="2024-03-02">2 March</time> Write me on <a href="https://wa.me/218917267022">WhatsApp</a> or <a href="tel:+218917267022">call</a></li></ul>
</article>
<noscript>enable js</noscript><template><p>template text</p></template><div hidden>hidden text</div><div style="display: none">invisible</div>
<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>
<pre>  keep
   this</pre>
<footer>© site <a href="#top">top</a> <a href="javascript:void(0)">js</a></footer></body></html>`;

describe('HTML extraction', () => {
  const page = extractHtml(FORUM, 'https://forum.example/t/1');

  it('keeps visible text only, with block structure as newlines', () => {
    expect(page.text).not.toMatch(/not text|color:red|enable js|template text|hidden text|invisible/);
    expect(page.text).toContain('Trips to Europe\n');
    expect(page.text).toContain('Boat from Zuwara to Lampedusa, 2500 euro.\nContact here');
    expect(page.text).toContain('a b\nc');
    expect(page.text).toContain('  keep\n   this');
    expect(page.title).toBe('Forum & ads');
    expect(page.lang).toBe('ar');
    expect(page.robots).toEqual({ noindex: false, nofollow: true });
  });

  it('splits post-like blocks into posts with exact offsets', () => {
    expect(page.posts.map((p) => p.text)).toEqual([
      'Boat from Zuwara to Lampedusa, 2500 euro.\nContact here',
      'How much for kids?',
      '2 March Write me on WhatsApp or call',
    ]);
    for (const p of page.posts) expect(page.text.slice(p.start, p.end)).toBe(p.text);
    // Navigation list items are not posts.
    expect(page.posts.some((p) => p.text === 'Home')).toBe(false);
    // Dates: a post's own <time>, else its enclosing block's.
    expect(page.posts.map((p) => p.date)).toEqual(['2024-03-01T10:00:00Z', '2024-03-01T10:00:00Z', '2024-03-02']);
    expect(page.posts[2]!.links).toEqual(['https://wa.me/218917267022', 'tel:+218917267022']);
    expect(page.posts[0]!.selector).toContain('article.post');
  });

  it('keeps links absolute, without fragments and javascript:', () => {
    expect(page.links.map((l) => l.url)).toEqual([
      'https://forum.example/',
      'https://forum.example/b',
      'https://t.me/capt_ali',
      'https://wa.me/218917267022',
      'tel:+218917267022',
    ]);
    expect(page.links[2]!.text).toBe('here');
  });

  it('keeps an article body above its comments as a post of its own', () => {
    const html = `<article><p>${'Crossing by sea from Libya with a captain who has done it many times before, call now. '.repeat(2)}</p>
      <div class="comment">first comment</div><div class="comment">second comment</div></article>`;
    const p = extractHtml(html, 'https://x.example/');
    expect(p.posts.map((x) => x.kind)).toEqual(['container', 'post', 'post']);
    for (const x of p.posts) expect(p.text.slice(x.start, x.end)).toBe(x.text);
  });

  it('has no posts on a page without post-like blocks, and survives deep nesting', () => {
    expect(extractHtml('<p>just a paragraph</p>', 'https://x.example/').posts).toEqual([]);
    const deep = '<div>'.repeat(50_000) + 'deep text' + '</div>'.repeat(50_000);
    expect(extractHtml(deep, 'https://x.example/').text).toBe('deep text');
  });

  it('uses <base href> for relative links', () => {
    const p = extractHtml('<head><base href="https://cdn.example/dir/"></head><a href="x.html">x</a>', 'https://x.example/');
    expect(p.links[0]!.url).toBe('https://cdn.example/dir/x.html');
  });
});

describe('body decoding', () => {
  it('finds the charset in the header, the BOM or <meta charset>', () => {
    expect(parseContentType('text/html; charset="Windows-1256"')).toEqual({ mime: 'text/html', charset: 'windows-1256' });
    const arabic = Buffer.from([0x3c, 0x6d, 0x65, 0x74, 0x61, 0x20, 0x63, 0x68, 0x61, 0x72, 0x73, 0x65, 0x74, 0x3d, 0x77, 0x69, 0x6e, 0x64, 0x6f, 0x77, 0x73, 0x2d, 0x31, 0x32, 0x35, 0x36, 0x3e, 0xe3, 0xd1, 0xcd, 0xc8, 0xc7]);
    const cs = sniffCharset(arabic, null, 'html');
    expect(cs).toBe('windows-1256');
    expect(decode(arabic, cs)).toContain('مرحبا');
    expect(sniffCharset(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 'iso-8859-1', 'text')).toBe('utf-8');
  });

  it('sniffs HTML without a content type and refuses binary', () => {
    expect(bodyKind(null, Buffer.from('  <!DOCTYPE html><p>x'))).toBe('html');
    expect(bodyKind(null, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toBe('other');
    expect(bodyKind('image/png', Buffer.from('x'))).toBe('other');
  });
});
