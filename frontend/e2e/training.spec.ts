import path from "node:path";

import { expect, type Page, test } from "./fixtures";

import { customersCsv } from "./tables";

const artifacts = process.env.TW_ARTIFACTS ?? path.resolve(import.meta.dirname, "../../test-artifacts/e2e");

async function snap(page: Page, project: string, step: string) {
  await page.screenshot({ path: path.join(artifacts, `${project}-training-${step}.png`), fullPage: true });
}

test("train a tabular model: plan, advanced settings, live run, verdict", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const project = testInfo.project.name;
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });

  // 1. Choose the Tabular Predictor and upload a table for it.
  await page.goto("/template");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Tabular Predictor" }) });
  await card.getByRole("button", { name: /use this template/i }).click();
  await expect(page).toHaveURL(/\/data\?template=tabular-predictor$/);
  await page
    .getByLabel(/drop your data file here/i)
    .setInputFiles({ name: `customers-${project}.csv`, mimeType: "text/csv", buffer: customersCsv() });
  await expect(page).toHaveURL(/\/data\/\d+$/);
  const datasetId = new URL(page.url()).pathname.split("/").pop();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`customers-${project}`);
  await snap(page, project, "01-data");

  // 2. Data → Training: the plan, every setting with its reason, advanced settings collapsed.
  await page.getByRole("link", { name: /continue to training/i }).click();
  await expect(page).toHaveURL(new RegExp(`/training\\?dataset=${datasetId}&template=tabular-predictor$`));
  const steps = page.getByRole("navigation", { name: "Wizard steps" });
  await expect(steps.getByRole("link", { name: /training/i })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Your training plan" })).toBeVisible();
  const settings = page.getByRole("list", { name: "Settings and why" });
  const budget = settings.getByRole("listitem").filter({ hasText: "Search time budget" });
  await expect(budget).toContainText(/search for up to \d+ s/i);
  await expect(page.getByText("scikit-learn model search")).toBeVisible();
  const advanced = page.getByRole("button", { name: /advanced settings/i });
  await expect(advanced).toHaveAttribute("aria-expanded", "false");
  await snap(page, project, "02-plan");

  // 3. Advanced settings: the Intermediate preset shows the time budget; lower it to 5 s.
  await advanced.click();
  await page.getByRole("radio", { name: /intermediate/i }).check();
  const field = page.getByRole("spinbutton", { name: /search time budget/i });
  await expect(field).toBeVisible();
  await field.fill("5");
  await field.press("Enter");
  await expect(budget).toContainText("You set");
  await expect(budget).toContainText("5\u00a0s");
  const start = page.getByRole("button", { name: /start training/i });
  await expect(start).toBeEnabled();
  await snap(page, project, "03-advanced");

  // 4. Start: the run page follows it live — phase, progress, the model search.
  await start.click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const runUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tabular Predictor");
  await expect(page.getByRole("progressbar", { name: "Training progress" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Run phases" })).toBeVisible();
  const tried = page.getByRole("region", { name: "Models tried" });
  await expect(tried.getByRole("listitem").first()).not.toHaveText("None yet.", { timeout: 60_000 });
  await snap(page, project, "04-running");

  // 5. The verdict: in words first, then the numbers.
  await expect(page.getByText("Passed", { exact: true })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/^Passed: on rows it has never seen/)).toBeVisible();
  await expect(page.getByRole("region", { name: "What we noticed" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "The numbers" })).toContainText("Accuracy");
  await expect(page.getByRole("progressbar", { name: "Training progress" })).toHaveAttribute("aria-valuenow", "100");
  await snap(page, project, "05-verdict");

  // 6. The URL holds the state: a reload replays the whole run from its events.
  await page.reload();
  await expect(page).toHaveURL(runUrl);
  await expect(page.getByText("Passed", { exact: true })).toBeVisible();
  await expect(tried.getByRole("listitem").first()).not.toHaveText("None yet.");
  await expect(page.getByRole("list", { name: "Run messages" })).toContainText("Model saved.");

  // 7. Back on Training, the run is in the history.
  await page.getByRole("link", { name: "Training plan" }).click();
  const history = page.getByRole("list", { name: "Recent runs" });
  const row = history.getByRole("listitem").filter({ has: page.getByRole("link", { name: `Run ${runUrl.split("/").pop()}: Tabular Predictor` }) });
  await expect(row).toContainText("Finished");
  await snap(page, project, "06-history");

  expect(problems).toEqual([]);
});
