//! The one list of problems the app can report, each a stable code plus the arguments its sentence needs.
//!
//! A problem serialises as `{"code": "NameTooLong", "chars": 300, "max": 255}`: programs (the window, a script
//! reading `--json`) branch on `code`; people read the sentence made from it — by `english.rs` in Rust (the CLI,
//! logs) and by `ui/src/lib/words/` in the window. Codes are unique across the groups below, so `code` alone
//! names the problem; the groups only keep each list short. CLI exit codes are derived from these codes too.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::members::MemberProblem;

/// Every problem, whatever part of the app found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum Problem {
    Input(InputProblem),
    Api(ApiProblem),
    Keychain(KeychainIssue),
    Outcome(OutcomeProblem),
    /// One entry of the member list (`Member…`, `Phone…`, `Email…`), defined with the member rules. Boxed: it is
    /// the largest group, and errors carrying a `Problem` stay small.
    Member(Box<MemberProblem>),
}

/// The form's fields: the name, the chat GUID, the API key, the default country, the member list as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum InputProblem {
    /// Nothing typed in the name.
    NameMissing,
    /// Only spaces typed in the name.
    NameBlank,
    /// A line break, tab or other control character, by its code point.
    NameControlCharacter {
        code_point: u32,
    },
    NameTooLong {
        chars: u32,
        max: u32,
    },
    ChatGuidTooLong {
        chars: u32,
    },
    ChatGuidHasSpace,
    ChatGuidNoSemicolons,
    ChatGuidWrongPartCount {
        parts: u32,
    },
    ChatGuidServiceMissing,
    ChatGuidKindInvalid,
    ChatGuidIdMissing,
    /// A warning: the service is a known one in another case (`imessage`).
    ChatGuidServiceCase {
        service: String,
        known: String,
    },
    /// A warning: a service nobody has seen Blooio use.
    ChatGuidServiceUnknown {
        service: String,
    },
    ApiKeyMissing,
    ApiKeyTooLong {
        chars: u32,
    },
    ApiKeyHasSpace,
    ApiKeyControlCharacter,
    /// A curly quote, an ellipsis or another character no key has.
    ApiKeyForeignCharacter,
    RegionUnknown {
        input: String,
    },
    /// Entries of the member list that can't be sent; the first one and why.
    MembersUnusable {
        count: u32,
        first_input: String,
        first_problem: Box<MemberProblem>,
    },
    /// The whole form has problems (listed beside this one).
    FormHasProblems {
        count: u32,
    },
    /// A local setting can't be used: the base URL, a timeout.
    SettingInvalid {
        detail: String,
    },
    /// A group photo over Blooio's limit, checked before uploading.
    PhotoTooLarge {
        #[ts(type = "number")]
        bytes: u64,
        #[ts(type = "number")]
        max: u64,
    },
    /// A group photo that isn't a JPEG, PNG, GIF, WebP, HEIC or HEIF image (judged by its content).
    PhotoTypeUnsupported,
    /// The photo's file couldn't be read (gone, no permission); `detail` is the system's reason.
    PhotoFileUnreadable {
        file_name: String,
        detail: String,
    },
    /// A dropped file was named by a token that is no longer the last drop's.
    PhotoDropExpired,
    /// More than one file was dropped where one photo was expected.
    PhotoDropSeveral {
        count: u32,
    },
}

/// What Blooio (or the way to it) answered. The raw status and body stay in `ApiError` for support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum ApiProblem {
    /// 400/422: Blooio refused the request as invalid, with its own words when it gave some.
    Rejected {
        server_message: Option<String>,
    },
    Unauthorized,
    PaymentRequired,
    Forbidden,
    NotFound,
    /// 409. `linking`: the request named a chat GUID (that chat is linked already), else the same members exist.
    Conflict {
        linking: bool,
    },
    RateLimited {
        #[ts(type = "number | null")]
        retry_after_secs: Option<u64>,
    },
    ServerError,
    DeviceError,
    NoDevice,
    NotAvailable,
    /// No answer in time. `sent`: the request had left, so it may have been carried out.
    Timeout {
        sent: bool,
    },
    /// No connection could be made, or it broke before anything was sent. Nothing was sent.
    Unreachable,
    Tls,
    /// A reply that isn't Blooio's (a proxy's page), a redirect, or a success that couldn't be read.
    BadResponse,
}

/// The operating system's keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum KeychainIssue {
    /// No keychain service can be reached. `store`: its name on this system; `os`: "linux", "macos", "windows".
    KeychainUnavailable {
        store: String,
        os: String,
    },
    KeychainLocked {
        store: String,
        os: String,
    },
    /// The stored value can't be used.
    KeychainCorrupt,
    KeychainRefused {
        store: String,
    },
    /// The key store failed earlier in this session and stays off until the app restarts.
    KeychainBroken,
}

/// What became of a create, and the app's own refusals around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum OutcomeProblem {
    /// No API key is stored yet.
    NoKey,
    /// A create is already in flight; the second one was not sent.
    Busy,
    /// The answer was lost, and Blooio has no such group: creating it again is safe. `cause`: why it was lost.
    NotCreated {
        cause: Box<ApiProblem>,
    },
    /// Blooio answered with an error, and the lookup confirmed nothing was created.
    FailedNotCreated {
        cause: Box<ApiProblem>,
    },
    /// The answer was lost and the lookup could not settle it; look again after `look_again_secs`.
    OutcomeUnknown {
        why: LookupGap,
        #[ts(type = "number")]
        look_again_secs: u64,
    },
    /// The answer was lost, and Blooio has no such group yet; it may still be working on it.
    MaybeStillInFlight {
        #[ts(type = "number")]
        look_again_secs: u64,
    },
    /// The group's photo couldn't be fetched or isn't an image; the group itself is fine.
    PhotoUnavailable,
    /// The record of earlier unsettled creates couldn't be read or written, so nothing was sent.
    PendingStoreFailed {
        detail: String,
    },
    Internal {
        what: String,
    },
}

/// Why asking Blooio "was it created?" gave no answer to rely on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum LookupGap {
    /// A lookup request failed.
    LookupFailed { cause: Box<ApiProblem> },
    /// Blooio listed a group with this name without its id, so its members couldn't be compared.
    GroupWithoutId,
    /// Blooio listed a member of a group with this name without its phone number or email.
    MemberWithoutIdentifier,
    /// Blooio kept listing members past the number the request had.
    EndlessMembers,
    /// More groups with this name were created around that time than the lookup reads.
    TooManyNamesakes { limit: u32 },
    /// Looking for the group a 409 named: the account has more groups than the lookup reads, or more groups
    /// with the same number of people than it compares.
    TooManyGroups { limit: u32 },
}

macro_rules! into_problem {
    ($($group:ident => $variant:ident),*) => {$(
        impl From<$group> for Problem {
            fn from(problem: $group) -> Self {
                Problem::$variant(problem)
            }
        }
    )*};
}

into_problem!(
    InputProblem => Input,
    ApiProblem => Api,
    KeychainIssue => Keychain,
    OutcomeProblem => Outcome
);

impl From<MemberProblem> for Problem {
    fn from(problem: MemberProblem) -> Self {
        Problem::Member(Box::new(problem))
    }
}

impl Problem {
    /// The stable code, as the JSON's `code` carries it.
    pub fn code(&self) -> String {
        code_of(self)
    }
}

/// The `code` a problem type tagged `#[serde(tag = "code")]` serialises with; for problem lists kept outside this
/// crate (the store's) as much as for `Problem`.
pub fn code_of(problem: &impl Serialize) -> String {
    serde_json::to_value(problem)
        .ok()
        .and_then(|value| {
            value
                .get("code")
                .and_then(|c| c.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_problem_is_its_code_and_arguments() {
        let problem = Problem::from(InputProblem::NameTooLong {
            chars: 300,
            max: 255,
        });
        assert_eq!(
            serde_json::to_value(&problem).unwrap(),
            json!({"code": "NameTooLong", "chars": 300, "max": 255})
        );
        assert_eq!(problem.code(), "NameTooLong");
        let nested = Problem::from(OutcomeProblem::NotCreated {
            cause: Box::new(ApiProblem::Timeout { sent: true }),
        });
        assert_eq!(
            serde_json::to_value(&nested).unwrap(),
            json!({"code": "NotCreated", "cause": {"code": "Timeout", "sent": true}})
        );
    }

    #[test]
    fn problems_read_back_as_what_they_were() {
        let problems = [
            Problem::from(ApiProblem::Unauthorized),
            Problem::from(ApiProblem::RateLimited {
                retry_after_secs: Some(3),
            }),
            Problem::from(InputProblem::ApiKeyMissing),
            Problem::from(KeychainIssue::KeychainCorrupt),
            Problem::from(OutcomeProblem::Busy),
        ];
        for problem in problems {
            let json = serde_json::to_string(&problem).unwrap();
            assert_eq!(serde_json::from_str::<Problem>(&json).unwrap(), problem);
        }
    }
}
