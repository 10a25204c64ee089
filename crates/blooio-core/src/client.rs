//! The HTTP client for Blooio's Groups endpoints.
//!
//! Safety properties, each with a test in `tests/client_against_sandbox.rs`:
//! - one pooled `reqwest::Client`, built once, TLS verification always on;
//! - redirects are never followed, so the `Authorization` header can't be carried to another host;
//! - a plain-http base URL is refused unless it points at this machine (the sandbox);
//! - nothing is retried automatically: a repeated `POST /groups` could create the group twice (see
//!   `reconcile.rs` for how to find out whether an unanswered create happened);
//! - answers are read by `decode.rs`, and every error leaves through `ApiError::redact_key`: no server text that
//!   echoes the key reaches an error's Display or Debug.

use std::error::Error as _;
use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, Url};
use zeroize::Zeroizing;

use crate::decode;
use crate::error::ApiError;
use crate::key::ApiKey;
use crate::types::{CreateGroupRequest, CreatedGroup, Group, GroupList, GroupMembers, ListQuery};

pub const DEFAULT_BASE_URL: &str = "https://api.blooio.com/v2/api";

/// `BlooioGroups/<version> (<os>; <arch>)`.
pub const USER_AGENT: &str = concat!("BlooioGroups/", env!("CARGO_PKG_VERSION"));

/// A response larger than this is not a Groups answer; reading stops rather than filling memory.
const BODY_READ_LIMIT: usize = 16 * 1024 * 1024;

/// Characters left as they are in a path segment: RFC 3986 "unreserved". Everything else, including the `+`, `@`
/// and `,` Blooio asks to be encoded, is percent-encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// Default `DEFAULT_BASE_URL`; a trailing slash is ignored.
    pub base_url: String,
    /// Time allowed to open the connection, TLS included. Default 10 s.
    pub connect_timeout: Duration,
    /// Time allowed for the whole request, from sending to the last byte of the answer. Default 30 s.
    pub total_timeout: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
        }
    }
}

/// Cheap to clone (the connection pool is shared), but meant to be built once and kept.
#[derive(Debug, Clone)]
pub struct BlooioClient {
    http: reqwest::Client,
    /// Normalised: parsed, no trailing slash.
    base_url: String,
}

impl BlooioClient {
    /// Refuses a base URL that is not `https://`, unless its host is loopback (`localhost`, `127.0.0.0/8`, `::1`),
    /// one with a user name, password, query or fragment, and zero timeouts.
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let base_url = check_base_url(&config.base_url)?;
        if config.connect_timeout.is_zero() || config.total_timeout.is_zero() {
            return Err(ApiError::Config(
                "Timeouts must be longer than zero.".to_owned(),
            ));
        }
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let user_agent = format!(
            "{USER_AGENT} ({}; {})",
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        install_crypto_provider();
        let mut builder = reqwest::Client::builder();
        if Url::parse(&base_url).is_ok_and(|url| is_loopback(&url)) {
            // The sandbox on this machine: a proxy from HTTP_PROXY could only get in the way. Real hosts keep
            // the system's proxy settings, which corporate networks need.
            builder = builder.no_proxy();
        }
        let http = builder
            .user_agent(user_agent)
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.total_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .referer(false)
            .build()
            .map_err(|e| {
                ApiError::Config(format!(
                    "The HTTP client couldn't be set up: {}",
                    describe_transport(&e)
                ))
            })?;
        Ok(BlooioClient { http, base_url })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The pooled client itself, for requests that carry no key (see `photo.rs`).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// `POST /groups`. Sent exactly once: on a timeout or a broken connection, check
    /// `ApiError::outcome_unknown` and ask [`BlooioClient::find_created_group`] before sending it again.
    pub async fn create_group(
        &self,
        key: &ApiKey,
        req: &CreateGroupRequest,
    ) -> Result<CreatedGroup, ApiError> {
        let outcome = async {
            let body = serde_json::to_vec(req)
                .map_err(|e| ApiError::Config(format!("The request couldn't be encoded: {e}")))?;
            let request = self
                .request(Method::POST, self.url(&["groups"])?, key)?
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
            let answer = self.execute(request).await?;
            answer.decode(decode::created_group, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// `GET /groups` with `limit`, `offset`, `q` and `sort` when set.
    pub async fn list_groups(
        &self,
        key: &ApiKey,
        query: &ListQuery,
    ) -> Result<GroupList, ApiError> {
        let outcome = async {
            let mut url = self.url(&["groups"])?;
            {
                let mut pairs = url.query_pairs_mut();
                if let Some(limit) = query.limit {
                    pairs.append_pair("limit", &limit.to_string());
                }
                if let Some(offset) = query.offset {
                    pairs.append_pair("offset", &offset.to_string());
                }
                if let Some(q) = &query.q {
                    pairs.append_pair("q", q);
                }
                if let Some(sort) = query.sort {
                    pairs.append_pair("sort", sort.as_str());
                }
            }
            if url.query() == Some("") {
                url.set_query(None);
            }
            let answer = self.execute(self.request(Method::GET, url, key)?).await?;
            answer.decode(decode::group_list, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// `GET /groups/{group_id}`, the id percent-encoded.
    pub async fn get_group(&self, key: &ApiKey, group_id: &str) -> Result<Group, ApiError> {
        let outcome = async {
            let url = self.url(&["groups", non_empty_id(group_id)?])?;
            let answer = self.execute(self.request(Method::GET, url, key)?).await?;
            answer.decode(decode::group, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    /// `GET /groups/{group_id}/members`: one page (`limit` 1–200, Blooio's default 50; `offset` default 0),
    /// the id percent-encoded.
    pub async fn list_group_members(
        &self,
        key: &ApiKey,
        group_id: &str,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<GroupMembers, ApiError> {
        let outcome = async {
            let mut url = self.url(&["groups", non_empty_id(group_id)?, "members"])?;
            if limit.is_some() || offset.is_some() {
                let mut pairs = url.query_pairs_mut();
                if let Some(limit) = limit {
                    pairs.append_pair("limit", &limit.to_string());
                }
                if let Some(offset) = offset {
                    pairs.append_pair("offset", &offset.to_string());
                }
            }
            let answer = self.execute(self.request(Method::GET, url, key)?).await?;
            answer.decode(decode::group_members, key)
        };
        outcome.await.map_err(|e| e.redact_key(key))
    }

    pub(crate) fn url(&self, segments: &[&str]) -> Result<Url, ApiError> {
        let mut text = self.base_url.clone();
        for segment in segments {
            text.push('/');
            text.extend(utf8_percent_encode(segment, PATH_SEGMENT));
        }
        Url::parse(&text)
            .map_err(|e| ApiError::Config(format!("The request URL couldn't be built: {e}")))
    }

    pub(crate) fn request(
        &self,
        method: Method,
        url: Url,
        key: &ApiKey,
    ) -> Result<RequestBuilder, ApiError> {
        let bearer = Zeroizing::new(format!("Bearer {}", key.expose()));
        let mut auth = HeaderValue::from_str(&bearer).map_err(|_| {
            ApiError::Config(
                "The API key has characters that can't be sent in a request header.".to_owned(),
            )
        })?;
        // Keeps the value out of reqwest's and hyper's Debug output.
        auth.set_sensitive(true);
        Ok(self.http.request(method, url).header(AUTHORIZATION, auth))
    }

    /// Sends the request and reads the whole answer (up to `BODY_READ_LIMIT`).
    pub(crate) async fn execute(&self, request: RequestBuilder) -> Result<RawAnswer, ApiError> {
        let mut response = request.send().await.map_err(|e| transport_error(&e))?;
        let status = response.status().as_u16();
        let retry_after_secs = retry_after(response.headers());
        let (body, too_large) = read_body(&mut response, BODY_READ_LIMIT)
            .await
            .map_err(|e| transport_error(&e))?;
        Ok(RawAnswer {
            status,
            retry_after_secs,
            body,
            too_large,
        })
    }
}

/// The answer's body, at most `limit` bytes of it; `true` when there was more (reading stops there).
pub(crate) async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            body.extend_from_slice(&chunk[..limit.saturating_sub(body.len())]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// reqwest is built without a crypto provider of its own (see the workspace manifest): make ring the process's
/// default before the first client is built. A provider already installed (by the host program) is kept.
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Err only when another thread installed one first, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// One of the `decode` functions: status, body, `Retry-After` and the key to redact.
type Decoder<T> = fn(u16, &[u8], Option<u64>, &ApiKey) -> Result<T, ApiError>;

/// An answer as it came off the wire, before `decode` has looked at it.
pub(crate) struct RawAnswer {
    status: u16,
    retry_after_secs: Option<u64>,
    body: Vec<u8>,
    /// Reading stopped at `BODY_READ_LIMIT`: not a Groups answer, whatever its status.
    too_large: bool,
}

impl RawAnswer {
    pub(crate) fn decode<T>(self, decoder: Decoder<T>, key: &ApiKey) -> Result<T, ApiError> {
        if self.too_large {
            return Err(decode::unreadable(self.status, &self.body, key));
        }
        decoder(self.status, &self.body, self.retry_after_secs, key)
    }
}

pub(crate) fn non_empty_id(group_id: &str) -> Result<&str, ApiError> {
    if group_id.trim().is_empty() {
        Err(ApiError::Config("The group id is empty.".to_owned()))
    } else {
        Ok(group_id)
    }
}

/// Seconds from `Retry-After`, given as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<u64> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .map(|d| d.as_secs())
            .unwrap_or(0),
    )
}

/// Sorts a reqwest failure by what it means for the operator, and above all by whether the request may have
/// been received. Only failures while connecting are certain not to have sent anything: reqwest reports connect
/// timeouts, refused connections, DNS and TLS handshake failures as connect errors. Anything later counts as sent.
fn transport_error(error: &reqwest::Error) -> ApiError {
    let detail = describe_transport(error);
    if error.is_builder() {
        return ApiError::Config(format!("The request couldn't be built: {detail}"));
    }
    let connecting = error.is_connect();
    if error.is_timeout() {
        return ApiError::Timeout { sent: !connecting };
    }
    if connecting {
        if is_tls_failure(error) {
            ApiError::Tls(detail)
        } else {
            ApiError::Connect(detail)
        }
    } else {
        ApiError::Transport { detail, sent: true }
    }
}

fn is_tls_failure(error: &reqwest::Error) -> bool {
    causes(error)
        .into_iter()
        .any(|err| err.is::<rustls::Error>())
}

/// The causes of a reqwest error, outermost first. `io::Error::source` skips the error an `io::Error` wraps, and
/// tokio-rustls reports a handshake failure as an `io::Error` around a `rustls::Error`, so the walk looks inside.
fn causes(error: &reqwest::Error) -> Vec<&(dyn std::error::Error + 'static)> {
    let mut found = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(err) = next {
        found.push(err);
        next = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner),
            None => err.source(),
        };
    }
    found
}

/// The causes of a reqwest error joined, without reqwest's own "error sending request for url (…)" preamble or
/// hyper's "client error (Connect)" labels. URLs never carry the key (it travels in a header).
pub(crate) fn describe_transport(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for err in causes(error) {
        let text = err.to_string();
        if !text.is_empty() && !text.starts_with("client error (") && !parts.contains(&text) {
            parts.push(text);
        }
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}

fn check_base_url(raw: &str) -> Result<String, ApiError> {
    let shape = format!("It should look like {DEFAULT_BASE_URL}.");
    let url = Url::parse(raw.trim())
        .map_err(|e| ApiError::Config(format!("The base URL isn't a valid URL ({e}). {shape}")))?;
    // Checked before anything that might echo the URL: credentials in it must not reach a message.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::Config(
            "The base URL must not contain a user name or password; the API key is sent separately.".to_owned(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ApiError::Config(format!(
            "The base URL must not have a query (?…) or fragment (#…). {shape}"
        )));
    }
    if !is_allowed_transport(&url) {
        return Err(ApiError::Config(match url.scheme() {
            "http" => format!(
                "The base URL must start with https://: the API key must not travel unencrypted. Plain http:// is \
                 allowed only for this computer (localhost, 127.0.0.1, ::1), such as the sandbox. {shape}"
            ),
            other => format!("The base URL must start with https://, not {other}:. {shape}"),
        }));
    }
    if url.host().is_none() {
        return Err(ApiError::Config(format!(
            "The base URL has no host name. {shape}"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// https anywhere, plain http only to this computer (the sandbox).
pub(crate) fn is_allowed_transport(url: &Url) -> bool {
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => is_loopback(url),
        _ => false,
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).to_canonical().is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        // (input, Ok(normalised) or Err(message fragment))
        let cases: &[(&str, Result<&str, &str>)] = &[
            (
                "https://api.blooio.com/v2/api",
                Ok("https://api.blooio.com/v2/api"),
            ),
            (
                "https://api.blooio.com/v2/api/",
                Ok("https://api.blooio.com/v2/api"),
            ),
            (
                "https://api.blooio.com/v2/api//",
                Ok("https://api.blooio.com/v2/api"),
            ),
            (
                " https://backend.blooio.com/v2/api ",
                Ok("https://backend.blooio.com/v2/api"),
            ),
            (
                "HTTPS://API.BLOOIO.COM/v2/api",
                Ok("https://api.blooio.com/v2/api"),
            ),
            (
                "http://127.0.0.1:8080/v2/api",
                Ok("http://127.0.0.1:8080/v2/api"),
            ),
            (
                "http://127.5.6.7:8080/v2/api/",
                Ok("http://127.5.6.7:8080/v2/api"),
            ),
            (
                "http://localhost:3000/v2/api",
                Ok("http://localhost:3000/v2/api"),
            ),
            (
                "http://LOCALHOST:3000/v2/api",
                Ok("http://localhost:3000/v2/api"),
            ),
            ("http://[::1]:3000/v2/api", Ok("http://[::1]:3000/v2/api")),
            (
                "https://127.0.0.1:8443/v2/api",
                Ok("https://127.0.0.1:8443/v2/api"),
            ),
            (
                "http://api.blooio.com/v2/api",
                Err("must start with https://"),
            ),
            (
                "http://192.168.1.10/v2/api",
                Err("must start with https://"),
            ),
            ("http://10.0.0.1/v2/api", Err("must start with https://")),
            (
                "http://localhost.example.com/v2/api",
                Err("must start with https://"),
            ),
            (
                "http://[::ffff:10.0.0.1]/v2/api",
                Err("must start with https://"),
            ),
            ("ftp://api.blooio.com/v2/api", Err("not ftp:")),
            ("api.blooio.com/v2/api", Err("isn't a valid URL")),
            ("", Err("isn't a valid URL")),
            (
                "https://user:bl_live_secret@api.blooio.com/v2/api",
                Err("user name or password"),
            ),
            ("https://api.blooio.com/v2/api?x=1", Err("query")),
            ("https://api.blooio.com/v2/api#top", Err("fragment")),
        ];
        for (input, want) in cases {
            match (check_base_url(input), want) {
                (Ok(got), Ok(expected)) => assert_eq!(&got, expected, "{input}"),
                (Err(ApiError::Config(message)), Err(fragment)) => {
                    assert!(message.contains(fragment), "{input}: {message}");
                    assert!(!message.contains("bl_live_secret"), "{input}: {message}");
                }
                (got, want) => panic!("{input}: got {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        let client = BlooioClient::new(ClientConfig::default()).unwrap();
        let cases = [
            (
                "grp_abc123",
                "https://api.blooio.com/v2/api/groups/grp_abc123",
            ),
            (
                "+15551234567",
                "https://api.blooio.com/v2/api/groups/%2B15551234567",
            ),
            ("a@b.c", "https://api.blooio.com/v2/api/groups/a%40b.c"),
            ("a,b", "https://api.blooio.com/v2/api/groups/a%2Cb"),
            (
                "../admin",
                "https://api.blooio.com/v2/api/groups/..%2Fadmin",
            ),
            (
                "a b?c#d",
                "https://api.blooio.com/v2/api/groups/a%20b%3Fc%23d",
            ),
            (
                "grüße",
                "https://api.blooio.com/v2/api/groups/gr%C3%BC%C3%9Fe",
            ),
        ];
        for (id, want) in cases {
            assert_eq!(client.url(&["groups", id]).unwrap().as_str(), want, "{id}");
        }
    }

    #[test]
    fn zero_timeouts_are_refused() {
        let config = ClientConfig {
            total_timeout: Duration::ZERO,
            ..ClientConfig::default()
        };
        assert!(matches!(
            BlooioClient::new(config),
            Err(ApiError::Config(_))
        ));
    }

    #[test]
    fn retry_after_values() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(7));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(
            retry_after(&headers),
            Some(0),
            "a date in the past means now"
        );
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&soon).unwrap());
        let secs = retry_after(&headers).unwrap();
        assert!((118..=120).contains(&secs), "{secs}");
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn user_agent_names_the_app_and_version() {
        assert_eq!(
            USER_AGENT,
            format!("BlooioGroups/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
