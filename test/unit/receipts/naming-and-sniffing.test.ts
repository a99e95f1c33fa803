import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { safeFileName } from '../../../src/main/core/receipts/safe-file-name';
import { UploadLedger, memoryLedgerStore } from '../../../src/main/core/receipts/ledger';
import { describeUnsupported, sniffReceiptKind } from '../../../src/renderer/src/receipts/sniff';
import { nameWithExtension } from '../../../src/renderer/src/receipts/names';
import { RECEIPT_ACCEPT, RECEIPT_KINDS, RECEIPT_TYPES, receiptKindOfFileName } from '@shared/receipt-types';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/receipts/${name}`, import.meta.url)));
const bytes = (...values: Array<number | string>): Uint8Array =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('safe attachment file names (letters, digits, _ and -, one extension)', () => {
  it.each([
    ['Taxi Zürich (Nov) #2.jpg', 'image/jpeg', 'Taxi_Zurich_Nov_2.jpg'],
    ['Rechnung.Hotel.Berlin.PDF', 'application/pdf', 'Rechnung_Hotel_Berlin.pdf'],
    ['  ---.png', 'image/png', 'receipt.png'],
    ['scan', 'application/pdf', 'scan.pdf'],
    ['C:\\Users\\me\\Desktop\\lunch 12€.webp', 'image/webp', 'lunch_12.webp'],
    ['写真.heic', 'image/heic', 'receipt.heic'],
    ['weird.ext!!', 'image/png', 'weird.png'],
  ])('%s -> %s', (name, mime, expected) => {
    const safe = safeFileName(name, mime);
    expect(safe).toBe(expected);
    expect(safe).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9]+$/);
  });

  it('keeps long names within bounds', () => {
    expect(safeFileName(`${'a'.repeat(300)}.jpg`, 'image/jpeg')).toBe(`${'a'.repeat(80)}.jpg`);
  });
});

describe('file type by content', () => {
  it('recognises the fixtures by their magic bytes', () => {
    expect(sniffReceiptKind(fixture('taxi-receipt.jpg'))).toBe('jpeg');
    expect(sniffReceiptKind(fixture('hotel-receipt.png'))).toBe('png');
    expect(sniffReceiptKind(fixture('lunch-receipt.webp'))).toBe('webp');
    expect(sniffReceiptKind(fixture('iphone-photo.heic'))).toBe('heic');
    expect(sniffReceiptKind(fixture('invoice-3-pages.pdf'))).toBe('pdf');
    // A corrupt JPEG still starts like one: the decoder finds it out, not the sniffer.
    expect(sniffReceiptKind(fixture('corrupt-photo.jpg'))).toBe('jpeg');
    expect(sniffReceiptKind(fixture('renamed-program.jpg'))).toBeNull();
    expect(describeUnsupported(fixture('renamed-program.jpg'))).toBe('a Windows program');
  });

  it.each(['heic', 'heix', 'mif1', 'msf1', 'hevc'])('HEIF brand %s', (brand) => {
    expect(sniffReceiptKind(bytes(0, 0, 0, 0x18, 'ftyp', brand, 0, 0, 0, 0, 'isom', 'iso2'))).toBe('heic');
  });

  it('other ISO media (an MP4, an AVIF) is not a HEIC', () => {
    expect(sniffReceiptKind(bytes(0, 0, 0, 0x18, 'ftyp', 'isom', 0, 0, 2, 0, 'isom', 'mp41'))).toBeNull();
    expect(sniffReceiptKind(bytes(0, 0, 0, 0x18, 'ftyp', 'avif', 0, 0, 0, 0, 'avif', 'miaf'))).toBeNull();
  });

  it('an AVIF listing the generic HEIF brand mif1 (as libavif writes it) is an AVIF, decided by the major brand', () => {
    const avif = bytes(0, 0, 0, 0x20, 'ftyp', 'avif', 0, 0, 0, 0, 'avif', 'mif1', 'miaf', 'MA1B');
    expect(sniffReceiptKind(avif)).toBeNull();
    expect(describeUnsupported(avif)).toBe('an AVIF image');
    // Generic major brand: AVIF when only AVIF brands follow, HEIC when a HEIC brand does.
    expect(sniffReceiptKind(bytes(0, 0, 0, 0x18, 'ftyp', 'mif1', 0, 0, 0, 0, 'mif1', 'avif'))).toBeNull();
    expect(sniffReceiptKind(bytes(0, 0, 0, 0x18, 'ftyp', 'mif1', 0, 0, 0, 0, 'mif1', 'heic'))).toBe('heic');
    // A HEIC photo (iPhone: major heic, compatible mif1 heic) stays a HEIC.
    expect(sniffReceiptKind(bytes(0, 0, 0, 0x18, 'ftyp', 'heic', 0, 0, 0, 0, 'mif1', 'heic'))).toBe('heic');
  });

  it('main and the renderer accept one list of types: every extension main takes, the content check takes too', () => {
    for (const kind of RECEIPT_KINDS) {
      for (const extension of RECEIPT_TYPES[kind].extensions) {
        expect(receiptKindOfFileName(`receipt.${extension.toUpperCase()}`)).toBe(kind);
        expect(RECEIPT_ACCEPT.split(',')).toContain(`.${extension}`);
      }
    }
    for (const refused of ['scan.gif', 'scan.tif', 'scan.tiff', 'photo.avif', 'noextension']) expect(receiptKindOfFileName(refused)).toBeNull();
  });

  it('names other common files the user may drop', () => {
    expect(describeUnsupported(bytes('GIF89a', 1, 0))).toBe('a GIF image');
    expect(describeUnsupported(bytes(0x50, 0x4b, 3, 4, 0))).toBe('a ZIP archive or Office document');
    expect(describeUnsupported(bytes('hello world'))).toBe('not an image or PDF');
  });

  it('gives a file the extension of its real type', () => {
    expect(nameWithExtension('scan.pdf', 'jpeg')).toBe('scan.jpg');
    expect(nameWithExtension('IMG_1.JPEG', 'jpeg')).toBe('IMG_1.JPEG');
    expect(nameWithExtension('invoice', 'pdf')).toBe('invoice.pdf');
    expect(nameWithExtension('photo.heif', 'heic')).toBe('photo.heif');
  });
});

describe('upload ledger', () => {
  it('survives a restart through its store and is scoped by account', () => {
    const store = memoryLedgerStore();
    const first = new UploadLedger(store);
    first.record('https://a.example/api/v1', 'h1', { attachmentId: '5001', fileName: 'a.jpg', bytes: 10, uploadedAt: 1 });
    const again = new UploadLedger(store);
    expect(again.get('https://a.example/api/v1', 'h1')?.attachmentId).toBe('5001');
    expect(again.get('https://b.example/api/v1', 'h1')).toBeUndefined();
    again.forget('https://a.example/api/v1', 'h1');
    expect(new UploadLedger(store).size).toBe(0);
  });

  it('an unreadable ledger starts empty (costs re-uploads, never a wrong link)', () => {
    expect(new UploadLedger(memoryLedgerStore({ version: 9, junk: true })).size).toBe(0);
  });
});
