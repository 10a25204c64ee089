//! What a "not created" means for the run: the row's own fault (it fails), a refusal of every row for now (the
//! run pauses), or a moment to wait out (the row is sent again).

use std::time::Duration;

use blooio_core::{ApiProblem, OutcomeProblem, Problem};

/// What the runner does with a row Blooio did not create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotCreatedVerdict {
    /// 409: such a group exists already.
    Conflict,
    /// The row itself was refused (invalid, not found…): it fails with this problem; retrying it later is safe.
    Failed,
    /// Blooio asks to slow down: send the row again after this long (`None`: Blooio said not how long).
    RateLimited(Option<Duration>),
    /// A passing device-link error (502): send the row again after a short wait, a few times.
    Passing,
    /// Every row would meet the same refusal: pause the run with this problem.
    PauseRun,
}

/// The Blooio problem under a create protocol's outcome problem ("failed, and not created: <cause>").
pub(crate) fn api_cause(problem: &Problem) -> Option<&ApiProblem> {
    match problem {
        Problem::Api(api) => Some(api),
        Problem::Outcome(
            OutcomeProblem::NotCreated { cause } | OutcomeProblem::FailedNotCreated { cause },
        ) => Some(cause),
        _ => None,
    }
}

pub(crate) fn not_created(problem: &Problem) -> NotCreatedVerdict {
    use NotCreatedVerdict::*;
    if let Problem::Outcome(OutcomeProblem::PendingStoreFailed { .. }) = problem {
        return PauseRun;
    }
    match api_cause(problem) {
        Some(ApiProblem::Conflict { .. }) => Conflict,
        Some(ApiProblem::RateLimited { retry_after_secs }) => {
            RateLimited(retry_after_secs.map(Duration::from_secs))
        }
        Some(ApiProblem::DeviceError) => Passing,
        Some(
            ApiProblem::NoDevice
            | ApiProblem::Unauthorized
            | ApiProblem::Forbidden
            | ApiProblem::PaymentRequired
            | ApiProblem::Unreachable
            | ApiProblem::Tls
            | ApiProblem::NotAvailable,
        ) => PauseRun,
        Some(
            ApiProblem::Rejected { .. }
            | ApiProblem::NotFound
            | ApiProblem::ServerError
            | ApiProblem::Timeout { .. }
            | ApiProblem::BadResponse,
        )
        | None => Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(cause: ApiProblem) -> Problem {
        OutcomeProblem::FailedNotCreated {
            cause: Box::new(cause),
        }
        .into()
    }

    #[test]
    fn each_refusal_has_its_verdict() {
        use NotCreatedVerdict::*;
        let cases: Vec<(Problem, NotCreatedVerdict)> = vec![
            (ApiProblem::Conflict { linking: true }.into(), Conflict),
            (
                ApiProblem::RateLimited {
                    retry_after_secs: Some(3),
                }
                .into(),
                RateLimited(Some(Duration::from_secs(3))),
            ),
            (
                ApiProblem::RateLimited {
                    retry_after_secs: None,
                }
                .into(),
                RateLimited(None),
            ),
            (wrapped(ApiProblem::NoDevice), PauseRun),
            (wrapped(ApiProblem::DeviceError), Passing),
            (ApiProblem::Unauthorized.into(), PauseRun),
            (ApiProblem::PaymentRequired.into(), PauseRun),
            (ApiProblem::Unreachable.into(), PauseRun),
            (
                ApiProblem::Rejected {
                    server_message: Some("name too long".into()),
                }
                .into(),
                Failed,
            ),
            (wrapped(ApiProblem::ServerError), Failed),
            (
                OutcomeProblem::PendingStoreFailed {
                    detail: "disk full".into(),
                }
                .into(),
                PauseRun,
            ),
        ];
        for (problem, verdict) in cases {
            assert_eq!(not_created(&problem), verdict, "{problem:?}");
        }
    }
}
