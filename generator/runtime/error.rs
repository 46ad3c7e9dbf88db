//! The crate's error type and the reading of service error bodies.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::ValidationError;
use super::config::ConfigError;
use super::token::SignInError;

/// Everything that can go wrong when calling the service.
///
/// No variant's text holds the authentication token: the token travels in a header, and
/// headers are never copied into errors.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An argument given to the client is unusable; nothing was sent.
    InvalidArgument {
        /// The parameter, e.g. `server_id` or `endpoint`.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The request body breaks documented rules; nothing was sent.
    Validation(ValidationError),
    /// The connection failed or broke. `Display` names the cause (connection refused, TLS,
    /// DNS, ...) and the innermost error's message; the `source` chain has every detail.
    Transport {
        /// What failed, e.g. ``request `get_job` ``.
        what: String,
        /// The underlying error, also returned by `source`.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A request, or the connection for it, took longer than allowed.
    Timeout {
        /// What timed out, e.g. ``request `get_job` ``.
        what: String,
        /// The limit that was exceeded, when known.
        after: Option<Duration>,
    },
    /// The service answered with an error status.
    Service(Box<ServiceError>),
    /// A success answer whose body does not have the documented shape.
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// What the JSON reader complained about.
        message: String,
        /// The start of the body, with secret-looking JSON values masked.
        excerpt: String,
    },
    /// A waited-for job (or resource) reached a failed state.
    JobFailed {
        /// What was waited for, usually the job ID.
        job_id: String,
        /// The failed status, e.g. `FAIL`.
        status: String,
        /// The service's error code, e.g. `Ecs.0011`.
        error_code: Option<String>,
        /// The service's explanation.
        reason: Option<String>,
    },
    /// A waited-for resource (a server) reached a failed state, such as `ERROR`.
    ResourceFailed {
        /// What was waited for, e.g. the server ID.
        id: String,
        /// The failed status, e.g. `ERROR`.
        status: String,
        /// Why it failed, when the service said so (boxed to keep `Error` small).
        fault: Option<Box<Fault>>,
    },
    /// A wait gave up before the job (or resource) finished.
    WaitTimeout {
        /// What was waited for, usually the job ID.
        job_id: String,
        /// How long the wait lasted.
        waited: Duration,
        /// The last status seen, if any poll succeeded.
        last_status: Option<String>,
    },
    /// Signing in with a password failed (a wrong password is status 401); not retried.
    SignIn(Box<SignInError>),
    /// A configuration (`clouds.yaml`, `secure.yaml`, `OS_*` variables) is unusable; the
    /// error names the file or variable, the cloud and the key, never a secret value.
    Config(Box<ConfigError>),
}

impl Error {
    /// The HTTP status of the answer behind this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(error) => Some(error.status),
            Error::Decode { status, .. } => Some(*status),
            Error::SignIn(error) => error.status(),
            _ => None,
        }
    }

    /// The service's error code (`Ecs.0005`, or a failed job's `error_code`).
    pub fn service_code(&self) -> Option<&str> {
        match self {
            Error::Service(error) => error.code.as_deref(),
            Error::JobFailed { error_code, .. } => error_code.as_deref(),
            Error::ResourceFailed { fault, .. } => fault.as_ref()?.code.as_deref(),
            _ => None,
        }
    }

    /// The request ID the service gave its error answer, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(error) => error.request_id.as_deref(),
            _ => None,
        }
    }

    /// True when a time limit ran out: of a request, its connection, or a wait.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. } | Error::WaitTimeout { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument { name, reason } => write!(f, "invalid `{name}`: {reason}"),
            Error::Validation(error) => write!(f, "invalid request: {error}"),
            Error::Transport { what, source } => {
                write!(f, "{what} failed: {}", transport_cause(source.as_ref()))
            }
            Error::Timeout { what, after } => match after {
                Some(after) => write!(f, "{what} timed out after {after:?}"),
                None => write!(f, "{what} timed out"),
            },
            Error::Service(error) => write!(f, "service error: {error}"),
            Error::Decode {
                status, message, ..
            } => write!(f, "unexpected body in a {status} answer: {message}"),
            Error::JobFailed {
                job_id,
                status,
                error_code,
                reason,
            } => {
                write!(f, "`{job_id}` failed with status {status}")?;
                let details = [error_code.as_deref(), reason.as_deref()];
                for detail in details.into_iter().flatten() {
                    write!(f, ": {}", one_line(detail))?;
                }
                Ok(())
            }
            Error::ResourceFailed { id, status, fault } => {
                write!(f, "`{id}` reached status {status}")?;
                match fault {
                    Some(fault) => write!(f, ": {fault}"),
                    None => Ok(()),
                }
            }
            Error::WaitTimeout {
                job_id,
                waited,
                last_status,
            } => {
                write!(f, "gave up waiting for `{job_id}` after {waited:?}")?;
                match last_status {
                    Some(status) => write!(f, " (last status {status})"),
                    None => f.write_str(" (no status received)"),
                }
            }
            Error::SignIn(error) => write!(f, "signing in failed: {error}"),
            Error::Config(error) => write!(f, "unusable configuration: {error}"),
        }
    }
}

/// The kind of a transport failure and the innermost error's message, e.g.
/// `connection refused (Connection refused (os error 111))`.
///
/// Messages of `reqwest` errors are left out: they hold the request's URL.
fn transport_cause(source: &(dyn std::error::Error + 'static)) -> String {
    use std::io::ErrorKind;
    let chain = error_chain(source);
    let io_class = |error: &&(dyn std::error::Error + 'static)| {
        let class = match error.downcast_ref::<std::io::Error>()?.kind() {
            ErrorKind::ConnectionRefused => "connection refused",
            ErrorKind::TimedOut => "timed out",
            ErrorKind::ConnectionReset => "connection reset",
            ErrorKind::ConnectionAborted => "connection aborted",
            ErrorKind::BrokenPipe | ErrorKind::UnexpectedEof => "connection closed early",
            ErrorKind::HostUnreachable => "host unreachable",
            ErrorKind::NetworkUnreachable => "network unreachable",
            ErrorKind::AddrNotAvailable => "address not available",
            _ => return None,
        };
        Some(class)
    };
    let class = chain
        .iter()
        .find_map(|error| is_tls(*error).then_some("TLS failure"))
        .or_else(|| {
            let dns = chain.iter().any(|error| error.to_string() == "dns error");
            dns.then_some("DNS lookup failed")
        })
        .or_else(|| chain.iter().find_map(io_class))
        .or_else(|| reqwest_class(source))
        .unwrap_or("transport error");
    let root = chain.last().filter(|error| !is_reqwest(**error));
    match root.map(|error| one_line(&error.to_string())) {
        Some(message) if !message.eq_ignore_ascii_case(class) => format!("{class} ({message})"),
        _ => class.to_owned(),
    }
}

/// `error` and its causes, outermost first.
pub(crate) fn error_chain<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Vec<&'a (dyn std::error::Error + 'static)> {
    let mut chain = vec![error];
    while let Some(&error) = chain.last() {
        // An `io::Error` answers `source` with its inner error's source, skipping the inner
        // error itself (a rustls error, say), so it is unwrapped by hand.
        let next = match error.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => error.source(),
        };
        match next {
            Some(next) => chain.push(next),
            None => break,
        }
    }
    chain
}

#[cfg(feature = "reqwest")]
fn is_tls(error: &(dyn std::error::Error + 'static)) -> bool {
    error.is::<rustls::Error>()
}

#[cfg(feature = "reqwest")]
fn is_reqwest(error: &(dyn std::error::Error + 'static)) -> bool {
    error.is::<reqwest::Error>()
}

/// The broad kind `reqwest` gives its error, when nothing more precise was found.
#[cfg(feature = "reqwest")]
fn reqwest_class(error: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    let error = error.downcast_ref::<reqwest::Error>()?;
    let kinds = [
        (error.is_timeout(), "timed out"),
        (error.is_connect(), "connection failed"),
        (error.is_body(), "broken body"),
        (error.is_decode(), "undecodable answer"),
        (error.is_redirect(), "redirect failed"),
        (error.is_builder(), "unusable request or settings"),
        (error.is_request(), "request failed"),
    ];
    kinds
        .into_iter()
        .find_map(|(is, class)| is.then_some(class))
}

#[cfg(not(feature = "reqwest"))]
fn is_tls(_: &(dyn std::error::Error + 'static)) -> bool {
    false
}

#[cfg(not(feature = "reqwest"))]
fn is_reqwest(_: &(dyn std::error::Error + 'static)) -> bool {
    false
}

#[cfg(not(feature = "reqwest"))]
fn reqwest_class(_: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    None
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<ValidationError> for Error {
    fn from(error: ValidationError) -> Self {
        Error::Validation(error)
    }
}

/// What the service reported about a resource that failed (Nova's `fault` of a server).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fault {
    /// The error code, e.g. `500`.
    pub code: Option<String>,
    /// What went wrong.
    pub message: Option<String>,
    /// More about it, e.g. a trace; often absent.
    pub details: Option<String>,
    /// When it happened, as the service wrote it.
    pub created: Option<String>,
}

impl fmt::Display for Fault {
    /// One line: code and message (details are left to `Debug`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [self.code.as_deref(), self.message.as_deref()];
        let mut parts = parts.into_iter().flatten().map(one_line);
        match parts.next() {
            Some(first) => f.write_str(&first)?,
            None => return f.write_str("no details"),
        }
        for part in parts {
            write!(f, ": {part}")?;
        }
        Ok(())
    }
}

/// An error answer from the service, read from either error dialect.
///
/// ECS: `{"error": {"code": "Ecs.0005", "message": "...", "details": [...]}}`; Nova:
/// `{"conflictingRequest": {"code": 409, "message": "..."}}`; also the flat
/// `{"error_code", "error_msg"}` and `{"code", "message"}` forms. A body in none of these
/// (an HTML gateway page, broken JSON) leaves `code` and `message` empty.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// The HTTP status.
    pub status: u16,
    /// The error code, e.g. `Ecs.0005`; a Nova numeric code as text, e.g. `409`.
    pub code: Option<String>,
    /// The service's message.
    pub message: Option<String>,
    /// The key the error was wrapped in: Nova's `conflictingRequest`, ECS's `error`.
    pub kind: Option<String>,
    /// Further errors listed by ECS under `details`.
    pub details: Vec<ErrorDetail>,
    /// From `X-Request-Id`, `X-Openstack-Request-Id` or `X-Compute-Request-Id`.
    pub request_id: Option<String>,
    /// How long the service asked to wait (`Retry-After`, or Nova's `retryAfter`).
    pub retry_after: Option<Duration>,
    /// The start of the body, with secret-looking JSON values masked.
    pub body_excerpt: String,
}

/// One entry of an ECS error's `details` list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The detail's code.
    pub code: Option<String>,
    /// The detail's message.
    pub message: Option<String>,
}

impl ServiceError {
    /// Reads an error answer; never fails, whatever the body holds.
    pub(crate) fn from_response(response: &http::Response<Vec<u8>>) -> Self {
        let headers = response.headers();
        let body = response.body();
        let root = serde_json::from_slice::<Value>(body).ok();
        let root = root.as_ref().and_then(Value::as_object);
        let flat = root.filter(|map| {
            ["error_code", "error_msg", "code", "message"]
                .iter()
                .any(|key| map.get(*key).is_some_and(|v| !v.is_object()))
        });
        let (kind, inner) = match flat {
            Some(map) => (None, Some(map)),
            None => root
                .and_then(|map| {
                    map.iter().find_map(|(key, value)| {
                        let inner = value.as_object()?;
                        let known = inner.contains_key("message") || inner.contains_key("code");
                        known.then(|| (Some(key.clone()), Some(inner)))
                    })
                })
                .unwrap_or((None, None)),
        };
        let field = |keys: &[&str]| inner.and_then(|map| keys.iter().find_map(|k| text(map, k)));
        let header_id = [
            "x-request-id",
            "x-openstack-request-id",
            "x-compute-request-id",
        ]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok().map(str::to_owned));
        let details = inner
            .and_then(|map| map.get("details")?.as_array())
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_object)
                    .map(detail)
                    .collect()
            })
            .unwrap_or_default();
        ServiceError {
            status: response.status().as_u16(),
            code: field(&["code", "error_code"]),
            message: field(&["message", "error_msg"]),
            kind,
            details,
            request_id: header_id.or_else(|| field(&["request_id"])),
            retry_after: retry_after(headers).or_else(|| {
                let seconds = field(&["retryAfter"])?;
                seconds.trim().parse().ok().map(Duration::from_secs)
            }),
            body_excerpt: excerpt(body),
        }
    }
}

impl fmt::Display for ServiceError {
    /// One line: status and reason, code (or Nova's kind), message and request ID.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|status| status.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        let status = self.status.to_string();
        let label = match (&self.code, &self.kind) {
            (Some(code), _) if *code != status => Some(code.as_str()),
            (_, Some(kind)) if kind != "error" => Some(kind.as_str()),
            _ => None,
        };
        if let Some(label) = label {
            write!(f, ": {}", one_line(label))?;
        }
        match (&self.message, self.body_excerpt.is_empty()) {
            (Some(message), _) => write!(f, ": {}", one_line(message))?,
            (None, false) if label.is_none() => {
                let start: String = self.body_excerpt.chars().take(80).collect();
                write!(f, ": body `{}`", one_line(&start))?;
            }
            (None, _) => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request ID {})", one_line(id))?;
        }
        Ok(())
    }
}

fn detail(map: &Map<String, Value>) -> ErrorDetail {
    ErrorDetail {
        code: text(map, "code"),
        message: text(map, "message"),
    }
}

/// A string member, or a number member as text.
fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Collapses line breaks and other control characters, so a message stays on one line.
fn one_line(text: &str) -> String {
    let spaced = text.replace(|c: char| c.is_control(), " ");
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many characters of a body errors keep.
const EXCERPT_CHARS: usize = 200;

/// Names of JSON members whose values an excerpt masks: passwords, user data, tokens.
const SECRET_KEYS: [&str; 5] = ["pass", "secret", "token", "user_data", "private"];

/// The first `EXCERPT_CHARS` characters of a body (invalid UTF-8 replaced).
///
/// A JSON body that holds secret-looking members (`adminPass`, `user_data`, ...) is
/// re-serialized with their values replaced by `"***"` first.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let head = &body[..body.len().min(EXCERPT_CHARS * 4)];
    let mut text = String::from_utf8_lossy(head).into_owned();
    if let Ok(mut value) = serde_json::from_slice::<Value>(body)
        && mask_secrets(&mut value)
    {
        text = value.to_string();
    }
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => text[..end].to_owned(),
        None => text,
    }
}

fn mask_secrets(value: &mut Value) -> bool {
    let mut masked = false;
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                let key = key.to_ascii_lowercase();
                if SECRET_KEYS.iter().any(|secret| key.contains(secret)) && !member.is_null() {
                    *member = Value::String("***".to_owned());
                    masked = true;
                } else {
                    masked |= mask_secrets(member);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                masked |= mask_secrets(item);
            }
        }
        _ => {}
    }
    masked
}

/// The wait a `Retry-After` header asks for: delay seconds, or an IMF-fixdate such as
/// `Sun, 06 Nov 1994 08:49:37 GMT` (a date in the past means no wait).
pub(crate) fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = UNIX_EPOCH.checked_add(Duration::from_secs(http_date(value)?))?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// Seconds since the Unix epoch of an IMF-fixdate.
pub(crate) fn http_date(value: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = value.split(' ').collect();
    let [weekday, day, month, year, time, "GMT"] = parts[..] else {
        return None;
    };
    let number = |text: &str, digits: usize| -> Option<u64> {
        let valid = text.len() == digits && text.bytes().all(|b| b.is_ascii_digit());
        valid.then(|| text.parse().ok()).flatten()
    };
    let (day, year) = (number(day, 2)?, number(year, 4)?);
    let month = MONTHS.iter().position(|name| *name == month)? as u64 + 1;
    let [hour, minute, second] = time.split(':').collect::<Vec<_>>()[..] else {
        return None;
    };
    let (hour, minute, second) = (number(hour, 2)?, number(minute, 2)?, number(second, 2)?);
    if !weekday.ends_with(',') || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 || year < 1970 {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date, counting years from March.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = (y % 400) * 365 + (y % 400) / 4 - (y % 400) / 100 + day_of_year;
    let days = (y / 400) * 146_097 + day_of_era - 719_468;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}
