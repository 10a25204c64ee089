import { backend } from "./backend";
import type { Region } from "../bindings/Region";

export type Theme = "system" | "light" | "dark";

// public/theme.js reads the same key before the first paint, so the window never flashes the other theme.
export const THEME_STORAGE_KEY = "blooio-groups.theme";
export const REGION_STORAGE_KEY = "blooio-groups.default-region";

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage refused: the choice holds for this session.
  }
}

/** The operator's settings that live in the window: the theme and the default country. Never the key. */
export class Preferences {
  #theme = $state<Theme>("system");
  /** The operator's own choice of default country; null follows the computer's region. */
  #chosenRegion = $state<string | null>(null);
  /** The computer's region, as Rust reads it from the system locale. */
  systemRegion = $state("US");
  regions = $state<Region[]>([]);
  #loading: Promise<void> | null = null;

  constructor() {
    const applied = typeof document === "undefined" ? undefined : document.documentElement.dataset.theme;
    this.#theme = applied === "light" || applied === "dark" ? applied : "system";
    this.#chosenRegion = read(REGION_STORAGE_KEY);
  }

  get theme(): Theme {
    return this.#theme;
  }

  set theme(next: Theme) {
    this.#theme = next;
    if (next === "system") document.documentElement.removeAttribute("data-theme");
    else document.documentElement.setAttribute("data-theme", next);
    write(THEME_STORAGE_KEY, next);
  }

  /** The country for numbers written without a country code, unless a draft picked its own. */
  get defaultRegion(): string {
    return this.#chosenRegion ?? this.systemRegion;
  }

  set defaultRegion(code: string) {
    this.#chosenRegion = code === this.systemRegion ? null : code;
    write(REGION_STORAGE_KEY, this.#chosenRegion);
  }

  /** Asks Rust for the country list and the system's region, once. */
  load(): Promise<void> {
    this.#loading ??= backend.formDefaults().then((defaults) => {
      if (!defaults.ok) return;
      this.regions = defaults.value.regions;
      this.systemRegion = defaults.value.default_region;
    });
    return this.#loading;
  }
}

export const preferences = new Preferences();
