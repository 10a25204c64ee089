//! Cutting a pasted list into entries: whatever a spreadsheet, an address book or a CJK input method puts
//! between them.

/// The entries of a pasted list, trimmed, empty ones skipped, in input order.
pub(super) fn entries(pasted: &str) -> impl Iterator<Item = &str> {
    pasted
        .split(is_separator)
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
}

fn is_separator(c: char) -> bool {
    // Full-width and ideographic commas and semicolons come from CJK input methods.
    matches!(
        c,
        '\n' | '\r' | ',' | ';' | '\t' | '，' | '、' | '；' | '\u{2028}' | '\u{2029}' | '\u{85}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let got: Vec<&str> = entries(pasted).collect();
            assert_eq!(&got, inputs, "{pasted:?}");
        }
    }
}
