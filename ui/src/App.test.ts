import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { KeyStatus } from "./bindings/KeyStatus";

const noKey: KeyStatus = { stored: false, hint: null, backend: "SecretService", backend_label: "Secret Service" };
const storedKey: KeyStatus = { stored: true, hint: "…wxyz", backend: "SecretService", backend_label: "Secret Service" };
const practiceKey: KeyStatus = { stored: true, hint: "…_key", backend: "SessionMemory", backend_label: "memory" };

/** A pretend Rust side: a key store, practice mode, and a create that fails the way `createFails` says. */
function fakeApp(initial: KeyStatus, createFails: { code: string } | null = null) {
  let status = initial;
  let practice = false;
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    const connection = () => ({ mode: practice ? "Sandbox" : "Live", base_url: "https://backend.blooio.com/v2/api", version: "0.1.0" });
    if (cmd === "connection_info") return connection();
    if (cmd === "api_key_status") return practice ? practiceKey : status;
    if (cmd === "save_api_key") return (status = storedKey);
    if (cmd === "check_api_key") return { state: "Valid", problem: null };
    if (cmd === "set_sandbox_mode") {
      practice = (args as { enabled: boolean }).enabled;
      return connection();
    }
    if (cmd === "form_defaults") return { default_region: "US", regions: [] };
    if (cmd === "check_draft")
      return { problems: [], chat_guid_warning: null, members: { ok: 1, to_check: 0, duplicate: 0, invalid: 0, rows: [], more_ok: 0 }, name_chars: 0 };
    if (cmd === "create_group" && createFails) throw { problem: createFails, problems: [], detail: null };
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
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

beforeEach(() => {
  vi.resetModules();
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("App", () => {
  it("asks for a key first, then shows the form and checks the key at once", async () => {
    fakeApp(noKey);
    const { fireEvent, screen, waitFor } = await renderApp();
    await screen.findByTestId("key-panel");
    expect(screen.queryByTestId("group-form")).toBeNull();
    expect(screen.getByTestId("account-status").textContent).toBe("Key not saved");

    await fireEvent.input(screen.getByTestId("api-key-input"), { target: { value: "bl_live_abcdwxyz" } });
    await fireEvent.click(screen.getByTestId("save-key"));
    await screen.findByTestId("group-form");
    await waitFor(() => expect(screen.getByTestId("key-feedback-check").textContent?.trim()).toBe("Key saved and working."));
    expect(screen.getByTestId("account-status").textContent).toBe("Connected · key\u00a0…wxyz");
  });

  it("opens the key settings over the form, which keeps what was typed", async () => {
    fakeApp(storedKey);
    const { fireEvent, screen } = await renderApp();
    await fireEvent.input(await screen.findByTestId("members-input"), { target: { value: "+1 415 555 0132" } });

    await fireEvent.click(screen.getByTestId("open-key-screen"));
    await screen.findByTestId("key-panel");
    expect(screen.getByTestId("group-form")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("close-key-screen"));
    expect(screen.queryByTestId("key-panel")).toBeNull();
    expect((screen.getByTestId("members-input") as HTMLTextAreaElement).value).toBe("+1 415 555 0132");
  });

  it("after a rejected key, Update API key returns to the same group", async () => {
    fakeApp(storedKey, { code: "Unauthorized" });
    const { fireEvent, screen } = await renderApp();
    await fireEvent.input(await screen.findByTestId("name-input"), { target: { value: "Weekend crew" } });
    await fireEvent.click(screen.getByTestId("create"));
    expect((await screen.findByTestId("error-title")).textContent).toBe("Blooio rejected the API key");

    await fireEvent.click(screen.getByTestId("action-update-key"));
    await fireEvent.click(await screen.findByTestId("replace-key"));
    await fireEvent.input(screen.getByTestId("api-key-input"), { target: { value: "bl_live_newkeywxyz" } });
    await fireEvent.click(screen.getByTestId("save-key"));
    expect((await screen.findByTestId("key-updated")).textContent).toBe("Key updated. Your group is still here.");
    expect(screen.queryByTestId("key-panel")).toBeNull();
    expect(screen.queryByTestId("error")).toBeNull();
    expect((screen.getByTestId("name-input") as HTMLInputElement).value).toBe("Weekend crew");
  });

  it("asks before switching to practice mode, then shows the bar and keeps the draft", async () => {
    const calls = fakeApp(storedKey);
    const { fireEvent, screen } = await renderApp();
    await fireEvent.input(await screen.findByTestId("name-input"), { target: { value: "Draft kept" } });
    await fireEvent.click(screen.getByTestId("sandbox-toggle"));
    await fireEvent.click(await screen.findByTestId("practice-confirm-cancel"));
    expect(calls).not.toContain("set_sandbox_mode");
    expect(screen.queryByTestId("practice-bar")).toBeNull();

    await fireEvent.click(screen.getByTestId("sandbox-toggle"));
    await fireEvent.click(await screen.findByTestId("practice-confirm-confirm"));
    expect((await screen.findByTestId("practice-bar")).textContent).toContain("nothing you create here is real");
    expect(((await screen.findByTestId("name-input")) as HTMLInputElement).value).toBe("Draft kept");
    expect(screen.getByTestId("account-status").textContent).toBe("Practice key");
    expect(screen.getByTestId("sandbox-toggle").getAttribute("aria-checked")).toBe("true");
  });

  it("moves between screens from the sidebar without losing the draft", async () => {
    fakeApp(storedKey);
    const { fireEvent, screen } = await renderApp();
    await fireEvent.input(await screen.findByTestId("members-input"), { target: { value: "ana@example.com" } });
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await screen.findByTestId("settings");
    expect(screen.getByTestId("nav-settings").getAttribute("aria-current")).toBe("page");
    await fireEvent.click(screen.getByTestId("nav-about"));
    expect((await screen.findByTestId("connection")).textContent).toContain("https://backend.blooio.com/v2/api");
    await fireEvent.click(screen.getByTestId("nav-create"));
    expect(((await screen.findByTestId("members-input")) as HTMLTextAreaElement).value).toBe("ana@example.com");
  });
});
