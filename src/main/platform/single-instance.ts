// One running app per user: a second launch hands over its arguments and quits.
import { app } from 'electron';
import { onSecondInstance, type SecondInstanceAction } from '../core/desktop/launch';

/** False when another instance already runs: the caller must quit without opening anything. */
export function claimSingleInstance(onAction: (action: SecondInstanceAction) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv) => onAction(onSecondInstance(argv)));
  return true;
}
