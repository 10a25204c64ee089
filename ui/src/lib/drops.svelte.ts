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
  #handler: ((drop: Dropped) => void) | null = null;
  #watching = false;

  /** Takes drops while the returned function has not been called (use it as an effect's clean-up). */
  take(handler: (drop: Dropped) => void): () => void {
    this.#handler = handler;
    void this.#watch();
    return () => {
      if (this.#handler === handler) {
        this.#handler = null;
        this.hovering = false;
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
        this.hovering = this.#handler !== null;
        return;
      case "left":
        this.hovering = false;
        return;
      case "dropped":
        this.hovering = false;
        this.#handler?.(event);
        return;
    }
  }
}

export const drops = new Drops();
export type { Dropped };
