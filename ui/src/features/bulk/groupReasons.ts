// Why a group of the preview has the status it has, in the words a person reads: what stops it first, then what
// it collides with, then what is worth a look.
import type { ImportPreviewGroup } from "../../bindings/ImportPreviewGroup";
import { importConflictText, importNoteText } from "../../lib/words/import";
import { memberProblemText } from "../../lib/words/members";
import { problemText } from "../../lib/words/problems";

export interface Reason {
  kind: "problem" | "conflict" | "warning";
  text: string;
}

/** At most this many member entries are named one by one; the rest are counted. */
const MEMBERS_NAMED = 3;

export function groupReasons(group: ImportPreviewGroup): Reason[] {
  const reasons: Reason[] = [];
  for (const field of group.summary.problems) reasons.push({ kind: "problem", text: problemText(field.problem) });
  for (const conflict of group.conflicts) reasons.push({ kind: "conflict", text: importConflictText(conflict) });
  if (group.summary.chat_guid_warning) reasons.push({ kind: "warning", text: problemText(group.summary.chat_guid_warning) });
  for (const note of group.notes) reasons.push({ kind: "warning", text: importNoteText(note) });
  // The member list's own findings, when the problems above don't already say them (a group whose members are
  // all unusable says so in its field problem).
  const members = group.summary.members;
  const worth = members.rows.filter((row) => row.entry.problem !== null && row.entry.status !== "invalid");
  for (const row of worth.slice(0, MEMBERS_NAMED)) {
    if (row.entry.problem) reasons.push({ kind: "warning", text: `“${row.entry.input}”: ${memberProblemText(row.entry.problem)}` });
  }
  if (worth.length > MEMBERS_NAMED) {
    const more = worth.length - MEMBERS_NAMED;
    reasons.push({ kind: "warning", text: `${more} more ${more === 1 ? "entry" : "entries"} to check.` });
  }
  return reasons;
}

/** "Row 4", "Rows 4–9" (a member-per-row group spans rows), "Rows 4, 7 and 2 more". */
export function rowsText(rows: number[]): string {
  const [first, second] = rows;
  const last = rows.at(-1);
  if (first === undefined || last === undefined) return "";
  if (rows.length === 1) return `Row ${first}`;
  if (rows.every((row, i) => row === first + i)) return `Rows ${first}–${last}`;
  if (rows.length === 2) return `Rows ${first} and ${last}`;
  return `Rows ${first}, ${second} and ${rows.length - 2} more`;
}
