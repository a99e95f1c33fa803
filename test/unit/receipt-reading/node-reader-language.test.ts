/**
 * The Node reader (the CLI's and the bench's) with the language the app's setting names: French
 * traineddata reads French accents English data does not know, and "eng+fra" loads both.
 */
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startNodeReader } from '../../../src/main/core/receipt-reading/node-reader';
import type { ReceiptReadingLanguage } from '../../../src/shared/settings';
import { receiptPng } from '../../support/node/receipt-photo';

const BAKERY = ['BOULANGERIE DUPONT', 'Le 12/03/2025 à 08:15', 'Pain au chocolat 1,20 €', 'Crème brûlée 4,50 €', 'TVA 5,5% 0,30 €', 'TOTAL TTC 5,70 €'];
const NOW = new Date('2025-06-01T00:00:00Z');

async function readWith(language: ReceiptReadingLanguage, photo: Uint8Array) {
  const reader = await startNodeReader({ language });
  try {
    const { page, fields } = await reader.read(photo, { now: NOW });
    return { text: page.lines.map((line) => line.text).join('\n'), fields };
  } finally {
    await reader.close();
  }
}

const copiesLeft = async (): Promise<string[]> => (await readdir(tmpdir())).filter((name) => name.startsWith('courier-traineddata-'));

describe('the Node reader with a language', () => {
  it('reads a French receipt with French data: accents English data misses, and the same fields', async () => {
    const photo = await receiptPng(BAKERY);
    const french = await readWith('fra', photo);
    expect(french.text).toContain('Crème brûlée');
    expect(french.text).toContain('à 08:15');
    expect(french.fields.total?.value).toBe('5.70');
    expect(french.fields.currency?.value).toBe('EUR');
    expect(french.fields.date?.value).toBe('2025-03-12');
    expect(french.fields.merchant?.value).toBe('BOULANGERIE DUPONT');

    const english = await readWith('eng', photo);
    expect(english.text).not.toContain('Crème brûlée');
    expect(english.fields.total?.value).toBe('5.70');
  }, 120_000);

  it('loads both languages for "eng+fra" and removes its private copy of the data when closed', async () => {
    const before = await copiesLeft();
    const both = await readWith('eng+fra', await receiptPng(BAKERY));
    expect(both.fields.total?.value).toBe('5.70');
    expect(both.text).toContain('brûlée');
    expect(await copiesLeft()).toEqual(before);
  }, 120_000);
});
