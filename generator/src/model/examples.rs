//! The spec's examples as JSON, for the backends that show them (the OpenAPI document).

use super::{DocSources, Example, Model, OperationExample};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::LoadedFile;
use crate::spec;

/// The examples of one file: per schema, then per operation, in the file's order.
pub(super) type FileExamples = (Vec<Vec<Example>>, Vec<Vec<OperationExample>>);

/// The examples of every file, in order; each that JSON cannot hold is left out, with a
/// diagnostic into `found`. They need no type, so a refused spec shows these problems too.
pub(super) fn of_files(files: &[LoadedFile], found: &mut Diagnostics) -> Vec<FileExamples> {
    let mut problems = Vec::new();
    let all = files
        .iter()
        .map(|file| {
            let docs = DocSources(&file.spec.sources);
            let schemas = (file.spec.schemas.iter())
                .map(|(name, s)| of_schema(file, name, s, &docs, &mut problems))
                .collect();
            let operations = (file.spec.operations.iter())
                .map(|(id, o)| of_operation(file, id, o, &docs, &mut problems))
                .collect();
            (schemas, operations)
        })
        .collect();
    problems.into_iter().for_each(|d| found.push(d));
    all
}

/// Gives each schema and operation of `model` its examples, `examples` being those of the files
/// it was lowered from ([`of_files`]): the model holds every file's schemas and operations in
/// file order, and each file's in the file's order, as they stand there.
pub(super) fn attach(model: &mut Model, examples: Vec<FileExamples>) {
    let (schemas, operations): (Vec<_>, Vec<_>) = examples.into_iter().unzip();
    let schemas = super::lower::flatten(schemas);
    let operations = super::lower::flatten(operations);
    for (s, examples) in model.schemas.iter_mut().zip(schemas) {
        s.examples = examples;
    }
    for (o, examples) in model.operations.iter_mut().zip(operations) {
        o.examples = examples;
    }
}

/// A schema's examples; one that JSON cannot hold is left out, with a diagnostic at its place.
fn of_schema(
    file: &LoadedFile,
    name: &str,
    s: &spec::Schema,
    docs: &DocSources,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Example> {
    let mut out = Vec::with_capacity(s.examples.len());
    for (i, ex) in s.examples.iter().enumerate() {
        let path = || format!("schemas.{name}.examples[{i}].value");
        if let Some(value) = json(file, &path, &ex.value, problems) {
            out.push(Example {
                name: ex.name.trim().to_string(),
                source: docs.render(&ex.source),
                value,
            });
        }
    }
    out
}

/// An operation's examples; a request or response body that JSON cannot hold is left out, with a
/// diagnostic at its place.
fn of_operation(
    file: &LoadedFile,
    id: &str,
    o: &spec::Operation,
    docs: &DocSources,
    problems: &mut Vec<Diagnostic>,
) -> Vec<OperationExample> {
    let mut out = Vec::with_capacity(o.examples.len());
    for (i, ex) in o.examples.iter().enumerate() {
        let at = |key: &str| format!("operations.{id}.examples[{i}].{key}");
        let request = ex
            .request
            .as_ref()
            .and_then(|v| json(file, &|| at("request"), v, problems));
        let response = ex.response.as_ref().and_then(|r| {
            let body = json(file, &|| at("response.body"), &r.body, problems);
            body.map(|b| (r.status, b))
        });
        out.push(OperationExample {
            name: ex.name.trim().to_string(),
            source: docs.render(&ex.source),
            request,
            response,
        });
    }
    out
}

/// A YAML value as JSON; `None` (with a diagnostic at `path`) for a value JSON cannot hold, such
/// as a mapping key that is not a string.
fn json(
    file: &LoadedFile,
    path: &dyn Fn() -> String,
    value: &serde_yaml::Value,
    problems: &mut Vec<Diagnostic>,
) -> Option<serde_json::Value> {
    match serde_json::to_value(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = format!("this example cannot be written as JSON: {e}");
            problems.push(file.diag(&path(), message));
            None
        }
    }
}
