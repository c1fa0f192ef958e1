// @apexproof/cli — `apexproof check <domain>`, also usable as a function.
export { type CheckArgs, parseCheckArgs, USAGE } from './args.js';
export {
  type CheckReport,
  exitCodeOf,
  type Outcome,
  type PerspectiveLine,
  runCheck,
} from './check.js';
export { type Io, main, USAGE_ERROR, VERSION } from './main.js';
export { explain, renderJson, renderText } from './render.js';
