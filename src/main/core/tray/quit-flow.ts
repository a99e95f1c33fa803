/**
 * Quit really quits, but never in the middle of a sync round the renderer has not applied: the
 * first quit attempt during a round is held back, the leading window is asked (quitRequested)
 * to finish or park the round, and the app quits when it answers (quitReady) or at the
 * deadline, whichever comes first. A round cut short is safe to replay (docs/architecture.md: a crash between 4 and 5 replays the round): the
 * wait only spares the user a replay, it is not needed for correctness.
 */
export const QUIT_DEADLINE_MS = 5_000;

export interface QuitFlowDeps {
  /** Is a round running right now (from the leading window's queue report)? */
  isSyncing(): boolean;
  /** Send quitRequested to the leading window; false when there is no window to ask. */
  requestPark(deadlineMs: number): boolean;
  /** Quit for real (Electron: app.quit(), which comes back through beforeQuit). */
  quit(): void;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  deadlineMs?: number;
}

export type QuitPhase = 'running' | 'parking' | 'quitting';

export interface QuitFlow {
  /** Call from `before-quit`: 'proceed' lets it go on, 'hold' means preventDefault. */
  beforeQuit(): 'proceed' | 'hold';
  /** The leading window answered quitRequested. */
  parked(): void;
  phase(): QuitPhase;
}

export function createQuitFlow(deps: QuitFlowDeps): QuitFlow {
  const deadline = deps.deadlineMs ?? QUIT_DEADLINE_MS;
  let phase: QuitPhase = 'running';
  let timer: unknown;

  const finish = (): void => {
    if (phase !== 'parking') return;
    deps.clearTimer(timer);
    phase = 'quitting';
    deps.quit();
  };

  return {
    beforeQuit() {
      if (phase === 'quitting') return 'proceed';
      if (phase === 'parking') return 'hold';
      if (!deps.isSyncing() || !deps.requestPark(deadline)) {
        phase = 'quitting';
        return 'proceed';
      }
      phase = 'parking';
      timer = deps.setTimer(finish, deadline);
      return 'hold';
    },
    parked: finish,
    phase: () => phase,
  };
}
