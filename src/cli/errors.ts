/** Exit codes and the errors that choose them. */

/**
 * Exit codes of every command:
 * - 0: done (bad lines or rows are reported in the output and do not change the code),
 * - 1: usage error (unknown option, missing argument, missing redaction key, ...),
 * - 2: input unreadable (missing file, directory, not a CSV/Telegram export, ...).
 */
export const EXIT = { ok: 0, usage: 1, input: 2 } as const;

/** The command line asks for something impossible: exit 1. */
export class UsageError extends Error {}

/** An input cannot be read at all (not one bad record, the whole file): exit 2. */
export class InputError extends Error {}
