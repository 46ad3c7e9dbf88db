//! The headers of a success answer that an operation returns beside its body.

use super::*;
use crate::names;
use crate::spec;

/// The operation's answer headers, members of one struct.
pub struct Headers {
    /// `CreateServersHeaders`: the operation's type followed by `Headers`.
    pub struct_name: String,
    pub headers: Vec<Header>,
}

pub struct Header {
    /// The name as the spec writes it (`Location`); read case-insensitively.
    pub wire: String,
    pub rust: String,
    pub required: bool,
    pub secret: bool,
    pub doc: Doc,
}

/// The Rust name of a header: its `rust_name`, or its name in snake case (`X-Request-Id` →
/// `x_request_id`).
pub fn header_rust_name(h: &spec::ResponseHeader) -> String {
    match &h.rust_name {
        Some(name) => names::escape(name),
        None => names::escape(&names::snake(&h.name)),
    }
}

/// The name of the operation's headers struct, from its type's name.
pub fn headers_struct_name(struct_name: &str) -> String {
    format!("{struct_name}Headers")
}

pub(super) fn headers(
    struct_name: &str,
    o: &spec::Operation,
    docs: &DocSources,
) -> Option<Headers> {
    if o.response.headers.is_empty() {
        return None;
    }
    let headers = o
        .response
        .headers
        .iter()
        .map(|h| Header {
            wire: h.name.clone(),
            rust: header_rust_name(h),
            required: h.required,
            secret: h.secret,
            doc: docs.doc(&h.description, &[], &h.source),
        })
        .collect();
    Some(Headers {
        struct_name: headers_struct_name(struct_name),
        headers,
    })
}
