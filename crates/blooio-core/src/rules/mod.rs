//! The input rules the form and the CLI share. Each returns a sentence that tells the operator how to fix the
//! input; none of them sends anything.

pub mod chat_guid;
pub mod members;
pub mod name;
pub mod regions;
