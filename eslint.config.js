// Lint rules, including the runtime boundaries of DESIGN.md: shared code imports no Node, DOM or
// Electron; only src/main/electron and src/preload import electron; the renderer never imports main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronImport = {
  name: 'electron',
  message: 'Only src/main/electron and src/preload may import electron.',
  allowTypeImports: true,
};
const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'worker_threads',
  'events',
  'buffer',
  'zlib',
  'readline',
  'module',
  'process',
  'timers',
  'assert',
  'tty',
  'dgram',
  'dns',
  'v8',
  'vm',
].map((name) => ({ name, message: 'src/shared is runtime-neutral: no Node modules.' }));

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [electronImport] }],
    },
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/preload/**/*.ts', 'test/e2e/electron.spec.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronImport, ...nodeBuiltins],
          patterns: [{ group: ['node:*'], message: 'src/shared is runtime-neutral: no Node modules.' }],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [
            {
              group: ['**/main/**', '**/main'],
              message: 'The renderer never imports src/main: go through the contract.',
            },
            { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
          ],
        },
      ],
    },
  },
);
