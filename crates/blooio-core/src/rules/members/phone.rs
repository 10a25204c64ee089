//! Phone numbers: the digits of a number written in any familiar way, read with the default region's numbering
//! rules, normalised to E.164, and the reason when they can't be.

use std::borrow::Cow;

use rlibphonenumber::{
    NotANumberError, NumberLengthType, ParseError, PhoneNumber, PhoneNumberFormat,
    Region as PhoneRegion, ValidationError, PHONE_NUMBER_UTIL,
};

use super::entry::Accepted;
use super::problem::{MemberProblem, NumberPlace};
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

/// Reads the digits of a phone number. A number in a range libphonenumber knows is accepted as it is; one whose
/// length is possible where it belongs but that is in no known range is accepted with a warning, because
/// libphonenumber's range metadata lags behind real allocations and Blooio asks only for E.164; everything
/// else is refused with the reason.
pub(super) fn normalize_phone(
    plus: bool,
    digits: &str,
    region: Option<PhoneRegion>,
    region_text: &str,
) -> Result<Accepted, MemberProblem> {
    if digits.len() > MAX_PHONE_DIGITS {
        return Err(MemberProblem::PhoneFarTooLong);
    }
    if plus {
        return international(digits);
    }
    let Some(region) = region else {
        // `00` is the international prefix in most of the world, so it can be read without a region.
        if let Some(rest) = digits.strip_prefix("00") {
            return international(rest);
        }
        return Err(MemberProblem::PhoneNeedsCountryCode {
            default_region: shorten(region_text.trim()),
        });
    };
    // The region's own rules come first: they know its international prefix (011 in the US, 0011 in Australia)
    // and its national prefix (the 0 of 020 in London).
    let national = PHONE_NUMBER_UTIL.parse(digits, Some(region));
    if let Ok(number) = &national {
        if PHONE_NUMBER_UTIL.is_valid_number(number) {
            return e164(number).map(Accepted::plain);
        }
    }
    // `00` as the international prefix, also where the region dials abroad otherwise.
    let abroad = digits
        .strip_prefix("00")
        .and_then(|rest| PHONE_NUMBER_UTIL.parse(format!("+{rest}"), None).ok());
    if let Some(number) = &abroad {
        if PHONE_NUMBER_UTIL.is_valid_number(number) {
            if let Ok(e164) = e164(number) {
                return Ok(Accepted::plain(e164));
            }
        }
    }
    // In no known range either way: a possible length is enough, read in the same order.
    let national = match national {
        Ok(number) => outside_known_ranges(&number, Some(region), true),
        Err(error) => Err(parse_problem(&error, Some(place_of_region(region)), true)),
    };
    if national.is_ok() {
        return national;
    }
    if let Some(Ok(accepted)) = abroad.map(|number| outside_known_ranges(&number, None, false)) {
        return Ok(accepted);
    }
    national
}

/// `digits` follow a `+` or an international prefix.
fn international(digits: &str) -> Result<Accepted, MemberProblem> {
    match PHONE_NUMBER_UTIL.parse(format!("+{digits}"), None) {
        Ok(number) if PHONE_NUMBER_UTIL.is_valid_number(&number) => {
            e164(&number).map(Accepted::plain)
        }
        Ok(number) => outside_known_ranges(&number, None, false),
        Err(ParseError::InvalidCountryCode) => Err(MemberProblem::PhoneUnknownCountryCode {
            place: None,
            national: false,
        }),
        Err(error) => Err(parse_problem(&error, None, false)),
    }
}

/// E.164 allows at most 15 digits with the country code. libphonenumber's metadata accepts some longer national
/// numbers (German ranges with direct-dial extensions go to 15 national digits, 17 with +49), which Blooio's
/// E.164 rule would refuse; they are refused here, where the operator can still fix them. (Found by fuzzing.)
///
/// At the other end, libphonenumber calls some very short numbers valid (German ranges such as `+49 1646`, found by
/// fuzzing); Blooio's E.164 members have at least 7 digits, so shorter ones are refused here too.
fn e164(number: &PhoneNumber) -> Result<String, MemberProblem> {
    let text = PHONE_NUMBER_UTIL.format(number, PhoneNumberFormat::E164);
    if text.len() < 8 {
        return Err(MemberProblem::PhoneFewerThan7Digits);
    }
    if text.len() > 16 {
        return Err(MemberProblem::PhoneMoreThan15Digits);
    }
    Ok(text.into_owned())
}

/// A number that parsed but that libphonenumber doesn't call valid as it came out of the parser: read as its
/// writer meant it, then accepted as it is when that is valid, with a warning when only its length is possible
/// where it belongs, else refused with what is wrong with its length.
fn outside_known_ranges(
    number: &PhoneNumber,
    default_region: Option<PhoneRegion>,
    national: bool,
) -> Result<Accepted, MemberProblem> {
    let region = region_of(number, default_region);
    let place = match region {
        Some(region) => place_of_region(region),
        None => NumberPlace::CallingCode {
            calling_code: number.country_code.unsigned_abs(),
        },
    };
    let refused = Some(place.clone());
    let Some(number) = as_meant(number, region) else {
        return Err(MemberProblem::PhoneNoSuchNumbers {
            place: refused,
            national,
        });
    };
    if PHONE_NUMBER_UTIL.is_valid_number(&number) {
        return e164(&number).map(Accepted::plain);
    }
    let reason = PHONE_NUMBER_UTIL.is_possible_number_with_reason(&number);
    let national_len = number.get_national_significant_number().len();
    match reason {
        Ok(NumberLengthType::IsPossible) => to_check(&number, place),
        // Dialled locally without the area code, as people often write their own city's numbers.
        Ok(NumberLengthType::IsPossibleLocalOnly) => Err(MemberProblem::PhoneAddAreaCode {
            place: refused,
            national,
        }),
        Err(ValidationError::TooShort) => Err(MemberProblem::PhoneTooShort {
            place: refused,
            national,
        }),
        Err(ValidationError::TooLong) => Err(MemberProblem::PhoneTooLong {
            place: refused,
            national,
        }),
        Err(ValidationError::InvalidLength) => Err(MemberProblem::PhoneWrongLength {
            place: refused,
            national,
            digits: u32::try_from(national_len).unwrap_or(u32::MAX),
        }),
        Err(ValidationError::InvalidCountryCode) => Err(MemberProblem::PhoneNoSuchNumbers {
            place: refused,
            national,
        }),
    }
}

/// A number of a possible length in no known range: sent, with the warning. What is sent must read back as itself
/// (normalising twice changes nothing, and a duplicate written in E.164 is found): where libphonenumber keeps
/// leading 0s that it drops, one at a time, when reading the E.164 form back (`0033 6 91234 9` in Brazil came
/// out as `+550336912349` and read back as `+55336912349`; found by fuzzing), the number is the one it settles on,
/// sent with a warning that shows it, since the operator's digits are not all in it.
fn to_check(number: &PhoneNumber, place: NumberPlace) -> Result<Accepted, MemberProblem> {
    // Each reading drops at most one leading 0, and E.164 has at most 15 digits.
    const MAX_READINGS: usize = 16;
    let mut number = Cow::Borrowed(number);
    let mut e164 = e164(&number)?;
    let first_e164 = e164.clone();
    let mut settled = false;
    for _ in 0..MAX_READINGS {
        let Ok(again) = PHONE_NUMBER_UTIL.parse(&e164, None) else {
            break;
        };
        let again_e164 = self::e164(&again)?;
        if again_e164 == e164 {
            settled = true;
            break;
        }
        (number, e164) = (Cow::Owned(again), again_e164);
    }
    let unread = || MemberProblem::PhoneNoSuchNumbers {
        place: Some(place.clone()),
        national: false,
    };
    if !settled {
        return Err(unread());
    }
    let valid = PHONE_NUMBER_UTIL.is_valid_number(&number);
    if !valid
        && PHONE_NUMBER_UTIL.is_possible_number_with_reason(&number)
            != Ok(NumberLengthType::IsPossible)
    {
        return Err(unread());
    }
    if e164 != first_e164 {
        // Digits the operator wrote are dropped on the way to the number sent: worth a look even when the number
        // sent is in a known range.
        return Ok(Accepted {
            warning: Some(Box::new(MemberProblem::PhoneReadDifferently {
                sent: written(&number),
                e164: e164.clone(),
                place,
            })),
            normalized: e164,
        });
    }
    if valid {
        return Ok(Accepted::plain(e164));
    }
    Ok(Accepted {
        warning: Some(Box::new(MemberProblem::PhoneNotInKnownRange {
            number: written(&number),
            e164: e164.clone(),
            place,
        })),
        normalized: e164,
    })
}

/// Grouped as people read a number out; libphonenumber's international format joins some groups with dashes
/// (+1 555-123-4567).
fn written(number: &PhoneNumber) -> String {
    PHONE_NUMBER_UTIL
        .format(number, PhoneNumberFormat::International)
        .replace('-', " ")
}

/// The region a number belongs to. A number whose area code matches no region is taken as one of the default
/// region if the calling code is the default region's, else as one of the main country for the calling code
/// (+1: US, +44: GB). Non-geographic numbers (+800, +882…) have no region.
fn region_of(number: &PhoneNumber, default_region: Option<PhoneRegion>) -> Option<PhoneRegion> {
    let code = number.country_code;
    PHONE_NUMBER_UTIL
        .get_region_for_number(number)
        .or_else(|| {
            default_region
                .filter(|r| PHONE_NUMBER_UTIL.get_country_code_for_region(*r) == Some(code))
        })
        .or_else(|| PHONE_NUMBER_UTIL.get_region_for_country_code(code))
        .filter(|r| *r != PhoneRegion::World)
}

/// The number its writer meant. libphonenumber keeps a leading national prefix 0 in the number when the digits
/// after it are too short to be a number of their own (`07400 1234` in GB); then the length can look possible, and
/// the E.164 form would carry the 0 (`+610345678` for `0034 5678` in Australia, found by fuzzing), which is no
/// number and reads back as another one. In a region whose numbers are written nationally with that 0 in front,
/// whoever wrote it meant the prefix, so the number is the digits after it; `None` when those start with 0 too,
/// as no number there does.
fn as_meant(number: &PhoneNumber, region: Option<PhoneRegion>) -> Option<PhoneNumber> {
    if !number.italian_leading_zero() || !region.is_some_and(writes_prefix_zero) {
        return Some(number.clone());
    }
    if number.number_of_leading_zeros() != 1 {
        return None;
    }
    Some(PhoneNumber {
        italian_leading_zero: None,
        number_of_leading_zeros: None,
        ..number.clone()
    })
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

fn parse_problem(error: &ParseError, place: Option<NumberPlace>, national: bool) -> MemberProblem {
    match error {
        // Only digits reach the parser, so "not a number" means too few of them.
        ParseError::NotANumber(NotANumberError::FailedToParseNumberAsInt(_)) => {
            MemberProblem::PhoneCheckDigits { place, national }
        }
        ParseError::NotANumber(_) | ParseError::TooShortNsn | ParseError::TooShortAfterIdd => {
            MemberProblem::PhoneTooShort { place, national }
        }
        ParseError::TooLongNsn => MemberProblem::PhoneTooLong { place, national },
        ParseError::InvalidCountryCode => {
            MemberProblem::PhoneUnknownCountryCode { place, national }
        }
    }
}

fn place_of_region(id: PhoneRegion) -> NumberPlace {
    let code = id.as_region_str().to_string();
    let name = name_of(&code).map_or_else(|| code.clone(), str::to_owned);
    NumberPlace::Region { code, name }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, check_warned};
    use crate::rules::members::{parse_members, MemberProblem, NumberPlace};
    use crate::types::MemberStatus;

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

    #[test]
    fn numbers_in_no_known_range_are_sent_with_a_warning() {
        const US_555: &str =
            "+1 555 123 4567 is not a number range known in the United States: check it before sending.";
        check_warned(
            "US",
            &[
                // The example in Blooio's documentation: fictional, and what Blooio accepts.
                ("+15551234567", "+15551234567", US_555),
                ("+1 (555) 123-4567", "+15551234567", US_555),
                ("555 123 4567", "+15551234567", US_555),
                (
                    "+15559876543",
                    "+15559876543",
                    "+1 555 987 6543 is not a number range known in the United States: check it before sending.",
                ),
                // An area code newer than libphonenumber's metadata (624, a New York overlay). Should an update
                // of the metadata learn it, this row fails: pick another code the metadata lacks.
                (
                    "(624) 212-3456",
                    "+16242123456",
                    "+1 624 212 3456 is not a number range known in the United States: check it before sending.",
                ),
                (
                    "011 44 7700 900123",
                    "+447700900123",
                    "+44 7700 900123 is not a number range known in the United Kingdom: check it before sending.",
                ),
                (
                    "+882 1234 5678",
                    "+88212345678",
                    "+882 12345678 is not a number range known for country code +882: check it before sending.",
                ),
            ],
        );
        // Ofcom's range for drama, never allocated; national, with 00, and with the (0) habit.
        let drama = "+44 7700 900123 is not a number range known in the United Kingdom: check it before sending.";
        check_warned(
            "GB",
            &[
                ("07700 900123", "+447700900123", drama),
                ("0044 7700 900123", "+447700900123", drama),
                ("+44 (0)7700 900123", "+447700900123", drama),
            ],
        );
        // Australia allows numbers from 5 to 12 digits, so a short one is sent, to check.
        check_warned(
            "AU",
            &[(
                "1300 1234",
                "+6113001234",
                "+61 13001234 is not a number range known in Australia: check it before sending.",
            )],
        );
        // A 0 libphonenumber keeps after 00 is the national prefix: the number sent is the one after it, and it
        // reads back as itself. (Found by fuzzing: it went out as +610345678.)
        check_warned(
            "AU",
            &[(
                "0034 5678",
                "+61345678",
                "+61 345678 is not a number range known in Australia: check it before sending.",
            )],
        );
        assert_eq!(parse_members("+61345678", "US").accepted, vec!["+61345678"]);
        // The same for a 0 libphonenumber keeps where the region's national format has none (Brazil).
        let report = parse_members("0033 6) 91234-9", "BR");
        assert_eq!(report.entries[0].status, MemberStatus::Check);
        assert_eq!(report.accepted, vec!["+55336912349"]);
        assert_eq!(
            parse_members("+55336912349", "BR").accepted,
            report.accepted
        );
        // Written internationally, it needs no default country.
        check_warned("ZZ", &[("+1 555 123 4567", "+15551234567", US_555)]);
    }

    /// Where reading the number back drops digits the operator wrote, the number sent is the one it settles on
    /// and the warning shows it, whether or not that number is in a known range.
    #[test]
    fn a_number_read_differently_is_sent_with_a_warning_that_shows_it() {
        let report = parse_members("+375 88800000", "US");
        assert_eq!(report.entries[0].status, MemberStatus::Check);
        assert_eq!(report.accepted, vec!["+375800000"]);
        assert_eq!(
            report.entries[0].reason().as_deref(),
            Some(
                "Read as +375 800 000 in Belarus, which is the number that will be sent: check it before \
                 sending."
            )
        );
        let report = parse_members("0033 6) 91234-9", "BR");
        match &report.entries[0].problem {
            Some(MemberProblem::PhoneReadDifferently { sent, e164, .. }) => {
                assert_eq!(e164, "+55336912349");
                assert_eq!(sent, "+55 336912349", "{report:?}");
            }
            other => panic!("{other:?}"),
        }
        // The number sent, written as it is sent, is plainly valid: nothing to check.
        assert_eq!(
            parse_members("+375800000", "US").entries[0].status,
            MemberStatus::Ok
        );
    }

    #[test]
    fn the_warning_carries_its_arguments() {
        let report = parse_members("+1 555 123 4567", "GB");
        assert_eq!(
            report.entries[0].problem,
            Some(MemberProblem::PhoneNotInKnownRange {
                number: "+1 555 123 4567".into(),
                e164: "+15551234567".into(),
                place: NumberPlace::Region {
                    code: "US".into(),
                    name: "United States".into()
                },
            })
        );
        let refused = parse_members("555-0100", "US");
        assert_eq!(
            refused.entries[0].problem,
            Some(MemberProblem::PhoneAddAreaCode {
                place: Some(NumberPlace::Region {
                    code: "US".into(),
                    name: "United States".into()
                }),
                national: true,
            })
        );
    }

    #[test]
    fn what_cannot_be_a_number_is_still_refused() {
        let too_many = "9".repeat(25);
        let cases = [
            ("US", "555-0100", "PhoneAddAreaCode"),
            ("US", "+1 212 555 01", "PhoneTooShort"),
            ("US", "+1 212 555 0100 22", "PhoneTooLong"),
            ("US", "+999 1234567", "PhoneUnknownCountryCode"),
            ("US", "011 999 1234567", "PhoneUnknownCountryCode"),
            ("DE", "+49 1646", "PhoneFewerThan7Digits"),
            ("DE", "030/1234567845678", "PhoneMoreThan15Digits"),
            ("US", &too_many, "PhoneFarTooLong"),
            ("US", "1-800-FLOWERS", "MemberNotPhoneOrEmail"),
            ("XX", "555 123 4567", "PhoneNeedsCountryCode"),
        ];
        for (region, input, code) in cases {
            let report = parse_members(input, region);
            let entry = &report.entries[0];
            assert_eq!(
                entry.status,
                MemberStatus::Invalid,
                "{region} {input}: {entry:?}"
            );
            let problem = serde_json::to_value(&entry.problem).unwrap_or_default();
            assert_eq!(problem["code"], code, "{region} {input}: {problem}");
            assert!(report.accepted.is_empty());
        }
    }
}
