import { session } from "../../lib/session.svelte";
import { keySettings } from "../key/keySettings.svelte";

/**
 * Switching practice mode asks first, from whichever control started it (the sidebar's switch, the amber bar). The
 * draft is untouched: it lives in its own store.
 */
export class PracticeSwitch {
  /** The mode the operator asked for and has not confirmed yet; null when nothing is being asked. */
  asking = $state<boolean | null>(null);

  ask(on: boolean): void {
    if (on !== session.sandbox) this.asking = on;
  }

  cancel(): void {
    this.asking = null;
  }

  async confirm(): Promise<void> {
    const on = this.asking;
    this.asking = null;
    if (on === null) return;
    // The key settings belonged to the other mode's key.
    keySettings.close();
    await session.setPractice(on);
  }
}

export const practiceSwitch = new PracticeSwitch();
