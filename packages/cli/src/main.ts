// The command as a function: arguments in, text out, an exit code back. The bin wires it to
// the process; tests call it with their own streams.
import { parseCheckArgs, USAGE } from './args.js';
import { exitCodeOf, runCheck } from './check.js';
import { renderJson, renderText } from './render.js';

/** The streams and environment the command writes to and reads (the process's, or a test's). */
export interface Io {
  readonly stdout: {
    /** Writes part of the report. */
    write(text: string): unknown;
    readonly isTTY?: boolean;
  };
  readonly stderr: {
    /** Writes a usage mistake or a failure. */
    write(text: string): unknown;
  };
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The version `apexproof --version` prints. */
export const VERSION = '0.1.0';
/** The exit code of a usage mistake (EX_USAGE from sysexits). */
export const USAGE_ERROR = 64;

/** Runs the command: 0 found (or shown), 1 not found, 2 lookup failed, 64 a usage mistake. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCheckArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(`apexproof ${VERSION}\n`);
    return 0;
  }
  if (parsed.kind === 'usage') {
    io.stderr.write(`apexproof: ${parsed.error}\n\n${USAGE}\n`);
    return USAGE_ERROR;
  }
  const { args } = parsed;
  const report = await runCheck(args);
  if ('usage' in report) {
    io.stderr.write(`apexproof: ${report.usage}\n`);
    return USAGE_ERROR;
  }
  // Colour only on a terminal, never when NO_COLOR is set, unless forced either way.
  const color = args.color ?? (io.stdout.isTTY === true && !io.env?.NO_COLOR);
  io.stdout.write(args.json ? renderJson(report) : renderText(report, color));
  return exitCodeOf(report.outcome);
}
