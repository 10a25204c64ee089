// The bulk run in words: its phase, its counts, a row's state. Problems are worded by lib/words like everywhere.
import type { JobCounts } from "../../bindings/JobCounts";
import type { RowState } from "../../bindings/RowState";
import type { RunPhase } from "../../bindings/RunPhase";
import type { RunProgress } from "../../bindings/RunProgress";
import { problemText } from "../../lib/words/problems";

function unreachable(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "Sending…", "Waiting: Blooio asked to slow down, going on at 14:02:10", "Paused: …". */
export function phaseText(phase: RunPhase, at: (ms: number) => string): string {
  switch (phase.phase) {
    case "sending":
      return "Sending…";
    case "waiting":
      switch (phase.reason) {
        case "rate_limited":
          return `Blooio asked to slow down. Going on by itself at ${at(phase.until_ms)}.`;
        case "device_error":
          return `Blooio's link to its iPhone or Mac faltered. Trying that group again at ${at(phase.until_ms)}.`;
        case "looking_again":
          return `Some answers were lost on the way. Looking those groups up again at ${at(phase.until_ms)}; nothing is sent twice.`;
        default:
          return unreachable(phase);
      }
    case "paused":
      switch (phase.reason) {
        case "operator":
          return "Paused. Nothing more is sent until you resume.";
        case "blooio":
          return `Paused: ${problemText(phase.problem)} Resume when that is dealt with; the group it stopped at is sent then.`;
        case "unsettled":
          return "Paused: some answers were lost and those groups couldn't be looked up yet. Resume to look again; nothing is sent twice.";
        default:
          return unreachable(phase);
      }
    case "cancelled":
      return "Cancelled. The groups not sent yet were left out.";
    case "finished":
      return "Done.";
    default:
      return unreachable(phase);
  }
}

/** "12 created · 1 already existed · 2 failed". Zero counts other than created are left out. */
export function countsText(c: JobCounts): string {
  const parts = [`${c.created.toLocaleString()} created`];
  if (c.conflict > 0) parts.push(`${c.conflict.toLocaleString()} already existed`);
  if (c.failed > 0) parts.push(`${c.failed.toLocaleString()} failed`);
  if (c.unsettled + c.sending > 0) parts.push(`${(c.unsettled + c.sending).toLocaleString()} not known yet`);
  if (c.skipped > 0) parts.push(`${c.skipped.toLocaleString()} skipped`);
  return parts.join(" · ");
}

/** "240 per minute · about 3 min left", or "" before the pace is known. */
export function paceText(progress: RunProgress): string {
  if (progress.per_minute === null) return "";
  const rate = `${Math.round(progress.per_minute).toLocaleString()} per minute`;
  if (progress.seconds_left === null || progress.phase.phase !== "sending") return rate;
  const s = progress.seconds_left;
  const left = s < 60 ? plural(s, "second", "seconds") : s < 3600 ? plural(Math.ceil(s / 60), "minute", "minutes") : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${rate} · about ${left} left`;
}

export function rowStateText(state: RowState): string {
  switch (state) {
    case "pending":
      return "Not sent";
    case "sending":
    case "unsettled":
      return "Not known yet";
    case "created":
      return "Created";
    case "conflict":
      return "Already exists";
    case "failed":
      return "Failed";
    case "skipped":
      return "Skipped";
    default:
      return unreachable(state);
  }
}

/** Whether the run has ended (as opposed to sending, waiting or paused for the operator). */
export function hasEnded(phase: RunPhase): boolean {
  return phase.phase === "finished" || phase.phase === "cancelled";
}
