// ESLint flat config. Type-aware rules (no-floating-promises) plus the determinism ban
// for the reference router's simulated layers (DESIGN.md, "The reference router" 4).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const simBan = [
  { selector: "NewExpression[callee.name='Date']", message: 'Use the lab clock (sim/), not Date, in sim/, net/ and protocols/.' },
  { selector: "MemberExpression[object.name='Date']", message: 'Use the lab clock (sim/), not Date, in sim/, net/ and protocols/.' },
  { selector: "CallExpression[callee.name='setTimeout']", message: 'Schedule on the lab scheduler, not setTimeout.' },
  { selector: "CallExpression[callee.name='setInterval']", message: 'Schedule on the lab scheduler, not setInterval.' },
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Use the seeded random numbers in sim/random.ts.' },
  { selector: "MemberExpression[property.name='setTimeout']", message: 'Schedule on the lab scheduler, not setTimeout.' },
  { selector: "MemberExpression[object.name='performance']", message: 'Use the lab clock (sim/), not performance.now, in sim/, net/ and protocols/.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/output/**', 'reports/allure-*/**', 'test-results/**', 'playwright-report/**', 'bin/*.js', '.state/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['reference-impl/sim/**/*.ts', 'reference-impl/net/**/*.ts', 'reference-impl/protocols/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...simBan] },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.mjs'],
    languageOptions: { globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly', module: 'readonly' } },
  },
);
