//! Operations: one OpenAPI operation per path template of each spec operation.
//!
//! The first path keeps the spec's id as `operationId`; another path of the same operation (the
//! rebuild's `/v2` variant) gets the id followed by its variant, `rebuild_server_v2`, since
//! operation ids must be unique. Spec operations that share a method and a path (the batch
//! actions on `POST .../cloudservers/action`) are merged into one afterwards, by
//! [`super::shared`].

use serde_json::{Map, Value, json};

use super::schemas::{self, reference};
use super::{describe, example_key, map_of, protocol};
use crate::model::{
    ArrayStyle, Bound, Model, Operation, OperationExample, Paging, PagingStyle, QueryParam, Request,
};
use crate::names;

/// One OpenAPI operation of one path of a spec operation, before those that share a method and a
/// path are merged ([`super::shared`]).
pub struct PathOperation<'a> {
    pub template: String,
    /// Lower case, as OpenAPI's path item keys it.
    pub method: String,
    pub operation_id: String,
    pub op: Map<String, Value>,
    pub spec: &'a Operation,
}

/// One OpenAPI operation per path of operation `o`.
pub fn each_path<'a>(model: &Model, o: &'a Operation) -> Vec<PathOperation<'a>> {
    let shared = operation(model, o);
    let method = o.http_method.to_ascii_lowercase();
    let mut out = Vec::new();
    for (i, p) in o.paths.iter().enumerate() {
        let mut op = shared.clone();
        let id = &o.id;
        let operation_id = match (i, &p.variant) {
            (0, _) => id.to_string(),
            (_, Some(variant)) => format!("{id}_{}", names::snake(variant)),
            (_, None) => format!("{id}_{}", i + 1),
        };
        op.insert("operationId".into(), operation_id.as_str().into());
        op.insert("x-path-source".into(), p.source.as_str().into());
        if let Some(variant) = &p.variant {
            op.insert("x-path-variant".into(), variant.as_str().into());
        }
        out.push(PathOperation {
            template: p.template.clone(),
            method: method.clone(),
            operation_id,
            op,
            spec: o,
        });
    }
    out
}

/// What the operation's paths share: all but the id and the path's own citation.
fn operation(model: &Model, o: &Operation) -> Map<String, Value> {
    let mut op = Map::new();
    op.insert("summary".into(), o.summary.as_str().into());
    describe(&mut op, &o.description, &o.doc.source, &o.notes);
    op.insert("tags".into(), json!([o.module]));
    let mut parameters: Vec<Value> = o
        .params
        .iter()
        .map(|p| {
            let mut param = Map::new();
            param.insert("name".into(), p.wire.as_str().into());
            param.insert("in".into(), "path".into());
            param.insert("required".into(), true.into());
            param.insert("schema".into(), json!({"type": "string"}));
            describe(&mut param, &p.doc.text, &p.doc.source, &[]);
            if let Some(from) = p.from {
                param.insert("x-from".into(), from.as_str().into());
            }
            Value::Object(param)
        })
        .collect();
    for q in o.query.iter().flat_map(|q| &q.params) {
        parameters.push(query_parameter(model, q));
    }
    if let Some(m) = &o.microversions {
        let example = m.highest_since.as_deref().unwrap_or(&m.default);
        parameters.extend(protocol::microversion_parameters(
            &m.service, &m.default, example,
        ));
        op.insert(
            "x-microversions".into(),
            json!({"default": m.default, "service": m.service, "source": m.source}),
        );
    }
    op.insert("parameters".into(), Value::Array(parameters));
    let examples = Examples(&o.examples);
    if let Some(r) = &o.request {
        let schema = request_schema(model, r);
        let mut media = Map::new();
        media.insert("schema".into(), schema);
        let request_examples = examples.select(None);
        if !request_examples.is_empty() {
            media.insert("examples".into(), Value::Object(request_examples));
        }
        let mut body = Map::new();
        body.insert("required".into(), true.into());
        body.insert("content".into(), json!({ r.content_type.as_str(): media }));
        let text = r
            .schema
            .map_or("", |id| model.schema_of(id).doc.text.as_str());
        describe(&mut body, text, &r.source, &[]);
        op.insert("requestBody".into(), Value::Object(body));
    }
    let mut responses = Map::new();
    // OpenAPI requires a response's description.
    let text = o
        .response
        .map(|id| model.schema_of(id).doc.text.as_str())
        .filter(|t| !t.is_empty())
        .unwrap_or("Success.");
    for &status in &o.statuses {
        let mut response = Map::new();
        response.insert("headers".into(), headers(o));
        // An answer without a body has no `content`.
        if let Some(id) = o.response {
            let mut media = Map::new();
            media.insert("schema".into(), reference(&model.schema_of(id).name));
            let response_examples = examples.select(Some(status));
            if !response_examples.is_empty() {
                media.insert("examples".into(), Value::Object(response_examples));
            }
            response.insert("content".into(), json!({"application/json": media}));
        }
        describe(&mut response, text, &o.response_source, &[]);
        responses.insert(status.to_string(), Value::Object(response));
    }
    responses.insert("default".into(), protocol::error_response(o.errors));
    op.insert("responses".into(), Value::Object(responses));
    if let Some(p) = &o.paging {
        op.insert("x-paging".into(), paging(p));
    }
    op.insert("x-errors".into(), o.errors.as_str().into());
    op.insert("x-idempotent".into(), o.idempotent.into());
    if !o.sends_credential {
        op.insert("security".into(), json!([]));
    }
    op
}

/// A query parameter: its value's schema with the bounds and the default; an array's style as
/// OpenAPI's `form` with `explode` (repeated) or without (joined by commas).
fn query_parameter(model: &Model, q: &QueryParam) -> Value {
    let mut value = schemas::type_schema(model, q.scalar());
    let bounds = [
        ("minimum", q.constraints.minimum.map(Bound::to_json)),
        ("maximum", q.constraints.maximum.map(Bound::to_json)),
        ("minLength", q.constraints.min_length.map(Value::from)),
        ("maxLength", q.constraints.max_length.map(Value::from)),
    ];
    for (key, bound) in bounds {
        if let Some(bound) = bound {
            value.insert(key.into(), bound);
        }
    }
    let mut schema = match q.array_style {
        Some(_) => map_of(json!({"type": "array", "items": Value::Object(value)})),
        None => value,
    };
    if let Some(default) = &q.constraints.default {
        schema.insert("default".into(), default.clone());
    }
    let mut param = Map::new();
    param.insert("name".into(), q.wire.as_str().into());
    param.insert("in".into(), "query".into());
    param.insert("required".into(), q.required.into());
    param.insert("schema".into(), Value::Object(schema));
    if let Some(style) = q.array_style {
        param.insert("style".into(), "form".into());
        param.insert("explode".into(), (style == ArrayStyle::Repeat).into());
    }
    describe(&mut param, &q.doc.text, &q.doc.source, &q.notes);
    Value::Object(param)
}

/// A success answer's headers: the request ID every answer has, and those the spec names (which
/// replace it when one of them is the request ID).
fn headers(o: &Operation) -> Value {
    let mut headers = map_of(protocol::request_id(o.errors));
    for h in o.response_headers.iter().flat_map(|h| &h.headers) {
        headers.retain(|name, _| !name.eq_ignore_ascii_case(&h.wire));
        let mut header = map_of(json!({"required": h.required, "schema": {"type": "string"}}));
        if h.secret {
            header.insert("x-secret".into(), true.into());
        }
        describe(&mut header, &h.doc.text, &h.doc.source, &[]);
        headers.insert(h.wire.clone(), Value::Object(header));
    }
    Value::Object(headers)
}

/// How the operation pages, in the spec's words (OpenAPI has none for it).
fn paging(p: &Paging) -> Value {
    let w = &p.wire;
    let mut out = map_of(json!({"limit": w.limit, "items": w.items, "x-source": p.source}));
    match &p.style {
        PagingStyle::Offset { first, .. } => {
            out.insert("style".into(), "offset".into());
            out.insert("offset".into(), w.cursor.as_str().into());
            out.insert("first_offset".into(), (*first).into());
        }
        PagingStyle::Marker { .. } => {
            out.insert("style".into(), "marker".into());
            out.insert("marker".into(), w.cursor.as_str().into());
            out.extend(
                w.marker_field
                    .as_ref()
                    .map(|m| ("marker_field".into(), m.as_str().into())),
            );
        }
    }
    out.extend(
        w.count
            .as_ref()
            .map(|c| ("count_field".into(), c.as_str().into())),
    );
    Value::Object(out)
}

/// The body's JSON Schema: the object (inside its wrapper key), and each constant as a required
/// member of that one value.
fn request_schema(model: &Model, r: &Request) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for c in &r.constants {
        properties.insert(
            c.wire.clone(),
            json!({"const": c.value.to_json(), "x-source": c.source}),
        );
        required.push(Value::from(c.wire.as_str()));
    }
    let object = |properties, required| {
        json!({
            "type": "object",
            "properties": Value::Object(properties),
            "required": Value::Array(required),
        })
    };
    let schema = r.schema.map(|id| model.schema_of(id).name.as_str());
    match (&r.wrapper, schema) {
        (Some(w), Some(schema)) => {
            properties.insert(w.clone(), reference(schema));
            required.push(w.as_str().into());
            let mut wrapped = object(properties, required);
            wrapped["additionalProperties"] = false.into();
            wrapped["x-wrapper"] = w.as_str().into();
            wrapped
        }
        (None, Some(schema)) if r.constants.is_empty() => reference(schema),
        (None, Some(schema)) => json!({"allOf": [reference(schema), object(properties, required)]}),
        (_, None) => {
            let mut alone = object(properties, required);
            alone["additionalProperties"] = false.into();
            alone
        }
    }
}

/// An operation's examples, shared by all its paths and statuses.
struct Examples<'a>(&'a [OperationExample]);

impl Examples<'_> {
    /// The request examples (`status` none) or the response examples of `status`, by key.
    fn select(&self, status: Option<u16>) -> Map<String, Value> {
        let mut out = Map::new();
        for ex in self.0 {
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
