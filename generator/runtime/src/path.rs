//! Checks and encodings for the parts of a request URL.

use super::Error;

/// Percent-encodes `value` as exactly one path segment.
///
/// Every byte outside the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`) is encoded, so the
/// result can hold no `/`, `?`, `#` or `%` of its own: it cannot reach another path or add a
/// query. The empty string, `.` and `..` are refused, since they would change which resource
/// the path names; `name` is the parameter the error reports.
pub(crate) fn segment(name: &'static str, value: &str) -> Result<String, Error> {
    match value {
        "" => Err(invalid(name, "must not be empty")),
        "." | ".." => Err(invalid(name, "must not be `.` or `..`")),
        _ => Ok(encode(value, false)),
    }
}

/// Percent-encodes every UTF-8 byte of `text` outside the RFC 3986 unreserved set
/// (`A-Z a-z 0-9 - . _ ~`), and `/` too unless `keep_slash`: a path segment, a query name or
/// value, and what the AK/SK signature encodes.
pub(crate) fn encode(text: &str, keep_slash: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && byte == b'/')
        {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    encoded
}

/// Checks a value that goes into paths as it is (a project ID, a path variant such as `v2`):
/// a segment that needs no encoding, so encoding it again changes nothing.
pub(crate) fn plain<'a>(name: &'static str, value: &'a str) -> Result<&'a str, Error> {
    match segment(name, value) {
        Ok(encoded) if encoded == value => Ok(value),
        Ok(_) => Err(invalid(
            name,
            "may only contain letters, digits, `-`, `.`, `_` and `~`",
        )),
        Err(error) => Err(error),
    }
}

/// Checks a service endpoint and returns it without trailing slashes.
///
/// Accepted: an `http` or `https` URL with a host, an optional port and an optional path
/// prefix. Refused: other schemes, user credentials, a query or a fragment, whitespace.
pub(crate) fn endpoint(value: &str) -> Result<&str, Error> {
    let fail = |reason: &str| Err(invalid("endpoint", reason));
    let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .into_iter()
        .find(|scheme| lower.starts_with(scheme))
        .map(|scheme| &value[scheme.len()..])
    else {
        return fail("must start with `http://` or `https://`");
    };
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail("must not contain whitespace or control characters");
    }
    if value.contains(['?', '#']) {
        return fail("must not contain a query or a fragment");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        return fail("must name a host");
    }
    if authority.contains('@') {
        return fail("must not contain user credentials");
    }
    match value.parse::<http::Uri>() {
        Ok(uri) if uri.host().is_some_and(|host| !host.is_empty()) => {}
        Ok(_) => return fail("must name a host"),
        Err(error) => return fail(&format!("is not a valid URL: {error}")),
    }
    Ok(value.trim_end_matches('/'))
}

fn invalid(name: &'static str, reason: &str) -> Error {
    Error::InvalidArgument {
        name,
        reason: reason.to_owned(),
    }
}
