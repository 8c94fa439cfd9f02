/** `smuggling-risk serve`: the local analyst page and JSON API. */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { createAnalystServer, DEFAULT_LIMITS, isLoopback, listen } from '../server/server.js';
import { UsageError } from './errors.js';
import { addScorerOptions, createCommandScorer, positiveInt, scorerOptionsFrom } from './options.js';

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  return n;
};

/** `1048576`, `512kb`, `2mb`. */
const bytes = (v: string) => {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 1048576, 512kb or 2mb');
  const unit = (m[2] ?? 'b').toLowerCase();
  const n = Math.floor(Number(m[1]) * (unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1));
  if (n < 1024) throw new InvalidArgumentError('at least 1kb');
  return n;
};

const wholeNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return n;
};

/** One thread for large requests, two on bigger machines: the main thread keeps answering. */
const defaultThreads = () => Math.max(1, Math.min(2, availableParallelism() - 1));

export function registerServeCommand(program: Command): void {
  const serve = addScorerOptions(
    program
      .command('serve')
      .description('the analyst page and a JSON API on this machine (http://127.0.0.1:8080/)')
      .option('--port <n>', 'port to listen on (0: any free port)', port, 8080)
      .option('--host <address>', 'address to bind; anything but loopback exposes the page to the network', '127.0.0.1')
      .option('--max-body <size>', 'largest request body (e.g. 1mb, 512kb)', bytes, DEFAULT_LIMITS.maxBodyBytes)
      .option('--max-posts <n>', 'most posts in one POST /api/score batch', positiveInt, DEFAULT_LIMITS.maxPosts)
      .option('--request-timeout <seconds>', 'a request must arrive completely within this time', positiveInt, 30)
      .option('--threads <n>', 'worker threads scoring large requests off the event loop (0: none, all on the main thread)', wholeNumber, defaultThreads())
      .option('--max-connections <n>', 'most simultaneous connections', positiveInt, DEFAULT_LIMITS.maxConnections)
      .option('--verbose', 'log one line per request on stderr (method, path, status, time; never texts)'),
  );
  serve.addHelpText(
    'after',
    `
Page: paste a post, press Score: score, band, language, category bars, the text with every
evidence span highlighted (hover or click for the reason and weight), entities, and the
assessment as a JSON download. The "Batch file" tab scores an NDJSON or CSV file in the page
and shows a sortable table. The page loads nothing from the network.

API (JSON; errors are {"error": {"code", "message", "field"?}}):
  GET  /api/health                      {"ok": true, "versions": {...}, "limits": {...}}
  POST /api/score  {"text", "id"?, "lang"?, "meta"?}          -> the assessment
  POST /api/score  {"posts": [{"text", "id"?, ...}, ...]}      -> {"assessments": [...]}
       at most --max-posts posts and --max-body bytes (413 above); 400 names the bad field;
       Content-Type must be application/json (415); wrong method 405 (with Allow).
       Bodies over 16 KiB and batches are scored in --threads worker threads, so a large
       request does not hold up small ones; a request must arrive within --request-timeout
       (headers within 10 s), or it gets 408 and the connection is closed.

Security: binds 127.0.0.1 unless --host says otherwise (then a warning: there is no
authentication); a strict Content-Security-Policy, nosniff and no-referrer on every response;
no CORS; requests must name the server by a loopback Host (DNS rebinding) and come from its
own Origin.

Examples:
  smuggling-risk serve
  smuggling-risk serve --port 9000 --threshold 0.4
  curl -s localhost:8080/api/score -H 'content-type: application/json' -d '{"text":"Boats to Italy every Monday"}' | jq .score
  smuggling-risk serve --host 0.0.0.0      # reachable from the network: think twice`,
  );
  serve.action(async (o: Record<string, unknown>) => {
    const host = o.host as string;
    const scorer = createCommandScorer(scorerOptionsFrom(o));
    const loopback = isLoopback(host);
    const threads = o.threads as number;
    // Loaded only when used: the pool's threads each hold a scorer.
    const pool = threads > 0 ? (await import('../score/pool.js')).createPool({ threads, scorerOptions: scorerOptionsFrom(o) }) : undefined;
    const server = createAnalystServer({
      scorer,
      ...(pool ? { pool } : {}),
      maxConnections: o.maxConnections as number,
      maxBodyBytes: o.maxBody as number,
      maxPosts: o.maxPosts as number,
      requestTimeoutMs: (o.requestTimeout as number) * 1000,
      checkHost: loopback,
      ...(o.verbose ? { log: (line: string) => process.stderr.write(line + '\n') } : {}),
    });
    let url: string;
    try {
      ({ url } = await listen(server, o.port as number, host));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw new UsageError(`port ${o.port as number} is already in use; choose another with --port`);
      if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new UsageError(`cannot bind ${host}: no such local address`);
      if (e.code === 'EACCES') throw new UsageError(`no permission to listen on port ${o.port as number}`);
      throw err;
    }
    if (!loopback) {
      process.stderr.write(
        `warning: listening on ${host}, reachable from other machines; the page and API have no authentication and anyone who can reach this port can score texts with it\n`,
      );
    }
    process.stderr.write(`smuggling-risk: analyst page on ${url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close(() => {
          if (pool) pool.close().then(() => resolve(), () => resolve());
          else resolve();
        });
        server.closeAllConnections();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  });
}
