//! The client: configuration and credentials, and with the `reqwest` feature, sending.

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
        ClientBuilder {
            endpoint: endpoint.as_ref().to_owned(),
            project_id: project_id.into(),
            auth,
            microversion: None,
            path_variant: None,
            user_agent: None,
            #[cfg(feature = "reqwest")]
            transport: transport::Settings::default(),
        }
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
#[derive(Debug)]
pub struct ClientBuilder {
    endpoint: String,
    project_id: String,
    auth: Auth,
    microversion: Option<Microversion>,
    path_variant: Option<String>,
    user_agent: Option<String>,
    #[cfg(feature = "reqwest")]
    transport: transport::Settings,
}

impl ClientBuilder {
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
    /// digits, `-`, `.`, `_` and `~`, or a token or user agent that cannot be sent in a header.
    pub fn build(self) -> Result<Client, Error> {
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
        Ok(Client {
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
        })
    }
}

#[cfg(feature = "reqwest")]
impl ClientBuilder {
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
    /// settings apply (redirects, proxies, connect timeout); the request timeout and retries
    /// still come from this builder. Give it a redirect policy of `none`, or the token may
    /// follow a redirect to another host. This crate's `reqwest` brings no TLS crypto of its
    /// own: install one before building that client, e.g.
    /// `rustls::crypto::ring::default_provider().install_default()`.
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
    /// non-idempotent one (a POST may have taken effect).
    pub async fn execute<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let request = operation.to_request(&self.request_context())?;
        let span = super::trace::call_span(O::ID, &request);
        let send =
            self.inner
                .transport
                .send_with_retries(O::ID, O::IDEMPOTENT, request, &self.inner.auth);
        let response = super::trace::instrument(send, span).await?;
        O::from_response(response)
    }
}

#[cfg(feature = "reqwest")]
mod transport {
    use std::time::Duration;

    use super::super::error::{error_chain, retry_after};
    use super::{Credential, Error};

    /// Statuses after which an idempotent request is sent again.
    const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];
    /// The longest backoff between two attempts.
    const MAX_BACKOFF: Duration = Duration::from_secs(30);
    /// The longest `Retry-After` waited out; a longer one ends the retries.
    const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

    /// The builder's transport settings.
    #[derive(Debug)]
    pub(super) struct Settings {
        pub(super) connect_timeout: Duration,
        pub(super) timeout: Duration,
        pub(super) max_retries: u32,
        pub(super) retry_base_delay: Duration,
        pub(super) http: Option<reqwest::Client>,
    }

    impl Default for Settings {
        fn default() -> Self {
            Settings {
                connect_timeout: Duration::from_secs(10),
                timeout: Duration::from_secs(60),
                max_retries: 3,
                retry_base_delay: Duration::from_millis(500),
                http: None,
            }
        }
    }

    impl Settings {
        pub(super) fn build(self) -> Result<Transport, Error> {
            for (name, value) in [
                ("timeout", self.timeout),
                ("connect_timeout", self.connect_timeout),
            ] {
                if value.is_zero() {
                    let reason = "must be longer than zero".to_owned();
                    return Err(Error::InvalidArgument { name, reason });
                }
            }
            let (http, connect_timeout) = match self.http {
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
                connect_timeout,
                max_retries: self.max_retries,
                retry_base_delay: self.retry_base_delay,
            })
        }
    }

    /// The HTTP client and the rules for time limits and retries.
    #[derive(Debug)]
    pub(super) struct Transport {
        http: reqwest::Client,
        timeout: Duration,
        connect_timeout: Option<Duration>,
        max_retries: u32,
        retry_base_delay: Duration,
    }

    /// A failed attempt, and whether another one may succeed.
    struct Failure {
        error: Error,
        retryable: bool,
    }

    impl Transport {
        pub(super) async fn send_with_retries(
            &self,
            id: &'static str,
            idempotent: bool,
            request: http::Request<Vec<u8>>,
            credential: &Credential,
        ) -> Result<http::Response<Vec<u8>>, Error> {
            let mut retries = 0;
            let mut renewed = false;
            loop {
                let mut signed = request.clone();
                let used = credential
                    .apply_fresh(&mut signed, &self.http, self.timeout)
                    .await?;
                let started = std::time::Instant::now();
                let attempt = self.send(id, signed).await;
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
                    Some(wait) => tokio::time::sleep(wait).await,
                    None => return attempt.map_err(|failure| failure.error),
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

        /// One attempt, bounded by the request timeout, with the whole body read.
        async fn send(
            &self,
            id: &'static str,
            request: http::Request<Vec<u8>>,
        ) -> Result<http::Response<Vec<u8>>, Failure> {
            let request = reqwest::Request::try_from(request).map_err(|error| Failure {
                error: Error::InvalidArgument {
                    name: "path",
                    reason: format!("does not form a valid URL: {error}"),
                },
                retryable: false,
            })?;
            let exchange = async {
                let answer = self.http.execute(request).await?;
                let (status, version) = (answer.status(), answer.version());
                let headers = answer.headers().clone();
                let body = answer.bytes().await?;
                let mut response = http::Response::new(body.to_vec());
                *response.status_mut() = status;
                *response.version_mut() = version;
                *response.headers_mut() = headers;
                Ok::<_, reqwest::Error>(response)
            };
            match tokio::time::timeout(self.timeout, exchange).await {
                Ok(Ok(response)) => Ok(response),
                Ok(Err(error)) => Err(self.classify(id, error)),
                Err(_) => Err(Failure {
                    error: Error::Timeout {
                        what: format!("request `{id}`"),
                        after: Some(self.timeout),
                    },
                    retryable: false,
                }),
            }
        }

        /// Connection failures (timeouts included) may pass; so may a broken exchange of an
        /// idempotent request. A timeout of a sent request does not count as passing, nor
        /// does a failed TLS handshake (a certificate will not fix itself).
        fn classify(&self, id: &'static str, error: reqwest::Error) -> Failure {
            let (connect, timeout) = (error.is_connect(), error.is_timeout());
            let permanent = error.is_builder() || is_tls_failure(&error);
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
                    !permanent,
                ),
            };
            Failure { error, retryable }
        }
    }

    /// True when a TLS error (bad certificate, not a TLS server, ...) is behind `error`.
    fn is_tls_failure(error: &reqwest::Error) -> bool {
        error_chain(error)
            .iter()
            .any(|cause| cause.is::<rustls::Error>())
    }
}
