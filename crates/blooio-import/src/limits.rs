//! How much the importer reads before it refuses a file. Every limit is far above a real sheet of groups and far
//! below what would exhaust a laptop: a file over a limit gets a message that says how to fix it, never a hang.

/// The defaults suit the app and the CLI; tests and the fuzzer pass smaller ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file as it is on disk.
    pub max_file_bytes: u64,
    /// A workbook's parts added up, as its zip directory declares them, before anything is unpacked. The zip
    /// reader stops at a part's declared size, so a part can't unpack to more than it declares.
    pub max_unpacked_bytes: u64,
    /// Parts in a workbook's zip.
    pub max_zip_entries: u32,
    /// Rows of the chosen sheet, counted to the last row with something in it.
    pub max_rows: u32,
    /// Cells of the chosen sheet, empty ones inside the used area included: what its table costs in memory.
    pub max_cells: u64,
}

/// 64 MiB: a 100,000-row CSV of groups is about 10 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: MAX_FILE_BYTES,
            max_unpacked_bytes: 256 * 1024 * 1024,
            max_zip_entries: 10_000,
            // A group per row: far more groups than anyone creates at once; Excel itself stops at 1,048,576.
            max_rows: 200_000,
            // 200,000 rows of 20 columns; the table costs about 50 bytes a cell.
            max_cells: 4_000_000,
        }
    }
}
