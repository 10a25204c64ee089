import { describe, expect, it } from "vitest";
import type { MemberProblem } from "../../bindings/MemberProblem";
import { memberProblemText } from "./members";
import { problemText } from "./problems";
// Written by `cargo test -p blooio-core` from the Rust wording: one problem of each code, with its sentence.
import cases from "./members.cases.json";

const rustCases = cases as { problem: MemberProblem; text: string }[];

describe("member problem words", () => {
  it("says what Rust says, code by code", () => {
    expect(rustCases.length).toBeGreaterThan(30);
    for (const { problem, text } of rustCases) {
      expect(memberProblemText(problem), problem.code).toBe(text);
    }
  });

  it("words every code Rust has", () => {
    const codes = new Set(rustCases.map((c) => c.problem.code));
    const worded = rustCases.filter((c) => !memberProblemText(c.problem).startsWith("Something went wrong"));
    expect(worded).toHaveLength(rustCases.length);
    expect(codes.size).toBe(31);
  });

  it("asks to check a number in no known range, naming its country as people say it", () => {
    const at = (code: string, name: string): MemberProblem => ({
      code: "PhoneNotInKnownRange",
      number: "+1 555 123 4567",
      e164: "+15551234567",
      place: { kind: "Region", code, name },
    });
    expect(memberProblemText(at("US", "United States"))).toBe(
      "+1 555 123 4567 is not a number range known in the United States: check it before sending.",
    );
    expect(memberProblemText(at("CA", "Canada"))).toContain("known in Canada:");
  });

  it("words the first unusable entry inside the form's members problem", () => {
    expect(
      problemText({
        code: "MembersUnusable",
        count: 1,
        first_input: "555-0100",
        first_problem: {
          code: "PhoneAddAreaCode",
          place: { kind: "Region", code: "US", name: "United States" },
          national: true,
        },
      }),
    ).toBe(
      "Fix or remove “555-0100”: Not a valid phone number for United States (US): too short: add the area code. If it is from another country, start it with + and the country code.",
    );
    expect(problemText({ code: "PhoneFewerThan7Digits" })).toMatch(/^Not a valid phone number: too short/);
  });
});
