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

/**
 * 160 passengers for the column checks: `age` writes unknown as "?", `boat` is filled in only for
 * survivors (it gives the answer away), `name` is different on every row (an identifier).
 */
export function passengersCsv(rows = 160): Buffer {
  const next = random(11);
  const lines = ["name,age,fare,sex,pclass,boat,survived"];
  for (let i = 0; i < rows; i += 1) {
    const sex = next() < 0.5 ? "male" : "female";
    const pclass = 1 + Math.floor(next() * 3);
    const age = i % 9 === 0 ? "?" : String(1 + Math.floor(next() * 70));
    const fare = (5 + next() * 195).toFixed(2);
    const survived = next() < (sex === "female" ? 0.75 : 0.2) + (pclass === 1 ? 0.15 : 0) ? 1 : 0;
    const boat = survived ? String(1 + Math.floor(next() * 16)) : "";
    lines.push(`Passenger ${String(i).padStart(3, "0")},${age},${fare},${sex},${pclass},${boat},${survived}`);
  }
  return Buffer.from(lines.join("\n") + "\n", "utf-8");
}
