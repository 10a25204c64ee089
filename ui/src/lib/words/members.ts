// The window's English for a pasted member entry's problem code (Rust words the same codes for the CLI and logs
// in crates/blooio-core/src/rules/members/wording.rs; members.test.ts checks both say the same). A code added in
// Rust fails `npm run check` here until it is worded.
import type { MemberProblem } from "../../bindings/MemberProblem";
import type { NumberPlace } from "../../bindings/NumberPlace";

// Regions whose English short name reads with "the" after "in" ("in the United States"); the same list as Rust's.
const TAKES_THE = new Set([
  "AE", "AX", "BQ", "BS", "CC", "CD", "CF", "CG", "CK", "DO", "FK", "FO", "GB", "GM", "IO", "KM",
  "KY", "MH", "MP", "MV", "NL", "PH", "SB", "SC", "TC", "US", "VG", "VI",
]);

function unreachable(value: never): string {
  return `Something went wrong (${JSON.stringify(value)}).`;
}

// "Not a valid phone number for United Kingdom (GB): too short." A number written without a country code may be
// from abroad, so its sentence also says how to write that.
function notANumber(place: NumberPlace | null, national: boolean, problem: string): string {
  let where = "";
  if (place?.kind === "Region") {
    where = place.name === place.code ? ` for ${place.code}` : ` for ${place.name} (${place.code})`;
  } else if (place?.kind === "CallingCode") {
    where = ` for country code +${place.calling_code}`;
  }
  const end = national ? ". If it is from another country, start it with + and the country code." : ".";
  return `Not a valid phone number${where}: ${problem}${end}`;
}

function knownWhere(place: NumberPlace): string {
  if (place.kind === "CallingCode") return `for country code +${place.calling_code}`;
  if (place.name === place.code) return `in ${place.code}`;
  return `in ${TAKES_THE.has(place.code) ? "the " : ""}${place.name}`;
}

const notAnEmail = (problem: string): string => `Not a valid email address: ${problem}.`;

export function memberProblemText(p: MemberProblem): string {
  switch (p.code) {
    case "MemberTooLong":
      return "Too long to be a phone number or an email address; check that the entries are separated by new lines or commas.";
    case "MemberNotPhoneOrEmail":
      return "Not a phone number or an email address.";
    case "MemberDuplicate":
      return `Skipped: already on line ${p.line} (“${p.first_input}”).`;
    case "PhoneFarTooLong":
      return "Not a valid phone number: too long. Check that the entries are separated by new lines or commas.";
    case "PhoneNeedsCountryCode":
      return `Add the country code (for example +44) to this number: the default country “${p.default_region}” isn't one this app knows, so a number without a country code can't be read. Or choose a default country.`;
    case "PhoneFewerThan7Digits":
      return "Not a valid phone number: too short for an international number (at least 7 digits with the country code). Check for a missing digit.";
    case "PhoneMoreThan15Digits":
      return "Not a valid phone number: more than the 15 digits an international number can have. Check for an extension or a digit too many.";
    case "PhoneAddAreaCode":
      return notANumber(p.place, p.national, "too short: add the area code");
    case "PhoneTooShort":
      return notANumber(p.place, p.national, "too short");
    case "PhoneTooLong":
      return notANumber(p.place, p.national, "too long");
    case "PhoneWrongLength":
      return notANumber(p.place, p.national, `${p.digits} digits is the wrong length there`);
    case "PhoneNoSuchNumbers":
      return notANumber(p.place, p.national, "no number there starts with these digits");
    case "PhoneCheckDigits":
      return notANumber(p.place, p.national, "check the digits");
    case "PhoneUnknownCountryCode":
      return p.place === null
        ? "Not a valid phone number: the digits after + don't start with a country code that exists."
        : notANumber(p.place, p.national, "the country code doesn't exist");
    case "PhoneNotInKnownRange":
      return `${p.number} is not a number range known ${knownWhere(p.place)}: check it before sending.`;
    case "PhoneReadDifferently":
      return `Read as ${p.sent} ${knownWhere(p.place)}, which is the number that will be sent: check it before sending.`;
    case "EmailHasSpace":
      return notAnEmail("it has a space in it");
    case "EmailNothingBeforeAt":
      return notAnEmail("nothing comes before the @");
    case "EmailNothingAfterAt":
      return notAnEmail("nothing comes after the @");
    case "EmailNoDomain":
      return notAnEmail("the part after the @ should be a domain such as example.com");
    case "EmailMisplacedDot":
      return notAnEmail("the domain after the @ has a misplaced dot");
    case "EmailTooLong":
      return notAnEmail("it is too long");
    case "EmailBadCharacter":
      return notAnEmail("it has a character email addresses can't have (a second @, a comma or a bracket?)");
    case "EmailIpAddress":
      return notAnEmail("use a domain name after the @, not an IP address");
    case "EmailStrayQuotes":
      return notAnEmail("it has stray quotes or brackets");
    case "EmailNotJustAddress":
      return notAnEmail("write just the address, such as name@example.com");
    case "EmailLocalPartNotPlain":
      return notAnEmail(
        "before the @ it can only have the letters a–z, digits and . _ + - (and a few other symbols), without quotes or accents",
      );
    case "EmailDomainInvalid":
      return notAnEmail("the domain after the @ isn't a valid domain name");
    case "EmailDomainCharacters":
      return notAnEmail("the domain after the @ can only have letters, digits, hyphens and dots");
    case "EmailNoRealTld":
      return notAnEmail("the domain should end in a real top-level domain such as .com or .uk");
    case "EmailTooLongInAscii":
      return notAnEmail(
        "it is too long once its domain is written in the ASCII form it is sent in (at most 254 characters)",
      );
    default:
      return unreachable(p);
  }
}
