// The window's English for the importer's codes (a file the operator chose, what it did to a cell, groups that
// collide); Rust words the same codes for the CLI and logs in crates/blooio-import/src/english.rs. Every switch is
// exhaustive: a code added in Rust fails `npm run check` here until it is worded.
import type { ImportConflict } from "../../bindings/ImportConflict";
import type { ImportFileFormat } from "../../bindings/ImportFileFormat";
import type { ImportNote } from "../../bindings/ImportNote";
import type { ImportProblem } from "../../bindings/ImportProblem";
import type { ImportStatus } from "../../bindings/ImportStatus";

const SAVE_AS = "Save it from your spreadsheet program as CSV (UTF-8) or Excel Workbook (.xlsx)";

function unreachable(value: never): string {
  return `Something went wrong (${JSON.stringify(value)}).`;
}

/** Every importer code, so a problem from anywhere in the app can be told to be one. */
const IMPORT_CODES: Record<ImportProblem["code"], true> = {
  FileEmpty: true,
  FileUnreadable: true,
  FileTooLarge: true,
  FormatNotRecognised: true,
  WorkbookUnpacksTooLarge: true,
  WorkbookTooManyParts: true,
  TooManyRows: true,
  TooManyCells: true,
  WorkbookEncrypted: true,
  WorkbookUnreadable: true,
  TextUnreadable: true,
  NoSheets: true,
  SheetNotFound: true,
  SheetEmpty: true,
  MappingColumnMissing: true,
  ContactsNoCards: true,
  NoMemberColumn: true,
  ContactsHaveNoColumns: true,
};

export function isImportProblem(p: { code: string }): p is ImportProblem {
  return Object.hasOwn(IMPORT_CODES, p.code);
}

/** A size as english.rs says it: "1.5 MB", "12 KB". */
export function fileSize(bytes: number): string {
  const mib = 1024 * 1024;
  return bytes >= mib ? `${(bytes / mib).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Spreadsheet column letters from a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function quotedList(items: string[]): string {
  return items.map((i) => `“${i}”`).join(", ");
}

function rowList(rows: number[]): string {
  return rows.length === 1 ? `row ${rows[0]}` : `rows ${rows.join(", ")}`;
}

export function fileFormatText(format: ImportFileFormat): string {
  switch (format) {
    case "text":
      return "Text (CSV)";
    case "xlsx":
      return "Excel (.xlsx)";
    case "xlsb":
      return "Excel binary (.xlsb)";
    case "xls":
      return "Excel 97–2003 (.xls)";
    case "ods":
      return "OpenDocument (.ods)";
    default:
      return unreachable(format);
  }
}

export function importProblemText(p: ImportProblem): string {
  switch (p.code) {
    case "FileEmpty":
      return "The file is empty. Choose the file that holds your groups.";
    case "FileUnreadable":
      return `The file can't be opened (${p.detail}). Check that it is still there and that you may read it, or copy it to your Documents folder and choose the copy.`;
    case "FileTooLarge":
      return `The file is ${fileSize(p.bytes)}; files up to ${fileSize(p.max)} can be read. Split the groups into several files, or remove other sheets, pictures and columns you don't need.`;
    case "FormatNotRecognised":
      return `This isn't a spreadsheet or text file the app reads. ${SAVE_AS}, then choose that file.`;
    case "WorkbookUnpacksTooLarge":
      return `This workbook would unpack to ${fileSize(p.declared_bytes)}, more than the ${fileSize(p.max)} a sheet of groups needs; it may be damaged or hold something else. ${SAVE_AS} with only the sheet of groups in it.`;
    case "WorkbookTooManyParts":
      return `This workbook is made of ${p.parts} parts (at most ${p.max} are read); it may be damaged. ${SAVE_AS}.`;
    case "TooManyRows":
      return `The sheet has ${p.rows.toLocaleString()} or more rows; at most ${p.max.toLocaleString()} are read. Split it into several files.`;
    case "TooManyCells":
      return `The sheet has ${p.cells.toLocaleString()} or more cells (at most ${p.max.toLocaleString()} are read). Delete the columns and rows you don't need — formatting applied to whole rows or columns counts too — or split it into several files.`;
    case "WorkbookEncrypted":
      return "This workbook is protected by a password. Open it in your spreadsheet program, remove the password (or save a copy without one) and choose that copy.";
    case "WorkbookUnreadable":
      return `This ${fileFormatText(p.format)} file can't be read; it may be damaged or only partly downloaded. Open it in your spreadsheet program and save it again as CSV (UTF-8) or Excel Workbook (.xlsx).`;
    case "TextUnreadable":
      return `The text file can't be split into cells at line ${p.line}. ${SAVE_AS}.`;
    case "NoSheets":
      return `This workbook has no sheets. ${SAVE_AS} with the sheet of groups in it.`;
    case "SheetNotFound":
      return `There is no sheet named “${p.name}” in this file. Choose one of: ${quotedList(p.available)}.`;
    case "SheetEmpty":
      return `The sheet “${p.sheet}” is empty. Choose the sheet that holds your groups, or add the groups to this one and try again.`;
    case "MappingColumnMissing":
      return `The columns chosen use column ${columnLetter(p.column)}, but this sheet has ${p.columns}. Choose the columns again for this file.`;
    case "ContactsNoCards":
      return "This contacts file holds no contact card. Export the contacts again as vCard (.vcf).";
    case "NoMemberColumn":
      return `No column looks like phone numbers or emails. Choose the column to add members from: ${quotedList(p.headers)}.`;
    case "ContactsHaveNoColumns":
      return "This is a contacts file (vCard): it has no columns to choose from. Every phone number and email of its cards is added.";
    default:
      return unreachable(p);
  }
}

export function importProblemTitle(p: ImportProblem): string {
  switch (p.code) {
    case "FileEmpty":
      return "The file is empty";
    case "FileUnreadable":
      return "The file can't be opened";
    case "FileTooLarge":
    case "WorkbookUnpacksTooLarge":
    case "TooManyRows":
    case "TooManyCells":
      return "The file is too large";
    case "FormatNotRecognised":
      return "This isn't a spreadsheet";
    case "WorkbookTooManyParts":
    case "WorkbookUnreadable":
    case "TextUnreadable":
      return "The file can't be read";
    case "WorkbookEncrypted":
      return "The workbook has a password";
    case "NoSheets":
    case "SheetNotFound":
    case "SheetEmpty":
      return "No groups on this sheet";
    case "MappingColumnMissing":
    case "NoMemberColumn":
      return "Choose the columns";
    case "ContactsNoCards":
      return "No contacts in the file";
    case "ContactsHaveNoColumns":
      return "A contacts file has no columns";
    default:
      return unreachable(p);
  }
}

/** Technical detail the operator's sentence leaves out, for support. */
export function importProblemSupportNote(p: ImportProblem): string | null {
  switch (p.code) {
    case "WorkbookUnreadable":
    case "TextUnreadable":
      return `The reader said: ${p.detail}`;
    default:
      return null;
  }
}

export function importNoteText(n: ImportNote): string {
  switch (n.code) {
    case "NumberReadAsDigits":
      return `Row ${n.row}, ${n.column}: the spreadsheet stored “${n.original}” as a number; it was read as ${n.digits}. Check that no leading 0 or + was lost.`;
    case "NumberDigitsLost":
      return `Row ${n.row}, ${n.column}: the spreadsheet rounded this number to “${n.original}” when it saved the file, and its last digits are lost. Format the column as text in your spreadsheet program, type the numbers again and save the file again.`;
    default:
      return unreachable(n);
  }
}

export function importConflictText(c: ImportConflict): string {
  switch (c.code) {
    case "SameMembersInFile":
      return `The same members as the group on ${rowList(c.other_rows)}, and neither has a Chat ID: Blooio creates only one of them. Remove one, or change its members.`;
    case "SameChatGuidInFile":
      return `The same Chat ID as the group on ${rowList(c.other_rows)}: a chat can be linked to one group only. Remove one, or correct its Chat ID.`;
    case "AlreadyCreated":
      return "This app already created a group with these members or this Chat ID. Skip this row, or change it.";
    default:
      return unreachable(c);
  }
}

/** The status as the table's column and the filter say it. */
export function importStatusText(status: ImportStatus): string {
  switch (status) {
    case "ready":
      return "Ready";
    case "warnings":
      return "Check";
    case "conflict":
      return "Conflict";
    case "problems":
      return "Problem";
    default:
      return unreachable(status);
  }
}
