//! Checks a workbook's zip before calamine reads it: how many parts, how large they declare themselves, and the
//! few numbers inside that calamine trusts for allocations.
//!
//! The zip reader (the `zip` crate, which calamine uses) stops reading a part at the size its directory declares,
//! so adding up the declared sizes bounds what unpacking can produce: a zip bomb is refused here, before a byte is
//! inflated.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use crate::limits::Limits;
use crate::problem::{FileFormat, ImportProblem};

pub type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Opens the zip, checks its declared sizes and tells which workbook it is.
pub fn check_zip<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<(FileFormat, Archive<'a>), ImportProblem> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportProblem::FormatNotRecognised)?;
    let parts = archive.len();
    if parts > limits.max_zip_entries as usize {
        return Err(ImportProblem::WorkbookTooManyParts {
            parts: u32::try_from(parts).unwrap_or(u32::MAX),
            max: limits.max_zip_entries,
        });
    }
    let mut declared: u64 = 0;
    let mut names = Vec::with_capacity(parts);
    for index in 0..parts {
        let file = archive
            .by_index_raw(index)
            .map_err(|error| unreadable(FileFormat::Xlsx, &error))?;
        declared = declared.saturating_add(file.size());
        names.push(
            file.name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default(),
        );
    }
    if declared > limits.max_unpacked_bytes {
        return Err(ImportProblem::WorkbookUnpacksTooLarge {
            declared_bytes: declared,
            max: limits.max_unpacked_bytes,
        });
    }

    let has = |name: &str| names.iter().any(|n| n == name);
    let format = if has("xl/workbook.bin") {
        FileFormat::Xlsb
    } else if has("[content_types].xml") {
        FileFormat::Xlsx
    } else if has("content.xml") {
        FileFormat::Ods
    } else {
        return Err(ImportProblem::FormatNotRecognised);
    };

    for (index, name) in names.iter().enumerate() {
        match format {
            FileFormat::Xlsx if name.ends_with("sharedstrings.xml") => {
                check_shared_strings(&mut archive, index, limits)?;
            }
            FileFormat::Ods if name == "content.xml" => {
                let part = archive
                    .by_index(index)
                    .map_err(|error| unreadable(FileFormat::Ods, &error))?;
                super::ods_guard::check_ods_content(part, limits)?;
            }
            _ => {}
        }
    }
    Ok((format, archive))
}

/// calamine reserves room for as many shared strings as `<sst uniqueCount="…">` says, before reading any: a
/// huge count in a tiny file would make it ask for terabytes. The count must fit the part's declared size (the
/// smallest string, `<si/>`, takes 5 bytes) and the cell limit.
fn check_shared_strings(
    archive: &mut Archive<'_>,
    index: usize,
    limits: &Limits,
) -> Result<(), ImportProblem> {
    let file = archive
        .by_index(index)
        .map_err(|error| unreadable(FileFormat::Xlsx, &error))?;
    let possible = (file.size() / 5).saturating_add(16).min(limits.max_cells);
    // The count is in the first tag; a few KiB hold it even after an XML declaration and namespaces.
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(file.take(64 * 1024)));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(tag) | Event::Empty(tag)) => {
                if tag.local_name().as_ref() != "sst" {
                    return Ok(());
                }
                let count = tag
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount")
                    .and_then(|a| a.value.trim().parse::<u64>().ok());
                return match count {
                    Some(count) if count > possible => Err(ImportProblem::TooManyCells {
                        cells: count,
                        max: possible,
                    }),
                    _ => Ok(()),
                };
            }
            // calamine reports a broken part in its own words.
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

pub fn unreadable(format: FileFormat, error: &dyn std::fmt::Display) -> ImportProblem {
    ImportProblem::WorkbookUnreadable {
        format,
        detail: error.to_string(),
    }
}
