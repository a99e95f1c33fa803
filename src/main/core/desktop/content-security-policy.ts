/**
 * The renderer's Content-Security-Policy. Nothing remote: scripts, styles, fonts and workers
 * come from the app itself; receipts are shown from blob:/data: URLs; the renderer never talks
 * to the network (main does, through the contract), so connect-src is the app plus blob:/data:.
 */
export function buildContentSecurityPolicy(options: { devServerOrigin?: string | undefined } = {}): string {
  const hmrSocket = options.devServerOrigin?.replace(/^http/, 'ws');
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    // 'wasm-unsafe-eval' compiles WebAssembly only (pdf.js image decoders, OCR); JS eval stays off.
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    // Vue and the virtual list set inline style attributes; no remote stylesheets.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'blob:', 'data:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", 'blob:', 'data:', ...(hmrSocket ? [hmrSocket] : [])],
    // pdf.js runs its parser in a worker (from the bundle, or a blob: URL).
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
