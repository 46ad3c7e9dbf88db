//! Dotted field paths through a response (`server.status`), and the waiters that read them,
//! followed through the lowered schemas.

use super::lower::Lowering;
use super::{
    DocSources, Failed, Field, Model, PathArg, Presence, Schema, SchemaKind, Targets, Ty, Waiter,
};
use crate::names;
use crate::spec;

/// The Fault members `Failed::Fault` reads, by wire name.
pub const FAULT_MEMBERS: [&str; 4] = ["code", "message", "details", "created"];

/// The fields along a dotted path of wire names (`server.status`) from the object schema `root`,
/// through object-typed fields, outermost first; `None` where it does not resolve (the check
/// refuses such a path).
fn fields_along<'m>(model: &'m Model, root: &'m Schema, path: &str) -> Option<Vec<&'m Field>> {
    let mut schema = Some(root);
    let mut out = Vec::new();
    for segment in path.split('.') {
        let Some(SchemaKind::Object { fields, .. }) = schema.map(|s| &s.kind) else {
            return None;
        };
        let field = fields.iter().find(|f| f.wire == segment)?;
        out.push(field);
        schema = named_schema(model, &field.ty);
    }
    Some(out)
}

/// The schema a field of type `ty` holds: its own, not an array's or a map's.
fn named_schema<'m>(model: &'m Model, ty: &Ty) -> Option<&'m Schema> {
    match ty {
        Ty::Named(id) => Some(model.schema_of(*id)),
        _ => None,
    }
}

pub(super) fn presence(required: bool, nullable: bool) -> Presence {
    match (required, nullable) {
        (_, true) => Presence::Nullable,
        (true, false) => Presence::Always,
        (false, false) => Presence::Option,
    }
}

/// The waiter `w` of operation `id`, which reads the answer `root`.
pub(super) fn waiter(
    lw: &mut Lowering,
    (id, w): (&str, &spec::Waiter),
    root: &Schema,
    model: &Model,
    args: &[PathArg],
    docs: &DocSources,
) -> Waiter {
    let at = |key: &str| format!("operations.{id}.waiter.{key}");
    // The fields along the path that `key` names, as the check resolved them.
    let along = |lw: &mut Lowering, key: &str, path: &str| {
        fields_along(model, root, path).unwrap_or_else(|| {
            lw.refused(at(key), "a field path that does not resolve", Vec::new())
        })
    };
    let members = |fields: &[&Field]| -> Vec<(String, Presence)> {
        fields
            .iter()
            .map(|f| (f.rust.clone(), f.presence()))
            .collect()
    };
    let failed = match &w.fault_field {
        Some(path) => {
            let fields = along(lw, "fault_field", path);
            let fault = match fields.last().and_then(|f| named_schema(model, &f.ty)) {
                Some(Schema {
                    kind: SchemaKind::Object { fields, .. },
                    ..
                }) => fields.as_slice(),
                _ => lw.refused(at("fault_field"), "a fault that is no object", &[]),
            };
            let member = |wire: &str| {
                let f = fault.iter().find(|f| f.wire == wire)?;
                Some((f.rust.clone(), f.presence()))
            };
            Failed::Fault {
                path: members(&fields),
                code: member("code"),
                message: member("message"),
                details: member("details"),
                created: member("created"),
            }
        }
        None => Failed::Job {
            error_code: (w.error_code_field.as_ref())
                .map(|p| members(&along(lw, "error_code_field", p))),
            reason: (w.reason_field.as_ref()).map(|p| members(&along(lw, "reason_field", p))),
        },
    };
    let status = along(lw, "status_field", &w.status_field);
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
        defaults: (w.success.iter().enumerate())
            .map(
                |(i, value)| match status_enum.map(|id| &model.schema_of(id).kind) {
                    Some(SchemaKind::Enum(values)) => {
                        match values.iter().find(|v| v.wire == *value) {
                            Some(v) => v.rust.clone(),
                            None => {
                                let what = "a state that is no value of the enum";
                                lw.refused(at(&format!("success[{i}]")), what, String::new())
                            }
                        }
                    }
                    Some(_) => {
                        let what = "a state of an integer enum";
                        lw.refused(at("status_field"), what, String::new())
                    }
                    None => value.clone(),
                },
            )
            .collect(),
    });
    let arg = match args {
        [arg] => arg.rust.clone(),
        _ => {
            let what = "a waiter whose operation takes other than one argument";
            lw.refused(format!("operations.{id}.waiter"), what, String::new())
        }
    };
    Waiter {
        method: names::escape(&w.method),
        arg,
        status: members(&status),
        success: w.success.clone(),
        failure: w.failure.clone(),
        failed,
        targets,
        doc: docs.doc("", &[], &w.source),
    }
}
