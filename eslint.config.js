import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Dependencies point one way (routes -> services -> repositories -> db): only services and
// tests may import a repository, and only repositories (and the db layer) write SQL.
const layering = {
  selector: 'ImportDeclaration[source.value=/\\.repository\\.ts$/]',
  message: 'Only services import repositories.',
};
const noSqlOutsideRepositories = {
  selector: 'ImportDeclaration[source.value="kysely"] ImportSpecifier[imported.name="sql"]',
  message: 'SQL lives in repositories.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      'dist/',
      'public/',
      'test-results/',
      'bench/results/',
      'tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', layering, noSqlOutsideRepositories],
    },
  },
  {
    files: ['src/**/*.service.ts'],
    rules: { 'no-restricted-syntax': ['error', noSqlOutsideRepositories] },
  },
  {
    files: ['src/**/*.repository.ts', 'src/db/**'],
    rules: { 'no-restricted-syntax': ['error', layering] },
  },
  {
    files: ['**/*.test.ts', 'src/testing/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
