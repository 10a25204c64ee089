//! Cutting a pasted list into entries: whatever a spreadsheet, an address book or a CJK input method puts
//! between them. Also where each entry sits (its line, as the operator sees the text), and the list rebuilt
//! without some of its entries, the rest kept as typed.

use std::ops::Range;

/// The entries of a pasted list, trimmed, empty ones skipped, in input order.
#[cfg(test)]
pub(super) fn entries(pasted: &str) -> impl Iterator<Item = &str> {
    spans(pasted).map(|span| &pasted[span.range])
}

/// An entry of a pasted list: where it is (trimmed, in bytes) and its line, from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Span {
    pub range: Range<usize>,
    pub line: u32,
}

/// The entries of a pasted list as [`entries`] yields them, with where each one is.
pub(super) fn spans(pasted: &str) -> impl Iterator<Item = Span> + '_ {
    let mut line: u32 = 1;
    let mut start = 0usize;
    let mut previous = '\0';
    let mut chars = pasted
        .char_indices()
        .chain(std::iter::once((pasted.len(), '\n')));
    std::iter::from_fn(move || {
        for (at, c) in chars.by_ref() {
            if !is_separator(c) {
                previous = c;
                continue;
            }
            let piece = &pasted[start..at];
            let entry_line = line;
            // "\r\n" is one line break; a lone "\r" (old Macs) is one too.
            if is_line_break(c) && !(c == '\n' && previous == '\r') {
                line = line.saturating_add(1);
            }
            previous = c;
            let from = start;
            start = at + c.len_utf8();
            let trimmed = piece.trim_start();
            let lead = piece.len() - trimmed.len();
            let trimmed = trimmed.trim_end();
            if !trimmed.is_empty() {
                return Some(Span {
                    range: from + lead..from + lead + trimmed.len(),
                    line: entry_line,
                });
            }
        }
        None
    })
}

fn is_separator(c: char) -> bool {
    // Full-width and ideographic commas and semicolons come from CJK input methods.
    is_line_break(c) || matches!(c, ',' | ';' | '\t' | '，' | '、' | '；')
}

/// What starts a new line in the members field.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

/// The pasted list without the entries `remove` picks (by their position among the entries, from 0), everything
/// else as typed: an entry goes with the separator after it (or, last on its line, the one before it), and a
/// line left with no entries goes with its line break. Lines that had no entries (blank ones) stay.
pub(super) fn without_entries(pasted: &str, mut remove: impl FnMut(usize) -> bool) -> String {
    let all: Vec<(Span, bool)> = spans(pasted)
        .enumerate()
        .map(|(i, span)| (span, remove(i)))
        .collect();
    if !all.iter().any(|(_, removed)| *removed) {
        return pasted.to_owned();
    }
    let mut out = String::with_capacity(pasted.len());
    let mut at = 0usize; // the next byte of `pasted` not yet copied or skipped
    let mut i = 0usize;
    while i < all.len() {
        // The entries of one line: [i, j).
        let line = all[i].0.line;
        let mut j = i;
        while j < all.len() && all[j].0.line == line {
            j += 1;
        }
        let on_line = &all[i..j];
        let line_start = line_start_before(pasted, on_line[0].0.range.start);
        let (line_end, break_end) = line_end_after(pasted, on_line[on_line.len() - 1].0.range.end);
        if on_line.iter().all(|(_, removed)| *removed) {
            out.push_str(&pasted[at..line_start]);
            if break_end == line_end && out.ends_with(is_line_break) {
                // The last line went: so does the break that led to it, unless the text ended with one.
                let cut = last_break_start(&out);
                out.truncate(cut);
            }
            at = break_end;
        } else {
            for (k, (span, removed)) in on_line.iter().enumerate() {
                if !removed {
                    continue;
                }
                let kept_after = on_line[k + 1..].iter().any(|(_, r)| !r);
                let (from, to) = if kept_after {
                    // Up to the next entry kept, which keeps its place and the separator before it goes with us.
                    let next_kept = on_line[k + 1..]
                        .iter()
                        .find(|(_, r)| !r)
                        .map_or(line_end, |(s, _)| s.range.start);
                    (span.range.start, next_kept)
                } else {
                    // From the last kept entry's end: the separators between it and us go with us,
                    let prev_kept_end = on_line[..k]
                        .iter()
                        .rev()
                        .find(|(_, r)| !r)
                        .map_or(line_start, |(s, _)| s.range.end);
                    // and so do the entries after us, all removed.
                    (prev_kept_end, on_line[on_line.len() - 1].0.range.end)
                };
                if from < at {
                    continue; // already skipped along with an earlier entry
                }
                out.push_str(&pasted[at..from]);
                at = to;
                if !kept_after {
                    break;
                }
            }
        }
        i = j;
    }
    out.push_str(&pasted[at..]);
    out
}

/// Where the line holding byte `at` starts.
fn line_start_before(pasted: &str, at: usize) -> usize {
    pasted[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| is_line_break(*c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Where the line holding byte `at` ends, and where its line break ("\r\n" as one) ends.
fn line_end_after(pasted: &str, at: usize) -> (usize, usize) {
    match pasted[at..].char_indices().find(|(_, c)| is_line_break(*c)) {
        None => (pasted.len(), pasted.len()),
        Some((i, c)) => {
            let end = at + i;
            let mut after = end + c.len_utf8();
            if c == '\r' && pasted[after..].starts_with('\n') {
                after += 1;
            }
            (end, after)
        }
    }
}

/// Where the line break that ends `text` starts ("\r\n" as one).
fn last_break_start(text: &str) -> usize {
    let Some(c) = text.chars().next_back() else {
        return 0;
    };
    let mut start = text.len() - c.len_utf8();
    if c == '\n' && text[..start].ends_with('\r') {
        start -= 1;
    }
    start
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

    #[test]
    fn lines_as_the_operator_sees_them() {
        let lines = |pasted: &str| -> Vec<u32> { spans(pasted).map(|s| s.line).collect() };
        assert_eq!(
            lines("a, b\nc\r\n\r\nd\re;f\u{2028}g"),
            vec![1, 1, 2, 4, 5, 5, 6]
        );
        let pasted = "  x ,y\n\n z";
        let got: Vec<&str> = spans(pasted).map(|s| &pasted[s.range]).collect();
        assert_eq!(got, vec!["x", "y", "z"]);
    }

    #[test]
    fn removing_entries_keeps_the_rest_as_typed() {
        // (pasted, entries removed by position, what is left)
        let cases: &[(&str, &[usize], &str)] = &[
            ("a\nb\nc", &[], "a\nb\nc"),
            ("a\nb\nc", &[1], "a\nc"),
            ("a\nb\nc", &[0], "b\nc"),
            ("a\nb\nc", &[2], "a\nb"),
            ("a\nb\nc\n", &[2], "a\nb\n"),
            ("a\r\nb\r\nc", &[1], "a\r\nc"),
            ("a\r\nb\r\nc", &[2], "a\r\nb"),
            ("a\nb\nc", &[0, 1, 2], ""),
            // On a shared line: the separator after it goes, or the one before when it is last.
            ("a, b, c", &[0], "b, c"),
            ("a, b, c", &[1], "a, c"),
            ("a, b, c", &[2], "a, b"),
            ("a, b, c", &[1, 2], "a"),
            ("a, b, c", &[0, 1], "c"),
            ("a; b;\tc\nd", &[0, 2], "b\nd"),
            // Blank lines, spacing and a trailing comma stay as typed.
            ("  a ,\n\n  b  \n c", &[2], "  a ,\n\n  b  "),
            ("a,\nb", &[0], "b"),
            ("a，b、c", &[1], "a，c"),
            ("x\n\nnope\n\ny", &[1], "x\n\n\ny"),
        ];
        for (pasted, removed, left) in cases {
            let got = without_entries(pasted, |i| removed.contains(&i));
            assert_eq!(&got, left, "{pasted:?} without {removed:?}");
        }
    }

    #[test]
    fn what_is_left_reads_as_the_kept_entries() {
        let pasted = "a, b ,c\n d;e\n\nf\tg, h\r\ni";
        let all: Vec<&str> = entries(pasted).collect();
        for mask in 0u32..(1 << all.len()) {
            let left = without_entries(pasted, |i| mask & (1 << i) != 0);
            let kept: Vec<&str> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) == 0)
                .map(|(_, e)| *e)
                .collect();
            assert_eq!(
                entries(&left).collect::<Vec<_>>(),
                kept,
                "{mask:b}: {left:?}"
            );
        }
    }
}
