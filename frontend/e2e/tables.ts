/** Generated tables the browser tests upload. */

/** A small, seeded pseudo-random source: the same table on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

/**
 * 120 customers: three numbers, one category, and whether they churned, which follows from
 * them (low spend with many support tickets, or a basic plan under 30), so a model can learn it.
 */
export function customersCsv(rows = 120): Buffer {
  const next = random(7);
  const plans = ["basic", "pro", "team"];
  const lines = ["age,monthly_spend,support_tickets,plan,churned"];
  for (let i = 0; i < rows; i += 1) {
    const age = 18 + Math.floor(next() * 50);
    const spend = Math.round(5 + next() * 95);
    const tickets = Math.floor(next() * 8);
    const plan = plans[Math.floor(next() * plans.length)]!;
    const churned = (spend < 50 && tickets >= 3) || (plan === "basic" && age < 30) ? "yes" : "no";
    lines.push(`${age},${spend},${tickets},${plan},${churned}`);
  }
  return Buffer.from(lines.join("\n") + "\n", "utf-8");
}
