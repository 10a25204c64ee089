//! Exit codes, derived from the core's problem codes: a script can tell "fix the input" from "fix the key" from
//! "try again later" from "check first".

use std::process::ExitCode;

use blooio_core::{ApiProblem, OutcomeProblem, Problem};

/// Shown at the end of `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  the group was created (also when Blooio's answer was lost and the
     group was found by asking Blooio afterwards)
  2  invalid input: a usage error, a name, chat GUID, member, region,
     base URL or members file these checks refuse, or a request Blooio
     rejected as invalid (400)
  3  authentication: no API key found, a malformed key, or Blooio
     refused the key (401, 403)
  4  conflict: the group already exists (409: same chat GUID, or same
     members)
  5  not created, and running again is safe: Blooio couldn't be
     reached, or its answer was lost and Blooio has no such group
  6  any other answer from Blooio (429, 5xx, an unreadable reply, ...)
     or a local failure
  7  still unknown: the answer was lost and asking Blooio didn't settle
     whether the group exists; running the same command again checks
     with Blooio first and won't create a second group
  8  not found: no group with that id on this account (also a deleted
     one), for show, rename, delete, photo and members

For the subcommands, 0 means done, and 5 means nothing was sent.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    InvalidInput = 2,
    Auth = 3,
    Conflict = 4,
    NotCreated = 5,
    Other = 6,
    Unknown = 7,
    NotFound = 8,
}

impl Exit {
    pub fn for_problem(problem: &Problem) -> Exit {
        match problem {
            Problem::Input(_) | Problem::Member(_) => Exit::InvalidInput,
            Problem::Api(api) => Exit::for_api(api),
            Problem::Keychain(_) => Exit::Auth,
            Problem::Outcome(outcome) => match outcome {
                OutcomeProblem::NoKey => Exit::Auth,
                OutcomeProblem::NotCreated { .. } => Exit::NotCreated,
                OutcomeProblem::FailedNotCreated { cause } => Exit::for_api(cause),
                OutcomeProblem::OutcomeUnknown { .. }
                | OutcomeProblem::MaybeStillInFlight { .. } => Exit::Unknown,
                OutcomeProblem::Busy
                | OutcomeProblem::PhotoUnavailable
                | OutcomeProblem::PendingStoreFailed { .. }
                | OutcomeProblem::Internal { .. } => Exit::Other,
            },
        }
    }

    /// For a command about one group (show, rename, delete, photo, members): a 404 means that group isn't
    /// there, which a script wants to tell from other failures (a delete that finds nothing, say).
    pub fn for_group_problem(problem: &Problem) -> Exit {
        match problem {
            Problem::Api(ApiProblem::NotFound) => Exit::NotFound,
            other => Exit::for_problem(other),
        }
    }

    fn for_api(problem: &ApiProblem) -> Exit {
        match problem {
            ApiProblem::Rejected { .. } => Exit::InvalidInput,
            ApiProblem::Unauthorized | ApiProblem::Forbidden => Exit::Auth,
            ApiProblem::Conflict { .. } => Exit::Conflict,
            ApiProblem::Unreachable | ApiProblem::Tls | ApiProblem::Timeout { sent: false } => {
                Exit::NotCreated
            }
            // Only reached when the outcome was settled some other way; a create's lost answer is looked up.
            ApiProblem::Timeout { sent: true } => Exit::Unknown,
            ApiProblem::PaymentRequired
            | ApiProblem::NotFound
            | ApiProblem::RateLimited { .. }
            | ApiProblem::ServerError
            | ApiProblem::DeviceError
            | ApiProblem::NoDevice
            | ApiProblem::NotAvailable
            | ApiProblem::BadResponse => Exit::Other,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use blooio_core::{ApiError, InputProblem, LookupGap};

    fn api(status: u16) -> Problem {
        ApiError::Api {
            status,
            message: None,
            code: None,
            error: None,
            raw_body: None,
            retry_after_secs: None,
        }
        .problem()
    }

    #[test]
    fn codes() {
        let cases = [
            (api(400), Exit::InvalidInput),
            (api(401), Exit::Auth),
            (api(402), Exit::Other),
            (api(403), Exit::Auth),
            (api(404), Exit::Other),
            (api(409), Exit::Conflict),
            (api(429), Exit::Other),
            (api(500), Exit::Other),
            (api(503), Exit::Other),
            (
                ApiError::Timeout { sent: false }.problem(),
                Exit::NotCreated,
            ),
            (
                ApiError::Connect("refused".into()).problem(),
                Exit::NotCreated,
            ),
            (
                ApiError::Tls("certificate".into()).problem(),
                Exit::NotCreated,
            ),
            (
                ApiError::Config("bad url".into()).problem(),
                Exit::InvalidInput,
            ),
            (InputProblem::NameMissing.into(), Exit::InvalidInput),
            (OutcomeProblem::NoKey.into(), Exit::Auth),
            (
                OutcomeProblem::NotCreated {
                    cause: Box::new(ApiProblem::BadResponse),
                }
                .into(),
                Exit::NotCreated,
            ),
            (
                OutcomeProblem::FailedNotCreated {
                    cause: Box::new(ApiProblem::NoDevice),
                }
                .into(),
                Exit::Other,
            ),
            (
                OutcomeProblem::OutcomeUnknown {
                    why: LookupGap::GroupWithoutId,
                    look_again_secs: 60,
                }
                .into(),
                Exit::Unknown,
            ),
            (
                OutcomeProblem::MaybeStillInFlight {
                    look_again_secs: 60,
                }
                .into(),
                Exit::Unknown,
            ),
        ];
        for (problem, exit) in cases {
            assert_eq!(Exit::for_problem(&problem), exit, "{problem:?}");
        }
        assert_eq!(Exit::for_group_problem(&api(404)), Exit::NotFound);
        assert_eq!(Exit::for_group_problem(&api(401)), Exit::Auth);
        assert_eq!(
            Exit::for_group_problem(&InputProblem::PhotoTypeUnsupported.into()),
            Exit::InvalidInput
        );
    }
}
