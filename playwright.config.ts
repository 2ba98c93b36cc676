import { defineConfig, devices } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.config.ts'

const PORT = Number(process.env.E2E_PORT ?? 4173)

// Tests wait for states, not for wall-clock budgets: the limits below only cap how long a state may take to arrive,
// and are sized for a machine whose two cores are already busy (CI may share its machine with other work).
export default defineConfig({
  testDir: './e2e',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two workers on the two-core machines this runs on: most of a test is waiting for Chromium to render, and the
  // limits above leave room for a busy machine. E2E_WORKERS overrides it.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // Recording a trace costs about a fifth of the suite's time even for tests that pass (a DOM snapshot per
    // action); a failure still leaves a screenshot and the page's accessibility snapshot. `--trace=on` records them.
    trace: 'off',
    screenshot: 'only-on-failure',
    navigationTimeout: 60_000,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    // The build registers a service worker that precaches the whole site; only the offline test wants it.
    serviceWorkers: 'block',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // Serves the already-built dist/; scripts/test.sh builds first.
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
})
