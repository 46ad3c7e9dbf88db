//! Query parameters: names, types and array styles; their bounds, lengths and defaults are
//! checked as a field's are (`constraints`).

use std::collections::{BTreeSet, HashMap};

use super::constraints::{Subject, constraints};
use super::{Ctx, Sub, type_expr};
use crate::load::LoadedFile;
use crate::model::{ArrayStyle, Parsed, TyExpr, query_rust_name, scalar};
use crate::names;
use crate::spec;

/// The scalar types a query value can be written as, besides enums.
const SCALARS: &str =
    "string, integer, number, boolean, an enum schema, or array<T> of one of those";

/// The query parameters of `o`, whose types are `types` (parsed, in order).
pub(super) fn query_params(
    ctx: &mut Ctx,
    file: &LoadedFile,
    path: &str,
    o: &spec::Operation,
    types: &[Parsed],
) {
    let mut wires = BTreeSet::new();
    let mut rust: HashMap<String, &str> = HashMap::new();
    for (i, q) in o.query_params.iter().enumerate() {
        let qp = Sub(&path, "query_params", Some(i));
        if q.name.is_empty() {
            ctx.err(
                file,
                &Sub(&qp, "name", None),
                "a query parameter needs a name",
            );
        } else if !wires.insert(q.name.as_str()) {
            ctx.err(
                file,
                &Sub(&qp, "name", None),
                format!("query parameter `{}` is listed twice", q.name),
            );
            continue;
        }
        rust_name(ctx, file, &qp, q, &mut rust);
        let Some(ty) = type_expr(ctx, file, &Sub(&qp, "type", None), &q.ty, types.get(i)) else {
            continue;
        };
        if !value_type(ctx, file, &qp, q, ty) {
            continue;
        }
        style(ctx, file, &qp, q, ty);
        let subject = Subject {
            at: &qp,
            name: &q.name,
            ty_text: &q.ty,
            ty,
            each: true,
            secret: false,
        };
        constraints(ctx, file, &subject, q.constraints());
    }
}

fn rust_name<'a>(
    ctx: &mut Ctx,
    file: &LoadedFile,
    qp: &Sub,
    q: &'a spec::QueryParam,
    rust: &mut HashMap<String, &'a str>,
) {
    let name = query_rust_name(q);
    let bare = name.trim_start_matches("r#").trim_end_matches('_');
    if let Some(r) = &q.rust_name {
        if !names::is_identifier(r) || r.chars().any(|c| c.is_ascii_uppercase()) {
            let msg = format!("`{r}` is not a snake_case Rust identifier");
            return ctx.err(file, &Sub(qp, "rust_name", None), msg);
        }
    } else if !bare.starts_with(|c: char| c.is_ascii_alphabetic()) || !names::is_identifier(bare) {
        let msg = format!("query parameter `{}` gives no Rust field name", q.name);
        return ctx.err_help(file, &Sub(qp, "name", None), msg, "add `rust_name:`");
    }
    if let Some(other) = rust.insert(name.clone(), &q.name) {
        let msg = format!(
            "query parameters `{other}` and `{}` both become the Rust field `{name}`",
            q.name
        );
        ctx.err_help(file, qp, msg, "give one of them a `rust_name`");
    }
}

/// A query value is a scalar, an enum, or an array of one; `false` (reported) for another type.
fn value_type(
    ctx: &mut Ctx,
    file: &LoadedFile,
    qp: &Sub,
    q: &spec::QueryParam,
    ty: &TyExpr,
) -> bool {
    let at = Sub(qp, "type", None);
    let problem = match scalar(ty) {
        TyExpr::String | TyExpr::Integer | TyExpr::Number | TyExpr::Boolean => None,
        TyExpr::Named(n) => match ctx.schemas.get(n.as_str()) {
            Some((_, s)) if s.values.is_some() => None,
            Some(_) => Some(format!("`{n}` is not an enum schema")),
            // `type_expr` has reported an unknown name.
            None => return false,
        },
        _ => Some(format!("`{}` cannot be written in a query", q.ty)),
    };
    match problem {
        Some(problem) => {
            let help = format!("a query parameter is {SCALARS}");
            ctx.err_help(file, &at, problem, help);
            false
        }
        None => true,
    }
}

fn style(ctx: &mut Ctx, file: &LoadedFile, qp: &Sub, q: &spec::QueryParam, ty: &TyExpr) {
    let array = matches!(ty, TyExpr::Array(_));
    match &q.array_style {
        None if array => ctx.err_help(
            file,
            qp,
            format!(
                "query parameter `{}` is an array, but has no `array_style`",
                q.name
            ),
            "add `array_style: comma` (`tags=a,b`) or `array_style: repeat` (`tags=a&tags=b`)",
        ),
        Some(_) if !array => ctx.err(
            file,
            &Sub(qp, "array_style", None),
            format!(
                "`array_style` applies to arrays, but `{}` is `{}`",
                q.name, q.ty
            ),
        ),
        Some(s) if ArrayStyle::parse(s).is_none() => ctx.err_help(
            file,
            &Sub(qp, "array_style", None),
            format!("unknown `array_style: {s}`"),
            "expected `comma` or `repeat`",
        ),
        _ => {}
    }
}
