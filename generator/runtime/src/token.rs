//! Password sign-in with IAM, and the token it gives, cached, shared and renewed.
//!
//! The wire shapes follow the IAM page *Obtaining a User Token Through Password
//! Authentication* (`POST /v3/auth/tokens`, vendored upstream as
//! `api-ref/source/apis/…/obtaining_a_user_token_through_password_authentication.rst` of
//! `opentelekomcloud-docs/identity-access-management`); each private type below cites the
//! table it transcribes. The descriptions are ours.
//!
//! The cache: a token is renewed when what is left of its life falls under a margin (a
//! quarter of its life, at most five minutes), and at once after a 401 answer to a request
//! that carried it. The life is what IAM states (`expires_at` minus `issued_at`), counted
//! from the moment the answer arrived, so a local clock that is off does not matter.
//! Renewals are single-flight: callers that find the token stale queue on one lock; the
//! first signs in, the others take its token, or its failure, without a request of their own.

// Without `reqwest` only the sans-IO half (request, answer, cache) is used.
#![cfg_attr(not(feature = "reqwest"), allow(dead_code))]

use std::fmt;
use std::sync::atomic::AtomicU64;
#[cfg(feature = "reqwest")]
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http::HeaderValue;
use http::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde::{Deserialize, Serialize};

use super::error::excerpt;
use super::operation::DEFAULT_USER_AGENT;
use super::{Error, ServiceError, path};

/// The longest renewal margin: a token is renewed five minutes before it expires (sooner
/// for short-lived tokens, see `margin`).
const MAX_MARGIN: Duration = Duration::from_secs(300);

/// The most bytes of a sign-in answer read (a catalog of every service is some tens of KB).
#[cfg(feature = "reqwest")]
const MAX_ANSWER_BYTES: usize = 4 << 20;

/// Who signs in, to which project, at which IAM endpoint.
#[derive(Clone)]
pub(crate) struct Login {
    pub(crate) user: String,
    pub(crate) password: String,
    pub(crate) domain: String,
    pub(crate) project: Option<ProjectScope>,
    /// The IAM endpoint as given (`/v3` is added when signing in, if missing).
    pub(crate) iam_endpoint: Option<String>,
}

/// The project a token is scoped to (the page's `auth.scope.project`: by ID or by name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ProjectScope {
    Id(String),
    Name(String),
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Password")
            .field("user", &self.user)
            .field("password", &format_args!("<redacted>"))
            .field("domain", &self.domain)
            .field("project", &self.project)
            .field("iam_endpoint", &self.iam_endpoint)
            .finish()
    }
}

/// The `/v3` IAM endpoint of `url`: checked as an endpoint, `/v3` added when the path does
/// not end in it (openstacksdk accepts both forms of `auth_url`).
pub(crate) fn iam_endpoint(url: &str) -> Result<String, Error> {
    let url = path::endpoint(url).map_err(|error| match error {
        Error::InvalidArgument { reason, .. } => Error::InvalidArgument {
            name: "iam_endpoint",
            reason,
        },
        other => other,
    })?;
    if url.ends_with("/v3") {
        Ok(url.to_owned())
    } else {
        Ok(format!("{url}/v3"))
    }
}

/// A token and what came with it.
pub(crate) struct Token {
    /// `X-Subject-Token`, marked sensitive.
    pub(crate) value: HeaderValue,
    /// When the cache stops handing it out and signs in again.
    renew_at: Instant,
    /// When IAM stops accepting it.
    expires: Instant,
    /// The project of the token's scope (Table 7, `token.project.id`).
    pub(crate) project_id: Option<String>,
    /// The service catalog (Table 4).
    pub(crate) catalog: Vec<CatalogService>,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("value", &format_args!("<redacted>"))
            .field("project_id", &self.project_id)
            .field("services", &self.catalog.len())
            .finish()
    }
}

/// The renewal margin for a token that lives `life`: a quarter of it, at most `MAX_MARGIN`.
fn margin(life: Duration) -> Duration {
    (life / 4).min(MAX_MARGIN)
}

/// The password credential's shared state: the login and the cached token.
pub(crate) struct TokenSource {
    pub(crate) login: Login,
    current: RwLock<Option<Arc<Token>>>,
    /// Sign-ins finished (successful or not); tells waiters that one ran while they waited.
    #[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
    attempts: AtomicU64,
    #[cfg(feature = "reqwest")]
    flight: tokio::sync::Mutex<Option<SignInError>>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.login, f)
    }
}

impl TokenSource {
    pub(crate) fn new(login: Login) -> Self {
        TokenSource {
            login,
            current: RwLock::new(None),
            attempts: AtomicU64::new(0),
            #[cfg(feature = "reqwest")]
            flight: tokio::sync::Mutex::new(None),
        }
    }

    /// The cached token, if IAM still accepts it (for the sans-IO `Auth::sign`).
    pub(crate) fn valid(&self) -> Option<Arc<Token>> {
        self.cached().filter(|token| Instant::now() < token.expires)
    }

    /// The cached token, if it is not due for renewal.
    pub(crate) fn usable(&self) -> Option<Arc<Token>> {
        self.cached()
            .filter(|token| Instant::now() < token.renew_at)
    }

    /// The cached token, whatever its age.
    pub(crate) fn cached(&self) -> Option<Arc<Token>> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn store(&self, token: Option<Arc<Token>>) {
        match self.current.write() {
            Ok(mut guard) => *guard = token,
            Err(poisoned) => *poisoned.into_inner() = token,
        }
    }

    /// Forgets `used` after the service refused it (a 401), unless a newer token already
    /// replaced it: many calls refused with one token cause one renewal.
    pub(crate) fn reject(&self, used: &Arc<Token>) {
        let mut guard = match self.current.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard.as_ref().is_some_and(|token| Arc::ptr_eq(token, used)) {
            *guard = None;
        }
    }

    /// The sign-in request (the page's "Request Parameters"), for any HTTP stack.
    pub(crate) fn request(&self) -> Result<http::Request<Vec<u8>>, Error> {
        let login = &self.login;
        let Some(base) = &login.iam_endpoint else {
            return Err(Error::InvalidArgument {
                name: "iam_endpoint",
                reason: "a password credential needs the IAM endpoint (or a region) to sign in"
                    .to_owned(),
            });
        };
        let project = login.project.as_ref().map(|project| match project {
            ProjectScope::Id(id) => ProjectRef {
                id: Some(id),
                name: None,
            },
            ProjectScope::Name(name) => ProjectRef {
                id: None,
                name: Some(name),
            },
        });
        let body = SignInRequest {
            auth: AuthBody {
                identity: Identity {
                    methods: ["password"],
                    password: PasswordBody {
                        user: UserBody {
                            name: &login.user,
                            password: &login.password,
                            domain: DomainRef {
                                name: &login.domain,
                            },
                        },
                    },
                },
                scope: project.map(|project| Scope { project }),
            },
        };
        let body = serde_json::to_vec(&body).map_err(|_| Error::InvalidArgument {
            name: "auth",
            reason: "the sign-in request cannot be written as JSON".to_owned(),
        })?;
        let uri = format!("{}/auth/tokens", iam_endpoint(base)?);
        let uri = http::Uri::try_from(uri).map_err(|_| Error::InvalidArgument {
            name: "iam_endpoint",
            reason: "does not form a valid URL with `/auth/tokens`".to_owned(),
        })?;
        let mut request = http::Request::new(body);
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        // The page's request-header table asks for this exact value.
        let json = HeaderValue::from_static("application/json;charset=utf8");
        headers.insert(CONTENT_TYPE, json);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
        Ok(request)
    }

    /// Reads a sign-in answer received at `received` and caches its token.
    pub(crate) fn accept(
        &self,
        response: &http::Response<Vec<u8>>,
        received: Instant,
    ) -> Result<Arc<Token>, SignInError> {
        let token = read_answer(response, received)?;
        let token = Arc::new(token);
        self.store(Some(Arc::clone(&token)));
        Ok(token)
    }
}

#[cfg(feature = "reqwest")]
impl TokenSource {
    /// A token that is not due for renewal: the cached one, or a new one from IAM. One
    /// sign-in serves every caller that waits for it; its failure is theirs too.
    pub(crate) async fn fresh(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
    ) -> Result<Arc<Token>, Error> {
        if let Some(token) = self.usable() {
            return Ok(token);
        }
        let seen = self.attempts.load(Ordering::Acquire);
        let mut last_failure = self.flight.lock().await;
        if let Some(token) = self.usable() {
            return Ok(token);
        }
        if self.attempts.load(Ordering::Acquire) != seen {
            // A sign-in ran while this caller waited: its outcome is this caller's too, even
            // a token already due for renewal (one that IAM gave a very short life).
            if let Some(token) = self.valid() {
                return Ok(token);
            }
            if let Some(failure) = last_failure.as_ref() {
                return Err(Error::SignIn(Box::new(failure.clone())));
            }
        }
        let outcome = self.sign_in(http, timeout).await;
        self.attempts.fetch_add(1, Ordering::AcqRel);
        match outcome {
            Ok(token) => {
                *last_failure = None;
                Ok(token)
            }
            Err(failure) => {
                *last_failure = Some(failure.clone());
                Err(Error::SignIn(Box::new(failure)))
            }
        }
    }

    /// One sign-in request, bounded by `timeout`; never retried (a wrong password stays
    /// wrong, and IAM locks users out after repeated failures).
    async fn sign_in(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
    ) -> Result<Arc<Token>, SignInError> {
        let request = self.request().map_err(|error| SignInError::new(&error))?;
        let request = reqwest::Request::try_from(request)
            .map_err(|_| SignInError::reason("the IAM endpoint does not form a valid URL"))?;
        let started = Instant::now();
        let outcome = self.exchange(http, request, timeout).await;
        let (status, failure) = match &outcome {
            Ok(_) => (Some(201), None),
            Err(error) => (error.status(), Some(error.reason.as_str())),
        };
        super::trace::sign_in(status, failure, started.elapsed());
        outcome
    }

    async fn exchange(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        timeout: Duration,
    ) -> Result<Arc<Token>, SignInError> {
        let exchange = async {
            let mut answer = http.execute(request).await?;
            let (status, headers) = (answer.status(), answer.headers().clone());
            let mut body = Vec::new();
            while let Some(chunk) = answer.chunk().await? {
                if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                    return Ok(None);
                }
                body.extend_from_slice(&chunk);
            }
            let mut response = http::Response::new(body);
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            Ok::<_, reqwest::Error>(Some(response))
        };
        let response = match tokio::time::timeout(timeout, exchange).await {
            Ok(Ok(Some(response))) => response,
            Ok(Ok(None)) => {
                return Err(SignInError::reason(&format!(
                    "the answer is longer than {MAX_ANSWER_BYTES} bytes"
                )));
            }
            Ok(Err(error)) => {
                let error = Error::Transport {
                    what: "the sign-in request".to_owned(),
                    source: Box::new(error),
                };
                return Err(SignInError::new(&error));
            }
            Err(_) => {
                let error = Error::Timeout {
                    what: "the sign-in request".to_owned(),
                    after: Some(timeout),
                };
                return Err(SignInError::new(&error));
            }
        };
        self.accept(&response, Instant::now())
    }
}

/// Signing in failed: IAM refused (a wrong password is HTTP 401), could not be reached, or
/// answered in a shape that holds no token. Neither the password nor a token is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignInError {
    /// What went wrong, in one line.
    pub reason: String,
    /// IAM's error answer, when there was one (`status` 401: wrong user, password or domain).
    pub service: Option<Box<ServiceError>>,
}

impl SignInError {
    fn reason(reason: &str) -> Self {
        SignInError {
            reason: reason.to_owned(),
            service: None,
        }
    }

    fn new(error: &Error) -> Self {
        SignInError::reason(&error.to_string())
    }

    /// The HTTP status of IAM's answer, if it answered with an error.
    pub fn status(&self) -> Option<u16> {
        self.service.as_ref().map(|service| service.status)
    }
}

impl fmt::Display for SignInError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)?;
        match &self.service {
            Some(service) => write!(f, ": {service}"),
            None => Ok(()),
        }
    }
}

/// Reads the page's "Response Parameters": the token from `X-Subject-Token`, the rest from
/// the body.
fn read_answer(
    response: &http::Response<Vec<u8>>,
    received: Instant,
) -> Result<Token, SignInError> {
    let status = response.status().as_u16();
    if status != 201 && status != 200 {
        return Err(SignInError {
            reason: "IAM refused the sign-in".to_owned(),
            service: Some(Box::new(ServiceError::from_response(response))),
        });
    }
    let Some(value) = response.headers().get("x-subject-token") else {
        return Err(SignInError::reason(
            "IAM's answer has no `X-Subject-Token` header",
        ));
    };
    let mut value = value.clone();
    if value.is_empty() {
        return Err(SignInError::reason("IAM's `X-Subject-Token` is empty"));
    }
    value.set_sensitive(true);
    let answer: SignInAnswer = serde_json::from_slice(response.body()).map_err(|error| {
        SignInError::reason(&format!(
            "IAM's answer does not have the documented shape ({error}); it starts `{}`",
            excerpt(response.body())
                .chars()
                .take(80)
                .collect::<String>()
        ))
    })?;
    let body = answer.token;
    let expires_at = rfc3339(&body.expires_at).ok_or_else(|| {
        SignInError::reason("IAM's `expires_at` is not a date and time in RFC 3339 form")
    })?;
    let issued_at = body.issued_at.as_deref().and_then(rfc3339);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let life = expires_at
        .checked_sub(issued_at.unwrap_or(now))
        .unwrap_or_default();
    let expires = received + life;
    Ok(Token {
        value,
        renew_at: expires - margin(life),
        expires,
        project_id: body.project.map(|project| project.id),
        catalog: body.catalog,
    })
}

/// Seconds since 1970 of an RFC 3339 date and time in UTC, such as the page's
/// `2015-11-09T01:42:57.527363Z` (an offset of `+00:00`, or none, is read as UTC too).
pub(crate) fn rfc3339(text: &str) -> Option<Duration> {
    let text = text.trim();
    let text = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix('z'))
        .or_else(|| text.strip_suffix("+00:00"))
        .unwrap_or(text);
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let number = |part: &str, digits: usize| -> Option<u64> {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let mut date = date.split('-');
    let year = number(date.next()?, 4)?;
    let month = number(date.next()?, 2)?;
    let day = number(date.next()?, 2)?;
    let (time, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut time = time.split(':');
    let hour = number(time.next()?, 2)?;
    let minute = number(time.next()?, 2)?;
    let second = number(time.next()?, 2)?;
    if date.next().is_some() || time.next().is_some() {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 || !fraction.bytes().all(|b| b.is_ascii_digit()) || year < 1970 {
        return None;
    }
    let nanos = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    Some(Duration::new(seconds, nanos))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (from 1970 on).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).saturating_sub(719_468)
}

// Request body: the page's "Parameters in the request body" and the tables under it
// (`auth`, `auth.identity`, `auth.identity.password`, `auth.identity.password.user`,
// `auth.identity.password.user.domain`, `auth.scope`, `auth.scope.project`).

/// The whole body: one `auth` member.
#[derive(Serialize)]
struct SignInRequest<'a> {
    auth: AuthBody<'a>,
}

/// `auth`: who signs in, and the scope of the token asked for.
#[derive(Serialize)]
struct AuthBody<'a> {
    identity: Identity<'a>,
    /// Left out for a token of the user's domain; this client asks for a project's.
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<Scope<'a>>,
}

/// `auth.identity`: the method list (only `password` here) and the password details.
#[derive(Serialize)]
struct Identity<'a> {
    methods: [&'static str; 1],
    password: PasswordBody<'a>,
}

/// `auth.identity.password`: the user.
#[derive(Serialize)]
struct PasswordBody<'a> {
    user: UserBody<'a>,
}

/// `auth.identity.password.user`: name, password and the account (domain) that owns the user.
#[derive(Serialize)]
struct UserBody<'a> {
    name: &'a str,
    password: &'a str,
    domain: DomainRef<'a>,
}

/// `auth.identity.password.user.domain`: the account's name.
#[derive(Serialize)]
struct DomainRef<'a> {
    name: &'a str,
}

/// `auth.scope`: this client always scopes to a project when one is configured.
#[derive(Serialize)]
struct Scope<'a> {
    project: ProjectRef<'a>,
}

/// `auth.scope.project`: the project by ID or by name (one of the two).
#[derive(Serialize)]
struct ProjectRef<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

// Response body: Table 2 onwards. Members this client does not use (methods, roles, user,
// domain, mfa_authn_at) are not read; unknown members are accepted.

/// Table 2: one `token` member.
#[derive(Deserialize)]
struct SignInAnswer {
    token: TokenBody,
}

/// Table 3 (`token`): its expiry and issue times, project and catalog.
#[derive(Deserialize)]
struct TokenBody {
    expires_at: String,
    #[serde(default)]
    issued_at: Option<String>,
    /// Only for a project-scoped token (Table 7).
    #[serde(default)]
    project: Option<ProjectBody>,
    /// Absent when the request asked for `nocatalog` (Table 1).
    #[serde(default)]
    catalog: Vec<CatalogService>,
}

/// Table 7 (`token.project`): the ID is what ECS paths need.
#[derive(Deserialize)]
struct ProjectBody {
    id: String,
}

/// Table 4 (`token.catalog`): one service, its type and its endpoints.
#[derive(Deserialize, Debug)]
pub(crate) struct CatalogService {
    #[serde(rename = "type", default)]
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) endpoints: Vec<CatalogEndpoint>,
}

/// Table 5 (`token.catalog.endpoints`): where the service answers, for which region and
/// interface (`public`). The service-catalog page shows `region` and `region_id` as `null`
/// for services that are not bound to one.
#[derive(Deserialize, Debug)]
pub(crate) struct CatalogEndpoint {
    #[serde(default)]
    pub(crate) interface: Option<String>,
    #[serde(default)]
    pub(crate) region: Option<String>,
    #[serde(default)]
    pub(crate) region_id: Option<String>,
    pub(crate) url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_timestamps_are_read() {
        let at = rfc3339("2015-11-09T01:42:57.527363Z").unwrap();
        assert_eq!(at, Duration::new(1_447_033_377, 527_363_000));
        assert_eq!(rfc3339("1970-01-01T00:00:00Z"), Some(Duration::ZERO));
        assert_eq!(
            rfc3339("2024-02-29T23:59:59+00:00"),
            Some(Duration::from_secs(1_709_251_199))
        );
        for bad in [
            "",
            "2015-11-09",
            "2015-13-09T00:00:00Z",
            "20151109T014257Z",
            "x",
        ] {
            assert_eq!(rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_margin_is_a_quarter_of_the_life_up_to_five_minutes() {
        assert_eq!(margin(Duration::from_secs(86_400)), MAX_MARGIN);
        assert_eq!(margin(Duration::from_secs(4)), Duration::from_secs(1));
    }
}
