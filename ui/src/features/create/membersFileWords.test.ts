import { describe, expect, it } from "vitest";
import { addedFromFileText, withEntriesAdded } from "./membersFileWords";

describe("members added from a file", () => {
  it("says what was read from each kind of file", () => {
    expect(addedFromFileText("family.vcf", { entries: ["a", "b", "c"], from: { kind: "contacts", cards: 2, phones: 2, emails: 1 } })).toBe(
      "Added 3 entries from 2 contacts in “family.vcf”: 2 phone numbers and 1 email.",
    );
    expect(addedFromFileText("one.vcf", { entries: ["a"], from: { kind: "contacts", cards: 1, phones: 1, emails: 0 } })).toBe(
      "Added 1 entry from 1 contact in “one.vcf”: 1 phone number.",
    );
    expect(addedFromFileText("guests.xlsx", { entries: ["a", "b"], from: { kind: "columns", columns: ["Mobile", "Email"] } })).toBe(
      "Added 2 entries from the columns “Mobile”, “Email” of “guests.xlsx”.",
    );
    expect(addedFromFileText("list.txt", { entries: ["a"], from: { kind: "list" } })).toBe("Added 1 entry from “list.txt”.");
    expect(addedFromFileText("g.csv", { entries: [], from: { kind: "columns", columns: ["Notes"] } })).toBe(
      "The column “Notes” of “g.csv” is empty: nothing was added.",
    );
  });

  it("adds entries on lines of their own after what was typed", () => {
    expect(withEntriesAdded("", ["a", "b"])).toBe("a\nb");
    expect(withEntriesAdded("x, y  \n\n", ["a"])).toBe("x, y\na");
    expect(withEntriesAdded("x", [])).toBe("x");
  });
});
