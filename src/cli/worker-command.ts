/** `smuggling-risk worker`: a Redis Streams consumer-group worker (see docs/scaling.md). */
import type { Command } from 'commander';
import { addScorerOptions, createCommandScorer, positiveInt, scorerOptionsFrom } from './options.js';

export function registerWorkerCommand(program: Command): void {
  const cmd = addScorerOptions(
    program
      .command('worker')
      .description('score posts from a Redis stream as one consumer of a consumer group, results to another stream')
      .option('--redis <url>', 'Redis URL (redis://[user:password@]host:port[/db], rediss:// for TLS)', 'redis://127.0.0.1:6379')
      .option('--stream <key>', 'stream of posts (fields: id, text, optional lang, meta)', 'posts')
      .option('--group <name>', 'consumer group (created with MKSTREAM if missing)', 'scorers')
      .option('--consumer <name>', 'this consumer\'s name, unique in the group (default: host-pid)')
      .option('--results <key>', 'stream the results go to (fields: id, entry, assessment)', 'scores')
      .option('--dead-letter <key>', 'stream for entries that cannot be scored (fields: id, entry, reason, deliveries, fields)', 'posts:dead')
      .option('--claim-idle-ms <ms>', 'claim other consumers\' entries pending this long', positiveInt, 30_000)
      .option('--batch <n>', 'entries read at a time', positiveInt, 100)
      .option('--max-deliveries <n>', 'entries delivered more often than this go to the dead letters', positiveInt, 5)
      .option('--block-ms <ms>', 'longest wait of one read for new entries', positiveInt, 2_000)
      .option('--redact', 'store assessments and dead letters with phone numbers, handles, URLs, e-mails and names replaced by keyed hashes')
      .option('--redact-key-file <file>', 'the secret key for --redact (implies --redact); or set SMUGGLING_RISK_REDACT_KEY')
      .option('--no-redact-names', 'with --redact: leave person names'),
  );
  cmd.addHelpText(
    'after',
    `
Runs until SIGTERM or SIGINT, then finishes the batch in hand, acknowledges it and exits 0.
Results and acknowledgements are written in one transaction (at-least-once: a result may be
written twice after a crash, never lost). Run as many workers as you like, on any machines,
with the same --stream and --group and distinct --consumer names.

Example:
  smuggling-risk worker --redis redis://queue.internal:6379 --consumer scorer-1`,
  );
  cmd.action(async (o: Record<string, unknown>) => {
    // Loaded here: ioredis and the worker code stay out of every other command's start.
    const { runWorker, defaultConsumerName } = await import('../worker/stream-worker.js');
    let redactor;
    if (o.redact || o.redactKeyFile !== undefined) {
      const { readKey } = await import('./score-command.js');
      const { createRedactor } = await import('../analysis/redact.js');
      redactor = await createRedactor({ key: readKey(o, process.stderr), names: o.redactNames !== false });
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    try {
      await runWorker(
        {
          redis: o.redis as string,
          stream: o.stream as string,
          group: o.group as string,
          consumer: (o.consumer as string | undefined) ?? defaultConsumerName(),
          results: o.results as string,
          deadLetter: o.deadLetter as string,
          claimIdleMs: o.claimIdleMs as number,
          batch: o.batch as number,
          maxDeliveries: o.maxDeliveries as number,
          blockMs: o.blockMs as number,
          createScorer: () => createCommandScorer(scorerOptionsFrom(o)),
          ...(redactor ? { redactor } : {}),
        },
        controller.signal,
      );
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
  });
}
