//! Credentials: an IAM token, an access key and secret key that sign each request (with a
//! security token for temporary keys), or a password that signs in with IAM for tokens.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::HeaderValue;
use http::header::HeaderName;

#[cfg(feature = "reqwest")]
use super::token::Token;
use super::token::{Login, ProjectScope, TokenSource};
use super::{Error, region, sign};

/// How requests prove who sends them. Its `Debug` never shows the token, secret key,
/// security token or password.
#[derive(Clone)]
pub struct Auth {
    kind: Kind,
    /// A setting that does not fit this kind of credential, refused when it is used.
    misuse: Option<&'static str>,
}

#[derive(Clone)]
enum Kind {
    Token(String),
    AccessKey(Arc<AccessKey>),
    Password(Arc<TokenSource>),
}

#[derive(Clone)]
pub(crate) struct AccessKey {
    id: String,
    secret: String,
    /// The security token of a temporary access key, sent (and signed) in `X-Security-Token`.
    security_token: Option<String>,
}

impl Auth {
    /// An IAM token, sent in `X-Auth-Token` and marked sensitive (never logged by `http`,
    /// never indexed by HTTP/2 header compression). A token that cannot be sent in a header
    /// is refused when the client (or a `RequestContext`) is built.
    pub fn token(token: impl Into<String>) -> Self {
        Auth {
            kind: Kind::Token(token.into()),
            misuse: None,
        }
    }

    /// An access key (AK) and secret key (SK): every request is signed with
    /// `SDK-HMAC-SHA256`, as the cloud's own SDKs sign, and carries `X-Sdk-Date`, `Host` and
    /// an `Authorization` header naming the access key; the secret key is never sent.
    ///
    /// The client signs each attempt of a request anew, retries included. An empty key, or an
    /// access key with characters other than printable ASCII without spaces and commas, is
    /// refused when the client (or a `RequestContext`) is built.
    pub fn aksk(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        let key = AccessKey {
            id: access_key.into(),
            secret: secret_key.into(),
            security_token: None,
        };
        Auth {
            kind: Kind::AccessKey(Arc::new(key)),
            misuse: None,
        }
    }

    /// A temporary access key and secret key with their security token (IAM's
    /// `POST /v3.0/OS-CREDENTIAL/securitytokens` gives the three): `Auth::aksk` plus
    /// `with_security_token`.
    pub fn temporary_aksk(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        Auth::aksk(access_key, secret_key).with_security_token(security_token)
    }

    /// Adds the security token of a temporary access key: every request carries it in
    /// `X-Security-Token`, set before signing and so covered by the signature, as the
    /// cloud's SDK core does. Only for `Auth::aksk`; on another credential it is refused when
    /// the client (or a `RequestContext`) is built. A token that cannot be sent in a header
    /// is refused then too.
    pub fn with_security_token(mut self, security_token: impl Into<String>) -> Self {
        match &mut self.kind {
            Kind::AccessKey(key) => {
                let key = Arc::make_mut(key);
                key.security_token = Some(security_token.into());
            }
            _ => self.misuse = Some("a security token goes with an access key (`Auth::aksk`)"),
        }
        self
    }

    /// Signs in with IAM's password method (`POST /v3/auth/tokens`) as `user` of the
    /// account (domain) `user_domain`, and sends the token it gives in `X-Auth-Token`.
    ///
    /// Give the project (`with_project_id` or `with_project_name`) for a token that ECS
    /// accepts, and the IAM endpoint (`with_iam_endpoint`, or `with_region`). The client signs
    /// in on first use (`Client::connect` at once), shares the token between its clones and
    /// every clone of this `Auth`, renews it before it expires (a quarter of its life before,
    /// at most five minutes) and once after a 401 answer; any number of calls waiting for a
    /// renewal share one sign-in, and its failure (`Error::SignIn`; a wrong password is
    /// status 401) is not retried.
    ///
    /// Without a network (`Auth::sign`, `RequestContext::new`), a token must have been
    /// obtained first: `sign_in_request` and `accept_sign_in` do it with any HTTP stack.
    pub fn password(
        user: impl Into<String>,
        password: impl Into<String>,
        user_domain: impl Into<String>,
    ) -> Self {
        let login = Login {
            user: user.into(),
            password: password.into(),
            domain: user_domain.into(),
            project: None,
            iam_endpoint: None,
        };
        Auth {
            kind: Kind::Password(Arc::new(TokenSource::new(login))),
            misuse: None,
        }
    }

    /// The project to sign in to, by ID (password credentials only).
    pub fn with_project_id(self, project_id: impl Into<String>) -> Self {
        let project = ProjectScope::Id(project_id.into());
        self.edit_login(|login| login.project = Some(project))
    }

    /// The project to sign in to, by name, such as `eu-de` (password credentials only).
    pub fn with_project_name(self, project_name: impl Into<String>) -> Self {
        let project = ProjectScope::Name(project_name.into());
        self.edit_login(|login| login.project = Some(project))
    }

    /// IAM's endpoint, e.g. `https://iam.eu-de.otc.t-systems.com/v3` (`/v3` is added when
    /// missing; password credentials only). Checked as `Client::new` checks its endpoint.
    pub fn with_iam_endpoint(self, iam_endpoint: impl AsRef<str>) -> Self {
        let endpoint = iam_endpoint.as_ref().to_owned();
        self.edit_login(|login| login.iam_endpoint = Some(endpoint))
    }

    /// IAM's endpoint for a region (`eu-de`, `eu-nl`, `eu-ch2`), unless `with_iam_endpoint` set one
    /// (password credentials only). An unknown region is refused when the credential is used.
    pub fn with_region(self, region: &str) -> Self {
        match region::iam_endpoint(region) {
            Some(endpoint) => self.edit_login(|login| {
                login.iam_endpoint.get_or_insert(endpoint);
            }),
            None => self.edit_login(|login| {
                login.iam_endpoint.get_or_insert_with(String::new);
            }),
        }
    }

    /// Changes a password credential's login; the token cache starts anew (clones made
    /// before keep theirs). Other credentials record the misuse.
    fn edit_login(mut self, edit: impl FnOnce(&mut Login)) -> Self {
        match &self.kind {
            Kind::Password(source) => {
                let mut login = source.login.clone();
                edit(&mut login);
                self.kind = Kind::Password(Arc::new(TokenSource::new(login)));
            }
            _ => {
                self.misuse =
                    Some("projects and IAM endpoints go with a password (`Auth::password`)")
            }
        }
        self
    }

    /// The sign-in request of a password credential, for callers with their own HTTP
    /// stack: send it, then give the answer to `accept_sign_in`. Fails with
    /// `Error::InvalidArgument` for other credentials and without an IAM endpoint.
    pub fn sign_in_request(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.source()?.request()
    }

    /// Reads IAM's answer to `sign_in_request` and caches its token (for every clone of
    /// this `Auth`), so that `sign` and `RequestContext::new` can use it. Fails with
    /// `Error::SignIn` when IAM refused (status 401: wrong user, password or domain) or the
    /// answer holds no usable token.
    pub fn accept_sign_in(&self, response: &http::Response<Vec<u8>>) -> Result<(), Error> {
        let source = self.source()?;
        let mut copy = http::Response::new(response.body().clone());
        *copy.status_mut() = response.status();
        *copy.headers_mut() = response.headers().clone();
        source
            .accept(copy, std::time::Instant::now())
            .map(drop)
            .map_err(|error| Error::SignIn(Box::new(error)))
    }

    fn source(&self) -> Result<&Arc<TokenSource>, Error> {
        match &self.kind {
            Kind::Password(source) => Ok(source),
            _ => Err(Error::InvalidArgument {
                name: "auth",
                reason: "only a password credential signs in".to_owned(),
            }),
        }
    }

    /// The password credential's token source, if this is one.
    #[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
    pub(crate) fn token_source(&self) -> Option<&Arc<TokenSource>> {
        match &self.kind {
            Kind::Password(source) => Some(source),
            _ => None,
        }
    }

    /// The credential as the client holds it: a password credential keeps its shared token
    /// cache (the client signs in when it needs a token), the others are `checked`.
    pub(crate) fn for_client(&self) -> Result<Credential, Error> {
        match &self.kind {
            Kind::Password(source) => {
                self.refuse_misuse()?;
                check_login(&source.login)?;
                Ok(Credential::Password(Arc::clone(source)))
            }
            _ => self.checked(),
        }
    }

    fn refuse_misuse(&self) -> Result<(), Error> {
        match self.misuse {
            Some(reason) => Err(Error::InvalidArgument {
                name: "auth",
                reason: reason.to_owned(),
            }),
            None => Ok(()),
        }
    }

    /// Adds this credential to `request`, for callers that send requests with their own
    /// HTTP stack: a token goes into `X-Auth-Token`; an access key signs the request as it
    /// is now, dated `at` (normally `SystemTime::now()`; the service refuses a date too far
    /// from its clock), replacing an earlier signature.
    ///
    /// Signing sets `X-Sdk-Date` and, when missing, `Host` (the URI's authority, port
    /// included), rewrites the query into its canonical order and encoding, and covers the
    /// method, path, query, the body and every header present but those whose names hold
    /// `_` (a body whose `Content-Type` is neither JSON nor BSON is left out, marked by
    /// `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`). Headers the HTTP stack adds when sending,
    /// such as `Content-Length`, are not covered, and need not be. Change nothing afterwards,
    /// or sign again; a request built by `Operation::to_request` is already signed, dated
    /// when it was built.
    ///
    /// A password credential adds its cached token, if it has one that has not expired; it
    /// does not sign in here (there is no network): without such a token this fails with
    /// `Error::InvalidArgument` naming `auth` (sign in first: `Client::connect`, or
    /// `sign_in_request` and `accept_sign_in`).
    ///
    /// Fails with `Error::InvalidArgument` for an unusable credential, a request with
    /// neither a host in its URI nor a `Host` header, a repeated header, or a time before
    /// 1970.
    pub fn sign(&self, request: &mut http::Request<Vec<u8>>, at: SystemTime) -> Result<(), Error> {
        self.checked()?.apply(request, at)
    }

    /// The credential checked and ready to be added to requests.
    pub(crate) fn checked(&self) -> Result<Credential, Error> {
        let refuse = |reason: &str| Error::InvalidArgument {
            name: "auth",
            reason: reason.to_owned(),
        };
        self.refuse_misuse()?;
        match &self.kind {
            Kind::Password(source) => {
                check_login(&source.login)?;
                match source.valid() {
                    Some(token) => Ok(Credential::Token(token.value.clone())),
                    None => Err(refuse(
                        "a password credential has no valid token yet: sign in first \
                         (`Client::connect`, or `Auth::sign_in_request` and `accept_sign_in`)",
                    )),
                }
            }
            Kind::Token(token) => {
                if token.is_empty() {
                    return Err(refuse("the token is empty"));
                }
                let mut value = HeaderValue::from_str(token).map_err(|_| {
                    refuse("the token holds characters that cannot be sent in a header")
                })?;
                value.set_sensitive(true);
                Ok(Credential::Token(value))
            }
            Kind::AccessKey(key) => {
                if key.id.is_empty() || key.secret.is_empty() {
                    return Err(refuse(
                        "the access key and the secret key must not be empty",
                    ));
                }
                if !key.id.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
                    return Err(refuse(
                        "the access key may only hold printable ASCII without spaces and commas",
                    ));
                }
                if let Some(token) = &key.security_token
                    && (token.is_empty() || HeaderValue::from_str(token).is_err())
                {
                    return Err(refuse(
                        "the security token is empty or cannot be sent in a header",
                    ));
                }
                Ok(Credential::AccessKey(Arc::clone(key)))
            }
        }
    }
}

/// The parts of a login that must not be empty; the IAM endpoint checked.
fn check_login(login: &Login) -> Result<(), Error> {
    for (name, value) in [
        ("user", &login.user),
        ("password", &login.password),
        ("user_domain", &login.domain),
    ] {
        if value.is_empty() {
            return Err(Error::InvalidArgument {
                name,
                reason: "must not be empty".to_owned(),
            });
        }
    }
    match &login.project {
        Some(ProjectScope::Id(value) | ProjectScope::Name(value)) if value.is_empty() => {
            return Err(Error::InvalidArgument {
                name: "project",
                reason: "must not be empty".to_owned(),
            });
        }
        _ => {}
    }
    match login.iam_endpoint.as_deref() {
        None => Err(Error::InvalidArgument {
            name: "iam_endpoint",
            reason: "a password credential needs the IAM endpoint (or a known region)".to_owned(),
        }),
        Some("") => Err(Error::InvalidArgument {
            name: "region",
            reason: format!(
                "has no known IAM endpoint (known: {})",
                region::KNOWN.map(|(name, _, _)| name).join(", ")
            ),
        }),
        Some(endpoint) => super::token::iam_endpoint(endpoint).map(drop),
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Token(_) => f.write_str("Auth::Token(<redacted>)"),
            Kind::AccessKey(key) => write!(f, "Auth::{key:?}"),
            Kind::Password(source) => write!(f, "Auth::{source:?}"),
        }
    }
}

/// A checked credential, as the client and `RequestContext` hold it.
#[derive(Clone)]
pub(crate) enum Credential {
    /// No credential: the sign-in request, which carries the password in its body.
    None,
    Token(HeaderValue),
    AccessKey(Arc<AccessKey>),
    /// The client's password credential: requests built carry the token cached then (none
    /// before the first sign-in); the client puts a fresh one on every attempt it sends.
    Password(Arc<TokenSource>),
}

impl Credential {
    /// Adds the token, or signs the request as of `at`.
    pub(crate) fn apply(
        &self,
        request: &mut http::Request<Vec<u8>>,
        at: SystemTime,
    ) -> Result<(), Error> {
        match self {
            Credential::None => Ok(()),
            Credential::Token(value) => {
                let name = HeaderName::from_static("x-auth-token");
                request.headers_mut().insert(name, value.clone());
                Ok(())
            }
            Credential::AccessKey(key) => {
                if let Some(token) = &key.security_token {
                    let mut value =
                        HeaderValue::from_str(token).map_err(|_| Error::InvalidArgument {
                            name: "auth",
                            reason: "the security token cannot be sent in a header".to_owned(),
                        })?;
                    value.set_sensitive(true);
                    request.headers_mut().insert(SECURITY_TOKEN, value);
                }
                sign::sign(request, &key.id, key.secret.as_bytes(), at)
            }
            Credential::Password(source) => {
                if let Some(token) = source.valid() {
                    request
                        .headers_mut()
                        .insert(AUTH_TOKEN, token.value.clone());
                }
                Ok(())
            }
        }
    }
}

const AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");
const SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-security-token");

#[cfg(feature = "reqwest")]
impl Credential {
    /// Adds the credential to an attempt about to be sent: a password credential gets a
    /// fresh token first (signing in when it must) and returns the token it used.
    pub(crate) async fn apply_fresh(
        &self,
        request: &mut http::Request<Vec<u8>>,
        http: &reqwest::Client,
        timeout: std::time::Duration,
    ) -> Result<Option<Arc<Token>>, Error> {
        match self {
            Credential::Password(source) => {
                let token = source.fresh(http, timeout).await?;
                request
                    .headers_mut()
                    .insert(AUTH_TOKEN, token.value.clone());
                Ok(Some(token))
            }
            other => other.apply(request, SystemTime::now()).map(|()| None),
        }
    }

    /// After an answer with `status` to an attempt that carried `used`: true when the
    /// token was refused (401), so it is dropped and the attempt is worth sending again
    /// with a new one.
    pub(crate) fn renews_after(&self, used: Option<&Arc<Token>>, status: u16) -> bool {
        match (self, used) {
            (Credential::Password(source), Some(used)) if status == 401 => {
                source.reject(used);
                true
            }
            _ => false,
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::None => f.write_str("None"),
            Credential::Token(_) => f.write_str("Token(<redacted>)"),
            Credential::AccessKey(key) => fmt::Debug::fmt(key, f),
            Credential::Password(source) => fmt::Debug::fmt(source, f),
        }
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "AkSk {{ access_key: {:?}, secret_key: <redacted>",
            self.id
        )?;
        if self.security_token.is_some() {
            f.write_str(", security_token: <redacted>")?;
        }
        f.write_str(" }")
    }
}
