import type { ColumnChoices, ColumnDecision, ColumnFlag, RunColumns } from "@/client";

type Role = ColumnDecision["role"];
type Reason = ColumnDecision["reason"];

/** What each role means, as a badge. */
export const roleLabels: Record<Role, string> = {
  target: "To predict",
  label: "Label",
  text: "Text",
  feature: "Used",
  left_out: "Left out",
};

/** Why a column is left out (or kept), in a few words for a compact list. */
export const reasonLabels: Record<Reason, string> = {
  target: "the answer",
  label: "the label",
  text: "the text",
  feature: "used",
  identifier: "an identifier",
  leak: "gives the answer away",
  missing_leak: "its gaps give the answer away",
  target_copy: "a copy of the answer",
  constant: "the same in every row",
  empty: "empty",
  user: "you left it out",
  kept: "kept although flagged",
  unused: "not read by this template",
};

/** Whether the column feeds the model as an input. */
export function isUsed(decision: ColumnDecision): boolean {
  return decision.role === "feature";
}

/** The columns the model reads (its inputs) and the ones it leaves out, for a one-line summary. */
export function summarize(selection: ColumnDecision[]): { inputs: ColumnDecision[]; leftOut: ColumnDecision[] } {
  return {
    inputs: selection.filter((decision) => decision.role === "feature" || decision.role === "text"),
    leftOut: selection.filter((decision) => decision.role === "left_out"),
  };
}

/** Whether a person may switch this column on or off (inputs only; the answer and unread columns stay as they are). */
export function isToggleable(decision: ColumnDecision): boolean {
  return (decision.role === "feature" || decision.role === "left_out") && decision.reason !== "unused";
}

/**
 * The choices after switching `name` on or off. An entry is kept only where it changes what
 * would happen without one (`usedByDefault`), so switching back leaves the lists as they were.
 */
export function chooseColumn<T extends RunColumns>(choices: T, name: string, use: boolean, usedByDefault: boolean): T {
  const include = (choices.include ?? []).filter((column) => column !== name);
  const exclude = (choices.exclude ?? []).filter((column) => column !== name);
  if (use !== usedByDefault) (use ? include : exclude).push(name);
  return { ...choices, include, exclude };
}

/** The choices after saying a marker in `column` is a real value (`real`) or means "missing" again. */
export function chooseMarker(choices: ColumnChoices, column: string, marker: string, real: boolean): ColumnChoices {
  const others = (choices.markers_off?.[column] ?? []).filter((value) => value !== marker);
  const values = real ? [...others, marker] : others;
  const markersOff = { ...choices.markers_off };
  if (values.length > 0) markersOff[column] = values;
  else delete markersOff[column];
  return { ...choices, markers_off: markersOff };
}

/** The markers a column has, as one phrase: `"?", "n/a"`. */
export function markerList(markers: Record<string, number> | null | undefined): string {
  return Object.keys(markers ?? {})
    .map((marker) => `“${marker}”`)
    .join(", ");
}

/** The flags raised on each column, by column name. */
export function flagsByColumn(flags: ColumnFlag[]): Map<string, ColumnFlag[]> {
  const byColumn = new Map<string, ColumnFlag[]>();
  for (const flag of flags) byColumn.set(flag.column, [...(byColumn.get(flag.column) ?? []), flag]);
  return byColumn;
}
