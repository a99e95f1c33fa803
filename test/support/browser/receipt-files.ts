/**
 * Receipt files made on the spot (no binaries needed): a real multi-page PDF written by hand,
 * canvas images in any size, and HEIC containers. Used by the browser tests for the oversize
 * cases (never committed) and by test/fixtures/receipts/generate.ts for the committed fixtures.
 */

/** A valid PDF with one page per text (Helvetica), optionally padded with a comment to `padBytes`. */
export function makePdf(pageTexts: readonly string[], options: { padBytes?: number } = {}): Uint8Array {
  const objects: string[] = [];
  const pageIds = pageTexts.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageTexts.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pageTexts.forEach((text, i) => {
    const pageId = pageIds[i]!;
    const safe = text.replace(/[()\\]/g, '');
    const content = `BT /F1 36 Tf 72 700 Td (${safe}) Tj ET\nBT /F1 18 Tf 72 650 Td (Page ${i + 1} of ${pageTexts.length}) Tj ET`;
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  });
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  if (options.padBytes && options.padBytes > out.length) {
    // A PDF comment line may be as long as it likes: a large but valid file.
    const line = `%${'x'.repeat(1022)}\n`;
    while (out.length < options.padBytes) out += line;
  }
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  // Latin-1: every char is one byte, so the xref offsets above are byte offsets.
  return Uint8Array.from(out, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * A HEIC container start: an `ftyp` box with brand heic (and mif1 compatible), then a `meta` box
 * stub and zero padding to `size` bytes. Enough to be identified by content; not a decodable image
 * (no HEVC encoder is available here; Chromium cannot decode HEIC anyway).
 */
export function makeHeic(size = 2048): Uint8Array {
  const bytes = new Uint8Array(Math.max(size, 64));
  const ftyp = [0, 0, 0, 0x18, ...'ftypheic'.split('').map((c) => c.charCodeAt(0)), 0, 0, 0, 0, ...'mif1heic'.split('').map((c) => c.charCodeAt(0))];
  bytes.set(ftyp, 0);
  bytes.set([0, 0, 0, 0x0c, ...'meta'.split('').map((c) => c.charCodeAt(0)), 0, 0, 0, 0], 0x18);
  return bytes;
}

/** A receipt-like picture: white paper, a few lines of text. */
export async function receiptImage(
  type: 'image/jpeg' | 'image/png' | 'image/webp',
  options: { width?: number; height?: number; title?: string; quality?: number } = {},
): Promise<Blob> {
  const width = options.width ?? 360;
  const height = options.height ?? 480;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#f4f1e8';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#222';
  ctx.font = `${Math.round(width / 12)}px sans-serif`;
  ctx.fillText(options.title ?? 'CITY TAXI', width * 0.1, height * 0.15);
  ctx.font = `${Math.round(width / 20)}px monospace`;
  ['Fare      12.40', 'Tip        2.00', 'TOTAL     14.40'].forEach((line, i) => ctx.fillText(line, width * 0.1, height * (0.35 + i * 0.1)));
  return canvas.convertToBlob({ type, quality: options.quality ?? 0.9 });
}

/** Random pixels: compresses badly, so a modest size gives a big file (oversize tests). */
export async function noiseImage(width: number, height: number, type: 'image/png' | 'image/jpeg', quality = 1): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(width, height);
  let seed = 0x9e3779b9;
  for (let i = 0; i < image.data.length; i += 4) {
    // xorshift32: every bit is random (an LCG's low bits repeat and compress well).
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    image.data[i] = seed & 0xff;
    image.data[i + 1] = (seed >>> 8) & 0xff;
    image.data[i + 2] = (seed >>> 16) & 0xff;
    image.data[i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type, quality });
}
