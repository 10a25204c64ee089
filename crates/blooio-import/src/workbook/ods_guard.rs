//! Counts the cells an OpenDocument sheet expands to, before calamine expands them.
//!
//! ODS compresses repetition in the XML itself: `table:number-columns-repeated="16384"` on one cell and
//! `table:number-rows-repeated="1000000"` on one row are a few bytes that calamine turns into that many cells
//! (it caps them at 100 million, several gigabytes). calamine reads every sheet when it opens the file, so this
//! walks all of `content.xml` once, streaming, and adds up what calamine would build: per table, the widest row
//! times the rows from the first filled row to the last, and per row the cells it pushes before expanding. Empty
//! cells and rows at the end (LibreOffice writes a million of them) cost nothing, as in calamine.
//!
//! It also refuses a `content.xml` that ends before its elements close: calamine 0.38 reads a table, and a cell's
//! annotation, until their end tag and never stops at the end of the text, so a cut-short file would hang it
//! (found by the `importer` fuzz target).

use std::io::{BufReader, Read};

use quick_xml::events::{BytesStart, Event};

use crate::limits::Limits;
use crate::problem::{FileFormat, ImportProblem};

/// calamine's own caps per row and per table.
const MAX_COLUMNS: u64 = 16_384;
const MAX_ROWS: u64 = 1_048_576;

#[derive(Default)]
struct Table {
    /// Rows since the first filled row, up to the last filled row (empty rows between count once filled follows).
    rows_span: u64,
    /// Empty rows seen since the last filled row.
    pending_empty_rows: u64,
    seen_filled: bool,
    width: u64,
}

#[derive(Default)]
struct Row {
    repeats: u64,
    /// Columns up to and including the last filled cell.
    width: u64,
    /// Columns of empty cells since the last filled one.
    pending_empty: u64,
    filled: bool,
}

pub fn check_ods_content(part: impl Read, limits: &Limits) -> Result<(), ImportProblem> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    // What calamine holds before expanding (a Data and a formula string per pushed cell), and after.
    let mut pushed: u64 = 0;
    let mut expanded: u64 = 0;
    let mut table = Table::default();
    let mut row: Option<Row> = None;
    let mut open_elements: u64 = 0;
    let too_many = |cells: u64| ImportProblem::TooManyCells {
        cells,
        max: limits.max_cells,
    };

    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            // Refused rather than left to calamine, whose reader doesn't check end tags: past a broken one it can
            // reach the end of the text inside a table, and hang there (see above).
            Err(error) => {
                return Err(ImportProblem::WorkbookUnreadable {
                    format: FileFormat::Ods,
                    detail: format!("content.xml: {error}"),
                })
            }
        };
        match &event {
            Event::Start(_) => open_elements += 1,
            Event::End(_) => open_elements = open_elements.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Eof if open_elements > 0 => {
                return Err(ImportProblem::WorkbookUnreadable {
                    format: FileFormat::Ods,
                    detail: "content.xml ends before its elements close".to_owned(),
                })
            }
            Event::Eof => return Ok(()),
            Event::Start(tag) | Event::Empty(tag) if tag.name().as_ref() == "table:table" => {
                table = Table::default();
            }
            Event::End(tag) if tag.name().as_ref() == "table:table" => {
                expanded = expanded.saturating_add(table.rows_span.saturating_mul(table.width));
                if expanded > limits.max_cells {
                    return Err(too_many(expanded));
                }
            }
            Event::Start(tag) if tag.name().as_ref() == "table:table-row" => {
                row = Some(Row {
                    repeats: repeat(&tag, "table:number-rows-repeated"),
                    ..Row::default()
                });
            }
            Event::Empty(tag) if tag.name().as_ref() == "table:table-row" => {
                // A row without cells: empty.
                table.pending_empty_rows = table
                    .pending_empty_rows
                    .saturating_add(repeat(&tag, "table:number-rows-repeated"));
            }
            Event::End(tag) if tag.name().as_ref() == "table:table-row" => {
                let Some(done) = row.take() else { continue };
                pushed = pushed.saturating_add(done.width);
                if pushed > limits.max_cells {
                    return Err(too_many(pushed));
                }
                if done.filled {
                    if table.seen_filled {
                        table.rows_span = table.rows_span.saturating_add(table.pending_empty_rows);
                    }
                    table.rows_span = table.rows_span.saturating_add(done.repeats).min(MAX_ROWS);
                    table.pending_empty_rows = 0;
                    table.seen_filled = true;
                    table.width = table.width.max(done.width);
                    if table.rows_span.saturating_mul(table.width) > limits.max_cells {
                        return Err(too_many(table.rows_span.saturating_mul(table.width)));
                    }
                } else {
                    table.pending_empty_rows =
                        table.pending_empty_rows.saturating_add(done.repeats);
                }
            }
            Event::Start(ref tag) | Event::Empty(ref tag)
                if tag.name().as_ref() == "table:table-cell"
                    || tag.name().as_ref() == "table:covered-table-cell" =>
            {
                let Some(current) = row.as_mut() else {
                    continue;
                };
                let repeats = repeat(tag, "table:number-columns-repeated");
                // A cell with content has children (text:p) or a value type; one without either is empty.
                let filled =
                    matches!(event, Event::Start(_)) || has_attribute(tag, "office:value-type");
                if filled {
                    current.width = current
                        .width
                        .saturating_add(current.pending_empty)
                        .saturating_add(repeats)
                        .min(MAX_COLUMNS);
                    current.pending_empty = 0;
                    current.filled = true;
                } else {
                    current.pending_empty = current.pending_empty.saturating_add(repeats);
                }
            }
            _ => {}
        }
    }
}

/// A repeat count attribute; absent or unreadable counts as 1 (calamine then refuses an unreadable one itself).
fn repeat(tag: &BytesStart<'_>, name: &str) -> u64 {
    tag.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_attribute(tag: &BytesStart<'_>, name: &str) -> bool {
    tag.attributes().flatten().any(|a| a.key.as_ref() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> String {
        format!(
            "<office:document-content><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>\
             </office:document-content>"
        )
    }

    fn check(body: &str, max_cells: u64) -> Result<(), ImportProblem> {
        let limits = Limits {
            max_cells,
            ..Limits::default()
        };
        check_ods_content(content(body).as_bytes(), &limits)
    }

    const CELL: &str =
        "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";

    #[test]
    fn a_cut_short_content_is_refused() {
        let cut = "<office:document-content><office:body><office:spreadsheet><table:table><table:table-row>";
        assert!(matches!(
            check_ods_content(cut.as_bytes(), &Limits::default()),
            Err(ImportProblem::WorkbookUnreadable {
                format: FileFormat::Ods,
                ..
            })
        ));
    }

    #[test]
    fn repeats_are_counted_as_calamine_expands_them() {
        let libreoffice_tail = "<table:table-row table:number-rows-repeated=\"1048570\">\
             <table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
        let ordinary = format!("<table:table><table:table-row>{CELL}{CELL}</table:table-row>{libreoffice_tail}</table:table>");
        assert_eq!(check(&ordinary, 2), Ok(()));
        assert!(check(&ordinary, 1).is_err());

        let wide = "<table:table><table:table-row><table:table-cell table:number-columns-repeated=\"16384\" \
                    office:value-type=\"float\" office:value=\"1\"/></table:table-row></table:table>";
        assert_eq!(check(wide, 16_384), Ok(()));
        assert_eq!(
            check(wide, 1000),
            Err(ImportProblem::TooManyCells {
                cells: 16_384,
                max: 1000
            })
        );

        let tall = format!(
            "<table:table><table:table-row table:number-rows-repeated=\"1000000\">{CELL}</table:table-row></table:table>"
        );
        assert!(matches!(
            check(&tall, 1000),
            Err(ImportProblem::TooManyCells {
                cells: 1_000_000,
                ..
            })
        ));

        // Empty rows between filled ones are expanded too; empty cells before a filled one as well.
        let gap = format!(
            "<table:table><table:table-row>{CELL}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"500\"><table:table-cell/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"9\"/>{CELL}</table:table-row>\
             </table:table>"
        );
        assert_eq!(check(&gap, 5020), Ok(()));
        assert!(check(&gap, 5019).is_err());
    }
}
