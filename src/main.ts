import { buildProgram } from './cli/program.ts';
import { AppError, exitCodeFor } from './shared/errors.ts';

/** Entry point: `appmeta <command>`. Errors become a one-line message and a stable exit code. */
buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const msg = err instanceof AppError ? `${err.code}: ${err.message}` : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`appmeta: ${msg}\n`);
    process.exit(exitCodeFor(err));
  });
