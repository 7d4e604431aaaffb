import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', 'coverage', 'scratch', 'test-artifacts'] },
  // The SDK's build output and its generated types (scripts/sdk-types.ts).
  { ignores: ['sdk/dist', 'sdk/src/openapi.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript run by Node (the bin entry point, build scripts): Node's globals.
    files: ['bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The module contract (ARCHITECTURE.md): modules import src/core (errors, actor, AppContext, route guards,
    // error schemas), never the HTTP layer, which imports them. Type-only imports count too.
    // src/http/layers.test.ts checks the whole import graph (dynamic imports too) for cycles through src/http.
    files: ['src/modules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+http/',
              message:
                'Modules do not import src/http: take AppContext, ApiError, the guards and error schemas from src/core; tests build the app through src/test/fixtures.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services take who acts and when (issue #18 §1, ARCHITECTURE.md "The module contract"): no fallback to
    // the server's operator, no clock of their own. Jobs and the CLI pass SERVER_ACTOR and their now; tests are
    // edges and keep their own clocks.
    files: ['src/modules/**'],
    ignores: ['src/modules/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "LogicalExpression[operator='??'][right.name='SERVER_ACTOR']",
          message: 'The actor is required: the caller passes it (jobs and the CLI pass SERVER_ACTOR).',
        },
        {
          selector: "AssignmentPattern[right.name='SERVER_ACTOR']",
          message: 'The actor is required: no SERVER_ACTOR default (jobs and the CLI pass it).',
        },
        {
          // A scope that defaults to empty sees everything: a read that forgets it must not compile quietly.
          selector:
            "AssignmentPattern[left.typeAnnotation.typeAnnotation.typeName.name='Scope'][right.type='ObjectExpression']",
          message:
            "The scope is required: pass the actor's, or UNSCOPED where the parent record was checked.",
        },
        {
          selector:
            "AssignmentPattern[right.type='NewExpression'][right.callee.name='Date'][right.arguments.length=0]",
          message:
            "Time comes from the caller's clock (ctx.clock(), the job's now): no `= new Date()` default.",
        },
        {
          selector:
            "LogicalExpression[operator='??'][right.type='NewExpression'][right.callee.name='Date'][right.arguments.length=0]",
          message: "Time comes from the caller's clock (ctx.clock(), the job's now): no `?? new Date()`.",
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
