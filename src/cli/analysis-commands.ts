/** `link` and `report`: support for analysis over scored posts and crawl records. */
import { createReadStream, existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatIdentifier } from '../analysis/identifiers.js';
import { readItems, type ItemSource } from '../analysis/items.js';
import { linkItems, redactClusters, redactLinkResult, type LinkResult } from '../analysis/link.js';
import { createRedactor, type Redactor } from '../analysis/redact.js';
import { readKey, REDACT_KEY_ENV } from './score-command.js';
import { buildReport } from '../analysis/report.js';
import { renderHtml, renderMarkdown } from '../analysis/render.js';
import { MAX_RECORD_LINE } from '../ingest/records.js';
import { positiveInt } from './options.js';

const wholeNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return n;
};

async function readInput(files: string[], maxLineLength: number, redactor?: Redactor): Promise<ItemSource> {
  for (const f of files) {
    if (f !== '-' && !existsSync(f)) throw Object.assign(new Error(`no such file: ${f}`), { code: 'ENOENT' });
  }
  const streams: Readable[] = files.length === 0 ? [process.stdin] : files.map((f) => (f === '-' ? process.stdin : createReadStream(f)));
  const src = await readItems(streams, maxLineLength);
  if (src.skipped.length > 0) {
    const first = src.skipped[0]!;
    const reason = redactor ? redactor.redactText(first.reason).text : first.reason;
    process.stderr.write(`${src.skipped.length} input lines skipped (first: line ${first.line}, ${reason})\n`);
  }
  return src;
}

function addRedactOptions(cmd: Command): void {
  cmd
    .option('--redact', 'show phone numbers, handles, links, e-mails and payment names as keyed hashes (the linking uses the real ones)')
    .option('--redact-key-file <file>', 'the secret key for --redact (implies --redact); or set ' + REDACT_KEY_ENV);
}

async function redactorFrom(o: Record<string, unknown>): Promise<Redactor | undefined> {
  if (!o.redact && o.redactKeyFile === undefined) return undefined;
  // Only tokens are needed here (no text is printed), so no name finder is loaded.
  return createRedactor({ key: readKey(o, process.stderr), names: false });
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '?');

export function formatLink(r: LinkResult): string {
  const s = r.stats;
  const lines: string[] = [];
  lines.push(
    `${s.clusters} clusters linking ${s.linkedPosts} of ${s.posts} posts (${s.postsWithIdentifiers} posts carry identifiers, ${s.identifiers} distinct identifiers)`,
  );
  if (s.hubs.length) lines.push(`not linking (carried by too many posts): ${s.hubs.slice(0, 10).map((h) => `${h.identifier} ×${h.posts}`).join(', ')}`);
  for (const c of r.clusters) {
    lines.push('');
    const langs = c.languages.map((l) => `${l.code} ${l.posts}`).join(', ');
    lines.push(
      `${c.id}  ${c.posts.length} posts, max score ${c.maxScore.toFixed(2)} (${c.band}), ${c.flaggedPosts} flagged, languages ${langs}` +
        (c.firstSeen ? `, ${day(c.firstSeen)} .. ${day(c.lastSeen)}` : ''),
    );
    for (const i of c.identifiers.slice(0, 12)) lines.push(`    ${formatIdentifier(i)}  in ${i.posts} post${i.posts > 1 ? 's' : ''}`);
    if (c.identifiers.length > 12) lines.push(`    ... ${c.identifiers.length - 12} more identifiers`);
    const shown = c.posts.slice(0, 15);
    lines.push(`    posts: ${shown.join(', ')}${c.posts.length > shown.length ? `, ... ${c.posts.length - shown.length} more` : ''}`);
    if (c.sources.length) lines.push(`    pages: ${c.sources.slice(0, 5).join(', ')}${c.sources.length > 5 ? ', ...' : ''}`);
  }
  return lines.join('\n') + '\n';
}

export function registerAnalysisCommands(program: Command): void {
  const link = program
    .command('link')
    .description('cluster posts that share a phone number, handle, messenger link, e-mail or payment name')
    .argument('[files...]', 'NDJSON files (default: stdin): assessments from score --input ndjson, or crawl records')
    .option('--json', 'print { clusters: [...], stats } as JSON')
    .option('--min-size <n>', 'smallest cluster reported (1 lists every post)', positiveInt, 2)
    .option('--max-identifier-posts <n>', 'identifiers carried by more posts than this do not link (0: no limit)', wholeNumber, 0)
    .option('--max-line-length <n>', 'longest accepted input line, in bytes', positiveInt, MAX_RECORD_LINE);
  addRedactOptions(link);
  link.addHelpText(
    'after',
    `
Identifiers: phone numbers as E.164 (the same number in any notation, +, 00, Arabic-Indic
digits, with or without the country code's +), handles (@name, t.me/name, instagram.com/name
and the like are one handle, compared without the platform), wa.me/<number> and
api.whatsapp.com/send?phone= (the phone), WhatsApp group and Telegram invite links, e-mail
addresses, payment names or accounts when the entities have them. For crawl records each post
is one item, and the links inside the post (tel:, mailto:, messenger links behind "write me")
count too; a page's own address does not link its posts.

Clusters are sorted by highest score, then size. firstSeen/lastSeen come from meta.date (or the
post's <time>), else the record's fetchedAt.

Examples:
  smuggling-risk score --input ndjson < posts.jsonl | smuggling-risk link
  smuggling-risk link --json records.ndjson | jq '.clusters[0]'`,
  );
  link.action(async (files: string[], o: Record<string, unknown>) => {
    const redactor = await redactorFrom(o);
    const src = await readInput(files, o.maxLineLength as number, redactor);
    let result = linkItems(src.items, { minSize: o.minSize as number, maxIdentifierPosts: o.maxIdentifierPosts as number });
    if (redactor) result = redactLinkResult(result, redactor);
    process.stdout.write(o.json ? JSON.stringify(result) + '\n' : formatLink(result));
  });

  const report = program
    .command('report')
    .description('tactical / strategic summary: flagged posts over time, routes and prices, apps, languages, clusters')
    .argument('[files...]', 'NDJSON files (default: stdin): assessments from score --input ndjson, or crawl records')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'html']).default('md'))
    .option('--title <text>', 'report title', 'Smuggling-risk summary')
    .option('--top <n>', 'rows per table', positiveInt, 10)
    .option('--max-identifier-posts <n>', 'for clusters: identifiers carried by more posts than this do not link (0: no limit)', wholeNumber, 0)
    .option('--max-line-length <n>', 'longest accepted input line, in bytes', positiveInt, MAX_RECORD_LINE);
  addRedactOptions(report);
  report.addHelpText(
    'after',
    `
Routes: origin -> destination places named together in flagged posts (by the places' roles in
the lexicon); prices: the amounts of those posts per route and currency (min-max, median, n).
The HTML form is one self-contained page: inline SVG charts drawn by smuggling-risk, no script,
no external resource (a Content-Security-Policy forbids loading any), all input text escaped and
URLs defanged (hxxps://example[.]com). The output is deterministic: the same input gives the
same bytes (no generation time is printed).

Examples:
  smuggling-risk score --input ndjson < posts.jsonl | smuggling-risk report > summary.md
  smuggling-risk report --format html records.ndjson > summary.html`,
  );
  report.action(async (files: string[], o: Record<string, unknown>) => {
    const redactor = await redactorFrom(o);
    const src = await readInput(files, o.maxLineLength as number, redactor);
    const data = buildReport(
      src.items,
      { lines: src.lines, skippedLines: src.skipped.length, crawlRecords: src.crawlRecords, assessments: src.assessments },
      { title: o.title as string, top: o.top as number, maxIdentifierPosts: o.maxIdentifierPosts as number },
    );
    if (redactor) data.clusters = redactClusters(data.clusters, redactor);
    process.stdout.write(o.format === 'html' ? renderHtml(data) : renderMarkdown(data));
  });
}
