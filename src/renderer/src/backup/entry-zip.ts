/**
 * The backup's ZIP, written one whole entry at a time, each with its sizes and CRC in its local
 * header. fflate's streaming `Zip` writes every entry with a trailing data descriptor instead, and
 * a streaming reader can then only find an entry's end by searching its bytes for a signature: a
 * receipt whose bytes happen to contain one (a few in ten thousand photos) came back cut short.
 *
 * Headers are written here, the data handed on as it is: a stored entry (a receipt file) is its
 * caller's own bytes, a compressed one what `deflateRaw` made of them (Chromium's and Node's
 * native zlib through CompressionStream: faster than fflate's deflate in JS, and its working
 * memory is not the JS heap's to collect). fflate's `zipSync` made a
 * whole one-file ZIP per entry instead, a copy of every receipt that then waited, with the other
 * copies on the way to main, for V8's next full collection (most of the renderer's growth during
 * a backup). The records are laid out as fflate's (version 20, DOS time, UTF-8 flag for non-ASCII
 * names), so the files read exactly as before.
 *
 * ZIP64 (APPNOTE 4.3.14, 4.3.15, 4.5.3) where the classic fields run out: a book with years of
 * receipt photos passes 4 GiB (an entry's offset, the central directory's offset and size) or
 * 65,535 entries (each receipt file and thumbnail is one). A central record whose local header
 * lies at or past 4 GiB carries its offset in a ZIP64 extra field; the end of the file then has a
 * ZIP64 end of central directory record and its locator before the classic end record, whose
 * fields that do not fit say 0xFFFF / 0xFFFFFFFF. A file within the limits stays a classic ZIP.
 * Local headers never need ZIP64: an entry is one table part (bounded rows) or one receipt file,
 * far below 4 GiB, and ENTRY_LIMIT refuses anything that is not.
 */
import { crc32 } from './crc32';

/** The most bytes one entry may hold (its sizes are 32-bit in the local header). */
export const ENTRY_LIMIT = 0xffff_fffe;

export class EntryTooLargeError extends Error {
  constructor(
    readonly entry: string,
    readonly bytes: number,
  ) {
    super(`${entry} holds ${bytes} bytes, more than one ZIP entry can (4 GiB)`);
    this.name = 'EntryTooLargeError';
  }
}

export class EntryZip {
  private offset: number;
  private readonly central: Uint8Array[] = [];
  /** One time for every entry: the backup's moment, not each entry's. */
  private readonly dosTime = dosDateTime(new Date());

  /**
   * `offset`: where in the file the ZIP's first byte goes (0 unless something precedes it).
   * `out` is handed the caller's own bytes for a stored entry: it must not change them.
   */
  constructor(
    private readonly out: (chunk: Uint8Array) => void,
    offset = 0,
  ) {
    this.offset = offset;
  }

  get entries(): number {
    return this.central.length;
  }

  /**
   * Adds an entry of `bytes`, stored as they are, or as `deflated` (deflateRaw of them) when
   * given; `bytes` may then be reused once this returns (never read again).
   */
  add(name: string, bytes: Uint8Array, deflated: Uint8Array | null = null): void {
    if (bytes.byteLength > ENTRY_LIMIT) throw new EntryTooLargeError(name, bytes.byteLength);
    const compress = deflated !== null;
    const data = deflated ?? bytes;
    const nameBytes = new TextEncoder().encode(name);
    const record = {
      name: nameBytes,
      // Longer in UTF-8 than in UTF-16 code units exactly when some character is not ASCII.
      utf8: nameBytes.byteLength > name.length,
      method: compress ? DEFLATE : STORED,
      crc: crc32(bytes),
      compressedSize: data.byteLength,
      size: bytes.byteLength,
      dosTime: this.dosTime,
    };
    const local = localHeader(record);
    this.central.push(centralRecordAt(centralRecord(record), this.offset));
    this.out(local);
    this.out(data);
    this.offset += local.byteLength + data.byteLength;
  }

  /** The central directory and the end records. */
  end(): void {
    const start = this.offset;
    let size = 0;
    for (const record of this.central) {
      this.out(record);
      size += record.byteLength;
    }
    this.out(endRecords({ entries: this.central.length, size, offset: start }));
  }
}

/** The raw DEFLATE stream (RFC 1951, no zlib header) of `bytes`, as a ZIP entry holds it. */
export async function deflateRaw(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new CompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // Not awaited: they settle only as the output below is read, which fails too if they do.
  writer.write(bytes).catch(() => undefined);
  writer.close().catch(() => undefined);
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}

const STORED = 0;
const DEFLATE = 8;
/** "Version needed to extract" (and made by) for deflate, as fflate writes it (APPNOTE 4.4.3.2). */
const VERSION = 20;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_NAME = 0x0800;
const LOCAL_FIXED = 30;

interface EntryRecord {
  name: Uint8Array;
  utf8: boolean;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  dosTime: number;
}

/** The local file header (APPNOTE 4.3.7), sizes and CRC in place: no data descriptor. */
function localHeader(entry: EntryRecord): Uint8Array {
  const out = new Uint8Array(LOCAL_FIXED + entry.name.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x04034b50, true);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, entry.utf8 ? UTF8_NAME : 0, true);
  view.setUint16(8, entry.method, true);
  view.setUint32(10, entry.dosTime, true);
  view.setUint32(14, entry.crc, true);
  view.setUint32(18, entry.compressedSize, true);
  view.setUint32(22, entry.size, true);
  view.setUint16(26, entry.name.byteLength, true);
  out.set(entry.name, LOCAL_FIXED);
  return out;
}

/** The central directory record (APPNOTE 4.3.12) without extra fields, its offset still 0. */
function centralRecord(entry: EntryRecord): Uint8Array {
  const out = new Uint8Array(CENTRAL_FIXED + entry.name.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x02014b50, true);
  view.setUint16(4, VERSION, true); // made by: version 2.0, host 0 (as fflate)
  view.setUint16(6, VERSION, true);
  view.setUint16(8, entry.utf8 ? UTF8_NAME : 0, true);
  view.setUint16(10, entry.method, true);
  view.setUint32(12, entry.dosTime, true);
  view.setUint32(16, entry.crc, true);
  view.setUint32(20, entry.compressedSize, true);
  view.setUint32(24, entry.size, true);
  view.setUint16(28, entry.name.byteLength, true);
  out.set(entry.name, CENTRAL_FIXED);
  return out;
}

/** MS-DOS date and time (APPNOTE 4.4.6), local time, two-second steps. */
function dosDateTime(date: Date): number {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107) - 1980;
  return (
    ((year << 25) | ((date.getMonth() + 1) << 21) | (date.getDate() << 16) | (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1)) >>> 0
  );
}

const CENTRAL_FIXED = 46;
const END_RECORD = 22;
const ZIP64_END_RECORD = 56;
const ZIP64_LOCATOR = 20;
/** The most bytes of the end of a ZIP that endOfZip reads. */
export const END_RECORDS_MAX = ZIP64_END_RECORD + ZIP64_LOCATOR + END_RECORD;
const U16_FULL = 0xffff;
const U32_FULL = 0xffff_ffff;
/** "Version needed to extract" for ZIP64 (APPNOTE 4.4.3.2). */
const ZIP64_VERSION = 45;

/**
 * A central directory record (without extra fields, as centralRecord writes it) for a local
 * header at `offset`: the offset in place, or past 4 GiB in a ZIP64 extra field.
 */
export function centralRecordAt(record: Uint8Array, offset: number): Uint8Array {
  if (offset < U32_FULL) {
    const out = record.slice();
    new DataView(out.buffer).setUint32(42, offset, true);
    return out;
  }
  const out = new Uint8Array(record.byteLength + 12);
  out.set(record);
  const view = new DataView(out.buffer);
  view.setUint8(4, ZIP64_VERSION); // version made by (its high byte, the host, stays)
  view.setUint16(6, ZIP64_VERSION, true);
  view.setUint16(30, 12, true); // extra field length
  view.setUint32(42, U32_FULL, true);
  const extra = record.byteLength;
  view.setUint16(extra, 0x0001, true); // ZIP64 extended information
  view.setUint16(extra + 2, 8, true);
  view.setBigUint64(extra + 4, BigInt(offset), true);
  return out;
}

export interface CentralDirectory {
  entries: number;
  /** Bytes of the central directory. */
  size: number;
  /** Where it starts. */
  offset: number;
}

/** The end of the file: the classic end record, after the ZIP64 record and locator when a field would not fit. */
export function endRecords(directory: CentralDirectory): Uint8Array {
  const { entries, size, offset } = directory;
  const zip64 = entries >= U16_FULL || size >= U32_FULL || offset >= U32_FULL;
  const out = new Uint8Array((zip64 ? ZIP64_END_RECORD + ZIP64_LOCATOR : 0) + END_RECORD);
  const view = new DataView(out.buffer);
  let at = 0;
  if (zip64) {
    view.setUint32(0, 0x06064b50, true);
    view.setBigUint64(4, BigInt(ZIP64_END_RECORD - 12), true); // the record's size after this field
    view.setUint16(12, ZIP64_VERSION, true);
    view.setUint16(14, ZIP64_VERSION, true);
    // disk numbers (16, 20) stay 0
    view.setBigUint64(24, BigInt(entries), true);
    view.setBigUint64(32, BigInt(entries), true);
    view.setBigUint64(40, BigInt(size), true);
    view.setBigUint64(48, BigInt(offset), true);
    view.setUint32(56, 0x07064b50, true);
    // disk of the ZIP64 end record (60) stays 0
    view.setBigUint64(64, BigInt(offset + size), true);
    view.setUint32(72, 1, true); // disks in all
    at = ZIP64_END_RECORD + ZIP64_LOCATOR;
  }
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, Math.min(entries, U16_FULL), true);
  view.setUint16(at + 10, Math.min(entries, U16_FULL), true);
  view.setUint32(at + 12, Math.min(size, U32_FULL), true);
  view.setUint32(at + 16, Math.min(offset, U32_FULL), true);
  return out;
}

/**
 * Reads the central directory's place and count from the last bytes of a file (up to
 * END_RECORDS_MAX of them): null unless they end with an end record without a comment, and, when
 * its fields say so, the ZIP64 record and locator before it (the layout endRecords writes).
 */
export function endOfZip(tail: Uint8Array): CentralDirectory | null {
  if (tail.byteLength < END_RECORD) return null;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const end = tail.byteLength - END_RECORD;
  if (view.getUint32(end, true) !== 0x06054b50 || view.getUint16(end + 20, true) !== 0) return null;
  const classic: CentralDirectory = {
    entries: view.getUint16(end + 10, true),
    size: view.getUint32(end + 12, true),
    offset: view.getUint32(end + 16, true),
  };
  const locator = end - ZIP64_LOCATOR;
  const hasLocator = locator >= 0 && view.getUint32(locator, true) === 0x07064b50;
  if (!hasLocator) {
    const needs64 = classic.entries === U16_FULL || classic.size === U32_FULL || classic.offset === U32_FULL;
    return needs64 ? null : classic;
  }
  const record = locator - ZIP64_END_RECORD;
  if (record < 0 || view.getUint32(record, true) !== 0x06064b50) return null;
  const u64 = (at: number): number | null => {
    const value = view.getBigUint64(at, true);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
  };
  const [entries, size, offset, recordAt] = [u64(record + 32), u64(record + 40), u64(record + 48), u64(locator + 8)];
  if (entries === null || size === null || offset === null || recordAt !== offset + size) return null;
  return { entries, size, offset };
}
