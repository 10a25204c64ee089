import type { Route } from "../routes";

const HOME: Route = "create";

/**
 * Which screen the window shows. Screens ask to move with `navigate`; App.svelte draws whatever `route` names.
 * The trail lets a screen opened from anywhere (the key screen, later settings) return to where the operator was.
 */
export class Router {
  #route = $state<Route>(HOME);
  // At most one entry per route: going to a screen already on the trail cuts the trail back to it.
  #trail: Route[] = [];

  get route(): Route {
    return this.#route;
  }

  navigate(to: Route): void {
    if (to === this.#route) return;
    const seen = this.#trail.indexOf(to);
    if (seen >= 0) this.#trail.length = seen;
    else this.#trail.push(this.#route);
    this.#route = to;
  }

  /** Returns to the screen before this one, or the home screen when there was none. */
  back(): void {
    this.#route = this.#trail.pop() ?? HOME;
  }

  /** Closes `route` if it is the one showing; otherwise nothing moves. */
  leave(route: Route): void {
    if (this.#route === route) this.back();
  }
}

export const router = new Router();
