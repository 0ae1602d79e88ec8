import type { Shape, TaskKind } from "@/client";

export type RoleName = "text" | "label" | "prompt" | "input" | "response" | "messages" | "target";

export interface RoleInfo {
  title: string;
  description: string;
}

/** What each column role means, in words a beginner can act on. */
export const roleInfo: Record<RoleName, RoleInfo> = {
  text: { title: "Text", description: "The text the model reads." },
  label: { title: "Label", description: "The category you want the model to choose." },
  prompt: { title: "Prompt", description: "The question or instruction." },
  input: { title: "Extra input", description: "Optional context that goes with the prompt." },
  response: { title: "Response", description: "The answer the model should learn to give." },
  messages: { title: "Conversation", description: "The chat turns (user and assistant)." },
  target: { title: "Target", description: "The column to predict from the others." },
};

const ROLE_ORDER = Object.keys(roleInfo) as RoleName[];

/** The roles a template needs for data of this shape (the server may have assigned more). */
export function rolesFor(task: TaskKind | null | undefined, shape: Shape): RoleName[] {
  if (task === "classifier") return ["text", "label"];
  if (task === "tabular") return ["target"];
  switch (shape) {
    case "chat":
      return ["messages"];
    case "instruction":
      return ["prompt", "input", "response"];
    case "prompt_response":
      return ["prompt", "response"];
    case "text_label":
      return task === "causal_lm" ? ["text"] : ["text", "label"];
    case "tabular":
      return task === "causal_lm" ? ["text"] : ["target"];
    default:
      return ["text"];
  }
}

/** Needed roles plus any the server assigned, in a stable order. */
export function visibleRoles(needed: RoleName[], assigned: Record<string, string>): RoleName[] {
  const names = new Set<string>([...needed, ...Object.keys(assigned)]);
  return ROLE_ORDER.filter((role) => names.has(role));
}
