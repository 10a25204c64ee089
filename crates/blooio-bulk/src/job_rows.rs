//! The groups of a previewed file that a job sends, and those it leaves out.

use blooio_import::{Preview, PreviewGroup};
use blooio_store::JobRowInput;

/// The job's rows, in the file's order: every group [`PreviewGroup::sendable`] says to send (with
/// `first_of_duplicates`, the first of groups the file repeats).
pub fn job_rows(preview: &Preview, first_of_duplicates: bool) -> Vec<JobRowInput> {
    preview
        .groups
        .iter()
        .filter(|group| group.sendable(first_of_duplicates))
        .filter_map(|group| {
            Some(JobRowInput {
                row_numbers: group.rows.clone(),
                request: group.request.clone()?,
            })
        })
        .collect()
}

/// The groups a job leaves out (problems, repeats, created before), for the report and the CLI's summary.
pub fn left_out(
    preview: &Preview,
    first_of_duplicates: bool,
) -> impl Iterator<Item = &PreviewGroup> {
    preview
        .groups
        .iter()
        .filter(move |group| !group.sendable(first_of_duplicates))
}
