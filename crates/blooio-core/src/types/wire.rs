//! Blooio's wire format: the bodies the API takes and answers, exactly as it names them.
//!
//! Conventions, so that the generated TypeScript always matches what serde writes:
//! - struct fields keep Blooio's snake_case names (no renaming), so the UI sees the API's own words;
//! - `Field` is snake_case (`"chat_guid"`, the request field it is about); `MemberKind`, `MemberStatus` and
//!   `ListSort` are lowercase / snake_case strings; `ErrorKind` is PascalCase (`"Unauthorized"`), a stable code;
//! - `Option` fields serialise as `null` (TS `T | null`), except in `CreateGroupRequest`, where an absent
//!   field is left out (TS `field?: T`), as the API expects;
//! - 64-bit integers are typed `number` in TS: they are counts and millisecond timestamps, far below 2^53.
//!
//! Responses are decoded leniently (see `lenient.rs`): every field may be missing, `null` or of the wrong type
//! without failing the response, unknown fields are ignored, and a `null` list is an empty list.

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

use crate::lenient::{object_only, Loose, LooseList, LooseObject};

/// The body of `POST /groups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CreateGroupRequest {
    pub name: String,
    /// Links the group to an existing iMessage chat; left out of the body when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub chat_guid: Option<String>,
    /// E.164 phone numbers and lower-case emails; left out of the body when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

/// A group as Blooio describes it. Every field is optional because Blooio's own SDK models it that way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Group {
    /// `grp_` followed by letters and digits.
    pub group_id: Option<String>,
    /// `null` for unnamed groups.
    pub name: Option<String>,
    pub chat_guid: Option<String>,
    pub icon_url: Option<String>,
    #[ts(type = "number | null")]
    pub member_count: Option<u64>,
    #[ts(type = "number | null")]
    pub message_count: Option<u64>,
    pub last_message_text: Option<String>,
    /// Unix time in milliseconds.
    #[ts(type = "number | null")]
    pub last_message_time: Option<i64>,
    /// `"inbound"` or `"outbound"`; kept as text so a new value does not fail decoding.
    pub last_message_direction: Option<String>,
    /// Unix time in milliseconds.
    #[ts(type = "number | null")]
    pub created_at: Option<i64>,
}

/// The `201 Created` answer to `POST /groups`: the group plus what happened to its members.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CreatedGroup {
    #[serde(flatten)]
    pub group: Group,
    /// Identifiers added to the group; `null` or missing decodes as empty.
    pub added_members: Vec<String>,
    /// Contacts Blooio created because they did not exist yet; `null` or missing decodes as empty.
    pub created_contacts: Vec<String>,
}

/// The answer to `GET /groups`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GroupList {
    pub groups: Vec<Group>,
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Pagination {
    #[ts(type = "number | null")]
    pub limit: Option<u64>,
    #[ts(type = "number | null")]
    pub offset: Option<u64>,
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// One member of a group, from `GET /groups/{group_id}/members`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GroupMember {
    /// The membership's id.
    pub id: Option<String>,
    /// The contact's id in the key's contact book.
    pub contact_id: Option<String>,
    /// The phone number (E.164) or email address, as Blooio stores it.
    pub identifier: Option<String>,
    /// The contact's name, when it has one.
    pub name: Option<String>,
    /// Unix time in milliseconds.
    #[ts(type = "number | null")]
    pub added_at: Option<i64>,
}

/// The answer to `GET /groups/{group_id}/members`: one page of members.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GroupMembers {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub icon_url: Option<String>,
    /// A non-object element is skipped; `null` or missing decodes as empty.
    pub members: Vec<GroupMember>,
    pub pagination: Option<Pagination>,
}

/// Query of `GET /groups`. Values are passed through as given: Blooio answers 400 to a `limit` outside 1–200,
/// and quietly clamping it here would hide that from the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListQuery {
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub offset: Option<u32>,
    /// Matches the group name.
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub sort: Option<ListSort>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ListSort {
    Recent,
    Oldest,
    NameAsc,
    NameDesc,
}

impl ListSort {
    /// The value Blooio expects in the `sort` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            ListSort::Recent => "recent",
            ListSort::Oldest => "oldest",
            ListSort::NameAsc => "name_asc",
            ListSort::NameDesc => "name_desc",
        }
    }
}

// Responses are decoded through private wire structs whose fields never fail (see `lenient.rs`); the public
// types keep plain `Option`s so callers and ts-rs see ordinary shapes.

#[derive(Deserialize)]
struct GroupWire {
    #[serde(default)]
    group_id: Loose<String>,
    #[serde(default)]
    name: Loose<String>,
    #[serde(default)]
    chat_guid: Loose<String>,
    #[serde(default)]
    icon_url: Loose<String>,
    #[serde(default)]
    member_count: Loose<u64>,
    #[serde(default)]
    message_count: Loose<u64>,
    #[serde(default)]
    last_message_text: Loose<String>,
    #[serde(default)]
    last_message_time: Loose<i64>,
    #[serde(default)]
    last_message_direction: Loose<String>,
    #[serde(default)]
    created_at: Loose<i64>,
}

impl From<GroupWire> for Group {
    fn from(w: GroupWire) -> Self {
        Group {
            group_id: w.group_id.get(),
            name: w.name.get(),
            chat_guid: w.chat_guid.get(),
            icon_url: w.icon_url.get(),
            member_count: w.member_count.get(),
            message_count: w.message_count.get(),
            last_message_text: w.last_message_text.get(),
            last_message_time: w.last_message_time.get(),
            last_message_direction: w.last_message_direction.get(),
            created_at: w.created_at.get(),
        }
    }
}

impl<'de> Deserialize<'de> for Group {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object_only::<_, GroupWire>(deserializer).map(Group::from)
    }
}

#[derive(Deserialize)]
struct CreatedGroupWire {
    #[serde(flatten)]
    group: GroupWire,
    #[serde(default)]
    added_members: Loose<Vec<String>>,
    #[serde(default)]
    created_contacts: Loose<Vec<String>>,
}

impl<'de> Deserialize<'de> for CreatedGroup {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, CreatedGroupWire>(deserializer)?;
        Ok(CreatedGroup {
            group: w.group.into(),
            added_members: w.added_members.or_default(),
            created_contacts: w.created_contacts.or_default(),
        })
    }
}

#[derive(Deserialize)]
struct GroupListWire {
    #[serde(default)]
    groups: LooseList<Group>,
    #[serde(default)]
    pagination: LooseObject<Pagination>,
}

impl<'de> Deserialize<'de> for GroupList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, GroupListWire>(deserializer)?;
        Ok(GroupList {
            groups: w.groups.0,
            pagination: w.pagination.0,
        })
    }
}

#[derive(Deserialize)]
struct GroupMemberWire {
    #[serde(default)]
    id: Loose<String>,
    #[serde(default)]
    contact_id: Loose<String>,
    #[serde(default)]
    identifier: Loose<String>,
    #[serde(default)]
    name: Loose<String>,
    #[serde(default)]
    added_at: Loose<i64>,
}

impl<'de> Deserialize<'de> for GroupMember {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, GroupMemberWire>(deserializer)?;
        Ok(GroupMember {
            id: w.id.get(),
            contact_id: w.contact_id.get(),
            identifier: w.identifier.get(),
            name: w.name.get(),
            added_at: w.added_at.get(),
        })
    }
}

#[derive(Deserialize)]
struct GroupMembersWire {
    #[serde(default)]
    group_id: Loose<String>,
    #[serde(default)]
    group_name: Loose<String>,
    #[serde(default)]
    icon_url: Loose<String>,
    #[serde(default)]
    members: LooseList<GroupMember>,
    #[serde(default)]
    pagination: LooseObject<Pagination>,
}

impl<'de> Deserialize<'de> for GroupMembers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, GroupMembersWire>(deserializer)?;
        Ok(GroupMembers {
            group_id: w.group_id.get(),
            group_name: w.group_name.get(),
            icon_url: w.icon_url.get(),
            members: w.members.0,
            pagination: w.pagination.0,
        })
    }
}

#[derive(Deserialize)]
struct PaginationWire {
    #[serde(default)]
    limit: Loose<u64>,
    #[serde(default)]
    offset: Loose<u64>,
    #[serde(default)]
    total: Loose<u64>,
}

impl<'de> Deserialize<'de> for Pagination {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, PaginationWire>(deserializer)?;
        Ok(Pagination {
            limit: w.limit.get(),
            offset: w.offset.get(),
            total: w.total.get(),
        })
    }
}

// Changing a group that exists: rename, delete, photo, members. Shapes from Blooio's official SDK, where every
// field is optional; decoded as leniently as the group itself.

/// The body of `PATCH /groups/{group_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RenameGroupRequest {
    pub name: String,
}

/// The body of `POST /groups/{group_id}/members`: despite its name, `contact_id` is the phone number or email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddMemberRequest {
    pub contact_id: String,
}

/// What Blooio says about carrying a change to the linked iMessage chat on its device. Rename answers carry
/// `action` and `error`; photo answers carry `message`. See [`crate::PhoneSync`] for what it means.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeviceSync {
    pub chat_guid: Option<String>,
    /// What was done to the chat; kept as text so a new value does not fail decoding.
    pub action: Option<String>,
    pub synced: Option<bool>,
    /// Why it did not reach the chat, when it did not.
    pub error: Option<String>,
    /// A status sentence.
    pub message: Option<String>,
}

/// The answer to `PATCH /groups/{group_id}`: the renamed group and what became of the linked chat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RenamedGroup {
    #[serde(flatten)]
    pub group: Group,
    /// `null` or missing for a group without a linked chat (the sandbox sends `null`).
    pub device_sync: Option<DeviceSync>,
}

/// The answer to `DELETE /groups/{group_id}` (a soft delete).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Deleted {
    pub success: Option<bool>,
    /// Unix time in milliseconds.
    #[ts(type = "number | null")]
    pub deleted_at: Option<i64>,
}

/// The answer to `POST` and `DELETE /groups/{group_id}/icon`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct IconChange {
    pub success: Option<bool>,
    pub group_id: Option<String>,
    pub chat_guid: Option<String>,
    /// The new photo's address; only in the answer to a set.
    pub icon_url: Option<String>,
    pub message: Option<String>,
    pub device_sync: Option<DeviceSync>,
}

/// The answer to `POST /groups/{group_id}/members` (501 at Blooio today; the shape is its SDK's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MemberAdded {
    pub member: Option<GroupMember>,
    pub message: Option<String>,
}

/// The answer to `DELETE /groups/{group_id}/members/{identifier}` (501 at Blooio today; its SDK's shape).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MemberRemoved {
    pub success: Option<bool>,
    /// Unix time in milliseconds.
    #[ts(type = "number | null")]
    pub removed_at: Option<i64>,
}

#[derive(Deserialize)]
struct DeviceSyncWire {
    #[serde(default)]
    chat_guid: Loose<String>,
    #[serde(default)]
    action: Loose<String>,
    #[serde(default)]
    synced: Loose<bool>,
    #[serde(default)]
    error: Loose<String>,
    #[serde(default)]
    message: Loose<String>,
}

impl<'de> Deserialize<'de> for DeviceSync {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, DeviceSyncWire>(deserializer)?;
        Ok(DeviceSync {
            chat_guid: w.chat_guid.get(),
            action: w.action.get(),
            synced: w.synced.get(),
            error: w.error.get(),
            message: w.message.get(),
        })
    }
}

#[derive(Deserialize)]
struct RenamedGroupWire {
    #[serde(flatten)]
    group: GroupWire,
    #[serde(default)]
    device_sync: LooseObject<DeviceSync>,
}

impl<'de> Deserialize<'de> for RenamedGroup {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, RenamedGroupWire>(deserializer)?;
        Ok(RenamedGroup {
            group: w.group.into(),
            device_sync: w.device_sync.0,
        })
    }
}

#[derive(Deserialize)]
struct DeletedWire {
    #[serde(default)]
    success: Loose<bool>,
    #[serde(default)]
    deleted_at: Loose<i64>,
}

impl<'de> Deserialize<'de> for Deleted {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, DeletedWire>(deserializer)?;
        Ok(Deleted {
            success: w.success.get(),
            deleted_at: w.deleted_at.get(),
        })
    }
}

#[derive(Deserialize)]
struct IconChangeWire {
    #[serde(default)]
    success: Loose<bool>,
    #[serde(default)]
    group_id: Loose<String>,
    #[serde(default)]
    chat_guid: Loose<String>,
    #[serde(default)]
    icon_url: Loose<String>,
    #[serde(default)]
    message: Loose<String>,
    #[serde(default)]
    device_sync: LooseObject<DeviceSync>,
}

impl<'de> Deserialize<'de> for IconChange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, IconChangeWire>(deserializer)?;
        Ok(IconChange {
            success: w.success.get(),
            group_id: w.group_id.get(),
            chat_guid: w.chat_guid.get(),
            icon_url: w.icon_url.get(),
            message: w.message.get(),
            device_sync: w.device_sync.0,
        })
    }
}

#[derive(Deserialize)]
struct MemberAddedWire {
    #[serde(default)]
    member: LooseObject<GroupMember>,
    #[serde(default)]
    message: Loose<String>,
}

impl<'de> Deserialize<'de> for MemberAdded {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, MemberAddedWire>(deserializer)?;
        Ok(MemberAdded {
            member: w.member.0,
            message: w.message.get(),
        })
    }
}

#[derive(Deserialize)]
struct MemberRemovedWire {
    #[serde(default)]
    success: Loose<bool>,
    #[serde(default)]
    removed_at: Loose<i64>,
}

impl<'de> Deserialize<'de> for MemberRemoved {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = object_only::<_, MemberRemovedWire>(deserializer)?;
        Ok(MemberRemoved {
            success: w.success.get(),
            removed_at: w.removed_at.get(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_leaves_out_absent_fields() {
        let cases = [
            (
                CreateGroupRequest {
                    name: "Team".into(),
                    chat_guid: None,
                    members: vec![],
                },
                json!({"name": "Team"}),
            ),
            (
                CreateGroupRequest {
                    name: "Team".into(),
                    chat_guid: Some("iMessage;+;chat1".into()),
                    members: vec!["+12125550100".into()],
                },
                json!({"name": "Team", "chat_guid": "iMessage;+;chat1", "members": ["+12125550100"]}),
            ),
        ];
        for (request, expected) in cases {
            assert_eq!(serde_json::to_value(&request).unwrap(), expected);
        }
    }

    #[test]
    fn created_group_decodes_the_documented_shape() {
        let body = json!({
            "group_id": "grp_abc123",
            "name": "Team",
            "chat_guid": null,
            "icon_url": null,
            "member_count": 2,
            "message_count": 0,
            "last_message_text": null,
            "last_message_time": null,
            "last_message_direction": "outbound",
            "created_at": 1_735_689_600_000_i64,
            "added_members": ["+12125550100", "a@example.com"],
            "created_contacts": ["a@example.com"]
        });
        let created: CreatedGroup = serde_json::from_value(body).unwrap();
        assert_eq!(created.group.group_id.as_deref(), Some("grp_abc123"));
        assert_eq!(created.group.name.as_deref(), Some("Team"));
        assert_eq!(created.group.member_count, Some(2));
        assert_eq!(created.group.created_at, Some(1_735_689_600_000));
        assert_eq!(
            created.group.last_message_direction.as_deref(),
            Some("outbound")
        );
        assert_eq!(created.added_members, vec!["+12125550100", "a@example.com"]);
        assert_eq!(created.created_contacts, vec!["a@example.com"]);
    }

    #[test]
    fn responses_decode_leniently() {
        // (body, what the decoded CreatedGroup must look like)
        let cases: Vec<(&str, serde_json::Value, CreatedGroup)> = vec![
            ("empty object", json!({}), CreatedGroup::default()),
            (
                "null lists",
                json!({"group_id": "grp_1", "added_members": null, "created_contacts": null}),
                CreatedGroup {
                    group: Group {
                        group_id: Some("grp_1".into()),
                        ..Group::default()
                    },
                    ..CreatedGroup::default()
                },
            ),
            (
                "every field null",
                json!({"group_id": null, "name": null, "chat_guid": null, "icon_url": null, "member_count": null,
                       "message_count": null, "last_message_text": null, "last_message_time": null,
                       "last_message_direction": null, "created_at": null}),
                CreatedGroup::default(),
            ),
            (
                "unknown fields",
                json!({"group_id": "grp_1", "device_sync": {"ok": true}, "something_new": [1, 2]}),
                CreatedGroup {
                    group: Group {
                        group_id: Some("grp_1".into()),
                        ..Group::default()
                    },
                    ..CreatedGroup::default()
                },
            ),
            (
                "wrong types cost only their field",
                json!({"group_id": "grp_1", "name": {"first": "x"}, "member_count": "3", "message_count": -1,
                       "created_at": 1.7e12, "last_message_time": "soon", "added_members": "+12125550100",
                       "created_contacts": ["a@example.com", 7, null, {"x": 1}]}),
                CreatedGroup {
                    group: Group {
                        group_id: Some("grp_1".into()),
                        member_count: Some(3),
                        created_at: Some(1_700_000_000_000),
                        ..Group::default()
                    },
                    added_members: vec![],
                    created_contacts: vec!["a@example.com".into(), "7".into()],
                },
            ),
        ];
        for (what, body, expected) in cases {
            let decoded: CreatedGroup = serde_json::from_value(body)
                .unwrap_or_else(|e| panic!("{what}: failed to decode: {e}"));
            assert_eq!(decoded, expected, "{what}");
        }
    }

    #[test]
    fn group_list_decodes_leniently() {
        let cases: Vec<(&str, serde_json::Value, usize, Option<Pagination>)> = vec![
            ("empty", json!({}), 0, None),
            (
                "null groups",
                json!({"groups": null, "pagination": null}),
                0,
                None,
            ),
            (
                "one bad element does not sink the rest",
                json!({"groups": [{"group_id": "grp_1"}, 5, null, {"group_id": "grp_2", "name": 3}],
                       "pagination": {"limit": 50, "offset": 0, "total": "2"}}),
                2,
                Some(Pagination {
                    limit: Some(50),
                    offset: Some(0),
                    total: Some(2),
                }),
            ),
            (
                "pagination of the wrong type",
                json!({"groups": [], "pagination": "x"}),
                0,
                None,
            ),
        ];
        for (what, body, count, pagination) in cases {
            let list: GroupList =
                serde_json::from_value(body).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(list.groups.len(), count, "{what}");
            assert_eq!(list.pagination, pagination, "{what}");
        }
    }

    #[test]
    fn group_members_decode_the_documented_shape_leniently() {
        let body = json!({
            "group_id": "grp_1", "group_name": "Team", "icon_url": null,
            "members": [
                {"id": "gm_1", "contact_id": "ct_1", "identifier": "+12125550100", "name": null, "added_at": 1_735_689_600_000_i64},
                {"identifier": "ann@example.com", "added_at": "1735689600001", "extra": true},
                7, null, "x",
                {"id": 42, "identifier": ["not", "text"]}
            ],
            "pagination": {"limit": 50, "offset": 0, "total": 3}
        });
        let decoded: GroupMembers = serde_json::from_value(body).unwrap();
        assert_eq!(decoded.group_id.as_deref(), Some("grp_1"));
        assert_eq!(decoded.group_name.as_deref(), Some("Team"));
        assert_eq!(decoded.members.len(), 3);
        assert_eq!(
            decoded.members[0],
            GroupMember {
                id: Some("gm_1".into()),
                contact_id: Some("ct_1".into()),
                identifier: Some("+12125550100".into()),
                name: None,
                added_at: Some(1_735_689_600_000),
            }
        );
        assert_eq!(decoded.members[1].added_at, Some(1_735_689_600_001));
        assert_eq!(decoded.members[2].id.as_deref(), Some("42"));
        assert_eq!(decoded.members[2].identifier, None);
        assert_eq!(decoded.pagination.and_then(|p| p.total), Some(3));
        let empty: GroupMembers = serde_json::from_value(json!({"members": null})).unwrap();
        assert_eq!(empty, GroupMembers::default());
        assert!(serde_json::from_str::<GroupMembers>("[]").is_err());
    }

    #[test]
    fn a_body_that_is_not_an_object_still_fails() {
        // Leniency is per field: an array or a string where the response object should be is a bad response.
        assert!(serde_json::from_str::<CreatedGroup>("[]").is_err());
        assert!(serde_json::from_str::<CreatedGroup>("\"ok\"").is_err());
        assert!(serde_json::from_str::<Group>("null").is_err());
        // serde's derived struct decoding would fill fields from an array in order; an array is not a group.
        for body in ["[]", r#"["grp_1", "Team"]"#, "7", "\"grp_1\""] {
            assert!(serde_json::from_str::<Group>(body).is_err(), "{body}");
            assert!(serde_json::from_str::<GroupList>(body).is_err(), "{body}");
            assert!(
                serde_json::from_str::<GroupMembers>(body).is_err(),
                "{body}"
            );
            assert!(serde_json::from_str::<GroupMember>(body).is_err(), "{body}");
            assert!(serde_json::from_str::<Pagination>(body).is_err(), "{body}");
        }
        // Nested arrays are dropped like any other wrong-typed element, not decoded field by field.
        let list: GroupList = serde_json::from_str(
            r#"{"groups": [["grp_1"], {"group_id": "grp_2"}], "pagination": [50, 0, 1]}"#,
        )
        .unwrap();
        assert_eq!(list.groups.len(), 1);
        assert_eq!(list.pagination, None);
    }

    #[test]
    fn created_group_serialises_flat() {
        let created = CreatedGroup {
            group: Group {
                group_id: Some("grp_1".into()),
                ..Group::default()
            },
            added_members: vec!["+12125550100".into()],
            created_contacts: vec![],
        };
        let value = serde_json::to_value(&created).unwrap();
        assert_eq!(value["group_id"], json!("grp_1"));
        assert_eq!(value["added_members"], json!(["+12125550100"]));
        assert_eq!(value["name"], json!(null));
        // And it reads back the same, so the CLI's --json output is also valid input.
        assert_eq!(
            serde_json::from_value::<CreatedGroup>(value).unwrap(),
            created
        );
    }

    #[test]
    fn change_answers_decode_the_documented_shapes_leniently() {
        let renamed: RenamedGroup = serde_json::from_value(json!({
            "group_id": "grp_1", "name": "New", "chat_guid": "iMessage;+;chat1", "member_count": 2,
            "device_sync": {"chat_guid": "iMessage;+;chat1", "action": "rename", "synced": true, "error": null}
        }))
        .unwrap();
        assert_eq!(renamed.group.name.as_deref(), Some("New"));
        assert_eq!(renamed.group.member_count, Some(2));
        let sync = renamed.device_sync.unwrap();
        assert_eq!(
            (sync.action.as_deref(), sync.synced, sync.error),
            (Some("rename"), Some(true), None)
        );
        for device_sync in [json!(null), json!("yes"), json!([true])] {
            let renamed: RenamedGroup =
                serde_json::from_value(json!({"group_id": "grp_1", "device_sync": device_sync}))
                    .unwrap();
            assert_eq!(renamed.device_sync, None, "{device_sync}");
        }
        let odd: RenamedGroup = serde_json::from_value(
            json!({"device_sync": {"synced": "true", "error": 5, "extra": 1}}),
        )
        .unwrap();
        assert_eq!(
            odd.device_sync,
            Some(DeviceSync {
                synced: None,
                error: Some("5".into()),
                ..DeviceSync::default()
            }),
            "a wrongly typed field costs only that field"
        );

        let deleted: Deleted =
            serde_json::from_value(json!({"success": true, "deleted_at": 1_735_689_600_000_i64}))
                .unwrap();
        assert_eq!(
            deleted,
            Deleted {
                success: Some(true),
                deleted_at: Some(1_735_689_600_000)
            }
        );
        let iso: Deleted =
            serde_json::from_value(json!({"success": "yes", "deleted_at": "2025-01-01T00:00:00Z"}))
                .unwrap();
        assert_eq!(iso, Deleted::default());

        let icon: IconChange = serde_json::from_value(json!({
            "success": true, "group_id": "grp_1", "chat_guid": "iMessage;+;chat1", "icon_url": "https://x/1.png",
            "message": "Group icon updated successfully",
            "device_sync": {"chat_guid": "iMessage;+;chat1", "synced": false, "message": "No device"}
        }))
        .unwrap();
        assert_eq!(icon.icon_url.as_deref(), Some("https://x/1.png"));
        assert_eq!(
            icon.device_sync.as_ref().and_then(|d| d.synced),
            Some(false)
        );
        assert_eq!(
            serde_json::from_value::<IconChange>(json!({})).unwrap(),
            IconChange::default()
        );

        let added: MemberAdded = serde_json::from_value(
            json!({"member": {"identifier": "+12125550100"}, "message": "ok"}),
        )
        .unwrap();
        assert_eq!(
            added.member.and_then(|m| m.identifier).as_deref(),
            Some("+12125550100")
        );
        let removed: MemberRemoved =
            serde_json::from_value(json!({"success": true, "removed_at": 7})).unwrap();
        assert_eq!(removed.removed_at, Some(7));
        for body in ["[]", "\"ok\"", "null", "7"] {
            assert!(
                serde_json::from_str::<RenamedGroup>(body).is_err(),
                "{body}"
            );
            assert!(serde_json::from_str::<Deleted>(body).is_err(), "{body}");
            assert!(serde_json::from_str::<IconChange>(body).is_err(), "{body}");
            assert!(serde_json::from_str::<DeviceSync>(body).is_err(), "{body}");
            assert!(serde_json::from_str::<MemberAdded>(body).is_err(), "{body}");
            assert!(
                serde_json::from_str::<MemberRemoved>(body).is_err(),
                "{body}"
            );
        }
    }

    #[test]
    fn change_requests_are_blooios_bodies() {
        assert_eq!(
            serde_json::to_value(RenameGroupRequest {
                name: "Team".into()
            })
            .unwrap(),
            json!({"name": "Team"})
        );
        assert_eq!(
            serde_json::to_value(AddMemberRequest {
                contact_id: "+12125550100".into()
            })
            .unwrap(),
            json!({"contact_id": "+12125550100"})
        );
    }
}
