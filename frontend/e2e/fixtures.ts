/** What every browser test shares: screenshots, page errors, and the first-visit tour. */
import path from "node:path";

import { test as base, expect, type Page } from "@playwright/test";

export { expect };
export type { APIRequestContext, Locator, Page } from "@playwright/test";

export const artifacts = process.env.TW_ARTIFACTS ?? path.resolve(import.meta.dirname, "../../test-artifacts/e2e");

/** A full-page screenshot named `<project>-<spec>-<step>.png` under the artifacts folder. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: path.join(artifacts, `${test.info().project.name}-${name}.png`), fullPage: true });
}

interface Options {
  /** false: the page opens as for a first-time visitor, tour included. */
  tourSeen: boolean;
}

interface Fixtures {
  /** Uncaught page errors and console errors; each test ends by expecting none. */
  problems: string[];
}

export const test = base.extend<Options & Fixtures>({
  tourSeen: [true, { option: true }],
  page: async ({ page, tourSeen }, provide) => {
    if (tourSeen) await page.addInitScript(() => localStorage.setItem("tunewright.tour", "done"));
    await provide(page);
  },
  problems: async ({ page }, provide) => {
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    await provide(problems);
  },
});
