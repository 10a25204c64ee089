import { describe, expect, it } from "vitest";
import { people, readableMember, readableTime } from "./format";

const regions = [
  { code: "GB", name: "United Kingdom", calling_code: 44 },
  { code: "DE", name: "Germany", calling_code: 49 },
];

describe("format", () => {
  it("writes members the way people read them", () => {
    expect(readableMember("+14155550132")).toBe("+1 415-555-0132");
    expect(readableMember("+442079460958", regions)).toBe("+44 2079460958");
    expect(readableMember("+33612345678", regions)).toBe("+33612345678");
    expect(readableMember("ana@example.com", regions)).toBe("ana@example.com");
  });

  it("gives the time to the minute, without seconds", () => {
    const text = readableTime(Date.UTC(2026, 2, 14, 15, 9, 26), "en-GB");
    expect(text).toMatch(/2026/);
    expect(text).not.toMatch(/:26/);
  });

  it("counts people", () => {
    expect([people(0), people(1), people(2)]).toEqual(["0 people", "1 person", "2 people"]);
  });
});
