import type { PhoneSync } from "../../bindings/PhoneSync";

/** What a change did on the phones, in a sentence. */
export function phoneSyncText(sync: PhoneSync): string {
  switch (sync.state) {
    case "updated":
      return "Updated on the phones too.";
    case "not_updated":
      return sync.reason !== null
        ? `Not on the phones yet: ${sync.reason}`
        : "Not on the phones yet; Blooio didn't say why.";
    case "no_chat":
      return "This group has no iMessage chat yet, so there was nothing to change on the phones.";
    case "unknown":
      return "Blooio didn't say whether the phones were updated.";
  }
}
