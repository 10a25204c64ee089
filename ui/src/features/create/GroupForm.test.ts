import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { CreatedGroup } from "../../bindings/CreatedGroup";
import type { DraftSummary } from "../../bindings/DraftSummary";

const report = (problems: DraftSummary["problems"], ok = 0): DraftSummary => ({
  problems,
  chat_guid_warning: null,
  members: { ok, to_check: 0, duplicate: 0, invalid: 0, rows: [], more_ok: 0 },
  name_chars: 0,
});
const nameMissing = report([{ field: "name", problem: { code: "NameMissing" } }]);

const group = (over: Partial<CreatedGroup> = {}): CreatedGroup => ({
  group_id: "grp_abc123",
  name: "Équipe",
  chat_guid: null,
  icon_url: null,
  member_count: 2,
  message_count: 0,
  last_message_text: null,
  last_message_time: null,
  last_message_direction: null,
  created_at: 1_700_000_000_000,
  added_members: ["+33612345678", "a@b.fr"],
  created_contacts: ["+33612345678"],
  ...over,
});

const regions = { default_region: "FR", regions: [{ code: "FR", name: "France", calling_code: 33 }, { code: "GB", name: "United Kingdom", calling_code: 44 }] };

// The draft, the session and the preferences are one per window: each test loads a fresh window's worth of modules
// (Svelte and the renderer too, so a component runs on the Svelte instance that mounts it).
let cleanup = () => {};
async function renderForm(practice = false) {
  const { session } = await import("../../lib/session.svelte");
  session.connection = { mode: practice ? "Sandbox" : "Live", base_url: "http://127.0.0.1:1/v2/api", version: "0.1.0" };
  const { default: GroupForm } = await import("./GroupForm.svelte");
  const library = await import("@testing-library/svelte");
  cleanup = library.cleanup;
  library.render(GroupForm);
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

describe("GroupForm", () => {
  it("keeps the operator's input and focuses the error summary after a refused submit", async () => {
    let creates = 0;
    mockIPC((cmd) => {
      if (cmd === "form_defaults") return { ...regions, default_region: "GB" };
      if (cmd === "check_draft") return nameMissing;
      if (cmd === "create_group") {
        creates++;
        throw { problem: { code: "FormHasProblems", count: 1 }, problems: nameMissing.problems, detail: null };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const { fireEvent, screen, waitFor } = await renderForm();
    const members = (await screen.findByTestId("members-input")) as HTMLTextAreaElement;
    await fireEvent.input(members, { target: { value: "+44 20 7946 0958" } });
    await fireEvent.click(screen.getByTestId("create"));

    const summary = await screen.findByTestId("error-summary");
    expect(summary.textContent).toContain("Enter a name for the group.");
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(members.value).toBe("+44 20 7946 0958");
    expect(creates).toBe(1);
    expect((screen.getByTestId("region") as HTMLSelectElement).value).toBe("GB");
  });

  it("says what happens next, tags new contacts, and keeps the country for the next group", async () => {
    mockIPC((cmd) => {
      if (cmd === "form_defaults") return regions;
      if (cmd === "check_draft") return report([], 2);
      if (cmd === "create_group") return { recovered: false, created: group() };
      throw new Error(`unexpected ${cmd}`);
    });
    const { fireEvent, screen, waitFor } = await renderForm();
    await waitFor(() => expect((screen.getByTestId("region") as HTMLSelectElement).value).toBe("FR"));
    await fireEvent.input(screen.getByTestId("name-input"), { target: { value: "Équipe" } });
    await fireEvent.click(screen.getByTestId("create"));
    const heading = await screen.findByTestId("result-heading");
    expect(heading.textContent?.replace(/\s+/g, " ").trim()).toBe("✓ “Équipe” is ready, with 2 people.");
    expect(screen.getByTestId("result-next").textContent).toContain("Nobody has been messaged yet");
    const people = screen.getAllByTestId("result-member").map((li) => li.textContent?.replace(/\s+/g, " ").trim());
    expect(people).toEqual(["+33 612345678 New contact", "a@b.fr"]);
    expect(screen.getByTestId("result-group-id").textContent).toBe("grp_abc123");
    expect(screen.getByTestId("result-created-at").textContent).not.toMatch(/:\d\d:\d\d/);

    await fireEvent.click(screen.getByTestId("create-another"));
    const name = (await screen.findByTestId("name-input")) as HTMLInputElement;
    expect(name.value).toBe("");
    expect((screen.getByTestId("region") as HTMLSelectElement).value).toBe("FR");
  });

  it("asks before creating a new group with nobody in it", async () => {
    let creates = 0;
    mockIPC((cmd) => {
      if (cmd === "form_defaults") return regions;
      if (cmd === "check_draft") return report([], 0);
      if (cmd === "create_group") {
        creates++;
        return { recovered: false, created: group({ added_members: [], created_contacts: [], member_count: 0 }) };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const { fireEvent, screen } = await renderForm();
    await fireEvent.input(await screen.findByTestId("name-input"), { target: { value: "Later" } });
    await fireEvent.click(screen.getByTestId("create"));
    await screen.findByTestId("empty-confirm-title");
    await fireEvent.click(screen.getByTestId("empty-confirm-cancel"));
    expect(creates).toBe(0);
    await fireEvent.click(screen.getByTestId("create"));
    await fireEvent.click(await screen.findByTestId("empty-confirm-confirm"));
    await screen.findByTestId("result");
    expect(creates).toBe(1);
  });

  it("words the button and the result for practice mode", async () => {
    mockIPC((cmd) => {
      if (cmd === "form_defaults") return regions;
      if (cmd === "check_draft") return report([], 2);
      if (cmd === "create_group") return { recovered: false, created: group() };
      throw new Error(`unexpected ${cmd}`);
    });
    const { fireEvent, screen } = await renderForm(true);
    const create = await screen.findByTestId("create");
    expect(create.textContent?.trim()).toBe("Create practice group");
    await fireEvent.click(create);
    expect((await screen.findByTestId("result-heading")).textContent).toContain("Practice group created — not sent to Blooio");
  });

  it("gives the draft back after the form was closed, and after the app was restarted", async () => {
    mockIPC((cmd) => {
      if (cmd === "form_defaults") return regions;
      if (cmd === "check_draft") return nameMissing;
      throw new Error(`unexpected ${cmd}`);
    });
    let lib = await renderForm();
    await lib.fireEvent.input(await lib.screen.findByTestId("members-input"), { target: { value: "+33 6 12 34 56 78" } });
    await lib.fireEvent.input(lib.screen.getByTestId("name-input"), { target: { value: "Kept" } });
    lib.cleanup();
    // A new window: fresh modules, the same local storage.
    vi.resetModules();
    lib = await renderForm();
    expect(((await lib.screen.findByTestId("members-input")) as HTMLTextAreaElement).value).toBe("+33 6 12 34 56 78");
    expect((lib.screen.getByTestId("name-input") as HTMLInputElement).value).toBe("Kept");
  });

  it("puts the actions for a failed create in its notice: a countdown on a rate limit", async () => {
    mockIPC((cmd) => {
      if (cmd === "form_defaults") return regions;
      if (cmd === "check_draft") return report([], 1);
      if (cmd === "create_group") throw { problem: { code: "RateLimited", retry_after_secs: 30 }, problems: [], detail: null };
      throw new Error(`unexpected ${cmd}`);
    });
    const { fireEvent, screen } = await renderForm();
    await fireEvent.click(await screen.findByTestId("create"));
    expect((await screen.findByTestId("error-title")).textContent).toBe("Blooio asks you to slow down");
    expect(screen.getByTestId("error-reassurance").textContent).toContain("Nothing was created");
    const retry = screen.getByTestId("action-try-again") as HTMLButtonElement;
    expect(retry.disabled).toBe(true);
    expect(retry.textContent?.trim()).toBe("Try again in 30 s");
  });

  it("removes the entries that can't be used, then the duplicates, each with an Undo that gives the exact text back", async () => {
    // A stand-in for Rust's rules: lines that say "nope" are invalid, a line seen before is a duplicate.
    const summarise = (text: string): DraftSummary => {
      const lines = text.split("\n");
      const rows: DraftSummary["members"]["rows"] = [];
      let ok = 0, duplicate = 0, invalid = 0;
      lines.forEach((input, i) => {
        if (input.trim() === "") return;
        const first = lines.findIndex((l) => l === input);
        const status = input === "nope" ? "invalid" : first < i ? "duplicate" : "ok";
        if (status === "ok") ok++;
        else if (status === "duplicate") duplicate++;
        else invalid++;
        rows.push({
          index: rows.length,
          entry: {
            input, line: i + 1, kind: "phone", status,
            normalized: status === "invalid" ? null : input,
            problem: status === "invalid" ? { code: "MemberNotPhoneOrEmail" } : status === "duplicate" ? { code: "MemberDuplicate", line: first + 1, first_input: input } : null,
          },
        });
      });
      return { problems: [], chat_guid_warning: null, name_chars: 4, members: { ok, to_check: 0, duplicate, invalid, rows, more_ok: 0 } };
    };
    const removals: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "form_defaults") return regions;
      if (cmd === "check_draft") return summarise((args as { draft: { members: string } }).draft.members);
      if (cmd === "remove_member_entries") {
        removals.push(args);
        const { members, which } = args as { members: string; which: string };
        const lines = members.split("\n");
        return lines.filter((l, i) => (which === "invalid" ? l !== "nope" : lines.indexOf(l) === i)).join("\n");
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const { fireEvent, screen, waitFor } = await renderForm();
    const members = (await screen.findByTestId("members-input")) as HTMLTextAreaElement;
    const pasted = "+33 6 12 34 56 78\nnope\n+33 6 12 34 56 78\na@b.fr";
    await fireEvent.input(members, { target: { value: pasted } });

    // Each row with its line (the order is Rust's: see MemberPreview.test.ts and draft.rs).
    await waitFor(() => expect(screen.getAllByTestId("member-row")).toHaveLength(4));
    const cells = () => screen.getAllByTestId("member-row").map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent?.trim()));
    expect(cells().find((c) => c[1] === "nope")).toEqual(["2", "nope", "—", "Can't be used: Not a phone number or an email address."]);
    expect(screen.getByTestId("action-counts").textContent).toBe("2 will be added · 1 duplicate skipped · 0 to check · 1 to fix");

    await fireEvent.click(screen.getByTestId("remove-invalid"));
    await waitFor(() => expect(members.value).toBe("+33 6 12 34 56 78\n+33 6 12 34 56 78\na@b.fr"));
    expect(removals[0]).toEqual({ members: pasted, defaultRegion: "FR", which: "invalid" });
    expect((await screen.findByTestId("member-undo")).textContent).toContain("Removed 1 entry that couldn't be used.");
    await waitFor(() => expect(screen.getByTestId("action-counts").textContent).toBe("2 will be added · 1 duplicate skipped · 0 to check · 0 to fix"));
    expect(screen.queryByTestId("remove-invalid")).toBeNull();

    await fireEvent.click(screen.getByTestId("member-undo-button"));
    expect(members.value).toBe(pasted);
    expect(screen.queryByTestId("member-undo")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("action-counts").textContent).toContain("1 to fix"));

    await fireEvent.click(screen.getByTestId("remove-duplicates"));
    await waitFor(() => expect(members.value).toBe("+33 6 12 34 56 78\nnope\na@b.fr"));
    expect((await screen.findByTestId("member-undo")).textContent).toContain("Removed 1 duplicate.");
    await waitFor(() => expect(screen.getByTestId("action-counts").textContent).toBe("2 will be added · 0 duplicates skipped · 0 to check · 1 to fix"));

    // Typing after a removal makes the list the operator's again: no Undo to wipe what was typed.
    await fireEvent.input(members, { target: { value: members.value + "\nb@c.fr" } });
    await waitFor(() => expect(screen.queryByTestId("member-undo")).toBeNull());
  });

  it("keeps Undo on screen when the removal left no rows", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "form_defaults") return regions;
      if (cmd === "check_draft") {
        const text = (args as { draft: { members: string } }).draft.members;
        return text === "nope"
          ? { ...report([]), members: { ok: 0, to_check: 0, duplicate: 0, invalid: 1, more_ok: 0, rows: [{ index: 0, entry: { input: "nope", line: 1, kind: "unknown", status: "invalid", normalized: null, problem: { code: "MemberNotPhoneOrEmail" } } }] } }
          : report([]);
      }
      if (cmd === "remove_member_entries") return "";
      throw new Error(`unexpected ${cmd}`);
    });
    const { fireEvent, screen, waitFor } = await renderForm();
    const members = (await screen.findByTestId("members-input")) as HTMLTextAreaElement;
    await fireEvent.input(members, { target: { value: "nope" } });
    await fireEvent.click(await screen.findByTestId("remove-invalid"));
    await waitFor(() => expect(members.value).toBe(""));
    await fireEvent.click(await screen.findByTestId("member-undo-button"));
    expect(members.value).toBe("nope");
  });

  it("adds the members of a file as typed entries, asks for the column when the headers don't say, and undoes", async () => {
    const answers: unknown[] = [
      { kind: "found", file_name: "family.vcf", found: { entries: ["(212) 555-0100", "ann@example.com"], from: { kind: "contacts", cards: 1, phones: 1, emails: 1 } } },
      {
        kind: "pick_column",
        file_name: "guests.csv",
        columns: [
          { index: 0, letter: "A", header: "Who", samples: ["Ann", "Bob"], filled: 2 },
          { index: 1, letter: "B", header: "Reach at", samples: ["212-555-0101"], filled: 1 },
        ],
      },
    ];
    const asked: number[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "form_defaults") return regions;
      if (cmd === "check_draft") return report([]);
      if (cmd === "watch_drops") return null;
      if (cmd === "members_file_choose") return answers.shift();
      if (cmd === "members_file_column") {
        asked.push((args as { column: number }).column);
        return { kind: "found", file_name: "guests.csv", found: { entries: ["212-555-0101"], from: { kind: "columns", columns: ["Reach at"] } } };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const { fireEvent, screen, waitFor } = await renderForm();
    const members = (await screen.findByTestId("members-input")) as HTMLTextAreaElement;
    await fireEvent.input(members, { target: { value: "bob@example.com\n" } });

    await fireEvent.click(screen.getByTestId("members-from-file"));
    await waitFor(() => expect(members.value).toBe("bob@example.com\n(212) 555-0100\nann@example.com"));
    expect((await screen.findByTestId("member-undo")).textContent).toContain("Added 2 entries from 1 contact in “family.vcf”: 1 phone number and 1 email.");

    await fireEvent.click(screen.getByTestId("members-from-file"));
    const choices = (await screen.findAllByTestId("member-column-choice")) as HTMLInputElement[];
    expect(choices.map((c) => c.parentElement?.textContent?.trim())).toEqual(["Who (column A): Ann, Bob", "Reach at (column B): 212-555-0101"]);
    await fireEvent.click(choices[1]!);
    await fireEvent.click(screen.getByTestId("member-column-add"));
    await waitFor(() => expect(members.value).toBe("bob@example.com\n(212) 555-0100\nann@example.com\n212-555-0101"));
    expect(asked).toEqual([1]);
    expect(screen.getByTestId("member-undo").textContent).toContain("from the column “Reach at” of “guests.csv”");

    // Undo takes back the last file's entries only.
    await fireEvent.click(screen.getByTestId("member-undo-button"));
    expect(members.value).toBe("bob@example.com\n(212) 555-0100\nann@example.com");
  });
});
