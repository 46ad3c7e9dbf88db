//! The headers of a success answer: HTTP header names, each once, each a Rust name of its own.

use std::collections::{BTreeSet, HashMap};

use super::{Ctx, Sub};
use crate::load::LoadedFile;
use crate::model::header_rust_name;
use crate::names;
use crate::spec;

pub(super) fn headers(ctx: &mut Ctx, file: &LoadedFile, path: &str, o: &spec::Operation) {
    let mut wires = BTreeSet::new();
    let mut rust: HashMap<String, &str> = HashMap::new();
    for (i, h) in o.response.headers.iter().enumerate() {
        let hp = Sub(&path, "response.headers", Some(i));
        let at = Sub(&hp, "name", None);
        if h.name.is_empty() || !h.name.bytes().all(is_token) {
            ctx.err_help(
                file,
                &at,
                format!("`{}` is not an HTTP header name", h.name.escape_debug()),
                "a header name is letters, digits and the marks ! # $ % & ' * + - . ^ _ | ~ and the backtick, such as `Location`",
            );
            continue;
        }
        if !wires.insert(h.name.to_ascii_lowercase()) {
            ctx.err(
                file,
                &at,
                format!(
                    "header `{}` is listed twice (header names ignore case)",
                    h.name
                ),
            );
            continue;
        }
        let name = header_rust_name(h);
        let bare = name.trim_start_matches("r#").trim_end_matches('_');
        if let Some(r) = &h.rust_name {
            if !names::is_identifier(r) || r.chars().any(|c| c.is_ascii_uppercase()) {
                let msg = format!("`{r}` is not a snake_case Rust identifier");
                ctx.err(file, &Sub(&hp, "rust_name", None), msg);
                continue;
            }
        } else if !bare.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let msg = format!("header `{}` gives no Rust field name", h.name);
            ctx.err_help(file, &at, msg, "add `rust_name:`");
            continue;
        }
        if let Some(other) = rust.insert(name.clone(), &h.name) {
            let msg = format!(
                "headers `{other}` and `{}` both become the Rust field `{name}`",
                h.name
            );
            ctx.err_help(file, &hp, msg, "give one of them a `rust_name`");
        }
    }
    if o.response.headers.is_empty() {
        return;
    }
    let uses = [
        ("waiter", o.waiter.is_some()),
        ("paging", o.paging.is_some()),
    ];
    for (key, used) in uses {
        if used {
            ctx.err(
                file,
                &Sub(&path, key, None),
                format!("a `{key}` reads the response body alone, so its operation may not have `response.headers`"),
            );
        }
    }
}

/// An RFC 9110 token character, which a header name is made of.
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
