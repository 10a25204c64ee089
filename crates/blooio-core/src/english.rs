//! The English sentences for every problem code, for what Rust itself shows: the CLI and the logs. The window
//! words the same codes in `ui/src/lib/words/`; a translation would add a module beside this one.

use std::fmt::{self, Display, Formatter};

use crate::problem::{ApiProblem, InputProblem, KeychainIssue, LookupGap, OutcomeProblem, Problem};

const CHAT_GUID_EXAMPLE: &str = "iMessage;+;chat123456789";

impl Display for Problem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Input(problem) => problem.fmt(f),
            Problem::Api(problem) => problem.fmt(f),
            Problem::Keychain(problem) => problem.fmt(f),
            Problem::Outcome(problem) => problem.fmt(f),
            // Worded with the member rules, in rules/members/wording.rs.
            Problem::Member(problem) => problem.fmt(f),
        }
    }
}

impl Display for InputProblem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use InputProblem::*;
        let chat_guid = |f: &mut Formatter<'_>, why: &str| {
            write!(
                f,
                "{why} A chat GUID looks like {CHAT_GUID_EXAMPLE}: the service, then + for a group chat or - for a \
                 direct chat, then the chat's id, separated by semicolons. Copy it again, or leave the field empty \
                 to create a new chat."
            )
        };
        match self {
            NameMissing => f.write_str("Enter a name for the group."),
            NameBlank => f.write_str("Enter a name for the group: it can't be only spaces."),
            NameControlCharacter { code_point } => write!(
                f,
                "Remove the {} from the group name: names can't contain line breaks, tabs or invisible control \
                 characters.",
                control_character(*code_point)
            ),
            NameTooLong { chars, max } => write!(
                f,
                "Shorten the group name to {max} characters or fewer: it has {chars}, {} too many.",
                chars.saturating_sub(*max)
            ),
            ChatGuidTooLong { chars } => chat_guid(
                f,
                &format!("This chat GUID is too long ({chars} characters; real ones are much shorter)."),
            ),
            ChatGuidHasSpace => chat_guid(
                f,
                "This chat GUID has a space, line break or invisible character in it.",
            ),
            ChatGuidNoSemicolons => chat_guid(f, "This isn't a chat GUID: it has no semicolons."),
            ChatGuidWrongPartCount { parts } => chat_guid(
                f,
                &format!("This chat GUID has {parts} parts; it should have 3."),
            ),
            ChatGuidServiceMissing => chat_guid(f, "The service before the first semicolon is missing."),
            ChatGuidKindInvalid => chat_guid(f, "The middle part must be + or -."),
            ChatGuidIdMissing => chat_guid(f, "The chat's id after the last semicolon is missing."),
            ChatGuidServiceCase { service, known } => write!(
                f,
                "Chat GUIDs usually spell the service “{known}”, not “{service}”. Check that this GUID was copied \
                 exactly; you can still create the group."
            ),
            ChatGuidServiceUnknown { service } => write!(
                f,
                "“{service}” isn't a service Blooio is known to use (iMessage, SMS, RCS or any). Check that the \
                 GUID was copied whole; you can still create the group."
            ),
            ApiKeyMissing => f.write_str("Enter your Blooio API key."),
            ApiKeyTooLong { chars } => write!(
                f,
                "That is too long to be a Blooio API key ({chars} characters). Paste only the key itself (it looks \
                 like bl_live_…)."
            ),
            ApiKeyHasSpace => f.write_str(
                "The API key has a space or line break inside it. Paste only the key itself (it looks like \
                 bl_live_…), on one line.",
            ),
            ApiKeyControlCharacter => f.write_str(
                "The API key contains an invisible control character. Copy it again from the Blooio dashboard and \
                 paste it here.",
            ),
            ApiKeyForeignCharacter => f.write_str(
                "The API key contains a character that can't be part of a key (such as a curly quote or “…”). \
                 Copy it again from the Blooio dashboard and paste it here.",
            ),
            RegionUnknown { input } => write!(
                f,
                "“{input}” isn't a country code this app knows. Choose the default country for numbers written \
                 without a country code, as a two-letter code such as US, GB or DE."
            ),
            MembersUnusable {
                count,
                first_input,
                first_problem: first_reason,
            } => {
                if *count == 1 {
                    write!(f, "Fix or remove “{first_input}”: {first_reason}")
                } else {
                    write!(
                        f,
                        "Fix or remove the {count} entries that can't be used, listed below. The first, \
                         “{first_input}”: {first_reason}"
                    )
                }
            }
            FormHasProblems { count } => {
                if *count == 1 {
                    f.write_str("Fix the problem below, then create the group again.")
                } else {
                    write!(f, "Fix the {count} problems below, then create the group again.")
                }
            }
            SettingInvalid { detail } => f.write_str(detail),
            PhotoTooLarge { bytes, max } => write!(
                f,
                "Choose a smaller photo: this one is {}, and Blooio takes at most {}.",
                megabytes(*bytes),
                megabytes(*max)
            ),
            PhotoTypeUnsupported => f.write_str(
                "Choose a JPEG, PNG, GIF, WebP, HEIC or HEIF image: this file isn't one (its content was checked, \
                 not only its name).",
            ),
            PhotoFileUnreadable { file_name, detail } => write!(
                f,
                "The file “{file_name}” couldn't be read ({detail}). Check that it is still there and that you may \
                 open it, or choose another photo."
            ),
            PhotoDropExpired => f.write_str(
                "The app no longer knows which file was dropped, as another one was dropped since. Drop the photo \
                 again.",
            ),
            PhotoDropSeveral { count } => write!(
                f,
                "{count} files were dropped: a group has one photo. Drop just the one you want."
            ),
        }
    }
}

/// A file size as people say it: "10 MB", "10.5 MB" (MiB, as upload limits count).
fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10).div_ceil(1024 * 1024);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// How a name's forbidden character is called in a sentence.
pub(crate) fn control_character(code_point: u32) -> String {
    match code_point {
        0x0A | 0x0D | 0x2028 | 0x2029 | 0x85 => "line break".to_owned(),
        0x09 => "tab".to_owned(),
        0x00 => "invisible NUL character (U+0000)".to_owned(),
        other => format!("invisible control character (U+{other:04X})"),
    }
}

impl Display for ApiProblem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use ApiProblem::*;
        match self {
            Rejected {
                server_message: Some(message),
            } => write!(
                f,
                "Blooio did not accept the group: {message}. Correct it and try again."
            ),
            Rejected {
                server_message: None,
            } => f.write_str("Blooio did not accept the group's details. Check them and try again."),
            Unauthorized => f.write_str(
                "Blooio rejected the API key. Check the key in your Blooio dashboard and enter it again. Nothing \
                 was created.",
            ),
            PaymentRequired => f.write_str(
                "Your Blooio trial limit has been reached. Upgrade your plan in the Blooio dashboard, then try \
                 again.",
            ),
            Forbidden => f.write_str(
                "This API key is not allowed to create groups. Ask your Blooio administrator for a key with \
                 access.",
            ),
            NotFound => f.write_str(
                "Blooio could not find what this request refers to. Check the chat GUID and the server address.",
            ),
            Conflict { linking: true } => f.write_str(
                "This iMessage chat is already linked to a Blooio group, so nothing new was created. Find that \
                 group in Blooio, or check that the chat GUID is the one you meant.",
            ),
            Conflict { linking: false } => f.write_str(
                "A group with exactly these members already exists on your Blooio number, and iMessage allows \
                 only one such group. Use the existing group, or change the members.",
            ),
            RateLimited {
                retry_after_secs: Some(secs),
            } => write!(
                f,
                "Blooio asks you to slow down. Wait {secs} seconds, then try again."
            ),
            RateLimited {
                retry_after_secs: None,
            } => f.write_str("Blooio asks you to slow down. Wait a minute, then try again."),
            ServerError => f.write_str(
                "Blooio had a problem on its side. Wait a moment and try again; if it keeps happening, contact \
                 Blooio support.",
            ),
            DeviceError => f.write_str(
                "Blooio could not talk to your iPhone or Mac just now. Wait a moment and try again.",
            ),
            NoDevice => f.write_str(
                "No iPhone or Mac is connected to your Blooio account. Open Blooio on your device, check it is \
                 online, then try again.",
            ),
            NotAvailable => f.write_str("Blooio does not offer this yet."),
            Timeout { sent: true } => f.write_str(
                "Blooio did not answer in time. The group may or may not have been created; check before trying \
                 again.",
            ),
            Timeout { sent: false } => {
                f.write_str("Blooio could not be reached in time. Check your internet connection, then try again. Nothing was created.")
            }
            Unreachable => f.write_str(
                "Blooio could not be reached. Check your internet connection, then try again. Nothing was created.",
            ),
            Tls => f.write_str(
                "The secure connection to Blooio failed. Check the computer's date and time and any proxy or \
                 antivirus that inspects traffic.",
            ),
            BadResponse => f.write_str(
                "Blooio sent a reply the app could not read. Try again in a moment; a proxy or firewall may be in \
                 the way.",
            ),
        }
    }
}

impl Display for KeychainIssue {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use KeychainIssue::*;
        match self {
            KeychainUnavailable { os, .. } if os == "linux" => f.write_str(
                "No system keychain is running, so the key cannot be saved. Install and start a Secret Service \
                 provider (GNOME Keyring: `sudo apt install gnome-keyring`, or KWallet) and sign in to a desktop \
                 session, or use the key for this session only.",
            ),
            KeychainUnavailable { store, .. } => write!(
                f,
                "The {store} cannot be reached. Restart the app or sign in again, or use the key for this session \
                 only."
            ),
            KeychainLocked { store, .. } => write!(
                f,
                "The {store} is locked or has no default collection. Unlock it (on Linux: open \"Passwords and \
                 Keys\" and unlock or create the \"Login\" keyring), then try again, or use the key for this \
                 session only."
            ),
            KeychainCorrupt => f.write_str(
                "The key stored in the keychain cannot be read. Remove it and enter your key again.",
            ),
            KeychainRefused { store } => write!(
                f,
                "The {store} refused the request. Try again, or use the key for this session only."
            ),
            KeychainBroken => {
                f.write_str("The key store stopped working after an earlier failure. Restart the app.")
            }
        }
    }
}

impl Display for OutcomeProblem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use OutcomeProblem::*;
        match self {
            NoKey => f.write_str("Add your Blooio API key first. Nothing was sent."),
            Busy => f.write_str(
                "A group is already being created. Wait for its result; this second request was not sent.",
            ),
            NotCreated { .. } => f.write_str(
                "The connection failed before Blooio answered, so the app asked Blooio: the group was not \
                 created. Creating it again is safe.",
            ),
            FailedNotCreated { cause } => write!(
                f,
                "{cause} The app checked with Blooio: the group was not created, so trying again is safe."
            ),
            OutcomeUnknown { why, .. } => write!(
                f,
                "The connection failed before Blooio answered, and the app could not confirm whether the group \
                 was created. Check your groups in Blooio; if you try again, the app checks first and will not \
                 make a second group. ({why})"
            ),
            MaybeStillInFlight { look_again_secs } => write!(
                f,
                "Blooio did not answer in time, and it has no such group yet; it may still be working on it. Wait \
                 {}, then try again: the app checks with Blooio first and will not make a second group.",
                if *look_again_secs <= 60 {
                    "a minute".to_owned()
                } else {
                    format!("{} minutes", look_again_secs.div_ceil(60))
                }
            ),
            PhotoUnavailable => f.write_str("The group's photo couldn't be shown. The group itself is fine."),
            PendingStoreFailed { detail } => write!(
                f,
                "The app couldn't keep its record of unfinished creates ({detail}), so nothing was sent. Check \
                 that the app's data folder can be written to, then try again."
            ),
            Internal { what } => write!(f, "Something went wrong inside the app ({what}). Try again."),
        }
    }
}

impl Display for LookupGap {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use LookupGap::*;
        match self {
            LookupFailed { cause } => write!(f, "asking Blooio failed: {cause}"),
            GroupWithoutId => f.write_str(
                "Blooio listed a group with this name without its id, so its members couldn't be compared",
            ),
            MemberWithoutIdentifier => f.write_str(
                "Blooio listed a member of a group with this name without its phone number or email",
            ),
            EndlessMembers => f.write_str(
                "Blooio kept listing members of a group with this name past the number the request had",
            ),
            TooManyNamesakes { limit } => write!(
                f,
                "more than {limit} groups with this name were created around the time it was sent"
            ),
            TooManyGroups { limit } => write!(
                f,
                "there are more groups to look through than the {limit} the app compares"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_say_how_to_fix_it() {
        let cases: [(Problem, &str); 6] = [
            (
                InputProblem::NameTooLong { chars: 300, max: 255 }.into(),
                "Shorten the group name to 255 characters or fewer: it has 300, 45 too many.",
            ),
            (
                InputProblem::NameControlCharacter { code_point: 9 }.into(),
                "Remove the tab from the group name",
            ),
            (
                ApiProblem::RateLimited {
                    retry_after_secs: Some(3),
                }
                .into(),
                "Wait 3 seconds, then try again.",
            ),
            (
                OutcomeProblem::FailedNotCreated {
                    cause: Box::new(ApiProblem::NoDevice),
                }
                .into(),
                "No iPhone or Mac is connected to your Blooio account. Open Blooio on your device, check it is \
                 online, then try again. The app checked with Blooio: the group was not created",
            ),
            (
                OutcomeProblem::OutcomeUnknown {
                    why: LookupGap::TooManyNamesakes { limit: 200 },
                    look_again_secs: 60,
                }
                .into(),
                "(more than 200 groups with this name were created around the time it was sent)",
            ),
            (
                OutcomeProblem::MaybeStillInFlight { look_again_secs: 60 }.into(),
                "Wait a minute, then try again",
            ),
        ];
        for (problem, fragment) in cases {
            let text = problem.to_string();
            assert!(text.contains(fragment), "{text:?} lacks {fragment:?}");
        }
    }

    #[test]
    fn control_characters_by_name() {
        assert_eq!(control_character(0x0A), "line break");
        assert_eq!(control_character(0x2028), "line break");
        assert_eq!(control_character(0x00), "invisible NUL character (U+0000)");
        assert_eq!(
            control_character(0x7F),
            "invisible control character (U+007F)"
        );
    }

    #[test]
    fn photo_sizes_read_as_people_say_them() {
        let too_large = |bytes: u64| {
            InputProblem::PhotoTooLarge {
                bytes,
                max: 10 * 1024 * 1024,
            }
            .to_string()
        };
        assert_eq!(
            too_large(10 * 1024 * 1024 + 1),
            "Choose a smaller photo: this one is 10.1 MB, and Blooio takes at most 10 MB."
        );
        assert!(too_large(25 * 1024 * 1024).contains("this one is 25 MB"));
        assert!(too_large(21 * 1024 * 1024 / 2).contains("this one is 10.5 MB"));
    }
}
