import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { defineConfig } from "@playwright/test";

// Playwright re-reads this file in every worker; the env var makes them all share one data dir.
process.env.TW_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "tunewright-e2e-"));
process.env.TW_ARTIFACTS ??= path.resolve(import.meta.dirname, "../test-artifacts/e2e");
// Tiny random base models, built once and kept between runs (see e2e/tiny_models.py).
const modelsDir = process.env.TW_E2E_MODELS_DIR ?? path.join(os.tmpdir(), "tunewright-e2e-models");
const cacheDir = path.join(os.tmpdir(), "tunewright-e2e-cache");

const port = Number(process.env.TW_E2E_PORT ?? 5055);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1, // one backend with one SQLite file; two CPU cores in CI
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Playwright cannot download its own browsers here: use the system Chromium.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } },
    {
      name: "mobile",
      use: {
        browserName: "chromium",
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
  webServer: {
    // The real backend, serving the built SPA from frontend/dist: run `npm run build` first.
    // Its base models come from the tiny mirror, so a language model trains in seconds.
    command: [
      `../.venv/bin/python e2e/tiny_models.py ${modelsDir} ${cacheDir}`,
      `../.venv/bin/tunewright serve --host 127.0.0.1 --port ${port}`,
    ].join(" && "),
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe", // server errors show up in the test output
    // No TUNEWRIGHT_NO_WORKER: the server supervises a worker process, which training needs.
    env: {
      TUNEWRIGHT_DATA_DIR: process.env.TW_E2E_DATA_DIR,
      TUNEWRIGHT_MODELS_DIR: modelsDir,
      TUNEWRIGHT_CACHE_DIR: cacheDir,
    },
  },
});
