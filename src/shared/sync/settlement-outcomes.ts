/**
 * What each settlement outcome means to the code that handles it. The outcomes themselves are one
 * list (SettlementOutcomeSchema in src/shared/protocol/round.ts); every table and switch over them
 * is exhaustive, so a new outcome does not compile until each place has decided what it does.
 */
import type { SettlementOutcome } from '../protocol/round';

/** Whether the outbox rows go (`settled`) unless the engine says otherwise: only 'pending' leaves them. */
const REMOVES_OUTBOX_ROWS: Record<SettlementOutcome, boolean> = {
  created: true,
  adopted: true,
  updated: true,
  unchanged: true,
  merged: true,
  deleted: true,
  discarded: true,
  resurrected: true,
  recreated: true,
  locked: true,
  error: true,
  pending: false,
};

export const settledByDefault = (outcome: SettlementOutcome): boolean => REMOVES_OUTBOX_ROWS[outcome];

/** The end of an exhaustive switch: an unhandled case fails to compile here. */
export function unhandled(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
