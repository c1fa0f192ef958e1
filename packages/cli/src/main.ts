// The command as a function: arguments in, text out, an exit code back. The bin wires it to
// the process; tests call it with their own streams.
import { parseCheckArgs, USAGE } from './args.js';
import { exitCodeOf, runCheck } from './check.js';
import { renderJson, renderText } from './render.js';

export interface Io {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const VERSION = '0.1.0';
export const USAGE_ERROR = 64;

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
