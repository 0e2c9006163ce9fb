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
    // The layering of DESIGN.md section 1, enforced.
    files: ['src/addin/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/emulator/**'] }],
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/addin/**', '**/emulator/**'] }],
    },
  },
  {
    files: ['src/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/addin/**', '**/emulator/**', '**/server/**'] }],
    },
  },
  {
    files: ['*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
);
