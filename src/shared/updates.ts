/** The update flow's state as the main window shows it (banner), and the answers to its calls. */
import { z } from 'zod';

export const UpdateStateSchema = z.discriminatedUnion('phase', [
  /** Turned off in Settings, by the managed install, or not a packaged build. */
  z.object({ phase: z.literal('disabled'), reason: z.enum(['setting', 'managed', 'unpackaged', 'no-feed']) }),
  z.object({ phase: z.literal('idle'), lastCheckAt: z.number().nullable() }),
  z.object({ phase: z.literal('checking') }),
  z.object({ phase: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100) }),
  /** Downloaded: "Restart to update". */
  z.object({ phase: z.literal('ready'), version: z.string() }),
  z.object({ phase: z.literal('error'), message: z.string(), lastCheckAt: z.number().nullable() }),
]);
export type UpdateState = z.infer<typeof UpdateStateSchema>;

export const UpdateRestartRequestSchema = z.object({
  /** The main window has form input not saved yet: the restart waits. */
  unsavedInput: z.boolean(),
});

export const UpdateRestartResultSchema = z.object({
  restarting: z.boolean(),
  /** Why not now: a sync round is running (it restarts when the round ends), or input is unsaved. */
  reason: z.enum(['syncing', 'unsaved-input', 'not-ready']).nullable(),
});
export type UpdateRestartResult = z.infer<typeof UpdateRestartResultSchema>;

/** Shown once after the update was installed. */
export const UpdateInstalledSchema = z.object({ version: z.string(), releaseNotes: z.string() });
export type UpdateInstalled = z.infer<typeof UpdateInstalledSchema>;
