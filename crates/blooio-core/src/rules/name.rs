//! The group name: required, trimmed, at most 255 characters, no control characters.

use crate::problem::InputProblem;
use crate::types::{Field, FieldProblem};

/// Blooio's documented limit. Counted in Unicode scalar values (Rust `char`s), not bytes: "é" is one, "👍" is one,
/// and a family emoji built with zero-width joiners is several.
pub const NAME_MAX_CHARS: usize = 255;

/// Returns the trimmed name, or the problem with it.
pub fn check_name(raw: &str) -> Result<String, FieldProblem> {
    let name = raw.trim();
    if name.is_empty() {
        let problem = if raw.is_empty() {
            InputProblem::NameMissing
        } else {
            InputProblem::NameBlank
        };
        return Err(FieldProblem::new(Field::Name, problem));
    }
    if let Some(c) = name.chars().find(|c| is_forbidden(*c)) {
        return Err(FieldProblem::new(
            Field::Name,
            InputProblem::NameControlCharacter {
                code_point: u32::from(c),
            },
        ));
    }
    let chars = name.chars().count();
    if chars > NAME_MAX_CHARS {
        return Err(FieldProblem::new(
            Field::Name,
            InputProblem::NameTooLong {
                chars: u32::try_from(chars).unwrap_or(u32::MAX),
                max: NAME_MAX_CHARS as u32,
            },
        ));
    }
    Ok(name.to_owned())
}

/// C0 and C1 controls (NUL, tab, newline, DEL, …) and the Unicode line and paragraph separators: none of them can
/// be seen in a chat title and a stray one usually comes from a careless paste. Format characters such as the
/// zero-width joiner are allowed, because emoji sequences and right-to-left text need them.
fn is_forbidden(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeat(s: &str, n: usize) -> String {
        s.repeat(n)
    }

    #[test]
    fn names() {
        // (what, input, Ok(expected trimmed name) or Err(part of the message))
        let exactly_255_emoji = repeat("👍", 255);
        let too_long_emoji = repeat("👍", 256);
        let long_ascii = repeat("a", 255);
        let combining = format!("{}{}", repeat("e\u{301}", 127), "x"); // 255 chars: 127 × (e + combining acute) + x
        let combining_over = repeat("e\u{301}", 128); // 256 chars though it looks like 128 letters
        let cjk = repeat("群", 255);
        let cjk_over = repeat("群", 256);
        let cases: Vec<(&str, String, Result<String, &str>)> = vec![
            ("plain", "Team".into(), Ok("Team".into())),
            ("trimmed", "  Team Blue \n".into(), Ok("Team Blue".into())),
            ("inner spaces kept", "A  B".into(), Ok("A  B".into())),
            ("empty", "".into(), Err("Enter a name for the group.")),
            ("blank", "   \t\n ".into(), Err("can't be only spaces")),
            (
                "nbsp only",
                "\u{a0}\u{3000}".into(),
                Err("can't be only spaces"),
            ),
            ("255 ascii", long_ascii.clone(), Ok(long_ascii)),
            ("256 ascii", repeat("a", 256), Err("it has 256, 1 too many")),
            (
                "255 emoji (1020 bytes)",
                exactly_255_emoji.clone(),
                Ok(exactly_255_emoji),
            ),
            ("256 emoji", too_long_emoji, Err("255 characters or fewer")),
            ("255 with combining marks", combining.clone(), Ok(combining)),
            (
                "combining marks count as characters",
                combining_over,
                Err("it has 256"),
            ),
            ("255 CJK", cjk.clone(), Ok(cjk)),
            ("256 CJK", cjk_over, Err("it has 256")),
            (
                "RTL text",
                "  فريق المبيعات ".into(),
                Ok("فريق المبيعات".into()),
            ),
            ("Hebrew with digits", "צוות 2".into(), Ok("צוות 2".into())),
            (
                "ZWJ emoji sequence",
                "Family 👨‍👩‍👧".into(),
                Ok("Family 👨‍👩‍👧".into()),
            ),
            ("NUL", "Team\0Blue".into(), Err("NUL character (U+0000)")),
            ("leading NUL is not trimmed", "\0Team".into(), Err("U+0000")),
            (
                "inner newline",
                "Team\nBlue".into(),
                Err("Remove the line break"),
            ),
            ("inner CR", "Team\rBlue".into(), Err("line break")),
            ("inner tab", "Team\tBlue".into(), Err("Remove the tab")),
            ("bell", "Team\u{7}".into(), Err("U+0007")),
            ("DEL", "Te\u{7f}am".into(), Err("U+007F")),
            ("C1 control", "Te\u{9b}am".into(), Err("U+009B")),
            (
                "line separator",
                "Team\u{2028}Blue".into(),
                Err("line break"),
            ),
        ];
        for (what, input, expected) in cases {
            match (check_name(&input), expected) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{what}"),
                (Err(problem), Err(fragment)) => {
                    assert_eq!(problem.field, Field::Name, "{what}");
                    assert!(
                        problem.to_string().contains(fragment),
                        "{what}: message {:?} lacks {fragment:?}",
                        problem
                    );
                }
                (got, want) => panic!("{what}: got {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn the_limit_is_characters_not_bytes() {
        let name = repeat("é", NAME_MAX_CHARS);
        assert_eq!(name.len(), 2 * NAME_MAX_CHARS);
        assert!(check_name(&name).is_ok());
    }
}
