/** The `smuggling-risk` command: a thin shell over the library. */
import { Command, Option } from 'commander';
import { createScorer } from '../scorer.js';
import { addScorerOptions, positiveInt, scorerOptionsFrom } from './options.js';
import { ansiStyle, formatAssessment, plainStyle } from './pretty.js';
import { scoreStream } from './score-stream.js';
import { registerTrainCommands } from './train-commands.js';

export const EXIT = { ok: 0, usage: 1, input: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('smuggling-risk')
    .description('Explainable risk scores for migrant-smuggling and trafficking content in short posts.')
    .showHelpAfterError()
    .exitOverride();

  const score = addScorerOptions(
    program
      .command('score')
      .description('score one post given as an argument, or a stream of posts on stdin')
      .argument('[text]', 'the post to score')
      .addOption(new Option('--input <format>', 'read posts from stdin').choices(['ndjson', 'text']))
      .option('--json', 'print the assessment as JSON')
      .option('--max-line-length <n>', 'longest accepted input line, in characters', positiveInt, 10_000_000),
  );
  score.addHelpText(
    'after',
    `
Examples:
  smuggling-risk score "Trips from Zuwara to Italy, 100% guaranteed, WhatsApp +218 91 234 5678"
  smuggling-risk score --json "..." | jq .signals
  smuggling-risk score --input ndjson < posts.jsonl > assessments.jsonl
  smuggling-risk score --input text < one-post-per-line.txt

With --input, every line gives one output line in input order; a bad line gives
{"line": N, "error": "..."} in its place and the stream goes on. Exit codes: 0 ok,
1 usage error, 2 input unreadable.`,
  );
  score.action(async (text: string | undefined, o: Record<string, unknown>) => {
    const scorer = createScorer(scorerOptionsFrom(o));
    if (o.input) {
      if (text !== undefined) throw new UsageError('give either a text argument or --input, not both');
      await scoreStream(scorer, process.stdin, process.stdout, {
        input: o.input as 'ndjson' | 'text',
        maxLineLength: o.maxLineLength as number,
      });
      return;
    }
    if (text === undefined) throw new UsageError('give the text to score, or --input ndjson|text to read stdin');
    const a = scorer.score(text);
    if (o.json) process.stdout.write(JSON.stringify(a) + '\n');
    else process.stdout.write(formatAssessment(text, a, process.stdout.isTTY ? ansiStyle : plainStyle) + '\n');
  });

  registerTrainCommands(program);
  return program;
}

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return EXIT.ok;
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return EXIT.usage;
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.input;
    }
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT.input;
  }
}
