//! Operations: one OpenAPI operation per path template of each spec operation.
//!
//! The first path keeps the spec's id as `operationId`; another path of the same operation (the
//! rebuild's `/v2` variant) gets the id followed by its variant, `rebuild_server_v2`, since
//! operation ids must be unique. A second operation on a path and method already taken (two Nova
//! actions both `POST .../action`) cannot share the path item; it is listed under the path
//! followed by `#` and its id, with `x-path` holding the real template.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::schemas::reference;
use super::{describe, example_json, example_key, protocol};
use crate::diag::Diagnostic;
use crate::load::LoadedFile;
use crate::model::{self, DocSources};
use crate::names;
use crate::spec;

/// Adds every path of operation `id` to `paths`.
pub fn add(
    paths: &mut Map<String, Value>,
    file: &LoadedFile,
    id: &str,
    o: &spec::Operation,
    docs: &DocSources,
    all: &BTreeMap<&str, &spec::Schema>,
    problems: &mut Vec<Diagnostic>,
) {
    let shared = operation(file, id, o, docs, all, problems);
    let method = o.method.to_ascii_lowercase();
    for (i, p) in o.paths.iter().enumerate() {
        let mut op = shared.clone();
        let operation_id = match (i, &p.variant) {
            (0, _) => id.to_string(),
            (_, Some(variant)) => format!("{id}_{}", names::snake(variant)),
            (_, None) => format!("{id}_{}", i + 1),
        };
        op.insert("operationId".into(), operation_id.as_str().into());
        op.insert("x-path-source".into(), docs.render(&p.source).into());
        if let Some(variant) = &p.variant {
            op.insert("x-path-variant".into(), variant.as_str().into());
        }
        let taken = |key: &str| {
            paths
                .get(key)
                .and_then(Value::as_object)
                .is_some_and(|item| item.contains_key(&method))
        };
        let key = if taken(&p.template) {
            op.insert("x-path".into(), p.template.as_str().into());
            format!("{}#{operation_id}", p.template)
        } else {
            p.template.clone()
        };
        let item = paths
            .entry(key)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(method.clone(), Value::Object(op));
        }
    }
}

/// What the operation's paths share: all but the id and the path's own citation.
fn operation(
    file: &LoadedFile,
    id: &str,
    o: &spec::Operation,
    docs: &DocSources,
    all: &BTreeMap<&str, &spec::Schema>,
    problems: &mut Vec<Diagnostic>,
) -> Map<String, Value> {
    let mut op = Map::new();
    op.insert("summary".into(), o.summary.trim().into());
    let description = o.description.as_deref().unwrap_or_default();
    describe(&mut op, docs, description, &o.source, &o.notes);
    op.insert("tags".into(), json!([model::module_of(&file.name)]));
    let mut parameters: Vec<Value> = o
        .path_params
        .iter()
        .map(|p| {
            let mut param = Map::new();
            param.insert("name".into(), p.name.as_str().into());
            param.insert("in".into(), "path".into());
            param.insert("required".into(), true.into());
            param.insert("schema".into(), json!({"type": "string"}));
            describe(&mut param, docs, &p.description, &p.source, &[]);
            if let Some(from) = &p.from {
                param.insert("x-from".into(), from.as_str().into());
            }
            Value::Object(param)
        })
        .collect();
    if let Some(m) = &o.microversions {
        let needed = o
            .request
            .as_ref()
            .and_then(|r| all.get(r.schema.as_str()))
            .and_then(|s| s.fields.as_ref())
            .into_iter()
            .flatten()
            .filter_map(|f| f.since.as_deref())
            .filter_map(|v| model::parse_microversion(v).map(|n| (n, v)))
            .max();
        let example = needed.map_or(m.default.as_str(), |(_, v)| v);
        parameters.extend(protocol::microversion_parameters(
            &m.service, &m.default, example,
        ));
        op.insert(
            "x-microversions".into(),
            json!({"default": m.default, "service": m.service, "source": docs.render(&m.source)}),
        );
    }
    op.insert("parameters".into(), Value::Array(parameters));
    let examples = Examples::convert(file, id, o, docs, problems);
    if let Some(r) = &o.request {
        let schema = match &r.wrapper {
            Some(w) => json!({
                "type": "object",
                "properties": {w: reference(&r.schema)},
                "required": [w],
                "additionalProperties": false,
                "x-wrapper": w,
            }),
            None => reference(&r.schema),
        };
        let mut media = Map::new();
        media.insert("schema".into(), schema);
        let request_examples = examples.select(None);
        if !request_examples.is_empty() {
            media.insert("examples".into(), Value::Object(request_examples));
        }
        let mut body = Map::new();
        body.insert("required".into(), true.into());
        body.insert("content".into(), json!({ r.content_type.as_str(): media }));
        let text = all
            .get(r.schema.as_str())
            .map_or("", |s| s.description.as_str());
        describe(&mut body, docs, text, &r.source, &[]);
        op.insert("requestBody".into(), Value::Object(body));
    }
    let mut responses = Map::new();
    // OpenAPI requires a response's description.
    let text = all
        .get(o.response.schema.as_str())
        .map(|s| s.description.trim())
        .filter(|t| !t.is_empty())
        .unwrap_or("Success.");
    for &status in &o.response.statuses {
        let mut media = Map::new();
        media.insert("schema".into(), reference(&o.response.schema));
        let response_examples = examples.select(Some(status));
        if !response_examples.is_empty() {
            media.insert("examples".into(), Value::Object(response_examples));
        }
        let mut response = Map::new();
        response.insert("headers".into(), protocol::request_id(&o.errors));
        response.insert("content".into(), json!({"application/json": media}));
        describe(&mut response, docs, text, &o.response.source, &[]);
        responses.insert(status.to_string(), Value::Object(response));
    }
    responses.insert("default".into(), protocol::error_response(&o.errors));
    op.insert("responses".into(), Value::Object(responses));
    op.insert("x-errors".into(), o.errors.as_str().into());
    op.insert("x-idempotent".into(), o.idempotent.into());
    op
}

/// One operation example as JSON.
struct Example {
    name: String,
    source: String,
    request: Option<Value>,
    response: Option<(u16, Value)>,
}

/// An operation's examples, converted once for all its paths and statuses.
struct Examples(Vec<Example>);

impl Examples {
    fn convert(
        file: &LoadedFile,
        id: &str,
        o: &spec::Operation,
        docs: &DocSources,
        problems: &mut Vec<Diagnostic>,
    ) -> Examples {
        let mut out = Vec::new();
        for (i, ex) in o.examples.iter().enumerate() {
            let at = format!("operations.{id}.examples[{i}]");
            let request = ex
                .request
                .as_ref()
                .and_then(|v| example_json(file, &format!("{at}.request"), v, problems));
            let response = ex.response.as_ref().and_then(|r| {
                let body = example_json(file, &format!("{at}.response.body"), &r.body, problems);
                body.map(|b| (r.status, b))
            });
            out.push(Example {
                name: ex.name.trim().to_string(),
                source: docs.render(&ex.source),
                request,
                response,
            });
        }
        Examples(out)
    }

    /// The request examples (`status` none) or the response examples of `status`, by key.
    fn select(&self, status: Option<u16>) -> Map<String, Value> {
        let mut out = Map::new();
        for ex in &self.0 {
            let value = match (status, &ex.request, &ex.response) {
                (None, Some(body), _) => body,
                (Some(s), _, Some((status, body))) if *status == s => body,
                _ => continue,
            };
            let key = example_key(&ex.name, &out);
            out.insert(
                key,
                json!({"summary": ex.name, "value": value, "x-source": ex.source}),
            );
        }
        out
    }
}
