import { backend } from "./backend";
import type { CommandError } from "../bindings/CommandError";
import type { ConnectionInfo } from "../bindings/ConnectionInfo";
import type { KeyStatus } from "../bindings/KeyStatus";

/** What every screen may need to know: where requests go, and whether there is a key to send them with. */
export class Session {
  connection = $state<ConnectionInfo | null>(null);
  keyStatus = $state<KeyStatus | null>(null);
  /** The keychain could not be read. */
  keyError = $state<CommandError | null>(null);
  switching = $state(false);

  readonly loading = $derived(this.keyStatus === null && this.keyError === null);
  readonly needsKey = $derived((this.keyStatus !== null && !this.keyStatus.stored) || this.keyError !== null);
  readonly sandbox = $derived(this.connection?.mode === "Sandbox");

  async start(): Promise<void> {
    const info = await backend.connectionInfo();
    if (info.ok) this.connection = info.value;
    await this.loadKeyStatus();
  }

  async loadKeyStatus(): Promise<void> {
    const result = await backend.apiKeyStatus();
    if (result.ok) {
      this.keyStatus = result.value;
      this.keyError = null;
    } else {
      this.keyError = result.error;
    }
  }

  keyChanged(status: KeyStatus): void {
    this.keyStatus = status;
    this.keyError = null;
  }

  /**
   * Switches between Blooio and the sandbox; true when it did. The key status is forgotten (each mode has its own
   * key) and must be loaded again with `loadKeyStatus`.
   */
  async toggleSandbox(): Promise<boolean> {
    if (!this.connection || this.switching) return false;
    this.switching = true;
    const result = await backend.setSandboxMode(!this.sandbox);
    this.switching = false;
    if (!result.ok) return false;
    this.connection = result.value;
    this.keyStatus = null;
    return true;
  }
}

export const session = new Session();
