//! Text files: the bytes' encoding, then the cells.

pub mod delimited;
pub mod encoding;

use crate::limits::Limits;
use crate::problem::ImportProblem;
use crate::sheet::Sheet;

/// The name a text file's only sheet gets in the preview (a CSV has no sheet names).
pub const TEXT_SHEET_NAME: &str = "Sheet1";

pub fn read_text(bytes: &[u8], limits: &Limits) -> Result<Sheet, ImportProblem> {
    let decoded = encoding::decode(bytes);
    delimited::read_delimited(&decoded.text, TEXT_SHEET_NAME, limits)
}
