// Members added to the New group form from a file, through the real GTK open dialog: a contacts export from a
// phone, then a spreadsheet whose headers don't say which column holds the people (the app asks), and Undo.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  answerFileDialog, appForThisFile, assertAccessible, $t, cancelFileDialog, click, fillForm, ready, shot, textOf,
  valueOf, waitForText, withWindow,
} from "./harness.mjs";

const env = appForThisFile();
const DIALOG = "Add members from a file";

test("a contacts export and a spreadsheet column become members, as if typed", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "blooio-members-file-"));
  const contacts = path.join(dir, "Family contacts.vcf");
  // As an iPhone shares two contacts (vCard 3.0), and an Android phone one (vCard 2.1).
  writeFileSync(
    contacts,
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Appleseed;Ann;;;\r\nFN:Ann Appleseed\r\nitem1.TEL;type=pref:(212) 555-0100\r\n" +
      "EMAIL;type=INTERNET;type=HOME:ann@example.com\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\nEND:VCARD\r\n" +
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Brown\r\nTEL;type=CELL:+44 20 7946 0958\r\nEND:VCARD\r\n" +
      "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Fox;Frank\r\nTEL;CELL;PREF:+12125550104\r\nEND:VCARD\r\n",
  );
  const guests = path.join(dir, "guests.csv");
  writeFileSync(guests, "Who,Bringing,Reach at\nCarol,cake,212-555-0105\nDan,,dan@example.com\n");

  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: "Family dinner", members: "zoe@example.com" });

    // Closing the dialog changes nothing.
    await click(browser, "members-from-file");
    await cancelFileDialog(DIALOG);
    await browser.waitUntil(async () => (await (await $t(browser, "members-from-file")).isEnabled()), { timeout: 10_000 });
    assert.equal(await valueOf(browser, "members-input"), "zoe@example.com");

    await click(browser, "members-from-file");
    await answerFileDialog(DIALOG, contacts);
    await waitForText(browser, "member-undo", /Added 4 entries from 3 contacts in “Family contacts\.vcf”: 3 phone numbers and 1 email\./);
    assert.equal(
      await valueOf(browser, "members-input"),
      "zoe@example.com\n(212) 555-0100\nann@example.com\n+44 20 7946 0958\n+12125550104",
    );
    await waitForText(browser, "member-counts", /^5 will be added/);
    await shot(browser, "08b-members-from-a-file");
    await assertAccessible(browser, "members added from a contacts file");

    // A sheet whose headers don't say: the operator picks the column, from the keyboard.
    await click(browser, "members-from-file");
    await answerFileDialog(DIALOG, guests);
    await (await $t(browser, "member-column")).waitForDisplayed({ timeout: 10_000 });
    const choices = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="member-column-choice"]')].map((el) => el.parentElement.textContent.trim()),
    );
    assert.deepEqual(choices, ["Who (column A): Carol, Dan", "Bringing (column B): cake", "Reach at (column C): 212-555-0105, dan@example.com"]);
    await assertAccessible(browser, "the column choice for members");
    await (await browser.$$('[data-testid="member-column-choice"]'))[2].click();
    await click(browser, "member-column-add");
    await waitForText(browser, "member-undo", /Added 2 entries from the column “Reach at” of “guests\.csv”\./);
    assert.match(await valueOf(browser, "members-input"), /\+12125550104\n212-555-0105\ndan@example\.com$/);

    // Undo takes back the last file's people only.
    await click(browser, "member-undo-button");
    assert.match(await valueOf(browser, "members-input"), /\+12125550104$/);

    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "dark");
    await click(browser, "nav-create");
    await waitForText(browser, "member-counts", /^5 will be added/);
    await assertAccessible(browser, "the member box with its file button in the dark theme");

    await click(browser, "create");
    await waitForText(browser, "result-heading", /“Family dinner” is ready, with 5 people/);
    assert.match(await textOf(browser, "result-heading"), /5 people/);
  });
});
