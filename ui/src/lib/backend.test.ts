import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { backend } from "./backend";

afterEach(() => clearMocks());

describe("backend seam", () => {
  it("passes a command's {problem, problems, detail} error through unchanged", async () => {
    mockIPC(() => {
      throw { problem: { code: "Unauthorized" }, problems: [], detail: null };
    });
    const result = await backend.createGroup({ name: "x", chat_guid: "", members: "", default_region: "US" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.problem).toEqual({ code: "Unauthorized" });
    }
  });

  it("gives an IPC failure that is not a command error a plain shape", async () => {
    mockIPC(() => {
      throw "command create_group not allowed";
    });
    const result = await backend.createGroup({ name: "x", chat_guid: "", members: "", default_region: "US" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.problem.code).toBe("Internal");
      expect(result.error.detail?.raw).toContain("not allowed");
    }
  });

  it("sends the draft and the session-only flag under the names the commands expect", async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return { stored: true, hint: "…abcd", backend: "SecretService", backend_label: "Secret Service" };
    });
    await backend.saveApiKey("bl_live_x", true);
    expect(calls).toEqual([{ cmd: "save_api_key", args: { key: "bl_live_x", sessionOnly: true } }]);
  });
});
