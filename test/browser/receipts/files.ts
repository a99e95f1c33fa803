/** Fixture files as real File objects in the page (served by Vite from test/fixtures/receipts). */
import jpegUrl from '../../fixtures/receipts/taxi-receipt.jpg?url';
import pngUrl from '../../fixtures/receipts/hotel-receipt.png?url';
import webpUrl from '../../fixtures/receipts/lunch-receipt.webp?url';
import heicUrl from '../../fixtures/receipts/iphone-photo.heic?url';
import pdfUrl from '../../fixtures/receipts/invoice-3-pages.pdf?url';
import corruptUrl from '../../fixtures/receipts/corrupt-photo.jpg?url';
import exeUrl from '../../fixtures/receipts/renamed-program.jpg?url';
import emptyUrl from '../../fixtures/receipts/empty.png?url';

export const FIXTURES = {
  jpeg: { url: jpegUrl, name: 'taxi-receipt.jpg', type: 'image/jpeg' },
  png: { url: pngUrl, name: 'hotel-receipt.png', type: 'image/png' },
  webp: { url: webpUrl, name: 'lunch-receipt.webp', type: 'image/webp' },
  heic: { url: heicUrl, name: 'iphone-photo.heic', type: '' },
  pdf: { url: pdfUrl, name: 'invoice-3-pages.pdf', type: 'application/pdf' },
  corrupt: { url: corruptUrl, name: 'corrupt-photo.jpg', type: 'image/jpeg' },
  exe: { url: exeUrl, name: 'renamed-program.jpg', type: 'image/jpeg' },
  empty: { url: emptyUrl, name: 'empty.png', type: 'image/png' },
} as const;
export type FixtureName = keyof typeof FIXTURES;

export async function fixtureBytes(name: FixtureName): Promise<Uint8Array> {
  const response = await fetch(FIXTURES[name].url);
  if (!response.ok) throw new Error(`fixture ${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A fixture as the File a drop or a picker would give (optionally under another name). */
export async function fixtureFile(name: FixtureName, as?: string): Promise<File> {
  const f = FIXTURES[name];
  return new File([(await fixtureBytes(name)) as BlobPart], as ?? f.name, { type: f.type });
}

export async function sha256(bytes: Uint8Array | Blob): Promise<string> {
  const buffer = bytes instanceof Blob ? await bytes.arrayBuffer() : bytes;
  const digest = await crypto.subtle.digest('SHA-256', buffer as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A real DataTransfer holding real files, as a drag from the file manager carries them. */
export function transferOf(files: readonly File[]): DataTransfer {
  const dt = new DataTransfer();
  for (const file of files) dt.items.add(file);
  return dt;
}

/** Dispatches the events of a drag that ends with a drop on `target`; returns the drop event. */
export function dragAndDrop(target: Element, dt: DataTransfer): DragEvent {
  for (const type of ['dragenter', 'dragover'] as const) {
    target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }
  const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
  target.dispatchEvent(drop);
  return drop;
}

/** Decodes an image blob and gives its size (throws when it is not a decodable image). */
export async function imageSize(blob: Blob): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

/** Waits until `check` returns a truthy value (DOM updates after async work). */
export async function until<T>(check: () => T | Promise<T>, what: string, tries = 800): Promise<NonNullable<T>> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
