//! Password sign-in with IAM, and the token it gives, cached, shared and renewed.
//!
//! The wire shapes are generated (module `iam`, from `spec/iam/tokens.yaml`, which transcribes
//! the IAM page *Obtaining a User Token Through Password Authentication*, `POST /v3/auth/tokens`,
//! vendored in `spec/docs/iam/`): the request is the operation `CreateToken` built through
//! `RequestContext` as every ECS request is (without a credential), and its answer is read by
//! the operation's `from_response` (status, `X-Subject-Token`, body).
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

use super::auth::Credential;
use super::iam::operations::{CreateToken, CreateTokenQuery};
pub(crate) use super::iam::types::CatalogService;
use super::iam::types::{
    PasswordIdentity, PasswordUser, ScopeProject, TokenAuth, TokenIdentity, TokenRequest,
    TokenScope, UserDomainRef,
};
use super::operation::DEFAULT_USER_AGENT;
use super::sign_in::{IamError, SignInError};
use super::{Error, Operation, RequestContext, path};

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

    /// The sign-in request (the page's "Request Parameters"), for any HTTP stack: the
    /// generated `CreateToken` built below the IAM endpoint, with no credential.
    pub(crate) fn request(&self) -> Result<http::Request<Vec<u8>>, Error> {
        let login = &self.login;
        let Some(base) = &login.iam_endpoint else {
            return Err(Error::InvalidArgument {
                name: "iam_endpoint",
                reason: "a password credential needs the IAM endpoint (or a region) to sign in"
                    .to_owned(),
            });
        };
        let scope = login.project.as_ref().map(|project| TokenScope {
            project: Some(match project {
                ProjectScope::Id(id) => ScopeProject {
                    id: Some(id.clone()),
                    ..Default::default()
                },
                ProjectScope::Name(name) => ScopeProject {
                    name: Some(name.clone()),
                    ..Default::default()
                },
            }),
            ..Default::default()
        });
        let user = PasswordUser {
            domain: UserDomainRef {
                name: login.domain.clone(),
                ..Default::default()
            },
            name: login.user.clone(),
            password: login.password.clone(),
            ..Default::default()
        };
        let body = TokenRequest {
            auth: TokenAuth {
                identity: TokenIdentity {
                    methods: vec!["password".to_owned()],
                    password: PasswordIdentity {
                        user,
                        ..Default::default()
                    },
                    ..Default::default()
                },
                scope,
                ..Default::default()
            },
            ..Default::default()
        };
        // The operation's path starts with `/v3`: the context's endpoint is the part before.
        let endpoint = iam_endpoint(base)?;
        let endpoint = endpoint.strip_suffix("/v3").unwrap_or(&endpoint);
        let user_agent = HeaderValue::from_static(DEFAULT_USER_AGENT);
        // `CreateToken` builds without a credential (`auth: none`); the context holds none either.
        let ctx =
            RequestContext::from_checked(endpoint, "", &Credential::None, &user_agent, None, None);
        let query = CreateTokenQuery::default();
        CreateToken {
            body: &body,
            query: &query,
        }
        .to_request(&ctx)
    }

    /// Reads a sign-in answer received at `received` and caches its token.
    pub(crate) fn accept(
        &self,
        response: http::Response<Vec<u8>>,
        received: Instant,
    ) -> Result<Arc<Token>, SignInError> {
        let token = read_answer(response, received, &self.login.password)?;
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
        self.accept(response, Instant::now())
    }
}

/// Reads the page's "Response Parameters" with the generated `CreateToken::from_response`:
/// the token from `X-Subject-Token`, the rest from the body. An error answer is read in IAM's
/// dialect, with `password` kept out of it.
fn read_answer(
    response: http::Response<Vec<u8>>,
    received: Instant,
    password: &str,
) -> Result<Token, SignInError> {
    if !response.status().is_success() {
        return Err(SignInError::refused(IamError::from_response(
            &response,
            &[password],
        )));
    }
    let has_token = response.headers().contains_key("x-subject-token");
    let answer = match CreateToken::from_response(response) {
        Ok(answer) => answer,
        Err(Error::Service(service)) => {
            return Err(SignInError::reason(&format!(
                "IAM answered with status {}, not the documented 201",
                service.status
            )));
        }
        Err(_) if !has_token => {
            return Err(SignInError::reason(
                "IAM's answer has no `X-Subject-Token` header",
            ));
        }
        Err(Error::Decode {
            message, excerpt, ..
        }) => {
            let start: String = excerpt.chars().take(80).collect();
            return Err(SignInError::reason(&format!(
                "IAM's answer does not have the documented shape ({message}); it starts `{start}`"
            )));
        }
        Err(other) => return Err(SignInError::new(&other)),
    };
    let mut value = HeaderValue::from_str(&answer.headers.subject_token)
        .map_err(|_| SignInError::reason("IAM's `X-Subject-Token` cannot be sent as a header"))?;
    if value.is_empty() {
        return Err(SignInError::reason("IAM's `X-Subject-Token` is empty"));
    }
    value.set_sensitive(true);
    let body = answer.body.token;
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
        project_id: body.project.and_then(|project| project.id),
        catalog: body.catalog.unwrap_or_default(),
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
