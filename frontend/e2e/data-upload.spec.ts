import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, type Page, test } from "./fixtures";

const artifacts = process.env.TW_ARTIFACTS ?? path.resolve(import.meta.dirname, "../../test-artifacts/e2e");

const reasons = [
  ["My order arrived broken and nobody answers the phone.", "complaint"],
  ["The app crashes every time I open my invoices.", "complaint"],
  ["I was charged twice for the same subscription.", "complaint"],
  ["The delivery was three weeks late without any update.", "complaint"],
  ["Support closed my ticket without solving anything.", "complaint"],
  ["The replacement part does not fit the model I own.", "complaint"],
  ["My discount code was refused at checkout again.", "complaint"],
  ["The package was left in the rain and soaked through.", "complaint"],
  ["Do you ship to Canada?", "question"],
  ["How do I change the email address on my account?", "question"],
  ["Can I pause my subscription for a month?", "question"],
  ["What is the warranty on the blue kettle?", "question"],
  ["Is there a student discount?", "question"],
  ["Which sizes does the rain jacket come in?", "question"],
  ["Can I pick up my order from the store?", "question"],
  ["Please write to me at jane.doe@example.com about the refund.", "question"],
  ["Thanks, the replacement works perfectly!", "praise"],
  ["Your support team sorted it out in five minutes.", "praise"],
  ["Best kettle I have ever owned, thank you.", "praise"],
  ["Fast delivery and lovely packaging.", "praise"],
  ["The new app update is so much quicker.", "praise"],
  ["Great value for the price, will buy again.", "praise"],
  ["Your staff were kind and patient on the phone.", "praise"],
  ["The jacket kept me dry all week, love it.", "praise"],
] as const;

/** 24 labelled texts, then the first one again: one exact duplicate and one email address. */
function ticketsCsv(): Buffer {
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const rows = [...reasons, reasons[0]].map(([text, label]) => `${quote(text)},${label}`);
  return Buffer.from(["text,label", ...rows].join("\n") + "\n", "utf-8");
}

async function snap(page: Page, project: string, step: string) {
  await page.screenshot({ path: path.join(artifacts, `${project}-${step}.png`), fullPage: true });
}

/** The number under a profile stat such as "Rows". */
function stat(page: Page, label: string) {
  return page.locator("dl > div").filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) }).locator("dd");
}

test("upload a CSV, read its analysis, fix duplicates", async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });

  // 1. The root opens the first step of the wizard.
  await page.goto("/");
  await expect(page).toHaveURL(/\/template$/);
  await expect(page.getByRole("heading", { name: "What do you want to build?" })).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Text Classifier" }) });
  await expect(card).toBeVisible();
  await snap(page, project, "01-templates");

  // 2. Choosing a template moves on to Data and says what the data should look like.
  await card.getByRole("button", { name: /use this template/i }).click();
  await expect(page).toHaveURL(/\/data\?template=text-classifier$/);
  await expect(page.getByRole("heading", { name: "Upload your data" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Data", exact: false }).first()).toHaveAttribute("aria-current", "page");
  await snap(page, project, "02-data");

  // 3. Upload: the analysis page opens with the detected format and the profile.
  await page
    .getByLabel(/drop your data file here/i)
    // One name per project: both projects share a backend, and versions are numbered per name.
    .setInputFiles({ name: `tickets-${project}.csv`, mimeType: "text/csv", buffer: ticketsCsv() });
  await expect(page).toHaveURL(/\/data\/\d+$/);
  const firstUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Version 1");
  await expect(page.getByRole("heading", { name: "How we read your file" })).toBeVisible();
  await expect(page.getByText("CSV", { exact: true })).toBeVisible();
  await expect(stat(page, "Rows")).toHaveText("25");
  await expect(stat(page, "Duplicates")).toContainText("1");

  // 4. The findings name the duplicate and the personal data.
  const findings = page.getByRole("list", { name: "Findings" });
  const fixDuplicates = { name: /fix: remove duplicates/i };
  const duplicate = findings.getByRole("listitem").filter({ has: page.getByRole("button", fixDuplicates) });
  await expect(duplicate).toContainText(/cop(y|ies)|duplicate/i);
  await expect(findings.getByRole("listitem").filter({ hasText: /e-?mail|personal/i })).toBeVisible();
  await expect(page.getByRole("table", { name: "Data preview" })).toBeVisible();
  await snap(page, project, "03-analysis");

  // 5. One click removes the duplicate: a new version with one row fewer.
  await duplicate.getByRole("button", fixDuplicates).click();
  await expect(page).not.toHaveURL(firstUrl);
  await expect(page).toHaveURL(/\/data\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Version 2");
  await expect(page.getByRole("link", { name: /cleaned from the previous version/i })).toHaveAttribute(
    "href",
    new URL(firstUrl).pathname,
  );
  await expect(stat(page, "Rows")).toHaveText("24");
  await expect(stat(page, "Duplicates")).toHaveText("0");
  await expect(findings.getByRole("button", fixDuplicates)).toHaveCount(0);
  const toast = page.getByRole("listitem").filter({ hasText: "Saved as version 2" });
  await expect(toast).toContainText("1 row removed.");
  await toast.getByRole("button", { name: /close/i }).click();
  await expect(toast).toHaveCount(0);
  await snap(page, project, "04-cleaned");

  // 6. The cleaned version downloads its own rows; the table below is the column profile.
  await expect(page.getByRole("heading", { name: "Column profile" })).toBeVisible();
  await page.getByText("Download", { exact: true }).click();
  const menu = page.getByRole("list", { name: /^Download tickets-.* v2 \(cleaned\)$/ });
  await expect(menu.getByRole("link")).toHaveCount(4);
  await snap(page, project, "05-download-menu");
  const [rows] = await Promise.all([page.waitForEvent("download"), menu.getByRole("link", { name: /^CSV/ }).click()]);
  expect(rows.suggestedFilename()).toBe(`tickets-${project}-v2.csv`);
  expect(readFileSync(await rows.path(), "utf-8").trim().split("\n")).toHaveLength(25); // header + 24 rows

  expect(problems).toEqual([]);
});
