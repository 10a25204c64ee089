//! `--name-column Group`, `--member-column C`: a column named by its header (any case) or its letter.

use blooio_import::Cell;

/// The 0-based column `spec` names: a header of `header` first (a header "B" is meant as the header), else
/// spreadsheet letters (A, B, …, AA).
pub fn column_index(header: &[Cell], spec: &str) -> Option<u32> {
    let wanted = spec.trim();
    if let Some(index) = header
        .iter()
        .position(|cell| cell.text.trim().eq_ignore_ascii_case(wanted))
    {
        return u32::try_from(index).ok();
    }
    letters(wanted)
}

fn letters(spec: &str) -> Option<u32> {
    if spec.is_empty() || spec.len() > 3 || !spec.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut n: u32 = 0;
    for c in spec.to_ascii_uppercase().bytes() {
        n = n * 26 + u32::from(c - b'A' + 1);
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<Cell> {
        names.iter().map(|n| Cell::text(*n)).collect()
    }

    #[test]
    fn headers_first_then_letters() {
        let h = header(&["Group", "Phone 1", "b"]);
        assert_eq!(column_index(&h, "group"), Some(0));
        assert_eq!(column_index(&h, " Phone 1 "), Some(1));
        assert_eq!(
            column_index(&h, "B"),
            Some(2),
            "a header spelled like a letter wins"
        );
        assert_eq!(column_index(&h, "A"), Some(0));
        assert_eq!(column_index(&h, "AA"), Some(26));
        assert_eq!(column_index(&h, "Email"), None);
        assert_eq!(column_index(&h, ""), None);
    }
}
