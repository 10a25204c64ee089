//! Phone numbers: the digits of a number written in any familiar way, read with the default region's numbering
//! rules, normalised to E.164, and the reason when they can't be.

use rlibphonenumber::{
    NotANumberError, NumberLengthType, ParseError, PhoneNumber, PhoneNumberFormat,
    Region as PhoneRegion, ValidationError, PHONE_NUMBER_UTIL,
};

use super::wording::shorten;
use crate::rules::regions::name_of;

/// E.164 allows 15 digits; an international prefix such as `0011` adds a few.
const MAX_PHONE_DIGITS: usize = 20;

/// The digits of something written like a phone number, and whether it started with `+`. `None` when a character
/// does not belong in a phone number (a letter, say): then it is not a phone number at all.
pub(super) fn phone_digits(s: &str) -> Option<(bool, String)> {
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

pub(super) fn normalize_phone(
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

#[cfg(test)]
mod tests {
    use super::super::testing::check;

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
    }
}
