// The window's English for the local store's problem codes (the history and the bulk journal); Rust words the
// same codes for the CLI and logs in crates/blooio-store/src/english.rs.
import type { AppProblem } from "../../bindings/AppProblem";
import type { Problem } from "../../bindings/Problem";
import type { StoreProblem } from "../../bindings/StoreProblem";
import { importProblemText, isImportProblem } from "./import";

/** Every store code starts with "Store" or "Job"; no core code does (AppProblem's own promise). */
export function isStoreProblem(p: AppProblem): p is StoreProblem {
  return p.code.startsWith("Store") || p.code.startsWith("Job");
}

/** For a place that only a core problem can reach: a store (or importer) problem there is worded as an internal one. */
export function coreProblem(p: AppProblem): Problem {
  if (isStoreProblem(p)) return { code: "Internal", what: storeProblemText(p) };
  if (isImportProblem(p)) return { code: "Internal", what: importProblemText(p) };
  return p;
}

function unreachable(value: never): string {
  return `Something went wrong (${JSON.stringify(value)}).`;
}

export function storeProblemText(p: StoreProblem): string {
  switch (p.code) {
    case "StoreNewerVersion":
      return `The history on this computer was saved by a newer version of Blooio Groups (database version ${p.found}; this version reads up to ${p.supported}). Update Blooio Groups to see it. Nothing was changed.`;
    case "StoreNotADatabase":
      return p.path === ""
        ? "The history file is damaged or isn't a database. It was left as it was; move it elsewhere to start an empty history."
        : `${p.path} is damaged or isn't a database, so the history can't be read. It was left as it was; move it elsewhere to start an empty history.`;
    case "StoreForeignDatabase":
      return `${p.path} is another program's database, so Blooio Groups won't write its history there. It was left as it was; move it elsewhere.`;
    case "StoreCannotOpen":
      return `The history at ${p.path} can't be opened (${p.detail}). Check that the folder exists and that you may write to it.`;
    case "StoreBusy":
      return "The history is busy: another Blooio Groups window or the command-line tool is writing to it. Try again in a moment.";
    case "StoreDiskFull":
      return "The disk is full, so the history couldn't be saved. Free some space, then try again.";
    case "StoreFailed":
      return `The history couldn't be read or saved (${p.detail}).`;
    case "StoreDataUnreadable":
      return `A saved ${p.what} couldn't be read back (${p.detail}). Was the file changed by another program?`;
    case "StoreExportFailed":
      return `The history couldn't be exported (${p.detail}). Check that there is space and that no other program has the file open, then export again.`;
    case "JobNotFound":
      return `There is no bulk job ${p.job} in the records.`;
    case "JobRowNotFound":
      return `There is no bulk job row ${p.row} in the records.`;
    case "JobRowStateConflict":
      return `Job row ${p.row} is ${p.state}, so it can't be marked ${p.wanted}.`;
    case "JobRowRequestMismatch":
      return `A different group was about to be sent for job row ${p.row} than the one it records; nothing was sent.`;
    case "JobAccountMismatch":
      return `Bulk job ${p.job} was started with the API key ending ${p.key_hint} at ${p.base_url}. Resume it with that key and address (switch Practice mode or the key back), so no group is created twice.`;
    case "JobStatusConflict":
      return `Bulk job ${p.job} is ${p.status}, so it can't be ${p.wanted}.`;
    default:
      return unreachable(p);
  }
}

export function storeProblemTitle(p: StoreProblem): string {
  switch (p.code) {
    case "StoreNewerVersion":
      return "The history needs a newer Blooio Groups";
    case "StoreNotADatabase":
    case "StoreForeignDatabase":
    case "StoreDataUnreadable":
      return "The history can't be read";
    case "StoreCannotOpen":
      return "The history can't be opened";
    case "StoreBusy":
      return "The history is busy";
    case "StoreDiskFull":
      return "The disk is full";
    case "StoreExportFailed":
      return "The history wasn't exported";
    case "StoreFailed":
      return "The history couldn't be saved";
    default:
      return "The bulk job records disagree";
  }
}
