import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/**
 * The architecture of docs/ARCHITECTURE.md as lint. Each part may import only what its arrows
 * allow, checked on resolved paths (`#part/...` subpath imports and relative paths alike).
 */
const parts = ['contract', 'browser', 'addin', 'web', 'server', 'emulator', 'dev'];

const others = (...allowed) => parts.filter((p) => !allowed.includes(p)).map((p) => `src/${p}`);

/** Part boundaries, checked on resolved paths: which folders each part must never import. */
const zones = [
  {
    target: 'src/contract',
    from: others('contract'),
    message: 'The contract imports nothing of the project.',
  },
  {
    target: 'src/browser',
    from: others('contract', 'browser'),
    message: 'src/browser is shared by the pane and the web client: it imports only the contract.',
  },
  {
    target: 'src/addin',
    from: others('contract', 'browser', 'addin'),
    message: 'The add-in imports only the contract and src/browser.',
  },
  {
    target: 'src/web',
    from: others('contract', 'browser', 'web'),
    message: "The web client imports only the contract and src/browser, never the add-in's Office code.",
  },
  {
    target: 'src/server',
    from: others('contract', 'server'),
    message: 'The server imports only the contract.',
  },
  {
    target: 'src/server/crm',
    from: ['src/server/http', 'src/server/sync'],
    message: 'The CRM domain is called by HTTP and by sync; it never imports them.',
  },
  { target: 'src/server/sync', from: ['src/server/http'], message: 'Sync never imports HTTP.' },
  {
    target: 'src/addin/tracking',
    from: ['src/addin/taskpane', 'src/addin/commands'],
    message: 'The tracking workflow is plain TypeScript: it never imports the UI.',
  },
  {
    target: 'src/emulator',
    from: others('contract', 'emulator'),
    message: 'The emulator stands in for Exchange and Outlook: it imports only the contract.',
  },
  {
    // The parts above already keep it out of src; scripts ship with the product too.
    target: 'scripts',
    from: 'src/emulator',
    message: 'Nothing but the launcher, the benchmarks and the tests imports the emulator.',
  },
];

/** Packages some parts must not use. */
const packageRules = [
  {
    files: ['src/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod(/|$))[a-z@]', message: 'The contract has no runtime dependency but zod.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/addin/tracking/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(react|react-dom|@fluentui/.*)(/|$)',
              message: 'The tracking workflow never imports React.',
            },
          ],
        },
      ],
    },
  },
];

/** Only `src/addin/office/` touches Office.js; everything else gets plain data from it. */
const officeGlobal = {
  files: ['src/addin/**', 'src/browser/**', 'src/web/**'],
  ignores: ['src/addin/office/**'],
  rules: {
    'no-restricted-globals': [
      'error',
      { name: 'Office', message: 'Only src/addin/office/ touches Office.js.' },
      { name: 'OfficeRuntime', message: 'Only src/addin/office/ touches Office.js.' },
    ],
  },
};

/** Files that are data, not code paths: long literal tables are their nature. */
const dataFiles = [
  'src/contract/demo-org.ts',
  'src/emulator/mailbox/seed-data.ts',
  'src/server/db/seed/words.ts',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      'import-x/ignore': ['node_modules'],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }],
      'no-control-regex': 'off',
      'import-x/no-restricted-paths': ['error', { zones }],
    },
  },
  { files: dataFiles, rules: { 'max-lines-per-function': 'off' } },
  ...packageRules,
  officeGlobal,
  {
    files: ['*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
);
