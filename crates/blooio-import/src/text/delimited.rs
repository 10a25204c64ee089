//! Delimited text to a sheet: the separator is sniffed, the cells are split by the `csv` crate (RFC 4180 quoting:
//! separators and line breaks inside quotes, doubled quotes), and row numbers count the lines a spreadsheet shows.

use crate::limits::Limits;
use crate::problem::ImportProblem;
use crate::sheet::{Cell, Sheet};

/// The separators spreadsheet programs write: `,` (most), `;` (Excel where the decimal mark is a comma), tab
/// ("Unicode text", pasted tables).
pub const SEPARATORS: [u8; 3] = [b'\t', b';', b','];

/// Lines looked at to choose the separator.
const SNIFF_LINES: usize = 5;

/// Splits `text` into a sheet named `name`.
pub fn read_delimited(text: &str, name: &str, limits: &Limits) -> Result<Sheet, ImportProblem> {
    let (separator, body) = match excel_separator_line(text) {
        Some((separator, rest)) => (separator, rest),
        None => (sniff_separator(text), text),
    };

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());

    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut cells: u64 = 0;
    // Where the previous record ended: the csv reader skips blank lines, but a spreadsheet shows each as an
    // empty row, so the line breaks between two records become empty rows and row numbers stay the ones the
    // operator sees.
    let mut previous_end: Option<usize> = None;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                return Err(ImportProblem::TextUnreadable {
                    line: u32::try_from(rows.len() + 1).unwrap_or(u32::MAX),
                    detail: error.to_string(),
                });
            }
        }
        let blank_lines = match previous_end {
            None => line_breaks_around(body, 0),
            Some(end) => line_breaks_around(body, end).saturating_sub(1),
        } as u64;
        previous_end = usize::try_from(reader.position().byte()).ok();

        let row_count = (rows.len() as u64)
            .saturating_add(blank_lines)
            .saturating_add(1);
        if row_count > u64::from(limits.max_rows) {
            return Err(ImportProblem::TooManyRows {
                rows: u32::try_from(row_count).unwrap_or(u32::MAX),
                max: limits.max_rows,
            });
        }
        cells = cells.saturating_add(record.len() as u64);
        if cells > limits.max_cells {
            return Err(ImportProblem::TooManyCells {
                cells,
                max: limits.max_cells,
            });
        }
        for _ in 0..blank_lines {
            rows.push(Vec::new());
        }
        rows.push(record.iter().map(Cell::text).collect());
    }

    Ok(Sheet {
        name: name.to_owned(),
        rows,
    })
}

/// Line breaks in the run of `\r` and `\n` around byte `at`: the terminators between two records (an unquoted
/// cell can't hold either, and a quoted one ends with its quote). CRLF counts once. The csv reader's position
/// after a record may be before or after (part of) its terminator; the whole run is counted either way.
fn line_breaks_around(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let is_break = |b: &u8| *b == b'\r' || *b == b'\n';
    let at = at.min(bytes.len());
    let start = at - bytes[..at].iter().rev().take_while(|b| is_break(b)).count();
    let end = at + bytes[at..].iter().take_while(|b| is_break(b)).count();
    let run = &bytes[start..end];
    let lone_cr = run
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count()
        + usize::from(run.last() == Some(&b'\r'));
    run.iter().filter(|b| **b == b'\n').count() + lone_cr
}

/// Excel reads (and some exports write) a first line `sep=;` naming the separator; the line itself is not data.
fn excel_separator_line(text: &str) -> Option<(u8, &str)> {
    let rest = text
        .strip_prefix("sep=")
        .or_else(|| text.strip_prefix("SEP="))?;
    let separator = *rest.as_bytes().first()?;
    if !SEPARATORS.contains(&separator) {
        return None;
    }
    let after = &rest[1..];
    let after = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .or_else(|| after.strip_prefix('\r'))?;
    Some((separator, after))
}

/// The separator of the header: the candidate found most often outside quotes on the first filled line; on a tie
/// (a one-column header has none), the most frequent over the first few lines; then tab, semicolon, comma, in
/// that order, since a comma inside a cell (a member list, "Smith, Ann") is likelier than a stray tab.
pub fn sniff_separator(text: &str) -> u8 {
    let lines = count_outside_quotes(text);
    let Some(first) = lines.first() else {
        return b',';
    };
    let total = |i: usize| lines.iter().map(|line| line[i]).sum::<usize>();
    let best = (0..SEPARATORS.len()).max_by(|&a, &b| {
        first[a]
            .cmp(&first[b])
            .then(total(a).cmp(&total(b)))
            // Earlier in SEPARATORS wins a full tie: max_by keeps the last maximum, so compare reversed.
            .then(b.cmp(&a))
    });
    match best {
        Some(i) if total(i) > 0 => SEPARATORS[i],
        _ => b',',
    }
}

/// For each of the first filled lines, how often each separator appears outside double quotes. A quoted cell may
/// span lines; a line break inside quotes doesn't end the line.
fn count_outside_quotes(text: &str) -> Vec<[usize; 3]> {
    let mut lines = Vec::new();
    let mut counts = [0usize; 3];
    let mut filled = false;
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => {
                quoted = !quoted;
                filled = true;
            }
            b'\n' | b'\r' if !quoted => {
                if filled {
                    lines.push(counts);
                    if lines.len() == SNIFF_LINES {
                        return lines;
                    }
                }
                counts = [0; 3];
                filled = false;
            }
            _ if quoted => {}
            _ => {
                if let Some(i) = SEPARATORS.iter().position(|s| *s == byte) {
                    counts[i] += 1;
                }
                if !byte.is_ascii_whitespace() {
                    filled = true;
                }
            }
        }
    }
    if filled {
        lines.push(counts);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        let cases = [
            ("comma", "Name,Members\nA,\"1, 2\"\n", b','),
            (
                "semicolon (Excel, comma decimal locales)",
                "Name;Phone\nA;1,5551234567E+10\n",
                b';',
            ),
            ("tab", "Name\tPhone\nA\t555\n", b'\t'),
            (
                "commas in a quoted header don't count",
                "\"Smith, Ann\";Phone\n",
                b';',
            ),
            ("one column: look further down", "Name\nA;B\nC;D\n", b';'),
            ("nothing at all", "Name\nAnn\n", b','),
            ("empty", "", b','),
            (
                "blank first lines are skipped",
                "\n\r\n  \nName;Phone\n",
                b';',
            ),
            ("quoted line break", "\"Group\nname\",Phone\n", b','),
        ];
        for (what, text, separator) in cases {
            assert_eq!(
                char::from(sniff_separator(text)),
                char::from(separator),
                "{what}"
            );
        }
    }

    fn texts(sheet: &Sheet) -> Vec<Vec<&str>> {
        sheet
            .rows
            .iter()
            .map(|row| row.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn rows_keep_the_numbers_a_spreadsheet_shows() {
        let text = "Name,Members\r\n\r\nA,\"1\n2\"\r\nB,3\r\n\r\n\r\nC,\"x \"\"y\"\"\"\r\n";
        let sheet = read_delimited(text, "s", &Limits::default()).unwrap();
        assert_eq!(
            texts(&sheet),
            vec![
                vec!["Name", "Members"],
                vec![],
                vec!["A", "1\n2"],
                vec!["B", "3"],
                vec![],
                vec![],
                vec!["C", "x \"y\""],
            ]
        );
    }

    #[test]
    fn excel_sep_line() {
        let sheet = read_delimited("sep=;\nName;Phone\nA,B;1\n", "s", &Limits::default()).unwrap();
        assert_eq!(texts(&sheet), vec![vec!["Name", "Phone"], vec!["A,B", "1"]]);
    }

    #[test]
    fn limits() {
        let limits = Limits {
            max_rows: 3,
            max_cells: 7,
            ..Limits::default()
        };
        assert_eq!(
            read_delimited("a\nb\n\nc\n", "s", &limits),
            Err(ImportProblem::TooManyRows { rows: 4, max: 3 })
        );
        assert_eq!(
            read_delimited("a,b,c\nd,e,f,g,h\n", "s", &limits),
            Err(ImportProblem::TooManyCells { cells: 8, max: 7 })
        );
        assert!(read_delimited("a,b,c\nd,e,f,g\n", "s", &limits).is_ok());
    }
}
