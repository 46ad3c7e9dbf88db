//! `--openapi`: the whole spec as one OpenAPI 3.1 document, for the tools that speak OpenAPI
//! (validators, documentation viewers, mock servers, other languages' generators).
//!
//! Read from the model alone, as the Rust crate is. What OpenAPI has no field for (the
//! citations, notes, cross-field rules, microversions, secrets) goes into `x-` extensions. Objects
//! come out with their keys sorted (serde_json's map is ordered by key without its
//! `preserve_order` feature), so the same spec always gives the same bytes.
//!
//! - [`operations`]: paths, parameters, request bodies under their wrappers, responses, examples;
//! - [`shared`]: the spec operations that share a method and a path, merged into one;
//! - [`schemas`]: the spec's schemas as JSON Schema 2020-12, the dialect of OpenAPI 3.1;
//! - [`protocol`]: what every operation shares and the spec only names: servers, authentication,
//!   the two error dialects (the ECS dialect's `code` holding the documented error codes),
//!   request ID and microversion headers.

mod operations;
mod protocol;
mod schemas;
mod shared;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::model::{self, Model};

/// The OpenAPI version the document is written in.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The document, pretty-printed JSON ending in a newline.
pub fn render(model: &Model) -> String {
    // `{:#}` is serde_json's pretty printer, which cannot fail on a `Value`.
    format!("{:#}\n", document(model))
}

/// The document as a JSON value.
pub fn document(model: &Model) -> Value {
    let mut paths = Map::new();
    let mut components = Map::new();
    for s in &model.schemas {
        components.insert(s.name.clone(), schemas::named(model, s));
    }
    // Path, then method, then the spec's order.
    let mut groups: BTreeMap<(String, String), Vec<operations::PathOperation>> = BTreeMap::new();
    for o in &model.operations {
        for p in operations::each_path(model, o) {
            groups
                .entry((p.template.clone(), p.method.clone()))
                .or_default()
                .push(p);
        }
    }
    let mut ids: BTreeSet<String> = groups
        .values()
        .flatten()
        .map(|p| p.operation_id.clone())
        .collect();
    for ((template, method), mut members) in groups {
        let op = match members.len() {
            1 => Value::Object(members.remove(0).op),
            _ => shared::merge(members, &mut ids, &mut components),
        };
        let item = paths
            .entry(template)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(method, op);
        }
    }
    components.extend(protocol::error_schemas(&model.error_codes));
    let documents: Vec<Value> = model.documents.iter().map(cited_document).collect();
    json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Open Telekom Cloud Elastic Cloud Server (ECS) API, as far as the otc-ecs spec transcribes it",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Written by `client-codegen --openapi` from the hand-written spec that also generates the `otc-ecs` Rust client. Every description is the spec's own wording; `x-source` cites the published document and table each fact comes from (the documents are listed in `x-sources`), `x-notes` hold the spec's notes on quirks of the documents.",
            "x-sources": documents,
        },
        "servers": protocol::servers(),
        "security": protocol::security(),
        "paths": paths,
        "components": {
            "schemas": components,
            "responses": protocol::error_responses(),
            "headers": protocol::headers(),
            "securitySchemes": protocol::security_schemes(),
        },
    })
}

fn cited_document(source: &model::Document) -> Value {
    let mut d = Map::new();
    d.insert("title".into(), source.title.as_str().into());
    d.insert("publisher".into(), source.publisher.as_str().into());
    if let Some(location) = &source.location {
        d.insert("location".into(), location.as_str().into());
    }
    Value::Object(d)
}

/// `description`, `x-source` and `x-notes` of an item: its text (trimmed), its citation and its
/// notes' rendered.
fn describe(out: &mut Map<String, Value>, text: &str, source: &str, notes: &[model::Note]) {
    if !text.is_empty() {
        out.insert("description".into(), text.into());
    }
    out.insert("x-source".into(), source.into());
    if !notes.is_empty() {
        let notes = notes
            .iter()
            .map(|n| json!({"text": n.text, "source": n.source}))
            .collect();
        out.insert("x-notes".into(), Value::Array(notes));
    }
}

/// The map of a `json!({...})` literal.
fn map_of(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `rebuild from image 3ed4…` → `rebuild_from_image_3ed4…`: an example's name as a map key.
fn example_key(name: &str, taken: &Map<String, Value>) -> String {
    let mut key = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.ends_with('_') {
            key.push('_');
        }
    }
    let key = key.trim_matches('_').to_string();
    let key = if key.is_empty() {
        "example".into()
    } else {
        key
    };
    let mut unique = key.clone();
    let mut n = 2;
    while taken.contains_key(&unique) {
        unique = format!("{key}_{n}");
        n += 1;
    }
    unique
}
