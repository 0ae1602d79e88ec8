import path from "node:path";

import { expect, type Page, test } from "./fixtures";

const artifacts = process.env.TW_ARTIFACTS ?? path.resolve(import.meta.dirname, "../../test-artifacts/e2e");

/** 120 subscribers: usage hours, plan and whether they churned (few hours on the basic plan), so a model can learn it. */
function churnCsv(rows = 120): Buffer {
  const lines = ["hours,logins,plan,churned"];
  for (let i = 0; i < rows; i += 1) {
    const hours = i % 10;
    const logins = (i * 7) % 13;
    const plan = i % 3 === 0 ? "pro" : "basic";
    lines.push(`${hours},${logins},${plan},${hours < 4 && plan === "basic" ? "yes" : "no"}`);
  }
  return Buffer.from(lines.join("\n") + "\n", "utf-8");
}

/** A full-page screenshot; with a dialog open, the viewport (the sheet is fixed to it). */
async function snap(page: Page, project: string, step: string, { fullPage = true } = {}) {
  await page.screenshot({ path: path.join(artifacts, `${project}-assistant-${step}.png`), fullPage });
}

test("assistant: a command trains a model, a sentence changes the plan, Models & runs lists it", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const project = testInfo.project.name;
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });

  // 1. A small table for the Tabular Predictor, uploaded through the API.
  const name = `churn-assist-${project}`;
  const upload = await page.request.post("/api/datasets", {
    multipart: {
      file: { name: `${name}.csv`, mimeType: "text/csv", buffer: churnCsv() },
      template_id: "tabular-predictor",
    },
  });
  expect(upload.status()).toBe(201);
  const dataset = (await upload.json()) as { id: number; name: string };
  expect(dataset.name).toBe(name);

  // 2. The command panel, from the header: a sentence becomes a run to confirm.
  await page.goto(`/training?dataset=${dataset.id}&template=tabular-predictor`);
  await expect(page.getByRole("heading", { name: "Your training plan" })).toBeVisible();
  await page.getByRole("button", { name: "Assistant" }).click();
  const panel = page.getByRole("dialog", { name: "Assistant" });
  const box = panel.getByRole("textbox", { name: "Message to the assistant" });
  await expect(box).toBeFocused();
  await box.fill(`train a model on ${name} to predict churned with a time budget of 5 seconds`);
  await box.press("Enter");
  const card = panel.getByRole("region", { name: "Proposed action" });
  await expect(card).toContainText(`Train a Tabular Predictor on ${name} (120 rows)`);
  await expect(card).toContainText("predicting churned");
  await expect(card).toContainText("POST /api/runs");
  await snap(page, project, "01-command", { fullPage: false });

  // 3. Confirm: the run is created through the API and its page opens.
  await card.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(panel).toBeHidden();
  const runId = new URL(page.url()).pathname.split("/").pop();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tabular Predictor");
  await expect(page.getByText(/^(Passed|Not passed)$/)).toBeVisible({ timeout: 120_000 });
  await snap(page, project, "02-run");

  // 4. The settings box on Training: "train longer" proposes a longer search; Apply puts it in the plan.
  await page.goto(`/training?dataset=${dataset.id}&template=tabular-predictor`);
  const settings = page.getByRole("list", { name: "Settings and why" });
  const budget = settings.getByRole("listitem").filter({ hasText: "Search time budget" });
  await expect(budget).toBeVisible();
  await page.getByRole("textbox", { name: "Describe what you want" }).fill("train longer");
  await page.getByRole("button", { name: "Suggest changes" }).click();
  const proposed = page.getByRole("list", { name: "Proposed changes" });
  await expect(proposed.getByRole("listitem").first()).toContainText("Search time budget");
  await expect(proposed).toContainText("becomes");
  await expect(budget).not.toContainText("You set"); // nothing applied yet
  await snap(page, project, "03-settings-proposal");
  await page.getByRole("button", { name: "Apply changes" }).click();
  await expect(budget).toContainText("You set");
  await expect(page.getByText("Applied 1 change.")).toBeVisible();
  await expect(page.getByRole("button", { name: /start training/i })).toBeEnabled();
  await snap(page, project, "04-settings-applied");

  // 5. Models & runs, from the header: the run and the model it registered.
  await page.getByRole("link", { name: /^Models/ }).click();
  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByRole("heading", { level: 1, name: "Models & runs" })).toBeVisible();
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.getByRole("link", { name: `Run ${runId}`, exact: true })).toBeVisible();
  const models = page.getByRole("table", { name: "Model versions" });
  const model = models.getByRole("link", { name: new RegExp(`^${name} v\\d+$`) });
  await expect(model).toBeVisible();
  await snap(page, project, "05-models");

  // 6. The model's record: verdict, base model and why, library versions.
  await model.click();
  await expect(page).toHaveURL(/\/models\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(page.getByText("Started from")).toBeVisible();
  await expect(page.getByText("Library versions")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete" })).toBeVisible();
  await snap(page, project, "06-model");

  expect(problems).toEqual([]);
});
