import { APP_ENTRY_URL, APP_ORIGIN, originOf } from '@shared/app-origin';

export interface RendererSource {
  /** What the main window loads. */
  entryUrl: string;
  /** Origins whose top-level frames may call main and navigate within the app. */
  trustedOrigins: readonly string[];
  /** The dev server origin while developing (electron-vite dev), otherwise undefined. */
  devServerOrigin: string | undefined;
}

/**
 * Where the renderer comes from. The dev server URL (ELECTRON_RENDERER_URL, set by
 * electron-vite dev) is honoured only in an unpackaged app: in an installed app that variable
 * would let anyone who can set the environment load a page with access to `window.courier`.
 */
export function resolveRendererSource(input: { isPackaged: boolean; devServerUrl?: string | undefined }): RendererSource {
  const devOrigin = !input.isPackaged && input.devServerUrl ? originOf(input.devServerUrl) : undefined;
  const devIsLocal = devOrigin !== undefined && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(devOrigin);
  if (devIsLocal && input.devServerUrl) {
    return { entryUrl: input.devServerUrl, trustedOrigins: [devOrigin], devServerOrigin: devOrigin };
  }
  return { entryUrl: APP_ENTRY_URL, trustedOrigins: [APP_ORIGIN], devServerOrigin: undefined };
}
