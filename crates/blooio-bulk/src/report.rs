//! A job's report as a file: every row with its outcome, as CSV (any spreadsheet) or XLSX (Excel, Numbers).

use std::io::Write;
use std::path::Path;

use blooio_store::{spreadsheet_safe, JobRow, RowState};

/// The report's columns, in order.
pub const REPORT_HEADER: [&str; 8] = [
    "Row",
    "Name",
    "Status",
    "Group ID",
    "Chat GUID",
    "Added members",
    "Created contacts",
    "Message",
];

/// One line of the report, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    /// The file's row numbers ("4" or "4, 5, 6" for a group gathered from several rows).
    pub rows: String,
    pub name: String,
    pub status: &'static str,
    pub group_id: String,
    pub chat_guid: String,
    pub added_members: String,
    pub created_contacts: String,
    pub message: String,
}

impl ReportLine {
    pub fn of(row: &JobRow) -> ReportLine {
        let join = |items: &[String]| items.join(", ");
        let group = row.created.as_ref();
        let message = match (&row.problem, row.state, row.recovered) {
            (Some(problem), _, _) => problem.to_string(),
            (None, RowState::Created, true) => {
                "Created; Blooio's answer was lost, so the group was found by \
                looking it up (added members and new contacts are not known)."
                    .to_owned()
            }
            (None, RowState::Pending, _) => "Not sent yet.".to_owned(),
            (None, RowState::Sending, _) => {
                "Sent; its outcome is looked up when the job is resumed.".to_owned()
            }
            _ => String::new(),
        };
        ReportLine {
            rows: row
                .row_numbers
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            name: row.request.name.clone(),
            status: status_word(row.state),
            group_id: group
                .and_then(|g| g.group.group_id.clone())
                .unwrap_or_default(),
            chat_guid: group
                .and_then(|g| g.group.chat_guid.clone())
                .or_else(|| row.request.chat_guid.clone())
                .unwrap_or_default(),
            added_members: group.map(|g| join(&g.added_members)).unwrap_or_default(),
            created_contacts: group.map(|g| join(&g.created_contacts)).unwrap_or_default(),
            message,
        }
    }

    fn cells(&self) -> [&str; 8] {
        [
            &self.rows,
            &self.name,
            self.status,
            &self.group_id,
            &self.chat_guid,
            &self.added_members,
            &self.created_contacts,
            &self.message,
        ]
    }
}

/// The status as the report words it.
pub fn status_word(state: RowState) -> &'static str {
    match state {
        RowState::Pending => "Not sent",
        RowState::Sending => "Outcome not known yet",
        RowState::Created => "Created",
        RowState::Conflict => "Already exists",
        RowState::Failed => "Failed",
        RowState::Unsettled => "Outcome not known yet",
        RowState::Skipped => "Skipped",
    }
}

/// Writes the report as CSV (UTF-8 with a byte-order mark, so Excel shows names with accents as they are).
pub fn write_report_csv<W: Write>(rows: &[JobRow], out: W) -> std::io::Result<()> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(REPORT_HEADER).map_err(csv_error)?;
    for row in rows {
        let line = ReportLine::of(row);
        // Free text (a name from the operator's file, a message with Blooio's words) could start like a
        // formula; ids, E.164 numbers and emails were validated.
        let line = ReportLine {
            name: spreadsheet_safe(&line.name),
            message: spreadsheet_safe(&line.message),
            ..line
        };
        writer.write_record(line.cells()).map_err(csv_error)?;
    }
    writer.flush()
}

/// Writes the report as an .xlsx workbook at `path` (cells are text: nothing in them is run as a formula).
pub fn write_report_xlsx(rows: &[JobRow], path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Report")?;
    let bold = Format::new().set_bold();
    for (column, title) in (0u16..).zip(REPORT_HEADER) {
        sheet.write_string_with_format(0, column, title, &bold)?;
    }
    for (line_number, row) in (1u32..).zip(rows) {
        let line = ReportLine::of(row);
        for (column, cell) in (0u16..).zip(line.cells()) {
            sheet.write_string(line_number, column, cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    book.save(path)
}

fn csv_error(error: csv::Error) -> std::io::Error {
    std::io::Error::other(error)
}
