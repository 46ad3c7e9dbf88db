//! The client: configuration and credentials, and with the `reqwest` feature, sending.

use std::marker::PhantomData;
use std::sync::Arc;
#[cfg(feature = "reqwest")]
use std::time::Duration;

use http::HeaderValue;

#[cfg(feature = "reqwest")]
use super::Operation;
use super::auth::Credential;
use super::operation::DEFAULT_USER_AGENT;
use super::{Auth, Error, Microversion, RequestContext, path};

/// A client of the ECS APIs for one endpoint and project. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    endpoint: String,
    project_id: String,
    auth: Credential,
    user_agent: HeaderValue,
    microversion: Option<Microversion>,
    path_variant: Option<String>,
    #[cfg(feature = "reqwest")]
    transport: transport::Transport,
}

impl Client {
    /// A client with the default settings; see `Client::builder`.
    pub fn new(
        endpoint: impl AsRef<str>,
        project_id: impl Into<String>,
        auth: Auth,
    ) -> Result<Client, Error> {
        Client::builder(endpoint, project_id, auth).build()
    }

    /// Starts configuring a client for `endpoint` (e.g. `https://ecs.eu-de.otc.t-systems.com`)
    /// and the project that owns the servers.
    pub fn builder(
        endpoint: impl AsRef<str>,
        project_id: impl Into<String>,
        auth: Auth,
    ) -> ClientBuilder {
        ClientBuilder::new(endpoint, project_id, auth)
    }

    /// The endpoint, without trailing slashes.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The project ID, as given.
    pub fn project_id(&self) -> &str {
        &self.inner.project_id
    }

    /// The configured microversion, if any.
    pub fn microversion(&self) -> Option<Microversion> {
        self.inner.microversion
    }

    /// What operations need to build their requests.
    pub fn request_context(&self) -> RequestContext<'_> {
        let inner = &*self.inner;
        RequestContext::from_checked(
            &inner.endpoint,
            &inner.project_id,
            &inner.auth,
            &inner.user_agent,
            inner.microversion,
            inner.path_variant.as_deref(),
        )
    }
}

/// Settings for a `Client`; `build` checks them all.
///
/// `C` is what `build` makes: this crate's `Client`, or a generated crate's `Client`, which
/// wraps one (`Client::builder` of either gives the right one).
#[derive(Debug)]
pub struct ClientBuilder<C = Client> {
    endpoint: String,
    project_id: String,
    auth: Auth,
    microversion: Option<Microversion>,
    path_variant: Option<String>,
    user_agent: Option<String>,
    #[cfg(feature = "reqwest")]
    transport: transport::Settings,
    client: PhantomData<fn() -> C>,
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Starts configuring a client for `endpoint` and the project that owns the servers; the
    /// same as `Client::builder`.
    pub fn new(endpoint: impl AsRef<str>, project_id: impl Into<String>, auth: Auth) -> Self {
        ClientBuilder {
            endpoint: endpoint.as_ref().to_owned(),
            project_id: project_id.into(),
            auth,
            microversion: None,
            path_variant: None,
            user_agent: None,
            #[cfg(feature = "reqwest")]
            transport: transport::Settings::default(),
            client: PhantomData,
        }
    }

    /// The microversion to ask for in microversioned calls; a call that needs a higher one
    /// sends that instead. Default: none, so the service answers as 2.1.
    pub fn microversion(mut self, microversion: Microversion) -> Self {
        self.microversion = Some(microversion);
        self
    }

    /// Selects an alternative documented path where there is one, e.g. `v2` for the `/v2`
    /// form of the rebuild call. Letters, digits, `-`, `.`, `_` and `~` only.
    pub fn path_variant(mut self, variant: impl Into<String>) -> Self {
        self.path_variant = Some(variant.into());
        self
    }

    /// The `User-Agent` header. Default: `otc-ecs/` and the crate version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Checks the settings and creates the client.
    ///
    /// Fails with `Error::InvalidArgument` for an endpoint that is not an `http(s)` URL with
    /// a host (trailing slashes are fine; a query, fragment or credentials are not), a project
    /// ID or path variant that is empty, `.`, `..` or has characters other than letters,
    /// digits, `-`, `.`, `_` and `~`, a token or user agent that cannot be sent in a header
    /// (a line break, say), a time-out or body limit of zero, or an `http_client` that may
    /// follow redirects.
    pub fn build(self) -> Result<C, Error> {
        let endpoint = path::endpoint(&self.endpoint)?.to_owned();
        path::plain("project_id", &self.project_id)?;
        let path_variant = match self.path_variant {
            Some(variant) => Some(path::plain("path_variant", &variant)?.to_owned()),
            None => None,
        };
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| Error::InvalidArgument {
            name: "user_agent",
            reason: "holds characters that cannot be sent in a header".to_owned(),
        })?;
        let client = Client {
            inner: Arc::new(Inner {
                endpoint,
                project_id: self.project_id,
                auth: self.auth.for_client()?,
                user_agent,
                microversion: self.microversion,
                path_variant,
                #[cfg(feature = "reqwest")]
                transport: self.transport.build()?,
            }),
        };
        Ok(C::from(client))
    }
}

#[cfg(feature = "reqwest")]
impl<C> ClientBuilder<C> {
    /// How long to wait for a connection to be set up. Default: 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.transport.connect_timeout = timeout;
        self
    }

    /// How long one attempt of a request may take, from sending to the last byte of the
    /// answer. Default: 60 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.transport.timeout = timeout;
        self
    }

    /// How long one call may take in all: every attempt, and the waits between them.
    /// An attempt still running at the deadline is cut off with `Error::Timeout` (its text
    /// says `(all attempts)`); a retry whose wait would end after it is not made, and the
    /// last answer or error is returned instead. Default: 180 seconds.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.transport.total_timeout = timeout;
        self
    }

    /// The largest answer body read, in bytes. A longer one fails with
    /// `Error::BodyTooLarge`: before anything is read when its `Content-Length` says so,
    /// else as soon as the bytes read pass the limit (the body is read chunk by chunk into
    /// one buffer). Default: 16 MiB.
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.transport.max_body_bytes = limit;
        self
    }

    /// How many times an idempotent request is sent again after a failure that may pass.
    /// Default: 3.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.transport.max_retries = retries;
        self
    }

    /// The wait before the first retry; it doubles with each further retry, up to 30 seconds.
    /// Default: 500 milliseconds.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.transport.retry_base_delay = delay;
        self
    }

    /// Sends through this `reqwest` client instead of one built for this client. Its own
    /// settings apply (proxies, connect timeout, TLS); time-outs, retries and the body limit
    /// still come from this builder.
    ///
    /// It must not follow redirects: build it with
    /// `.redirect(reqwest::redirect::Policy::none())`. On a redirect to another host,
    /// reqwest drops `Authorization` and cookies but forwards every other header,
    /// `X-Auth-Token` included, and it gives no way to change or read a client's policy.
    /// So `build` refuses (with `Error::InvalidArgument` naming `http_client`) a client
    /// whose `Debug` text does not show the policy `None`, which is how reqwest 0.13 tells
    /// it. This client itself never follows a redirect: a 3xx answer is returned as the
    /// `Error::Service` of its status, and an answer from any other URL than the one asked
    /// is an `Error::Transport`.
    ///
    /// This crate's `reqwest` brings no TLS crypto of its own: install one before building
    /// that client, e.g. `rustls::crypto::ring::default_provider().install_default()`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.transport.http = Some(client);
        self
    }
}

#[cfg(feature = "reqwest")]
impl Client {
    /// Builds, sends and reads one operation.
    ///
    /// With `Auth::aksk`, each attempt is signed just before it is sent.
    ///
    /// A request that breaks a documented rule fails with `Error::Validation` before anything
    /// is sent. Idempotent operations are sent again, at most `max_retries` times, after an
    /// answer of 429, 502, 503 or 504 and after a connection or I/O failure; the wait is the
    /// answer's `Retry-After` (seconds or an HTTP date), else an exponential backoff. An
    /// answer asking for more than two minutes is returned at once instead, with
    /// `retry_after` set. A request that timed out is not sent again, nor is any
    /// non-idempotent one (a POST may have taken effect), nor one whose answer is not HTTP
    /// (HTTP/0.9, a bad status line or header). The whole call, waits included, is bounded
    /// by `total_timeout`, each attempt by `timeout`, the answer's body by `max_body_bytes`.
    pub async fn execute<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let request = operation.to_request(&self.request_context())?;
        // The variant is recorded only where it chose the path.
        let variant = self.inner.path_variant.as_deref();
        let (path, variant) = super::operation::template(O::PATH, O::VARIANTS, variant);
        let span = super::trace::call_span(O::ID, path, variant, &request);
        let anonymous = Credential::None;
        let credential = match O::CREDENTIAL {
            true => &self.inner.auth,
            false => &anonymous,
        };
        let send =
            self.inner
                .transport
                .send_with_retries(O::ID, O::IDEMPOTENT, request, credential);
        let response = super::trace::instrument(send, span).await?;
        O::from_response(response)
    }
}

#[cfg(feature = "reqwest")]
mod transport {
    use std::fmt;
    use std::time::Duration;

    use tokio::time::Instant;

    use super::super::error::{error_chain, retry_after};
    use super::{Credential, Error};

    /// Statuses after which an idempotent request is sent again.
    const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];
    /// The longest backoff between two attempts.
    const MAX_BACKOFF: Duration = Duration::from_secs(30);
    /// The longest `Retry-After` waited out; a longer one ends the retries.
    const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
    /// How much of a body is read at most, unless the builder says otherwise.
    pub(super) const DEFAULT_MAX_BODY_BYTES: u64 = 16 << 20;
    /// The most buffer taken before the body arrives, when its `Content-Length` is known.
    const PREALLOCATE: u64 = 4 << 20;
    /// The part of a client's `Debug` text that says it follows no redirects (reqwest 0.13).
    const NO_REDIRECTS: &str = "redirect_policy: \"Policy(None)\"";

    /// The builder's transport settings.
    #[derive(Debug)]
    pub(super) struct Settings {
        pub(super) connect_timeout: Duration,
        pub(super) timeout: Duration,
        pub(super) total_timeout: Duration,
        pub(super) max_retries: u32,
        pub(super) retry_base_delay: Duration,
        pub(super) max_body_bytes: u64,
        pub(super) http: Option<reqwest::Client>,
    }

    impl Default for Settings {
        fn default() -> Self {
            Settings {
                connect_timeout: Duration::from_secs(10),
                timeout: Duration::from_secs(60),
                total_timeout: Duration::from_secs(180),
                max_retries: 3,
                retry_base_delay: Duration::from_millis(500),
                max_body_bytes: DEFAULT_MAX_BODY_BYTES,
                http: None,
            }
        }
    }

    impl Settings {
        pub(super) fn build(self) -> Result<Transport, Error> {
            for (name, value) in [
                ("timeout", self.timeout),
                ("connect_timeout", self.connect_timeout),
                ("total_timeout", self.total_timeout),
            ] {
                if value.is_zero() {
                    let reason = "must be longer than zero".to_owned();
                    return Err(Error::InvalidArgument { name, reason });
                }
            }
            if self.max_body_bytes == 0 {
                let reason = "must be larger than zero".to_owned();
                return Err(Error::InvalidArgument {
                    name: "max_body_bytes",
                    reason,
                });
            }
            let (http, connect_timeout) = match self.http {
                Some(http) if !format!("{http:?}").contains(NO_REDIRECTS) => {
                    return Err(Error::InvalidArgument {
                        name: "http_client",
                        reason: "may follow redirects, which would send the credential to \
                                 wherever they point: build it with \
                                 `.redirect(reqwest::redirect::Policy::none())`"
                            .to_owned(),
                    });
                }
                Some(http) => (http, None),
                None => {
                    let _ = rustls::crypto::ring::default_provider().install_default();
                    let http = reqwest::Client::builder()
                        .connect_timeout(self.connect_timeout)
                        .redirect(reqwest::redirect::Policy::none())
                        .build()
                        .map_err(|error| Error::Transport {
                            what: "setting up the HTTP client".to_owned(),
                            source: Box::new(error),
                        })?;
                    (http, Some(self.connect_timeout))
                }
            };
            Ok(Transport {
                http,
                timeout: self.timeout,
                total_timeout: self.total_timeout,
                connect_timeout,
                max_retries: self.max_retries,
                retry_base_delay: self.retry_base_delay,
                max_body_bytes: self.max_body_bytes,
            })
        }
    }

    /// The HTTP client and the rules for time limits, retries and body sizes.
    #[derive(Debug)]
    pub(super) struct Transport {
        http: reqwest::Client,
        timeout: Duration,
        total_timeout: Duration,
        connect_timeout: Option<Duration>,
        max_retries: u32,
        retry_base_delay: Duration,
        max_body_bytes: u64,
    }

    /// A failed attempt, and whether another one may succeed.
    struct Failure {
        error: Error,
        retryable: bool,
    }

    impl Failure {
        fn permanent(error: Error) -> Failure {
            Failure {
                error,
                retryable: false,
            }
        }
    }

    /// An answer that came from another URL than the one asked: the HTTP client followed a
    /// redirect.
    #[derive(Debug)]
    struct Redirected;

    impl fmt::Display for Redirected {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the HTTP client followed a redirect, which this client never does")
        }
    }

    impl std::error::Error for Redirected {}

    impl Transport {
        pub(super) async fn send_with_retries(
            &self,
            id: &'static str,
            idempotent: bool,
            request: http::Request<Vec<u8>>,
            credential: &Credential,
        ) -> Result<http::Response<Vec<u8>>, Error> {
            let deadline = Instant::now().checked_add(self.total_timeout);
            let left = || {
                deadline.map_or(Duration::MAX, |end| {
                    end.saturating_duration_since(Instant::now())
                })
            };
            let mut retries = 0;
            let mut renewed = false;
            loop {
                let mut signed = request.clone();
                let used = credential
                    .apply_fresh(&mut signed, &self.http, self.timeout)
                    .await?;
                let started = std::time::Instant::now();
                let attempt = self.send(id, signed, left()).await;
                let outcome = attempt.as_ref().map_err(|failure| &failure.error);
                let number = retries + u32::from(renewed) + 1;
                super::super::trace::attempt(id, number, outcome, started.elapsed());
                // A refused token (401) is renewed, and the request sent again, once.
                if let Ok(response) = &attempt
                    && !renewed
                    && credential.renews_after(used.as_ref(), response.status().as_u16())
                {
                    renewed = true;
                    continue;
                }
                let wait = match &attempt {
                    _ if !idempotent || retries >= self.max_retries => None,
                    Ok(response) if RETRY_STATUSES.contains(&response.status().as_u16()) => {
                        match retry_after(response.headers()) {
                            Some(wait) if wait > MAX_RETRY_AFTER => None,
                            Some(wait) => Some(wait),
                            None => Some(self.backoff(retries)),
                        }
                    }
                    Ok(_) => None,
                    Err(failure) => failure.retryable.then(|| self.backoff(retries)),
                };
                match wait {
                    // A wait that would end past the deadline is not begun: the last answer
                    // (or failure) is what the caller gets.
                    Some(wait) if wait < left() => tokio::time::sleep(wait).await,
                    _ => return attempt.map_err(|failure| failure.error),
                }
                retries += 1;
            }
        }

        /// `retry_base_delay` doubled for each retry already made, at most `MAX_BACKOFF`.
        fn backoff(&self, retries: u32) -> Duration {
            let factor = 1u32 << retries.min(16);
            self.retry_base_delay
                .saturating_mul(factor)
                .min(MAX_BACKOFF)
        }

        /// One attempt, bounded by the request timeout and by `left` (what remains of the
        /// total timeout), with the whole body read, up to `max_body_bytes`.
        async fn send(
            &self,
            id: &'static str,
            request: http::Request<Vec<u8>>,
            left: Duration,
        ) -> Result<http::Response<Vec<u8>>, Failure> {
            let request = reqwest::Request::try_from(request).map_err(|error| {
                Failure::permanent(Error::InvalidArgument {
                    name: "path",
                    reason: format!("does not form a valid URL: {error}"),
                })
            })?;
            let asked = request.url().clone();
            let exchange = async {
                let mut answer = self
                    .http
                    .execute(request)
                    .await
                    .map_err(|error| self.classify(id, error))?;
                if *answer.url() != asked {
                    return Err(Failure::permanent(Error::Transport {
                        what: format!("request `{id}`"),
                        source: Box::new(Redirected),
                    }));
                }
                let (status, version) = (answer.status(), answer.version());
                let too_large = |declared| {
                    Failure::permanent(Error::BodyTooLarge {
                        what: format!("request `{id}`"),
                        status: status.as_u16(),
                        limit: self.max_body_bytes,
                        declared,
                    })
                };
                let declared = answer.content_length();
                let mut body = match declared {
                    Some(length) if length > self.max_body_bytes => {
                        return Err(too_large(Some(length)));
                    }
                    // Taken at once up to `PREALLOCATE`, so that a large limit does not let an
                    // answer reserve memory it never sends.
                    Some(length) => Vec::with_capacity(length.min(PREALLOCATE) as usize),
                    None => Vec::new(),
                };
                while let Some(chunk) = answer
                    .chunk()
                    .await
                    .map_err(|error| self.classify(id, error))?
                {
                    let total = body.len() as u64 + chunk.len() as u64;
                    if total > self.max_body_bytes {
                        return Err(too_large(None));
                    }
                    body.extend_from_slice(&chunk);
                }
                let mut response = http::Response::new(body);
                *response.status_mut() = status;
                *response.version_mut() = version;
                *response.headers_mut() = std::mem::take(answer.headers_mut());
                Ok(response)
            };
            let overall = left < self.timeout;
            match tokio::time::timeout(left.min(self.timeout), exchange).await {
                Ok(result) => result,
                Err(_) if overall => Err(Failure::permanent(Error::Timeout {
                    what: format!("request `{id}` (all attempts)"),
                    after: Some(self.total_timeout),
                })),
                Err(_) => Err(Failure::permanent(Error::Timeout {
                    what: format!("request `{id}`"),
                    after: Some(self.timeout),
                })),
            }
        }

        /// Only failures that may pass are retried: a connection that could not be set up
        /// (but not a failed TLS handshake: a certificate will not fix itself) or one that
        /// broke (reset, closed before the answer was complete). An answer that is not HTTP
        /// (HTTP/0.9, a bad status line, invalid headers), a timeout of a sent request, and
        /// anything else are not.
        fn classify(&self, id: &'static str, error: reqwest::Error) -> Failure {
            let (connect, timeout) = (error.is_connect(), error.is_timeout());
            let chain = error_chain(&error);
            let tls = chain.iter().any(|cause| cause.is::<rustls::Error>());
            let malformed = chain.iter().any(|cause| {
                cause
                    .downcast_ref::<hyper::Error>()
                    .is_some_and(hyper::Error::is_parse)
            });
            let broken = chain.iter().any(|cause| {
                let hyper = cause.downcast_ref::<hyper::Error>();
                let io = cause
                    .downcast_ref::<std::io::Error>()
                    .map(std::io::Error::kind);
                hyper.is_some_and(|hyper| hyper.is_incomplete_message() || hyper.is_closed())
                    || io.is_some_and(|kind| {
                        use std::io::ErrorKind::*;
                        matches!(
                            kind,
                            ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
                        )
                    })
            });
            let what = if connect {
                format!("the connection for request `{id}`")
            } else {
                format!("request `{id}`")
            };
            let (error, retryable) = match (timeout, connect) {
                (true, true) => (
                    Error::Timeout {
                        what,
                        after: self.connect_timeout,
                    },
                    true,
                ),
                (true, false) => (Error::Timeout { what, after: None }, false),
                (false, _) => (
                    Error::Transport {
                        what,
                        source: Box::new(error),
                    },
                    !malformed && !tls && (connect || broken),
                ),
            };
            Failure { error, retryable }
        }
    }
}
