/** The benches' command line: `--name value` numbers and strings, and `--flag` switches. */
const args = process.argv.slice(2);

export const numberArg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

export const stringArg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

export const flagArg = (name: string): boolean => args.includes(`--${name}`);
