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

describe('renderer catalogues', () => {
  it.each([
    ['de', de],
    ['fr', fr],
  ])('%s has every English key, with the same placeholders and plural forms', (_language, catalogue) => {
    expect(problems(english, flatten(catalogue))).toEqual([]);
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
      // Keys held in tables: 'syncStatus.detail.x' strings given to t() through a variable.
      for (const m of text.matchAll(/'((?:syncStatus|form|expenses|common|app|nav|panel|viewer|settings|status|list)\.[\w.-]+)'/g)) {
        if (!english.has(m[1]!) && ![...english.keys()].some((k) => k.startsWith(`${m[1]}.`))) missing.push(`${m[1]} (${file.slice(root.length + 1)})`);
      }
    }
    expect(lookups).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});

describe("main's catalogue (tray, menus, notifications)", () => {
  const mainEnglish = new Map(Object.entries(mainCatalogues.en));
  it.each(['de', 'fr'] as const)('%s has every English key, with the same placeholders and plural forms', (language) => {
    expect(problems(mainEnglish, new Map(Object.entries(mainCatalogues[language])))).toEqual([]);
  });
});
