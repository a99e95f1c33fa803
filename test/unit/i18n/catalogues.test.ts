/**
 * Every string has every translation: the renderer's catalogues (vue-i18n) and main's (tray,
 * menus, notifications) have the same keys in English, German and French, with the same
 * placeholders and plural forms, and every key the code looks up exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '@renderer/i18n/en';
import { de } from '@renderer/i18n/de';
import { fr } from '@renderer/i18n/fr';
import { mainCatalogues } from '../../../src/main/core/i18n/main-text';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
const pluralForms = (text: string): number => text.split(' | ').length;

/** What is wrong with `other` compared to the reference language: missing, extra, empty, mismatched. */
function problems(reference: Map<string, string>, other: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [key, text] of reference) {
    const translated = other.get(key);
    if (translated === undefined) found.push(`missing ${key}`);
    else if (translated.trim() === '') found.push(`empty ${key}`);
    else {
      if (placeholders(translated).join() !== placeholders(text).join()) found.push(`placeholders differ in ${key}`);
      if (pluralForms(translated) !== pluralForms(text)) found.push(`plural forms differ in ${key}`);
    }
  }
  for (const key of other.keys()) if (!reference.has(key)) found.push(`extra ${key}`);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|vue)$/.test(name) ? [path] : [];
  });
}

const english = flatten(en);
const sections = Object.keys(en);
const keyLiteral = new RegExp(`'((?:${sections.join('|')})\\.[\\w.-]+)'`, 'g');

/**
 * Values a translation may keep exactly as in English: names, codes, and words these languages
 * share. Anything else identical to English is a forgotten translation.
 */
const SAME_AS_ENGLISH: Record<'de' | 'fr', ReadonlySet<string>> = {
  de: new Set([
    'app.name', // the product's name
    'common.details',
    'expenseForm.currencyPlaceholder', // an ISO code
    'expenseForm.optional',
    'settingsView.system',
    'dateInput.letters.month', // "MM" is German for month too
    'account.host', // the label "Kantata" names the product
    'quickAdd.optional', // "(optional)" is German as well
    'insights.table.caption', // "{title} in {currency}": German says "in" too
    'exportBackup.unknownHost', // the product's name, "Kantata"
  ]),
  fr: new Set([
    'dateInput.label', // "Date" is French too
    'dateInput.letters.month', // "MM": mois
    'account.host', // the label "Kantata" names the product
    'quickAdd.note', // "Note" is French too
    'app.name',
    'exportBackup.unknownHost', // the product's name, "Kantata"
    'expenseForm.currencyPlaceholder',
    'conflicts.field.date',
    'conflicts.field.notes',
    'duplicates.rows.date',
    'duplicates.rows.notes',
    'pdf.colDate',
    'pdf.total', // "Total {amount}"
    'receiptReading.field.date',
    'receiptReading.field.notes',
    'app.menu',
    'expenseForm.notes',
    'receipts.pdfPages', // "p." is French for page too
  ]),
};

/** Keys whose translation is the English text word for word, outside the allow-list. */
function untranslated(reference: Map<string, string>, other: Map<string, string>, allowed: ReadonlySet<string>): string[] {
  return [...reference].filter(([key, text]) => other.get(key) === text && /\p{L}{2,}/u.test(text) && !allowed.has(key)).map(([key]) => key);
}

describe('renderer catalogues', () => {
  it.each([
    ['de', de],
    ['fr', fr],
  ])('%s has every English key, with the same placeholders and plural forms', (_language, catalogue) => {
    expect(problems(english, flatten(catalogue))).toEqual([]);
  });

  it.each([
    ['de', de],
    ['fr', fr],
  ] as const)('%s translates every text (nothing left in English but names and shared words)', (language, catalogue) => {
    expect(untranslated(english, flatten(catalogue), SAME_AS_ENGLISH[language])).toEqual([]);
  });

  it('notices a text left in English (the check itself works)', () => {
    const lazy = new Map(flatten(de));
    lazy.set('conflicts.action.useMine', 'Use your version');
    expect(untranslated(english, lazy, SAME_AS_ENGLISH.de)).toEqual(['conflicts.action.useMine']);
  });

  it('notices a missing, an empty and a mismatched translation (the check itself works)', () => {
    const broken = new Map(flatten(de));
    broken.delete('syncStatus.syncNow');
    broken.set('common.close', ' ');
    broken.set('syncStatus.waiting', '{count} Ausgaben');
    expect(problems(english, broken)).toEqual([
      'empty common.close',
      'placeholders differ in syncStatus.waiting',
      'plural forms differ in syncStatus.waiting',
      'missing syncStatus.syncNow',
    ]);
  });

  it('has every key the renderer looks up', () => {
    const root = resolve(__dirname, '../../../src/renderer/src');
    const missing: string[] = [];
    let lookups = 0;
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:t|tc|te)\(\s*(['`])([\w.-]+)(\$\{)?/g)) {
        lookups++;
        const [, quote, key, dynamic] = m;
        const known = quote === '`' && dynamic ? [...english.keys()].some((k) => k.startsWith(key!)) : english.has(key!);
        if (!known) missing.push(`${key} (${file.slice(root.length + 1)})`);
      }
      // Keys held in tables or built in steps: any 'section.key' string naming a catalogue section.
      for (const m of text.matchAll(keyLiteral)) {
        if (!english.has(m[1]!) && ![...english.keys()].some((k) => k.startsWith(`${m[1]}.`))) missing.push(`${m[1]} (${file.slice(root.length + 1)})`);
      }
    }
    expect(lookups).toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });
});

describe("main's catalogue (tray, menus, notifications)", () => {
  const mainEnglish = new Map(Object.entries(mainCatalogues.en));
  it.each(['de', 'fr'] as const)('%s has every English key, with the same placeholders and plural forms', (language) => {
    expect(problems(mainEnglish, new Map(Object.entries(mainCatalogues[language])))).toEqual([]);
  });
});
