import type { StoreBackend } from "../../bindings/StoreBackend";

/** Where the key is kept, as the operator knows the place ("is saved in …"). */
export function keyStoreName(backend: StoreBackend): string {
  switch (backend) {
    case "MacosKeychain":
      return "your Mac's Keychain";
    case "WindowsCredentialManager":
      return "Windows Credential Manager";
    case "SecretService":
      return "your computer's keyring";
    case "SessionMemory":
      return "the app's memory until you close it";
  }
}
