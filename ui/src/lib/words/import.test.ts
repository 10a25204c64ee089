import { describe, expect, it } from "vitest";
import { columnLetter, fileSize, importConflictText, importNoteText, importProblemText, isImportProblem } from "./import";
import { problemText, problemTitle } from "./problems";
import { coreProblem } from "./store";

describe("importer words", () => {
  it("says what is wrong with a file and how to fix it", () => {
    expect(importProblemText({ code: "FileTooLarge", bytes: 80 * 1024 * 1024, max: 64 * 1024 * 1024 })).toBe(
      "The file is 80.0 MB; files up to 64.0 MB can be read. Split the groups into several files, or remove other sheets, pictures and columns you don't need.",
    );
    expect(importProblemText({ code: "WorkbookUnpacksTooLarge", declared_bytes: 4 * 1024 ** 3, max: 256 * 1024 ** 2 })).toMatch(
      /^This workbook would unpack to 4096\.0 MB, .* Save it from your spreadsheet program as CSV \(UTF-8\)/,
    );
    expect(importProblemText({ code: "SheetNotFound", name: "Teams", available: ["Sheet1", "Parents"] })).toBe(
      "There is no sheet named “Teams” in this file. Choose one of: “Sheet1”, “Parents”.",
    );
    expect(importProblemText({ code: "FormatNotRecognised" })).toMatch(/Save it .* as CSV \(UTF-8\) or Excel Workbook/);
    expect(importProblemText({ code: "MappingColumnMissing", column: 27, columns: 3 })).toContain("column AB");
  });

  it("routes importer codes through the app's one problem wording, title included", () => {
    const empty = { code: "SheetEmpty", sheet: "Sheet1" } as const;
    expect(isImportProblem(empty)).toBe(true);
    expect(isImportProblem({ code: "NoKey" })).toBe(false);
    expect(problemText(empty)).toBe(importProblemText(empty));
    expect(problemTitle(empty)).toBe("No groups on this sheet");
    expect(problemTitle({ code: "WorkbookEncrypted" })).toBe("The workbook has a password");
    // Where only core problems are expected, an importer problem is still readable.
    expect(coreProblem(empty)).toEqual({ code: "Internal", what: importProblemText(empty) });
  });

  it("words notes and conflicts with the rows they name", () => {
    expect(importConflictText({ code: "SameMembersInFile", other_rows: [4] })).toMatch(/^The same members as the group on row 4,/);
    expect(importConflictText({ code: "SameChatGuidInFile", other_rows: [4, 9] })).toMatch(/^The same Chat ID as the group on rows 4, 9:/);
    expect(importNoteText({ code: "NumberReadAsDigits", row: 3, column: "Phone", original: "1.5551234567E+10", digits: "15551234567" })).toBe(
      "Row 3, Phone: the spreadsheet stored “1.5551234567E+10” as a number; it was read as 15551234567. Check that no leading 0 or + was lost.",
    );
  });

  it("writes sizes and column letters as spreadsheets do", () => {
    expect(fileSize(1)).toBe("1 KB");
    expect(fileSize(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
  });
});
