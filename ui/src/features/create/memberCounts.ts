import type { MemberSummary } from "../../bindings/MemberSummary";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The member list in one line, for the action bar: "2 will be added · 1 duplicate skipped · 1 to check · 0 to fix".
 * "To check" entries are among those added (they are sent); they are counted apart so the operator looks at them.
 */
export function memberCounts(m: MemberSummary): string {
  if (m.ok + m.duplicate + m.invalid === 0) return "Nobody added yet";
  return [
    `${m.ok} will be added`,
    plural(m.duplicate, "duplicate skipped", "duplicates skipped"),
    `${m.to_check} to check`,
    `${m.invalid} to fix`,
  ].join(" · ");
}
