//! The client's requests that change a group that exists: rename, delete, set or remove its photo, add or
//! remove a member. Like the rest of the client: sent once (none is retried), the group id and any member
//! percent-encoded as a path segment (`+` and `@` included, as Blooio asks), answers read by `decode.rs`, and
//! every error passed through `redact_key`.
//!
//! What "changed" means on the phones is in each answer's `device_sync`; `PhoneSync` (phone_sync.rs) reads it.

use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder, Url};
use serde::Serialize;

use crate::client::{non_empty_id, BlooioClient};
use crate::decode;
use crate::error::ApiError;
use crate::group_photo::check_group_photo;
use crate::key::ApiKey;
use crate::problem::Problem;
use crate::rules::name::check_name;
use crate::types::{
    AddMemberRequest, Deleted, IconChange, MemberAdded, MemberRemoved, RenameGroupRequest,
    RenamedGroup,
};

/// The multipart field Blooio reads a group photo from.
const PHOTO_FIELD: &str = "icon";

impl BlooioClient {
    /// `PATCH /groups/{group_id}` `{name}`. The name is checked with the form's rules first (trimmed, at most
    /// 255 characters, no control characters); a refused name is `ApiError::Refused` and nothing is sent.
    /// A linked chat's name changes on the phones too: see the answer's `phone_sync()`.
    pub async fn rename_group(
        &self,
        key: &ApiKey,
        group_id: &str,
        name: &str,
    ) -> Result<RenamedGroup, ApiError> {
        let outcome = async {
            let name = check_name(name).map_err(|field| match field.problem {
                Problem::Input(problem) => ApiError::Refused(problem),
                other => ApiError::Config(other.to_string()),
            })?;
            let url = self.url(&["groups", non_empty_id(group_id)?])?;
            let request =
                self.json_request(Method::PATCH, url, key, &RenameGroupRequest { name })?;
            self.execute(request)
                .await?
                .decode(decode::renamed_group, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// `DELETE /groups/{group_id}`: a soft delete. Blooio removes the members and, for a group linked to an
    /// iMessage chat, its number leaves that chat: destructive on the phones, so confirm before calling.
    pub async fn delete_group(&self, key: &ApiKey, group_id: &str) -> Result<Deleted, ApiError> {
        let outcome = async {
            let url = self.url(&["groups", non_empty_id(group_id)?])?;
            self.execute(self.request(Method::DELETE, url, key)?)
                .await?
                .decode(decode::deleted, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// `POST /groups/{group_id}/icon`: uploads `bytes` as the group's photo (multipart field `icon`). Blooio
    /// accepts it only for a group linked to a chat (a 400 otherwise). Checked here first
    /// (`check_group_photo`): over 10 MB or not a JPEG, PNG, GIF, WebP, HEIC or HEIF image by its content is
    /// `ApiError::Refused` and nothing is sent. The part's type is the one the content shows, and `file_name`
    /// (only its last component) gets an extension to match, so Blooio never sees a `.png` holding a JPEG.
    pub async fn set_group_icon(
        &self,
        key: &ApiKey,
        group_id: &str,
        bytes: Vec<u8>,
        file_name: &str,
    ) -> Result<IconChange, ApiError> {
        let outcome = async {
            let photo = check_group_photo(&bytes, file_name).map_err(ApiError::Refused)?;
            let url = self.url(&["groups", non_empty_id(group_id)?, "icon"])?;
            let part = Part::bytes(bytes)
                .file_name(photo.file_name)
                .mime_str(photo.mime)
                .map_err(|e| ApiError::Config(format!("The photo couldn't be attached: {e}")))?;
            let form = Form::new().part(PHOTO_FIELD, part);
            self.execute(self.request(Method::POST, url, key)?.multipart(form))
                .await?
                .decode(decode::icon_change, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// `DELETE /groups/{group_id}/icon`: removes the photo (linked groups only, as for the set).
    pub async fn remove_group_icon(
        &self,
        key: &ApiKey,
        group_id: &str,
    ) -> Result<IconChange, ApiError> {
        let outcome = async {
            let url = self.url(&["groups", non_empty_id(group_id)?, "icon"])?;
            self.execute(self.request(Method::DELETE, url, key)?)
                .await?
                .decode(decode::icon_change, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// `POST /groups/{group_id}/members` `{"contact_id": identifier}` (a phone number or email, not an id).
    /// Blooio answers 501 today: the error's `problem()` is `ApiProblem::NotAvailable`.
    pub async fn add_group_member(
        &self,
        key: &ApiKey,
        group_id: &str,
        identifier: &str,
    ) -> Result<MemberAdded, ApiError> {
        let outcome = async {
            let url = self.url(&["groups", non_empty_id(group_id)?, "members"])?;
            let body = AddMemberRequest {
                contact_id: identifier.to_owned(),
            };
            let request = self.json_request(Method::POST, url, key, &body)?;
            self.execute(request)
                .await?
                .decode(decode::member_added, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// `DELETE /groups/{group_id}/members/{identifier}`, the phone number or email percent-encoded
    /// (`%2B15551234567`). Blooio answers 501 today: `ApiProblem::NotAvailable`.
    pub async fn remove_group_member(
        &self,
        key: &ApiKey,
        group_id: &str,
        identifier: &str,
    ) -> Result<MemberRemoved, ApiError> {
        let outcome = async {
            if identifier.trim().is_empty() {
                return Err(ApiError::Config(
                    "The member to remove is empty.".to_owned(),
                ));
            }
            let url = self.url(&["groups", non_empty_id(group_id)?, "members", identifier])?;
            self.execute(self.request(Method::DELETE, url, key)?)
                .await?
                .decode(decode::member_removed, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// A request carrying `body` as JSON.
    fn json_request<T: Serialize>(
        &self,
        method: Method,
        url: Url,
        key: &ApiKey,
        body: &T,
    ) -> Result<RequestBuilder, ApiError> {
        let body = serde_json::to_vec(body)
            .map_err(|e| ApiError::Config(format!("The request couldn't be encoded: {e}")))?;
        Ok(self
            .request(method, url, key)?
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body))
    }
}
