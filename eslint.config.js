// Lint, and the layer rules of DESIGN.md: which folder may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';

const electronImport = {
  group: ['electron', 'electron/*'],
  message: "Only src/main/platform, src/main/index.ts and src/preload may import 'electron' (DESIGN.md: layers).",
};
const outsideShared = {
  group: ['@renderer/*', '**/main/**', '**/preload/**', '**/renderer/**', 'node:*', 'vue', 'pinia', 'dexie'],
  message: 'src/shared imports nothing outside itself: no DOM, no Node, no Electron, no app layer.',
};
const intoMain = {
  group: ['**/main/**', '**/preload/**'],
  message: 'The renderer talks to main only through window.courier (src/shared/contract.ts).',
};
const intoRenderer = {
  group: ['@renderer/*', '**/renderer/**'],
  message: 'Main-process code never imports renderer code.',
};

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'release/**', 'test/**/fixtures/**', '.vite/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  // Everything outside the platform layer: no electron.
  {
    files: ['src/**/*.{ts,vue}', 'test/**/*.ts'],
    ignores: ['src/main/platform/**', 'src/main/index.ts', 'src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport] }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, outsideShared] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, intoMain] }] },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, intoRenderer] }] },
  },
  {
    files: ['src/main/platform/**/*.ts', 'src/main/index.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [intoRenderer] }] },
  },
);
