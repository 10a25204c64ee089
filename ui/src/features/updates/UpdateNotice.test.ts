import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import UpdateNotice from "./UpdateNotice.svelte";
import { createActivity, updates } from "./updates.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
  updates.status = { kind: "idle" };
  updates.dismissed = null;
});

describe("UpdateNotice", () => {
  it("checks after the first frame and offers the update with what's new; Install waits while a group is created", async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return { state: "Available", current_version: "0.1.0", version: "0.2.0", notes: "Bulk create.\nFaster start.", date: null };
    });
    render(UpdateNotice);
    // Nothing is asked before the first frames have gone by.
    expect(calls).toEqual([]);
    await waitFor(() => expect(screen.getByTestId("update-notice").textContent).toContain("Blooio Groups 0.2.0 is available"));
    expect(calls).toEqual([{ cmd: "check_for_update", args: { automatic: true } }]);
    expect(screen.getByTestId("update-notes").textContent).toBe("Bulk create.\nFaster start.");

    let finish = () => {};
    const creating = createActivity.whileCreating(() => new Promise<void>((resolve) => (finish = resolve)));
    await waitFor(() => expect((screen.getByTestId("update-install") as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId("update-notice").textContent).toContain("installing is possible once it is done");
    finish();
    await creating;
    await waitFor(() => expect((screen.getByTestId("update-install") as HTMLButtonElement).disabled).toBe(false));
  });

  it("stays away when the check finds nothing or fails at start", async () => {
    mockIPC(() => ({ state: "Failed", problem: { code: "Unreachable", detail: "offline" } }));
    render(UpdateNotice);
    await waitFor(() => expect(updates.status.kind).toBe("failed"));
    expect(screen.queryByTestId("update-notice")).toBeNull();
  });
});
