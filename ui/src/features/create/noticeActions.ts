import type { AppProblem } from "../../bindings/AppProblem";
import type { NoticeAction } from "../../lib/components/ErrorNotice.svelte";

export interface NoticeHandlers {
  tryAgain: () => void;
  updateKey: () => void;
  /** After a 409: look the group up and open it in the Groups screen. */
  openExisting: () => void;
}

/** Problems after which sending the same group again cannot make a second one. */
function safeToSendAgain(p: AppProblem): boolean {
  switch (p.code) {
    case "NotCreated":
    case "FailedNotCreated":
    case "Unreachable":
    case "Tls":
    case "RateLimited":
      return true;
    case "Timeout":
      return !p.sent;
    default:
      return false;
  }
}

/** What the operator can do about a failed create, right in its notice. */
export function noticeActions(p: AppProblem, on: NoticeHandlers): NoticeAction[] {
  if (p.code === "Unauthorized" || p.code === "Forbidden" || p.code === "NoKey") {
    return [{ label: "Update API key", run: on.updateKey, testid: "action-update-key", primary: true }];
  }
  if (p.code === "Conflict") {
    return [{ label: "Open the existing group", run: on.openExisting, testid: "action-open-existing", primary: true }];
  }
  if (p.code === "RateLimited") {
    return [{ label: "Try again", run: on.tryAgain, testid: "action-try-again", primary: true, waitSecs: p.retry_after_secs ?? 60 }];
  }
  if (safeToSendAgain(p)) return [{ label: "Try again", run: on.tryAgain, testid: "action-try-again", primary: true }];
  // Pressing Create again after an unknown outcome asks Blooio first (the create protocol), so it is safe too.
  if (p.code === "OutcomeUnknown" || p.code === "MaybeStillInFlight") {
    return [{ label: "Check again", run: on.tryAgain, testid: "action-try-again", primary: true }];
  }
  return [];
}
