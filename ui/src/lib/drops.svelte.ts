import type { DropEvent } from "../bindings/DropEvent";
import { backend } from "./backend";

type Dropped = Extract<DropEvent, { kind: "dropped" }>;

/**
 * Files dragged over and dropped on the window. Rust keeps the paths (`src-tauri/src/drops.rs`); the window only
 * gets a token and the files' names. One subscription for the whole window; the part that takes drops right now
 * (a group's photo, later a spreadsheet) registers a handler while it is on screen.
 */
class Drops {
  /** Files are being dragged over the window and a handler would take them. */
  hovering = $state(false);
  /** They would go to the fallback (no part on screen takes drops): the window says where they will open. */
  hoveringFallback = $state(false);
  #handler: ((drop: Dropped) => boolean | void) | null = null;
  #fallback: ((drop: Dropped) => void) | null = null;
  #watching = false;

  /** Takes the drops no part on screen takes (a spreadsheet opens in "From spreadsheet"), for the app's life. */
  fallback(handler: (drop: Dropped) => void): void {
    this.#fallback = handler;
    void this.#watch();
  }

  /**
   * Takes drops while the returned function has not been called (use it as an effect's clean-up). A handler that
   * answers `false` leaves the drop to the fallback (it landed outside the part that takes files, say).
   */
  take(handler: (drop: Dropped) => boolean | void): () => void {
    this.#handler = handler;
    void this.#watch();
    return () => {
      if (this.#handler === handler) {
        this.#handler = null;
        this.hovering = false;
        this.hoveringFallback = false;
      }
    };
  }

  async #watch() {
    if (this.#watching) return;
    this.#watching = true;
    const result = await backend.watchDrops((event) => this.#heard(event));
    if (!result.ok) this.#watching = false;
  }

  #heard(event: DropEvent) {
    switch (event.kind) {
      case "over":
        this.hovering = this.#handler !== null || this.#fallback !== null;
        this.hoveringFallback = this.#handler === null && this.#fallback !== null;
        return;
      case "left":
        this.hovering = false;
        this.hoveringFallback = false;
        return;
      case "dropped":
        this.hovering = false;
        this.hoveringFallback = false;
        if (this.#handler?.(event) === false || this.#handler === null) this.#fallback?.(event);
        return;
    }
  }
}

export const drops = new Drops();

/** Whether the files landed on `element` (a drop without a position lands on whatever takes it). */
export function droppedOn(drop: Dropped, element: Element): boolean {
  if (drop.position === null) return true;
  const box = element.getBoundingClientRect();
  const { x, y } = drop.position;
  return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
}
export type { Dropped };
