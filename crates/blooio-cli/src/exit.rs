//! Exit codes: a script can tell "fix the input" from "fix the key" from "try again later".

use std::process::ExitCode;

use blooio_core::ApiError;

/// Shown at the end of `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  the group was created
  2  invalid input: a usage error, a name, chat GUID, member, region,
     base URL or members file these checks refuse, or a request Blooio
     rejected as invalid (400)
  3  authentication: no API key found, a malformed key, or Blooio
     refused the key (401, 403)
  4  conflict: the group already exists (409: same chat GUID, or same
     members)
  5  transport failure: timeout, Blooio unreachable, TLS failure, or a
     broken connection; after a timeout or a broken connection the group
     may have been created, so check before running again
  6  any other answer from Blooio (429, 5xx, an unreadable reply, ...)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    InvalidInput = 2,
    Auth = 3,
    Conflict = 4,
    Transport = 5,
    Other = 6,
}

impl Exit {
    pub fn for_api_error(error: &ApiError) -> Exit {
        match error {
            ApiError::Api { status, .. } => match status {
                400 | 422 => Exit::InvalidInput,
                401 | 403 => Exit::Auth,
                409 => Exit::Conflict,
                _ => Exit::Other,
            },
            ApiError::Timeout { .. }
            | ApiError::Connect(_)
            | ApiError::Tls(_)
            | ApiError::Transport { .. } => Exit::Transport,
            ApiError::Decode { .. } => Exit::Other,
            ApiError::Config(_) => Exit::InvalidInput,
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

    fn api(status: u16) -> ApiError {
        ApiError::Api {
            status,
            message: None,
            code: None,
            error: None,
            raw_body: None,
            retry_after_secs: None,
        }
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
            (api(502), Exit::Other),
            (api(503), Exit::Other),
            (ApiError::Timeout { sent: true }, Exit::Transport),
            (ApiError::Timeout { sent: false }, Exit::Transport),
            (ApiError::Connect("refused".into()), Exit::Transport),
            (ApiError::Tls("certificate".into()), Exit::Transport),
            (
                ApiError::Transport {
                    detail: "reset".into(),
                    sent: true,
                },
                Exit::Transport,
            ),
            (
                ApiError::Decode {
                    status: 201,
                    raw_body: String::new(),
                },
                Exit::Other,
            ),
            (ApiError::Config("bad url".into()), Exit::InvalidInput),
        ];
        for (error, exit) in cases {
            assert_eq!(Exit::for_api_error(&error), exit, "{error:?}");
        }
    }
}
