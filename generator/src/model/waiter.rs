//! Dotted field paths through a response (`server.status`), and the waiters that read them.

use std::collections::BTreeMap;

use super::{
    DocSources, Failed, PathArg, Presence, Targets, Ty, Waiter, field_rust_name, variant_name,
};
use crate::names;
use crate::spec;

/// The Fault members `Failed::Fault` reads, by wire name.
pub const FAULT_MEMBERS: [&str; 4] = ["code", "message", "details", "created"];

/// Follows a dotted path of wire names (`server.status`) from the object schema `root` through
/// object-typed fields; every field on the way, or what is wrong.
pub fn resolve_path<'a>(
    lookup: impl Fn(&str) -> Option<&'a spec::Schema>,
    root: &str,
    path: &str,
) -> Result<Vec<&'a spec::Field>, String> {
    let mut schema = root.to_string();
    let mut out: Vec<&'a spec::Field> = Vec::new();
    for segment in path.split('.') {
        let fields = lookup(&schema)
            .and_then(|s| s.fields.as_ref())
            .ok_or_else(|| {
                format!("`{schema}` is not an object schema, so `{segment}` cannot be read from it")
            })?;
        let field = fields
            .iter()
            .find(|f| f.name == segment)
            .ok_or_else(|| format!("`{segment}` is not a field of `{schema}`"))?;
        out.push(field);
        schema = match Ty::parse(&field.ty) {
            Ok(Ty::Named(n)) => n,
            _ => field.ty.clone(),
        };
    }
    Ok(out)
}

/// The Rust members and presences along a checked path (an empty list if it does not resolve).
fn members(all: &BTreeMap<&str, &spec::Schema>, root: &str, path: &str) -> Vec<(String, Presence)> {
    resolve_path(|n| all.get(n).copied(), root, path)
        .unwrap_or_default()
        .into_iter()
        .map(|f| (field_rust_name(f), presence(f.required, f.nullable)))
        .collect()
}

pub(super) fn presence(required: bool, nullable: bool) -> Presence {
    match (required, nullable) {
        (_, true) => Presence::Nullable,
        (true, false) => Presence::Always,
        (false, false) => Presence::Option,
    }
}

pub(super) fn waiter(
    all: &BTreeMap<&str, &spec::Schema>,
    root: &str,
    w: &spec::Waiter,
    args: &[PathArg],
    docs: &DocSources,
) -> Waiter {
    let failed = match &w.fault_field {
        Some(path) => {
            let fault = resolve_path(|n| all.get(n).copied(), root, path)
                .ok()
                .and_then(|fs| fs.last().copied())
                .and_then(|f| all.get(f.ty.as_str()))
                .and_then(|s| s.fields.as_ref());
            let member = |wire: &str| {
                let f = fault?.iter().find(|f| f.name == wire)?;
                Some((field_rust_name(f), presence(f.required, f.nullable)))
            };
            Failed::Fault {
                path: members(all, root, path),
                code: member("code"),
                message: member("message"),
                details: member("details"),
                created: member("created"),
            }
        }
        None => Failed::Job {
            error_code: w.error_code_field.as_ref().map(|p| members(all, root, p)),
            reason: w.reason_field.as_ref().map(|p| members(all, root, p)),
        },
    };
    let status = resolve_path(|n| all.get(n).copied(), root, &w.status_field).unwrap_or_default();
    let status_enum = status
        .last()
        .and_then(|f| all.get(f.ty.as_str()))
        .and_then(|s| s.values.as_ref());
    let targets = w.targets_method.as_ref().map(|method| Targets {
        method: names::escape(method),
        status_type: status_enum.and(status.last().map(|f| f.ty.clone())),
        defaults: w
            .success
            .iter()
            .map(|value| match status_enum {
                Some(values) => values
                    .iter()
                    .find(|v| v.value.as_str() == Some(value))
                    .and_then(|v| v.rust_name.clone())
                    .unwrap_or_else(|| names::escape(&variant_name(value))),
                None => value.clone(),
            })
            .collect(),
    });
    Waiter {
        method: names::escape(&w.method),
        arg: args
            .first()
            .map_or_else(|| "id".to_string(), |a| a.rust.clone()),
        status: status
            .into_iter()
            .map(|f| (field_rust_name(f), presence(f.required, f.nullable)))
            .collect(),
        success: w.success.clone(),
        failure: w.failure.clone(),
        failed,
        targets,
        doc: docs.doc("", &[], &w.source),
    }
}
