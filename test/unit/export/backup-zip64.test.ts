/**
 * The backup ZIP's records at the classic format's limits (src/renderer/src/backup/entry-zip.ts):
 * offsets past 4 GiB and 65,535 entries take ZIP64 records, read back by the restore's end check
 * and by a standard unzip tool. The 4 GiB case without writing 4 GiB: the ZIP is written after a
 * sparse hole of 4 GiB, so its offsets are real and a standard tool reads every entry through them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { centralRecordAt, endOfZip, endRecords, EntryTooLargeError, EntryZip, ENTRY_LIMIT } from '@renderer/backup/entry-zip';

const GiB4 = 2 ** 32;
const u8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** fflate's central record for one entry, as EntryZip takes it. */
function centralOf(name: string, bytes: Uint8Array): Uint8Array {
  const single = zipSync({ [name]: [bytes, { level: 0 }] });
  const length = 46 + u8(name).byteLength;
  return single.slice(single.byteLength - 22 - length, single.byteLength - 22);
}

describe('ZIP64 records', () => {
  it('a central record keeps its offset below 4 GiB and moves it to a ZIP64 extra field from 0xFFFFFFFF on', () => {
    const record = centralOf('blobs/receipts/0/blob', u8('receipt'));
    const below = new DataView(centralRecordAt(record, GiB4 - 2).buffer);
    expect(below.byteLength).toBe(record.byteLength);
    expect(below.getUint32(42, true)).toBe(GiB4 - 2);
    expect(below.getUint16(30, true)).toBe(0);

    for (const offset of [GiB4 - 1, GiB4, GiB4 + 123_456_789, 5 * GiB4 + 7]) {
      const out = centralRecordAt(record, offset);
      const view = new DataView(out.buffer);
      expect(out.byteLength).toBe(record.byteLength + 12);
      expect(view.getUint32(42, true)).toBe(0xffffffff);
      expect(view.getUint16(6, true)).toBe(45); // version needed: ZIP64
      expect(view.getUint16(30, true)).toBe(12);
      expect(view.getUint16(record.byteLength, true)).toBe(0x0001);
      expect(view.getUint16(record.byteLength + 2, true)).toBe(8);
      expect(view.getBigUint64(record.byteLength + 4, true)).toBe(BigInt(offset));
      // Name, CRC and sizes as fflate wrote them.
      expect(out.subarray(0, 42)).toEqual(Object.assign(record.slice(0, 42), { 4: 45, 6: 45, 30: 12 }));
      expect(out.subarray(46, record.byteLength)).toEqual(record.subarray(46));
    }
  });

  it('the end records: classic within the limits, ZIP64 from 65,535 entries or 4 GiB, and read back', () => {
    const cases = [
      { entries: 65_534, size: 3_000_000, offset: GiB4 - 3_000_001, zip64: false },
      { entries: 65_535, size: 3_000_000, offset: 1_000, zip64: true },
      { entries: 70_000, size: 4_000_000, offset: 2_000_000_000, zip64: true },
      { entries: 12, size: 900, offset: GiB4 - 1, zip64: true },
      { entries: 12, size: 900, offset: GiB4 + 10, zip64: true },
      { entries: 3_000_000, size: GiB4 + 5, offset: 40 * GiB4, zip64: true },
    ];
    for (const c of cases) {
      const end = endRecords(c);
      expect(end.byteLength, JSON.stringify(c)).toBe(c.zip64 ? 98 : 22);
      expect(endOfZip(end)).toEqual({ entries: c.entries, size: c.size, offset: c.offset });
      // What precedes the end records (the central directory) does not confuse the reader.
      expect(endOfZip(new Uint8Array([...new Uint8Array(50).fill(7), ...end]))).toEqual({ entries: c.entries, size: c.size, offset: c.offset });
      const classic = new DataView(end.buffer, end.byteLength - 22);
      expect(classic.getUint16(10, true)).toBe(Math.min(c.entries, 0xffff));
      expect(classic.getUint32(16, true)).toBe(Math.min(c.offset, 0xffffffff));
    }
  });

  it('refuses cut-short or inconsistent end records', () => {
    const end = endRecords({ entries: 70_000, size: 4_000_000, offset: 2_000_000_000 });
    expect(endOfZip(end.subarray(0, end.byteLength - 1))).toBeNull();
    // The classic record alone says "see ZIP64", but the ZIP64 record is gone.
    expect(endOfZip(end.subarray(76))).toBeNull();
    // The locator pointing elsewhere than the ZIP64 record.
    const moved = end.slice();
    new DataView(moved.buffer).setBigUint64(64, 17n, true);
    expect(endOfZip(moved)).toBeNull();
    expect(endOfZip(new Uint8Array(10))).toBeNull();
  });

  it('an entry bigger than ZIP can hold in a local header is refused before it is written', () => {
    const chunks: Uint8Array[] = [];
    const zip = new EntryZip((c) => chunks.push(c));
    const huge = { byteLength: ENTRY_LIMIT + 1 } as Uint8Array;
    expect(() => zip.add('blobs/receipts/0/blob', huge)).toThrow(EntryTooLargeError);
    expect(chunks).toEqual([]);
  });

  it('past 65,535 entries the file is a ZIP64 that fflate and the restore check read', () => {
    const chunks: Uint8Array[] = [];
    const zip = new EntryZip((c) => chunks.push(c));
    for (let i = 0; i < 65_540; i++) zip.add(`e/${i}`, u8(String(i)));
    zip.end();
    const file = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      file.set(c, at);
      at += c.byteLength;
    }
    expect(endOfZip(file.subarray(file.byteLength - 98))?.entries).toBe(65_540);
    const all = unzipSync(file);
    expect(Object.keys(all)).toHaveLength(65_540);
    expect(new TextDecoder().decode(all['e/65539'])).toBe('65539');
  }, 120_000);
});

describe('a ZIP64 file read by a standard tool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'courier-zip64-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const python = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0;
  if (!python) console.warn('SKIPPED: python3 with zipfile is not on this machine; the ZIP64 file was not checked by a standard tool');
  const unzip = spawnSync('unzip', ['-v'], { encoding: 'utf8' }).status === 0;

  it.runIf(python)('entries whose local headers lie past 4 GiB are listed and read back, CRCs checked (Python zipfile, unzip -l)', () => {
    const path = join(dir, 'past-4gib.ecbackup');
    const start = GiB4 + 1_000;
    const fd = openSync(path, 'w');
    try {
      // A hole of 4 GiB (sparse: no disk used), then the ZIP, whose offsets count from the file's start.
      ftruncateSync(fd, start);
      let position = start;
      const zip = new EntryZip((chunk) => {
        writeSync(fd, chunk, 0, chunk.byteLength, position);
        position += chunk.byteLength;
      }, start);
      const deflated = (bytes: Uint8Array): [Uint8Array, Uint8Array] => [bytes, deflateSync(bytes)];
      zip.add('header.json', ...deflated(u8('{"format":"expense-courier-backup"}')));
      zip.add('blobs/receipts/0/blob', new Uint8Array(5_000).map((_, i) => i % 251));
      zip.add('manifest.json', ...deflated(u8('{}')));
      zip.end();
    } finally {
      closeSync(fd);
    }
    const script = [
      'import sys, zipfile, json',
      'z = zipfile.ZipFile(sys.argv[1])',
      'bad = z.testzip()',
      'print(json.dumps({"bad": bad, "entries": [[i.filename, i.header_offset, i.file_size] for i in z.infolist()]}))',
    ].join('\n');
    const listed = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as { bad: string | null; entries: [string, number, number][] };
    expect(listed.bad).toBeNull();
    expect(listed.entries.map(([name]) => name)).toEqual(['header.json', 'blobs/receipts/0/blob', 'manifest.json']);
    expect(listed.entries[0]![1]).toBe(start);
    for (const [, offset] of listed.entries) expect(offset).toBeGreaterThan(GiB4);
    expect(listed.entries[1]![2]).toBe(5_000);
    if (unzip) {
      const out = execFileSync('unzip', ['-l', path], { encoding: 'utf8' });
      expect(out).toMatch(/blobs\/receipts\/0\/blob/);
      expect(out).toMatch(/3 files/);
    } else {
      console.warn('SKIPPED: unzip is not on this machine; Python zipfile checked the file');
    }
  });
});
