//! Blooio Groups API core: the wire types, the input rules, the API key, the HTTP client and its error.
//!
//! Nothing here knows about Tauri; the desktop shell and the CLI are thin adapters over this crate.

pub mod client;
pub mod create;
pub mod decode;
pub mod draft;
mod english;
pub mod error;
pub mod existing;
mod group_changes;
pub mod group_photo;
pub mod key;
mod lenient;
pub mod phone_sync;
pub mod photo;
pub mod problem;
pub mod reconcile;
pub mod rules;
pub mod types;

pub use client::{BlooioClient, ClientConfig, DEFAULT_BASE_URL, USER_AGENT};
pub use create::{
    CreateOutcome, MemoryPending, PendingCreate, PendingCreates, PendingStoreError,
    LOOK_AGAIN_AFTER,
};
pub use draft::{check_draft, DraftChecker, OK_ROWS_SHOWN};
pub use error::ApiError;
pub use existing::{EXISTING_MAX_COMPARED, EXISTING_MAX_PAGES, EXISTING_PAGE_SIZE};
pub use group_photo::{check_group_photo, CheckedPhoto, GROUP_PHOTO_MAX_BYTES};
pub use key::ApiKey;
pub use phone_sync::PhoneSync;
pub use photo::{GroupPhoto, PhotoError};
pub use problem::{ApiProblem, InputProblem, KeychainIssue, LookupGap, OutcomeProblem, Problem};
pub use reconcile::{unix_time_ms, ReconcileError, CLOCK_SKEW_ALLOWANCE_MS};
pub use rules::chat_guid::{check_chat_guid, ChatGuidCheck};
pub use rules::members::{
    parse_members, remove_members, warm_up, MemberChecker, MemberProblem, NumberPlace,
};
pub use rules::name::{check_name, NAME_MAX_CHARS};
pub use rules::regions::{
    check_region, region_from_locale, region_list, region_name, supported_regions,
};
pub use types::*;
