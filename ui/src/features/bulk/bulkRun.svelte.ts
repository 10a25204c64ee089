// The bulk run the "From spreadsheet" screen shows: which job, its latest progress, its report. Like the import,
// it lives outside the screen: leaving the screen (or reloading the window) never stops a run, and coming back
// shows it again. The rows themselves are in Rust's journal; the window only reads them.
import type { BulkRunAction } from "../../bindings/BulkRunAction";
import type { BulkRunEvent } from "../../bindings/BulkRunEvent";
import type { CommandError } from "../../bindings/CommandError";
import type { JobRow } from "../../bindings/JobRow";
import type { JobSummary } from "../../bindings/JobSummary";
import type { ReportFormat } from "../../bindings/ReportFormat";
import type { ReportPage } from "../../bindings/ReportPage";
import type { ReportSaved } from "../../bindings/ReportSaved";
import type { RowState } from "../../bindings/RowState";
import type { RunProgress } from "../../bindings/RunProgress";
import type { StoreProblem } from "../../bindings/StoreProblem";
import { backend } from "../../lib/backend";
import { hasEnded } from "./runWords";

/** Rows of the report table read at a time (the command answers at most 500). */
export const REPORT_PAGE = 200;

export class BulkRun {
  job = $state<number | null>(null);
  progress = $state<RunProgress | null>(null);
  /** The run stopped because the journal couldn't be written; resuming later is safe. */
  stopped = $state<StoreProblem | null>(null);
  error = $state<CommandError | null>(null);
  report = $state<ReportPage | null>(null);
  /** The report table shows rows in these states; all when empty. */
  filter = $state<RowState[]>([]);
  saved = $state<ReportSaved | null>(null);
  /** Jobs a crash, a closed window or a pause left unfinished, offered to resume. */
  unfinished = $state<JobSummary[]>([]);
  busy = $state<"starting" | "steering" | "exporting" | null>(null);
  #reading = 0;

  /** A run is going: sending, waiting or paused for the operator. */
  get running(): boolean {
    return this.job !== null && this.progress !== null && !hasEnded(this.progress.phase) && this.stopped === null;
  }

  /** Makes a job of the sendable groups of the file open on the screen, then runs it. */
  async startFromImport(includeFirstCopies: boolean): Promise<void> {
    this.busy = "starting";
    const made = await backend.createBulkJob(includeFirstCopies);
    this.busy = null;
    if (!made.ok) {
      this.error = made.error;
      return;
    }
    await this.run(made.value.id);
  }

  /** Runs (or resumes) `job`; progress streams in until it ends. */
  async run(job: number): Promise<void> {
    this.job = job;
    this.progress = null;
    this.stopped = null;
    this.error = null;
    this.report = null;
    this.saved = null;
    this.unfinished = this.unfinished.filter((j) => j.id !== job);
    this.busy = "starting";
    const started = await backend.runBulkJob(job, (event) => this.#heard(event));
    this.busy = null;
    if (!started.ok) this.error = started.error;
  }

  async steer(action: BulkRunAction): Promise<void> {
    this.busy = "steering";
    await backend.steerBulkRun(action);
    this.busy = null;
  }

  /** Reads the report again, as many rows as the table shows now (at least a page). */
  async loadReport(rows = Math.max(REPORT_PAGE, this.report?.rows.length ?? 0)): Promise<void> {
    await this.#read([], rows);
  }

  /** The next page of the report table, added to what it shows. */
  async showMore(): Promise<void> {
    if (this.report !== null) await this.#read(this.report.rows, this.report.rows.length + REPORT_PAGE);
  }

  /**
   * Reads the report's pages after the rows `shown` until the table has `rows` (or the report ends): a long job's
   * report comes a page at a time, never whole. An answer to an older reading (another filter, another job) is
   * dropped.
   */
  async #read(shown: JobRow[], rows: number): Promise<void> {
    const job = this.job;
    if (job === null) return;
    const reading = ++this.#reading;
    const states = this.filter;
    const loaded = [...shown];
    const ids = new Set(shown.map((r) => r.id));
    let offset = shown.length;
    for (;;) {
      const page = await backend.bulkReport(job, { states }, offset, Math.min(REPORT_PAGE, rows - loaded.length));
      if (reading !== this.#reading) return;
      if (!page.ok) {
        this.error = page.error;
        return;
      }
      offset += page.value.rows.length;
      // During a run a row can change state between two pages of a filtered report and be in both.
      for (const row of page.value.rows) {
        if (ids.has(row.id)) continue;
        ids.add(row.id);
        loaded.push(row);
      }
      if (loaded.length >= Math.min(rows, page.value.total) || page.value.rows.length === 0) {
        this.report = { ...page.value, rows: loaded };
        return;
      }
    }
  }

  async setFilter(states: RowState[]): Promise<void> {
    this.filter = states;
    await this.loadReport(REPORT_PAGE);
  }

  /** Sends again the rows known not to exist on Blooio. */
  async retryFailed(): Promise<void> {
    if (this.job === null) return;
    const retried = await backend.retryFailedBulkRows(this.job);
    if (!retried.ok) {
      this.error = retried.error;
      return;
    }
    await this.run(this.job);
  }

  async export(format: ReportFormat): Promise<void> {
    if (this.job === null) return;
    this.busy = "exporting";
    const saved = await backend.exportBulkReport(this.job, format);
    this.busy = null;
    if (!saved.ok) this.error = saved.error;
    else if (saved.value !== null) this.saved = saved.value;
  }

  async checkUnfinished(): Promise<void> {
    const jobs = await backend.unfinishedBulkJobs();
    if (jobs.ok) this.unfinished = jobs.value;
  }

  /** Back to choosing a file: the finished job stays in the journal. */
  close(): void {
    if (this.running) return;
    this.job = null;
    this.progress = null;
    this.report = null;
    this.saved = null;
    this.error = null;
    this.stopped = null;
  }

  #heard(event: BulkRunEvent): void {
    if (event.event === "stopped") {
      this.stopped = event.problem;
      void this.loadReport();
      return;
    }
    if (event.progress.job !== this.job) return;
    const was = this.progress?.phase.phase;
    this.progress = event.progress;
    const now = event.progress.phase.phase;
    // The table follows the run at its stops, not at every row (a thousand rows would redraw it a thousand times).
    if (now !== was && now !== "sending") void this.loadReport();
  }
}

export const bulkRun = new BulkRun();
