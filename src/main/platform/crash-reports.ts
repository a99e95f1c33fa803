// Crash dumps from Electron's crashReporter, kept in the app's crashDumps folder and never
// uploaded (support asks for them; the diagnostics export names where they are).
import { crashReporter } from 'electron';

export function keepCrashDumpsLocally(): void {
  crashReporter.start({ uploadToServer: false, submitURL: '', compress: true, ignoreSystemCrashHandler: false });
}
