//! The spec's schemas as JSON Schema 2020-12 (the schema dialect of OpenAPI 3.1).
//!
//! - objects keep fields they do not name (`additionalProperties: true`), as the client does;
//! - nullable is a type union with `null` (`type: [string, null]`), or `anyOf` with
//!   `{type: null}` around a reference;
//! - enums are open: the client keeps values it does not know, so the schema is
//!   `anyOf: [{enum: [...]}, {type: string}]` (`{type: integer}` for an integer enum) and says so
//!   with `x-open-enum`: a validator then accepts a newer service's answer, while tools still see
//!   the documented values;
//! - `one_of` variants are tried in order by the client, so they become `oneOf` only when no value
//!   can fit two of them (their JSON types differ) and `anyOf` otherwise;
//! - `requires`/`excludes` rules become `dependentRequired` and `not: {required}`, and are listed
//!   with their citations in `x-rules`.

use serde_json::{Map, Value, json};

use super::{describe, map_of};
use crate::model::{EnumValue, Field, IntValue, Model, Rule, Schema, SchemaKind, Ty, Variant};

/// The component schema of `s`.
pub fn named(model: &Model, s: &Schema) -> Value {
    let mut out = match &s.kind {
        SchemaKind::Enum(values) => open_enum(values),
        SchemaKind::IntEnum(values) => open_int_enum(values),
        SchemaKind::OneOf(variants) => one_of(variants, model),
        SchemaKind::Object { fields, rules } => object(model, fields, rules),
    };
    describe(&mut out, &s.doc.text, &s.doc.source, &s.notes);
    if !s.examples.is_empty() {
        let examples = s.examples.iter().map(|ex| ex.value.clone()).collect();
        let about = s
            .examples
            .iter()
            .map(|ex| json!({"name": ex.name, "source": ex.source}))
            .collect();
        out.insert("examples".into(), Value::Array(examples));
        out.insert("x-examples".into(), Value::Array(about));
    }
    Value::Object(out)
}

/// A reference to the component schema `name`.
pub fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn object(model: &Model, fields: &[Field], rules: &[Rule]) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("type".into(), "object".into());
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| (f.wire.clone(), Value::Object(property(model, f))))
        .collect();
    out.insert("properties".into(), Value::Object(properties));
    let required: Vec<Value> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.wire.as_str().into())
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
        let (field, other) = &r.wires;
        if r.requires {
            let others = dependent
                .entry(field.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(others) = others {
                others.push(other.as_str().into());
            }
        } else {
            exclusions.push(json!({"not": {"required": [field, other]}}));
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
        .map(|r| {
            let kind = if r.requires { "requires" } else { "excludes" };
            json!({"kind": kind, "field": r.wires.0, "other": r.wires.1, "source": r.source})
        })
        .collect();
    out.insert("x-rules".into(), Value::Array(listed));
    out
}

fn property(model: &Model, f: &Field) -> Map<String, Value> {
    let mut out = type_schema(model, &f.ty);
    if f.nullable {
        out = nullable(out);
    }
    let (checks, constraints) = (&f.checks, &f.constraints);
    if let Some(b) = constraints.minimum {
        out.insert("minimum".into(), b.to_json());
    }
    if let Some(b) = constraints.maximum {
        out.insert("maximum".into(), b.to_json());
    }
    if let Some(v) = &constraints.default {
        out.insert("default".into(), v.clone());
    }
    if let Some(n) = constraints.min_length {
        out.insert("minLength".into(), n.into());
    }
    if let Some(n) = constraints.max_length {
        out.insert("maxLength".into(), n.into());
    }
    if let Some(n) = checks.min_items {
        out.insert("minItems".into(), n.into());
    }
    if let Some(n) = checks.max_items {
        out.insert("maxItems".into(), n.into());
    }
    if checks.uuid {
        out.insert("format".into(), "uuid".into());
    } else if checks.base64 {
        out.insert("format".into(), "byte".into());
        out.insert("contentEncoding".into(), "base64".into());
    } else if f.secret && f.ty == Ty::String {
        out.insert("format".into(), "password".into());
    }
    if let Some(n) = checks.max_decoded_bytes {
        out.insert("x-max-decoded-bytes".into(), n.into());
    }
    if let Some((min_classes, specials)) = &checks.password {
        out.insert(
            "x-password".into(),
            json!({"min_classes": min_classes, "specials": specials}),
        );
    }
    if f.secret {
        out.insert("x-secret".into(), true.into());
    }
    if f.ignored {
        out.insert("x-ignored".into(), true.into());
    }
    if let Some(v) = &f.since_text {
        out.insert("x-since".into(), v.as_str().into());
    }
    describe(&mut out, &f.doc.text, &f.doc.source, &f.notes);
    out
}

/// The schema of a type expression.
pub fn type_schema(model: &Model, ty: &Ty) -> Map<String, Value> {
    let value = match ty {
        Ty::String => json!({"type": "string"}),
        Ty::Integer => json!({"type": "integer"}),
        Ty::Number => json!({"type": "number"}),
        Ty::Boolean => json!({"type": "boolean"}),
        Ty::Json => json!({}),
        Ty::EmptyString => json!({"type": "string", "const": ""}),
        Ty::Named(id) => reference(&model.schema_of(*id).name),
        Ty::Array(items) => json!({"type": "array", "items": type_schema(model, items)}),
        Ty::Map(values) => {
            json!({"type": "object", "additionalProperties": type_schema(model, values)})
        }
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

fn open_enum(values: &[EnumValue]) -> Map<String, Value> {
    let known = values.iter().map(|v| v.wire.as_str().into()).collect();
    open("string", known, values.iter().map(|v| v.doc.as_str()))
}

/// An integer enum, open like a string enum: any other integer is kept too.
fn open_int_enum(values: &[IntValue]) -> Map<String, Value> {
    let known = values.iter().map(|v| v.value.into()).collect();
    open("integer", known, values.iter().map(|v| v.doc.as_str()))
}

/// An open enum of JSON type `ty`: the `known` values, each with its description, or any other
/// value of the type.
pub(super) fn open<'d>(
    ty: &str,
    known: Vec<Value>,
    descriptions: impl Iterator<Item = &'d str>,
) -> Map<String, Value> {
    let descriptions: Vec<&str> = descriptions.collect();
    let value = json!({
        "type": ty,
        "anyOf": [
            {"enum": known, "x-enum-descriptions": descriptions},
            {"type": ty, "description": "A value the documents do not list; clients keep it as it is."},
        ],
        "x-open-enum": true,
    });
    map_of(value)
}

fn one_of(variants: &[Variant], model: &Model) -> Map<String, Value> {
    let branches: Vec<Value> = variants
        .iter()
        .map(|v| {
            let mut branch = type_schema(model, &v.ty);
            branch.insert("title".into(), v.rust.as_str().into());
            branch.insert("description".into(), v.doc.as_str().into());
            Value::Object(branch)
        })
        .collect();
    let kinds: Vec<Option<&str>> = variants.iter().map(|v| json_type(&v.ty, model)).collect();
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
fn json_type(ty: &Ty, model: &Model) -> Option<&'static str> {
    match ty {
        Ty::String | Ty::EmptyString => Some("string"),
        Ty::Integer | Ty::Number => Some("number"),
        Ty::Boolean => Some("boolean"),
        Ty::Array(_) => Some("array"),
        Ty::Map(_) => Some("object"),
        Ty::Json => None,
        Ty::Named(id) => match model.schema_of(*id).kind {
            SchemaKind::Enum(_) => Some("string"),
            SchemaKind::IntEnum(_) => Some("number"),
            SchemaKind::Object { .. } => Some("object"),
            SchemaKind::OneOf(_) => None,
        },
    }
}
