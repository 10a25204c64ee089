//! How entries are quoted inside the sentences the members rules produce.

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
}
