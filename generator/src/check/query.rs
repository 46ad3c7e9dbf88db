//! Query parameters: names, types, array styles, bounds, lengths and defaults.

use std::collections::{BTreeSet, HashMap};

use serde_yaml::Value;

use super::{Ctx, Sub, conforms_ty, type_expr};
use crate::load::LoadedFile;
use crate::model::{ArrayStyle, Bound, Ty, query_rust_name, scalar};
use crate::names;
use crate::spec;

/// The scalar types a query value can be written as, besides enums.
const SCALARS: &str =
    "string, integer, number, boolean, an enum schema, or array<T> of one of those";

pub(super) fn query_params(ctx: &mut Ctx, file: &LoadedFile, path: &str, o: &spec::Operation) {
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
        let Some(ty) = type_expr(ctx, file, &Sub(&qp, "type", None), &q.ty) else {
            continue;
        };
        if !value_type(ctx, file, &qp, q, &ty) {
            continue;
        }
        style(ctx, file, &qp, q, &ty);
        bounds(ctx, file, &qp, q, &ty);
        if let Some(default) = &q.default {
            default_value(ctx, file, &qp, q, &ty, default);
        }
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
fn value_type(ctx: &mut Ctx, file: &LoadedFile, qp: &Sub, q: &spec::QueryParam, ty: &Ty) -> bool {
    let at = Sub(qp, "type", None);
    let problem = match scalar(ty) {
        Ty::String | Ty::Integer | Ty::Number | Ty::Boolean => None,
        Ty::Named(n) => match ctx.schemas.get(n.as_str()) {
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

fn style(ctx: &mut Ctx, file: &LoadedFile, qp: &Sub, q: &spec::QueryParam, ty: &Ty) {
    let array = matches!(ty, Ty::Array(_));
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

fn bounds(ctx: &mut Ctx, file: &LoadedFile, qp: &Sub, q: &spec::QueryParam, ty: &Ty) {
    let scalar = scalar(ty);
    let mut decided = [None, None];
    for (slot, (key, n)) in [("minimum", &q.minimum), ("maximum", &q.maximum)]
        .into_iter()
        .enumerate()
    {
        let Some(n) = n else { continue };
        let at = Sub(qp, key, None);
        match (scalar, Bound::of(scalar, n)) {
            (_, Some(bound)) => decided[slot] = Some(bound),
            (Ty::Integer, None) => ctx.err(
                file,
                &at,
                format!("`{key}: {n}` of an integer must be a whole number"),
            ),
            _ => ctx.err(
                file,
                &at,
                format!(
                    "`{key}` applies to integers and numbers, but `{}` is `{}`",
                    q.name, q.ty
                ),
            ),
        }
    }
    if let [Some(min), Some(max)] = decided
        && min.as_f64() > max.as_f64()
    {
        ctx.err(file, qp, format!("minimum {min} is above maximum {max}"));
    }
    for (key, n) in [("min_length", q.min_length), ("max_length", q.max_length)] {
        if n.is_some() && *scalar != Ty::String {
            ctx.err(
                file,
                &Sub(qp, key, None),
                format!("`{key}` applies to strings, but `{}` is `{}`", q.name, q.ty),
            );
        }
    }
    if let (Some(min), Some(max)) = (q.min_length, q.max_length)
        && min > max
    {
        ctx.err(
            file,
            qp,
            format!("min_length {min} is above max_length {max}"),
        );
    }
}

/// A default is a value of the parameter's type (each value of an array's), inside its bounds.
fn default_value(
    ctx: &mut Ctx,
    file: &LoadedFile,
    qp: &Sub,
    q: &spec::QueryParam,
    ty: &Ty,
    default: &Value,
) {
    let at = Sub(qp, "default", None);
    let mut problems = Vec::new();
    conforms_ty(ctx, ty, default, "default", true, &mut problems);
    let values: Vec<&Value> = match default {
        Value::Sequence(items) => items.iter().collect(),
        one => vec![one],
    };
    if problems.is_empty() {
        let scalar = scalar(ty);
        let bound = |n: &Option<serde_yaml::Number>| n.as_ref().and_then(|n| Bound::of(scalar, n));
        let (min, max) = (bound(&q.minimum), bound(&q.maximum));
        for v in &values {
            if let Some(x) = v.as_f64()
                && (min.is_some_and(|m| x < m.as_f64()) || max.is_some_and(|m| x > m.as_f64()))
            {
                problems.push(format!("{x} is outside the bounds"));
            }
            if let Some(s) = v.as_str() {
                let count = s.chars().count() as u64;
                if q.min_length.is_some_and(|m| count < m)
                    || q.max_length.is_some_and(|m| count > m)
                {
                    problems.push(format!("{s:?} is outside the lengths"));
                }
            }
        }
    }
    for p in problems {
        ctx.err(
            file,
            &at,
            format!("the default does not fit `{}`: {p}", q.name),
        );
    }
}
