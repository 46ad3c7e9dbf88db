//! Dotted field paths through a response (`server.status`), and the waiters that read them,
//! followed through the lowered schemas.

use super::{
    DocSources, Failed, Field, Model, PathArg, Presence, Schema, SchemaKind, Targets, Ty, Waiter,
    variant_name,
};
use crate::names;
use crate::spec;

/// The Fault members `Failed::Fault` reads, by wire name.
pub const FAULT_MEMBERS: [&str; 4] = ["code", "message", "details", "created"];

/// The fields along a dotted path of wire names (`server.status`) from the object schema `root`,
/// through object-typed fields, outermost first; an empty list where it does not resolve (the
/// check has reported it).
fn fields_along<'m>(model: &'m Model, root: &'m Schema, path: &str) -> Vec<&'m Field> {
    let mut schema = Some(root);
    let mut out = Vec::new();
    for segment in path.split('.') {
        let Some(SchemaKind::Object { fields, .. }) = schema.map(|s| &s.kind) else {
            return Vec::new();
        };
        let Some(field) = fields.iter().find(|f| f.wire == segment) else {
            return Vec::new();
        };
        out.push(field);
        schema = named_schema(model, &field.ty);
    }
    out
}

/// The schema a field of type `ty` holds: its own, not an array's or a map's.
fn named_schema<'m>(model: &'m Model, ty: &Ty) -> Option<&'m Schema> {
    match ty {
        Ty::Named(id) => Some(model.schema_of(*id)),
        _ => None,
    }
}

/// The Rust members and presences along a path.
fn members(model: &Model, root: &Schema, path: &str) -> Vec<(String, Presence)> {
    fields_along(model, root, path)
        .into_iter()
        .map(|f| (f.rust.clone(), f.presence()))
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
    model: &Model,
    root: &Schema,
    w: &spec::Waiter,
    args: &[PathArg],
    docs: &DocSources,
) -> Waiter {
    let failed = match &w.fault_field {
        Some(path) => {
            let fault = fields_along(model, root, path)
                .last()
                .and_then(|f| named_schema(model, &f.ty));
            let member = |wire: &str| match fault.map(|s| &s.kind) {
                Some(SchemaKind::Object { fields, .. }) => {
                    let f = fields.iter().find(|f| f.wire == wire)?;
                    Some((f.rust.clone(), f.presence()))
                }
                _ => None,
            };
            Failed::Fault {
                path: members(model, root, path),
                code: member("code"),
                message: member("message"),
                details: member("details"),
                created: member("created"),
            }
        }
        None => Failed::Job {
            error_code: w.error_code_field.as_ref().map(|p| members(model, root, p)),
            reason: w.reason_field.as_ref().map(|p| members(model, root, p)),
        },
    };
    let status = fields_along(model, root, &w.status_field);
    // The state's enum, whose variants the success states are.
    let status_enum = status
        .last()
        .and_then(|f| f.ty.reference().copied())
        .filter(|id| {
            let kind = &model.schema_of(*id).kind;
            matches!(kind, SchemaKind::Enum(_) | SchemaKind::IntEnum(_))
        });
    let targets = w.targets_method.as_ref().map(|method| Targets {
        method: names::escape(method),
        status_type: status_enum,
        defaults: w
            .success
            .iter()
            .map(
                |value| match status_enum.map(|id| &model.schema_of(id).kind) {
                    Some(SchemaKind::Enum(values)) => values
                        .iter()
                        .find(|v| v.wire == *value)
                        .map_or_else(|| names::escape(&variant_name(value)), |v| v.rust.clone()),
                    Some(_) => names::escape(&variant_name(value)),
                    None => value.clone(),
                },
            )
            .collect(),
    });
    Waiter {
        method: names::escape(&w.method),
        arg: args
            .first()
            .map_or_else(|| "id".to_string(), |a| a.rust.clone()),
        status: status
            .into_iter()
            .map(|f| (f.rust.clone(), f.presence()))
            .collect(),
        success: w.success.clone(),
        failure: w.failure.clone(),
        failed,
        targets,
        doc: docs.doc("", &[], &w.source),
    }
}
