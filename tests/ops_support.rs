//! Shared by the `ops_*` loopback tests: the spec's own examples (the pages' JSON, verbatim),
//! so that a test holds the client to exactly what the spec transcribed.

use serde_json::Value;

use crate::support;

fn example(operation: &str, source: &str) -> client_codegen::spec::OperationExample {
    let mut diags = Default::default();
    let files = client_codegen::load::load(&support::root().join("spec"), &mut diags).unwrap();
    let op = files
        .iter()
        .find_map(|f| f.spec.operations.get(operation))
        .unwrap_or_else(|| panic!("no operation {operation}"));
    op.examples
        .iter()
        .find(|e| e.source == source)
        .unwrap_or_else(|| panic!("{operation} has no example citing {source}"))
        .clone()
}

/// The request body of the example of `operation` whose source is `source`.
#[allow(dead_code)]
pub fn request(operation: &str, source: &str) -> Value {
    let example = example(operation, source);
    serde_json::to_value(example.request.expect("a request body")).unwrap()
}

/// The response body of the example of `operation` whose source is `source`.
#[allow(dead_code)]
pub fn response(operation: &str, source: &str) -> Value {
    let example = example(operation, source);
    serde_json::to_value(example.response.expect("a response").body).unwrap()
}
