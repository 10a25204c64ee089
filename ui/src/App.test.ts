import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { KeyStatus } from "./bindings/KeyStatus";

const noKey: KeyStatus = { stored: false, hint: null, backend: "SecretService", backend_label: "the Secret Service" };
const storedKey: KeyStatus = { stored: true, hint: "…wxyz", backend: "SecretService", backend_label: "the Secret Service" };

function fakeApp(initial: KeyStatus) {
  let status = initial;
  mockIPC((cmd) => {
    if (cmd === "connection_info") return { mode: "Live", base_url: "https://backend.blooio.com/v2/api", version: "0.1.0" };
    if (cmd === "api_key_status") return status;
    if (cmd === "save_api_key") return (status = storedKey);
    if (cmd === "form_defaults") return { default_region: "US", regions: [] };
    if (cmd === "check_draft")
      return { problems: [], chat_guid_warning: null, members: { ok: 0, to_check: 0, duplicate: 0, invalid: 0, rows: [], more_ok: 0 }, name_chars: 0 };
    throw new Error(`unexpected ${cmd}`);
  });
}

// The router and the session are one per window, so each test loads a fresh window's worth of modules (Svelte and
// the renderer too: a component must run on the same Svelte instance that mounts it).
let cleanup = () => {};
async function renderApp() {
  const { default: App } = await import("./App.svelte");
  const library = await import("@testing-library/svelte");
  cleanup = library.cleanup;
  library.render(App);
  return library;
}

beforeEach(() => vi.resetModules());
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("App", () => {
  it("asks for a key first, then shows the form once one is saved", async () => {
    fakeApp(noKey);
    const { fireEvent, screen } = await renderApp();
    await screen.findByTestId("key-panel");
    expect(screen.queryByTestId("group-form")).toBeNull();
    expect(screen.queryByTestId("open-key-screen")).toBeNull();

    await fireEvent.input(screen.getByTestId("api-key-input"), { target: { value: "bl_live_abcdwxyz" } });
    await fireEvent.click(screen.getByTestId("save-key"));
    await screen.findByTestId("group-form");
    expect(screen.getByTestId("open-key-screen").textContent).toContain("…wxyz");
  });

  it("opens the key screen from the header and comes back to the form", async () => {
    fakeApp(storedKey);
    const { fireEvent, screen } = await renderApp();
    await screen.findByTestId("group-form");

    await fireEvent.click(screen.getByTestId("open-key-screen"));
    await screen.findByTestId("key-panel");
    expect(screen.queryByTestId("group-form")).toBeNull();
    expect(screen.queryByTestId("open-key-screen")).toBeNull();

    await fireEvent.click(screen.getByTestId("close-key-screen"));
    await screen.findByTestId("group-form");
    expect(screen.getByTestId("open-key-screen")).toBeTruthy();
  });
});
