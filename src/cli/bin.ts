#!/usr/bin/env node
import { main } from './main.js';

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) ends the output, it is not a failure.
  if (err.code === 'EPIPE') process.exit(0);
});
process.exitCode = await main(process.argv.slice(2));
