import { expect, type Page, snap, test } from "./fixtures";

import { passengersCsv } from "./tables";

/** One row of the "Columns used for training" list, found by its column name. */
function columnRow(page: Page, name: string) {
  return page
    .getByRole("list", { name: "Columns used for training" })
    .getByRole("listitem")
    .filter({ has: page.locator("span.font-medium", { hasText: new RegExp(`^${name}$`) }) });
}

test("columns: a leak is left out with its reason, '?' is read as missing, a column is switched", async ({ page, problems }, testInfo) => {
  const project = testInfo.project.name;

  // 1. Upload a passenger table for the Tabular Predictor.
  await page.goto("/data?template=tabular-predictor");
  await page
    .getByLabel(/drop your data file here/i)
    .setInputFiles({ name: `passengers-${project}.csv`, mimeType: "text/csv", buffer: passengersCsv() });
  await expect(page).toHaveURL(/\/data\/\d+$/);
  const datasetId = new URL(page.url()).pathname.split("/").pop();

  // 2. `boat` (filled in only for survivors) is left out, with the evidence in words.
  const boat = columnRow(page, "boat");
  await expect(boat).toContainText("Left out");
  await expect(boat).toContainText(/survived/);
  const useBoat = boat.getByRole("switch", { name: "Use boat" });
  await expect(useBoat).not.toBeChecked();
  await expect(columnRow(page, "name")).toContainText("Left out");
  await expect(columnRow(page, "survived")).toContainText("To predict");
  await expect(columnRow(page, "survived").getByRole("switch")).toHaveCount(0);

  // 3. "?" in `age` counts as missing, in the list and in the columns table.
  const markers = columnRow(page, "age").getByRole("list", { name: "Missing-value markers in age" });
  await expect(markers).toContainText(/\? — \d+ treated as missing/);
  await expect(page.getByRole("row").filter({ hasText: /^age/ })).toContainText("written as “?”");
  await columnRow(page, "age").scrollIntoViewIfNeeded();
  await snap(page, "columns-01-data");

  // 4. Keep `boat` anyway: it is used, marked as kept although flagged, the warning still shown.
  await useBoat.click();
  await expect(useBoat).toBeChecked();
  await expect(boat).toContainText("Kept (flagged)");
  await expect(boat).toContainText(/kept at your request/i);
  await boat.scrollIntoViewIfNeeded();
  await snap(page, "columns-02-kept");

  // 5. Switch it off again, and drop `fare` for this dataset.
  await useBoat.click();
  await expect(useBoat).not.toBeChecked();
  const useFare = columnRow(page, "fare").getByRole("switch", { name: "Use fare" });
  await useFare.click();
  await expect(useFare).not.toBeChecked();
  await expect(columnRow(page, "fare")).toContainText(/you chose to leave it out/i);

  // 6. The plan says which columns it uses and why the others are left out; one more change for this run.
  await page.goto(`/training?dataset=${datasetId}&template=tabular-predictor`);
  const summary = page.getByRole("region", { name: "Columns this run uses" });
  await expect(summary).toContainText(/leaves out \d+:.*boat \((a copy of the answer|gives the answer away|its gaps give the answer away)\)/);
  await expect(summary).toContainText("fare (you left it out)");
  await summary.getByRole("button", { name: "Change columns" }).click();
  const perRun = summary.getByRole("list", { name: "Columns for this run" });
  await perRun.getByRole("switch", { name: "Use pclass" }).click();
  await expect(summary).toContainText("pclass (you left it out)");
  await expect(page.getByRole("button", { name: /start training/i })).toBeEnabled();
  await snap(page, "columns-03-plan");

  expect(problems).toEqual([]);
});
