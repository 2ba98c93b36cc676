import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist', 'dist-*', '.ssr', 'node_modules', 'test-results', 'playwright-report', 'reports'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Build and test scripts run in Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The library must stay free of React, the DOM and the simulator.
    files: ['src/connect/**/*.ts'],
    ignores: ['src/connect/**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-globals': ['error', 'document', 'window'],
    },
  },
  ...layerRules(),
)

/**
 * The layers, each allowed to import only the ones before it, and each of those only through its `index.ts`:
 * connect ← sim ← state ← components ← site. Tests follow their layer's rule (`src/<layer>/**` and `test/<layer>/**`).
 * One block per layer and folder depth, because a relative import only says which layer it reaches once we know how
 * deep the importing file sits (`../sim/x.ts` from `src/components/explain` is `src/components/sim`, not `src/sim`).
 */
function layerRules() {
  const layers = ['connect', 'sim', 'state', 'components', 'site']
  const blocks = []
  layers.forEach((layer, i) => {
    const below = layers.slice(0, i)
    const above = layers.slice(i + 1)
    for (let depth = 1; depth <= 4; depth++) {
      const dirs = '*/'.repeat(depth - 1)
      for (const [root, toSrc] of [['src', '../'.repeat(depth)], ['test', '../'.repeat(depth + 1) + 'src/']]) {
        const prefix = toSrc.replaceAll('.', '\\.')
        const patterns = []
        if (above.length > 0) {
          patterns.push({
            regex: `^${prefix}(${above.join('|')})(/|$)`,
            message: `${layer} sits below ${above.join(', ')}: it must not import from them (connect ← sim ← state ← components ← site).`,
          })
        }
        if (below.length > 0) {
          patterns.push({
            // connect/internal.ts is the library's second entry, for hooks only the simulator needs.
            regex: `^${prefix}(${below.join('|')})/(?!index\\.ts$)${layer === 'sim' ? '(?!internal\\.ts$)' : ''}`,
            message: 'Import another layer through its index.ts (the library also has internal.ts, for the simulator).',
          })
        }
        if (layer === 'connect' || layer === 'sim') patterns.push({ group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'], message: `${layer} runs without React.` })
        blocks.push({ files: [`${root}/${layer}/${dirs}*.{ts,tsx}`], rules: { 'no-restricted-imports': ['error', { patterns }] } })
      }
    }
  })
  // Test support drives any layer, but through its entry like everyone else.
  blocks.push({
    files: ['test/support/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./\\.\\./src/[a-z]+/(?!index\\.ts$)', message: 'Import a layer through its index.ts.' }] }] },
  })
  return blocks
}
