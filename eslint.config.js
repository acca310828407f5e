import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import directions of the design (shared/design.md §2), enforced per folder.
const electronOnly = { name: 'electron', message: 'Only electron/main.ts, electron/preload.ts and electron/shell/ may import electron.' };
const kyselyOnly = { name: 'kysely', message: 'Only db/ may import kysely.' };
const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'better-sqlite3', 'better-sqlite3-multiple-ciphers'], message: 'No I/O here.' };

const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
const folders = (...names) => ({ group: names.map((n) => `**/${n}/**`), message: `This folder may not import from ${names.join(', ')}.` });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([electronOnly, kyselyOnly], [nodeBuiltins, folders('db', 'seeds', 'electron', 'renderer', 'server', 'tests', 'bench')]),
  },
  {
    files: ['db/**/*.ts'],
    rules: restrict([electronOnly], [folders('seeds', 'electron', 'renderer', 'server', 'tests', 'bench')]),
  },
  {
    files: ['seeds/**/*.ts'],
    rules: restrict([electronOnly, kyselyOnly], [folders('electron', 'renderer', 'server', 'tests', 'bench')]),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/shell/**'],
    rules: restrict([electronOnly, kyselyOnly], [folders('renderer', 'server', 'tests', 'bench')]),
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: restrict([electronOnly, kyselyOnly], [folders('renderer', 'server', 'tests', 'bench', 'transport', 'shell')]),
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/shell/**/*.ts'],
    rules: restrict([kyselyOnly], [folders('renderer', 'server', 'tests', 'bench')]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict([electronOnly, kyselyOnly], [folders('electron', 'renderer', 'tests', 'bench')]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([electronOnly, kyselyOnly, { name: 'zod', message: 'The renderer gets schemas from shared/.' }], [nodeBuiltins, folders('db', 'seeds', 'electron', 'server', 'tests', 'bench')]),
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.mjs'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
