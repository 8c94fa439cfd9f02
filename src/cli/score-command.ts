/** `smuggling-risk score`: options, help and action. */
import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createRedactor, MIN_KEY_BYTES, type Redactor } from '../analysis/redact.js';
import { INPUT_FORMATS, type InputFormat } from '../ingest/types.js';
import { LANGUAGE_CODE_EXPECTED, languageCode } from '../semantic/language-code.js';
import { UsageError } from './errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output/index.js';
import { addScorerOptions, createCommandScorer, number01, positiveInt, scorerOptionsFrom } from './options.js';
import { runScore, type SortOrder, type SummaryMode } from './score-run.js';

export const REDACT_KEY_ENV = 'SMUGGLING_RISK_REDACT_KEY';

const HELP = `
Input:
  Without --input, the argument is the post itself ("-" reads all of stdin as one post).
  With --input FORMAT, the arguments are files (none or "-" = stdin), read in order:
    text      one post per line; id = line number ("file:line" with several files)
    ndjson    one JSON object per line: {"id", "text", "lang"?, "meta"?}
    csv       a header row, then one post per row; --text-column (default "text"),
              --id-column (default "id" when present, else the row number), --lang-column
              (default "lang" when present); other columns are kept in "meta"; quoted
              cells may hold commas, quotes ("") and line breaks
    telegram  Telegram Desktop's JSON export (result.json, one chat or a full export);
              service messages and messages without text are skipped; id = message id,
              date / from / chat kept in "meta"

Output (--format):
  pretty    the explanation: score, band, highlighted evidence, reasons (default for one text)
  ndjson    one JSON object per line, in input order, streaming (default with --input)
  json      one JSON object for one text, a JSON array for --input
  csv       one row per post (scores, categories, top signals, entities; --include-text adds
            the text); cells starting with = + - @ get a leading ' against formula injection
  html      one self-contained report page (no scripts, no external requests)
  --json is an alias: --format json for one text, --format ndjson with --input.

Errors: a bad line, row or message gives an error record in its place, e.g.
  {"line": 12, "error": "invalid JSON: ..."}  or for CSV  {"line": 40, "row": 17, "error": ...}
with "file" when reading files, and the run goes on; nothing is silently dropped.
Filters (--min-score, --only-flagged) never hide errors.

Threads (--threads N, with --input): N worker threads share the work, each with its own copy
of the lexicons and model (about the memory of one scorer per thread). With ndjson or text
input and ndjson output (no --redact, no --sort score) the threads parse, score, filter and
serialise, and the main thread only reads and writes; otherwise reading, parsing, redaction,
filters and output stay in the main thread. The output is the same bytes as with one thread,
in input order, errors in place. Worth it for large inputs on several cores; each thread
takes a moment to start.

Progress and summary go to stderr, so stdout stays pure data: the progress bar appears for
files when stderr is a terminal (and stdout is not); the summary (posts, flagged, bands,
languages, errors, time) appears for pretty output or when stderr is a terminal, always with
--summary (--summary-json: one JSON line), never with --no-summary.

Privacy (--redact): phone numbers, @handles, URLs, e-mail addresses and person names (English
grammar, compromise) are replaced in the printed text, spans, entities, metadata and error
messages by keyed hashes such as [phone:3f9a1c0b2e4d]: HMAC-SHA256 with a secret key, so the
same number gives the same token in every post and run with that key, and the number itself
is never printed. The key comes from --redact-key-file FILE or $${REDACT_KEY_ENV}
(at least ${MIN_KEY_BYTES} bytes; make one with: openssl rand -hex 32 > redact.key). Redacted
JSON/CSV records carry the redacted "text", and every span's offsets point into it:
text.slice(start, end) === span.text. "sha256" and "length" still describe the original input.

Exit codes: 0 done (even with bad records, which are in the output), 1 usage error (bad option,
missing argument or redaction key), 2 input unreadable (missing file, directory, not CSV /
not a Telegram export).

Examples:
  smuggling-risk score "Trips from Zuwara to Italy, 100% guaranteed, WhatsApp +218 91 234 5678"
  smuggling-risk score --json "..." | jq .signals
  pbpaste | smuggling-risk score -
  smuggling-risk score --input ndjson < posts.jsonl > assessments.jsonl
  smuggling-risk score --input text one-post-per-line.txt
  smuggling-risk score --input csv --text-column message --id-column post_id export.csv --format csv > scored.csv
  smuggling-risk score --input telegram result.json --only-flagged --sort score --format html > report.html
  smuggling-risk score --input ndjson posts.jsonl --min-score 0.5 --summary
  smuggling-risk score --input ndjson --threads 4 < posts.jsonl > assessments.jsonl
  SMUGGLING_RISK_REDACT_KEY=$(cat redact.key) smuggling-risk score --input csv posts.csv --redact --format ndjson`;

export function readKey(o: Record<string, unknown>, stderr: NodeJS.WriteStream): Buffer {
  let key: Buffer;
  let where: string;
  if (typeof o.redactKeyFile === 'string') {
    where = o.redactKeyFile;
    try {
      key = readFileSync(o.redactKeyFile);
      const mode = statSync(o.redactKeyFile).mode;
      if (process.platform !== 'win32' && mode & 0o077) {
        stderr.write(`warning: ${o.redactKeyFile} is readable by other users; chmod 600 it\n`);
      }
    } catch (err) {
      throw new UsageError(`cannot read the redaction key file ${o.redactKeyFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else if (process.env[REDACT_KEY_ENV]) {
    where = `$${REDACT_KEY_ENV}`;
    key = Buffer.from(process.env[REDACT_KEY_ENV]!, 'utf8');
  } else {
    throw new UsageError(
      `--redact needs a secret key: --redact-key-file FILE or the environment variable ${REDACT_KEY_ENV} (make one with: openssl rand -hex 32 > redact.key)`,
    );
  }
  // A trailing line break from `echo` or an editor is not part of the key.
  let end = key.length;
  while (end > 0 && (key[end - 1] === 0x0a || key[end - 1] === 0x0d)) end--;
  key = key.subarray(0, end);
  if (key.length < MIN_KEY_BYTES) throw new UsageError(`the redaction key in ${where} is too short (${key.length} bytes, need at least ${MIN_KEY_BYTES})`);
  return key;
}

const LANG = (v: string) => {
  const code = languageCode(v);
  if (code === undefined) throw new InvalidArgumentError(`expected ${LANGUAGE_CODE_EXPECTED}`);
  return code;
};

export function registerScoreCommand(program: Command): void {
  const score = addScorerOptions(
    program
      .command('score')
      .description('score one post given as an argument, or posts from files or stdin (text, NDJSON, CSV, Telegram export)')
      .argument('[inputs...]', 'the post to score; with --input, files to read (default stdin)')
      .addOption(new Option('--input <format>', 'read posts in this format from the files or stdin').choices([...INPUT_FORMATS]))
      .addOption(new Option('-f, --format <format>', 'output format (default: pretty for one text, ndjson with --input)').choices([...OUTPUT_FORMATS]))
      .option('--json', 'alias: --format json (one text) or --format ndjson (with --input)')
      .option('--text-column <name>', 'csv/ndjson: column or field holding the text (default "text")')
      .option('--id-column <name>', 'csv/ndjson: column or field holding the id (default "id")')
      .option('--lang-column <name>', 'csv/ndjson: column or field holding the language code (default "lang")')
      .option('--delimiter <char>', 'csv: field delimiter (default ",")')
      .option('--lang <code>', 'language of posts that do not give one (e.g. ar), instead of detecting it', LANG)
      .option('--min-score <p>', 'only output posts scoring at least p (0..1)', number01)
      .option('--only-flagged', 'only output flagged posts')
      .addOption(new Option('--sort <order>', 'output order; "score" (highest first) buffers all results').choices(['input', 'score']).default('input'))
      .option('--include-text', 'put each post\'s text in JSON and CSV records')
      .option('--redact', 'replace phone numbers, handles, URLs, e-mails and names by keyed hashes')
      .option('--redact-key-file <file>', 'the secret key for --redact (implies --redact); or set ' + REDACT_KEY_ENV)
      .option('--no-redact-names', 'with --redact: leave person names (faster; phones, handles, URLs, e-mails still redacted)')
      .option('--summary', 'always print the run summary on stderr')
      .option('--summary-json', 'print the run summary on stderr as one JSON line')
      .option('--no-summary', 'never print the summary')
      .option('--no-progress', 'never show the progress bar')
      .option('--no-color', 'no ANSI colours in pretty output (also: NO_COLOR=1)')
      .option('--max-line-length <n>', 'text/ndjson: longest accepted line (csv: record), in bytes; longer ones are reported, not read', positiveInt, 10_000_000)
      .option('--threads <n>', 'with --input: score in n worker threads (1 = in this thread); same output, in input order', positiveInt, 1),
  );
  score.addHelpText('after', HELP);
  score.action(async (inputs: string[], o: Record<string, unknown>) => {
    const input = o.input as InputFormat | undefined;
    const stream = input !== undefined;
    if (!stream && inputs.length === 0) throw new UsageError('give the text to score ("-" for stdin), or --input text|ndjson|csv|telegram to read posts from files or stdin');
    if (!stream && inputs.length > 1) throw new UsageError('give one text (quote it), or --input FORMAT to read files');
    for (const [flag, key, formats] of [
      ['--text-column', 'textColumn', ['csv', 'ndjson']],
      ['--id-column', 'idColumn', ['csv', 'ndjson']],
      ['--lang-column', 'langColumn', ['csv', 'ndjson']],
      ['--delimiter', 'delimiter', ['csv']],
    ] as const) {
      if (o[key] !== undefined && !(formats as readonly string[]).includes(input ?? '')) throw new UsageError(`${flag} works with --input ${formats.join(' or ')}`);
    }
    const threads = o.threads as number;
    if (threads > 1 && !stream) throw new UsageError('--threads works with --input (one text is scored in this thread)');
    if (typeof o.delimiter === 'string' && o.delimiter.length !== 1 && o.delimiter !== '\\t') throw new UsageError('--delimiter: give one character (or \\t)');

    let format = o.format as OutputFormat | undefined;
    if (o.json) {
      const alias: OutputFormat = stream ? 'ndjson' : 'json';
      if (format !== undefined && format !== 'json' && format !== 'ndjson') throw new UsageError(`--json conflicts with --format ${format}`);
      format ??= alias;
    }
    format ??= stream ? 'ndjson' : 'pretty';

    const stderr = process.stderr;
    let redactor: Redactor | undefined;
    if (o.redact || o.redactKeyFile !== undefined) {
      const key = readKey(o, stderr);
      redactor = await createRedactor({ key, names: o.redactNames !== false });
    }

    // Created here even with --threads: a bad option or file is a usage error before any output.
    const scorerOptions = scorerOptionsFrom(o);
    const scorer = createCommandScorer(scorerOptions);
    const summary: SummaryMode = o.summaryJson ? 'json' : o.summary === false ? 'off' : o.summary === true ? 'text' : 'auto';
    await runScore(
      scorer,
      {
        ...(stream ? { input } : { text: inputs[0]! }),
        files: stream ? inputs : [],
        format,
        ingest: {
          maxLineLength: o.maxLineLength as number,
          ...(o.textColumn !== undefined ? { textColumn: o.textColumn as string } : {}),
          ...(o.idColumn !== undefined ? { idColumn: o.idColumn as string } : {}),
          ...(o.langColumn !== undefined ? { langColumn: o.langColumn as string } : {}),
          ...(o.delimiter !== undefined ? { delimiter: o.delimiter === '\\t' ? '\t' : (o.delimiter as string) } : {}),
        },
        ...(o.lang !== undefined ? { lang: o.lang as string } : {}),
        ...(o.minScore !== undefined ? { minScore: o.minScore as number } : {}),
        onlyFlagged: o.onlyFlagged === true,
        sort: o.sort as SortOrder,
        includeText: o.includeText === true,
        ...(redactor ? { redactor } : {}),
        summary,
        progress: o.progress !== false,
        color: o.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true,
        ...(threads > 1 ? { threads, scorerOptions } : {}),
      },
      { stdin: process.stdin, stdout: process.stdout, stderr },
    );
  });
}
