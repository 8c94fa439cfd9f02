/** The `smuggling-risk` command: a thin shell over the library. */
import { Command } from 'commander';
import { EXIT, InputError, UsageError } from './errors.js';
import { registerScoreCommand } from './score-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTrainCommands } from './train-commands.js';
import { registerCrawlCommands } from './crawl-commands.js';
import { registerAnalysisCommands } from './analysis-commands.js';
import { registerWorkerCommand } from './worker-command.js';

export { EXIT, InputError, UsageError } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('smuggling-risk')
    .description('Explainable risk scores for migrant-smuggling and trafficking content in short posts.')
    .showHelpAfterError()
    .exitOverride();

  registerScoreCommand(program);
  registerServeCommand(program);
  registerTrainCommands(program);
  registerCrawlCommands(program);
  registerAnalysisCommands(program);
  registerWorkerCommand(program);
  return program;
}

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
    if (err instanceof InputError || e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.input;
    }
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT.input;
  }
}
