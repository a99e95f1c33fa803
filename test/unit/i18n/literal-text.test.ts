/**
 * No user-facing English hides outside the catalogues: every .vue template of the renderer is
 * parsed (@vue/compiler-sfc) and a text node, or a static aria-label/title/placeholder/alt/label,
 * that holds a word fails the test; so does a sentence-like string literal in renderer code.
 * Bound expressions (`{{ t('…') }}`, `:title="t('…')"`) pass. The few exceptions are listed with why.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from '@vue/compiler-sfc';
import { NodeTypes, type ElementNode, type TemplateChildNode } from '@vue/compiler-core';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../../src/renderer/src');

/** Files the scan leaves out (none: every view is translated). */
const NOT_YET: RegExp[] = [];

/** Words that are the same in every language: product names and codes. */
const SAME_IN_EVERY_LANGUAGE = new Set(['Electron', 'Chromium', 'Node.js', 'PDF', 'EUR', 'USD']);

/**
 * Technical text that never reaches the user as a sentence of its own: shown behind "Details" or
 * written to the log only (the status bar words these states itself, from the catalogues).
 */
const TECHNICAL: Record<string, string[]> = {
  // Round summaries for main's log and the round report; use-sync-status.ts hides them.
  'sync/executor.ts': [
    'Kantata did not accept the saved sign-in. Reconnect your account; your changes wait here.',
    'Kantata could not be reached. Your changes are kept here and sent when the connection is back.',
  ],
  // Why a first download stopped: the status bar's "Details" under "Sync failed".
  'sync/first-download.ts': ['The server changed while downloading.', 'The server sent no time to continue from.'],
  // Why a Kantata receipt could not be compared, for the log: the warning words its reason code.
  'duplicates/find.ts': ['Too many files of the same size to compare at once.'],
  'duplicates/digest-via-main.ts': ['No main process.'],
};

const ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-placeholder', 'title', 'placeholder', 'alt', 'label']);

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

const checked = (path: string): boolean => !NOT_YET.some((r) => r.test(relative(root, path)));
const hasWords = (text: string): boolean => /\p{L}{2,}/u.test(text) && !SAME_IN_EVERY_LANGUAGE.has(text.trim());

/** The literal text in one template: "Field: text" for each text node or static attribute with words. */
export function literalTextOf(source: string): string[] {
  const { descriptor } = parse(source);
  const found: string[] = [];
  const walk = (node: TemplateChildNode | ElementNode): void => {
    if (node.type === NodeTypes.TEXT && hasWords(node.content)) found.push(`text: ${node.content.trim()}`);
    if (node.type === NodeTypes.ELEMENT) {
      for (const p of node.props) {
        if (p.type === NodeTypes.ATTRIBUTE && ATTRIBUTES.has(p.name) && p.value && hasWords(p.value.content)) found.push(`${p.name}: ${p.value.content}`);
      }
    }
    if ('children' in node) for (const child of node.children as TemplateChildNode[]) walk(child);
    if (node.type === NodeTypes.IF) for (const branch of node.branches) for (const child of branch.children) walk(child);
    if (node.type === NodeTypes.FOR) for (const child of node.children) walk(child);
  };
  if (descriptor.template?.ast) for (const child of descriptor.template.ast.children) walk(child);
  return found;
}

/**
 * Sentence-like string literals in code: a capital, then at least two more words ("Could not save
 * the file"). Log lines, thrown programmer errors and comments are not for the user.
 */
export function sentencesIn(code: string): string[] {
  const lines = code
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .filter((line) => !/console\.|log\.(info|warn|error|debug)|new (Type|Range)?Error\(|throw new Error|super\(/.test(line));
  const found: string[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(/(['`])([A-Z][^'`]*?)\1/g)) {
      const text = m[2]!;
      if (/^[A-Z][\p{L}’']+(?: [\p{L}’',.:;…!?()-]+){2,}/u.test(text)) found.push(text);
    }
  }
  return found;
}

describe('no literal user-facing text outside the catalogues', () => {
  it('finds text nodes and static attributes with words (the check itself works)', () => {
    const sample = `<template><div aria-label="Filters"><p>Nothing here</p><p>{{ t('x') }}</p><img :alt="t('y')" /><span v-if="a">Open</span><i>·</i></div></template>`;
    expect(literalTextOf(sample)).toEqual(['aria-label: Filters', 'text: Nothing here', 'text: Open']);
    expect(sentencesIn(`const a = 'Could not save the file';\nconst b = 'expenses.delete';\nconsole.warn('Failed to do it now');\nsuper('This is for the log only');`)).toEqual([
      'Could not save the file',
    ]);
  });

  // Parsing every component takes a few seconds on a loaded machine.
  it('every .vue template of the renderer binds its words to the catalogues', { timeout: 60_000 }, () => {
    const offenders = files(root, /\.vue$/)
      .filter(checked)
      .flatMap((path) => literalTextOf(readFileSync(path, 'utf8')).map((what) => `${relative(root, path)}: ${what}`));
    expect(offenders).toEqual([]);
  });

  it('renderer code holds no user-facing sentence (they live in i18n/)', () => {
    const offenders = files(root, /\.(ts|vue)$/)
      .filter(checked)
      .filter((path) => !relative(root, path).startsWith('i18n/'))
      .flatMap((path) => {
        const allowed = TECHNICAL[relative(root, path)] ?? [];
        return sentencesIn(readFileSync(path, 'utf8'))
          .filter((what) => !allowed.includes(what))
          .map((what) => `${relative(root, path)}: ${what}`);
      });
    expect(offenders).toEqual([]);
  });
});
