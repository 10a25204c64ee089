import type { Component } from "svelte";
import AboutScreen from "./features/about/AboutScreen.svelte";
import BulkScreen from "./features/bulk/BulkScreen.svelte";
import CreateScreen from "./features/create/CreateScreen.svelte";
import GroupsScreen from "./features/groups/GroupsScreen.svelte";
import HistoryScreen from "./features/history/HistoryScreen.svelte";
import SettingsScreen from "./features/settings/SettingsScreen.svelte";
import type { IconName } from "./lib/components/icons";

/** Every screen of the window. A new screen is one name here and one entry in `routes`; the sidebar lists it. */
export type Route = "create" | "bulk" | "groups" | "history" | "settings" | "about";

export interface Screen {
  component: Component;
  /** Without a usable API key the key screen shows instead, as nothing on this screen could work. */
  needsKey: boolean;
  /** The sidebar's label, and the shorter one its narrow rail shows under the icon. */
  label: string;
  short: string;
  icon: IconName;
  /** The top of the sidebar holds the work; its foot holds settings and the like. */
  place: "work" | "foot";
}

export const routes: Record<Route, Screen> = {
  create: { component: CreateScreen, needsKey: true, label: "New group", short: "New", icon: "plus", place: "work" },
  bulk: { component: BulkScreen, needsKey: true, label: "From spreadsheet", short: "Spreadsheet", icon: "sheet", place: "work" },
  groups: { component: GroupsScreen, needsKey: true, label: "Groups", short: "Groups", icon: "people", place: "work" },
  history: { component: HistoryScreen, needsKey: false, label: "History", short: "History", icon: "clock", place: "work" },
  settings: { component: SettingsScreen, needsKey: false, label: "Settings", short: "Settings", icon: "gear", place: "foot" },
  about: { component: AboutScreen, needsKey: false, label: "About & updates", short: "About", icon: "info", place: "foot" },
};
