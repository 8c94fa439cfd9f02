/**
 * A small web site served on 127.0.0.1 (random port) for crawler tests: robots.txt, a link
 * tree, redirects, a loop, a flaky page, a slow page, a huge page. Never the network.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Site {
  base: string;
  /** Paths requested, in order, with the time of each request. */
  requests: { path: string; at: number; ua: string | undefined }[];
  hits(path: string): number;
  close(): Promise<void>;
}

export const HUGE_SIZE = 2 * 1024 * 1024;
export const hugeBody = (): Buffer => {
  const head = Buffer.from('<html><body><p>');
  const fill = Buffer.alloc(HUGE_SIZE - head.length, 'a');
  return Buffer.concat([head, fill]);
};

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body>${body}</body></html>`;

export type Handler = (req: IncomingMessage, res: ServerResponse, site: Site) => boolean | void;

export async function startSite(extra?: Handler): Promise<Site> {
  const sockets = new Set<Socket>();
  const requests: Site['requests'] = [];
  let flaky = 0;
  const site: Site = {
    base: '',
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const html = (res: ServerResponse, body: string, status = 200) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'last-modified': 'Mon, 04 Mar 2024 10:00:00 GMT', etag: '"v1"' });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, at: Date.now(), ua: req.headers['user-agent'] });
    if (extra?.(req, res, site)) return;
    switch (path) {
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nDisallow: /private\n');
        return;
      case '/':
        return html(
          res,
          page(
            'Home',
            `<h1>Travel forum</h1><ul class="menu-list">
            <li><a href="/a">A</a></li><li><a href="/b">B</a></li><li><a href="/private/secret">secret</a></li>
            <li><a href="/redirect1">redirect</a></li><li><a href="/loop1">loop</a></li><li><a href="/flaky">flaky</a></li>
            <li><a href="/slow">slow</a></li><li><a href="/huge">huge</a></li><li><a href="http://offsite.invalid/x">elsewhere</a></li>
            <li><a href="/b#comments">B again</a></li><li><a href="mailto:info@forum.test">mail</a></li></ul>`,
          ),
        );
      case '/a':
        return html(res, page('A', '<p>Page A</p><a href="/a/1">deeper</a>'));
      case '/a/1':
        return html(res, page('A1', '<p>Page A1</p><a href="/a/1/2">deeper</a>'));
      case '/a/1/2':
        return html(res, page('A12', '<p>Page A12</p>'));
      case '/b':
        return html(
          res,
          page(
            'B',
            `<article class="post"><time datetime="2024-03-01T10:00:00Z">1 March</time><div class="post-body"><p>Boat trips from Zuwara to Lampedusa every Monday, 2500 euro per person, 100% guaranteed. WhatsApp +218 91 726 7022</p></div></article>
             <article class="post"><p>Has anyone news of my brother? He left Zuwara last week.</p></article>`,
          ),
        );
      case '/redirect1':
        res.writeHead(301, { location: '/redirect2' });
        res.end();
        return;
      case '/redirect2':
        res.writeHead(302, { location: `${site.base}/target` });
        res.end();
        return;
      case '/target':
        return html(res, page('Target', '<p>Arrived after two redirects</p>'));
      case '/loop1':
        res.writeHead(302, { location: '/loop2' });
        res.end();
        return;
      case '/loop2':
        res.writeHead(302, { location: '/loop1' });
        res.end();
        return;
      case '/flaky':
        flaky++;
        if (flaky === 1) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('temporary failure');
          return;
        }
        return html(res, page('Flaky', '<p>Second time lucky</p>'));
      case '/slow':
        // Headers and a first chunk, then nothing: the body never completes.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>slow');
        return;
      case '/huge': {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(HUGE_SIZE) });
        const body = hugeBody();
        let off = 0;
        const pump = () => {
          while (off < body.length) {
            const chunk = body.subarray(off, off + 65536);
            off += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
        return;
      }
      case '/private/secret':
        return html(res, page('Secret', '<p>must never be fetched</p>'));
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<p>not found</p>');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  site.base = `http://127.0.0.1:${addr.port}`;
  return site;
}
