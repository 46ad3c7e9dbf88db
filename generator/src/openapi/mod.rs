//! `--openapi`: the whole spec as one OpenAPI 3.1 document, for the tools that speak OpenAPI
//! (validators, documentation viewers, mock servers, other languages' generators).
//!
//! Built from a spec that `check` accepted, like the model. What OpenAPI has no field for (the
//! citations, notes, cross-field rules, microversions, secrets) goes into `x-` extensions. Objects
//! come out with their keys sorted (serde_json's map is ordered by key without its
//! `preserve_order` feature), so the same spec always gives the same bytes.
//!
//! - [`operations`]: paths, parameters, request bodies under their wrappers, responses, examples;
//! - [`schemas`]: the spec's schemas as JSON Schema 2020-12, the dialect of OpenAPI 3.1;
//! - [`protocol`]: what every operation shares and the spec only names: servers, authentication,
//!   the two error dialects, request ID and microversion headers.

mod operations;
mod protocol;
mod schemas;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::diag::Diagnostic;
use crate::load::LoadedFile;
use crate::model::DocSources;
use crate::spec;

/// The OpenAPI version the document is written in.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The document, pretty-printed JSON ending in a newline; a problem (an example that cannot be
/// written as JSON) comes back as a diagnostic at its place in the spec.
pub fn render(files: &[LoadedFile]) -> Result<String, Vec<Diagnostic>> {
    // `{:#}` is serde_json's pretty printer, which cannot fail on a `Value`.
    Ok(format!("{:#}\n", document(files)?))
}

/// The document as a JSON value.
pub fn document(files: &[LoadedFile]) -> Result<Value, Vec<Diagnostic>> {
    let all: BTreeMap<&str, &spec::Schema> = files
        .iter()
        .flat_map(|f| f.spec.schemas.iter().map(|(n, s)| (n.as_str(), s)))
        .collect();
    let mut problems = Vec::new();
    let mut paths = Map::new();
    let mut components = Map::new();
    let mut documents = BTreeMap::new();
    for file in files {
        let docs = DocSources(&file.spec.sources);
        for (name, s) in &file.spec.schemas {
            let schema = schemas::named(file, name, s, &docs, &all, &mut problems);
            components.insert(name.clone(), schema);
        }
        for (id, o) in &file.spec.operations {
            operations::add(&mut paths, file, id, o, &docs, &all, &mut problems);
        }
        for source in file.spec.sources.values() {
            documents.insert(source.title.clone(), cited_document(source));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    components.extend(protocol::error_schemas());
    Ok(json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Open Telekom Cloud Elastic Cloud Server (ECS) API, as far as the otc-ecs spec transcribes it",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Written by `client-codegen --openapi` from the hand-written spec that also generates the `otc-ecs` Rust client. Every description is the spec's own wording; `x-source` cites the published document and table each fact comes from (the documents are listed in `x-sources`), `x-notes` hold the spec's notes on quirks of the documents.",
            "x-sources": documents.into_values().collect::<Vec<_>>(),
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
    }))
}

fn cited_document(source: &spec::Source) -> Value {
    let mut d = Map::new();
    d.insert("title".into(), source.title.trim().into());
    d.insert("publisher".into(), source.publisher.trim().into());
    if let Some(location) = &source.location {
        d.insert("location".into(), location.trim().into());
    }
    Value::Object(d)
}

/// `description`, `x-source` and `x-notes` of an item, the notes' citations rendered.
fn describe(
    out: &mut Map<String, Value>,
    docs: &DocSources,
    text: &str,
    source: &str,
    notes: &[spec::Note],
) {
    if !text.trim().is_empty() {
        out.insert("description".into(), text.trim().into());
    }
    out.insert("x-source".into(), docs.render(source).into());
    if !notes.is_empty() {
        let notes = notes
            .iter()
            .map(|n| json!({"text": n.text.trim(), "source": docs.render(&n.source)}))
            .collect();
        out.insert("x-notes".into(), Value::Array(notes));
    }
}

/// A YAML example as JSON; `None` (with a diagnostic at `path`) for a value JSON cannot hold,
/// such as a mapping key that is not a string.
fn example_json(
    file: &LoadedFile,
    path: &str,
    value: &serde_yaml::Value,
    problems: &mut Vec<Diagnostic>,
) -> Option<Value> {
    match serde_json::to_value(value) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(file.diag(path, format!("this example cannot be written as JSON: {e}")));
            None
        }
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
