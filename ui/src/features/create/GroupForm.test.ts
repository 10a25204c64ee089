import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import GroupForm from "./GroupForm.svelte";
import type { DraftSummary } from "../../bindings/DraftSummary";

afterEach(() => {
  cleanup();
  clearMocks();
});

const emptyReport: DraftSummary = {
  problems: [{ field: "name", problem: { code: "NameMissing" } }],
  chat_guid_warning: null,
  members: { ok: 0, to_check: 0, duplicate: 0, invalid: 0, rows: [], more_ok: 0 },
  name_chars: 0,
};

describe("GroupForm", () => {
  it("keeps the operator's input and focuses the error summary after a refused submit", async () => {
    let creates = 0;
    mockIPC((cmd) => {
      if (cmd === "form_defaults") return { default_region: "GB", regions: [{ code: "GB", name: "United Kingdom", calling_code: 44 }, { code: "US", name: "United States", calling_code: 1 }] };
      if (cmd === "check_draft") return emptyReport;
      if (cmd === "create_group") {
        creates++;
        throw {
          problem: { code: "FormHasProblems", count: 1 },
          problems: [{ field: "name", problem: { code: "NameMissing" } }],
          detail: null,
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(GroupForm, { props: { onunauthorized: () => {} } });
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

  it("shows the created contacts and keeps the country for the next group", async () => {
    mockIPC((cmd) => {
      if (cmd === "form_defaults") return { default_region: "FR", regions: [{ code: "FR", name: "France", calling_code: 33 }, { code: "US", name: "United States", calling_code: 1 }] };
      if (cmd === "check_draft") return emptyReport;
      if (cmd === "create_group")
        return { recovered: false, created: {
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
        } };
      throw new Error(`unexpected ${cmd}`);
    });
    render(GroupForm, { props: { onunauthorized: () => {} } });
    await waitFor(() => expect((screen.getByTestId("region") as HTMLSelectElement).value).toBe("FR"));
    await fireEvent.click(screen.getByTestId("create"));
    const contacts = await screen.findByTestId("created-contacts");
    expect(contacts.textContent).toContain("1 new contact was created:");
    expect(contacts.textContent).toContain("+33612345678");
    expect(screen.getByTestId("result-group-id").textContent).toBe("grp_abc123");

    await fireEvent.click(screen.getByTestId("create-another"));
    const name = (await screen.findByTestId("name-input")) as HTMLInputElement;
    expect(name.value).toBe("");
    expect((screen.getByTestId("region") as HTMLSelectElement).value).toBe("FR");
  });
});
