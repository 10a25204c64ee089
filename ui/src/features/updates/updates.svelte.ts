import { backend } from "../../lib/backend";
import type { UpdateProblem } from "../../bindings/UpdateProblem";

/** Where the update flow stands; the notice and the About panel both read this one state. */
export type UpdateStatus =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "up-to-date"; currentVersion: string }
  | { kind: "available"; currentVersion: string; version: string; notes: string | null; date: string | null }
  | { kind: "installing"; version: string }
  | { kind: "installed"; version: string }
  | { kind: "failed"; problem: UpdateProblem; stage: "check" | "install"; version: string | null };

/**
 * Counts the creates running now. A create (and later a bulk run) wraps its work in `whileCreating`, and the
 * install button waits while the count is above zero; Rust refuses an install during a create as well.
 */
class CreateActivity {
  running = $state(0);
  readonly busy = $derived(this.running > 0);

  async whileCreating<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
    }
  }
}

export const createActivity = new CreateActivity();

class Updates {
  status = $state<UpdateStatus>({ kind: "idle" });
  /** The operator chose "Later" for this version: the notice stays away until another version or a manual check. */
  dismissed = $state<string | null>(null);
  /** Whether the operator asked (About, footer) rather than the start-up check: only then are failures shown. */
  asked = $state(false);

  async check(automatic: boolean): Promise<void> {
    if (this.status.kind === "checking" || this.status.kind === "installing" || this.status.kind === "installed") return;
    if (!automatic) {
      this.asked = true;
      this.dismissed = null;
    }
    this.status = { kind: "checking" };
    const result = await backend.checkForUpdate(automatic);
    if (!result.ok) {
      this.status = { kind: "failed", stage: "check", version: null, problem: { code: "BadAnswer", detail: result.error.detail?.raw ?? "" } };
      return;
    }
    const answer = result.value;
    switch (answer.state) {
      case "Off":
        this.status = { kind: "idle" };
        return;
      case "UpToDate":
        this.status = { kind: "up-to-date", currentVersion: answer.current_version };
        return;
      case "Available":
        this.status = {
          kind: "available",
          currentVersion: answer.current_version,
          version: answer.version,
          notes: answer.notes,
          date: answer.date,
        };
        return;
      case "Failed":
        this.status = { kind: "failed", stage: "check", version: null, problem: answer.problem };
        return;
    }
  }

  async install(): Promise<void> {
    if (this.status.kind !== "available" && !(this.status.kind === "failed" && this.status.stage === "install")) return;
    const version = this.status.version;
    if (version === null || createActivity.busy) return;
    this.status = { kind: "installing", version };
    const result = await backend.installUpdate();
    if (!result.ok) {
      this.status = { kind: "failed", stage: "install", version, problem: { code: "InstallFailed", detail: result.error.detail?.raw ?? "" } };
      return;
    }
    const answer = result.value;
    this.status =
      answer.state === "Installed"
        ? { kind: "installed", version: answer.version }
        : { kind: "failed", stage: "install", version, problem: answer.problem };
  }

  later(): void {
    if (this.status.kind === "available") this.dismissed = this.status.version;
    this.asked = false;
  }
}

export const updates = new Updates();
