// The one seam between the window and Rust: no other UI file imports @tauri-apps/*.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { CommandError } from "../bindings/CommandError";
import type { ConnectionInfo } from "../bindings/ConnectionInfo";
import type { CreateResult } from "../bindings/CreateResult";
import type { DraftSummary } from "../bindings/DraftSummary";
import type { FormDefaults } from "../bindings/FormDefaults";
import type { GroupDraft } from "../bindings/GroupDraft";
import type { Deleted } from "../bindings/Deleted";
import type { DropEvent } from "../bindings/DropEvent";
import type { ExistingGroup } from "../bindings/ExistingGroup";
import type { PhotoChange } from "../bindings/PhotoChange";
import type { Group } from "../bindings/Group";
import type { GroupList } from "../bindings/GroupList";
import type { GroupMembers } from "../bindings/GroupMembers";
import type { HistoryExport } from "../bindings/HistoryExport";
import type { ListQuery } from "../bindings/ListQuery";
import type { RenameResult } from "../bindings/RenameResult";
import type { HistoryPage } from "../bindings/HistoryPage";
import type { KeyCheck } from "../bindings/KeyCheck";
import type { KeyStatus } from "../bindings/KeyStatus";
import type { MemberRemoval } from "../bindings/MemberRemoval";
import type { MembersFromFile } from "../bindings/MembersFromFile";
import type { AboutApp } from "../bindings/AboutApp";
import type { UpdateCheck } from "../bindings/UpdateCheck";
import type { UpdateInstall } from "../bindings/UpdateInstall";
import type { BulkRunAction } from "../bindings/BulkRunAction";
import type { BulkRunEvent } from "../bindings/BulkRunEvent";
import type { JobSummary } from "../bindings/JobSummary";
import type { ReportFilter } from "../bindings/ReportFilter";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { ReportPage } from "../bindings/ReportPage";
import type { ReportSaved } from "../bindings/ReportSaved";
import type { ImportColumnMapping } from "../bindings/ImportColumnMapping";
import type { ImportOpened } from "../bindings/ImportOpened";
import type { ImportPreviewPage } from "../bindings/ImportPreviewPage";
import type { ImportPreviewSummary } from "../bindings/ImportPreviewSummary";
import type { ImportStatus } from "../bindings/ImportStatus";
import type { SheetView } from "../bindings/SheetView";

export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError };

function isCommandError(value: unknown): value is CommandError {
  return typeof value === "object" && value !== null && "problem" in value && "problems" in value;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<Result<T>> {
  try {
    return { ok: true, value: await invoke<T>(command, args) };
  } catch (raw) {
    if (isCommandError(raw)) return { ok: false, error: raw };
    // Errors that did not come from our commands (IPC refused, app shutting down) still get a plain shape.
    return {
      ok: false,
      error: {
        problem: { code: "Internal", what: "the window's request didn't reach the app" },
        problems: [],
        detail: { status: null, server_message: null, server_code: null, raw: String(raw) },
      },
    };
  }
}

export const backend = {
  createGroup: (draft: GroupDraft) => call<CreateResult>("create_group", { draft }),
  checkDraft: (draft: GroupDraft) => call<DraftSummary>("check_draft", { draft }),
  /** The pasted member list without its invalid entries or duplicates, the rest as typed (Rust's splitter). */
  removeMemberEntries: (members: string, defaultRegion: string, which: MemberRemoval) =>
    call<string>("remove_member_entries", { members, defaultRegion, which }),
  saveApiKey: (key: string, sessionOnly = false) => call<KeyStatus>("save_api_key", { key, sessionOnly }),
  checkApiKey: () => call<KeyCheck>("check_api_key"),
  formDefaults: () => call<FormDefaults>("form_defaults"),
  apiKeyStatus: () => call<KeyStatus>("api_key_status"),
  deleteApiKey: () => call<KeyStatus>("delete_api_key"),
  connectionInfo: () => call<ConnectionInfo>("connection_info"),
  diagnostics: () => call<string>("diagnostics"),
  setSandboxMode: (enabled: boolean) => call<ConnectionInfo>("set_sandbox_mode", { enabled }),
  /** The group's photo as a `data:` URL. */
  groupPhoto: (url: string) => call<string>("group_photo", { url }),
  /** The current mode's history (practice or real), newest first. */
  historyPage: (search: string | null, offset: number, limit: number) =>
    call<HistoryPage>("history_page", { search, offset, limit }),
  /** Asks where to save (the native save dialog, from Rust) and writes the current mode's history there as CSV;
   * null when the operator cancelled. */
  exportHistory: (search: string | null) => call<HistoryExport | null>("export_history", { search }),
  /** Forgets the current mode's history; answers how many entries went. */
  forgetHistory: () => call<number>("forget_history"),
  /** One page of the account's groups (at most 200). */
  listGroups: (query: ListQuery) => call<GroupList>("list_groups", { query }),
  getGroup: (id: string) => call<Group>("get_group", { id }),
  groupMembers: (id: string, offset: number, limit: number) => call<GroupMembers>("group_members", { id, offset, limit }),
  renameGroup: (id: string, name: string) => call<RenameResult>("rename_group", { id, name }),
  deleteGroup: (id: string) => call<Deleted>("delete_group", { id }),
  /** After a 409 on create: the group with the same chat GUID or the same people. */
  findExistingGroup: (draft: GroupDraft) => call<ExistingGroup>("find_existing_group", { draft }),
  /** Opens the native open dialog (from Rust), checks the image and makes it the group's photo. */
  chooseGroupPhoto: (id: string) => call<PhotoChange>("choose_group_photo", { id }),
  /** Makes the file of the drop named `token` the group's photo (the path stays in Rust). */
  setDroppedGroupPhoto: (id: string, token: string) => call<PhotoChange>("set_dropped_group_photo", { id, token }),
  removeGroupPhoto: (id: string) => call<PhotoChange>("remove_group_photo", { id }),
  /** Opens the native open dialog (from Rust) for a contacts export or a spreadsheet, and reads its members. */
  membersFileChoose: () => call<MembersFromFile>("members_file_choose"),
  /** Reads the members of the file dropped on the member box, by its drop token. */
  membersFileDropped: (token: string) => call<MembersFromFile>("members_file_dropped", { token }),
  /** The members in `column` of the file that asked which column holds them. */
  membersFileColumn: (column: number) => call<MembersFromFile>("members_file_column", { column }),
  /** Files dragged over and dropped on the window, as tokens; call once (`lib/drops.svelte.ts` does). */
  watchDrops: (listener: (event: DropEvent) => void) => {
    const channel = new Channel<DropEvent>();
    channel.onmessage = listener;
    return call<null>("watch_drops", { onEvent: channel });
  },
  /** Name, version and licence of the app, for the About view. */
  aboutApp: () => call<AboutApp>("about_app"),
  /** `automatic`: the start-up check, which development builds and BLOOIO_UPDATE_CHECK=off skip. */
  checkForUpdate: (automatic: boolean) => call<UpdateCheck>("check_for_update", { automatic }),
  /** Installs what the last check found, then the app restarts; refused while a group is being created. */
  installUpdate: () => call<UpdateInstall>("install_update"),
  /** Opens the native "Open" dialog (from Rust) and reads the file chosen; null when the operator cancelled. */
  importChooseFile: () => call<ImportOpened | null>("import_choose_file"),
  /** Reads a file dropped on the window, by the token Rust announced it with: the window never names a path. */
  importOpenDropped: (token: string) => call<ImportOpened>("import_open_dropped", { token }),
  /** Reads the last chosen or dropped file again, on `sheet` when it still has it. */
  importReopen: (sheet: string | null) => call<ImportOpened>("import_reopen", { sheet }),
  importChooseSheet: (sheet: string) => call<SheetView>("import_choose_sheet", { sheet }),
  /** Checks every group of the current sheet read with `mapping`; the groups stay in Rust, paged below. */
  importPreview: (mapping: ImportColumnMapping, defaultRegion: string) =>
    call<ImportPreviewSummary>("import_preview", { mapping, defaultRegion }),
  importPreviewPage: (status: ImportStatus | null, offset: number, limit: number) =>
    call<ImportPreviewPage>("import_preview_page", { status, offset, limit }),
  /** Makes a job of the groups the current preview can send (with the first of repeated ones, if asked). */
  createBulkJob: (includeFirstCopies: boolean) => call<JobSummary>("create_bulk_job", { includeFirstCopies }),
  /** Runs (or resumes) a job; its progress arrives on `onevent` until it ends. */
  runBulkJob: (job: number, onevent: (event: BulkRunEvent) => void) => {
    const channel = new Channel<BulkRunEvent>();
    channel.onmessage = onevent;
    return call<null>("run_bulk_job", { job, events: channel });
  },
  /** Pause, resume or cancel the run in progress; false when none is going. */
  steerBulkRun: (action: BulkRunAction) => call<boolean>("steer_bulk_run", { action }),
  unfinishedBulkJobs: () => call<JobSummary[]>("unfinished_bulk_jobs"),
  /** The job, how many rows `filter` keeps, and `limit` of them (at most 500) from the `offset`-th. */
  bulkReport: (job: number, filter: ReportFilter, offset: number, limit: number) =>
    call<ReportPage>("bulk_report", { job, filter, offset, limit }),
  /** The failed rows back to pending (they are known not to exist); returns how many. */
  retryFailedBulkRows: (job: number) => call<number>("retry_failed_bulk_rows", { job }),
  /** Calls `onrequest` when the operator closes the window during a bulk run (Rust holds the close back). */
  watchCloseRequests: (onrequest: () => void) => {
    const channel = new Channel<null>();
    channel.onmessage = () => onrequest();
    return call<null>("watch_close_requests", { onRequest: channel });
  },
  /** Stops the run after the group being sent (to resume at the next start), then closes the window. */
  closeAfterPausingRun: () => call<null>("close_after_pausing_run"),
  /** Saves the report where the operator chooses in the native save dialog; null when they cancelled. */
  exportBulkReport: (job: number, format: ReportFormat) =>
    call<ReportSaved | null>("export_bulk_report", { job, format }),
};

export type Backend = typeof backend;
