import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, type APIRequestContext, type Page, test } from "./fixtures";

import { customersCsv } from "./tables";

const artifacts = process.env.TW_ARTIFACTS ?? path.resolve(import.meta.dirname, "../../test-artifacts/e2e");

async function snap(page: Page, project: string, step: string) {
  await page.screenshot({ path: path.join(artifacts, `${project}-testing-${step}.png`), fullPage: true });
}

/** Upload the customers table and train a table model on it through the API (5 s search). */
async function trainTableModel(request: APIRequestContext, name: string): Promise<{ runId: number; modelId: number }> {
  const upload = await request.post("/api/datasets", {
    multipart: {
      file: { name: `${name}.csv`, mimeType: "text/csv", buffer: customersCsv() },
      template_id: "tabular-predictor",
    },
  });
  expect(upload.status()).toBe(201);
  const dataset = (await upload.json()) as { id: number };

  const start = await request.post("/api/runs", {
    data: { template_id: "tabular-predictor", dataset_id: dataset.id, preset: "intermediate", overrides: { time_budget_s: 5 } },
  });
  expect(start.status()).toBe(201);
  const run = (await start.json()) as { id: number };

  let modelId = 0;
  await expect
    .poll(
      async () => {
        const current = (await (await request.get(`/api/runs/${run.id}`)).json()) as { status: string; model_version_id: number | null };
        modelId = current.model_version_id ?? 0;
        return current.status;
      },
      { timeout: 120_000, intervals: [1_000] },
    )
    .toBe("succeeded");
  return { runId: run.id, modelId };
}

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("test a table model: predict a row and a file, deploy and call it, download ONNX", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const project = testInfo.project.name;
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });

  // 1. A trained table model; its run's verdict leads to the Testing step.
  const { runId, modelId } = await trainTableModel(page.request, `churn-${project}`);
  await page.goto(`/runs/${runId}`);
  await page.getByRole("link", { name: "Test this model" }).click();
  await expect(page).toHaveURL(new RegExp(`/testing\\?model=${modelId}$`));
  const steps = page.getByRole("navigation", { name: "Wizard steps" });
  await expect(steps.getByRole("link", { name: /testing/i })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("combobox", { name: "Model" })).toContainText(`churn-${project}`);

  // 2. The form has one box per feature column (not the target), filled with an example.
  const form = page.getByRole("form", { name: "One row to predict" });
  await expect(form.getByRole("spinbutton", { name: "age" })).toBeVisible();
  await expect(form.getByLabel("churned")).toHaveCount(0);
  await form.getByRole("spinbutton", { name: "age" }).fill("24");
  await form.getByRole("spinbutton", { name: "monthly_spend" }).fill("20");
  await form.getByRole("spinbutton", { name: "support_tickets" }).fill("6");
  await form.getByRole("combobox", { name: "plan" }).selectOption("basic"); // the values the model saw
  await form.getByRole("button", { name: "Predict" }).click();
  const prediction = page.getByRole("region", { name: "Prediction" });
  await expect(prediction).toContainText(/Predicted churned: (yes|no) \(\d+(\.\d)?% sure\)/);
  await expect(prediction.getByRole("list", { name: "Probability of each churned" }).getByRole("listitem")).toHaveCount(2);
  await snap(page, project, "01-predict");

  // 3. A CSV batch: preview here, the whole file as a download.
  const batch = ["age,monthly_spend,support_tickets,plan", "24,20,6,basic", "55,90,0,team", "31,45,4,pro"].join("\n");
  await page.getByLabel("Choose a CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(batch) });
  const predicted = page.getByRole("region", { name: "Predicted file" });
  await expect(predicted).toContainText("3 rows predicted");
  await expect(predicted.getByRole("columnheader", { name: "prediction" })).toBeVisible();
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), predicted.getByRole("button", { name: "Download results" }).click()]);
  expect(csvDownload.suggestedFilename()).toBe("people-predictions.csv");
  const csv = readFileSync(await csvDownload.path(), "utf-8");
  expect(csv.split("\n")[0]).toBe("age,monthly_spend,support_tickets,plan,prediction,probability_no,probability_yes");
  expect(csv.trim().split("\n")).toHaveLength(4);
  await predicted.scrollIntoViewIfNeeded();
  await snap(page, project, "02-batch");

  // 4. Deploy: the URL, the key shown once (copied to the clipboard), calls to paste.
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const card = page.getByRole("region", { name: /^Endpoint / });
  await expect(card.getByText("Your API key — shown once, copy it now")).toBeVisible();
  const shownKey = (await card.getByLabel("API key", { exact: true }).textContent())!.trim();
  await card.getByRole("button", { name: "Copy the API key" }).click();
  await expect(card.getByRole("button", { name: "Copy the API key" })).toContainText("Copied");
  const key = await page.evaluate<string>("navigator.clipboard.readText()");
  expect(key).toBe(shownKey);
  await card.getByRole("tab", { name: "Python" }).click();
  await expect(card.getByRole("tabpanel")).toContainText("import requests");
  // The columns the endpoint reads, the contract an app codes against (the target is not one).
  const contract = card.getByRole("list", { name: "Columns the endpoint reads" });
  await expect(contract.getByRole("listitem")).toHaveCount(4);
  await expect(contract.getByRole("listitem").filter({ hasText: /^plan/ })).toContainText(/category.*one of: /);
  await expect(contract).not.toContainText("churned");
  await snap(page, project, "03-deployed");
  await card.screenshot({ path: path.join(artifacts, `${project}-testing-03-endpoint-card.png`) });

  // 5. Call the endpoint with that key, as another program would.
  const url = (await card.getByLabel("Endpoint URL", { exact: true }).textContent())!.trim();
  const body = JSON.parse((await card.locator("pre").last().textContent())!) as { rows: Record<string, unknown>[] };
  expect(Object.keys(body.rows[0]!)).toContain("age");
  const call = await page.request.post(url, { headers: { Authorization: `Bearer ${key}` }, data: body });
  expect(call.status()).toBe(200);
  expect(((await call.json()) as { predictions: unknown[] }).predictions).toHaveLength(1);
  const refused = await page.request.post(url, { headers: { Authorization: "Bearer wrong" }, data: body });
  expect(refused.status()).toBe(401);

  // 6. Usage follows within seconds: at least the one request.
  const endpoint = page.getByRole("list", { name: "Endpoints" }).getByRole("listitem").first();
  await expect(endpoint.getByLabel("Usage")).toContainText(/Requests[1-9]/, { timeout: 30_000 });
  await expect(endpoint.getByRole("img", { name: /requests and errors per hour/i })).toBeVisible();
  await endpoint.scrollIntoViewIfNeeded();
  await snap(page, project, "04-usage");

  // 7. ONNX download: built and checked on first request, its parity result beside the button.
  const onnx = page.getByRole("list", { name: "Downloads" }).getByRole("listitem", { name: "ONNX", exact: true });
  const [zip] = await Promise.all([
    page.waitForEvent("download", { timeout: 120_000 }),
    onnx.getByRole("button", { name: "Download ONNX" }).click(),
  ]);
  expect(zip.suggestedFilename()).toMatch(/onnx.*\.zip$/);
  await expect(onnx.getByText(/Parity (passed|failed)/)).toBeVisible();
  await expect(onnx.getByRole("list", { name: "Parity checks" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("listitem", { name: "ONNX int8" })).toContainText("Table models have no int8 variant");
  await onnx.scrollIntoViewIfNeeded();
  await snap(page, project, "05-download");

  expect(problems).toEqual([]);
});
