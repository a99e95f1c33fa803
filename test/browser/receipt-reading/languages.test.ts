/**
 * The reading worker with each packaged language, in Chromium under the app's CSP: the French
 * traineddata (a build asset of the app, like the English one) loads from the app's own origin
 * with no other request, reads French accents the English data does not, and a change of
 * language reinitialises the one warm Tesseract worker rather than starting a second one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeReader, readReceipt, readerStatus } from '@renderer/receipt-reading/reader';
import type { ReceiptReadingLanguage } from '@shared/settings';
import { receiptPhoto } from '../../support/browser/receipt-image';
import { underAppCsp, type AppCsp } from '../../support/browser/app-csp';
import { until } from '../../support/browser/mount';

const BAKERY = ['BOULANGERIE DUPONT', 'Le 12/03/2025 à 08:15', 'Pain au chocolat 1,20 €', 'Crème brûlée 4,50 €', 'TVA 5,5% 0,30 €', 'TOTAL TTC 5,70 €'];
const NOW = new Date('2025-06-01T00:00:00Z');

let csp: AppCsp;
beforeAll(async () => {
  csp = await underAppCsp();
});
afterAll(async () => {
  disposeReader();
  await csp.stop();
});

async function read(language: ReceiptReadingLanguage) {
  const { page, fields } = await readReceipt(await receiptPhoto(BAKERY, 'bakery.png'), { now: NOW, language });
  return { text: page.lines.map((line) => line.text).join('\n'), fields };
}

describe('reading with the packaged language data, under the app CSP', () => {
  it('the page enforces the policy: a request elsewhere is refused', async () => {
    await expect(fetch('https://receipts.example.com/eng.traineddata.gz')).rejects.toThrow();
    // The violation event is queued after the refusal.
    await until(() => csp.violations.length > 0, 'the violation reported');
    expect(csp.violations).toEqual([{ blocked: 'https://receipts.example.com/eng.traineddata.gz', directive: 'connect-src' }]);
    csp.violations.length = 0;
  });

  it('reads French with French data, then English, then both, in one warm worker and one Tesseract at a time', async () => {
    const french = await read('fra');
    expect(french.text).toContain('Crème brûlée');
    expect(french.text).toContain('à 08:15');
    expect(french.fields.total?.value).toBe('5.70');
    expect(french.fields.currency?.value).toBe('EUR');
    expect(french.fields.date?.value).toBe('2025-03-12');
    expect(french.fields.merchant?.value).toBe('BOULANGERIE DUPONT');
    expect(readerStatus()).toMatchObject({ worker: true, engine: { language: 'fra', live: 1 } });

    const english = await read('eng');
    expect(english.text).not.toContain('Crème brûlée');
    expect(english.fields.total?.value).toBe('5.70');
    expect(readerStatus()).toMatchObject({ worker: true, engine: { language: 'eng', live: 1 } });

    const both = await read('eng+fra');
    expect(both.text).toContain('brûlée');
    expect(readerStatus()).toMatchObject({ worker: true, engine: { language: 'eng+fra', live: 1 } });

    const requested = await csp.stop();
    expect(csp.violations).toEqual([]);
    const origin = location.origin;
    expect(requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    // The nested Tesseract worker's requests are seen too: both data files came from the app.
    expect(requested.some((url) => /\/fra\.traineddata\.gz(\?|$)/.test(url))).toBe(true);
    expect(requested.some((url) => /\/eng\.traineddata\.gz(\?|$)/.test(url))).toBe(true);
    expect(requested.some((url) => /reader\.worker\.ts/.test(url))).toBe(true);
  }, 180_000);
});
