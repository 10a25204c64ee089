//! From a table of cells to groups: recognising headers, and reading rows through a column mapping.

pub mod headers;
pub mod mapping;
