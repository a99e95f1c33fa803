// Lint, and the layer rules of docs/architecture.md ("Layers"): which folder may import what,
// which runtime's globals each layer may use, and type-aware checks for unhandled promises.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';

const electronImport = {
  group: ['electron', 'electron/*'],
  message: "Only src/main/platform, src/main/index.ts and src/preload may import 'electron' (docs/architecture.md: Layers).",
};
const outsideShared = {
  group: ['@renderer/*', '**/main/**', '**/preload/**', '**/renderer/**', 'node:*', 'vue', 'pinia', 'dexie'],
  message: 'src/shared imports nothing outside itself: no DOM, no Node, no Electron, no app layer (docs/architecture.md: Layers).',
};
const intoMain = {
  group: ['**/main/**', '**/preload/**'],
  message: 'The renderer talks to main only through window.courier (src/shared/contract.ts; docs/architecture.md: One typed contract).',
};
const intoRenderer = {
  group: ['@renderer/*', '**/renderer/**'],
  message: 'Main-process code never imports renderer code (docs/architecture.md: Layers).',
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
  // Globals per runtime: Node in main, preload and Node-side tests; the DOM in the renderer and
  // browser tests; src/shared gets only what both runtimes have (no window, no process).
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts', 'test/**/*.ts', '*.{js,ts}', 'build/**/*.{js,mjs}'],
    ignores: ['test/browser/**', 'test/dom/**', 'test/support/browser/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}', 'test/browser/**/*.ts', 'test/dom/**/*.ts', 'test/support/browser/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
  },
  // Type-aware: a promise is awaited, returned, handled, or explicitly let go with `void`; never
  // handed to something that expects a plain callback (an event handler, forEach).
  {
    files: ['src/**/*.{ts,vue}', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
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
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronImport, outsideShared] }],
      // One naming rule: a zod schema is `FooSchema`, its type `Foo` (z.infer / z.output).
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[id.name!=/Schema$/][init.type='CallExpression']:has(MemberExpression[object.name='z'])",
          message: 'An exported zod schema is named FooSchema, and its type Foo (docs/architecture.md: One typed contract).',
        },
      ],
    },
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
