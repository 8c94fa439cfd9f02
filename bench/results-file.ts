/** Writing one `## Heading` section of bench/RESULTS.md, leaving the other sections as they are. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeResultsSection(file: string, heading: string, section: string): void {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = old.search(new RegExp(`^## ${escaped}\\s*$`, 'm'));
  let next: string;
  if (start < 0) next = old.trimEnd() + '\n\n' + section;
  else {
    const rest = old.slice(start + 1);
    const end = rest.search(/^## /m);
    next = old.slice(0, start) + section + (end >= 0 ? '\n' + rest.slice(end) : '');
  }
  writeFileSync(file, next);
}
