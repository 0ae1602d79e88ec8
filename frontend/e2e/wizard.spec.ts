/**
 * The whole wizard for the two text kinds, against the real server and worker with tiny models:
 * template → data → plan → train → progress → verdict → test → deploy → call → download.
 * (The table kind's journey is split over training.spec.ts and testing.spec.ts.)
 */
import path from "node:path";

import { expect, type Locator, type Page, snap, test } from "./fixtures";

const samples = path.resolve(import.meta.dirname, "../../backend/tunewright/templates/samples");

async function chooseTemplate(page: Page, spec: string, name: string) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/template$/);
  const card = page.getByRole("list", { name: "Templates" }).getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await expect(card).toContainText(/About .+ to train on/);
  await snap(page, `${spec}-00-template`);
  await card.getByRole("button", { name: /use this template/i }).click();
  await expect(page).toHaveURL(/\/data\?template=[a-z-]+$/);
}

/** From the dataset page: the plan, then Start; returns the run page's URL once it is live. */
async function planAndStart(page: Page, spec: string) {
  await page.getByRole("link", { name: /continue to training/i }).click();
  await expect(page.getByRole("heading", { name: "Your training plan" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Settings and why" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /advanced settings/i })).toHaveAttribute("aria-expanded", "false");
  await snap(page, `${spec}-03-plan`);
  await page.getByRole("button", { name: /start training/i }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.getByRole("progressbar", { name: "Training progress" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Run phases" })).toBeVisible();
}

/** The run ends; the verdict comes in words, then the numbers; the loss curve has points. */
async function verdict(page: Page, spec: string) {
  await expect(page.getByText(/^(Passed|Not passed)$/)).toBeVisible({ timeout: 180_000 });
  await expect(page.getByRole("progressbar", { name: "Training progress" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByRole("region", { name: "The numbers" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Loss" }).getByRole("img")).toBeVisible();
  await expect(page.getByRole("list", { name: "Run messages" })).toContainText("Model saved.");
  await snap(page, `${spec}-05-verdict`);
  await page.getByRole("link", { name: "Test this model" }).click();
  await expect(page).toHaveURL(/\/testing\?model=\d+$/);
}

/** Deploy, read the key once, and call the endpoint as another program would. */
async function deployAndCall(page: Page, spec: string): Promise<unknown> {
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const card = page.getByRole("region", { name: /^Endpoint / });
  await expect(card.getByText("Your API key — shown once, copy it now")).toBeVisible();
  const key = (await card.getByLabel("API key", { exact: true }).textContent())!.trim();
  const url = (await card.getByLabel("Endpoint URL", { exact: true }).textContent())!.trim();
  const body = JSON.parse((await card.locator("pre").last().textContent())!) as Record<string, unknown>;
  await card.scrollIntoViewIfNeeded();
  await snap(page, `${spec}-07-deployed`);

  const call = await page.request.post(url, { headers: { Authorization: `Bearer ${key}` }, data: body });
  expect(call.status(), await call.text()).toBe(200);
  const refused = await page.request.post(url, { headers: { Authorization: "Bearer not-the-key" }, data: body });
  expect(refused.status()).toBe(401);

  const endpoint = page.getByRole("list", { name: "Endpoints" }).getByRole("listitem").first();
  await expect(endpoint.getByLabel("Usage")).toContainText(/Requests[1-9]/, { timeout: 30_000 });
  return call.json();
}

/** Download one export; its parity result shows beside the button. */
async function download(page: Page, spec: string, title: string): Promise<Locator> {
  const row = page.getByRole("list", { name: "Downloads" }).getByRole("listitem", { name: title, exact: true });
  const [file] = await Promise.all([
    page.waitForEvent("download", { timeout: 180_000 }),
    row.getByRole("button", { name: `Download ${title}` }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/\.zip$/);
  await expect(row.getByText(/Parity (passed|failed)/)).toBeVisible();
  await row.scrollIntoViewIfNeeded();
  await snap(page, `${spec}-08-download`);
  return row;
}

test("causal LM: upload the bot's Q&A, train, compare with the base model, deploy, download PyTorch", async ({ page, problems }) => {
  test.setTimeout(420_000);
  const spec = "wizard-lm";

  // 1. Template: the card says what it needs and how long training takes here.
  await chooseTemplate(page, spec, "Customer Service Bot");
  await snap(page, `${spec}-01-data`);

  // 2. Data: the user's own file (here, the sample file from disk), analysed.
  await page.getByLabel(/drop your data file here/i).setInputFiles(path.join(samples, "customer-service-bot.csv"));
  await expect(page).toHaveURL(/\/data\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("customer-service-bot");
  await snap(page, `${spec}-02-dataset`);

  // 3–4. Plan, start, and watch: phases, the live loss curve, sample answers.
  await planAndStart(page, spec);
  await expect(page.getByRole("region", { name: "Loss" })).toBeVisible();
  await snap(page, `${spec}-04-running`);
  await verdict(page, spec);

  // 5. Testing: a sample prompt, streamed answers from the fine-tuned and the base model.
  const prompts = page.getByRole("list", { name: /try one of these/i });
  await prompts.getByRole("button").first().click();
  await expect(page.getByRole("textbox", { name: "Your prompt" })).not.toHaveValue("");
  await page.getByRole("switch", { name: "Compare with the base model" }).click();
  await page.getByRole("button", { name: "Generate" }).click();
  const tuned = page.getByRole("region", { name: "Fine-tuned model" });
  const base = page.getByRole("region", { name: "Base model (before fine-tuning)" });
  await expect(tuned).toHaveAttribute("aria-busy", "false", { timeout: 60_000 });
  await expect(base).toHaveAttribute("aria-busy", "false", { timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Generate" })).toBeEnabled({ timeout: 60_000 });
  await snap(page, `${spec}-06-testing`);

  // 6. Deploy and call: the endpoint generates text.
  const answer = (await deployAndCall(page, spec)) as { text: string; finish_reason: string };
  expect(typeof answer.text).toBe("string");
  expect(["stop", "length"]).toContain(answer.finish_reason);

  // 7. Download the PyTorch folder.
  await download(page, spec, "PyTorch");

  expect(problems).toEqual([]);
});

test("classifier: load the sample data, train, label texts with attention, deploy, download ONNX int8", async ({ page, problems }) => {
  test.setTimeout(420_000);
  const spec = "wizard-classifier";

  // 1–2. Template, then the sample dataset in one click.
  await chooseTemplate(page, spec, "Text Classifier");
  await expect(page.getByRole("button", { name: "Use the sample data" })).toBeVisible();
  await snap(page, `${spec}-01-data`);
  await page.getByRole("button", { name: "Use the sample data" }).click();
  await expect(page).toHaveURL(/\/data\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Product reviews");
  await snap(page, `${spec}-02-dataset`);

  // 3–4. Plan, start, watch, verdict.
  await planAndStart(page, spec);
  await snap(page, `${spec}-04-running`);
  await verdict(page, spec);

  // 5. Testing: two texts, a label each with probabilities and what the model looked at.
  await page.getByRole("textbox", { name: "Texts to label" }).fill("My order never arrived.\nThank you, the plant is lovely!");
  await page.getByRole("button", { name: "Label them" }).click();
  const results = page.getByRole("list", { name: "Results" });
  await expect(results.getByRole("listitem", { name: /^Text \d+: / })).toHaveCount(2);
  await expect(results.getByRole("region", { name: "Probability of each label" }).first()).toBeVisible();
  await expect(results.getByRole("region", { name: "What it looked at" }).first()).toBeVisible();
  await snap(page, `${spec}-06-testing`);

  // 6. Deploy and call: one label per text.
  const answer = (await deployAndCall(page, spec)) as { predictions: { label: string }[] };
  expect(answer.predictions).toHaveLength(1);

  // 7. ONNX int8: quantized, checked against the original, downloaded.
  await download(page, spec, "ONNX int8");

  expect(problems).toEqual([]);
});

test.describe("a first-time visitor", () => {
  test.use({ tourSeen: false });

  test("goes from landing to a running training with the sample data in at most 5 clicks", async ({ page, problems }) => {
    const spec = "wizard-first-timer";
    let clicks = 0;
    const click = async (target: Locator) => {
      clicks += 1;
      await target.click();
    };

    await page.goto("/");
    // The tour greets them but blocks nothing.
    await expect(page.getByRole("dialog", { name: "Pick what you want to build" })).toBeVisible();
    await snap(page, `${spec}-01-landing`);
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Customer Service Bot" }) });
    await click(card.getByRole("button", { name: /use this template/i }));
    await click(page.getByRole("button", { name: "Use the sample data" }));
    await expect(page).toHaveURL(/\/data\/\d+$/);
    await click(page.getByRole("link", { name: /continue to training/i }));
    await click(page.getByRole("button", { name: /start training/i }));
    await expect(page).toHaveURL(/\/runs\/\d+$/);
    await expect(page.getByRole("progressbar", { name: "Training progress" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Stop training" })).toBeVisible();
    await snap(page, `${spec}-02-running`);
    expect(clicks).toBeLessThanOrEqual(5);

    // Not needed beyond this point: stop it (it can be resumed later) so the next test has the worker.
    await page.getByRole("button", { name: "Stop training" }).click();
    const stopped = page.getByRole("button", { name: "Resume" });
    await expect(stopped.or(page.getByText(/^(Passed|Not passed)$/))).toBeVisible({ timeout: 60_000 });
    expect(problems).toEqual([]);
  });

  test("sees a short tour once, can skip it, and can reopen it", async ({ page, problems }) => {
    const spec = "wizard-tour";
    await page.goto("/template");
    const tour = page.getByRole("dialog");
    await expect(tour).toContainText("Step 1 of");
    await snap(page, `${spec}-01-first-step`);
    await tour.getByRole("button", { name: "Next" }).click();
    await expect(tour.getByRole("heading", { name: "Bring your data — or use a sample" })).toBeVisible();
    await snap(page, `${spec}-02-second-step`);
    await tour.getByRole("button", { name: "Skip tour" }).click();
    await expect(tour).toHaveCount(0);

    // Dismissed stays dismissed, across reloads.
    await page.reload();
    await expect(page.getByRole("heading", { name: "What do you want to build?" })).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    // And it can be reopened from the header, then walked to the end with the keyboard.
    await page.getByRole("button", { name: /take the tour/i }).click();
    await expect(tour).toContainText("Step 1 of");
    for (;;) {
      const done = tour.getByRole("button", { name: "Done" });
      if (await done.isVisible()) {
        await done.press("Enter");
        break;
      }
      await tour.getByRole("button", { name: "Next" }).press("Enter");
    }
    await expect(tour).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});
