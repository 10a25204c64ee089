import { describe, expect, it } from "vitest";
import { keyCheckText, problemReassurance, problemSupportNote, problemText, problemTitle } from "./problems";

describe("problem words", () => {
  it("words a code with its arguments as the operator reads it", () => {
    expect(problemText({ code: "NameTooLong", chars: 300, max: 255 })).toBe(
      "Shorten the group name to 255 characters or fewer: it has 300, 45 too many.",
    );
    expect(problemText({ code: "NameControlCharacter", code_point: 9 })).toContain("Remove the tab");
    expect(problemText({ code: "RateLimited", retry_after_secs: 7 })).toBe(
      "Blooio asks you to slow down. Wait 7 seconds, then try again.",
    );
  });

  it("words the local store's problems (history and bulk journal) in the store's own words", () => {
    expect(problemTitle({ code: "StoreDiskFull" })).toBe("The disk is full");
    expect(problemText({ code: "StoreDiskFull" })).toBe(
      "The disk is full, so the history couldn't be saved. Free some space, then try again.",
    );
    expect(problemText({ code: "JobNotFound", job: 4 })).not.toMatch(/Something went wrong/);
  });

  it("keeps Blooio's own answer and adds what the lookup found", () => {
    const text = problemText({ code: "FailedNotCreated", cause: { code: "NoDevice" } });
    expect(text).toMatch(/^No iPhone or Mac is connected/);
    expect(text).toMatch(/The app checked with Blooio: the group was not created\.$/);
    expect(problemReassurance({ code: "FailedNotCreated", cause: { code: "NoDevice" } })).toBe("Nothing was created. It's safe to try again.");
    expect(problemTitle({ code: "FailedNotCreated", cause: { code: "NoDevice" } })).toBe("No iPhone or Mac is connected");
  });

  it("says why an outcome is still unknown and that pressing Create again is safe", () => {
    const text = problemText({
      code: "OutcomeUnknown",
      why: { code: "LookupFailed", cause: { code: "Unreachable" } },
      look_again_secs: 60,
    });
    expect(text).toContain("could not confirm whether the group was created");
    expect(problemReassurance({ code: "OutcomeUnknown", why: { code: "LookupFailed", cause: { code: "Unreachable" } }, look_again_secs: 60 })).toContain(
      "the app checks with Blooio first and won't make a second group",
    );
    // What the lookup found is for support, not for the operator's first read.
    expect(problemSupportNote({ code: "OutcomeUnknown", why: { code: "LookupFailed", cause: { code: "Unreachable" } }, look_again_secs: 60 })).toContain(
      "asking Blooio failed",
    );
    expect(problemText({ code: "MaybeStillInFlight", look_again_secs: 60 })).toContain("Wait a minute, then press Create again");
  });

  it("words a group photo refused before upload, sizes as people say them", () => {
    expect(problemText({ code: "PhotoTooLarge", bytes: 10 * 1024 * 1024 + 1, max: 10 * 1024 * 1024 })).toBe(
      "Choose a smaller photo: this one is 10.1 MB, and Blooio takes at most 10 MB.",
    );
    expect(problemText({ code: "PhotoTypeUnsupported" })).toMatch(/^Choose a JPEG, PNG, GIF, WebP, HEIC or HEIF image/);
    expect(problemText({ code: "PhotoFileUnreadable", file_name: "team.png", detail: "Permission denied" })).toBe(
      "The file “team.png” couldn't be read (Permission denied). Check that it is still there and that you may open it, or choose another photo.",
    );
    expect(problemText({ code: "PhotoDropSeveral", count: 3 })).toMatch(/^3 files were dropped/);
    expect(problemText({ code: "PhotoDropExpired" })).toMatch(/Drop the photo again\.$/);
    expect(problemTitle({ code: "PhotoDropExpired" })).toBe("The photo wasn't sent");
  });

  it("words a conflict for what was asked", () => {
    expect(problemText({ code: "Conflict", linking: true })).toMatch(/already linked/);
    expect(problemText({ code: "Conflict", linking: false })).toMatch(/exactly these members already exists/);
  });

  it("words what checking the key found", () => {
    expect(keyCheckText({ state: "Valid", problem: null })).toBe("Blooio accepted this key.");
    expect(keyCheckText({ state: "Valid", problem: null }, true)).toBe("Key saved and working.");
    expect(keyCheckText({ state: "Unreachable", problem: { code: "Unreachable" } })).toMatch(/couldn't be reached/);
  });

  it("keeps shell commands and store names for support, out of the operator's sentence", () => {
    const issue = { code: "KeychainUnavailable", store: "Secret Service (GNOME Keyring, KWallet)", os: "linux" } as const;
    expect(problemText(issue)).not.toMatch(/sudo|Secret Service/);
    expect(problemTitle(issue)).toBe("Your computer's keyring isn't available");
    expect(problemSupportNote(issue)).toContain("sudo apt install gnome-keyring");
  });
});
