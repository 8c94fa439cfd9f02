/** `crawl` and `verify`: collecting pages as evidence records, and checking them later. */
import { existsSync, readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { crawl, type CrawlEvent } from '../ingest/crawl.js';
import { openRecordFile, streamRecordSink, type RecordSink } from '../ingest/records.js';
import { redactRecord } from '../ingest/redact-record.js';
import { createRedactor, type Redactor } from '../analysis/redact.js';
import { readKey, REDACT_KEY_ENV } from './score-command.js';
import { chromiumAvailable, DEFAULT_CHROMIUM } from '../ingest/snapshots.js';
import { verifyRecords, type VerifyResult } from '../ingest/verify.js';
import { UsageError } from './errors.js';
import { addScorerOptions, createCommandScorer, positiveInt, scorerOptionsFrom } from './options.js';

/** Exit code of `verify` when some record does not match. */
export const EXIT_MISMATCH = 3;
/** Exit code of `crawl` when interrupted (Ctrl-C); rerun the same command to resume. */
export const EXIT_INTERRUPTED = 130;

const wholeNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return n;
};

/**
 * Set the process exit code for a command that finished normally but has something to say
 * (mismatches, interruption); it holds even if the caller resets the code to 0 afterwards.
 */
function exitWith(code: number): void {
  process.exitCode = code;
  process.once('exit', () => {
    if (!process.exitCode) process.exitCode = code;
  });
}

function libraryVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

const short = (n: number | undefined) => (typeof n === 'number' ? n.toFixed(2) : '  - ');

export function registerCrawlCommands(program: Command): void {
  const crawlCmd = addScorerOptions(
    program
      .command('crawl')
      .description('fetch pages politely (robots.txt, delay, limits), extract text and posts, score them, write evidence records')
      .argument('<urls...>', 'seed URLs (http or https)')
      .option('--out <file>', 'append records to this NDJSON file (and resume from it); default: stdout')
      .option('--max-pages <n>', 'records in --out in total, counting earlier runs', positiveInt, 100)
      .option('--max-depth <n>', 'links followed from the seeds (seeds are depth 0)', wholeNumber, 2)
      .option('--delay-ms <ms>', 'pause between two requests to the same host (robots.txt Crawl-delay may raise it)', wholeNumber, 1000)
      .option('--timeout-ms <ms>', 'time allowed for one response, headers and body', positiveInt, 15_000)
      .option('--max-bytes <n>', 'body bytes read per page; the rest is dropped and the record marked truncated', positiveInt, 5 * 1024 * 1024)
      .option('--max-redirects <n>', 'redirects followed per page', wholeNumber, 5)
      .option('--retries <n>', 'extra attempts on 429, 408, 5xx and network errors', wholeNumber, 2)
      .option('--backoff-ms <ms>', 'first retry pause, doubled on each retry (Retry-After honoured up to 60 s)', wholeNumber, 1000)
      .option('--same-host', 'stay on the seeds\' hosts', true)
      .option('--no-same-host', 'also follow links to other hosts')
      .option('--user-agent <ua>', 'User-Agent sent, and matched against robots.txt')
      .option('--snapshots <dir>', 'store raw bodies as <dir>/<sha256> (only when given)')
      .option('--snapshot-png', 'screenshot every flagged page with headless Chromium into the --snapshots dir as <sha256>.png')
      .option('--chromium <path>', 'Chromium binary for --snapshot-png', DEFAULT_CHROMIUM)
      .option('--quiet', 'no progress lines on stderr')
      .option('--redact', 'store texts, assessments and links with phone numbers, handles, URLs, e-mails and names replaced by keyed hashes')
      .option('--redact-key-file <file>', 'the secret key for --redact (implies --redact); or set ' + REDACT_KEY_ENV)
      .option('--no-redact-names', 'with --redact: leave person names'),
  );
  crawlCmd.addHelpText(
    'after',
    `
Every fetched page becomes one NDJSON record: url, finalUrl, depth, referrer, fetchedAt,
status, redirects, headers (content-type, last-modified, etag, content-length), bytes,
sha256 of the exact body bytes, title, text, assessment, versions, posts (post-like blocks
with offsets into text and their own assessments), links. Failed fetches (timeouts, network
errors, redirect loops, HTTP errors) are records with an "error" field; the crawl goes on.

Resuming: run the same command again with the same --out. URLs already recorded are not
fetched again; the links of recorded pages form the frontier. --max-pages counts the
records in --out, earlier runs included.

Politeness: robots.txt is obeyed (a robots.txt that answers 5xx or cannot be reached means
"nothing allowed" for that host); one request at a time; --delay-ms between requests to
one host; same host only unless --no-same-host.

Privacy (--redact, key as for score --redact): texts, titles, posts, assessments and links are
stored with identifiers replaced by keyed tokens, and the record carries "redaction". The
addresses of the crawled pages are kept (the crawl resumes from them). Raw bodies cannot be
redacted, so --snapshots and --snapshot-png are refused with --redact; verify reports
redacted records as such instead of re-checking them.

Exit codes: 0 done (fetch errors are records, not failures), 1 usage error,
2 output not writable, 130 interrupted (rerun to resume).

Examples:
  smuggling-risk crawl https://forum.example/ --max-pages 200 --max-depth 3 --out records.ndjson
  smuggling-risk crawl https://site.example/ads --out ads.ndjson --snapshots bodies/ --delay-ms 2000
  smuggling-risk verify records.ndjson --snapshots bodies/`,
  );
  crawlCmd.action(async (urls: string[], o: Record<string, unknown>) => {
    const snapshots = o.snapshots as string | undefined;
    if (o.snapshotPng && !snapshots) throw new UsageError('--snapshot-png needs --snapshots <dir> (where the PNG files go)');
    let redactor: Redactor | undefined;
    if (o.redact || o.redactKeyFile !== undefined) {
      if (snapshots) throw new UsageError('--snapshots stores the raw pages, which cannot be redacted: leave out --snapshots (and --snapshot-png) or --redact');
      redactor = await createRedactor({ key: readKey(o, process.stderr), names: o.redactNames !== false });
    }
    const quiet = o.quiet === true;
    const log = (s: string) => {
      if (!quiet) process.stderr.write(s + '\n');
    };
    let screenshots: { chromium: string; dir: string; timeoutMs: number } | undefined;
    if (o.snapshotPng && snapshots) {
      const chromium = o.chromium as string;
      if (await chromiumAvailable(chromium)) screenshots = { chromium, dir: snapshots, timeoutMs: Math.max(30_000, (o.timeoutMs as number) * 2) };
      else process.stderr.write(`warning: ${chromium} not found or not executable: no screenshots (the crawl goes on)\n`);
    }
    const out = o.out as string | undefined;
    const scorer = createCommandScorer(scorerOptionsFrom(o));
    const raw = out ? await openRecordFile(out) : streamRecordSink(process.stdout);
    const sink: RecordSink = redactor ? { write: (r) => raw.write(redactRecord(r, redactor)), close: () => raw.close() } : raw;
    const maxPages = o.maxPages as number;
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
      process.stderr.write('\ninterrupted: finishing the current record (Ctrl-C again to quit now)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const onEvent = (e: CrawlEvent) => {
      if (e.type === 'resume') log(`resuming from ${out}: ${e.records} records already there${e.badLines ? `, ${e.badLines} unreadable lines ignored` : ''}`);
      else if (e.type === 'robots') log(`${e.origin}: ${e.source}`);
      else if (e.type === 'skip' && e.reason === 'robots') log(`skip (robots.txt) ${e.url}`);
      else if (e.type === 'retry') log(`retry ${e.attempt} in ${e.waitMs} ms (${e.reason}) ${e.url}`);
      else if (e.type === 'screenshot-error') log(`screenshot failed for ${e.url}: ${e.error}`);
      else if (e.type === 'record') {
        const r = e.record;
        const head = `[${e.count}/${maxPages}]`;
        if (r.error) log(`${head} error ${r.error.kind}: ${r.error.message} ${r.url}`);
        else if (r.duplicateOf) log(`${head} ${r.status} redirect to an already recorded page ${r.finalUrl}`);
        else {
          const flaggedPosts = (r.posts ?? []).filter((p) => p.assessment.flagged).length;
          log(`${head} ${r.status} ${short(r.assessment?.score)} ${r.assessment?.flagged ? 'FLAGGED' : '       '} ${(r.posts ?? []).length} posts${flaggedPosts ? ` (${flaggedPosts} flagged)` : ''}${r.truncated ? ' truncated' : ''} ${r.finalUrl}`);
        }
      }
    };
    try {
      const summary = await crawl({
        seeds: urls,
        scorer,
        sink,
        resumeFrom: out && existsSync(out) ? out : undefined,
        maxPages,
        maxDepth: o.maxDepth as number,
        delayMs: o.delayMs as number,
        timeoutMs: o.timeoutMs as number,
        maxBytes: o.maxBytes as number,
        maxRedirects: o.maxRedirects as number,
        retries: o.retries as number,
        backoffMs: o.backoffMs as number,
        sameHost: o.sameHost !== false,
        userAgent: (o.userAgent as string | undefined) ?? `smuggling-risk/${libraryVersion()} (OSINT evidence crawler; obeys robots.txt)`,
        snapshotsDir: snapshots,
        screenshots,
        signal: controller.signal,
        onEvent,
      }).catch((err: Error) => {
        if (/^not an http\(s\) URL/.test(err.message)) throw new UsageError(err.message);
        throw err;
      });
      process.stderr.write(
        `${summary.written} records written${summary.previous ? ` (${summary.previous} from earlier runs)` : ''}, ${summary.errors} fetch errors, ` +
          `${summary.flaggedPages} flagged pages, ${summary.flaggedPosts} flagged posts, ${summary.skippedRobots} URLs disallowed by robots.txt; ` +
          `stopped: ${summary.stoppedBy}${summary.remaining ? `, ${summary.remaining} URLs left in the frontier` : ''}\n`,
      );
      if (summary.stoppedBy === 'interrupted') {
        process.stderr.write(out ? `rerun the same command to resume from ${out}\n` : 'records went to stdout: rerun with --out to be able to resume\n');
        exitWith(EXIT_INTERRUPTED);
      }
    } finally {
      process.off('SIGINT', onSigint);
      await sink.close();
    }
  });

  const verifyCmd = addScorerOptions(
    program
      .command('verify')
      .description('check evidence records: body hashes (with --snapshots), text hashes, post offsets, and every assessment re-scored')
      .argument('<records>', 'NDJSON file written by crawl --out')
      .option('--snapshots <dir>', 'the directory given to crawl --snapshots: re-hash every stored body and re-extract its text')
      .option('--json', 'print one JSON summary with every problem')
      .option('--strict', 'also fail (exit 3) on differences explained by other scorer versions'),
  );
  verifyCmd.addHelpText(
    'after',
    `
For every record: the body stored as <snapshots>/<sha256> must hash to its name (without
--snapshots the bodies are not checked and the summary says so); the text must match the
sha256 in its assessment and, re-extracted from the body, the text itself; every post must be
the page text at its offsets; every assessment is recomputed with the current scorer.
A different assessment under different scorer versions is "explained" (a new model scores
differently); under the same versions it is a failure.

Exit codes: 0 everything matches (or differs only where versions differ, without --strict),
3 some record fails, 1 usage error, 2 file unreadable.`,
  );
  verifyCmd.action(async (file: string, o: Record<string, unknown>) => {
    if (!existsSync(file)) throw Object.assign(new Error(`no such file: ${file}`), { code: 'ENOENT' });
    const snapshots = o.snapshots as string | undefined;
    if (snapshots && !existsSync(snapshots)) throw Object.assign(new Error(`no such directory: ${snapshots}`), { code: 'ENOENT' });
    const scorer = createCommandScorer(scorerOptionsFrom(o));
    const json = o.json === true;
    const print = (r: VerifyResult) => {
      if (json || r.status === 'ok') return;
      process.stdout.write(`line ${r.line}${r.url ? ` ${r.url}` : ''}: ${r.status === 'failed' ? 'FAILED' : 'explained'}\n`);
      for (const i of r.issues) process.stdout.write(`  ${i.explained ? '~' : '✗'} ${i.kind}: ${i.message}\n`);
    };
    const s = await verifyRecords(file, { scorer, snapshotsDir: snapshots, onResult: print });
    if (json) process.stdout.write(JSON.stringify(s) + '\n');
    else {
      process.stdout.write(
        `${s.records} records (${s.pages} pages, ${s.posts} posts, ${s.fetchErrors} fetch errors): ${s.ok} ok, ${s.explained} differ with explained reasons, ${s.failed} failed\n` +
          `bodies: ${s.bodiesChecked} re-hashed${s.bodiesNotChecked ? `, ${s.bodiesNotChecked} not checked (give --snapshots)` : ''}\n` +
          `versions: ${s.versionDiffers} records scored with other versions than the current ${JSON.stringify(s.currentVersions)}\n`,
      );
    }
    if (s.failed > 0 || (o.strict === true && s.explained > 0)) exitWith(EXIT_MISMATCH);
  });
}
