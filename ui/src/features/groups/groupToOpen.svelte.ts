/**
 * A group another screen asked the Groups screen to open (the create form's "Open the existing group" after a
 * 409). The Groups screen takes it when it is drawn, so the request survives the change of screen.
 */
class GroupToOpen {
  id = $state<string | null>(null);

  /** The id asked for, once: taking it clears it. */
  take(): string | null {
    const id = this.id;
    this.id = null;
    return id;
  }
}

export const groupToOpen = new GroupToOpen();
