//! An Excel binary workbook (.xlsb) rewritten into a form calamine reads without stopping the app.
//!
//! calamine 0.38 reads an .xlsb's records at fixed places without checking their length, looks a sheet's
//! relationship up with an index that panics when it is missing, indexes the shared strings with a number from the
//! file, and parses every defined name's formula with unchecked slicing, all when the workbook is opened or a
//! sheet is read. In the app, whose release build aborts on a panic, one damaged file would stop everything.
//!
//! So calamine is given a copy: every part once, under the lower-case name calamine looks it up by, with the
//! workbook part and its relationships written here afresh from what was read of them (the sheets, their names and
//! states, the 1904 date flag; no defined names, which the importer never uses), and the styles, shared strings
//! and sheets checked by walking their records exactly as calamine does, with the same reuse of one growing
//! buffer, so a short record or an out-of-range string index is refused here instead.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use quick_xml::events::Event;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::problem::{FileFormat, ImportProblem};

const WORKBOOK: &str = "xl/workbook.bin";
const WORKBOOK_RELS: &str = "xl/_rels/workbook.bin.rels";
const SHARED_STRINGS: &str = "xl/sharedstrings.bin";
const STYLES: &str = "xl/styles.bin";

// Record types (MS-XLSB 2.3).
const ROW_HEADER: u16 = 0x0000;
const CELL_SHARED_STRING: u16 = 0x0007;
const BEGIN_SHEET_DATA: u16 = 0x0091;
const END_SHEET_DATA: u16 = 0x0092;
const SHEET_DIMENSIONS: u16 = 0x0094;
const WORKBOOK_PROPERTIES: u16 = 0x0099;
const BUNDLED_SHEET: u16 = 0x009C;
const END_BUNDLED_SHEETS: u16 = 0x0090;
const CALC_PROPERTIES: u16 = 0x009D;
const BEGIN_SHARED_STRINGS: u16 = 0x009F;
const BEGIN_FORMATS: u16 = 0x0267;
const FORMAT: u16 = 0x002C;
const BEGIN_CELL_FORMATS: u16 = 0x0269;
const CELL_FORMAT: u16 = 0x002F;

fn unreadable(detail: impl Into<String>) -> ImportProblem {
    ImportProblem::WorkbookUnreadable {
        format: FileFormat::Xlsb,
        detail: detail.into(),
    }
}

/// How calamine keys a part: `/` separators, lower case.
fn key(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

/// The .xlsb in `bytes` (already through the zip guard's limits), rewritten for calamine.
pub fn rewritten(bytes: &[u8]) -> Result<Vec<u8>, ImportProblem> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for index in 0..archive.len() {
        let mut file = archive
            .by_index(index)
            .map_err(|e| unreadable(e.to_string()))?;
        if file.is_dir() {
            continue;
        }
        let name = key(&file.name().map_err(|e| unreadable(e.to_string()))?);
        let mut content = Vec::new();
        file.read_to_end(&mut content)
            .map_err(|e| unreadable(e.to_string()))?;
        // The last part of a name wins, as in calamine's lookup table.
        match index_of.get(&name) {
            Some(&at) => parts[at].1 = content,
            None => {
                index_of.insert(name.clone(), parts.len());
                parts.push((name, content));
            }
        }
    }
    let part = |name: &str| index_of.get(name).map(|&at| parts[at].1.as_slice());

    let relationships = part(WORKBOOK_RELS)
        .map(relationships)
        .transpose()?
        .unwrap_or_default();
    let workbook = read_workbook(part(WORKBOOK).ok_or_else(|| unreadable("no workbook part"))?)?;
    if let Some(styles) = part(STYLES) {
        check_styles(styles)?;
    }
    let strings = part(SHARED_STRINGS).map_or(Ok(0), shared_string_count)?;

    let mut sheets = Vec::new();
    for sheet in workbook.sheets {
        let target = relationships
            .get(&sheet.relationship)
            .ok_or_else(|| unreadable(format!("sheet “{}” has no part", sheet.name)))?;
        let path = key(&format!("xl/{target}"));
        if let Some(records) = part(&path) {
            check_sheet(records, strings)?;
        }
        sheets.push((sheet, path));
    }

    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut add = |name: &str, content: &[u8]| -> std::io::Result<()> {
        out.start_file(name, stored)?;
        out.write_all(content)
    };
    let written = (|| -> std::io::Result<()> {
        for (name, content) in &parts {
            if name != WORKBOOK && name != WORKBOOK_RELS {
                add(name, content)?;
            }
        }
        add(WORKBOOK, &workbook_part(workbook.date_flags, &sheets))?;
        add(WORKBOOK_RELS, relationships_part(&sheets).as_bytes())
    })();
    written.map_err(|e| unreadable(e.to_string()))?;
    let out = out.finish().map_err(|e| unreadable(e.to_string()))?;
    Ok(out.into_inner())
}

/// A sheet as the workbook part lists it.
struct BundledSheet {
    state: u32,
    tab: u32,
    relationship: String,
    name: String,
}

struct WorkbookPart {
    date_flags: Option<u8>,
    sheets: Vec<BundledSheet>,
}

/// The workbook part up to the end of its sheet list, as calamine's first loop reads it.
fn read_workbook(part: &[u8]) -> Result<WorkbookPart, ImportProblem> {
    let mut records = Records::new(part);
    let mut workbook = WorkbookPart {
        date_flags: None,
        sheets: Vec::new(),
    };
    loop {
        let kind = records
            .kind()
            .ok_or_else(|| unreadable("the workbook part ends before its list of sheets does"))?;
        let data = records
            .body()
            .ok_or_else(|| unreadable("the workbook part ends inside a record"))?;
        match kind {
            WORKBOOK_PROPERTIES => {
                let flags = *data
                    .first()
                    .ok_or_else(|| unreadable("a workbook properties record is empty"))?;
                workbook.date_flags = Some(flags);
            }
            BUNDLED_SHEET => {
                let short = || unreadable("a sheet record is too short");
                let state = u32_at(data, 0).ok_or_else(short)?;
                let tab = u32_at(data, 4).ok_or_else(short)?;
                let relationship_len = u32_at(data, 8).ok_or_else(short)?;
                if relationship_len == u32::MAX {
                    // No part: calamine leaves such a sheet out.
                    continue;
                }
                let after = 12usize
                    .checked_add(relationship_len as usize * 2)
                    .ok_or_else(short)?;
                let relationship = utf16(data.get(12..after).ok_or_else(short)?);
                let name_len = u32_at(data, after).ok_or_else(short)? as usize;
                let name_end = (after + 4).checked_add(name_len * 2).ok_or_else(short)?;
                let name = utf16(data.get(after + 4..name_end).ok_or_else(short)?);
                workbook.sheets.push(BundledSheet {
                    state,
                    tab,
                    relationship,
                    name,
                });
            }
            END_BUNDLED_SHEETS => return Ok(workbook),
            _ => {}
        }
    }
}

/// The workbook part calamine is given: the date flag, the sheets (their relationships renumbered), the end of
/// the list, and a record calamine takes for the end of the defined names.
fn workbook_part(date_flags: Option<u8>, sheets: &[(BundledSheet, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(flags) = date_flags {
        write_record(&mut out, WORKBOOK_PROPERTIES, &[flags, 0, 0, 0]);
    }
    for (index, (sheet, _)) in sheets.iter().enumerate() {
        let mut data = sheet.state.to_le_bytes().to_vec();
        data.extend(sheet.tab.to_le_bytes());
        wide_string(&mut data, &relationship_id(index));
        wide_string(&mut data, &sheet.name);
        write_record(&mut out, BUNDLED_SHEET, &data);
    }
    write_record(&mut out, END_BUNDLED_SHEETS, &[]);
    write_record(&mut out, CALC_PROPERTIES, &[]);
    out
}

fn relationship_id(index: usize) -> String {
    format!("rId{}", index + 1)
}

fn relationships_part(sheets: &[(BundledSheet, String)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (index, (_, path)) in sheets.iter().enumerate() {
        let target = path.strip_prefix("xl/").unwrap_or(path);
        xml.push_str(&format!(
            "<Relationship Id=\"{}\" Target=\"{}\"/>",
            relationship_id(index),
            quick_xml::escape::escape(target)
        ));
    }
    xml.push_str("</Relationships>");
    xml
}

/// Relationship ids to targets. Read leniently: calamine reads the part written here instead.
fn relationships(part: &[u8]) -> Result<HashMap<String, String>, ImportProblem> {
    let mut reader = quick_xml::Reader::from_reader(part);
    let mut found = HashMap::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let mut id = None;
                let mut target = None;
                for attribute in e.attributes().flatten() {
                    let value = quick_xml::escape::unescape(&attribute.value)
                        .map_err(|e| unreadable(e.to_string()))?
                        .into_owned();
                    match attribute.key.local_name().as_ref() {
                        "Id" => id = Some(value),
                        "Target" => target = Some(value),
                        _ => {}
                    }
                }
                if let (Some(id), Some(target)) = (id, target) {
                    found.insert(id, target);
                }
            }
            Ok(Event::Eof) => return Ok(found),
            Err(e) => return Err(unreadable(e.to_string())),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// The styles part as calamine walks it. Its outer loop reads only a record's type, not its body, unless the type
/// is one it wants, so the walk here does the same: what calamine takes for a record is what is checked.
fn check_styles(part: &[u8]) -> Result<(), ImportProblem> {
    let mut records = Records::new(part);
    while let Some(kind) = records.kind() {
        if kind != BEGIN_FORMATS && kind != BEGIN_CELL_FORMATS {
            continue;
        }
        let Some(data) = records.fill() else {
            return Ok(());
        };
        let count = u32_at(data, 0).ok_or_else(|| unreadable("a styles record is too short"))?;
        let item = if kind == BEGIN_FORMATS {
            FORMAT
        } else {
            CELL_FORMAT
        };
        // Each item is at least two bytes of record header: the part's size bounds the loop.
        for _ in 0..count {
            if !records.skip_to(item) {
                return Ok(());
            }
        }
        if kind == BEGIN_CELL_FORMATS {
            return Ok(());
        }
    }
    Ok(())
}

/// How many shared strings calamine holds once it has read the part: the count its first record declares (it
/// refuses a part with fewer).
fn shared_string_count(part: &[u8]) -> Result<u32, ImportProblem> {
    let mut records = Records::new(part);
    if !records.skip_to(BEGIN_SHARED_STRINGS) {
        return Ok(0);
    }
    u32_at(&records.buf, 4).ok_or_else(|| unreadable("the shared strings record is too short"))
}

/// A sheet part as calamine's cells reader walks it: to its dimensions (read from the first 16 bytes of the
/// growing buffer), past its header blocks, then cell by cell to the end of its data.
fn check_sheet(part: &[u8], strings: u32) -> Result<(), ImportProblem> {
    let mut records = Records::new(part);
    if !records.skip_to(SHEET_DIMENSIONS) {
        return Ok(());
    }
    if records.buf.len() < 16 {
        return Err(unreadable("a sheet's dimensions record is too short"));
    }
    // calamine skips these blocks whole, from the first record to the last.
    let blocks = [(0x0085, 0x0086), (0x0025, 0x0026), (0x0186, 0x0187)];
    loop {
        let Some(kind) = records.next_record() else {
            return Ok(());
        };
        if kind == BEGIN_SHEET_DATA {
            break;
        }
        if let Some(&(_, end)) = blocks.iter().find(|(start, _)| *start == kind) {
            if !records.skip_to(end) {
                return Ok(());
            }
        }
    }
    loop {
        let Some(kind) = records.next_record() else {
            return Ok(());
        };
        // The buffer holds at least the dimensions' 16 bytes: every fixed read below is inside it.
        match kind {
            CELL_SHARED_STRING => {
                let index = u32_at(&records.buf, 8).unwrap_or(u32::MAX);
                if index >= strings {
                    return Err(unreadable(format!(
                        "a cell refers to shared string {index}, of {strings}"
                    )));
                }
            }
            ROW_HEADER if u32_at(&records.buf, 0).unwrap_or(0) > 0x0010_0000 => return Ok(()),
            END_SHEET_DATA => return Ok(()),
            _ => {}
        }
    }
}

/// calamine's record reader over one part, with its one growing buffer: a record's body is copied to the
/// buffer's start, and the buffer only ever grows, so bytes of a longer earlier record stay behind it.
struct Records<'a> {
    rest: &'a [u8],
    buf: Vec<u8>,
}

impl<'a> Records<'a> {
    fn new(part: &'a [u8]) -> Self {
        Records {
            rest: part,
            buf: Vec::new(),
        }
    }

    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    /// A record's type: one byte, or two when the first has its high bit set.
    fn kind(&mut self) -> Option<u16> {
        let first = self.byte()?;
        if first & 0x80 == 0 {
            return Some(u16::from(first));
        }
        let second = self.byte()?;
        Some(u16::from(first & 0x7F) + (u16::from(second & 0x7F) << 7))
    }

    /// A record's length: up to four bytes of seven bits (a fourth byte's high bit is ignored, as calamine does).
    fn length(&mut self) -> Option<usize> {
        let mut byte = self.byte()?;
        let mut len = usize::from(byte & 0x7F);
        for i in 1..4 {
            if byte & 0x80 == 0 {
                break;
            }
            byte = self.byte()?;
            len += usize::from(byte & 0x7F) << (7 * i);
        }
        Some(len)
    }

    /// A record's body alone (for the workbook part, which is rewritten, not walked).
    fn body(&mut self) -> Option<&'a [u8]> {
        let len = self.length()?;
        let body = self.rest.get(..len)?;
        self.rest = &self.rest[len..];
        Some(body)
    }

    /// A record's body, copied to the start of the buffer.
    fn fill(&mut self) -> Option<&[u8]> {
        let body = self.body()?;
        if self.buf.len() < body.len() {
            self.buf.resize(body.len(), 0);
        }
        self.buf[..body.len()].copy_from_slice(body);
        Some(&self.buf[..body.len()])
    }

    /// The next record's type, its body read into the buffer; `None` at the end of the part.
    fn next_record(&mut self) -> Option<u16> {
        let kind = self.kind()?;
        self.fill()?;
        Some(kind)
    }

    /// Reads records (bodies into the buffer) up to and including the first of type `kind`; false at the end.
    fn skip_to(&mut self, kind: u16) -> bool {
        while let Some(found) = self.next_record() {
            if found == kind {
                return true;
            }
        }
        false
    }
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// UTF-16 LE, with what can't be decoded replaced, as calamine decodes names.
fn utf16(bytes: &[u8]) -> String {
    encoding_rs::UTF_16LE.decode(bytes).0.into_owned()
}

/// An `XLWideString`: a u32 count of UTF-16 code units, then the units.
fn wide_string(out: &mut Vec<u8>, text: &str) {
    let units: Vec<u16> = text.encode_utf16().collect();
    out.extend(u32::try_from(units.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
}

fn write_record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    if kind < 0x80 {
        out.push(kind as u8);
    } else {
        out.push((kind & 0x7F) as u8 | 0x80);
        out.push((kind >> 7) as u8 & 0x7F);
    }
    let mut len = data.len();
    loop {
        let low = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    }
    out.extend_from_slice(data);
}
