//! Recognising a column by its header, the way people write headers: any case, spaces, punctuation, a number at
//! the end ("Phone 2", "E-mail:", "  Group name ").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a column holds, as far as groups are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "ImportColumnRole")]
pub enum ColumnRole {
    /// The group's name. "Group", "Group name", "Chat name" are certain; a bare "Name" is taken only when no
    /// group column exists (beside a "Group" column, "Name" is a person's).
    GroupName,
    /// Several members in one cell, or one member of several numbered columns ("Member 1").
    Members,
    Phone,
    Email,
    ChatGuid,
}

/// A header's role, and whether it carries a number ("Phone 2") — numbered member columns mean a group per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recognised {
    pub role: ColumnRole,
    pub numbered: bool,
    /// Only "Name": a group name when nothing better exists.
    pub weak: bool,
}

pub fn recognise(header: &str) -> Option<Recognised> {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let word = key.trim_end_matches(|c: char| c.is_ascii_digit());
    let numbered = word.len() < key.len();
    let (role, weak) = match word {
        "group" | "groupname" | "grouptitle" | "groupchat" | "groupchatname" | "chatname"
        | "chattitle" => (ColumnRole::GroupName, false),
        "name" | "title" => (ColumnRole::GroupName, true),
        "members" | "member" | "memberlist" | "participants" | "participant" | "recipients"
        | "recipient" | "imessage" | "handle" | "handles" => (ColumnRole::Members, false),
        "phone" | "phones" | "phonenumber" | "phonenumbers" | "phoneno" | "mobile"
        | "mobilephone" | "mobilenumber" | "mobilephonenumber" | "cell" | "cellphone"
        | "cellnumber" | "tel" | "telephone" | "telephonenumber" | "number" | "iphone"
        | "phonemobile" | "handy" => (ColumnRole::Phone, false),
        "email" | "emails" | "emailaddress" | "emailaddresses" | "mail" | "appleid" => {
            (ColumnRole::Email, false)
        }
        "chatguid" | "chatid" | "guid" | "chatidentifier" => (ColumnRole::ChatGuid, false),
        _ => return None,
    };
    Some(Recognised {
        role,
        numbered,
        weak,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        use ColumnRole::*;
        let cases: [(&str, Option<(ColumnRole, bool)>); 22] = [
            ("Group", Some((GroupName, false))),
            ("  group NAME: ", Some((GroupName, false))),
            ("Group-Name", Some((GroupName, false))),
            ("Name", Some((GroupName, false))),
            ("Members", Some((Members, false))),
            ("Member 1", Some((Members, true))),
            ("Phone", Some((Phone, false))),
            ("Phone 2", Some((Phone, true))),
            ("phone_number", Some((Phone, false))),
            ("Mobile", Some((Phone, false))),
            ("Cell phone", Some((Phone, false))),
            ("Tel.", Some((Phone, false))),
            ("Email", Some((Email, false))),
            ("E-mail", Some((Email, false))),
            ("E-Mail Address", Some((Email, false))),
            ("Email 3", Some((Email, true))),
            ("Chat GUID", Some((ChatGuid, false))),
            ("Chat ID", Some((ChatGuid, false))),
            ("chat_guid", Some((ChatGuid, false))),
            ("First name", None),
            ("Notes", None),
            ("", None),
        ];
        for (header, expected) in cases {
            assert_eq!(
                recognise(header).map(|r| (r.role, r.numbered)),
                expected,
                "{header}"
            );
        }
        assert!(recognise("Name").unwrap().weak);
        assert!(!recognise("Group name").unwrap().weak);
    }
}
