/**
 * `npm run receipts:read` end to end in Node: the real reader (tesseract.js, the packaged English
 * traineddata, the shared rules) on one labelled scan, plus a PDF with a text layer and a missing file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SROIE_DIR } from '../../support/node/receipt-scoring';
import { textPdf } from '../../support/common/text-pdf';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'receipts-read-'));
  await writeFile(join(dir, 'cafe.pdf'), textPdf(['CAFE LUMIERE SARL', 'Date: 14/07/2025', 'Sous-total 10,00', 'TOTAL TTC 12,50 EUR']));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run receipts:read', () => {
  it('prints one JSON line per file with the fields read', async () => {
    const { stdout } = await run(
      'npx',
      ['tsx', 'src/main/core/receipt-reading/cli.ts', join(SROIE_DIR, '000.jpg'), join(dir, 'cafe.pdf'), join(dir, 'missing.jpg')],
      { timeout: 60_000 },
    );
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ file: '000.jpg', total: '9.00', currency: 'MYR', date: '2018-12-25' });
    expect(String(lines[0]!.merchant)).toContain('SDN BHD');
    expect(lines[0]!.ms).toBeGreaterThan(0);
    expect(lines[1]).toMatchObject({ file: 'cafe.pdf', total: '12.50', currency: 'EUR', date: '2025-07-14', merchant: 'CAFE LUMIERE SARL' });
    expect(lines[2]).toMatchObject({ file: 'missing.jpg' });
    expect(String(lines[2]!.error)).toContain('ENOENT');
  }, 90_000);
});
