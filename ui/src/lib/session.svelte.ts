import { backend } from "./backend";
import type { CommandError } from "../bindings/CommandError";
import type { ConnectionInfo } from "../bindings/ConnectionInfo";
import type { KeyCheck } from "../bindings/KeyCheck";
import type { KeyStatus } from "../bindings/KeyStatus";
import { coreProblem } from "./words/store";

/** One word for where the account stands, for the sidebar and for tests to wait on. */
export type AccountState = "loading" | "no-key" | "keychain-error" | "checking" | "connected" | "rejected" | "unchecked";

/** What every screen may need to know: where requests go, and whether there is a key to send them with. */
export class Session {
  connection = $state<ConnectionInfo | null>(null);
  keyStatus = $state<KeyStatus | null>(null);
  /** The keychain could not be read. */
  keyError = $state<CommandError | null>(null);
  /** What Blooio said about the key the last time it was checked; null before a check or while one runs. */
  keyCheck = $state<KeyCheck | null>(null);
  checking = $state(false);
  switching = $state(false);
  /** A key was saved on the first-run screen: the form says what checking it found. */
  keyJustSaved = $state(false);
  #checkSeq = 0;

  readonly loading = $derived(this.keyStatus === null && this.keyError === null);
  readonly needsKey = $derived((this.keyStatus !== null && !this.keyStatus.stored) || this.keyError !== null);
  readonly sandbox = $derived(this.connection?.mode === "Sandbox");
  readonly account = $derived.by((): AccountState => {
    if (this.keyError !== null) return "keychain-error";
    if (this.keyStatus === null) return "loading";
    if (!this.keyStatus.stored) return "no-key";
    if (this.checking) return "checking";
    if (this.keyCheck === null) return "unchecked";
    if (this.keyCheck.state === "Valid") return "connected";
    if (this.keyCheck.state === "Rejected") return "rejected";
    return "unchecked";
  });

  async start(): Promise<void> {
    const info = await backend.connectionInfo();
    if (info.ok) this.connection = info.value;
    await this.loadKeyStatus();
  }

  /** Reads the key status and, when there is a key, checks it with Blooio in the background. */
  async loadKeyStatus(): Promise<void> {
    const result = await backend.apiKeyStatus();
    if (result.ok) {
      this.keyStatus = result.value;
      this.keyError = null;
      if (result.value.stored) void this.checkKey();
    } else {
      this.keyError = result.error;
    }
  }

  /** A key was saved or removed: a saved one is checked at once, so the operator learns now if it is wrong. */
  keyChanged(status: KeyStatus): void {
    this.keyStatus = status;
    this.keyError = null;
    this.keyCheck = null;
    if (status.stored) void this.checkKey();
  }

  /** Asks Blooio whether it accepts the key; a newer check always wins over an older, slower one. */
  async checkKey(): Promise<KeyCheck | null> {
    const seq = ++this.#checkSeq;
    this.checking = true;
    this.keyCheck = null;
    const result = await backend.checkApiKey();
    if (seq !== this.#checkSeq) return null;
    this.checking = false;
    this.keyCheck = result.ok ? result.value : { state: "Unknown", problem: coreProblem(result.error.problem) };
    return this.keyCheck;
  }

  /**
   * Switches between Blooio and practice mode; true when it did. Each mode has its own key, so the status is read
   * again (practice mode fills in its own key).
   */
  async setPractice(on: boolean): Promise<boolean> {
    if (!this.connection || this.switching || on === this.sandbox) return false;
    this.switching = true;
    const result = await backend.setSandboxMode(on);
    if (!result.ok) {
      this.switching = false;
      return false;
    }
    this.connection = result.value;
    this.keyStatus = null;
    this.keyCheck = null;
    this.#checkSeq++;
    this.checking = false;
    await this.loadKeyStatus();
    this.switching = false;
    return true;
  }
}

export const session = new Session();
