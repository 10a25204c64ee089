import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { createActivity, updates } from "./updates.svelte";
import { updateProblemText } from "./words";

const available = { state: "Available", current_version: "0.1.0", version: "0.1.1", notes: "Faster.", date: null };

afterEach(() => {
  clearMocks();
  updates.status = { kind: "idle" };
  updates.dismissed = null;
  updates.asked = false;
});

describe("updates", () => {
  it("shows what the check found, with what's new, and installs nothing until asked", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return available;
    });
    await updates.check(true);
    expect(updates.status).toEqual({ kind: "available", currentVersion: "0.1.0", version: "0.1.1", notes: "Faster.", date: null });
    expect(calls).toEqual(["check_for_update"]);
  });

  it("does not install while a group is being created", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return cmd === "check_for_update" ? available : { state: "Installed", version: "0.1.1" };
    });
    await updates.check(false);
    let finishCreate = () => {};
    const creating = createActivity.whileCreating(() => new Promise<void>((resolve) => (finishCreate = resolve)));
    expect(createActivity.busy).toBe(true);
    await updates.install();
    expect(calls).toEqual(["check_for_update"]);
    expect(updates.status.kind).toBe("available");
    finishCreate();
    await creating;
    expect(createActivity.busy).toBe(false);
    await updates.install();
    expect(calls).toEqual(["check_for_update", "install_update"]);
    expect(updates.status).toEqual({ kind: "installed", version: "0.1.1" });
  });

  it("reports a refused signature in words that say nothing was installed", async () => {
    mockIPC((cmd) =>
      cmd === "check_for_update"
        ? available
        : { state: "Failed", problem: { code: "SignatureRejected", detail: "minisign: signature mismatch" } },
    );
    await updates.check(true);
    await updates.install();
    expect(updates.status).toMatchObject({ kind: "failed", stage: "install", version: "0.1.1" });
    expect(updateProblemText("SignatureRejected")).toMatch(/not installed.*signature.*keeps working/);
  });

  it("keeps a failed start-up check quiet, but shows one the operator asked for", async () => {
    mockIPC(() => ({ state: "Failed", problem: { code: "Unreachable", detail: "dns" } }));
    await updates.check(true);
    expect(updates.asked).toBe(false);
    await updates.check(false);
    expect(updates.asked).toBe(true);
    expect(updates.status).toMatchObject({ kind: "failed", stage: "check" });
  });

  it("after Later, the same version is not offered again until the operator checks", async () => {
    mockIPC(() => available);
    await updates.check(true);
    updates.later();
    expect(updates.dismissed).toBe("0.1.1");
    await updates.check(false);
    expect(updates.dismissed).toBe(null);
  });
});
