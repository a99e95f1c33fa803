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
import { receiptPng } from '../../support/node/receipt-photo';

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

  it('reads with the language --lang names, and refuses one the app has no data for', async () => {
    await writeFile(join(dir, 'bakery.png'), await receiptPng(['BOULANGERIE DUPONT', 'Le 12/03/2025 à 08:15', 'Crème brûlée 4,50 €', 'TOTAL TTC 5,70 €']));
    const { stdout } = await run('npx', ['tsx', 'src/main/core/receipt-reading/cli.ts', '--lang', 'fra', join(dir, 'bakery.png')], { timeout: 60_000 });
    expect(JSON.parse(stdout.trim())).toMatchObject({ file: 'bakery.png', total: '5.70', currency: 'EUR', date: '2025-03-12', merchant: 'BOULANGERIE DUPONT' });

    const refused = await run('npx', ['tsx', 'src/main/core/receipt-reading/cli.ts', '--lang=deu', join(dir, 'bakery.png')], { timeout: 60_000 }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect((refused as { stderr: string }).stderr).toContain('no language data for "deu": the app packages eng, fra, eng+fra');
  }, 90_000);
});
