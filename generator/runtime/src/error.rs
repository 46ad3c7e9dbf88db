//! The crate's error type and the reading of service error bodies.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::ValidationError;
use super::config::ConfigError;
use super::sign_in::SignInError;

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
    /// A request, or the connection for it, took longer than allowed: one attempt
    /// (`ClientBuilder::timeout`), or all of them with the waits between them
    /// (`total_timeout`).
    Timeout {
        /// What timed out, e.g. ``request `get_job` ``, or ``request `get_job` (all attempts)``
        /// when the total timeout ran out.
        what: String,
        /// The limit that was exceeded, when known.
        after: Option<Duration>,
    },
    /// An answer's body was longer than the client allows (`ClientBuilder::max_body_bytes`);
    /// reading stopped at the limit, or before the first byte when `Content-Length` said so.
    BodyTooLarge {
        /// Whose answer, e.g. ``request `show_job` ``.
        what: String,
        /// The HTTP status of the answer.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
        /// The length the answer announced in `Content-Length`, when it did.
        declared: Option<u64>,
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
            Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
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

    /// The request ID the service (or IAM, refusing a sign-in) gave its error answer, for
    /// support tickets.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(error) => error.request_id.as_deref(),
            Error::SignIn(error) => error.iam.as_ref()?.request_id.as_deref(),
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
            Error::BodyTooLarge {
                what,
                status,
                limit,
                declared,
            } => {
                write!(
                    f,
                    "the {status} answer to {what} is larger than the limit of {limit} bytes"
                )?;
                match declared {
                    Some(length) => write!(f, " (Content-Length: {length}); nothing was read"),
                    None => f.write_str("; reading stopped there"),
                }
            }
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
                write!(f, "`{job_id}` failed with status {}", one_line(status))?;
                let details = [error_code.as_deref(), reason.as_deref()];
                for detail in details.into_iter().flatten() {
                    write!(f, ": {}", one_line(detail))?;
                }
                Ok(())
            }
            Error::ResourceFailed { id, status, fault } => {
                write!(f, "`{id}` reached status {}", one_line(status))?;
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
                    Some(status) => write!(f, " (last status {})", one_line(status)),
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

/// A `Fault` from its four parts, for emitted waiters (the struct is `non_exhaustive`).
#[doc(hidden)]
pub fn fault(
    code: Option<String>,
    message: Option<String>,
    details: Option<String>,
    created: Option<String>,
) -> Fault {
    Fault {
        code,
        message,
        details,
        created,
    }
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
    /// The per-ECS failures of a batch call, which ECS lists beside the error under
    /// `internalError`: each with the `id` of its ECS, its code and message (at most
    /// `MAX_DETAILS` of them, like `details`).
    pub items: Vec<ErrorDetail>,
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
    /// The detail's code (`code`, or a batch item's `error_code`).
    pub code: Option<String>,
    /// The detail's message (`message`, or a batch item's `error_message`).
    pub message: Option<String>,
    /// The ECS a batch item is about (its `id`); `None` in `details`.
    pub id: Option<String>,
}

impl ServiceError {
    /// Reads an error answer; never fails, whatever the body holds.
    ///
    /// The body is read once, without building a JSON tree: only the members named above are
    /// kept, each text cut to a bounded length (see `clip`), at most `MAX_DETAILS` details.
    pub(crate) fn from_response(response: &http::Response<Vec<u8>>) -> Self {
        let headers = response.headers();
        let body = response.body();
        let read = ErrorMembers::read(body);
        let retry = read
            .retry_after
            .as_deref()
            .and_then(|seconds| seconds.trim().parse().ok().map(Duration::from_secs));
        ServiceError {
            status: response.status().as_u16(),
            code: read.code,
            message: read.message,
            kind: read.kind,
            details: read.details,
            items: read.items,
            request_id: request_id(headers).or(read.request_id),
            retry_after: retry_after(headers).or(retry),
            body_excerpt: excerpt(body),
        }
    }
}

/// The members an error body holds, read once (module `body`): the error object nested under
/// a key (`kind`), or the body itself in the flat forms. Every text is cut to a bounded length.
#[derive(Default)]
pub(crate) struct ErrorMembers {
    pub(crate) kind: Option<String>,
    /// `code`, else `error_code`.
    pub(crate) code: Option<String>,
    /// `message`, else `error_msg`.
    pub(crate) message: Option<String>,
    /// `title` (Keystone's, IAM's: `Unauthorized`).
    pub(crate) title: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<String>,
    pub(crate) details: Vec<ErrorDetail>,
    pub(crate) items: Vec<ErrorDetail>,
}

impl ErrorMembers {
    pub(crate) fn read(body: &[u8]) -> Self {
        let root = serde_json::from_slice::<body::Root>(body).unwrap_or_default();
        let (kind, inner) = match root.flat {
            true => (None, Some(root.top)),
            false => match root.nested {
                Some((kind, inner)) => (Some(kind), Some(inner)),
                None => (None, None),
            },
        };
        let inner = inner.unwrap_or_default();
        ErrorMembers {
            kind,
            code: inner.code.or(inner.error_code),
            message: inner.message.or(inner.error_msg),
            title: inner.title,
            request_id: inner.request_id,
            retry_after: inner.retry_after,
            details: inner.details,
            items: root.items,
        }
    }
}

/// The request ID an answer's headers carry (`X-Request-Id`, `X-Openstack-Request-Id`,
/// `X-Compute-Request-Id`), cut to a bounded length.
pub(crate) fn request_id(headers: &http::HeaderMap) -> Option<String> {
    [
        "x-request-id",
        "x-openstack-request-id",
        "x-compute-request-id",
    ]
    .iter()
    .find_map(|name| headers.get(*name)?.to_str().ok())
    .map(|id| clip(id, LABEL_CHARS).into_owned())
}

/// The reading of error bodies: serde visitors that keep the few members an error has and
/// skip everything else without storing it.
mod body {
    use std::fmt;

    use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use super::{ErrorDetail, LABEL_CHARS, MAX_DETAILS, TEXT_CHARS, char_boundary, clip, clipped};

    /// The members of one error object (or of the body itself, in the flat forms).
    #[derive(Default)]
    pub(super) struct Fields {
        pub(super) code: Option<String>,
        pub(super) error_code: Option<String>,
        pub(super) message: Option<String>,
        pub(super) error_msg: Option<String>,
        pub(super) request_id: Option<String>,
        pub(super) retry_after: Option<String>,
        pub(super) title: Option<String>,
        pub(super) details: Vec<ErrorDetail>,
        /// A batch item's `id` and `error_message`.
        id: Option<String>,
        error_message: Option<String>,
        /// `message` or `code` was there, whatever its value.
        known: bool,
    }

    /// The body: its own members (flat forms) and the first member that is an error object.
    #[derive(Default)]
    pub(super) struct Root {
        pub(super) top: Fields,
        /// One of `error_code`, `error_msg`, `code`, `message` holds something other than an
        /// object: the flat form.
        pub(super) flat: bool,
        pub(super) nested: Option<(String, Fields)>,
        /// The per-ECS failures of a batch call (`internalError`).
        pub(super) items: Vec<ErrorDetail>,
    }

    /// One member's value, as far as an error needs it.
    enum Member {
        /// At most `TEXT_CHARS` characters, and how many bytes were cut after them.
        Text(String, usize),
        /// Boxed: most values are not objects, and a small `Member` moves fast.
        Object(Box<Fields>),
        List(Vec<ErrorDetail>),
        Other,
    }

    impl Fields {
        /// Reads one member, keeping it when it is one an error has.
        fn take<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            let slot = match key {
                "code" => &mut self.code,
                "error_code" => &mut self.error_code,
                "message" => &mut self.message,
                "error_msg" => &mut self.error_msg,
                "request_id" => &mut self.request_id,
                "retryAfter" => &mut self.retry_after,
                "title" => &mut self.title,
                "id" => &mut self.id,
                "error_message" => &mut self.error_message,
                "details" => {
                    if let Member::List(details) = map.next_value::<Member>()?
                        && self.details.is_empty()
                    {
                        self.details = details;
                    }
                    return Ok(());
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    return Ok(());
                }
            };
            self.known |= matches!(key, "code" | "message");
            if let Member::Text(text, cut) = map.next_value::<Member>()?
                && slot.is_none()
            {
                let max = if matches!(key, "message" | "error_msg" | "error_message") {
                    TEXT_CHARS
                } else {
                    LABEL_CHARS
                };
                *slot = Some(clipped(&text, cut, max));
            }
            Ok(())
        }
    }

    impl<'de> Deserialize<'de> for Root {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct RootVisitor;

            impl<'de> Visitor<'de> for RootVisitor {
                type Value = Root;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an error object")
                }

                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Root, A::Error> {
                    let mut root = Root::default();
                    while let Some(key) = map.next_key::<Key>()? {
                        let key = key.0;
                        let flat_key = matches!(
                            key.as_str(),
                            "error_code" | "error_msg" | "code" | "message"
                        );
                        if key == "internalError" {
                            if let Member::List(items) = map.next_value::<Member>()? {
                                root.items = items;
                            }
                        } else if flat_key
                            || matches!(key.as_str(), "request_id" | "retryAfter" | "details")
                        {
                            match map.next_value::<Member>()? {
                                Member::Object(fields) if !flat_key => drop(fields),
                                Member::Object(fields) => {
                                    if root.nested.is_none() && fields.known {
                                        root.nested = Some((key, *fields));
                                    }
                                }
                                Member::Text(text, cut) => {
                                    root.flat |= flat_key;
                                    root.top.set(&key, &text, cut);
                                }
                                Member::List(details) => {
                                    root.flat |= flat_key;
                                    if key == "details" && root.top.details.is_empty() {
                                        root.top.details = details;
                                    }
                                }
                                Member::Other => root.flat |= flat_key,
                            }
                        } else if root.nested.is_none() {
                            if let Member::Object(fields) = map.next_value::<Member>()?
                                && fields.known
                            {
                                root.nested = Some((clip(&key, LABEL_CHARS).into_owned(), *fields));
                            }
                        } else {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                    Ok(root)
                }
            }

            deserializer.deserialize_map(RootVisitor)
        }
    }

    impl Fields {
        /// Sets a text member read at the top level.
        fn set(&mut self, key: &str, text: &str, cut: usize) {
            let (slot, max) = match key {
                "code" => (&mut self.code, LABEL_CHARS),
                "error_code" => (&mut self.error_code, LABEL_CHARS),
                "message" => (&mut self.message, TEXT_CHARS),
                "error_msg" => (&mut self.error_msg, TEXT_CHARS),
                "request_id" => (&mut self.request_id, LABEL_CHARS),
                "retryAfter" => (&mut self.retry_after, LABEL_CHARS),
                _ => return,
            };
            if slot.is_none() {
                *slot = Some(clipped(text, cut, max));
            }
        }
    }

    /// A member name, its length bounded.
    struct Key(String);

    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct KeyVisitor;

            impl<'de> Visitor<'de> for KeyVisitor {
                type Value = Key;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a member name")
                }

                fn visit_str<E: de::Error>(self, value: &str) -> Result<Key, E> {
                    // Longer names are none of those looked for; the cut keeps them short.
                    Ok(Key(clip(value, LABEL_CHARS + 1).into_owned()))
                }
            }

            deserializer.deserialize_str(KeyVisitor)
        }
    }

    impl<'de> Deserialize<'de> for Member {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(MemberVisitor)
        }
    }

    struct MemberVisitor;

    impl<'de> Visitor<'de> for MemberVisitor {
        type Value = Member;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Member, E> {
            let end = char_boundary(value, TEXT_CHARS);
            Ok(Member::Text(value[..end].to_owned(), value.len() - end))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Member, E> {
            Ok(Member::Text(value.to_string(), 0))
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Member, E> {
            Ok(Member::Text(value.to_string(), 0))
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Member, E> {
            Ok(Member::Text(value.to_string(), 0))
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Member, E> {
            Ok(Member::Other)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Member, E> {
            Ok(Member::Other)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Member, A::Error> {
            let mut fields = Fields::default();
            while let Some(key) = map.next_key::<Key>()? {
                fields.take(&key.0, &mut map)?;
            }
            Ok(Member::Object(Box::new(fields)))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Member, A::Error> {
            let mut details = Vec::new();
            while details.len() < MAX_DETAILS {
                match seq.next_element::<Item>()? {
                    Some(Item(Some(fields))) => details.push(ErrorDetail {
                        code: fields.code.or(fields.error_code),
                        message: fields.message.or(fields.error_message),
                        id: fields.id,
                    }),
                    Some(Item(None)) => {}
                    None => return Ok(Member::List(details)),
                }
            }
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Member::List(details))
        }
    }

    /// An entry of a list: an object's error members, or nothing for anything else (skipped
    /// without being stored).
    struct Item(Option<Box<Fields>>);

    impl<'de> Deserialize<'de> for Item {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct ItemVisitor;

            impl<'de> Visitor<'de> for ItemVisitor {
                type Value = Item;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("any JSON value")
                }

                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                    match MemberVisitor.visit_map(map)? {
                        Member::Object(fields) => Ok(Item(Some(fields))),
                        _ => Ok(Item(None)),
                    }
                }

                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(Item(None))
                }

                fn visit_bool<E: de::Error>(self, _: bool) -> Result<Item, E> {
                    Ok(Item(None))
                }

                fn visit_i64<E: de::Error>(self, _: i64) -> Result<Item, E> {
                    Ok(Item(None))
                }

                fn visit_u64<E: de::Error>(self, _: u64) -> Result<Item, E> {
                    Ok(Item(None))
                }

                fn visit_f64<E: de::Error>(self, _: f64) -> Result<Item, E> {
                    Ok(Item(None))
                }

                fn visit_str<E: de::Error>(self, _: &str) -> Result<Item, E> {
                    Ok(Item(None))
                }

                fn visit_unit<E: de::Error>(self) -> Result<Item, E> {
                    Ok(Item(None))
                }
            }

            deserializer.deserialize_any(ItemVisitor)
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

/// Collapses line breaks and other control characters, so a message stays on one line.
///
/// The text is cut (see `clip`) first, a little after `TEXT_CHARS` characters, so that a text
/// already cut keeps its marker.
pub(crate) fn one_line(text: &str) -> String {
    let text = clip(text, TEXT_CHARS + 40);
    let spaced = text.replace(|c: char| c.is_control(), " ");
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many characters of a service's message (`message`, a job's `fail_reason`, a fault)
/// errors keep.
pub(crate) const TEXT_CHARS: usize = 1000;
/// How many characters of a code, kind, status or request ID errors keep.
pub(crate) const LABEL_CHARS: usize = 200;
/// How many entries of an ECS error's `details` are kept.
const MAX_DETAILS: usize = 20;
/// How many characters of a body errors keep.
const EXCERPT_CHARS: usize = 200;
/// How many bytes of a body the excerpt is taken from (masked values are skipped, so the
/// excerpt may come from further than its own length).
const EXCERPT_SCAN: usize = 64 * 1024;

/// The byte offset after the first `max` characters of `text` (its length if shorter).
pub(crate) fn char_boundary(text: &str, max: usize) -> usize {
    text.char_indices()
        .nth(max)
        .map_or(text.len(), |(end, _)| end)
}

/// `text` cut after `max` characters, followed by `… (N more bytes cut)` when it was longer.
pub(crate) fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match char_boundary(text, max) {
        end if end == text.len() => Cow::Borrowed(text),
        _ => Cow::Owned(clipped(text, 0, max)),
    }
}

/// `head`, of which `cut` bytes were already cut, cut after `max` characters, with the marker
/// counting every byte cut.
pub(crate) fn clipped(head: &str, cut: usize, max: usize) -> String {
    let end = char_boundary(head, max);
    let cut = cut + (head.len() - end);
    match cut {
        0 => head.to_owned(),
        _ => format!("{}… ({cut} more bytes cut)", &head[..end]),
    }
}

/// A `String` cut as `clip` cuts it (no copy when it is short enough).
#[cfg_attr(
    not(feature = "reqwest"),
    allow(dead_code, reason = "used by waits, which need reqwest")
)]
pub(crate) fn clip_owned(text: String, max: usize) -> String {
    match clip(&text, max) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => cut,
    }
}

/// What the JSON reader said about `body`, its middle cut when long: a value of the wrong
/// type is quoted in full by serde, and the end (`expected ... at line 1 column 9`) is the
/// useful part. When the value is that of a secret member (the last member name before the
/// place of the error is one `is_secret_name` knows), it is not quoted at all.
pub(crate) fn decode_message(error: &crate::codec::DecodeError, body: &[u8]) -> String {
    const HEAD: usize = 160;
    const TAIL: usize = 160;
    if error.is_data()
        && let Some(name) = member_before(body, error.offset())
        && is_secret(name)
    {
        let name = String::from_utf8_lossy(&name[..name.len().min(LABEL_CHARS)]);
        return format!(
            "the value of the secret member `{}` does not have the documented type (not shown) \
             at line {} column {}",
            one_line(&name),
            error.line(),
            error.column()
        );
    }
    let text = error.to_string();
    let head = char_boundary(&text, HEAD);
    let tail = text
        .char_indices()
        .rev()
        .nth(TAIL - 1)
        .map_or(0, |(start, _)| start)
        .max(head);
    if tail == head {
        return one_line(&text);
    }
    let cut = tail - head;
    one_line(&format!(
        "{}… ({cut} bytes cut) …{}",
        &text[..head],
        &text[tail..]
    ))
}

/// Whether a JSON member's name says that its value is secret: passwords (`adminPass`,
/// `password`), user data, tokens, keys and other credentials. Case, `_`, `-` and `.` are
/// ignored (`user_data`, `userData` and `User-Data` are one name). The runtime cannot see the
/// spec's `secret` marks, so the list is conservative; this is the one place it is kept.
pub(crate) fn is_secret_name(name: &[u8]) -> bool {
    const PARTS: [&[u8]; 11] = [
        b"pass",
        b"secret",
        b"token",
        b"userdata",
        b"private",
        b"credential",
        b"accesskey",
        b"apikey",
        b"authorization",
        b"signature",
        b"cookie",
    ];
    const WHOLE: [&[u8]; 3] = [b"ak", b"sk", b"key"];
    let mut folded = Vec::with_capacity(name.len().min(LABEL_CHARS));
    for &byte in name.iter().take(LABEL_CHARS) {
        if byte.is_ascii_alphanumeric() {
            folded.push(byte.to_ascii_lowercase());
        }
    }
    WHOLE.contains(&folded.as_slice())
        || PARTS
            .iter()
            .any(|part| folded.windows(part.len()).any(|window| window == *part))
}

/// The first `EXCERPT_CHARS` characters of a body (invalid UTF-8 replaced), followed by
/// `… (N more bytes cut)` when the body is longer, with the value of every member whose name
/// `is_secret_name` replaced by `"***"`.
///
/// The masking reads the text, not a parsed value, so it works on truncated and invalid JSON
/// too: a member name is a string followed by `:`; its value (a string, a number, an object
/// or array with everything inside it, or up to the end of the text) is replaced. Escapes in
/// member names are decoded for the check (`"admin\u0050ass"` is `adminPass`).
pub(crate) fn excerpt(body: &[u8]) -> String {
    let scanned = &body[..body.len().min(EXCERPT_SCAN)];
    let (masked, used) = mask_secret_members(scanned, EXCERPT_CHARS * 4);
    let text = String::from_utf8_lossy(&masked);
    let end = char_boundary(&text, EXCERPT_CHARS);
    let cut = (text.len() - end) + (body.len() - used);
    match cut {
        0 => text.into_owned(),
        _ => format!("{}… ({cut} more bytes cut)", &text[..end]),
    }
}

/// The text with the values of secret members replaced by `"***"`, up to about `max` bytes of
/// output, and how many bytes of `text` that output stands for.
///
/// Every `:` is taken for the end of a member name when a string ends right before it (spaces
/// aside), whether or not the quotes before it pair up: a broken body can leave the scanner
/// out of step with its strings, and a name seen where there was none only masks more.
fn mask_secret_members(text: &[u8], max: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(max.min(text.len()) + 8);
    let mut at = 0;
    while at < text.len() && out.len() < max {
        let byte = text[at];
        out.push(byte);
        at += 1;
        if byte != b':' || !name_before(text, at - 1).is_some_and(is_secret) {
            continue;
        }
        while at < text.len() && text[at].is_ascii_whitespace() {
            out.push(text[at]);
            at += 1;
        }
        let end = value_end(text, at);
        match &text[at..end] {
            b"null" => out.extend_from_slice(b"null"),
            b"" => {}
            _ => out.extend_from_slice(b"\"***\""),
        }
        at = end;
    }
    (out, at)
}

/// Whether a member name, as written (escapes and all), is a secret one.
fn is_secret(raw: &[u8]) -> bool {
    is_secret_name(&unescaped(raw))
}

/// The raw text of the string that ends (spaces aside) right before the `:` at `colon`: back
/// to the `"` before its closing one, at most `LABEL_CHARS * 6` bytes.
fn name_before(text: &[u8], colon: usize) -> Option<&[u8]> {
    let before = &text[..colon];
    let close = before
        .iter()
        .rposition(|byte| !byte.is_ascii_whitespace())?;
    if before[close] != b'"' {
        return None;
    }
    let from = close.saturating_sub(LABEL_CHARS * 6);
    let open = from + before[from..close].iter().rposition(|&byte| byte == b'"')?;
    Some(&before[open + 1..close])
}

/// The raw text of the last member name before `offset`, if any (found as the masking
/// finds them).
fn member_before(text: &[u8], offset: usize) -> Option<&[u8]> {
    let before = &text[..offset.min(text.len())];
    let mut end = before.len();
    while let Some(colon) = before[..end].iter().rposition(|&byte| byte == b':') {
        if let Some(name) = name_before(text, colon) {
            return Some(name);
        }
        end = colon;
    }
    None
}

/// The offset after the string that starts (with `"`) at `start`, or the text's end.
fn string_end(text: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    text.len()
}

/// The offset after the JSON value that starts at `start`: a string, an object or array with
/// everything nested in it, or a bare word or number; the text's end if it ends first.
fn value_end(text: &[u8], start: usize) -> usize {
    match text.get(start) {
        None => start,
        Some(b'"') => string_end(text, start),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut at = start;
            while at < text.len() {
                match text[at] {
                    b'"' => {
                        at = string_end(text, at);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return at + 1;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            text.len()
        }
        Some(_) => {
            let rest = &text[start..];
            let stop = rest
                .iter()
                .position(|byte| matches!(byte, b',' | b'}' | b']') || byte.is_ascii_whitespace());
            start + stop.unwrap_or(rest.len())
        }
    }
}

/// A member name's characters with JSON escapes decoded as far as a name check needs them
/// (`\u0041` gives `A`; other escapes their character; non-ASCII `\u` escapes are dropped).
fn unescaped(name: &[u8]) -> Vec<u8> {
    let name = &name[..name.len().min(LABEL_CHARS * 6)];
    let mut out = Vec::with_capacity(name.len());
    let mut at = 0;
    while at < name.len() {
        match (name[at], name.get(at + 1)) {
            (b'\\', Some(b'u')) => {
                let code = name
                    .get(at + 2..at + 6)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                out.extend(code.filter(u8::is_ascii));
                at += 6;
            }
            (b'\\', Some(&escaped)) => {
                out.push(escaped);
                at += 2;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    out
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
