import type { UpdateProblemCode } from "../../bindings/UpdateProblemCode";

/** What the operator reads when a check or an install did not succeed; the detail stays one click away. */
export function updateProblemText(code: UpdateProblemCode): string {
  switch (code) {
    case "Unreachable":
      return "Couldn't reach the update server. Check the internet connection and try again later.";
    case "BadAnswer":
      return "The update server's answer couldn't be used. Try again later; if it keeps happening, copy the diagnostics for support.";
    case "SignatureRejected":
      return "This update was not installed: its signature doesn't match the one Blooio Groups trusts, so it may have been damaged or tampered with. The version you have keeps working.";
    case "InstallFailed":
      return "The update was downloaded and checked, but the system didn't install it (was the password prompt closed?). The version you have keeps working; try again when convenient.";
    case "CreateInProgress":
      return "A group is being created. Install the update once it is done.";
    case "NothingToInstall":
      return "There is no update to install. Check for updates first.";
  }
}
