import type { FoundMembers } from "../../bindings/FoundMembers";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What "Add from a file…" did, in the sentence the member box shows beside Undo. */
export function addedFromFileText(fileName: string, found: FoundMembers): string {
  const count = found.entries.length;
  const from = found.from;
  if (count === 0) {
    switch (from.kind) {
      case "contacts":
        return `The contacts in “${fileName}” have no phone number or email: nothing was added.`;
      case "columns":
        return `The column ${from.columns.map((c) => `“${c}”`).join(", ")} of “${fileName}” is empty: nothing was added.`;
      case "list":
        return `“${fileName}” has nothing in it to add.`;
    }
  }
  const entries = plural(count, "entry", "entries");
  switch (from.kind) {
    case "contacts": {
      const found = [from.phones > 0 ? plural(from.phones, "phone number", "phone numbers") : "", from.emails > 0 ? plural(from.emails, "email", "emails") : ""]
        .filter((part) => part !== "")
        .join(" and ");
      return `Added ${entries} from ${plural(from.cards, "contact", "contacts")} in “${fileName}”: ${found}.`;
    }
    case "columns":
      return `Added ${entries} from the ${from.columns.length === 1 ? "column" : "columns"} ${from.columns.map((c) => `“${c}”`).join(", ")} of “${fileName}”.`;
    case "list":
      return `Added ${entries} from “${fileName}”.`;
  }
}

/** The member box's text with `entries` added on lines of their own after what is already there. */
export function withEntriesAdded(text: string, entries: string[]): string {
  if (entries.length === 0) return text;
  const kept = text.replace(/\s+$/, "");
  return (kept === "" ? "" : kept + "\n") + entries.join("\n");
}
