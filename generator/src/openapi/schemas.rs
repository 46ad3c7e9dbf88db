//! The spec's schemas as JSON Schema 2020-12 (the schema dialect of OpenAPI 3.1).
//!
//! - objects keep fields they do not name (`additionalProperties: true`), as the client does;
//! - nullable is a type union with `null` (`type: [string, null]`), or `anyOf` with
//!   `{type: null}` around a reference;
//! - enums are open: the client keeps values it does not know, so the schema is
//!   `anyOf: [{enum: [...]}, {type: string}]` and says so with `x-open-enum`: a validator then
//!   accepts a newer service's answer, while tools still see the documented values;
//! - `one_of` variants are tried in order by the client, so they become `oneOf` only when no value
//!   can fit two of them (their JSON types differ) and `anyOf` otherwise;
//! - `requires`/`excludes` rules become `dependentRequired` and `not: {required}`, and are listed
//!   with their citations in `x-rules`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{describe, example_json, map_of};
use crate::diag::Diagnostic;
use crate::load::LoadedFile;
use crate::model::{DocSources, Ty};
use crate::spec;

/// The component schema of `name`.
pub fn named(
    file: &LoadedFile,
    name: &str,
    s: &spec::Schema,
    docs: &DocSources,
    all: &BTreeMap<&str, &spec::Schema>,
    problems: &mut Vec<Diagnostic>,
) -> Value {
    let mut out = if let Some(values) = &s.values {
        open_enum(values)
    } else if let Some(variants) = &s.one_of {
        one_of(variants, all)
    } else {
        object(s.fields.as_deref().unwrap_or_default(), &s.rules, docs)
    };
    describe(&mut out, docs, &s.description, &s.source, &s.notes);
    let mut examples = Vec::new();
    let mut about = Vec::new();
    for (i, ex) in s.examples.iter().enumerate() {
        let path = format!("schemas.{name}.examples[{i}].value");
        if let Some(value) = example_json(file, &path, &ex.value, problems) {
            examples.push(value);
            about.push(json!({"name": ex.name.trim(), "source": docs.render(&ex.source)}));
        }
    }
    if !examples.is_empty() {
        out.insert("examples".into(), Value::Array(examples));
        out.insert("x-examples".into(), Value::Array(about));
    }
    Value::Object(out)
}

/// A reference to the component schema `name`.
pub fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn object(fields: &[spec::Field], rules: &[spec::Rule], docs: &DocSources) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("type".into(), "object".into());
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.clone(), Value::Object(property(f, docs))))
        .collect();
    out.insert("properties".into(), Value::Object(properties));
    let required: Vec<Value> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.as_str().into())
        .collect();
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    out.insert("additionalProperties".into(), true.into());
    if rules.is_empty() {
        return out;
    }
    let mut dependent = Map::new();
    let mut exclusions = Vec::new();
    for r in rules {
        if r.kind == "requires" {
            let others = dependent
                .entry(r.field.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(others) = others {
                others.push(r.other.as_str().into());
            }
        } else {
            exclusions.push(json!({"not": {"required": [r.field, r.other]}}));
        }
    }
    if !dependent.is_empty() {
        out.insert("dependentRequired".into(), Value::Object(dependent));
    }
    if !exclusions.is_empty() {
        out.insert("allOf".into(), Value::Array(exclusions));
    }
    let listed = rules
        .iter()
        .map(|r| json!({"kind": r.kind, "field": r.field, "other": r.other, "source": docs.render(&r.source)}))
        .collect();
    out.insert("x-rules".into(), Value::Array(listed));
    out
}

fn property(f: &spec::Field, docs: &DocSources) -> Map<String, Value> {
    let ty = Ty::parse(&f.ty).unwrap_or(Ty::Json);
    let mut out = type_schema(&ty);
    if f.nullable {
        out = nullable(out);
    }
    if let Some(n) = f.min_length {
        out.insert("minLength".into(), n.into());
    }
    if let Some(n) = f.max_length {
        out.insert("maxLength".into(), n.into());
    }
    match f.format.as_deref() {
        Some("uuid") => {
            out.insert("format".into(), "uuid".into());
        }
        Some("base64") => {
            out.insert("format".into(), "byte".into());
            out.insert("contentEncoding".into(), "base64".into());
        }
        _ if f.secret && ty == Ty::String => {
            out.insert("format".into(), "password".into());
        }
        _ => {}
    }
    if let Some(n) = f.max_decoded_bytes {
        out.insert("x-max-decoded-bytes".into(), n.into());
    }
    if let Some(p) = &f.password {
        out.insert(
            "x-password".into(),
            json!({"min_classes": p.min_classes, "specials": p.specials}),
        );
    }
    if f.secret {
        out.insert("x-secret".into(), true.into());
    }
    if f.ignored {
        out.insert("x-ignored".into(), true.into());
    }
    if let Some(v) = &f.since {
        out.insert("x-since".into(), v.trim().into());
    }
    describe(&mut out, docs, &f.description, &f.source, &f.notes);
    out
}

/// The schema of a type expression.
pub fn type_schema(ty: &Ty) -> Map<String, Value> {
    let value = match ty {
        Ty::String => json!({"type": "string"}),
        Ty::Integer => json!({"type": "integer"}),
        Ty::Number => json!({"type": "number"}),
        Ty::Boolean => json!({"type": "boolean"}),
        Ty::Json => json!({}),
        Ty::EmptyString => json!({"type": "string", "const": ""}),
        Ty::Named(name) => reference(name),
        Ty::Array(items) => json!({"type": "array", "items": type_schema(items)}),
        Ty::Map(values) => json!({"type": "object", "additionalProperties": type_schema(values)}),
    };
    map_of(value)
}

/// The same schema, also accepting `null`.
fn nullable(mut schema: Map<String, Value>) -> Map<String, Value> {
    if schema.is_empty() {
        return schema;
    }
    if let Some(Value::String(t)) = schema.get("type").cloned() {
        schema.insert("type".into(), json!([t, "null"]));
        if let Some(c) = schema.remove("const") {
            schema.insert("enum".into(), json!([c, null]));
        }
        return schema;
    }
    let mut out = Map::new();
    out.insert(
        "anyOf".into(),
        json!([Value::Object(schema), {"type": "null"}]),
    );
    out
}

fn open_enum(values: &[spec::EnumValue]) -> Map<String, Value> {
    let known: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let descriptions: Vec<&str> = values.iter().map(|v| v.description.trim()).collect();
    let value = json!({
        "type": "string",
        "anyOf": [
            {"enum": known, "x-enum-descriptions": descriptions},
            {"type": "string", "description": "A value the documents do not list; clients keep it as it is."},
        ],
        "x-open-enum": true,
    });
    map_of(value)
}

fn one_of(variants: &[spec::Variant], all: &BTreeMap<&str, &spec::Schema>) -> Map<String, Value> {
    let types: Vec<Ty> = variants
        .iter()
        .map(|v| Ty::parse(&v.ty).unwrap_or(Ty::Json))
        .collect();
    let branches: Vec<Value> = variants
        .iter()
        .zip(&types)
        .map(|(v, ty)| {
            let mut branch = type_schema(ty);
            branch.insert("title".into(), v.name.as_str().into());
            branch.insert("description".into(), v.description.trim().into());
            Value::Object(branch)
        })
        .collect();
    let kinds: Vec<Option<&str>> = types.iter().map(|t| json_type(t, all)).collect();
    let disjoint = kinds
        .iter()
        .enumerate()
        .all(|(i, k)| k.is_some() && !kinds[..i].contains(k));
    let mut out = Map::new();
    let keyword = if disjoint { "oneOf" } else { "anyOf" };
    out.insert(keyword.into(), Value::Array(branches));
    out.insert("x-tried-in-order".into(), true.into());
    out
}

/// The one JSON type every value of `ty` has (integers count as numbers), if there is one.
fn json_type<'a>(ty: &Ty, all: &BTreeMap<&str, &'a spec::Schema>) -> Option<&'a str> {
    match ty {
        Ty::String | Ty::EmptyString => Some("string"),
        Ty::Integer | Ty::Number => Some("number"),
        Ty::Boolean => Some("boolean"),
        Ty::Array(_) => Some("array"),
        Ty::Map(_) => Some("object"),
        Ty::Json => None,
        Ty::Named(name) => {
            let s = all.get(name.as_str())?;
            if s.values.is_some() {
                Some("string")
            } else if s.fields.is_some() {
                Some("object")
            } else {
                None
            }
        }
    }
}
