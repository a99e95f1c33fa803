import { mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDroppedReceipts, type FileReader } from '../../../src/main/core/quick-add/dropped-files';

let dir: string;
const files: FileReader = { size: async (p) => (await stat(p)).size, read: (p) => readFile(p) };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dropped-'));
  await writeFile(join(dir, 'taxi.JPG'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  await writeFile(join(dir, 'hotel.pdf'), '%PDF-1.4');
  await writeFile(join(dir, 'notes.txt'), 'hello');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('files dropped on the tray icon', () => {
  it('reads the first image or PDF as the receipt and names the files left out', async () => {
    const outcome = await readDroppedReceipts(
      [join(dir, 'notes.txt'), join(dir, 'taxi.JPG'), join(dir, 'hotel.pdf'), join(dir, 'missing.png')],
      files,
    );
    expect(outcome.receipts).toEqual([{ name: 'taxi.JPG', mime: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) }]);
    expect(outcome.receipts[0]!.bytes.constructor).toBe(Uint8Array);
    expect(outcome.refused).toEqual([
      'notes.txt cannot be a receipt: receipts must be JPEG, PNG, WebP or HEIC photos, or PDF files.',
      'hotel.pdf was not attached: an expense has one receipt.',
      'missing.png was not attached: an expense has one receipt.',
    ]);
  });

  it('leaves out GIF and TIFF, which the quick-add window would refuse anyway (one list of types)', async () => {
    await writeFile(join(dir, 'scan.gif'), 'GIF89a');
    await writeFile(join(dir, 'scan.tiff'), Buffer.from([0x49, 0x49, 0x2a, 0]));
    await writeFile(join(dir, 'photo.HEIF'), Buffer.from('....ftypheic'));
    const outcome = await readDroppedReceipts([join(dir, 'scan.gif'), join(dir, 'scan.tiff'), join(dir, 'photo.HEIF')], files);
    expect(outcome.refused).toEqual([
      'scan.gif cannot be a receipt: receipts must be JPEG, PNG, WebP or HEIC photos, or PDF files.',
      'scan.tiff cannot be a receipt: receipts must be JPEG, PNG, WebP or HEIC photos, or PDF files.',
    ]);
    expect(outcome.receipts.map((r) => [r.name, r.mime])).toEqual([['photo.HEIF', 'image/heic']]);
  });

  it('says when a file cannot be read or is too large', async () => {
    const outcome = await readDroppedReceipts([join(dir, 'missing.png')], files);
    expect(outcome).toEqual({ receipts: [], refused: ['missing.png could not be read.'] });
    const huge = await readDroppedReceipts([join(dir, 'hotel.pdf')], { ...files, size: async () => 26 * 1024 * 1024 });
    expect(huge.refused).toEqual(['hotel.pdf is larger than 25 MB.']);
  });
});
