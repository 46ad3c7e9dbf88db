//! Paging: the query parameters and the response and item fields a stream method reads.

use super::{Ctx, Sub};
use crate::load::LoadedFile;
use crate::model::{STYLES, TyExpr};
use crate::spec;

pub(super) fn paging(ctx: &mut Ctx, file: &LoadedFile, path: &str, o: &spec::Operation) {
    let Some(p) = &o.paging else { return };
    let pp = format!("{path}.paging");
    let marker = match p.style.as_str() {
        "offset" => false,
        "marker" => true,
        other => {
            return ctx.err_help(
                file,
                &Sub(&pp, "style", None),
                format!("unknown paging `style: {other}`"),
                format!("expected one of: {}", STYLES.join(", ")),
            );
        }
    };
    param(ctx, file, &pp, o, "limit", Some(&p.limit), "integer");
    // The keys each style needs, and those it refuses.
    type Keys<'a> = (&'a [(&'a str, Option<&'a str>)], &'a [(&'a str, bool)]);
    let (needed, refused): Keys = match marker {
        false => (
            &[("offset", p.offset.as_deref())],
            &[
                ("marker", p.marker.is_some()),
                ("marker_field", p.marker_field.is_some()),
            ],
        ),
        true => (
            &[
                ("marker", p.marker.as_deref()),
                ("marker_field", p.marker_field.as_deref()),
            ],
            &[
                ("offset", p.offset.is_some()),
                ("first_offset", p.first_offset.is_some()),
            ],
        ),
    };
    for (key, value) in needed {
        if value.is_none() {
            ctx.err(
                file,
                &pp,
                format!("`style: {}` paging needs `{key}`", p.style),
            );
        }
    }
    for (key, given) in refused {
        if *given {
            ctx.err(
                file,
                &Sub(&pp, key, None),
                format!("`{key}` does not apply to `style: {}` paging", p.style),
            );
        }
    }
    match marker {
        false => param(ctx, file, &pp, o, "offset", p.offset.as_deref(), "integer"),
        true => param(ctx, file, &pp, o, "marker", p.marker.as_deref(), "string"),
    }
    fields(ctx, file, &pp, o, p);
}

/// `key` names an optional query parameter of type `ty`.
fn param(
    ctx: &mut Ctx,
    file: &LoadedFile,
    pp: &str,
    o: &spec::Operation,
    key: &str,
    wire: Option<&str>,
    ty: &str,
) {
    let Some(wire) = wire else { return };
    let at = Sub(&pp, key, None);
    match query_param(o, wire) {
        None => ctx.err_help(
            file,
            &at,
            format!("`{wire}` is not a query parameter of the operation"),
            "name one of its `query_params` by its wire name",
        ),
        Some(q) if q.ty.trim() != ty => ctx.err(
            file,
            &at,
            format!(
                "the paging `{key}` must be a query parameter of type `{ty}`, but `{wire}` is `{}`",
                q.ty
            ),
        ),
        Some(q) if q.required => ctx.err(
            file,
            &at,
            format!("the paging `{key}` is set by the stream, so `{wire}` may not be required"),
        ),
        Some(_) => {}
    }
}

/// `items` is an array field of the response, `count_field` an integer one, `marker_field` a
/// string field of the items.
fn fields(ctx: &mut Ctx, file: &LoadedFile, pp: &str, o: &spec::Operation, p: &spec::Paging) {
    let Some(response) = o.response.schema.as_deref() else {
        return ctx.err(
            file,
            &pp,
            "paging reads the items from the response body, but the response has no `schema`",
        );
    };
    if ctx.broken.contains(response) || !ctx.schemas.contains_key(response) {
        return;
    }
    let schemas = |n: &str| ctx.schemas.get(n).map(|(_, s)| *s);
    let mut problems = Vec::new();
    let item = match field_of(schemas, response, &p.items) {
        None => {
            problems.push((
                "items",
                format!("`{}` is not a field of `{response}`", p.items),
            ));
            None
        }
        Some(f) => match member_ty(ctx, response, &p.items) {
            Some(TyExpr::Array(item)) => Some(item.as_ref().clone()),
            _ => {
                problems.push((
                    "items",
                    format!("`{}` is `{}`, not an array", p.items, f.ty),
                ));
                None
            }
        },
    };
    if let Some(count) = &p.count_field {
        match field_of(schemas, response, count) {
            Some(f) if f.ty.trim() == "integer" => {}
            Some(f) => problems.push((
                "count_field",
                format!("`{count}` is `{}`, not an integer", f.ty),
            )),
            None => problems.push((
                "count_field",
                format!("`{count}` is not a field of `{response}`"),
            )),
        }
    }
    if let (Some(wire), Some(item)) = (&p.marker_field, &item) {
        let field = match item {
            TyExpr::Named(n) => field_of(schemas, n, wire),
            _ => None,
        };
        match field {
            Some(f) if f.ty.trim() == "string" => {}
            Some(f) => problems.push((
                "marker_field",
                format!("`{wire}` is `{}`, not a string", f.ty),
            )),
            None => problems.push((
                "marker_field",
                format!("`{wire}` is not a field of the items (`{}`)", p.items),
            )),
        }
    }
    for (key, problem) in problems {
        ctx.err(file, &Sub(&pp, key, None), problem);
    }
}

/// The query parameter named `wire`.
fn query_param<'a>(o: &'a spec::Operation, wire: &str) -> Option<&'a spec::QueryParam> {
    o.query_params.iter().find(|q| q.name == wire)
}

/// The field named `wire` of the object schema `schema`.
fn field_of<'a>(
    schemas: impl Fn(&str) -> Option<&'a spec::Schema>,
    schema: &str,
    wire: &str,
) -> Option<&'a spec::Field> {
    schemas(schema)?
        .fields
        .as_ref()?
        .iter()
        .find(|f| f.name == wire)
}

/// The parsed type of the field named `wire` of the schema `schema`.
fn member_ty<'c>(ctx: &'c Ctx, schema: &str, wire: &str) -> Option<&'c TyExpr> {
    let (_, s) = ctx.schemas.get(schema)?;
    let i = s.fields.as_ref()?.iter().position(|f| f.name == wire)?;
    ctx.schema_member_ty(schema, i)
}
