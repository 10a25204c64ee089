// The window's English for every problem code (Rust words the same codes for the CLI and logs in
// crates/blooio-core/src/english.rs). A code added in Rust fails `npm run check` here until it is worded.
import type { ApiProblem } from "../../bindings/ApiProblem";
import type { InputProblem } from "../../bindings/InputProblem";
import type { KeyCheck } from "../../bindings/KeyCheck";
import type { KeychainIssue } from "../../bindings/KeychainIssue";
import type { LookupGap } from "../../bindings/LookupGap";
import type { OutcomeProblem } from "../../bindings/OutcomeProblem";
import type { AppProblem } from "../../bindings/AppProblem";
import { memberProblemText } from "./members";
import { importProblemSupportNote, importProblemText, importProblemTitle, isImportProblem } from "./import";
import { isStoreProblem, storeProblemText, storeProblemTitle } from "./store";

const CHAT_GUID_SHAPE =
  "A Chat ID looks like iMessage;+;chat123456789: the service, then + for a group chat or - for a direct chat, then the chat's own id, separated by semicolons. Copy it again from the chat's page in Blooio.";

function unreachable(value: never): string {
  return `Something went wrong (${JSON.stringify(value)}).`;
}

/** A file size as people say it, as english.rs does: "10 MB", "10.5 MB" (MiB, as upload limits count). */
function megabytes(bytes: number): string {
  const tenths = Math.ceil((bytes * 10) / (1024 * 1024));
  return tenths % 10 === 0 ? `${tenths / 10} MB` : `${Math.floor(tenths / 10)}.${tenths % 10} MB`;
}

export function controlCharacter(codePoint: number): string {
  if ([0x0a, 0x0d, 0x2028, 0x2029, 0x85].includes(codePoint)) return "line break";
  if (codePoint === 0x09) return "tab";
  if (codePoint === 0) return "invisible NUL character (U+0000)";
  return `invisible control character (U+${codePoint.toString(16).toUpperCase().padStart(4, "0")})`;
}

export function inputProblemText(p: InputProblem): string {
  switch (p.code) {
    case "NameMissing":
      return "Enter a name for the group.";
    case "NameBlank":
      return "Enter a name for the group: it can't be only spaces.";
    case "NameControlCharacter":
      return `Remove the ${controlCharacter(p.code_point)} from the group name: names can't contain line breaks, tabs or invisible control characters.`;
    case "NameTooLong":
      return `Shorten the group name to ${p.max} characters or fewer: it has ${p.chars}, ${Math.max(0, p.chars - p.max)} too many.`;
    case "ChatGuidTooLong":
      return `This Chat ID is too long (${p.chars} characters; real ones are much shorter). ${CHAT_GUID_SHAPE}`;
    case "ChatGuidHasSpace":
      return `This Chat ID has a space, line break or invisible character in it. ${CHAT_GUID_SHAPE}`;
    case "ChatGuidNoSemicolons":
      return `This isn't a Chat ID: it has no semicolons. ${CHAT_GUID_SHAPE}`;
    case "ChatGuidWrongPartCount":
      return `This Chat ID has ${p.parts} parts; it should have 3. ${CHAT_GUID_SHAPE}`;
    case "ChatGuidServiceMissing":
      return `The service before the first semicolon is missing. ${CHAT_GUID_SHAPE}`;
    case "ChatGuidKindInvalid":
      return `The middle part must be + or -. ${CHAT_GUID_SHAPE}`;
    case "ChatGuidIdMissing":
      return `The chat's id after the last semicolon is missing. ${CHAT_GUID_SHAPE}`;
    case "ChatGuidServiceCase":
      return `Chat IDs usually spell the service “${p.known}”, not “${p.service}”. Check that this Chat ID was copied exactly; you can still create the group.`;
    case "ChatGuidServiceUnknown":
      return `“${p.service}” isn't a service Blooio is known to use (iMessage, SMS, RCS or any). Check that the Chat ID was copied whole; you can still create the group.`;
    case "ApiKeyMissing":
      return "Enter your Blooio API key.";
    case "ApiKeyTooLong":
      return `That is too long to be a Blooio API key (${p.chars} characters). Paste only the key itself (it looks like bl_live_…).`;
    case "ApiKeyHasSpace":
      return "The API key has a space or line break inside it. Paste only the key itself (it looks like bl_live_…), on one line.";
    case "ApiKeyControlCharacter":
      return "The API key contains an invisible control character. Copy it again from the Blooio dashboard and paste it here.";
    case "ApiKeyForeignCharacter":
      return "The API key contains a character that can't be part of a key (such as a curly quote or “…”). Copy it again from the Blooio dashboard and paste it here.";
    case "RegionUnknown":
      return `“${p.input}” isn't a country code this app knows. Choose the default country for numbers written without a country code, as a two-letter code such as US, GB or DE.`;
    case "MembersUnusable":
      return p.count === 1
        ? `Fix or remove “${p.first_input}”: ${memberProblemText(p.first_problem)}`
        : `Fix or remove the ${p.count} entries that can't be used, listed below. The first, “${p.first_input}”: ${memberProblemText(p.first_problem)}`;
    case "FormHasProblems":
      return p.count === 1
        ? "Fix the problem below, then create the group again."
        : `Fix the ${p.count} problems below, then create the group again.`;
    case "SettingInvalid":
      return p.detail;
    case "PhotoTooLarge":
      return `Choose a smaller photo: this one is ${megabytes(p.bytes)}, and Blooio takes at most ${megabytes(p.max)}.`;
    case "PhotoTypeUnsupported":
      return "Choose a JPEG, PNG, GIF, WebP, HEIC or HEIF image: this file isn't one (its content was checked, not only its name).";
    case "PhotoFileUnreadable":
      return `The file “${p.file_name}” couldn't be read (${p.detail}). Check that it is still there and that you may open it, or choose another photo.`;
    case "PhotoDropExpired":
      return "The app no longer knows which file was dropped, as another one was dropped since. Drop the photo again.";
    case "PhotoDropSeveral":
      return `${p.count} files were dropped: a group has one photo. Drop just the one you want.`;
    default:
      return unreachable(p);
  }
}

export function apiProblemText(p: ApiProblem): string {
  switch (p.code) {
    case "Rejected":
      return p.server_message !== null
        ? `Blooio did not accept the group: ${p.server_message}. Correct it and try again.`
        : "Blooio did not accept the group's details. Check them and try again.";
    case "Unauthorized":
      return "Copy the key again from the API keys section of your Blooio dashboard, then update it here.";
    case "PaymentRequired":
      return "Your Blooio trial limit has been reached. Upgrade your plan in the Blooio dashboard, then try again.";
    case "Forbidden":
      return "This API key is not allowed to create groups. Ask your Blooio administrator for a key with access.";
    case "NotFound":
      return "Blooio could not find what this request refers to. Check the Chat ID.";
    case "Conflict":
      return p.linking
        ? "This iMessage chat is already linked to a Blooio group, so nothing new was created. Open that group, or check that the Chat ID is the one you meant."
        : "A group with exactly these members already exists on your Blooio number, and iMessage allows only one such group. Open the existing group, or change the members.";
    case "RateLimited":
      return p.retry_after_secs !== null
        ? `Blooio asks you to slow down. Wait ${p.retry_after_secs} seconds, then try again.`
        : "Blooio asks you to slow down. Wait a minute, then try again.";
    case "ServerError":
      return "Blooio had a problem on its side. Wait a moment and try again; if it keeps happening, contact Blooio support.";
    case "DeviceError":
      return "Blooio could not talk to your iPhone or Mac just now. Wait a moment and try again.";
    case "NoDevice":
      return "No iPhone or Mac is connected to your Blooio account. Open Blooio on your device, check it is online, then try again.";
    case "NotAvailable":
      return "Blooio does not offer this yet.";
    case "Timeout":
      return p.sent
        ? "Blooio did not answer in time. The group may or may not have been created; check before trying again."
        : "Blooio could not be reached in time. Check your internet connection, then try again.";
    case "Unreachable":
      return "Check your internet connection, then try again.";
    case "Tls":
      return "The secure connection to Blooio failed. Check the computer's date and time and any proxy or antivirus that inspects traffic.";
    case "BadResponse":
      return "Blooio sent a reply the app could not read. Try again in a moment; a proxy or firewall may be in the way.";
    default:
      return unreachable(p);
  }
}

/** The operating system's key store, named as its owner knows it. */
function storeName(os: string): string {
  if (os === "macos") return "the macOS Keychain";
  if (os === "windows") return "Windows Credential Manager";
  return "your computer's keyring";
}

export function keychainIssueText(p: KeychainIssue): string {
  switch (p.code) {
    case "KeychainUnavailable":
      return p.os === "linux"
        ? "This computer has no keyring running, so the key can't be saved. You can still use it until you close the app."
        : `${capitalised(storeName(p.os))} can't be reached, so the key can't be saved. Restart the app or sign in again, or use the key until you close the app.`;
    case "KeychainLocked":
      return `${capitalised(storeName(p.os))} is locked. Unlock it, then try saving again, or use the key until you close the app.`;
    case "KeychainCorrupt":
      return "The saved key can't be read. Remove it and enter your key again.";
    case "KeychainRefused":
      return "Your computer's keyring refused to save the key. Try saving again, or use the key until you close the app.";
    case "KeychainBroken":
      return "Your computer's keyring stopped working after an earlier failure. Restart the app.";
    default:
      return unreachable(p);
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lookupGapText(p: LookupGap): string {
  switch (p.code) {
    case "LookupFailed":
      return `asking Blooio failed: ${apiProblemText(p.cause)}`;
    case "GroupWithoutId":
      return "Blooio listed a group with this name without its id, so its members couldn't be compared";
    case "MemberWithoutIdentifier":
      return "Blooio listed a member of a group with this name without its phone number or email";
    case "EndlessMembers":
      return "Blooio kept listing members of a group with this name past the number the request had";
    case "TooManyNamesakes":
      return `more than ${p.limit} groups with this name were created around the time it was sent`;
    case "TooManyGroups":
      return `there are more groups to look through than the ${p.limit} the app compares`;
    default:
      return unreachable(p);
  }
}

export function outcomeProblemText(p: OutcomeProblem): string {
  switch (p.code) {
    case "NoKey":
      return "Add your Blooio API key first. Nothing was sent.";
    case "Busy":
      return "A group is already being created. Wait for its result; this second request was not sent.";
    case "NotCreated":
      return "The connection failed before Blooio answered, so the app asked Blooio: the group was not created.";
    case "FailedNotCreated":
      return `${apiProblemText(p.cause)} The app checked with Blooio: the group was not created.`;
    case "OutcomeUnknown":
      return "The connection failed before Blooio answered, and the app could not confirm whether the group was created. Check your groups in Blooio before making it some other way.";
    case "MaybeStillInFlight":
      return `Blooio did not answer in time, and it has no such group yet; it may still be working on it. Wait ${p.look_again_secs <= 60 ? "a minute" : `${Math.ceil(p.look_again_secs / 60)} minutes`}, then press Create again.`;
    case "PhotoUnavailable":
      return "The group's photo couldn't be shown. The group itself is fine.";
    case "PendingStoreFailed":
      return `The app couldn't keep its record of unfinished creates (${p.detail}), so nothing was sent. Check that the app's data folder can be written to, then try again.`;
    case "Internal":
      return `Something went wrong inside the app (${p.what}). Try again.`;
    default:
      return unreachable(p);
  }
}

/** The sentence for any problem, whichever part of the app found it. */
export function problemText(p: AppProblem): string {
  if (isImportProblem(p)) return importProblemText(p);
  if (isStoreProblem(p)) return storeProblemText(p);
  switch (p.code) {
    case "NameMissing":
    case "NameBlank":
    case "NameControlCharacter":
    case "NameTooLong":
    case "ChatGuidTooLong":
    case "ChatGuidHasSpace":
    case "ChatGuidNoSemicolons":
    case "ChatGuidWrongPartCount":
    case "ChatGuidServiceMissing":
    case "ChatGuidKindInvalid":
    case "ChatGuidIdMissing":
    case "ChatGuidServiceCase":
    case "ChatGuidServiceUnknown":
    case "ApiKeyMissing":
    case "ApiKeyTooLong":
    case "ApiKeyHasSpace":
    case "ApiKeyControlCharacter":
    case "ApiKeyForeignCharacter":
    case "RegionUnknown":
    case "MembersUnusable":
    case "FormHasProblems":
    case "SettingInvalid":
    case "PhotoTooLarge":
    case "PhotoTypeUnsupported":
    case "PhotoFileUnreadable":
    case "PhotoDropExpired":
    case "PhotoDropSeveral":
      return inputProblemText(p);
    case "Rejected":
    case "Unauthorized":
    case "PaymentRequired":
    case "Forbidden":
    case "NotFound":
    case "Conflict":
    case "RateLimited":
    case "ServerError":
    case "DeviceError":
    case "NoDevice":
    case "NotAvailable":
    case "Timeout":
    case "Unreachable":
    case "Tls":
    case "BadResponse":
      return apiProblemText(p);
    case "KeychainUnavailable":
    case "KeychainLocked":
    case "KeychainCorrupt":
    case "KeychainRefused":
    case "KeychainBroken":
      return keychainIssueText(p);
    case "NoKey":
    case "Busy":
    case "NotCreated":
    case "FailedNotCreated":
    case "OutcomeUnknown":
    case "MaybeStillInFlight":
    case "PhotoUnavailable":
    case "PendingStoreFailed":
    case "Internal":
      return outcomeProblemText(p);
    default:
      return memberProblemText(p);
  }
}

/** What checking the key found; `justSaved` when the check followed saving it. */
export function keyCheckText(check: KeyCheck, justSaved = false): string {
  switch (check.state) {
    case "Valid":
      return justSaved ? "Key saved and working." : "Blooio accepted this key.";
    case "Rejected":
      return justSaved
        ? "Key saved, but Blooio rejected it. Copy it again from the API keys section of your Blooio dashboard and replace it."
        : "Blooio rejected this key. Copy it again from the API keys section of your Blooio dashboard and replace it.";
    case "Unreachable":
    case "Unknown":
      return check.problem !== null
        ? `${problemTitle(check.problem)}, so the key couldn't be checked. ${problemText(check.problem)}`
        : "The key could not be checked. Try again.";
    default:
      return unreachable(check.state);
  }
}

/** The one-line title of a notice about `p`. */
export function problemTitle(p: AppProblem): string {
  if (isImportProblem(p)) return importProblemTitle(p);
  if (isStoreProblem(p)) return storeProblemTitle(p);
  switch (p.code) {
    case "PhotoTooLarge":
    case "PhotoTypeUnsupported":
    case "PhotoFileUnreadable":
    case "PhotoDropExpired":
    case "PhotoDropSeveral":
      return "The photo wasn't sent";
    case "Rejected":
      return "Blooio didn't accept the group";
    case "Unauthorized":
      return "Blooio rejected the API key";
    case "PaymentRequired":
      return "Your Blooio plan's limit is reached";
    case "Forbidden":
      return "This API key can't create groups";
    case "NotFound":
      return "Blooio couldn't find it";
    case "Conflict":
      return p.linking ? "This chat is already linked" : "A group with these people already exists";
    case "RateLimited":
      return "Blooio asks you to slow down";
    case "ServerError":
      return "Blooio had a problem";
    case "DeviceError":
      return "Blooio couldn't reach your iPhone or Mac";
    case "NoDevice":
      return "No iPhone or Mac is connected";
    case "NotAvailable":
      return "Not available yet";
    case "Timeout":
      return p.sent ? "Blooio didn't answer in time" : "Blooio couldn't be reached";
    case "Unreachable":
      return "Blooio couldn't be reached";
    case "Tls":
      return "The secure connection to Blooio failed";
    case "BadResponse":
      return "Blooio's reply couldn't be read";
    case "KeychainUnavailable":
      return p.os === "linux" ? "Your computer's keyring isn't available" : `${capitalised(storeName(p.os))} isn't available`;
    case "KeychainLocked":
      return `${capitalised(storeName(p.os))} is locked`;
    case "KeychainCorrupt":
      return "The saved key can't be read";
    case "KeychainRefused":
      return "The key wasn't saved";
    case "KeychainBroken":
      return "Your computer's keyring stopped working";
    case "NoKey":
      return "Add your API key first";
    case "Busy":
      return "A group is already being created";
    case "NotCreated":
      return "The group wasn't created";
    case "FailedNotCreated":
      return problemTitle(p.cause);
    case "OutcomeUnknown":
      return "It isn't known yet whether the group was created";
    case "MaybeStillInFlight":
      return "Blooio may still be creating the group";
    case "PhotoUnavailable":
      return "The photo couldn't be shown";
    case "PendingStoreFailed":
      return "Nothing was sent";
    case "Internal":
      return "Something went wrong in the app";
    default:
      return "Check the form";
  }
}

const NOTHING_CREATED_SAFE = "Nothing was created. It's safe to try again.";
const CHECKS_FIRST = "Pressing Create again is safe: the app checks with Blooio first and won't make a second group.";

/** The line that tells the operator what did not happen, when the app knows it; null when it can't promise. */
export function problemReassurance(p: AppProblem): string | null {
  switch (p.code) {
    case "NotCreated":
    case "FailedNotCreated":
    case "Unreachable":
    case "Tls":
      return NOTHING_CREATED_SAFE;
    case "Timeout":
      return p.sent ? null : NOTHING_CREATED_SAFE;
    case "RateLimited":
      return "Nothing was created. It's safe to try again once the wait is over.";
    case "Rejected":
    case "Unauthorized":
    case "PaymentRequired":
    case "Forbidden":
    case "NotFound":
      return "Nothing was created.";
    case "Conflict":
      return "Nothing new was created.";
    case "NoKey":
    case "Busy":
      return "Nothing was sent.";
    case "OutcomeUnknown":
    case "MaybeStillInFlight":
      return CHECKS_FIRST;
    default:
      return null;
  }
}

/** What support needs that the operator doesn't: commands, places on disk, the lookup's own findings. */
export function problemSupportNote(p: AppProblem): string | null {
  if (isImportProblem(p)) return importProblemSupportNote(p);
  switch (p.code) {
    case "KeychainUnavailable":
      return p.os === "linux"
        ? "No Secret Service provider answered on the session bus. Install and start one (GNOME Keyring: sudo apt install gnome-keyring, or KWallet) and sign in to a desktop session."
        : `${p.store} could not be reached.`;
    case "KeychainLocked":
      return p.os === "linux"
        ? `${p.store} is locked or has no default collection: open “Passwords and Keys” and unlock or create the “Login” keyring.`
        : `${p.store} is locked.`;
    case "KeychainRefused":
      return `${p.store} refused the request.`;
    case "OutcomeUnknown":
      return `Why the lookup could not decide: ${lookupGapText(p.why)}.`;
    default:
      return null;
  }
}
