//! The contract between emitted operations and the client, and request building.

use std::marker::PhantomData;
use std::time::SystemTime;

use super::auth::Credential;
use super::codec::{self, Json, Object, Reader, Shape, Write, Writer};
use super::error::{LABEL_CHARS, clip, decode_message, excerpt};
use super::query::Query;
use super::{Auth, Error, Microversion, ServiceError, path};
use http::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};

/// One API operation: how to build its request and how to read its answer.
///
/// Emitted code implements this for every operation; `Client::execute` runs any of them.
/// Without the `reqwest` feature, `to_request` and `from_response` can be driven by any
/// HTTP stack.
pub trait Operation {
    /// What a successful call returns: the decoded body, or an `Answer` with the headers too.
    type Output;
    /// The operation's name in the spec, e.g. `reinstall_os`.
    const ID: &'static str;
    /// The operation's default path template (`/v1/{project_id}/jobs/{job_id}`). Traces record
    /// the template a call used (this, or the one of [`Operation::VARIANTS`] that the client's
    /// path variant selects) rather than the path with IDs in it.
    const PATH: &'static str;
    /// The other documented path templates, each with the path variant that selects it
    /// (`("v2", "/v2/{project_id}/servers/{server_id}/action")`); none for most operations.
    const VARIANTS: &'static [(&'static str, &'static str)] = &[];
    /// True when sending the request twice is harmless, which allows retries.
    const IDEMPOTENT: bool;
    /// False when the request carries no credential (IAM's sign-in: `auth: none` in the spec);
    /// the client then sends it without one.
    const CREDENTIAL: bool = true;

    /// Checks the input and builds the HTTP request.
    fn to_request(&self, ctx: &RequestContext<'_>) -> Result<http::Request<Vec<u8>>, Error>;

    /// Reads the HTTP answer into the output, or into an error.
    fn from_response(response: http::Response<Vec<u8>>) -> Result<Self::Output, Error>;
}

/// What a request needs from the client: base URL, project, credentials, versions.
#[derive(Debug, Clone)]
pub struct RequestContext<'a> {
    endpoint: &'a str,
    project_id: &'a str,
    auth: Credential,
    user_agent: HeaderValue,
    microversion: Option<Microversion>,
    path_variant: Option<&'a str>,
}

/// The user agent sent unless the client is told otherwise.
pub(crate) const DEFAULT_USER_AGENT: &str = concat!("otc-ecs/", env!("CARGO_PKG_VERSION"));

impl<'a> RequestContext<'a> {
    /// A context for building requests without a `Client`.
    ///
    /// The endpoint and project ID are checked as `Client::new` checks them.
    pub fn new(endpoint: &'a str, project_id: &'a str, auth: &Auth) -> Result<Self, Error> {
        Ok(RequestContext {
            endpoint: path::endpoint(endpoint)?,
            project_id: path::plain("project_id", project_id)?,
            auth: auth.checked()?,
            user_agent: HeaderValue::from_static(DEFAULT_USER_AGENT),
            microversion: None,
            path_variant: None,
        })
    }

    /// A context from parts the client has already checked.
    pub(crate) fn from_checked(
        endpoint: &'a str,
        project_id: &'a str,
        auth: &Credential,
        user_agent: &HeaderValue,
        microversion: Option<Microversion>,
        path_variant: Option<&'a str>,
    ) -> Self {
        RequestContext {
            endpoint,
            project_id,
            auth: auth.clone(),
            user_agent: user_agent.clone(),
            microversion,
            path_variant,
        }
    }

    /// The same context without the credential: requests it builds carry none.
    pub fn without_credential(&self) -> RequestContext<'a> {
        RequestContext {
            auth: Credential::None,
            ..self.clone()
        }
    }

    /// Sets the microversion the caller wants (requests that need more get more).
    pub fn with_microversion(mut self, microversion: Option<Microversion>) -> Self {
        self.microversion = microversion;
        self
    }

    /// Selects an alternative documented path, such as `v2`.
    pub fn with_path_variant(mut self, variant: Option<&'a str>) -> Result<Self, Error> {
        self.path_variant = variant
            .map(|v| path::plain("path_variant", v))
            .transpose()?;
        Ok(self)
    }

    /// The project ID. It was checked to need no percent-encoding, so it can go into a path
    /// as it is (encoding it with `segment` changes nothing).
    pub fn project_id(&self) -> &str {
        self.project_id
    }

    /// The alternative path the caller selected, if any.
    pub fn path_variant(&self) -> Option<&str> {
        self.path_variant
    }

    /// Percent-encodes `value` as one path segment; refuses `""`, `.` and `..`.
    pub fn segment(&self, name: &'static str, value: &str) -> Result<String, Error> {
        path::segment(name, value)
    }

    /// Builds an operation's request from its table: the path template the context's variant
    /// selects with its arguments filled in, the query appended, the body encoded, then as
    /// [`RequestContext::build`]. Every path argument is checked before the query, every query
    /// bound at once.
    pub fn request(&self, request: &Request<'_>) -> Result<http::Request<Vec<u8>>, Error> {
        let (template, _) = template(request.path, request.variants, self.path_variant);
        let mut path = fill(template, request.args)?;
        if let Some(query) = &request.query {
            query.append_to(&mut path)?;
        }
        let body = request.body.encode();
        self.build(request.method.into(), path, body, request.microversion)
    }

    /// Builds a request for `path` (which starts with `/`) below the endpoint.
    ///
    /// Adds `Accept`, `User-Agent`, `Content-Type` when there is a body, and the credential
    /// last: `X-Auth-Token`, or with an access key the signature of the request as built,
    /// dated now (`Auth::sign` signs it again, e.g. before a later or repeated send). For a microversioned call (`microversion` names the service, e.g. `compute`)
    /// the version sent is the higher of the one the request needs and the one configured;
    /// it goes in `OpenStack-API-Version: compute 2.54`, and for `compute` also in
    /// `X-OpenStack-Nova-API-Version: 2.54`. Without either version no header is sent.
    pub fn build(
        &self,
        method: http::Method,
        path: String,
        body: Option<(&'static str, Vec<u8>)>,
        microversion: Option<(&'static str, Option<Microversion>)>,
    ) -> Result<http::Request<Vec<u8>>, Error> {
        let slash = if path.starts_with('/') { "" } else { "/" };
        let uri = format!("{}{slash}{path}", self.endpoint);
        let uri = http::Uri::try_from(uri).map_err(|error| Error::InvalidArgument {
            name: "path",
            reason: format!("does not form a valid URL: {error}"),
        })?;
        let (content_type, body) = match body {
            Some((content_type, body)) => (Some(header("content_type", content_type)?), body),
            None => (None, Vec::new()),
        };
        let mut request = http::Request::new(body);
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, content_type);
        }
        if let Some((service, required)) = microversion
            && let Some(version) = required.max(self.microversion)
        {
            let value = header("service", &format!("{service} {version}"))?;
            headers.insert(HeaderName::from_static("openstack-api-version"), value);
            if service == "compute" {
                let value = header("microversion", &version.to_string())?;
                let name = HeaderName::from_static("x-openstack-nova-api-version");
                headers.insert(name, value);
            }
        }
        self.auth.apply(&mut request, SystemTime::now())?;
        Ok(request)
    }
}

/// `value` as a header value; one with a line break or another control character (which
/// could end the header and start another) is refused, its text escaped in the error.
fn header(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
        name,
        reason: format!(
            "`{}` cannot be sent in an HTTP header",
            clip(&value.escape_debug().to_string(), LABEL_CHARS)
        ),
    })
}

/// An operation's request as a table: what its `to_request` fills in, and
/// [`RequestContext::request`] turns into an `http::Request`, checking and encoding every part.
/// Nothing in it needs dropping, so that building one is a few stores.
pub struct Request<'a> {
    pub method: Method,
    /// The default path template ([`Operation::PATH`]).
    pub path: &'static str,
    /// The other templates by path variant ([`Operation::VARIANTS`]).
    pub variants: &'static [(&'static str, &'static str)],
    /// The value of every parameter the templates name, by name, each sent as one
    /// percent-encoded segment.
    pub args: &'a [(&'static str, &'a str)],
    pub query: Option<Query<'a>>,
    pub body: Body<'a>,
    /// The microversioned service (`compute`) and the version the request needs, if any.
    pub microversion: Option<(&'static str, Option<Microversion>)>,
}

/// The HTTP methods a spec can give an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
}

impl From<Method> for http::Method {
    fn from(method: Method) -> http::Method {
        match method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Patch => http::Method::PATCH,
            Method::Delete => http::Method::DELETE,
            Method::Head => http::Method::HEAD,
        }
    }
}

/// A request's body.
pub enum Body<'a> {
    Empty,
    /// The value is the whole body.
    Json {
        content_type: &'static str,
        value: &'a dyn Write,
    },
    /// One object: `members` in order (the body under its wrapper key, constants), then, when
    /// `flattened` is given, that object's own members beside them.
    Envelope {
        content_type: &'static str,
        members: &'a [(&'static str, &'a dyn Write)],
        flattened: Option<Members<'a>>,
    },
}

/// An object whose members an envelope writes as its own.
pub struct Members<'a> {
    place: *const u8,
    shape: &'static Shape,
    value: PhantomData<&'a ()>,
}

impl<'a> Members<'a> {
    pub fn of<T: Object>(value: &'a T) -> Members<'a> {
        Members {
            place: (value as *const T).cast(),
            shape: &T::SHAPE,
            value: PhantomData,
        }
    }
}

impl Body<'_> {
    /// The content type and the bytes; `None` without a body.
    fn encode(&self) -> Option<(&'static str, Vec<u8>)> {
        match self {
            Body::Empty => None,
            Body::Json {
                content_type,
                value,
            } => Some((content_type, codec::to_vec(*value))),
            Body::Envelope {
                content_type,
                members,
                flattened,
            } => {
                let mut w = Writer::new();
                w.begin_object();
                for (name, value) in *members {
                    w.key(name);
                    value.write_json(&mut w);
                }
                if let Some(object) = flattened {
                    // SAFETY: `Members::of` took the place and the shape from one value of
                    // the shape's type, still borrowed.
                    unsafe { codec::write_from(object.shape, object.place, &mut w) };
                }
                w.end_object();
                Some((content_type, w.into_bytes()))
            }
        }
    }
}

/// The path template a call uses: the one of `variants` that `variant` names, else `path`; and
/// the variant when it chose the template.
pub(crate) fn template<'t>(
    path: &'t str,
    variants: &[(&'t str, &'t str)],
    variant: Option<&str>,
) -> (&'t str, Option<&'t str>) {
    match variant.and_then(|v| variants.iter().find(|(name, _)| *name == v)) {
        Some((name, template)) => (template, Some(name)),
        None => (path, None),
    }
}

/// `template` with every `{name}` replaced by its value in `args`, percent-encoded as one
/// segment (`""`, `.` and `..` refused). A name without a value is `Error::InvalidArgument`.
fn fill(template: &str, args: &[(&'static str, &str)]) -> Result<String, Error> {
    let mut path = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        let Some((name, value)) = args.iter().find(|(arg, _)| *arg == name) else {
            return Err(Error::InvalidArgument {
                name: "path",
                reason: format!(
                    "the template `{}` names `{}`, which the request does not give",
                    clip(&template.escape_debug().to_string(), LABEL_CHARS),
                    clip(&name.escape_debug().to_string(), LABEL_CHARS)
                ),
            });
        };
        path.push_str(&path::segment(name, value)?);
        rest = after.get(close + 1..).unwrap_or_default();
    }
    path.push_str(rest);
    Ok(path)
}

/// Reads an answer: its JSON body when the status is in `ok`, else a `ServiceError`.
///
/// An empty success body is read as JSON `null`, so `()` and `Option` outputs accept it.
/// A success body of the wrong shape is `Error::Decode`, with the start of the body. So is
/// one whose unknown members (kept as `serde_json::Value`s in `extra`) and objects would take
/// more memory than `Reader::with_budget` allows for its length: four times the body plus
/// 1 MiB.
pub fn decode_response<T: Json>(response: http::Response<Vec<u8>>, ok: &[u16]) -> Result<T, Error> {
    let mut out = std::mem::MaybeUninit::<T>::uninit();
    // SAFETY: `T::CODEC` is `T`'s, and `out` is a place for one.
    match unsafe { decode_into(&response, ok, T::CODEC, out.as_mut_ptr().cast()) } {
        // SAFETY: `decode_into` wrote a `T` when it succeeds.
        Ok(()) => Ok(unsafe { out.assume_init() }),
        Err(e) => Err(e),
    }
}

/// [`decode_response`] for every type: the status checked, the body read by `codec` into
/// `place` (and the value dropped again if text follows it).
///
/// # Safety
///
/// `place` is a writable place for a value of `codec`'s type, holding none. On success it holds
/// one; on failure none.
unsafe fn decode_into(
    response: &http::Response<Vec<u8>>,
    ok: &[u16],
    codec: &codec::Codec,
    place: *mut u8,
) -> Result<(), Error> {
    discard_response(response, ok)?;
    let body = response.body();
    let json: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let budget = body.len().saturating_mul(4).saturating_add(1 << 20);
    let mut r = Reader::with_budget(json, budget);
    // SAFETY: as the caller promises.
    let read = unsafe { (codec.read)(&mut r, place) }.and_then(|()| {
        r.finish().inspect_err(|_| {
            // SAFETY: the value was written and nothing reads it after this.
            unsafe { (codec.drop)(place) }
        })
    });
    read.map_err(|error| Error::Decode {
        status: response.status().as_u16(),
        message: decode_message(&error, body),
        excerpt: excerpt(body),
    })
}

/// Reads an answer that has no body: `()` when the status is in `ok`, else a `ServiceError`.
///
/// Whatever body a success carries is ignored, unread.
pub fn discard_response(response: &http::Response<Vec<u8>>, ok: &[u16]) -> Result<(), Error> {
    if ok.contains(&response.status().as_u16()) {
        return Ok(());
    }
    let error = ServiceError::from_response(response);
    Err(Error::Service(Box::new(error)))
}

/// A success answer whose headers the caller gets too: the body (`()` for an answer without
/// one), and the headers the spec names.
#[derive(Clone, Debug)]
pub struct Answer<B, H> {
    pub body: B,
    pub headers: H,
}

/// The value of header `name` in a success answer; `None` when it is absent. A value that is
/// not visible ASCII text, or a header sent twice, is `Error::Decode`.
pub fn optional_header(
    response: &http::Response<Vec<u8>>,
    name: &'static str,
) -> Result<Option<String>, Error> {
    let mut values = response.headers().get_all(name).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    let problem = match (value.to_str(), values.next()) {
        (Ok(text), None) => return Ok(Some(text.to_owned())),
        (Err(_), _) => "is not visible ASCII text",
        (Ok(_), Some(_)) => "is sent more than once",
    };
    Err(header_error(response, name, problem))
}

/// [`optional_header`] for a header the answer always has: its absence is `Error::Decode` too.
pub fn required_header(
    response: &http::Response<Vec<u8>>,
    name: &'static str,
) -> Result<String, Error> {
    optional_header(response, name)?.ok_or_else(|| header_error(response, name, "is missing"))
}

fn header_error(response: &http::Response<Vec<u8>>, name: &str, problem: &str) -> Error {
    Error::Decode {
        status: response.status().as_u16(),
        message: format!("the answer's header `{name}` {problem}"),
        excerpt: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Body, Members, Method, Request, RequestContext};
    use crate::{Auth, Error};

    crate::object! {
        #[derive(Clone, PartialEq, Default)]
        pub struct Pool {
            name: optional "name" String,
            size: optional "size" i64,
        }
    }

    const PATH: &str = "/v1/{project_id}/pools/{pool_id}";
    const VARIANTS: &[(&str, &str)] = &[("v2", "/v2/{project_id}/pools/{pool_id}/detail")];

    fn build(variant: Option<&str>, pool_id: &str, body: Body<'_>) -> Result<String, Error> {
        let auth = Auth::token("t");
        let ctx = RequestContext::new("https://ecs.example.com/", "p1", &auth)?
            .with_path_variant(variant)?;
        let request = ctx.request(&Request {
            method: Method::Post,
            path: PATH,
            variants: VARIANTS,
            args: &[("project_id", ctx.project_id()), ("pool_id", pool_id)],
            query: None,
            body,
            microversion: None,
        })?;
        let body = String::from_utf8(request.body().clone()).unwrap();
        Ok(format!("{} {body}", request.uri()))
    }

    #[test]
    fn the_path_variant_selects_its_template_and_every_argument_is_one_segment() {
        let built = build(None, "a/b c", Body::Empty).unwrap();
        assert_eq!(built, "https://ecs.example.com/v1/p1/pools/a%2Fb%20c ");
        let built = build(Some("v2"), "x", Body::Empty).unwrap();
        assert_eq!(built, "https://ecs.example.com/v2/p1/pools/x/detail ");
        // A variant the operation does not document keeps the default template.
        let built = build(Some("v3"), "x", Body::Empty).unwrap();
        assert_eq!(built, "https://ecs.example.com/v1/p1/pools/x ");
    }

    #[test]
    fn an_argument_that_would_change_the_resource_is_refused() {
        for bad in ["", ".", ".."] {
            let error = build(None, bad, Body::Empty).unwrap_err();
            assert!(
                matches!(
                    error,
                    Error::InvalidArgument {
                        name: "pool_id",
                        ..
                    }
                ),
                "{bad:?}: {error:?}"
            );
        }
    }

    #[test]
    fn a_template_naming_a_parameter_without_a_value_is_an_error_not_a_guess() {
        let auth = Auth::token("t");
        let ctx = RequestContext::new("https://ecs.example.com", "p1", &auth).unwrap();
        let error = ctx
            .request(&Request {
                method: Method::Get,
                path: "/v1/{project_id}/pools/{pool_id}",
                variants: &[],
                args: &[("project_id", ctx.project_id())],
                query: None,
                body: Body::Empty,
                microversion: None,
            })
            .unwrap_err();
        let Error::InvalidArgument {
            name: "path",
            reason,
        } = error
        else {
            panic!("{error:?}");
        };
        assert!(reason.contains("`pool_id`"), "{reason}");
    }

    #[test]
    fn an_envelope_writes_its_members_then_the_flattened_object() {
        let pool = Pool {
            name: Some("p".into()),
            ..Pool::default()
        };
        let body = Body::Envelope {
            content_type: "application/json",
            members: &[("dry_run", &true), ("pool", &pool)],
            flattened: Some(Members::of(&pool)),
        };
        let built = build(None, "x", body).unwrap();
        assert_eq!(
            built,
            r#"https://ecs.example.com/v1/p1/pools/x {"dry_run":true,"pool":{"name":"p"},"name":"p"}"#
        );
        let body = Body::Json {
            content_type: "application/json",
            value: &pool,
        };
        let built = build(None, "x", body).unwrap();
        assert_eq!(
            built,
            r#"https://ecs.example.com/v1/p1/pools/x {"name":"p"}"#
        );
    }
}
