/**
 * Extraction rules on French receipts as Tesseract reads them with the French (or English + French)
 * language data: "TOTAL TTC", "Montant", "Net à payer", day-first dates, "12,50 €", TVA lines.
 */
import { describe, expect, it } from 'vitest';
import { extractReceiptFields } from '../../../src/shared/receipt-reading/extract';
import { pageFromText } from '../../support/common/receipt-page';

const NOW = new Date('2025-06-15T12:00:00Z');
const read = (text: string) => {
  const fields = extractReceiptFields(pageFromText(text), { now: NOW });
  return {
    total: fields.total?.value ?? null,
    currency: fields.currency?.value ?? null,
    date: fields.date?.value ?? null,
    merchant: fields.merchant?.value ?? null,
  };
};

describe('French receipts', () => {
  it('a supermarket ticket: TOTAL TTC over the HT total and the TVA lines', () => {
    const text = `# CARREFOUR MARKET
12 rue de la Paix 75002 Paris
Tél : 01 42 61 00 00
Le 12/03/2025 à 18:42
PAIN DE MIE 2,15 €
CAFE MOULU 4,89 €
LAIT 1L 1,06 €
TOTAL HT 7,37 €
TVA 5,5% 0,41 €
TOTAL TTC 8,10 €
CB 8,10 €
Merci de votre visite`;
    expect(read(text)).toEqual({ total: '8.10', currency: 'EUR', date: '2025-03-12', merchant: 'CARREFOUR MARKET' });
  });

  it('a restaurant bill: Net à payer, with TVA detail below it', () => {
    const text = `# Brasserie Le Sud SARL
8 place Bellecour 69002 Lyon
SIRET 812 345 678 00019
Date : 05/04/2025
2 Menu du jour 37,00
1 Café 2,50
Net à payer 39,50 EUR
dont TVA 10% 3,59
Taux TVA HT TVA TTC
10% 35,91 3,59 39,50`;
    const fields = read(text);
    expect(fields.total).toBe('39.50');
    expect(fields.currency).toBe('EUR');
    expect(fields.date).toBe('2025-04-05');
    expect(fields.merchant).toBe('Brasserie Le Sud SARL');
  });

  it('a card slip: Montant, and a date day-first that could be either', () => {
    const text = `# BOULANGERIE DUPONT
CARTE BANCAIRE
SANS CONTACT
LE 03/02/25 A 08:15:22
MONTANT 12,50 €
DEBIT
TICKET CLIENT A CONSERVER`;
    expect(read(text)).toEqual({ total: '12.50', currency: 'EUR', date: '2025-02-03', merchant: 'BOULANGERIE DUPONT' });
  });

  it('a taxi receipt: Montant TTC, the TVA amount is not the total', () => {
    const text = `# TAXI G7
Course du 28/05/2025
Prise en charge 4,18
Montant HT 30,91 €
TVA 10 % 3,09 €
Montant TTC 34,00 €`;
    expect(read(text)).toMatchObject({ total: '34.00', currency: 'EUR', date: '2025-05-28' });
  });

  it('a hotel: Total à payer, thousands with a space, a date with a French month name', () => {
    const text = `# HOTEL DU LOUVRE SAS
Place André Malraux 75001 Paris
Facture du 14 mars 2025
3 nuits 1 050,00
Taxe de séjour 15,60
Total HT 968,73
TVA 10% 96,87
Total à payer 1 065,60 €`;
    expect(read(text)).toMatchObject({ total: '1065.60', currency: 'EUR', date: '2025-03-14', merchant: 'HOTEL DU LOUVRE SAS' });
  });

  it('an amount in a TVA line is never taken for the total, even alone', () => {
    const text = `# PHARMACIE CENTRALE
13/01/2025
TVA 2,1% 0,35
A PAYER 17,05 €`;
    expect(read(text)).toMatchObject({ total: '17.05', date: '2025-01-13' });
  });

  it('a Swiss receipt in francs: CHF, Fr.', () => {
    const text = `# MIGROS GENEVE
Total CHF 23.45
TVA 2.6% 0.59
21.02.2025 11:05`;
    expect(read(text)).toMatchObject({ total: '23.45', currency: 'CHF', date: '2025-02-21' });
  });

  it('a cash ticket: the total, not the cash tendered or the change (espèces, rendu)', () => {
    const text = `# MONOPRIX
SOUS-TOTAL 18,10
REMISE -1,00
TOTAL 17,10
ESPECES 20,00
RENDU 2,90
12/03/2025`;
    expect(read(text)).toEqual({ total: '17.10', currency: 'EUR', date: '2025-03-12', merchant: 'MONOPRIX' });
  });

  it('a ticket with no currency sign is in euros by its French words', () => {
    expect(read(`# LECLERC\nNB ARTICLES 12\nTOTAL A PAYER 56,30\n15.03.2025`)).toMatchObject({ total: '56.30', currency: 'EUR', date: '2025-03-15' });
    expect(read(`# TABAC DU COIN\n12/03/2025 10:12\nTOTAL 11,00\nPAYE ESPECES 20,00\nA RENDRE 9,00`)).toMatchObject({ total: '11.00', currency: 'EUR' });
  });

  it('a Quebec receipt with TPS/TVQ is in Canadian dollars, a Swiss one with TVA in francs', () => {
    expect(read(`# DEPANNEUR ST-DENIS\nMontreal Quebec\n2025-03-12\nTPS 0,50\nTVQ 0,99\nTOTAL 11,44`)).toMatchObject({ total: '11.44', currency: 'CAD' });
    expect(read(`# CAFE DU LAC\nLausanne Suisse\n12.03.2025\nTVA 8,1% 1,05\nTOTAL 14,00`)).toMatchObject({ total: '14.00', currency: 'CHF' });
  });

  it('reads "12€50" as 12,50 €', () => {
    expect(read(`# KIOSQUE\n12/03/2025\nTOTAL 12€50`)).toMatchObject({ total: '12.50', currency: 'EUR' });
  });

  it('the total TTC stays the total when a TVA summary table with its own totals follows', () => {
    const text = `# FNAC
12-03-2025
TOTAL TTC 45,90 EUR
TVA 20% 7,65
TOTAL TVA 7,65
TOTAL HT 38,25`;
    expect(read(text)).toMatchObject({ total: '45.90', currency: 'EUR', date: '2025-03-12' });
  });

  it('reads French month names and abbreviations', () => {
    expect(read(`# RESTAURANT CHEZ PAUL\nmercredi 12 mars 2025\nTotal 42,00 €`).date).toBe('2025-03-12');
    expect(read(`# CAFE DE FLORE\n12 févr. 2025\nTOTAL 9,80 EUR`).date).toBe('2025-02-12');
    expect(read(`# LE BON MARCHE\n03 AVR 25 14:02\nTOTAL EUR 120,00`).date).toBe('2025-04-03');
    expect(read(`# HOTEL\nArrivée 28 décembre 2024\nTotal 80,00 €`).date).toBe('2024-12-28');
    expect(read(`# HOTEL\n1er août 2024\nTotal 80,00 €`).date).toBe('2024-08-01');
  });
});
