//! Spec operations that share a method and a path, told apart by their request body (the batch
//! `os-start` / `os-stop` / `reboot` on `POST .../cloudservers/action`, `action: create|delete` on
//! `POST .../tags/action`): OpenAPI has one operation per method and path, so they become one.
//!
//! - `operationId` is the method and the path's segments in snake case,
//!   `post_v1_project_id_cloudservers_action`: it names what the operation is in OpenAPI, so it
//!   stays when a member is added or renamed (`_2`, `_3` follow where a spec id already has it);
//! - `x-operations` lists the members in the spec's order, each with its own `operationId`,
//!   summary, citations and everything else the single operation would have carried, and the
//!   `$ref` of its request body;
//! - the request body is a `oneOf` of the members' bodies, each a component schema named
//!   `request-<operationId>` (lower case: no spec schema can take it), and a `discriminator` where
//!   one string constant of every body tells them apart; `anyOf` where two bodies could be the
//!   same value (no constant or closed wrapper tells them apart);
//! - a status answered by several members answers with the one schema they share or else with the
//!   distinct schemas, each naming its members in `x-operations`, under `anyOf`: answers are
//!   objects that keep unknown fields, so one value can fit two of them, and `oneOf` would refuse
//!   it (the rule of a spec `one_of`, whose variants are `oneOf` only when their JSON types differ);
//! - parameters and headers are the union, required only where every member requires them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::operations::PathOperation;
use super::protocol;
use super::schemas::reference;
use crate::model::{ConstantValue, ErrorDialect, Request};

/// What becomes of a member's operation outside `x-operations`.
const MERGED_KEYS: &[&str] = &["parameters", "requestBody", "responses", "tags"];

/// The one operation of `members` (two or more, in the spec's order), and the component schemas of
/// their request bodies. `ids` holds every operation id taken so far; the new one is added.
pub fn merge(
    members: Vec<PathOperation<'_>>,
    ids: &mut BTreeSet<String>,
    components: &mut Map<String, Value>,
) -> Value {
    let first = &members[0];
    let operation_id = unique(operation_id(&first.method, &first.template), ids);
    let mut op = Map::new();
    op.insert("operationId".into(), operation_id.as_str().into());
    let summaries: Vec<&str> = members.iter().map(|m| m.spec.summary.as_str()).collect();
    op.insert("summary".into(), summaries.join(" / ").into());
    op.insert(
        "description".into(),
        "Several operations of the spec share this method and path; the request body tells them apart. `x-operations` lists them, each with its own summary, citations and request body.".into(),
    );
    let tags: BTreeSet<&str> = members
        .iter()
        .flat_map(|m| m.op["tags"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    op.insert("tags".into(), json!(tags));
    op.insert("parameters".into(), parameters(&members));
    if let Some(body) = request_body(&members, components) {
        op.insert("requestBody".into(), body);
    }
    op.insert("responses".into(), responses(&members));
    for key in ["x-errors", "x-idempotent"] {
        let values: Vec<&Value> = members.iter().filter_map(|m| m.op.get(key)).collect();
        if values.len() == members.len() && values.windows(2).all(|w| w[0] == w[1]) {
            op.insert(key.into(), values[0].clone());
        }
    }
    let listed = members
        .iter()
        .map(|m| {
            let mut entry = m.op.clone();
            entry.retain(|key, _| !MERGED_KEYS.contains(&key.as_str()));
            if m.spec.request.is_some() {
                entry.insert("requestBody".into(), reference(&body_name(&m.operation_id)));
            }
            Value::Object(entry)
        })
        .collect();
    op.insert("x-operations".into(), Value::Array(listed));
    Value::Object(op)
}

/// `POST /v2.1/{project_id}/servers/{server_id}/action` → `post_v2_1_project_id_servers_server_id_action`.
fn operation_id(method: &str, template: &str) -> String {
    let mut id = method.to_ascii_lowercase();
    for c in template.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('_') {
            id.push('_');
        }
    }
    id.trim_end_matches('_').to_string()
}

/// `id`, or `id_2`, `id_3`, ... where a spec operation already has it; recorded in `ids`.
fn unique(id: String, ids: &mut BTreeSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while ids.contains(&candidate) {
        candidate = format!("{id}_{n}");
        n += 1;
    }
    ids.insert(candidate.clone());
    candidate
}

/// The component schema of a member's request body.
fn body_name(operation_id: &str) -> String {
    format!("request-{operation_id}")
}

/// Path parameters (the same for every member, as the path is), query parameters and headers of
/// every member, each once; one that not every member requires is optional, and one that only some
/// members take names them in `x-operations`.
fn parameters(members: &[PathOperation<'_>]) -> Value {
    let mut out: Vec<Map<String, Value>> = Vec::new();
    let mut takers: Vec<Vec<&str>> = Vec::new();
    for m in members {
        for p in m.op["parameters"].as_array().into_iter().flatten() {
            let Value::Object(p) = p else { continue };
            let at = out
                .iter()
                .position(|q| q.get("name") == p.get("name") && q.get("in") == p.get("in"));
            match at {
                Some(i) => {
                    if p.get("required") != Some(&Value::Bool(true)) {
                        out[i].insert("required".into(), false.into());
                    }
                    takers[i].push(&m.operation_id);
                }
                None => {
                    out.push(p.clone());
                    takers.push(vec![&m.operation_id]);
                }
            }
        }
    }
    let everyone = members.len();
    let params = out
        .into_iter()
        .zip(takers)
        .map(|(mut p, takers)| {
            if takers.len() < everyone {
                if p.get("in") != Some(&Value::from("path")) {
                    p.insert("required".into(), false.into());
                }
                p.insert("x-operations".into(), json!(takers));
            }
            Value::Object(p)
        })
        .collect();
    Value::Array(params)
}

/// The members' bodies as `oneOf` (or `anyOf`) per content type, their examples together; the
/// bodies go into `components`. `None` when no member sends a body.
fn request_body(
    members: &[PathOperation<'_>],
    components: &mut Map<String, Value>,
) -> Option<Value> {
    let senders: Vec<(&PathOperation<'_>, &Request)> = members
        .iter()
        .filter_map(|m| m.spec.request.as_ref().map(|r| (m, r)))
        .collect();
    if senders.is_empty() {
        return None;
    }
    // Per content type: the bodies' references and every example.
    let mut media_types: BTreeMap<&str, (Vec<Value>, Map<String, Value>)> = BTreeMap::new();
    let mut texts = Vec::new();
    let mut sources = Vec::new();
    for (m, r) in &senders {
        let body = &m.op["requestBody"];
        let media = &body["content"][r.content_type.as_str()];
        let name = body_name(&m.operation_id);
        let mut schema = media["schema"].clone();
        schema["x-operation"] = m.operation_id.as_str().into();
        components.insert(name.clone(), schema);
        let (alternatives, examples) = media_types.entry(&r.content_type).or_default();
        alternatives.push(reference(&name));
        for (key, example) in media["examples"].as_object().into_iter().flatten() {
            let mut example = example.clone();
            example["x-operation"] = m.operation_id.as_str().into();
            examples.insert(format!("{}_{key}", m.operation_id), example);
        }
        let text = body.get("description").and_then(Value::as_str);
        texts.extend(text.map(|t| format!("`{}`: {t}", m.operation_id)));
        sources.push(format!("{} ({})", r.source, m.operation_id));
    }
    let mut content = Map::new();
    for (content_type, (alternatives, examples)) in media_types {
        let group: Vec<(&PathOperation<'_>, &Request)> = senders
            .iter()
            .filter(|(_, r)| r.content_type == content_type)
            .copied()
            .collect();
        let exclusive = group.iter().enumerate().all(|(i, (_, a))| {
            group[i + 1..]
                .iter()
                .all(|(_, b)| exclusive(a, b) || exclusive(b, a))
        });
        let keyword = if exclusive { "oneOf" } else { "anyOf" };
        let mut schema = Map::new();
        schema.insert(keyword.into(), Value::Array(alternatives));
        if exclusive && let Some(d) = discriminator(&group) {
            schema.insert("discriminator".into(), d);
        }
        let mut media = Map::new();
        media.insert("schema".into(), Value::Object(schema));
        if !examples.is_empty() {
            media.insert("examples".into(), Value::Object(examples));
        }
        content.insert(content_type.into(), Value::Object(media));
    }
    let mut body = Map::new();
    body.insert("required".into(), (senders.len() == members.len()).into());
    body.insert("content".into(), Value::Object(content));
    if !texts.is_empty() {
        body.insert("description".into(), texts.join(" ").into());
    }
    body.insert("x-source".into(), sources.join("; ").into());
    Some(Value::Object(body))
}

/// Whether no value can be the body of both `a` and `b`: a constant both send with different
/// values, or `a`'s body closed (a wrapper, or constants alone) to a member `b` requires.
fn exclusive(a: &Request, b: &Request) -> bool {
    let differ = a.constants.iter().any(|ca| {
        b.constants
            .iter()
            .any(|cb| cb.wire == ca.wire && cb.value != ca.value)
    });
    let closed = a.wrapper.is_some() || a.schema.is_none();
    let allowed =
        |key: &str| a.wrapper.as_deref() == Some(key) || a.constants.iter().any(|c| c.wire == key);
    let required = b
        .wrapper
        .iter()
        .map(String::as_str)
        .chain(b.constants.iter().map(|c| c.wire.as_str()));
    differ || (closed && required.into_iter().any(|key| !allowed(key)))
}

/// The first string constant that every body sends, each with its own value, as a
/// `discriminator` mapping those values to the bodies.
fn discriminator(group: &[(&PathOperation<'_>, &Request)]) -> Option<Value> {
    let (_, first) = group.first()?;
    first.constants.iter().find_map(|c| {
        let mut mapping = Map::new();
        for (m, r) in group {
            let value = r.constants.iter().find(|o| o.wire == c.wire)?;
            let ConstantValue::String(value) = &value.value else {
                return None;
            };
            let target = format!("#/components/schemas/{}", body_name(&m.operation_id));
            if mapping.insert(value.clone(), target.into()).is_some() {
                return None;
            }
        }
        Some(json!({"propertyName": c.wire, "mapping": mapping}))
    })
}

/// Every status any member answers, merged; the error answer of the members' dialects.
fn responses(members: &[PathOperation<'_>]) -> Value {
    let mut statuses: Vec<String> = Vec::new();
    for m in members {
        for status in m.op["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|r| r.0)
        {
            if status != "default" && !statuses.contains(status) {
                statuses.push(status.clone());
            }
        }
    }
    let mut out = Map::new();
    for status in statuses {
        let answering: Vec<(&str, &Map<String, Value>)> = members
            .iter()
            .filter_map(|m| {
                let r = m.op["responses"].get(&status)?.as_object()?;
                Some((m.operation_id.as_str(), r))
            })
            .collect();
        out.insert(status, response(&answering));
    }
    let mut dialects: Vec<ErrorDialect> = members.iter().map(|m| m.spec.errors).collect();
    dialects.dedup();
    let error = match dialects.as_slice() {
        [one] => protocol::error_response(*one),
        _ => protocol::either_error_response(),
    };
    out.insert("default".into(), error);
    Value::Object(out)
}

/// One status's answer of several members: the headers of all (required where all require them),
/// the schema they share or their distinct schemas, every example.
fn response(answering: &[(&str, &Map<String, Value>)]) -> Value {
    let mut out = Map::new();
    let mut headers = Map::new();
    for (_, r) in answering {
        for (name, header) in r["headers"].as_object().into_iter().flatten() {
            let required = header.get("required") == Some(&Value::Bool(true));
            let everywhere = answering.iter().all(|(_, o)| {
                o["headers"].get(name).and_then(|h| h.get("required")) == Some(&Value::Bool(true))
            });
            let mut header = header.clone();
            if required && !everywhere {
                header["required"] = false.into();
            }
            headers.entry(name.clone()).or_insert(header);
        }
    }
    out.insert("headers".into(), Value::Object(headers));
    let mut schemas: Vec<(Value, Vec<&str>)> = Vec::new();
    let mut examples = Map::new();
    let mut bodiless = Vec::new();
    for (id, r) in answering {
        let Some(media) = r.get("content").and_then(|c| c.get("application/json")) else {
            bodiless.push(*id);
            continue;
        };
        match schemas.iter_mut().find(|(s, _)| *s == media["schema"]) {
            Some((_, ids)) => ids.push(id),
            None => schemas.push((media["schema"].clone(), vec![id])),
        }
        for (key, example) in media["examples"].as_object().into_iter().flatten() {
            let mut example = example.clone();
            example["x-operation"] = (*id).into();
            examples.insert(format!("{id}_{key}"), example);
        }
    }
    let schema = match schemas.as_slice() {
        [] => None,
        [(only, _)] => Some(only.clone()),
        _ => {
            let alternatives: Vec<Value> = schemas
                .iter()
                .map(|(s, ids)| {
                    let mut s = s.clone();
                    s["x-operations"] = json!(ids);
                    s
                })
                .collect();
            // Object schemas that keep unknown fields can never be told apart by a validator.
            Some(json!({ "anyOf": alternatives }))
        }
    };
    if let Some(schema) = schema {
        let mut media = Map::new();
        media.insert("schema".into(), schema);
        if !examples.is_empty() {
            media.insert("examples".into(), Value::Object(examples));
        }
        out.insert("content".into(), json!({"application/json": media}));
    }
    if !bodiless.is_empty() && !schemas.is_empty() {
        out.insert("x-bodiless".into(), json!(bodiless));
    }
    let mut texts: Vec<&str> = Vec::new();
    let mut sources: Vec<&str> = Vec::new();
    for (_, r) in answering {
        let text = r.get("description").and_then(Value::as_str).unwrap_or("");
        if !texts.contains(&text) {
            texts.push(text);
        }
        if let Some(source) = r.get("x-source").and_then(Value::as_str)
            && !sources.contains(&source)
        {
            sources.push(source);
        }
    }
    out.insert("description".into(), texts.join(" ").into());
    out.insert("x-source".into(), sources.join("; ").into());
    Value::Object(out)
}
