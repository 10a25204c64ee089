import { describe, expect, it } from "vitest";
import { Router } from "./router.svelte";

describe("Router", () => {
  it("starts on the form and goes back to the screen the operator came from", () => {
    const router = new Router();
    expect(router.route).toBe("create");
    router.navigate("settings");
    expect(router.route).toBe("settings");
    router.back();
    expect(router.route).toBe("create");
  });

  it("goes home when there is nowhere to go back to", () => {
    const router = new Router();
    router.back();
    expect(router.route).toBe("create");
  });

  it("leaves only the screen that is showing", () => {
    const router = new Router();
    router.leave("settings");
    expect(router.route).toBe("create");
    router.navigate("settings");
    router.leave("settings");
    expect(router.route).toBe("create");
  });

  it("does not pile up history when the operator goes back and forth", () => {
    const router = new Router();
    for (let i = 0; i < 5; i++) {
      router.navigate("settings");
      router.navigate("create");
    }
    router.back();
    expect(router.route).toBe("create");
  });
});
