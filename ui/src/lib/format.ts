import type { Region } from "../bindings/Region";

/**
 * A member as a person reads it: North American numbers as +1 415-555-0132, other numbers with their country code
 * set apart (+44 2079460958; national grouping differs too much by country to guess), emails unchanged.
 */
export function readableMember(identifier: string, regions: readonly Region[] = []): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(identifier);
  if (nanp) return `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}`;
  if (!/^\+\d{7,15}$/.test(identifier)) return identifier;
  const digits = identifier.slice(1);
  // Calling codes are prefix-free, so at most one matches.
  const code = regions.map((r) => String(r.calling_code)).find((c) => digits.startsWith(c));
  return code !== undefined ? `+${code} ${digits.slice(code.length)}` : identifier;
}

/** A moment as the operator's computer writes dates, to the minute: seconds mean nothing to anyone here. */
export function readableTime(unixMs: number, locale?: string): string {
  return new Date(unixMs).toLocaleString(locale, { dateStyle: "long", timeStyle: "short" });
}

/** "1 person", "2 people". */
export function people(count: number): string {
  return count === 1 ? "1 person" : `${count} people`;
}
