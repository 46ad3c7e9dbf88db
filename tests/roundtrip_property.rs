//! Property test: every value of every type the spec describes, answers first, re-serializes to an
//! equal JSON value.
//!
//! The values are generated from the spec itself, walking the generator's model: each known field
//! absent, `null` (unless required) or a value of its type (nested objects, arrays and maps
//! included), unknown fields of any JSON value, documented and unknown enum values, every `one_of`
//! alternative. Each is read from its JSON text by the generated type and written back.

mod support;

use client_codegen::model::{Field, Model, SchemaKind, Ty};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::Union;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

type Check = fn(&Value) -> Result<(), TestCaseError>;

/// The generated type of each schema, over every type the generated crate has.
macro_rules! check_for {
    ($($name:literal => $ty:ident,)*) => {
        fn check_for(schema: &str) -> Check {
            match schema {
                $($name => roundtrip::<otc_ecs::types::$ty>,)*
                other => panic!("the generated crate has no type `{other}`"),
            }
        }
    };
}
otc_ecs::__each_type!(check_for);

/// Reads the value's JSON text as `T` and writes it back; the result must equal the text read as
/// a `Value` (which, like `T`, reads floats with serde_json's own precision).
fn roundtrip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<(), TestCaseError> {
    let text = value.to_string();
    let value: Value = serde_json::from_str(&text).expect("valid JSON");
    let typed: T = serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("does not deserialize: {e}\n{text}")))?;
    let back = serde_json::to_value(&typed)
        .map_err(|e| TestCaseError::fail(format!("does not serialize: {e}")))?;
    prop_assert_eq!(&back, &value, "changed in the round trip");
    Ok(())
}

fn key() -> BoxedStrategy<String> {
    "[a-zA-Z_:-]{1,8}".boxed()
}

/// Any JSON value, a few levels deep.
fn json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(key(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A JSON value of a spec type.
fn value(model: &Model, ty: &Ty) -> BoxedStrategy<Value> {
    match ty {
        Ty::String => any::<String>().prop_map(Value::String).boxed(),
        Ty::Integer => any::<i64>().prop_map(Value::from).boxed(),
        Ty::Number => prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
        ]
        .boxed(),
        Ty::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
        Ty::Json => json(),
        Ty::EmptyString => Just(Value::String(String::new())).boxed(),
        Ty::Array(t) => vec(value(model, t), 0..3).prop_map(Value::Array).boxed(),
        Ty::Map(t) => btree_map(key(), value(model, t), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
        Ty::Named(id) => schema(model, &model.schema_of(*id).name),
    }
}

fn schema(model: &Model, name: &str) -> BoxedStrategy<Value> {
    let s = model
        .schemas
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no schema `{name}`"));
    match &s.kind {
        SchemaKind::Enum(values) => {
            let known: Vec<String> = values.iter().map(|v| v.wire.clone()).collect();
            prop_oneof![select(known), any::<String>()]
                .prop_map(Value::String)
                .boxed()
        }
        SchemaKind::IntEnum(values) => {
            let known: Vec<i64> = values.iter().map(|v| v.value).collect();
            prop_oneof![select(known), any::<i64>()]
                .prop_map(Value::from)
                .boxed()
        }
        SchemaKind::OneOf(variants) => {
            Union::new(variants.iter().map(|v| value(model, &v.ty))).boxed()
        }
        SchemaKind::Object { fields, .. } => object(model, fields),
    }
}

/// Each known field absent, `null` (unless required) or a value, plus unknown fields.
fn object(model: &Model, fields: &[Field]) -> BoxedStrategy<Value> {
    let known: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .iter()
        .map(|f| {
            let wire = f.wire.clone();
            let present = value(model, &f.ty).prop_map(move |v| Some((wire.clone(), v)));
            if f.required {
                present.boxed()
            } else {
                let wire = f.wire.clone();
                prop_oneof![Just(None), Just(Some((wire, Value::Null))), present].boxed()
            }
        })
        .collect();
    let unknown = btree_map("unknown-[a-z]{1,6}", json(), 0..3);
    (known, unknown)
        .prop_map(|(known, unknown)| {
            let mut map: Map<String, Value> = known.into_iter().flatten().collect();
            map.extend(unknown);
            Value::Object(map)
        })
        .boxed()
}

#[test]
fn every_generated_value_of_every_type_round_trips_exactly() {
    let model = support::spec_model();
    let names: Vec<&str> = model.schemas.iter().map(|s| s.name.as_str()).collect();
    assert!(names.len() >= 20, "the types of the spec: {names:?}");
    for name in names {
        let check = check_for(name);
        let mut runner = TestRunner::new(Config {
            cases: 128,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&schema(&model, name), |value| check(&value))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
