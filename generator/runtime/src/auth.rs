//! Credentials: an IAM token, or an access key and secret key that sign each request.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::HeaderValue;
use http::header::HeaderName;

use super::{Error, sign};

/// How requests prove who sends them. Its `Debug` never shows the token or secret key.
#[derive(Clone)]
pub struct Auth {
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Token(String),
    AccessKey(Arc<AccessKey>),
}

pub(crate) struct AccessKey {
    id: String,
    secret: String,
}

impl Auth {
    /// An IAM token, sent in `X-Auth-Token` and marked sensitive (never logged by `http`,
    /// never indexed by HTTP/2 header compression). A token that cannot be sent in a header
    /// is refused when the client (or a `RequestContext`) is built.
    pub fn token(token: impl Into<String>) -> Self {
        Auth {
            kind: Kind::Token(token.into()),
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
        };
        Auth {
            kind: Kind::AccessKey(Arc::new(key)),
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
        match &self.kind {
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
                Ok(Credential::AccessKey(Arc::clone(key)))
            }
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Token(_) => f.write_str("Auth::Token(<redacted>)"),
            Kind::AccessKey(key) => write!(
                f,
                "Auth::AkSk {{ access_key: {:?}, secret_key: <redacted> }}",
                key.id
            ),
        }
    }
}

/// A checked credential, as the client and `RequestContext` hold it.
#[derive(Clone)]
pub(crate) enum Credential {
    Token(HeaderValue),
    AccessKey(Arc<AccessKey>),
}

impl Credential {
    /// Adds the token, or signs the request as of `at`.
    pub(crate) fn apply(
        &self,
        request: &mut http::Request<Vec<u8>>,
        at: SystemTime,
    ) -> Result<(), Error> {
        match self {
            Credential::Token(value) => {
                let name = HeaderName::from_static("x-auth-token");
                request.headers_mut().insert(name, value.clone());
                Ok(())
            }
            Credential::AccessKey(key) => sign::sign(request, &key.id, key.secret.as_bytes(), at),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => f.write_str("Token(<redacted>)"),
            Credential::AccessKey(key) => write!(
                f,
                "AkSk {{ access_key: {:?}, secret_key: <redacted> }}",
                key.id
            ),
        }
    }
}
