//! The importer on arbitrary files: delimited text in any encoding, zips, compound files, vCards.
//!
//! An input starting with `Z\n` is a workbook spelled out for the fuzzer: the rest is `name\0content\0name\0…`,
//! zipped here *stored* (no compression), so mutations reach calamine's XML readers instead of breaking a deflate
//! stream or a checksum. `B\n` is the same for binary parts (an .xlsb's records hold zero bytes): each part is a
//! name length (one byte), the name, a content length (two bytes, little-endian) and the content. Any other input
//! is the file itself (CSV bytes, a whole zip, an .xls).
//!
//! Small limits keep each run in memory well under the harness's 2 GiB: anything bigger must be refused with an
//! `ImportProblem`, never allocated. Beyond "doesn't panic", every run checks what the preview promises: groups
//! come from rows that exist, in order; the counts add up; every problem has a sentence.

#![no_main]

use std::io::{Cursor, Write};

use blooio_import::{apply, preview, read_vcards, suggest_mapping_for, ColumnMapping, Layout, Limits, Workbook};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

const LIMITS: Limits = Limits {
    max_file_bytes: 1 << 20,
    max_unpacked_bytes: 16 << 20,
    max_zip_entries: 64,
    max_rows: 20_000,
    max_cells: 200_000,
};

/// The parts of a `Z\n` input: `name\0content\0…`.
fn spelled_parts(spec: &[u8]) -> Vec<(String, &[u8])> {
    let mut parts = Vec::new();
    let mut fields = spec.split(|b| *b == 0);
    while let (Some(name), content) = (fields.next(), fields.next().unwrap_or_default()) {
        parts.push((String::from_utf8_lossy(name).into_owned(), content));
    }
    parts
}

/// The parts of a `B\n` input: a name length (one byte), the name, a content length (two bytes, little-endian),
/// the content; again and again.
fn binary_parts(mut spec: &[u8]) -> Vec<(String, &[u8])> {
    let mut parts = Vec::new();
    while let Some((&name_len, rest)) = spec.split_first() {
        let Some(name) = rest.get(..usize::from(name_len)) else {
            break;
        };
        let rest = &rest[usize::from(name_len)..];
        let Some(len) = rest.get(..2) else {
            break;
        };
        let len = usize::from(u16::from_le_bytes([len[0], len[1]]));
        let content = &rest[2..][..len.min(rest.len() - 2)];
        parts.push((String::from_utf8_lossy(name).into_owned(), content));
        spec = &rest[2 + content.len()..];
    }
    parts
}

/// A zip of `parts`, stored (no compression).
fn stored_zip(parts: &[(String, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        if writer.start_file(name.as_str(), options).is_err() {
            continue;
        }
        let _ = writer.write_all(content);
    }
    writer.finish().map(Cursor::into_inner).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let file = if let Some(spec) = data.strip_prefix(b"Z\n") {
        stored_zip(&spelled_parts(spec))
    } else if let Some(spec) = data.strip_prefix(b"B\n") {
        stored_zip(&binary_parts(spec))
    } else {
        data.to_vec()
    };

    if let Ok(entries) = read_vcards(&file) {
        assert!(entries.iter().all(|e| !e.value.trim().is_empty()));
    }

    let mut book = match Workbook::open(file, &LIMITS) {
        Ok(book) => book,
        Err(problem) => {
            assert!(!problem.to_string().is_empty());
            return;
        }
    };
    let names: Vec<String> = book.sheet_names().iter().take(3).cloned().collect();
    for name in names {
        let sheet = match book.sheet(Some(&name)) {
            Ok(sheet) => sheet,
            Err(problem) => {
                assert!(!problem.to_string().is_empty());
                continue;
            }
        };
        assert!(sheet.rows.len() <= LIMITS.max_rows as usize);
        let cells: usize = sheet.rows.iter().map(Vec::len).sum();
        assert!(cells as u64 <= LIMITS.max_cells);

        // The recognised mapping, or the first columns read both ways.
        let mappings = match suggest_mapping_for(&sheet) {
            Some(mapping) => vec![mapping],
            None => [Layout::GroupPerRow, Layout::MemberPerRow]
                .into_iter()
                .map(|layout| ColumnMapping {
                    layout,
                    has_header: true,
                    name: 0,
                    members: vec![1, 2],
                    chat_guid: Some(3),
                })
                .collect(),
        };
        for mapping in mappings {
            let groups = apply(&sheet, &mapping);
            let mut seen = std::collections::HashSet::new();
            for group in &groups {
                assert!(!group.rows.is_empty());
                assert!(group.rows.windows(2).all(|w| w[0] < w[1]), "{:?}", group.rows);
                for row in &group.rows {
                    assert!(*row >= 1 && *row as usize <= sheet.rows.len());
                    assert!(seen.insert(*row), "row {row} in two groups");
                }
                for note in &group.notes {
                    assert!(!note.to_string().is_empty());
                }
            }
            // The rules are the core's (fuzzed by member_parser); a few groups show they are wired right.
            let checked = preview(groups[..groups.len().min(20)].to_vec(), "US", &|_| false);
            let c = &checked.counts;
            assert_eq!(c.ready + c.warnings + c.conflicts + c.problems, c.groups);
            for group in &checked.groups {
                assert_eq!(group.request.is_some(), group.summary.problems.is_empty());
                for conflict in &group.conflicts {
                    assert!(!conflict.to_string().is_empty());
                }
            }
        }
    }
});
