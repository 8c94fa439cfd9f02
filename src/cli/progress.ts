/** A progress bar on stderr for file inputs, only when a person is watching it. */
import cliProgress from 'cli-progress';

export interface Progress {
  /** `bytes` of the input read so far, and the counts to show. */
  update(bytes: number, posts: number, flagged: number): void;
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

const mb = (n: number) => (n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0);

/**
 * Shown only when stderr is a terminal and stdout is not the same terminal (the bar would tear
 * the printed results apart); `enabled: false` (--no-progress) turns it off.
 */
export function createProgress(totalBytes: number, enabled: boolean, stderr: NodeJS.WriteStream = process.stderr, stdout: NodeJS.WriteStream = process.stdout): Progress {
  if (!enabled || !stderr.isTTY || stdout.isTTY || totalBytes <= 0) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr,
      format: ' {bar} {percentage}% | {done}/{size} MB | {posts} posts, {flagged} flagged | ETA {eta_formatted}',
      clearOnComplete: true,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes, 0, { done: mb(0), size: mb(totalBytes), posts: 0, flagged: 0 });
  let last = 0;
  return {
    update(bytes, posts, flagged) {
      // A new value only when more bytes were read: the ETA is computed from value changes, and
      // the same value fed for each of the hundreds of posts of one chunk would stall it.
      const payload = { done: mb(bytes), size: mb(totalBytes), posts, flagged };
      if (bytes !== last) {
        last = bytes;
        bar.update(Math.min(bytes, totalBytes), payload);
      } else bar.update(payload);
    },
    stop() {
      bar.stop();
    },
  };
}
