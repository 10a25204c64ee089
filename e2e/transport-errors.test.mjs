// Failures below HTTP: nothing listening, and a TLS handshake that cannot succeed. Each gets its own app, pointed
// at a broken address, and each must say plainly what happened while keeping the form.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, assertAccessible, click, ready, valueOf, waitForText, withWindow, fillForm, clearKeychain, freePort } from "./harness.mjs";

async function createAgainst(baseUrl) {
  clearKeychain();
  const env = await launch({ baseUrl });
  try {
    return await withWindow(env, async (browser) => {
      await ready(browser);
      await fillForm(browser, { name: "Transport", members: "+1 212 555 0148" });
      await click(browser, "create");
      const message = [await waitForText(browser, "error-title", /./), await waitForText(browser, "error-message", /./), await waitForText(browser, "error-reassurance", /./)].join(" ");
      await assertAccessible(browser, `the error ${JSON.stringify(message)}`);
      assert.equal(await valueOf(browser, "name-input"), "Transport");
      assert.equal(await valueOf(browser, "members-input"), "+1 212 555 0148");
      return message;
    });
  } finally {
    await env.stop();
    clearKeychain();
  }
}

test("nothing listening: Blooio could not be reached, nothing was created", async () => {
  const port = await freePort();
  const message = await createAgainst(() => `http://127.0.0.1:${port}/v2/api`);
  assert.match(message, /couldn't be reached/);
  assert.match(message, /Nothing was created/);
});

test("a failed TLS handshake is named as such", async () => {
  // The sandbox speaks plain HTTP, so an https:// URL to it fails during the handshake.
  const message = await createAgainst((url) => url.replace("http://", "https://"));
  assert.match(message, /secure connection to Blooio failed/);
});
