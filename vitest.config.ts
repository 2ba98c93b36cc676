import { defineConfig, mergeConfig } from 'vitest/config'
import { playwright } from '@vitest/browser-playwright'
import viteConfig from './vite.config.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      // Caps, not budgets: a test that waits for a state gets this long before it counts as stuck, even on a busy machine.
      testTimeout: 60_000,
      hookTimeout: 60_000,
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
            exclude: ['**/*.browser.test.ts', '**/*.browser.test.tsx', 'node_modules/**'],
          },
        },
        {
          extends: true,
          optimizeDeps: { include: ['react', 'react/jsx-runtime', 'react-dom/client', '@mdx-js/react', 'zustand', 'js-md5'] },
          test: {
            name: 'browser',
            include: ['src/**/*.browser.test.ts', 'src/**/*.browser.test.tsx', 'test/**/*.browser.test.ts'],
            browser: {
              enabled: true,
              headless: true,
              provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
      ],
    },
  }),
)
