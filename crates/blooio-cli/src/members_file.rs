//! `--members-file`: members from a contacts export, a spreadsheet's member columns or a plain list, read by the
//! importer the window's "Add from a file…" uses; `--members-column` names the column when the file's headers
//! don't say.

use std::io::Read;
use std::path::Path;

use blooio_import::{
    member_sheet, members_file, read_file, FoundMembers, ImportProblem, Limits, MembersFile,
    MembersSource,
};

use crate::bulk_columns::column_index;

/// The entries of the file at `path` ("-": standard input), with a note for stderr saying what was read.
pub fn read_members_file(
    path: &Path,
    column: Option<&str>,
) -> Result<(Vec<String>, String), String> {
    let limits = Limits::default();
    let problem = |problem: ImportProblem| format!("--members-file: {problem}");
    let bytes = read_bytes(path, &limits).map_err(|failed| match failed {
        ImportProblem::FileUnreadable { detail } => {
            format!(
                "--members-file: couldn't read {} ({detail}).",
                path.display()
            )
        }
        other => problem(other),
    })?;
    let found = match column {
        Some(spec) => {
            let sheet = member_sheet(bytes, &limits).map_err(problem)?;
            let index = column_index(sheet.header(), spec).ok_or_else(|| {
                format!(
                    "--members-column: “{spec}” is neither a header of the file nor a column letter. The headers are: {}.",
                    sheet.headers().join(", ")
                )
            })?;
            sheet.entries(index).map_err(problem)?
        }
        None => match members_file(bytes, &limits).map_err(problem)? {
            MembersFile::Found(found) => found,
            MembersFile::PickColumn(sheet) => {
                let headers = sheet.headers();
                let example = headers.first().cloned().unwrap_or_else(|| "A".to_owned());
                return Err(format!(
                    "--members-file: {} Name it with --members-column (a header or a column letter), e.g. --members-column \"{example}\".",
                    ImportProblem::NoMemberColumn { headers }
                ));
            }
        },
    };
    let note = read_note(&found, path);
    Ok((found.entries, note))
}

/// The file's bytes, refused past the importer's size limit before they are read ("-": standard input, whose
/// size `members_file` checks once read).
fn read_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, ImportProblem> {
    if path.as_os_str() != "-" {
        return read_file(path, limits);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ImportProblem::FileUnreadable {
            detail: error.to_string(),
        })?;
    Ok(bytes)
}

/// What was read, so that an operator who expected another column or more cards sees it before anything is sent.
fn read_note(found: &FoundMembers, path: &Path) -> String {
    let count = found.entries.len();
    let entries = if count == 1 {
        "1 entry".to_owned()
    } else {
        format!("{count} entries")
    };
    let file = if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    match &found.from {
        MembersSource::Contacts { cards, .. } => {
            let cards = if *cards == 1 {
                "1 contact".to_owned()
            } else {
                format!("{cards} contacts")
            };
            format!("Read {entries} from {cards} in {file}.\n")
        }
        MembersSource::Columns { columns } => {
            let named = columns
                .iter()
                .map(|c| format!("“{c}”"))
                .collect::<Vec<_>>()
                .join(", ");
            let word = if columns.len() == 1 {
                "column"
            } else {
                "columns"
            };
            format!("Read {entries} from the {word} {named} of {file}.\n")
        }
        MembersSource::List => format!("Read {entries} from {file}.\n"),
    }
}
