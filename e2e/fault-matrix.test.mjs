// Every fault the sandbox can inject, in the real window: the sentence shown, the form keeping its input, and how
// many groups exist afterwards — 0 or 1, never 2, including after the operator presses Create again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appForThisFile, assertAccessible, $t, click, ready, valueOf, waitForText, withWindow, fillForm, clearKeychain, shot } from "./harness.mjs";

const env = appForThisFile({ extraEnv: { BLOOIO_TIMEOUT_SECS: "2" } });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// expect: "error" (with the message and the groups afterwards) or "recovered" (the group found by asking).
const matrix = [
  { name: "500", fault: { kind: "status", status: 500 }, expect: "error", text: /problem on its side.*the group was not created\./s, groups: 0 },
  { name: "502", fault: { kind: "status", status: 502 }, expect: "error", text: /could not talk to your iPhone or Mac.*not created/s, groups: 0 },
  { name: "503", fault: { kind: "status", status: 503 }, expect: "error", text: /No iPhone or Mac is connected.*not created/s, groups: 0 },
  { name: "429", fault: { kind: "rate_limited", retry_after_secs: 7 }, expect: "error", text: /Wait 7 seconds/, groups: 0 },
  { name: "dropped connection", fault: { kind: "drop_connection" }, expect: "error", text: /the group was not created\./, groups: 0 },
  { name: "non-JSON body", fault: { kind: "non_json" }, expect: "error", text: /the group was not created/, groups: 0 },
  { name: "timeout", fault: { kind: "delay", delay_ms: 3500 }, expect: "error", text: /did not answer in time.*press Create again/s, groups: 1, retry: "recovered" },
  { name: "stored, then dropped", fault: { kind: "after_store", inner: { kind: "drop_connection" } }, expect: "recovered", groups: 1 },
  { name: "stored, then 500", fault: { kind: "after_store", inner: { kind: "status", status: 500 } }, expect: "recovered", groups: 1 },
  { name: "stored, then non-JSON", fault: { kind: "after_store", inner: { kind: "non_json" } }, expect: "recovered", groups: 1 },
  { name: "stored, then timeout", fault: { kind: "after_store", inner: { kind: "delay", delay_ms: 3000 } }, expect: "recovered", groups: 1 },
];

for (const [i, row] of matrix.entries()) {
  test(`fault: ${row.name}`, async () => {
    await env.sandbox.reset();
    await withWindow(env, async (browser) => {
      await ready(browser);
      const name = `Matrix ${i}`;
      const members = `+1 212 555 01${String(10 + i)}`;
      await fillForm(browser, { name, members });
      await waitForText(browser, "member-counts", /1 will be added/);
      await env.sandbox.inject(row.fault);
      await click(browser, "create");
      if (row.expect === "recovered") {
        await waitForText(browser, "result-recovered", /this group was created/, 15_000);
        assert.match(await (await $t(browser, "result-name")).getText(), new RegExp(`^${name}`));
        if (i === 7) await shot(browser, "10-recovered-after-lost-answer");
        await assertAccessible(browser, `the result found after "${row.name}"`);
      } else {
        await waitForText(browser, "error-message", row.text, 15_000);
        if (row.groups === 0) await waitForText(browser, "error-reassurance", /^Nothing was created\./);
        await assertAccessible(browser, `the error after "${row.name}"`);
        assert.equal(await valueOf(browser, "name-input"), name);
        assert.equal(await valueOf(browser, "members-input"), members);
      }
      if (row.retry) {
        // The delayed create lands on the server after the client gave up; the retry must find it, not repeat it.
        await sleep(2500);
        await click(browser, "create");
        await waitForText(browser, "result-recovered", /this group was created/, 15_000);
      }
    });
    const stats = await env.sandbox.stats();
    assert.equal(stats.groups, row.groups, `${row.name}: groups afterwards`);
    assert.ok(stats.groups <= 1, "never two groups");
  });
}

test("after a failure, pressing Create again makes exactly one group", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: "Retry once", members: "+1 212 555 0177" });
    await env.sandbox.inject({ kind: "drop_connection" });
    await click(browser, "create");
    await waitForText(browser, "error-reassurance", /It's safe to try again/, 15_000);
    await click(browser, "create");
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
  });
  const stats = await env.sandbox.stats();
  assert.equal(stats.groups, 1);
  assert.equal(stats.create_requests, 2);
});
