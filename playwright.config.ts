import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);

// The system Chromium from Debian: browsers cannot be downloaded here, and background networking
// would only try to reach Google's hosts through a closed network.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'line' : 'list',
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: chromium,
    trace: 'retain-on-failure',
    locale: 'it-IT',
  },
  projects: [
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions: chromium } },
    { name: 'kiosk', use: { viewport: { width: 1280, height: 800 }, launchOptions: chromium }, testMatch: /roles\.spec\.ts/ },
  ],
  webServer: {
    // The built app on a fresh embedded database with the demo data, as `npm start` runs it.
    command: `rm -rf test-results/e2e-data && node build/server/main.js serve`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    // Behind a "proxy" so tests that set up families of their own can each come from their own home
    // (X-Forwarded-For), instead of all counting against one address's registration limit.
    env: { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: 'test-results/e2e-data', TRUST_PROXY: '1' },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
