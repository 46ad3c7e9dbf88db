//! The spec strings a request sends in a header or its URL.

use std::collections::HashMap;

use crate::diag::Diagnostics;
use crate::load::LoadedFile;
use crate::model::parse_template;
use crate::spec;

/// Refuses the spec strings of `file` that a request sends in a header or its URL and that
/// cannot be sent there: each would make every call of its operation fail (`Error::InvalidArgument`
/// when the header or URL is built) or could never be selected.
pub fn wire(file: &LoadedFile, diags: &mut Diagnostics) {
    for (id, o) in &file.spec.operations {
        let at = |key: &str| format!("operations.{id}.{key}");
        if let Some(r) = &o.request
            && let Some(problem) = media_type_problem(&r.content_type)
        {
            let msg = format!(
                "content type {} cannot be sent: {problem}",
                shown(&r.content_type)
            );
            let help = "write a media type, `type/subtype` with optional `; name=value` parameters: `application/json`";
            diags.push(file.diag(&at("request.content_type"), msg).with_help(help));
        }
        if let Some(m) = &o.microversions
            && !is_service_type(&m.service)
        {
            let msg = format!(
                "microversion service {} cannot be sent in `OpenStack-API-Version`",
                shown(&m.service)
            );
            let help =
                "a service type is lower-case letters, digits and `-`, a letter first: `compute`";
            diags.push(file.diag(&at("microversions.service"), msg).with_help(help));
        }
        if let Some(w) = &o.waiter {
            states_once(file, &at("waiter"), w, diags);
        }
        for (i, p) in o.paths.iter().enumerate() {
            if let Some(segments) = parse_template(&p.template)
                && let Some(bad) = segments
                    .iter()
                    .find(|(param, s)| !param && !is_path_segment(s))
            {
                let msg = format!(
                    "the segment {} of this template cannot stand in a URL as it is",
                    shown(&bad.1)
                );
                let help = "a literal segment is ASCII letters, digits and `-._~!$&'()*+,;=:@` (or `%` and two hex digits), and not `.` or `..`";
                diags.push(
                    file.diag(&at(&format!("paths[{i}].template")), msg)
                        .with_help(help),
                );
            }
            if let Some(v) = &p.variant
                && !is_plain(v)
            {
                let msg = format!(
                    "path variant {} could never be selected: `with_path_variant` takes only letters, digits, `-`, `.`, `_` and `~`",
                    shown(v)
                );
                diags.push(
                    file.diag(&at(&format!("paths[{i}].variant")), msg)
                        .with_help("name it like `v2`"),
                );
            }
        }
    }
}

/// Each waiter state is named once: the states become the patterns of one `match`, where a
/// second one is unreachable (a warning, an error under `-D warnings`).
fn states_once(file: &LoadedFile, wp: &str, w: &spec::Waiter, diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (key, states) in [("success", &w.success), ("failure", &w.failure)] {
        for (i, state) in states.iter().enumerate() {
            let here = format!("{wp}.{key}[{i}]");
            if let Some(first) = seen.get(state.as_str()) {
                let msg = format!("the state {} is already named at `{first}`", shown(state));
                let help = "name each state once, as a success or as a failure";
                diags.push(file.diag(&here, msg).with_help(help));
            } else {
                seen.insert(state, format!("{key}[{i}]"));
            }
        }
    }
}

/// A spec string in a message: escaped, and cut after 60 characters.
fn shown(s: &str) -> String {
    let escaped: String = s.escape_debug().take(60).collect();
    match s.escape_debug().nth(60) {
        Some(_) => format!("\"{escaped}…\""),
        None => format!("\"{escaped}\""),
    }
}

/// RFC 9110 `tchar`.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_char)
}

/// Why `s` is not a media type (`type/subtype *( OWS ";" OWS name=value )`, RFC 9110 8.3.1), if it
/// is not; a quoted value holds visible ASCII only, so that it is a valid header value too.
fn media_type_problem(s: &str) -> Option<&'static str> {
    if s.bytes().any(|b| b == b'\r' || b == b'\n') {
        return Some("it holds a line break, which would end the header");
    }
    if s.bytes()
        .any(|b| b.is_ascii_control() && b != b'\t' || !b.is_ascii())
    {
        return Some("it holds a control or non-ASCII character");
    }
    let mut parts = s.split(';');
    let essence = parts.next().unwrap_or_default();
    match essence.split_once('/') {
        Some((t, sub)) if is_token(t) && is_token(sub) => {}
        _ => return Some("it does not begin with `type/subtype`"),
    }
    // A quoted value may hold `;`: join what the split cut apart.
    let mut rest: Vec<&str> = parts.collect();
    rest.reverse();
    while let Some(param) = rest.pop() {
        let param = param.trim_matches([' ', '\t']);
        let Some((name, value)) = param.split_once('=') else {
            return Some("a parameter is not `name=value`");
        };
        if !is_token(name) {
            return Some("a parameter's name is not a token");
        }
        if let Some(quoted) = value.strip_prefix('"') {
            let mut text = quoted.to_string();
            while !closes_quote(&text) {
                let Some(more) = rest.pop() else {
                    return Some("a quoted parameter value does not end");
                };
                text.push(';');
                text.push_str(more);
            }
            if !text.trim_end_matches([' ', '\t']).ends_with('"') {
                return Some("text follows a quoted parameter value");
            }
        } else if !is_token(value) {
            return Some("a parameter's value is neither a token nor quoted");
        }
    }
    None
}

/// Whether `text` (after an opening `"`) holds the closing one, `\` escaping the next byte.
fn closes_quote(text: &str) -> bool {
    let mut escaped = false;
    for b in text.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return true,
            _ => {}
        }
    }
    false
}

/// A service type as the OpenStack service-types authority writes them (`compute`,
/// `block-storage`): what goes before the version in `OpenStack-API-Version`.
fn is_service_type(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An RFC 3986 path segment that needs no encoding and names no other resource.
fn is_path_segment(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
            {
                i += 2
            }
            c if c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&c) => {}
            _ => return false,
        }
        i += 1;
    }
    !s.is_empty() && s != "." && s != ".."
}

/// What the runtime's `path::plain` accepts: a segment that encoding leaves as it is.
fn is_plain(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}
