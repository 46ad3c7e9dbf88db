//! `client-codegen --draft PAGE.rst`: a first spec for a page the spec does not have yet, in
//! the spec's own YAML, every item citing its table or example.
//!
//! What the page states mechanically is transcribed: method and paths (a URI line's query string
//! cut off), path parameters, query parameters (of a query table, the URI table's other rows and
//! the URI line), the paging a `limit` with an `offset` or a `marker` makes, one schema per request
//! or response table (a row whose cell links to another table takes that table's schema), wire
//! names, types, Mandatory, values a Description lists (an enum), the lengths, bounds and default
//! it states as `--docs` reads them ([`crate::docs::facts`]), a response without a body, and the
//! examples. What needs a person is marked: every description is a
//! [`crate::check::placeholder::MARKER`] placeholder holding the page's text, which the check
//! refuses, and YAML comments say what the draft could not decide.

mod build;
mod cells;
mod examples;
mod model;
mod uri;
mod write;
mod yaml;

use std::path::{Component, Path};

use crate::docs::rst;

/// Why a file cannot be drafted: a message, and the line it is about (0: the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAPage {
    pub line: usize,
    pub message: String,
}

/// The draft of the page `bytes`, whose `page:` name (its path inside `docs/`) is `page`.
pub fn draft(bytes: &[u8], page: &str) -> Result<String, NotAPage> {
    let whole = |message: &str| NotAPage {
        line: 0,
        message: message.to_string(),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(whole(
            "the file is empty: a page is the reStructuredText of one API operation",
        ));
    }
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(NotAPage {
            line: bytes[..at].iter().filter(|b| **b == b'\n').count() + 1,
            message: "the file holds a NUL byte: it is binary, not a page".into(),
        });
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let valid = &bytes[..e.valid_up_to()];
        return Err(NotAPage {
            line: valid.iter().filter(|b| **b == b'\n').count() + 1,
            message: "the file is not UTF-8 text from here on: it is binary, not a page".into(),
        });
    }
    let read = rst::read(bytes);
    if read.uris.is_empty() {
        return Err(whole(
            "the page has no URI line (such as `GET /v1/{project_id}/cloudservers/{server_id}` under its URI title): --draft drafts the page of one operation",
        ));
    }
    let text = String::from_utf8_lossy(bytes);
    let raw: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let drafted = build::build(&read, &raw, page);
    Ok(write::write(&drafted))
}

/// The `page:` name of the file at `path`: its path below the last folder named `docs`
/// (`apis_recommended/ecs_group_management/listing_ecs_groups.rst`), else its file name.
pub fn page_name(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let file = parts.last().cloned().unwrap_or_default();
    let Some(docs) = parts.iter().rposition(|p| p == "docs") else {
        return file;
    };
    let name = parts[docs + 1..].join("/");
    match crate::check::keys::page_name_problem(&name) {
        None => name,
        Some(_) => file,
    }
}
