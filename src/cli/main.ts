import { useCliProgram } from './local-admin.ts';
import { program, reportCliError } from './program.ts';

/**
 * The `gerbang` command's entry (bin/gerbang.js). The program is in program.ts; a server started here runs the
 * commands a CLI sends it over the admin channel with the same program, handed to it below (local-admin.ts
 * does not import the program, so the CLI's modules form no import cycle).
 */
useCliProgram(program, reportCliError);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  reportCliError(err);
  process.exitCode = 1;
}
