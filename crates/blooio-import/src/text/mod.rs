//! Text files: the bytes' encoding, then the cells.

pub mod delimited;
pub mod encoding;

/// The name a text file's only sheet gets in the preview (a CSV has no sheet names).
pub const TEXT_SHEET_NAME: &str = "Sheet1";
