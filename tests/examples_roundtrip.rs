//! Every example in the spec, and every upstream Nova sample, goes through its generated type
//! and comes back as an equal JSON value.

mod support;

use client_codegen::model::{Model, SchemaKind, Ty};
use otc_ecs::types::{Job, Rebuild, RebuildServerResponse, ShowServerResponse};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn roundtrip<T: DeserializeOwned + Serialize>(value: &Value, what: &str) {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what}: does not deserialize: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(&back, value, "{what}: changed in the round trip");
}

/// Dispatches on the spec's schema name, over every type the generated crate has.
macro_rules! roundtrip_as {
    ($($name:literal => $ty:ident,)*) => {
        fn roundtrip_as(schema: &str, value: &Value, what: &str) {
            match schema {
                $($name => roundtrip::<otc_ecs::types::$ty>(value, what),)*
                other => panic!("{what}: the generated crate has no type `{other}`"),
            }
        }
    };
}
otc_ecs::__each_type!(roundtrip_as);

/// JSON pointers (parent, key) of every optional field the spec describes inside `value` read as
/// `ty`: in nested objects, array items, map values and one-of alternatives.
fn optional_fields(
    model: &Model,
    ty: &Ty,
    value: &Value,
    at: &str,
    out: &mut Vec<(String, String)>,
) {
    match (ty, value) {
        (Ty::Array(t), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                optional_fields(model, t, item, &format!("{at}/{i}"), out);
            }
        }
        (Ty::Map(t), Value::Object(map)) => {
            for (k, v) in map {
                optional_fields(model, t, v, &format!("{at}/{}", escape(k)), out);
            }
        }
        (Ty::Named(id), _) => {
            let schema = model.schema_of(*id);
            match &schema.kind {
                SchemaKind::Object { fields, .. } => {
                    let Value::Object(map) = value else { return };
                    for f in fields {
                        if !f.required {
                            out.push((at.to_string(), f.wire.clone()));
                        }
                        if let Some(v) = map.get(&f.wire) {
                            optional_fields(
                                model,
                                &f.ty,
                                v,
                                &format!("{at}/{}", escape(&f.wire)),
                                out,
                            );
                        }
                    }
                }
                SchemaKind::OneOf(variants) => {
                    for v in variants {
                        optional_fields(model, &v.ty, value, at, out);
                    }
                }
                SchemaKind::Enum(_) | SchemaKind::IntEnum(_) => {}
            }
        }
        _ => {}
    }
}

/// A value no enum of the spec lists, of the enum's own kind.
fn unlisted(kind: &SchemaKind) -> Option<Value> {
    match kind {
        SchemaKind::Enum(_) => Some(Value::from("NOT-A-LISTED-VALUE")),
        SchemaKind::IntEnum(values) => {
            Some(Value::from(values.iter().map(|v| v.value).max()? + 1000))
        }
        _ => None,
    }
}

/// JSON pointers of every enum value (string or integer) inside `value` read as `ty`, each with a
/// value its enum does not list.
fn enum_values(model: &Model, ty: &Ty, value: &Value, at: &str, out: &mut Vec<(String, Value)>) {
    match (ty, value) {
        (Ty::Array(t), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                enum_values(model, t, item, &format!("{at}/{i}"), out);
            }
        }
        (Ty::Map(t), Value::Object(map)) => {
            for (k, v) in map {
                enum_values(model, t, v, &format!("{at}/{}", escape(k)), out);
            }
        }
        (Ty::Named(id), _) => {
            let schema = model.schema_of(*id);
            match &schema.kind {
                SchemaKind::Object { fields, .. } => {
                    let Value::Object(map) = value else { return };
                    for f in fields {
                        if let Some(v) = map.get(&f.wire) {
                            let here = format!("{at}/{}", escape(&f.wire));
                            enum_values(model, &f.ty, v, &here, out);
                        }
                    }
                }
                SchemaKind::OneOf(variants) => {
                    for v in variants {
                        enum_values(model, &v.ty, value, at, out);
                    }
                }
                kind => {
                    if !value.is_null()
                        && let Some(other) = unlisted(kind)
                    {
                        out.push((at.to_string(), other));
                    }
                }
            }
        }
        _ => {}
    }
}

/// The answer with each enum value in turn replaced by one its enum does not list: it must read
/// (as `Other`) and be written back unchanged. Returns how many integer values were replaced.
fn roundtrip_with_unlisted(model: &Model, schema: &str, value: &Value, what: &str) -> usize {
    let mut found = Vec::new();
    enum_values(
        model,
        &Ty::Named(
            model
                .id_of(schema)
                .expect("the example's schema is in the model"),
        ),
        value,
        "",
        &mut found,
    );
    for (at, other) in &found {
        let mut changed = value.clone();
        *changed
            .pointer_mut(at)
            .expect("the enum value is in the answer") = other.clone();
        roundtrip_as(schema, &changed, &format!("{what} with {at} = {other}"));
    }
    found.iter().filter(|(_, v)| v.is_i64()).count()
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The value with `key` of the object at `parent` set to `null`; `None` when `parent` is no longer
/// an object (an enclosing field was set to `null` first).
fn with_null(value: &Value, (parent, key): &(String, String)) -> Option<Value> {
    let mut value = value.clone();
    value
        .pointer_mut(parent)?
        .as_object_mut()?
        .insert(key.clone(), Value::Null);
    Some(value)
}

/// The answer with each optional field set to `null` in turn (present or not, nullable or not),
/// then with all of them `null` at once: each must round-trip exactly.
fn roundtrip_with_nulls(model: &Model, schema: &str, value: &Value, what: &str) -> usize {
    let mut fields = Vec::new();
    optional_fields(
        model,
        &Ty::Named(
            model
                .id_of(schema)
                .expect("the example's schema is in the model"),
        ),
        value,
        "",
        &mut fields,
    );
    let mut all = value.clone();
    for field in &fields {
        let one = with_null(value, field).expect("the field's object is in the answer");
        roundtrip_as(
            schema,
            &one,
            &format!("{what} with {}/{} null", field.0, field.1),
        );
        all = with_null(&all, field).unwrap_or(all);
    }
    roundtrip_as(
        schema,
        &all,
        &format!("{what} with every optional field null"),
    );
    fields.len()
}

#[test]
fn every_spec_example_round_trips_with_null_on_each_optional_field() {
    let model = support::spec_model();
    let mut nulled = 0;
    for (what, schema, value) in spec_examples() {
        nulled += roundtrip_with_nulls(&model, &schema, &value, &what);
    }
    assert!(
        nulled >= 17 + 4 * 7,
        "the rebuild answer's server has 17 optional fields or more, and each of the four requests 7 or more: {nulled}"
    );
}

#[test]
fn a_job_that_has_not_ended_keeps_its_null_end_time() {
    let answer = serde_json::json!({
        "status": "RUNNING",
        "job_id": "j-1",
        "begin_time": "2016-04-25T20:04:47.591Z",
        "end_time": null,
        "error_code": null,
        "fail_reason": null,
        "entities": {"sub_jobs": [{"status": "INIT", "end_time": null, "entities": {"server_id": null}}]}
    });
    let job: Job = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(job.end_time.as_deref(), None);
    assert_eq!(job.begin_time.as_deref(), Some("2016-04-25T20:04:47.591Z"));
    assert_eq!(job.nulls.iter().collect::<Vec<_>>(), vec!["end_time"]);
    assert!(job.error_code.is_set() && job.error_code.as_value().is_none());
    let sub = &job.entities.as_ref().unwrap().sub_jobs.as_ref().unwrap()[0];
    assert!(sub.nulls.contains("end_time"));
    assert!(sub.entities.as_ref().unwrap().nulls.contains("server_id"));
    assert_eq!(serde_json::to_value(&job).unwrap(), answer);
}

#[test]
fn a_field_set_in_code_is_written_with_its_value_even_if_it_arrived_null() {
    let mut job: Job =
        serde_json::from_value(serde_json::json!({"status": "SUCCESS", "end_time": null})).unwrap();
    job.end_time = Some("2016-04-25T20:10:00.000Z".into());
    assert_eq!(
        serde_json::to_value(&job).unwrap(),
        serde_json::json!({"status": "SUCCESS", "end_time": "2016-04-25T20:10:00.000Z"})
    );
    job.end_time = None;
    job.nulls.remove("end_time");
    assert_eq!(
        serde_json::to_value(&job).unwrap(),
        serde_json::json!({"status": "SUCCESS"})
    );
}

#[test]
fn a_required_field_that_arrives_null_is_an_error_naming_it() {
    let err = serde_json::from_value::<Job>(serde_json::json!({"status": null})).unwrap_err();
    assert_eq!(
        err.to_string(),
        "field `status` is null, but the document requires a value"
    );
    let err = serde_json::from_value::<Job>(serde_json::json!({"job_id": "j"})).unwrap_err();
    assert_eq!(err.to_string(), "missing field `status`");
}

/// Every example of the spec as `(what, schema, value)`: request bodies without their wrapper,
/// answers, and the schemas' own examples.
fn spec_examples() -> Vec<(String, String, Value)> {
    let mut diags = Default::default();
    let files = client_codegen::load::load(&support::root().join("spec"), &mut diags).unwrap();
    let mut out = Vec::new();
    for file in &files {
        for (id, op) in &file.spec.operations {
            for ex in &op.examples {
                let what = format!("{id} example `{}`", ex.name);
                let request = op.request.as_ref();
                if let (Some(body), Some(req), Some(schema)) = (
                    &ex.request,
                    request,
                    request.and_then(|r| r.schema.as_ref()),
                ) {
                    let mut body = serde_json::to_value(body).unwrap();
                    // The constants are not members of the Rust type.
                    for c in &req.constants {
                        body.as_object_mut().map(|m| m.remove(&c.name));
                    }
                    let inner = match &req.wrapper {
                        Some(w) => body
                            .get(w)
                            .unwrap_or_else(|| panic!("{what}: no `{w}` wrapper"))
                            .clone(),
                        None => body,
                    };
                    out.push((what.clone(), schema.clone(), inner));
                }
                // An answer without a body has no type to read an example into.
                if let (Some(resp), Some(schema)) = (&ex.response, &op.response.schema) {
                    let body = serde_json::to_value(&resp.body).unwrap();
                    out.push((what, schema.clone(), body));
                }
            }
        }
        for (name, schema) in &file.spec.schemas {
            for ex in &schema.examples {
                let value = serde_json::to_value(&ex.value).unwrap();
                out.push((format!("{name} example `{}`", ex.name), name.clone(), value));
            }
        }
    }
    out
}

#[test]
fn every_spec_example_round_trips_through_its_type() {
    let examples = spec_examples();
    for (what, schema, value) in &examples {
        roundtrip_as(schema, value, what);
    }
    assert!(
        examples.len() >= 5,
        "the documents give 3 reinstall requests and a rebuild request and response; saw {}",
        examples.len()
    );
}

fn samples() -> Option<Vec<(String, Value)>> {
    let Some(dir) = support::nova_samples() else {
        eprintln!("skipped: ../shared/conformance/nova-api-samples is absent");
        return None;
    };
    let mut out = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                out.push((
                    path.strip_prefix(&dir).unwrap().display().to_string(),
                    value,
                ));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(out)
}

/// Nova's rebuild answers (`*-resp.json`), at least ten of them.
fn response_samples() -> Option<Vec<(String, Value)>> {
    let responses: Vec<_> = samples()?
        .into_iter()
        .filter(|(name, _)| name.ends_with("-resp.json"))
        .collect();
    assert!(responses.len() >= 10, "found {}", responses.len());
    Some(responses)
}

#[test]
fn every_nova_response_sample_round_trips_through_rebuild_server_response() {
    let Some(responses) = response_samples() else {
        return;
    };
    for (name, value) in &responses {
        roundtrip::<RebuildServerResponse>(value, name);
    }
}

/// The rebuild answers Nova gives for every microversion hold the same server object that the
/// show query returns, so they must read as `ShowServerResponse` too, with its status named.
#[test]
fn every_nova_response_sample_round_trips_through_show_server_response() {
    let Some(responses) = response_samples() else {
        return;
    };
    for (name, value) in &responses {
        roundtrip::<ShowServerResponse>(value, name);
        let typed: ShowServerResponse = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            Some(typed.server.status.as_str()),
            value["server"]["status"].as_str(),
            "{name}: status is a named field"
        );
    }
}

#[test]
fn every_nova_response_sample_round_trips_with_null_on_each_optional_field() {
    let Some(samples) = samples() else { return };
    let model = support::spec_model();
    let mut nulled = 0;
    for (name, value) in samples.iter().filter(|(n, _)| n.ends_with("-resp.json")) {
        nulled += roundtrip_with_nulls(&model, "RebuildServerResponse", value, name);
    }
    assert!(
        nulled >= 170,
        "ten samples or more, each with 17 optional fields or more: {nulled}"
    );
}

#[test]
fn every_enum_value_of_the_examples_and_samples_may_be_one_the_spec_does_not_list() {
    let model = support::spec_model();
    for (what, schema, value) in spec_examples() {
        roundtrip_with_unlisted(&model, &schema, &value, &what);
    }
    let Some(samples) = samples() else { return };
    let mut integers = 0;
    for (name, value) in samples.iter().filter(|(n, _)| n.ends_with("-resp.json")) {
        integers += roundtrip_with_unlisted(&model, "ShowServerResponse", value, name);
    }
    assert!(
        integers >= 6,
        "the answers of microversion 2.75 and later (six samples) carry the integer OS-EXT-STS:power_state: {integers}"
    );
}

#[test]
fn every_nova_request_sample_round_trips_with_null_on_each_optional_field() {
    let Some(samples) = samples() else { return };
    let model = support::spec_model();
    let mut nulled = 0;
    for (name, value) in samples.iter().filter(|(n, _)| !n.ends_with("-resp.json")) {
        nulled += roundtrip_with_nulls(&model, "Rebuild", &value["rebuild"], name);
    }
    assert!(
        nulled >= 70,
        "ten samples or more, each with 7 optional fields: {nulled}"
    );
}

#[test]
fn every_nova_request_sample_round_trips_through_rebuild() {
    let Some(samples) = samples() else { return };
    let requests: Vec<_> = samples
        .iter()
        .filter(|(name, _)| !name.ends_with("-resp.json"))
        .collect();
    assert!(requests.len() >= 10, "found {}", requests.len());
    for (name, value) in requests {
        let inner = value
            .get("rebuild")
            .unwrap_or_else(|| panic!("{name}: no rebuild wrapper"));
        roundtrip::<Rebuild>(inner, name);
        let typed: Rebuild = serde_json::from_value(inner.clone()).unwrap();
        assert_eq!(
            Some(typed.image_ref.as_str()),
            inner["imageRef"].as_str(),
            "{name}: imageRef is a named field"
        );
    }
}
