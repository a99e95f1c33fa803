/** Types shared by the two halves of the browser sync world (Node commands and the test page). */

/** The simulator's FaultSpec, with the path pattern as a string (it crosses a serialisation). */
export interface FaultSpecLike {
  kind: 'latency' | 'status' | 'hang' | 'commit-then-drop' | 'drop-before';
  method?: string;
  pathPattern?: string;
  times?: number;
  ms?: number;
  status?: number;
}

export interface WorldInfo {
  handle: string;
  workspaceId: string;
  categoryId: string;
  category: string;
  /** A second user ("someone else in Kantata"). */
  otherUserId: string;
  /** The simulator's API base URL and the demo user's token (what a user types in Account). */
  baseUrl: string;
  token: string;
}

export interface WorldOptions {
  /** The core's token store reports plain-text storage (what Linux offers without a keyring). */
  plainTextStorage?: boolean;
}

export type AdminAction =
  | { op: 'list' }
  | { op: 'editAsOther'; id: string; fields: Record<string, unknown> }
  | { op: 'deleteAsOther'; id: string }
  | { op: 'lock'; id: string; how: 'submit' | 'approve' | 'invoice' }
  | { op: 'createAsOther'; fields: Record<string, unknown> }
  /** `count` expenses of the demo user made on the server directly (another device of theirs); answers the count. */
  | { op: 'seedMine'; count: number; fields: Record<string, unknown> }
  | { op: 'fault'; spec: FaultSpecLike }
  | { op: 'clearFaults' }
  | { op: 'requestCount' }
  /**
   * Moves the server clock `ms` ahead. A listing longer than a page is bounded by `updated_before`
   * the server's current second (main's sync/pull.ts): records stamped in that second are left to
   * the next pull, so tests let what they seeded be in the past before a download.
   */
  | { op: 'advanceClock'; ms: number };
