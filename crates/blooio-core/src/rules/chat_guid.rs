//! The chat GUID, checked loosely: `service;+ or -;identifier`. Apple adds services now and then (`any` arrived
//! with macOS 26), so an unfamiliar service is a warning, never a block.

use serde::Serialize;
use ts_rs::TS;

use crate::problem::InputProblem;
use crate::types::{Field, FieldProblem};

/// Services seen in real GUIDs. Matched exactly: the GUID must match the chat's own, letter for letter.
pub const KNOWN_SERVICES: [&str; 4] = ["iMessage", "SMS", "RCS", "any"];

/// Longest GUID accepted. Real ones are a few dozen characters (the longest kind, a direct chat with an email
/// address, stays under 270); a longer one is a paste of something else, and would only be refused by Blooio.
pub const CHAT_GUID_MAX_CHARS: usize = 512;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "status", content = "detail", rename_all = "lowercase")]
#[ts(export)]
pub enum ChatGuidCheck {
    /// Nothing entered: the group is not linked to an existing chat.
    Empty,
    /// A well-formed GUID with a known service, trimmed.
    Ok(String),
    /// Well-formed, but something about it is unusual; it can still be sent.
    Unfamiliar {
        guid: String,
        warning: InputProblem,
    },
    Invalid(FieldProblem),
}

pub fn check_chat_guid(raw: &str) -> ChatGuidCheck {
    let guid = raw.trim();
    if guid.is_empty() {
        return ChatGuidCheck::Empty;
    }
    let invalid =
        |problem: InputProblem| ChatGuidCheck::Invalid(FieldProblem::new(Field::ChatGuid, problem));
    let chars = guid.chars().count();
    if chars > CHAT_GUID_MAX_CHARS {
        return invalid(InputProblem::ChatGuidTooLong {
            chars: u32::try_from(chars).unwrap_or(u32::MAX),
        });
    }
    if guid.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return invalid(InputProblem::ChatGuidHasSpace);
    }
    let parts: Vec<&str> = guid.split(';').collect();
    let [service, kind, id] = parts[..] else {
        return if parts.len() == 1 {
            invalid(InputProblem::ChatGuidNoSemicolons)
        } else {
            invalid(InputProblem::ChatGuidWrongPartCount {
                parts: u32::try_from(parts.len()).unwrap_or(u32::MAX),
            })
        };
    };
    if service.is_empty() {
        return invalid(InputProblem::ChatGuidServiceMissing);
    }
    if kind != "+" && kind != "-" {
        return invalid(InputProblem::ChatGuidKindInvalid);
    }
    if id.is_empty() {
        return invalid(InputProblem::ChatGuidIdMissing);
    }
    if KNOWN_SERVICES.contains(&service) {
        return ChatGuidCheck::Ok(guid.to_owned());
    }
    let warning = match KNOWN_SERVICES
        .iter()
        .find(|known| known.eq_ignore_ascii_case(service))
    {
        Some(known) => InputProblem::ChatGuidServiceCase {
            service: service.to_owned(),
            known: (*known).to_owned(),
        },
        None => InputProblem::ChatGuidServiceUnknown {
            service: service.to_owned(),
        },
    };
    ChatGuidCheck::Unfamiliar {
        guid: guid.to_owned(),
        warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    enum Want<'a> {
        Empty,
        Ok(&'a str),
        Unfamiliar(&'a str),
        Invalid(&'a str),
    }

    #[test]
    fn chat_guids() {
        let longest = format!("iMessage;+;{}", "c".repeat(CHAT_GUID_MAX_CHARS - 11));
        let too_long = format!("{longest}c");
        let cases = [
            (longest.as_str(), Want::Ok(&longest)),
            (too_long.as_str(), Want::Invalid("too long (513 characters")),
            ("", Want::Empty),
            ("   \n", Want::Empty),
            (
                "iMessage;+;chat123456789",
                Want::Ok("iMessage;+;chat123456789"),
            ),
            (
                "  iMessage;+;chat123456789\n",
                Want::Ok("iMessage;+;chat123456789"),
            ),
            (
                "iMessage;-;+15551234567",
                Want::Ok("iMessage;-;+15551234567"),
            ),
            (
                "iMessage;-;someone@example.com",
                Want::Ok("iMessage;-;someone@example.com"),
            ),
            ("SMS;-;+447700900123", Want::Ok("SMS;-;+447700900123")),
            ("SMS;+;chat42", Want::Ok("SMS;+;chat42")),
            ("RCS;+;chat42", Want::Ok("RCS;+;chat42")),
            ("any;+;chat987654321", Want::Ok("any;+;chat987654321")),
            ("any;-;+15551234567", Want::Ok("any;-;+15551234567")),
            (
                "iMessage;+;4F5A1C2E-9B3D-4C6A-8E7F-0A1B2C3D4E5F",
                Want::Ok("iMessage;+;4F5A1C2E-9B3D-4C6A-8E7F-0A1B2C3D4E5F"),
            ),
            (
                "imessage;+;chat1",
                Want::Unfamiliar("usually spell the service “iMessage”"),
            ),
            (
                "Jabber;+;chat1",
                Want::Unfamiliar("“Jabber” isn't a service"),
            ),
            ("chat123456789", Want::Invalid("it has no semicolons")),
            ("iMessage;chat123", Want::Invalid("has 2 parts")),
            ("iMessage;+;chat1;x", Want::Invalid("has 4 parts")),
            ("iMessage;*;chat1", Want::Invalid("must be + or -")),
            ("iMessage;;chat1", Want::Invalid("must be + or -")),
            (
                ";+;chat1",
                Want::Invalid("service before the first semicolon is missing"),
            ),
            (
                "iMessage;+;",
                Want::Invalid("id after the last semicolon is missing"),
            ),
            ("iMessage; +;chat1", Want::Invalid("a space")),
            (
                "iMessage;+;chat\u{0}1",
                Want::Invalid("invisible character"),
            ),
        ];
        for (input, want) in cases {
            let got = check_chat_guid(input);
            match (&got, want) {
                (ChatGuidCheck::Empty, Want::Empty) => {}
                (ChatGuidCheck::Ok(g), Want::Ok(w)) => assert_eq!(g, w, "{input:?}"),
                (ChatGuidCheck::Unfamiliar { guid, warning }, Want::Unfamiliar(fragment)) => {
                    assert_eq!(guid, input.trim(), "{input:?}");
                    assert!(
                        warning.to_string().contains(fragment),
                        "{input:?}: {warning}"
                    );
                }
                (ChatGuidCheck::Invalid(problem), Want::Invalid(fragment)) => {
                    assert_eq!(problem.field, Field::ChatGuid);
                    assert!(
                        problem.to_string().contains(fragment),
                        "{input:?}: {}",
                        problem
                    );
                    assert!(
                        problem.to_string().contains("iMessage;+;chat123456789"),
                        "{input:?}: the message must show the expected shape"
                    );
                }
                _ => panic!("{input:?}: unexpected {got:?}"),
            }
        }
    }

    #[test]
    fn serialises_with_a_status_tag() {
        let value = serde_json::to_value(check_chat_guid("Jabber;+;x")).unwrap();
        assert_eq!(value["status"], "unfamiliar");
        assert_eq!(value["detail"]["guid"], "Jabber;+;x");
        assert_eq!(
            serde_json::to_value(check_chat_guid("")).unwrap(),
            serde_json::json!({"status": "empty"})
        );
    }
}
