/**
 * Whether the key settings are open over the current screen. They open over it, never instead of it, so nothing the
 * operator typed is put away; whoever opened them may ask to hear when a key was saved (to return to the form with
 * "Key updated").
 */
export class KeySettings {
  isOpen = $state(false);
  #afterSave: (() => void) | null = null;

  open(afterSave?: () => void): void {
    this.#afterSave = afterSave ?? null;
    this.isOpen = true;
  }

  close(): void {
    this.isOpen = false;
    this.#afterSave = null;
  }

  /** A key was saved. When the opener asked to hear of it, the settings close and hand back to it. */
  saved(): void {
    const after = this.#afterSave;
    if (after === null) return;
    this.close();
    after();
  }
}

export const keySettings = new KeySettings();
