//! Members pasted as a list: split, classified as phone number or email, normalised (E.164 / lower case),
//! deduplicated, and every rejected entry explained.
//!
//! Default region: numbers written without a country code are read as numbers of `default_region`. An unknown
//! region code is not silently replaced by another country (that would turn a British `07…` number into a wrong
//! American one); instead, numbers that need the region are rejected with a reason that says to add the country
//! code or choose a default country, while numbers with `+` or `00` still work. `check_region` lets a caller
//! (the CLI) refuse a bad region up front.

use std::collections::hash_map::{Entry, HashMap};
use std::sync::{LazyLock, Mutex, PoisonError};

use email_address::{EmailAddress, Options};
use rlibphonenumber::{
    NotANumberError, NumberLengthType, ParseError, PhoneNumber, PhoneNumberFormat,
    Region as PhoneRegion, ValidationError, PHONE_NUMBER_UTIL,
};

use super::regions::{name_of, REGION_NAMES};
use crate::types::{
    Field, FieldProblem, MemberEntry, MemberKind, MemberReport, MemberStatus, Region,
};

/// Longer than any email address (254) or phone number; such an entry is refused before any parser sees it, so a
/// megabyte pasted without separators costs one scan.
const MAX_ENTRY_CHARS: usize = 320;
/// E.164 allows 15 digits; an international prefix such as `0011` adds a few.
const MAX_PHONE_DIGITS: usize = 20;

/// Splits a pasted list and checks every entry. `default_region` is an ISO 3166 alpha-2 code (`"US"`, any case).
/// Entries are numbered from 1 among the non-empty ones, as `MemberReport::entries` lists them.
pub fn parse_members(pasted: &str, default_region: &str) -> MemberReport {
    let region = region_id(default_region);
    let mut memo = MEMO.lock().unwrap_or_else(PoisonError::into_inner);
    memo.prepare(default_region);
    let mut entries: Vec<MemberEntry> = Vec::new();
    let mut accepted = Vec::new();
    // normalised value -> index of the entry that first had it
    let mut first_seen: HashMap<String, usize> = HashMap::new();

    for piece in pasted.split(is_separator) {
        let input = piece.trim();
        if input.is_empty() {
            continue;
        }
        let (kind, outcome) = memo.classify(input, region, default_region);
        let entry = match outcome {
            Ok(normalized) => match first_seen.entry(normalized) {
                Entry::Occupied(first) => {
                    let index = *first.get();
                    let reason = format!(
                        "Same as entry {} (“{}”): it will be added once.",
                        index + 1,
                        shorten(&entries[index].input)
                    );
                    MemberEntry {
                        input: input.to_owned(),
                        normalized: Some(first.key().clone()),
                        kind,
                        status: MemberStatus::Duplicate,
                        reason: Some(reason),
                    }
                }
                Entry::Vacant(slot) => {
                    let normalized = slot.key().clone();
                    slot.insert(entries.len());
                    accepted.push(normalized.clone());
                    MemberEntry {
                        input: input.to_owned(),
                        normalized: Some(normalized),
                        kind,
                        status: MemberStatus::Ok,
                        reason: None,
                    }
                }
            },
            Err(reason) => MemberEntry {
                input: input.to_owned(),
                normalized: None,
                kind,
                status: MemberStatus::Invalid,
                reason: Some(reason),
            },
        };
        entries.push(entry);
    }
    MemberReport { entries, accepted }
}

type Outcome = (MemberKind, Result<String, String>);

/// Outcomes of recent entries for one default region. The form re-checks the whole list on every keystroke while
/// only one entry changes, and a phone number costs microseconds to parse; with this, a 1,000-entry list costs
/// its parse once, then only lookups. Bounded, and the results are pure functions of (region, entry).
struct Memo {
    region: String,
    outcomes: HashMap<String, Outcome>,
}

const MEMO_MAX_ENTRIES: usize = 32_768;

static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(|| {
    Mutex::new(Memo {
        region: String::new(),
        outcomes: HashMap::new(),
    })
});

impl Memo {
    fn prepare(&mut self, region: &str) {
        if self.region != region || self.outcomes.len() >= MEMO_MAX_ENTRIES {
            self.region.clear();
            self.region.push_str(region);
            self.outcomes.clear();
        }
    }

    fn classify(&mut self, input: &str, region: Option<PhoneRegion>, region_text: &str) -> Outcome {
        if let Some(known) = self.outcomes.get(input) {
            return known.clone();
        }
        let outcome = classify(input, region, region_text);
        if input.len() <= MAX_ENTRY_CHARS && self.outcomes.len() < MEMO_MAX_ENTRIES {
            self.outcomes.insert(input.to_owned(), outcome.clone());
        }
        outcome
    }
}

/// The canonical (upper-case) code when `raw` names a region phone numbers can be read for.
pub fn check_region(raw: &str) -> Result<String, FieldProblem> {
    match region_id(raw) {
        Some(id) => Ok(id.to_string()),
        None => Err(FieldProblem::new(
            Field::Members,
            crate::problem::InputProblem::RegionUnknown {
                input: shorten(raw.trim()),
            },
        )),
    }
}

/// English short name of a region code, e.g. `"GB"` → `"United Kingdom"`.
pub fn region_name(code: &str) -> Option<&'static str> {
    name_of(&code.trim().to_ascii_uppercase())
}

/// The codes of every region a default region can be, sorted: those libphonenumber has numbering rules for.
pub fn supported_regions() -> Vec<String> {
    REGION_NAMES
        .iter()
        .filter(|(code, _)| calling_code(code).is_some())
        .map(|(code, _)| (*code).to_owned())
        .collect()
}

/// Every supported region with its English name and calling code, sorted by code, for a country picker.
pub fn region_list() -> Vec<Region> {
    REGION_NAMES
        .iter()
        .filter_map(|(code, name)| {
            Some(Region {
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                calling_code: calling_code(code)?,
            })
        })
        .collect()
}

/// The calling code of a region libphonenumber has numbering rules for (`"GB"` → 44).
fn calling_code(code: &str) -> Option<u16> {
    numbering_region(code).and_then(|(_, calling)| u16::try_from(calling).ok())
}

/// The region a two-letter code names, with its calling code, when libphonenumber has numbering rules for it.
/// `Region` itself takes any two letters (`XX`) and `001` (non-geographic numbers), so both steps are needed.
fn numbering_region(code: &str) -> Option<(PhoneRegion, i32)> {
    let region = PhoneRegion::from_code(code).ok()?;
    let calling = PHONE_NUMBER_UTIL.get_country_code_for_region(region)?;
    Some((region, calling))
}

/// The region of a locale such as `en-GB`, `en_GB.UTF-8`, `de_DE@euro` or `zh-Hans-CN`, when it names one
/// that is supported; `None` for `fr`, `C`, `POSIX`, `es-419`.
pub fn region_from_locale(locale: &str) -> Option<String> {
    let tag = locale.split(['.', '@']).next()?;
    tag.split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .and_then(|part| check_region(part).ok())
}

/// Loads the phone-number database and compiles the patterns the first parse needs, so the first keystroke in
/// the members field does not pay for it. Optional; parsing works without it.
pub fn warm_up(default_region: &str) {
    let _ = parse_members("+12125550100\n+442079460958\n0", default_region);
}

/// The region `raw` names (two letters, any case), when libphonenumber has numbering rules for it.
fn region_id(raw: &str) -> Option<PhoneRegion> {
    let code = raw.trim();
    if code.len() != 2 {
        return None;
    }
    numbering_region(code).map(|(region, _)| region)
}

fn is_separator(c: char) -> bool {
    // Full-width and ideographic commas and semicolons come from CJK input methods.
    matches!(
        c,
        '\n' | '\r' | ',' | ';' | '\t' | '，' | '、' | '；' | '\u{2028}' | '\u{2029}' | '\u{85}'
    )
}

fn classify(
    input: &str,
    region: Option<PhoneRegion>,
    region_text: &str,
) -> (MemberKind, Result<String, String>) {
    if input.chars().count() > MAX_ENTRY_CHARS {
        return (
            MemberKind::Unknown,
            Err("Too long to be a phone number or an email address; check that the entries are separated by new \
                 lines or commas."
                .to_owned()),
        );
    }
    let bare = unwrap_decoration(input);
    if bare.contains('@') {
        return (MemberKind::Email, normalize_email(bare));
    }
    match phone_digits(bare) {
        Some((plus, digits)) => (
            MemberKind::Phone,
            normalize_phone(plus, &digits, region, region_text),
        ),
        None => (
            MemberKind::Unknown,
            Err("Not a phone number or an email address.".to_owned()),
        ),
    }
}

/// Takes the address out of what address books and mail clients put around it: `Ann <ann@example.com>`,
/// `"ann@example.com"`, `mailto:`, `tel:`.
fn unwrap_decoration(input: &str) -> &str {
    let mut s = input;
    if s.ends_with('>') {
        if let Some(open) = s.rfind('<') {
            s = s[open + 1..s.len() - 1].trim();
        }
    }
    for (open, close) in [('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’')] {
        if s.len() >= 2 && s.starts_with(open) && s.ends_with(close) {
            s = s[open.len_utf8()..s.len() - close.len_utf8()].trim();
            break;
        }
    }
    for scheme in ["mailto:", "tel:", "sms:", "imessage:"] {
        if s.len() > scheme.len()
            && s.is_char_boundary(scheme.len())
            && s[..scheme.len()].eq_ignore_ascii_case(scheme)
        {
            s = s[scheme.len()..].trim();
            break;
        }
    }
    s
}

/// The digits of something written like a phone number, and whether it started with `+`. `None` when a character
/// does not belong in a phone number (a letter, say): then it is not a phone number at all.
fn phone_digits(s: &str) -> Option<(bool, String)> {
    let mut plus = false;
    let mut digits = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(d) = ascii_digit(c) {
            digits.push(d);
        } else if c == '+' || c == '＋' {
            if plus || !digits.is_empty() {
                return None;
            }
            plus = true;
        } else if !is_phone_punctuation(c) {
            return None;
        }
    }
    if digits.is_empty() {
        None
    } else {
        Some((plus, digits))
    }
}

/// Digits from the scripts a pasted number is likely to be written in: ASCII, full-width (Japanese and Chinese
/// input methods), Arabic-Indic, Persian and Devanagari.
fn ascii_digit(c: char) -> Option<char> {
    let zero = match c {
        '0'..='9' => return Some(c),
        '０'..='９' => '０',
        '\u{660}'..='\u{669}' => '\u{660}',
        '\u{6f0}'..='\u{6f9}' => '\u{6f0}',
        '\u{966}'..='\u{96f}' => '\u{966}',
        _ => return None,
    };
    char::from_digit(c as u32 - zero as u32, 10)
}

fn is_phone_punctuation(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '.' | '(' | ')' | '/' | '[' | ']'
            | '\u{a0}' // no-break space
            | '\u{2000}'..='\u{200a}' // typographic spaces
            | '\u{2010}'..='\u{2015}' // hyphens and dashes
            | '\u{2212}' // minus sign
            | '\u{3000}' // ideographic space
            | '\u{30fc}' // katakana long vowel mark, typed as a dash in Japanese
            | '（' | '）' | '－' | '．'
            // Bidirectional marks that come along when a number is copied out of right-to-left text.
            | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

fn normalize_phone(
    plus: bool,
    digits: &str,
    region: Option<PhoneRegion>,
    region_text: &str,
) -> Result<String, String> {
    if digits.len() > MAX_PHONE_DIGITS {
        return Err("Not a valid phone number: too long. Check that the entries are separated by new lines or commas."
            .to_owned());
    }
    if plus {
        return international(digits);
    }
    let Some(region) = region else {
        // `00` is the international prefix in most of the world, so it can be read without a region.
        if let Some(rest) = digits.strip_prefix("00") {
            return international(rest);
        }
        return Err(format!(
            "Add the country code (for example +44) to this number: the default country “{}” isn't one this app \
             knows, so a number without a country code can't be read. Or choose a default country.",
            shorten(region_text.trim())
        ));
    };
    // The region's own rules come first: they know its international prefix (011 in the US, 0011 in Australia)
    // and its national prefix (the 0 of 020 in London).
    let national = PHONE_NUMBER_UTIL.parse(digits, Some(region));
    if let Ok(number) = &national {
        if PHONE_NUMBER_UTIL.is_valid_number(number) {
            return e164(number);
        }
    }
    // `00` as the international prefix, also where the region dials abroad otherwise.
    if let Some(rest) = digits.strip_prefix("00") {
        if let Ok(e164) = international(rest) {
            return Ok(e164);
        }
    }
    let mut reason = match national {
        Ok(number) => explain_invalid(&number, Some(region)),
        Err(error) => format!(
            "Not a valid phone number for {}: {}",
            describe_region(region),
            parse_problem(&error)
        ),
    };
    reason.push_str(". If it is from another country, start it with + and the country code.");
    Err(reason)
}

/// `digits` follow a `+` or an international prefix.
fn international(digits: &str) -> Result<String, String> {
    let text = format!("+{digits}");
    match PHONE_NUMBER_UTIL.parse(&text, None) {
        Ok(number) if PHONE_NUMBER_UTIL.is_valid_number(&number) => e164(&number),
        Ok(number) => Err(format!("{}.", explain_invalid(&number, None))),
        Err(ParseError::InvalidCountryCode) => Err(
            "Not a valid phone number: the digits after + don't start with a country code that exists.".to_owned(),
        ),
        Err(error) => Err(format!("Not a valid phone number: {}.", parse_problem(&error))),
    }
}

/// E.164 allows at most 15 digits with the country code. libphonenumber's metadata accepts some longer national
/// numbers (German ranges with direct-dial extensions go to 15 national digits, 17 with +49), which Blooio's
/// E.164 rule would refuse; they are refused here, where the operator can still fix them. (Found by fuzzing.)
///
/// At the other end, libphonenumber calls some very short numbers valid (German ranges such as `+49 1646`, found by
/// fuzzing); Blooio's E.164 members have at least 7 digits, so shorter ones are refused here too.
fn e164(number: &PhoneNumber) -> Result<String, String> {
    let text = PHONE_NUMBER_UTIL.format(number, PhoneNumberFormat::E164);
    if text.len() < 8 {
        return Err(
            "Not a valid phone number: too short for an international number (at least 7 digits with the country \
             code). Check for a missing digit."
                .to_owned(),
        );
    }
    if text.len() > 16 {
        return Err(
            "Not a valid phone number: more than the 15 digits an international number can have. Check for an \
             extension or a digit too many."
                .to_owned(),
        );
    }
    Ok(text.into_owned())
}

/// Why a number that parsed is not valid, naming the region it belongs to.
fn explain_invalid(number: &PhoneNumber, default_region: Option<PhoneRegion>) -> String {
    let code = number.country_code;
    // A number whose area code matches no region is described as one of the default region if the calling code
    // is the default region's, else as one of the main country for the calling code (+1: US, +44: GB).
    // Non-geographic numbers (+800, +882…) have no region and are described by their calling code.
    let region = PHONE_NUMBER_UTIL
        .get_region_for_number(number)
        .or_else(|| {
            default_region
                .filter(|r| PHONE_NUMBER_UTIL.get_country_code_for_region(*r) == Some(code))
        })
        .or_else(|| PHONE_NUMBER_UTIL.get_region_for_country_code(code))
        .filter(|r| *r != PhoneRegion::World);
    let (reason, national_len) = possible_number_reason(number, region);
    let problem = match reason {
        // Dialled locally without the area code, as people often write their own city's numbers.
        Ok(NumberLengthType::IsPossibleLocalOnly) => "too short: add the area code".to_owned(),
        Err(ValidationError::TooShort) => "too short".to_owned(),
        Err(ValidationError::TooLong) => "too long".to_owned(),
        Err(ValidationError::InvalidLength) => {
            format!("{national_len} digits is the wrong length there")
        }
        Ok(NumberLengthType::IsPossible) => {
            "no number there starts with these digits; check the area code".to_owned()
        }
        Err(ValidationError::InvalidCountryCode) => {
            "no number there starts with these digits".to_owned()
        }
    };
    match region {
        Some(r) => format!(
            "Not a valid phone number for {}: {problem}",
            describe_region(r)
        ),
        None => format!("Not a valid phone number for country code +{code}: {problem}"),
    }
}

/// libphonenumber's own length check, against the rules of the main country for the calling code (they hold the
/// lengths of every region that shares it). Returns the reason and the length of the national number it is about.
///
/// libphonenumber keeps a leading national prefix 0 in the number when the digits after it are too short to be a
/// number of their own (`07400 1234` in GB), and then the length can look possible. In a region whose numbers are
/// written nationally with that 0 in front, whoever wrote it meant the prefix, so the digits after it are checked
/// instead when that shows a length problem.
fn possible_number_reason(
    number: &PhoneNumber,
    region: Option<PhoneRegion>,
) -> (Result<NumberLengthType, ValidationError>, usize) {
    let reason = PHONE_NUMBER_UTIL.is_possible_number_with_reason(number);
    let national_len = number.get_national_significant_number().len();
    let kept_prefix = number.italian_leading_zero() && number.number_of_leading_zeros() == 1;
    if reason != Ok(NumberLengthType::IsPossible)
        || !kept_prefix
        || !region.is_some_and(writes_prefix_zero)
    {
        return (reason, national_len);
    }
    let without_prefix = PhoneNumber {
        italian_leading_zero: None,
        number_of_leading_zeros: None,
        ..number.clone()
    };
    match PHONE_NUMBER_UTIL.is_possible_number_with_reason(&without_prefix) {
        shorter @ (Ok(NumberLengthType::IsPossibleLocalOnly)
        | Err(ValidationError::TooShort | ValidationError::InvalidLength)) => {
            (shorter, national_len - 1)
        }
        _ => (reason, national_len),
    }
}

/// Whether the region writes its numbers nationally as 0 and the number (`0121 234 5678` for +44 121 234 5678),
/// as libphonenumber formats its example number; not where a leading 0 belongs to the number itself (Italy).
fn writes_prefix_zero(region: PhoneRegion) -> bool {
    let Ok(example) = PHONE_NUMBER_UTIL.get_example_number(region) else {
        return false;
    };
    if example.italian_leading_zero() {
        return false;
    }
    let national = PHONE_NUMBER_UTIL.format(&example, PhoneNumberFormat::National);
    let digits = national.bytes().filter(u8::is_ascii_digit);
    let expected = format!("0{}", example.national_number);
    digits.eq(expected.bytes())
}

fn parse_problem(error: &ParseError) -> &'static str {
    match error {
        // Only digits reach the parser, so "not a number" means too few of them.
        ParseError::NotANumber(NotANumberError::FailedToParseNumberAsInt(_)) => "check the digits",
        ParseError::NotANumber(_) | ParseError::TooShortNsn | ParseError::TooShortAfterIdd => {
            "too short"
        }
        ParseError::TooLongNsn => "too long",
        ParseError::InvalidCountryCode => "the country code doesn't exist",
    }
}

fn describe_region(id: PhoneRegion) -> String {
    let code = id.as_region_str();
    match name_of(&code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

fn normalize_email(s: &str) -> Result<String, String> {
    // iMessage handles are case-insensitive; one spelling keeps duplicates detectable.
    let lower = s.to_lowercase();
    if lower.chars().any(char::is_whitespace) {
        return Err("Not a valid email address: it has a space in it.".to_owned());
    }
    let options = Options::default()
        .with_required_tld()
        .without_domain_literal()
        .without_display_text();
    let address = EmailAddress::parse_with_options(&lower, options)
        .map_err(|error| format!("Not a valid email address: {}.", email_problem(&error)))?;
    // RFC 5322 allows far more than any iMessage handle uses (quoted local parts, UTF-8 local parts); what is
    // sent is the plain shape every system takes: an ASCII local part, and the domain in its ASCII form.
    let (local, domain) = (address.local_part(), address.domain());
    if !local.chars().all(is_plain_local_char) {
        return Err(
            "Not a valid email address: before the @ it can only have the letters a–z, digits and . _ + - \
             (and a few other symbols), without quotes or accents."
                .to_owned(),
        );
    }
    // An internationalised domain (ann@bücher.de) goes out as its ASCII form (xn--bcher-kva.de), the form
    // mail systems compare, so both spellings are one person.
    let domain =
        if domain.is_ascii() {
            domain.to_owned()
        } else {
            match url::Host::parse(domain) {
                Ok(url::Host::Domain(ascii)) => ascii,
                _ => return Err(
                    "Not a valid email address: the domain after the @ isn't a valid domain name."
                        .to_owned(),
                ),
            }
        };
    // RFC 5322 lets a domain hold any "atext" (`exa'mple.com`), but a domain that resolves is letters, digits and
    // hyphens between dots (RFC 1123), which is also what Blooio's plain-email rule expects. (Found by fuzzing.)
    let host_name = domain.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if !host_name {
        return Err(
            "Not a valid email address: the domain after the @ can only have letters, digits, hyphens and dots."
                .to_owned(),
        );
    }
    let tld = domain.rsplit('.').next().unwrap_or_default();
    let real_tld = (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        || (tld.len() > 4 && tld.starts_with("xn--"));
    if !real_tld {
        return Err(
            "Not a valid email address: the domain should end in a real top-level domain such as .com or .uk."
                .to_owned(),
        );
    }
    // The limits hold for what is sent: an internationalised domain grows in its ASCII form, so an address that
    // fits as typed can be too long once converted. (Found by fuzzing.)
    let address = format!("{local}@{domain}");
    if domain.len() > 253 || address.len() > 254 {
        return Err(
            "Not a valid email address: it is too long once its domain is written in the ASCII form it is sent in \
             (at most 254 characters)."
                .to_owned(),
        );
    }
    Ok(address)
}

/// RFC 5322 "atext" and the dot: what a plain (unquoted, ASCII) local part is made of.
fn is_plain_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c)
}

fn email_problem(error: &email_address::Error) -> &'static str {
    use email_address::Error as E;
    match error {
        E::LocalPartEmpty => "nothing comes before the @",
        E::DomainEmpty => "nothing comes after the @",
        E::DomainTooFew => "the part after the @ should be a domain such as example.com",
        E::SubDomainEmpty | E::DomainInvalidSeparator => {
            "the domain after the @ has a misplaced dot"
        }
        E::LocalPartTooLong | E::DomainTooLong | E::SubDomainTooLong => "it is too long",
        E::InvalidCharacter => {
            "it has a character email addresses can't have (a second @, a comma or a bracket?)"
        }
        E::UnsupportedDomainLiteral | E::InvalidIPAddress => {
            "use a domain name after the @, not an IP address"
        }
        E::UnbalancedQuotes | E::InvalidComment => "it has stray quotes or brackets",
        E::UnsupportedDisplayName
        | E::MissingDisplayName
        | E::MissingEndBracket
        | E::MissingSeparator => "write just the address, such as name@example.com",
    }
}

/// Keeps a quoted entry readable inside a sentence: at most 40 characters, and control characters shown as
/// their visible pictures (NUL as ␀, tab as ␉) so the operator can see what to remove and no invisible character
/// travels on into the UI's text.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    let visible = |c: char| match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    };
    if s.chars().count() <= MAX {
        s.chars().map(visible).collect()
    } else {
        let mut out: String = s.chars().take(MAX - 1).map(visible).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ok(normalised) or Err(fragment of the reason)
    type Want = Result<&'static str, &'static str>;

    fn check(region: &str, cases: &[(&str, Want)]) {
        for (input, want) in cases {
            let report = parse_members(input, region);
            assert_eq!(report.entries.len(), 1, "{region} {input:?}: {report:?}");
            let entry = &report.entries[0];
            match want {
                Ok(normalized) => {
                    assert_eq!(
                        entry.status,
                        MemberStatus::Ok,
                        "{region} {input:?}: {:?}",
                        entry.reason
                    );
                    assert_eq!(
                        entry.normalized.as_deref(),
                        Some(*normalized),
                        "{region} {input:?}"
                    );
                    assert_eq!(report.accepted, vec![normalized.to_string()]);
                }
                Err(fragment) => {
                    assert_eq!(
                        entry.status,
                        MemberStatus::Invalid,
                        "{region} {input:?}: {entry:?}"
                    );
                    let reason = entry.reason.as_deref().unwrap_or_default();
                    assert!(
                        reason.contains(fragment),
                        "{region} {input:?}: reason {reason:?} lacks {fragment:?}"
                    );
                    assert!(report.accepted.is_empty());
                }
            }
        }
    }

    #[test]
    fn us_numbers() {
        check(
            "US",
            &[
                ("(212) 555-0100", Ok("+12125550100")),
                ("212-555-0100", Ok("+12125550100")),
                ("212.555.0100", Ok("+12125550100")),
                ("212 555 0100", Ok("+12125550100")),
                ("2125550100", Ok("+12125550100")),
                ("1 212 555 0100", Ok("+12125550100")),
                ("1-212-555-0100", Ok("+12125550100")),
                ("+1 (212) 555-0100", Ok("+12125550100")),
                ("+12125550100", Ok("+12125550100")),
                ("011 44 20 7946 0958", Ok("+442079460958")),
                ("0044 20 7946 0958", Ok("+442079460958")),
                ("tel:+1-212-555-0100", Ok("+12125550100")),
                (
                    "555-0100",
                    Err("Not a valid phone number for United States (US): too short"),
                ),
                (
                    "212 555 01000 1",
                    Err("Not a valid phone number for United States (US): too long"),
                ),
                (
                    "+1 555 123 4567",
                    Err("United States (US): no number there starts with these digits"),
                ),
                ("12", Err("too short")),
                ("+1 212 555 0100 22", Err("too long")),
                // A national prefix written after the country code is dropped, as the 0 of +44 (0)20.
                ("+1 1 212 555 0100", Ok("+12125550100")),
            ],
        );
    }

    #[test]
    fn other_countries() {
        check(
            "GB",
            &[
                ("020 7946 0958", Ok("+442079460958")),
                ("07400 123456", Ok("+447400123456")),
                ("+44 (0)20 7946 0958", Ok("+442079460958")),
                ("0044 7400 123456", Ok("+447400123456")),
                ("+44 7400 123456", Ok("+447400123456")),
                (
                    "07700 900123",
                    Err("United Kingdom (GB): no number there starts with these digits"),
                ),
                (
                    "07400 1234",
                    Err("Not a valid phone number for United Kingdom (GB): too short"),
                ),
                // libphonenumber keeps this 0 as part of the number; it is still read as the prefix.
                ("+44 (0)7400 1234", Err("too short: add the area code")),
            ],
        );
        check(
            "FR",
            &[
                ("06 12 34 56 78", Ok("+33612345678")),
                ("06.12.34.56.78", Ok("+33612345678")),
                ("+33 6 12 34 56 78", Ok("+33612345678")),
                ("0033 6 12 34 56 78", Ok("+33612345678")),
                ("01 23 45 67 89", Ok("+33123456789")),
            ],
        );
        check(
            "DE",
            &[
                ("030 123456", Ok("+4930123456")),
                ("030/123456", Ok("+4930123456")),
                ("0151 23456789", Ok("+4915123456789")),
                ("+49 151 23456789", Ok("+4915123456789")),
                ("0049 30 123456", Ok("+4930123456")),
                ("030/1234567845678", Err("more than the 15 digits")),
                ("+49 30 1234567845678", Err("more than the 15 digits")),
                ("+49 1646", Err("too short for an international number")),
            ],
        );
        check(
            "IN",
            &[
                ("98765 43210", Ok("+919876543210")),
                ("098765 43210", Ok("+919876543210")),
                ("+91 98765 43210", Ok("+919876543210")),
                ("+91-98765-43210", Ok("+919876543210")),
                ("९८७६५ ४३२१०", Ok("+919876543210")),
                // Starts with India's calling code, and is still a national number.
                ("91234 56789", Ok("+919123456789")),
            ],
        );
        check(
            "BR",
            &[
                ("(11) 91234-5678", Ok("+5511912345678")),
                ("11 91234 5678", Ok("+5511912345678")),
                ("+55 11 91234-5678", Ok("+5511912345678")),
            ],
        );
        check(
            "JP",
            &[
                ("090-1234-5678", Ok("+819012345678")),
                ("03-1234-5678", Ok("+81312345678")),
                ("+81 90 1234 5678", Ok("+819012345678")),
                ("０９０－１２３４－５６７８", Ok("+819012345678")),
                ("010 44 20 7946 0958", Ok("+442079460958")),
            ],
        );
        check(
            "AU",
            &[
                ("0412 345 678", Ok("+61412345678")),
                ("0011 44 20 7946 0958", Ok("+442079460958")),
                // Every digit counts: 1300 numbers have ten digits.
                (
                    "1300 1234",
                    Err("Not a valid phone number for Australia (AU)"),
                ),
            ],
        );
        check("EG", &[("\u{200f}+٢٠ ١٠٠ ١٢٣ ٤٥٦٧", Ok("+201001234567"))]);
    }

    #[test]
    fn region_is_case_insensitive() {
        check("gb", &[("020 7946 0958", Ok("+442079460958"))]);
        check(" us ", &[("212-555-0100", Ok("+12125550100"))]);
    }

    #[test]
    fn unknown_region_keeps_international_numbers_and_refuses_national_ones() {
        for region in ["", "XX", "USA", "1", "zz"] {
            check(
                region,
                &[
                    ("+44 20 7946 0958", Ok("+442079460958")),
                    ("0044 20 7946 0958", Ok("+442079460958")),
                    ("a@example.com", Ok("a@example.com")),
                    (
                        "212-555-0100",
                        Err("Add the country code (for example +44)"),
                    ),
                ],
            );
        }
        assert!(check_region("XX").is_err());
        assert!(check_region("").is_err());
        assert_eq!(check_region(" gb").unwrap(), "GB");
    }

    #[test]
    fn emails() {
        check(
            "US",
            &[
                ("ann@example.com", Ok("ann@example.com")),
                ("Ann.Lee@Example.COM", Ok("ann.lee@example.com")),
                (
                    "ann+groups@mail.example.co.uk",
                    Ok("ann+groups@mail.example.co.uk"),
                ),
                ("Ann Lee <Ann@Example.com>", Ok("ann@example.com")),
                ("<ann@example.com>", Ok("ann@example.com")),
                ("\"ann@example.com\"", Ok("ann@example.com")),
                ("mailto:ann@example.com", Ok("ann@example.com")),
                (
                    "ann@",
                    Err("Not a valid email address: nothing comes after the @"),
                ),
                (
                    "@example.com",
                    Err("Not a valid email address: nothing comes before the @"),
                ),
                (
                    "ann@localhost",
                    Err("should be a domain such as example.com"),
                ),
                ("ann@@example.com", Err("Not a valid email address")),
                ("ann@example..com", Err("Not a valid email address")),
                ("ann lee@example.com", Err("it has a space in it")),
                ("ann@[127.0.0.1]", Err("Not a valid email address")),
                ("ann@bücher.de", Ok("ann@xn--bcher-kva.de")),
                ("ann@例え.jp", Ok("ann@xn--r8jz45g.jp")),
                ("ann@пример.рф", Ok("ann@xn--e1afmkfd.xn--p1ai")),
                ("jörg@example.com", Err("without quotes or accents")),
                ("用户@例子.广告", Err("without quotes or accents")),
                ("\"ann..lee\"@example.com", Err("without quotes or accents")),
                ("ann@gmail.c", Err("real top-level domain")),
                ("ann@example.123", Err("real top-level domain")),
                ("ann@1.2.3.4", Err("real top-level domain")),
                (
                    "bob@exa'mple.com",
                    Err("can only have letters, digits, hyphens and dots"),
                ),
                (
                    "ann@ex_ample.com",
                    Err("can only have letters, digits, hyphens and dots"),
                ),
                ("ann@example-.com", Err("Not a valid email address")),
                ("o'brien@example.com", Ok("o'brien@example.com")),
            ],
        );
    }

    #[test]
    fn an_address_too_long_only_in_its_ascii_form_is_refused() {
        // 252 characters as typed; the domain's ASCII form (xn--bcher-kva…) makes it 259. (Found by fuzzing.)
        let z = "z".repeat(60);
        let typed = format!("a@bücher.{z}.{z}.{z}.{}.com", "z".repeat(56));
        assert_eq!(typed.chars().count(), 252);
        let report = parse_members(&typed, "US");
        let entry = &report.entries[0];
        assert_eq!(entry.status, MemberStatus::Invalid);
        assert_eq!(
            entry.reason.as_deref(),
            Some(
                "Not a valid email address: it is too long once its domain is written in the ASCII form it is \
                 sent in (at most 254 characters)."
            )
        );
        // Two characters shorter in three labels still fits, and is sent in its ASCII form.
        let z = "z".repeat(58);
        let fits = format!("a@bücher.{z}.{z}.{z}.{}.com", "z".repeat(56));
        let report = parse_members(&fits, "US");
        assert!(report.accepted[0].starts_with("a@xn--bcher-kva."));
        assert!(report.accepted[0].len() <= 254);
    }

    #[test]
    fn not_phone_or_email() {
        check(
            "US",
            &[
                ("Ann", Err("Not a phone number or an email address.")),
                (
                    "call 212 555 0100",
                    Err("Not a phone number or an email address."),
                ),
                (
                    "1-800-FLOWERS",
                    Err("Not a phone number or an email address."),
                ),
                ("+", Err("Not a phone number or an email address.")),
                ("212+555", Err("Not a phone number or an email address.")),
                ("---", Err("Not a phone number or an email address.")),
            ],
        );
        let long = "9".repeat(1_000);
        let report = parse_members(&long, "US");
        assert_eq!(report.entries[0].status, MemberStatus::Invalid);
        assert!(report.entries[0]
            .reason
            .as_deref()
            .unwrap()
            .starts_with("Too long"));
        let report = parse_members(&"9".repeat(25), "US");
        assert!(report.entries[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("too long"));
    }

    fn check_draft_message(members: &str) -> String {
        let draft = crate::types::GroupDraft {
            name: "Team".into(),
            chat_guid: String::new(),
            members: members.into(),
            default_region: "US".into(),
        };
        crate::check_draft(&draft).problems[0].to_string()
    }

    #[test]
    fn quoted_entries_show_control_characters() {
        assert_eq!(
            shorten("+1 415\0 555\u{7}\u{7f}\u{9b}"),
            "+1 415␀ 555␇␡\u{fffd}"
        );
        assert_eq!(shorten(&"é".repeat(50)), format!("{}…", "é".repeat(39)));
        let report = check_draft_message("+1 415 555 2671\0");
        assert_eq!(
            report,
            "Fix or remove “+1 415 555 2671␀”: Not a phone number or an email address."
        );
    }

    #[test]
    fn splitting() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            (" \n , ;\t\n", &[]),
            ("a@example.com", &["a@example.com"]),
            (
                "a@example.com,b@example.com",
                &["a@example.com", "b@example.com"],
            ),
            (
                "a@example.com; b@example.com",
                &["a@example.com", "b@example.com"],
            ),
            (
                "a@example.com\r\nb@example.com\n\n",
                &["a@example.com", "b@example.com"],
            ),
            // A row pasted from a spreadsheet: cells separated by tabs.
            (
                "a@example.com\tb@example.com\t\tc@example.com",
                &["a@example.com", "b@example.com", "c@example.com"],
            ),
            (
                "a@example.com，b@example.com、c@example.com",
                &["a@example.com", "b@example.com", "c@example.com"],
            ),
            ("  (212) 555-0100 ,  ", &["(212) 555-0100"]),
        ];
        for (pasted, inputs) in cases {
            let report = parse_members(pasted, "US");
            let got: Vec<&str> = report.entries.iter().map(|e| e.input.as_str()).collect();
            assert_eq!(&got, inputs, "{pasted:?}");
        }
    }

    #[test]
    fn duplicates_differing_only_in_format() {
        let pasted = "(212) 555-0100\n+1 212 555 0100\nAnn@Example.com\n212.555.0100, ann@example.com\n+44 20 7946 0958\n0044 20 7946 0958";
        let report = parse_members(pasted, "US");
        let statuses: Vec<MemberStatus> = report.entries.iter().map(|e| e.status).collect();
        use MemberStatus::{Duplicate as D, Ok as O};
        assert_eq!(statuses, vec![O, D, O, D, D, O, D]);
        assert_eq!(
            report.accepted,
            vec!["+12125550100", "ann@example.com", "+442079460958"]
        );
        assert_eq!(
            report.entries[1].reason.as_deref(),
            Some("Same as entry 1 (“(212) 555-0100”): it will be added once.")
        );
        assert_eq!(
            report.entries[4].reason.as_deref(),
            Some("Same as entry 3 (“Ann@Example.com”): it will be added once.")
        );
        assert_eq!(report.entries[4].kind, MemberKind::Email);
        assert_eq!(
            report.entries[1].normalized.as_deref(),
            Some("+12125550100")
        );
        assert_eq!(report.duplicates().count(), 4);
    }

    #[test]
    fn invalid_entries_are_reported_not_dropped() {
        let report = parse_members("212-555-0100\nnot a number\n555-0100\nann@", "US");
        assert_eq!(report.entries.len(), 4);
        assert_eq!(report.accepted, vec!["+12125550100"]);
        let invalid: Vec<(&str, MemberKind)> = report
            .invalid()
            .map(|e| (e.input.as_str(), e.kind))
            .collect();
        assert_eq!(
            invalid,
            vec![
                ("not a number", MemberKind::Unknown),
                ("555-0100", MemberKind::Phone),
                ("ann@", MemberKind::Email)
            ]
        );
        assert!(report
            .invalid()
            .all(|e| e.normalized.is_none() && e.reason.is_some()));
    }

    #[test]
    fn ten_thousand_entries() {
        // Distinct valid numbers, every tenth one repeated in another format, and some junk.
        let mut pasted = String::new();
        for i in 0..10_000u32 {
            match i % 10 {
                9 => pasted.push_str(&format!("+1 212 555 {:04}\n", i - 2)),
                8 => pasted.push_str("nonsense\n"),
                _ => pasted.push_str(&format!("(212) 555-{:04}\n", i % 10_000)),
            }
        }
        let report = parse_members(&pasted, "US");
        assert_eq!(report.entries.len(), 10_000);
        assert_eq!(report.invalid().count(), 1_000);
        assert_eq!(report.duplicates().count(), 1_000);
        assert_eq!(report.accepted.len(), 8_000);
        assert_eq!(
            report.entries[9].reason.as_deref(),
            Some("Same as entry 8 (“(212) 555-0007”): it will be added once.")
        );
    }

    #[test]
    fn ten_thousand_entries_with_duplicates() {
        let pasted: String = (0..10_000u32)
            .map(|i| format!("212-555-{:04}\n", i % 5_000))
            .collect();
        let report = parse_members(&pasted, "US");
        assert_eq!(report.accepted.len(), 5_000);
        assert_eq!(report.duplicates().count(), 5_000);
        assert_eq!(
            report.entries[5_000].reason.as_deref(),
            Some("Same as entry 1 (“212-555-0000”): it will be added once.")
        );
    }

    #[test]
    fn one_huge_entry_does_not_hang() {
        let pasted = "x".repeat(2_000_000);
        let report = parse_members(&pasted, "US");
        assert_eq!(report.entries.len(), 1);
        assert_eq!(report.entries[0].status, MemberStatus::Invalid);
    }

    #[test]
    fn regions_from_locales() {
        let cases = [
            ("en-US", Some("US")),
            ("en-GB", Some("GB")),
            ("en_GB.UTF-8", Some("GB")),
            ("de_DE@euro", Some("DE")),
            ("zh-Hans-CN", Some("CN")),
            ("pt-br", Some("BR")),
            ("fr", None),
            ("C", None),
            ("POSIX", None),
            ("es-419", None),
            ("en-XX", None),
            ("", None),
        ];
        for (locale, want) in cases {
            assert_eq!(region_from_locale(locale).as_deref(), want, "{locale}");
        }
    }

    #[test]
    fn region_table_covers_the_phone_number_database() {
        // Non-geographic numbers (satellite, UIFN: "001") have no region to choose and are not listed here.
        for region in PHONE_NUMBER_UTIL.get_supported_regions() {
            let id = region.as_region_str();
            assert!(name_of(&id).is_some(), "no name for region {id}");
        }
        assert!(
            REGION_NAMES.windows(2).all(|w| w[0].0 < w[1].0),
            "REGION_NAMES must stay sorted"
        );
        assert_eq!(supported_regions().len(), REGION_NAMES.len());
        assert!(supported_regions().windows(2).all(|w| w[0] < w[1]));
        let regions = region_list();
        assert_eq!(regions.len(), REGION_NAMES.len());
        let gb = regions.iter().find(|r| r.code == "GB").unwrap();
        assert_eq!((gb.name.as_str(), gb.calling_code), ("United Kingdom", 44));
        assert_eq!(region_name("us"), Some("United States"));
    }
}
