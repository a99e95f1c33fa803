/**
 * The backup ZIP's entries as EntryZip writes them (its own headers, no zipSync copy): CRC-32 as
 * zlib computes it, stored entries handed on as the caller's own bytes, and files that fflate,
 * Python's zipfile (CRCs checked) and the format's layout agree on.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '@renderer/backup/crc32';
import { deflateRaw, EntryZip } from '@renderer/backup/entry-zip';

const u8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function written(add: (zip: EntryZip) => void): { file: Uint8Array; pieces: Uint8Array[] } {
  const pieces: Uint8Array[] = [];
  const zip = new EntryZip((piece) => pieces.push(piece));
  add(zip);
  zip.end();
  const file = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of pieces) {
    file.set(p, at);
    at += p.byteLength;
  }
  return { file, pieces };
}

describe('CRC-32', () => {
  it('matches zlib on empty, short and large inputs, whole or continued piece by piece', () => {
    const big = new Uint8Array(randomBytes(700_000));
    for (const bytes of [new Uint8Array(0), u8('123456789'), u8('ünïcødé ✓ 🧾'), big]) {
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
    expect(crc32(u8('123456789'))).toBe(0xcbf43926); // the check value of CRC-32/ISO-HDLC
    let running = 0;
    for (let at = 0; at < big.byteLength; at += 65_536) running = crc32(big.subarray(at, at + 65_536), running);
    expect(running).toBe(zlibCrc32(big));
  });
});

describe('EntryZip entries', () => {
  const receipt = new Uint8Array(randomBytes(600 * 1024));
  const part = u8(JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: `e${i}`, notes: 'Taxi, "airport" 🚕' })))) as Uint8Array<ArrayBuffer>;
  let deflated: Uint8Array;
  beforeAll(async () => {
    deflated = await deflateRaw(part);
  });

  it('hands a stored entry on as the caller’s bytes, not a copy, after a header with its sizes and CRC', () => {
    const { pieces } = written((zip) => zip.add('blobs/receipts/0/blob', receipt));
    expect(pieces[1]).toBe(receipt);
    const local = new DataView(pieces[0]!.buffer);
    expect(local.getUint32(0, true)).toBe(0x04034b50);
    expect(local.getUint16(6, true) & 0x0008).toBe(0); // no data descriptor
    expect(local.getUint16(8, true)).toBe(0); // stored
    expect(local.getUint32(14, true)).toBe(zlibCrc32(receipt));
    expect(local.getUint32(18, true)).toBe(receipt.byteLength);
    expect(local.getUint32(22, true)).toBe(receipt.byteLength);
  });

  it('reads back whole through fflate: stored and deflated entries, a non-ASCII name flagged UTF-8', () => {
    const { file } = written((zip) => {
      zip.add('tables/expenses/0.json', part, deflated);
      zip.add('blobs/receipts/0/blob', receipt);
      zip.add('blobs/reçus/ü/blob', u8('x'));
    });
    const all = unzipSync(file);
    expect(Object.keys(all)).toEqual(['tables/expenses/0.json', 'blobs/receipts/0/blob', 'blobs/reçus/ü/blob']);
    expect(all['tables/expenses/0.json']).toEqual(part);
    expect(all['blobs/receipts/0/blob']).toEqual(receipt);
  });

  const python = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0;
  if (!python) console.warn('SKIPPED: python3 with zipfile is not on this machine; EntryZip’s file was not checked by a standard tool');

  it.runIf(python)('is a ZIP that Python’s zipfile lists and CRC-checks, compressed where asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'courier-entry-zip-'));
    try {
      const path = join(dir, 'entries.ecbackup');
      const { file } = written((zip) => {
        zip.add('tables/expenses/0.json', part, deflated);
        zip.add('blobs/receipts/0/blob', receipt);
        zip.add('blobs/reçus/ü/blob', u8('x'));
      });
      await writeFile(path, file);
      const script = [
        'import sys, zipfile, json',
        'z = zipfile.ZipFile(sys.argv[1])',
        'print(json.dumps({"bad": z.testzip(), "entries": [[i.filename, i.compress_type, i.file_size, i.compress_size] for i in z.infolist()]}))',
      ].join('\n');
      const listed = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as { bad: string | null; entries: [string, number, number, number][] };
      expect(listed.bad).toBeNull();
      const [json, blob, named] = listed.entries;
      expect(json![0]).toBe('tables/expenses/0.json');
      expect(json![1]).toBe(8);
      expect(json![3]).toBeLessThan(json![2] / 5);
      expect(blob).toEqual(['blobs/receipts/0/blob', 0, receipt.byteLength, receipt.byteLength]);
      expect(named![0]).toBe('blobs/reçus/ü/blob');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
