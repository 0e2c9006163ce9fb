import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // The layering of docs/ARCHITECTURE.md, enforced.
    files: ['src/addin/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/emulator/**'] }, { regex: '^#(server|emulator|web)/' }] },
      ],
    },
  },
  {
    // Browser code shared by the add-in's pane and the CRM web client: it knows neither of them.
    files: ['src/browser/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/addin/**', '**/emulator/**', '**/server/**', '**/web/**'] },
            { regex: '^#(addin|dev|emulator|server|web)/' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/addin/**', '**/emulator/**'] }, { regex: '^#(addin|emulator)/' }] },
      ],
    },
  },
  {
    files: ['src/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/addin/**', '**/emulator/**', '**/server/**'] },
            { regex: '^#(addin|browser|emulator|server|web)/' },
          ],
        },
      ],
    },
  },
  {
    files: ['*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
);
