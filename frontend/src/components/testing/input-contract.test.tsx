import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { InputField } from "@/client";

import { InputContract } from "./input-contract";

const field = (name: string, kind: InputField["kind"], extra: Partial<InputField> = {}): InputField => ({
  name, kind, choices: [], example: null, min: null, max: null, missing_markers: [], ...extra,
});

describe("InputContract", () => {
  it("test_contract_lists_each_column_with_its_kind_and_range_or_choices", () => {
    render(
      <InputContract
        fields={[
          field("age", "number", { min: 0.17, max: 80, example: 29, missing_markers: ["?"] }),
          field("port", "choice", { choices: ["S", "C", "Q", "X", "Y", "Z"], example: "S" }),
          field("alone", "boolean", { choices: ["True", "False"], example: true }),
          field("boarded", "date", { example: "1912-04-10" }),
          field("ticket", "text"),
        ]}
      />,
    );

    expect(screen.getByRole("region", { name: "This endpoint reads these columns" })).toBeInTheDocument();
    const rows = within(screen.getByRole("list", { name: "Columns the endpoint reads" })).getAllByRole("listitem");
    expect(rows.map((row) => row.textContent)).toEqual([
      "agenumberfrom 0.17 to 80; “?” means unknown",
      "portcategoryone of: S, C, Q, X +2 more",
      "alonetrue / falsetrue or false",
      "boardeddatee.g. 1912-04-10",
      "tickettextany text",
    ]);
  });

  it("test_contract_without_columns_renders_nothing", () => {
    const { container } = render(<InputContract fields={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
