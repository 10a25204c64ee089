import type { Component } from "svelte";
import CreateScreen from "./features/create/CreateScreen.svelte";
import KeyScreen from "./features/key/KeyScreen.svelte";

/** Every screen of the window. A new screen is one name here and one entry in `routes`. */
export type Route = "create" | "key";

export interface Screen {
  component: Component;
  /** Without a usable API key the key screen shows instead, as nothing on this screen could work. */
  needsKey: boolean;
}

export const routes: Record<Route, Screen> = {
  create: { component: CreateScreen, needsKey: true },
  key: { component: KeyScreen, needsKey: false },
};
