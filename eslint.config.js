import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const ROUTE_MESSAGE = 'Nothing imports a route: move what is shared to app/components, app/domain or app/server.'

/** Import paths of each layer, whether written with ~/ or relatively (../server/, ../../app/server/). */
const LAYER = {
  routes: { regex: '(^|/)routes/', message: ROUTE_MESSAGE },
  cli: { regex: '(^|/)cli/', message: 'Nothing imports a command-line script (app/cli): move what is shared to app/server or app/domain.' },
  server: { regex: '(^|/)server/', message: 'This layer sits below app/server: it may not import it.' },
  components: { regex: '(^|/)components/', message: 'This layer sits below the UI: it may not import app/components. Move pure code to app/domain.' },
  i18n: { regex: '(^|/)i18n/', message: 'This layer sits below the i18n set-up: take the translate function as an argument.' },
}

/**
 * `obj.prop = () => ...`: V8 allocates a function literal written straight into a property in the
 * old generation, and one made per request keeps that request's garbage alive past the young
 * generation's collections (docs/decisions/0024-no-function-literal-into-a-property.md).
 */
const FUNCTION_INTO_PROPERTY = [
  "AssignmentExpression[left.type='MemberExpression'] > :matches(ArrowFunctionExpression, FunctionExpression).right",
  "AssignmentExpression[left.type='MemberExpression'] > TSAsExpression.right > :matches(ArrowFunctionExpression, FunctionExpression)",
].map((selector) => ({
  selector,
  message:
    'Name the function in a const first, then assign it: V8 puts a function literal written into a property in the old generation, where per request it keeps garbage alive (docs/decisions/0024).',
}))

function boundaries(files, ...patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns: [LAYER.routes, LAYER.cli, ...patterns] }] } }
}

export default tseslint.config(
  { ignores: ['build/', 'public/build/', 'node_modules/', '.data/', 'test-results/', 'playwright-report/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A table wider than the screen scrolls in a region that must take keyboard focus (WCAG 2.1.1, axe scrollable-region-focusable).
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'] }],
    },
  },
  {
    // Every form body goes through the bounded reader (docs/decisions/0003-one-bounded-form-reader.md).
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(formData|json|text|arrayBuffer|blob)$/][callee.object.name='request']",
          message: 'Read a request body with readForm() from form-body.server.ts: it is bounded before anything parses it.',
        },
        ...FUNCTION_INTO_PROPERTY,
      ],
    },
  },
  {
    files: ['server.ts'],
    rules: { 'no-restricted-syntax': ['error', ...FUNCTION_INTO_PROPERTY] },
  },
  // The layers (STYLE.md, docs/decisions/0008): domain <- server <- routes, components beside
  // the routes, app/cli/ outermost; db/ below them all. Nothing imports a route or a script.
  // One block per folder, each listing all its limits: a later block replaces, not adds to,
  // an earlier block's no-restricted-imports for the same file.
  boundaries(['app/**/*.{ts,tsx}', 'db/**/*.ts', 'emails/**/*.{ts,tsx}', 'server.ts']),
  boundaries(['app/domain/**/*.ts'], LAYER.server, LAYER.components, LAYER.i18n, {
    group: ['node:*', 'pg', 'kysely', 'react', 'react-*', '@remix-run/*'],
    message: 'The domain is pure: no I/O and no UI. Take the data as arguments.',
  }),
  boundaries(['app/server/**/*.ts'], LAYER.components),
  // A value from a *.server.ts module is emptied in the browser bundle; its types are fine.
  boundaries(['app/components/**/*.{ts,tsx}'], {
    ...LAYER.server,
    allowTypeImports: true,
    message: 'A component runs in the browser, where a *.server.ts module is empty: import only its types; the route loads the data.',
  }),
  // Beside a route file every file is a route; inside a route folder, one level up is.
  boundaries(['app/routes/*.{ts,tsx}'], { regex: '^\\./', message: ROUTE_MESSAGE }),
  boundaries(['app/routes/*/**/*.{ts,tsx}'], { regex: '^\\.\\./[^.]', message: ROUTE_MESSAGE }),
  boundaries(['db/**/*.ts'], LAYER.server, LAYER.components, LAYER.i18n),
  {
    // kysely's advice: migrations take Kysely<any>, frozen in time, independent of today's types.
    files: ['db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
