import { newId } from '../model/ids.js';
import type { Context } from './context.js';

/** A new row id in the format the policy asks for. */
export const newRowId = (ctx: Context): string => newId(ctx.random, ctx.policy.idFormat);
