/**
 * The local analyst page and its JSON API.
 *
 * Built on node:http, no framework: the surface is three JSON routes and a few static files,
 * and what matters here is exact control of the limits and headers: the body limit enforced
 * while reading (not after buffering), request and header timeouts so a slow client cannot
 * hold a connection, the same security headers on every response (errors included), no CORS,
 * a Host check against DNS rebinding. With a framework each of those would be a default to
 * audit and override; here each is one visible line.
 *
 * Routes:
 *   GET  /               the analyst page (static files from ./page, no external request)
 *   GET  /api/health     { ok, versions, limits }
 *   POST /api/score      { text, id?, lang?, meta? } -> assessment
 *                        { posts: [{ text, id?, lang?, meta? }, ...] } -> { assessments: [...] }
 * Errors are JSON `{ error: { code, message, field? } }`: 400 (invalid JSON or fields, naming
 * the field), 403 (foreign Origin), 404, 405 (with Allow), 408 (slow request), 413 (body over
 * the limit), 415 (not application/json), 421 (unexpected Host), 500 (no stack trace).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Scorer } from '../scorer.js';
import { languageField } from '../semantic/language-code.js';
import type { ScoringPool } from '../score/pool.js';

export interface ServerOptions {
  scorer: Scorer;
  /** Largest accepted request body, bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Most posts in one batch request (default 1000). */
  maxPosts?: number;
  /** Time to receive a whole request, ms (default 30 s); a slower client gets 408. */
  requestTimeoutMs?: number;
  /** Time to receive the request headers, ms (default 10 s). */
  headersTimeoutMs?: number;
  /**
   * Check the Host header (DNS rebinding: a web page resolving its own name to 127.0.0.1 must
   * not reach the API). `true` (default) accepts only loopback names with the bound port.
   */
  checkHost?: boolean;
  /** Directory of the page's static files (default: ./page beside this module). */
  pageDir?: string;
  /** One line per request (method, path, status, ms; never bodies). */
  log?: (line: string) => void;
  /**
   * Worker threads for large requests. Scoring is synchronous: a 1 MB post or a batch of 1000
   * posts keeps one thread busy for about a second, and on the event loop it would stall every
   * other request. With a pool, bodies over `offloadBytes` (and every batch of more than one
   * post) are scored in the pool, so small requests are answered meanwhile. Without one (the
   * library default), everything is scored on the event loop: keep `maxBodyBytes` small.
   * The caller owns the pool (closes it).
   */
  pool?: ScoringPool;
  /** Bodies larger than this many bytes are scored in `pool` (default 16 KiB). */
  offloadBytes?: number;
  /** Most simultaneous connections; more are refused by the socket layer (default 256). */
  maxConnections?: number;
  /** Most requests on one keep-alive connection (default 1000). */
  maxRequestsPerSocket?: number;
}

export const DEFAULT_LIMITS = { maxBodyBytes: 1024 * 1024, maxPosts: 1000, maxConnections: 256, maxRequestsPerSocket: 1000, offloadBytes: 16 * 1024 } as const;

/** On every response: the page may load only its own files and talk only to its own API. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'none'; object-src 'none'; media-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const postSchema = z.strictObject({
  text: z.string(),
  id: z.union([z.string().max(1000), z.number()]).optional(),
  lang: languageField(z).optional(),
  meta: z.unknown().optional(),
});

function batchSchema(maxPosts: number) {
  return z.strictObject({
    posts: z.array(postSchema).min(1, 'give at least one post').max(maxPosts, `at most ${maxPosts} posts per request`),
  });
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, headers: Record<string, string> = {}, head = false): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(buf.length), ...headers });
  res.end(head ? undefined : buf);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}, head = false): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store', ...headers }, head);
}

/** A 200 JSON answer already serialised (by a worker thread). */
function sendRaw(res: ServerResponse, json: string): void {
  send(res, 200, json, 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });
}

/** The body, refused as soon as it passes the limit (by Content-Length, or while reading). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(new HttpError(413, 'body_too_large', `request body over the limit of ${limit} bytes`, { limit }));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(new HttpError(413, 'body_too_large', `request body over the limit of ${limit} bytes`, { limit }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

function zodError(err: z.ZodError): HttpError {
  const issues = err.issues.slice(0, 20).map((i) => {
    const field = i.path.length ? i.path.join('.') : i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys?.join(', ') ?? '(body)' : '(body)';
    return { field, message: i.message };
  });
  const first = issues[0]!;
  return new HttpError(400, 'invalid_request', `${first.field}: ${first.message}`, { field: first.field, issues });
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export function createAnalystServer(options: ServerOptions): Server {
  const { scorer } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes;
  const maxPosts = options.maxPosts ?? DEFAULT_LIMITS.maxPosts;
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout);
  const pageDir = options.pageDir ?? fileURLToPath(new URL('./page/', import.meta.url));
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [path, f] of Object.entries(STATIC)) files.set(path, { body: readFileSync(pageDir + f.file), type: f.type });
  const batch = batchSchema(maxPosts);
  const checkHost = options.checkHost !== false;
  const pool = options.pool;
  const offloadBytes = options.offloadBytes ?? DEFAULT_LIMITS.offloadBytes;

  const server = createServer(
    {
      requestTimeout,
      headersTimeout,
      keepAliveTimeout: 5_000,
      // How often Node looks for requests past their timeouts (default 30 s is too coarse).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(requestTimeout / 4))),
      maxHeaderSize: 16 * 1024,
    },
    (req, res) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        options.log?.(`${req.method} ${(req.url ?? '').split('?')[0]} ${res.statusCode} ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)}ms`);
      });
      handle(req, res).catch((err: unknown) => {
        // Answered already, or the client is gone (a timed-out slow request was answered 408
        // by Node and its socket closed): nothing to send, nothing to log.
        if (res.headersSent || req.socket.destroyed || (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
          res.destroy();
          return;
        }
        if (err instanceof HttpError) {
          const headers = { ...err.headers };
          if (err.status === 413) headers.Connection = 'close';
          sendJson(res, err.status, { error: { code: err.code, message: err.message, ...err.extra } }, headers, req.method === 'HEAD');
          if (err.status === 413) req.resume(); // discard the rest; the connection closes after
          return;
        }
        process.stderr.write(`smuggling-risk serve: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}\n`);
        sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
      });
    },
  );
  server.requestTimeout = requestTimeout;
  server.headersTimeout = headersTimeout;
  server.timeout = requestTimeout + 5_000;
  server.maxConnections = options.maxConnections ?? DEFAULT_LIMITS.maxConnections;
  server.maxRequestsPerSocket = options.maxRequestsPerSocket ?? DEFAULT_LIMITS.maxRequestsPerSocket;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = server.address() as AddressInfo | null;
    const port = address?.port;
    const host = req.headers.host ?? '';
    const names = address ? [...LOOPBACK_HOSTS, address.family === 'IPv6' ? `[${address.address}]` : address.address] : LOOPBACK_HOSTS;
    if (checkHost && !names.some((h) => host === `${h}:${port}` || (port === 80 && host === h))) {
      throw new HttpError(421, 'unexpected_host', 'this server answers only to 127.0.0.1, localhost or [::1] with its port');
    }
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://local').pathname;
    } catch {
      throw new HttpError(400, 'bad_url', 'malformed request URL');
    }
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';

    const file = files.get(path);
    if (file) {
      if (method !== 'GET' && !head) throw new HttpError(405, 'method_not_allowed', `${method} not allowed on ${path}`, {}, { Allow: 'GET, HEAD' });
      send(res, 200, file.body, file.type, { 'Cache-Control': 'no-cache' }, head);
      return;
    }
    if (path === '/api/health') {
      if (method !== 'GET' && !head) throw new HttpError(405, 'method_not_allowed', `${method} not allowed on ${path}`, {}, { Allow: 'GET, HEAD' });
      sendJson(res, 200, { ok: true, versions: scorer.versions, threshold: scorer.threshold, limits: { maxBodyBytes: maxBody, maxPosts } }, {}, head);
      return;
    }
    if (path === '/api/score') {
      if (method !== 'POST') throw new HttpError(405, 'method_not_allowed', `${method} not allowed on ${path}; use POST`, {}, { Allow: 'POST' });
      // Browsers send Origin on cross-origin POSTs: only this page may call the API.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, 'foreign_origin', 'requests from other origins are refused');
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') throw new HttpError(415, 'unsupported_media_type', 'send the body as Content-Type: application/json');
      const body = await readBody(req, maxBody);
      let value: unknown;
      try {
        value = JSON.parse(body.toString('utf8'));
      } catch (err) {
        throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${(err as Error).message}`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new HttpError(400, 'invalid_request', '(body): expected a JSON object { text } or { posts: [...] }', { field: '(body)' });
      }
      // Large requests go to the worker threads (serialised there too), small ones are scored here.
      const offload = pool !== undefined && body.length > offloadBytes;
      if ('posts' in value) {
        const parsed = batch.safeParse(value);
        if (!parsed.success) throw zodError(parsed.error);
        const posts = parsed.data.posts;
        if (pool && (offload || posts.length > 1)) {
          const parts = await Promise.all(posts.map((p) => pool.scoreJson(p)));
          sendRaw(res, `{"assessments":[${parts.join(',')}]}`);
        } else {
          sendJson(res, 200, { assessments: posts.map((p) => scorer.score(p)) });
        }
      } else {
        const parsed = postSchema.safeParse(value);
        if (!parsed.success) throw zodError(parsed.error);
        if (pool && offload) sendRaw(res, await pool.scoreJson(parsed.data));
        else sendJson(res, 200, scorer.score(parsed.data));
      }
      return;
    }
    throw new HttpError(404, 'not_found', `no such path: ${path}`);
  }

  return server;
}

export const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Listen and resolve with the URL of the page. */
export function listen(server: Server, port: number, host: string): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const p = (server.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({ url: `http://${shown}:${p}/`, port: p });
    });
  });
}
