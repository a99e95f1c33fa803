/**
 * Kantata refuses attachment names with anything but letters, digits, `_` and `-` before the one
 * extension. Accents are folded ("Quittung_Müller" -> "Quittung_Muller"), everything else becomes
 * `_`, and the extension is kept (or taken from the type when the name has none).
 */
const MIME_EXTENSION: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
};

const MAX_STEM = 80;

export function safeFileName(name: string, mime: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const rawStem = dot > 0 ? base.slice(0, dot) : base;
  const rawExt = dot > 0 ? base.slice(dot + 1) : '';
  const ext = /^[A-Za-z0-9]{1,8}$/.test(rawExt) ? rawExt.toLowerCase() : (MIME_EXTENSION[mime] ?? 'bin');
  const stem = rawStem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, MAX_STEM);
  return `${stem || 'receipt'}.${ext}`;
}
