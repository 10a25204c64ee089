import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { JobRow } from "../../bindings/JobRow";
import type { JobSummary } from "../../bindings/JobSummary";
import { BulkRun, REPORT_PAGE } from "./bulkRun.svelte";

afterEach(() => clearMocks());

const TOTAL = 450;

const job: JobSummary = {
  id: 7,
  source_file_name: "crews.csv",
  created_at_ms: 0,
  mode: "blooio",
  base_url: "https://backend.blooio.com/v2/api",
  key_hint: "…5e7a",
  status: "finished",
  counts: { total: TOTAL, pending: 0, sending: 0, created: TOTAL, conflict: 0, failed: 0, unsettled: 0, skipped: 0 },
};

function row(position: number): JobRow {
  return {
    id: position + 1,
    job_id: 7,
    position,
    row_numbers: [position + 2],
    request: { name: `Crew ${position}`, members: ["+12125550100"] },
    state: "created",
    sent_at_ms: null,
    created: null,
    recovered: false,
    problem: null,
    updated_at_ms: 0,
  };
}

/** Answers bulk_report like Rust: `limit` rows (at most 500) from `offset` of a 450-row job. */
function reportBackend() {
  const asked: { offset: number; limit: number }[] = [];
  mockIPC((cmd, args) => {
    if (cmd !== "bulk_report") throw new Error(cmd);
    const { offset, limit } = args as { offset: number; limit: number };
    asked.push({ offset, limit });
    const end = Math.min(TOTAL, offset + Math.min(limit, 500));
    return { job, total: TOTAL, rows: Array.from({ length: Math.max(0, end - offset) }, (_, i) => row(offset + i)) };
  });
  return asked;
}

const positions = (run: BulkRun) => run.report?.rows.map((r) => r.position) ?? [];

describe("the report table", () => {
  it("reads a page at a time, never the whole job, and keeps what it shows when read again", async () => {
    const asked = reportBackend();
    const run = new BulkRun();
    run.job = 7;

    await run.loadReport();
    expect(run.report?.total).toBe(TOTAL);
    expect(positions(run)).toEqual(Array.from({ length: REPORT_PAGE }, (_, i) => i));
    expect(asked).toEqual([{ offset: 0, limit: REPORT_PAGE }]);

    // "Show more" asks only for the rows after those shown.
    await run.showMore();
    await run.showMore();
    expect(positions(run)).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    expect(asked.slice(1)).toEqual([
      { offset: 200, limit: 200 },
      { offset: 400, limit: 200 },
    ]);

    // The run moves on and the report is read again: as many rows as shown, a page per answer.
    asked.length = 0;
    await run.loadReport();
    expect(positions(run)).toHaveLength(TOTAL);
    expect(asked).toEqual([
      { offset: 0, limit: 200 },
      { offset: 200, limit: 200 },
      { offset: 400, limit: 50 },
    ]);

    // Another filter starts again from one page.
    await run.setFilter(["created"]);
    expect(positions(run)).toHaveLength(REPORT_PAGE);
  });

  it("drops an answer to an older reading", async () => {
    const run = new BulkRun();
    run.job = 7;
    const answers: ((value: unknown) => void)[] = [];
    mockIPC((_cmd, args) => {
      const { filter } = args as { filter: { states: string[] } };
      const only = row(filter.states.length === 0 ? 0 : 9);
      return new Promise((resolve) => answers.push(() => resolve({ job, total: 1, rows: [only] })));
    });
    const older = run.setFilter(["failed"]);
    const newer = run.setFilter([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answers).toHaveLength(2);
    answers[1]!(null);
    answers[0]!(null);
    await Promise.all([older, newer]);
    expect(run.filter).toEqual([]);
    expect(positions(run)).toEqual([0]);
  });
});
