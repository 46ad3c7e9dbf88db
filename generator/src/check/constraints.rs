//! The bounds, lengths and default of a field or a query parameter (`spec::Constraints`): one
//! check, worded one way for both.

use std::cmp::Ordering;
use std::fmt::Display;

use serde_yaml::{Number, Value};

use super::{Ctx, Sub, conforms_ty};
use crate::load::LoadedFile;
use crate::model::{TyExpr, scalar};
use crate::spec;

/// What the constraints are set on.
pub(super) struct Subject<'a> {
    /// The field's or parameter's spec path (`schemas.Rebuild.fields[2]`).
    pub at: &'a dyn Display,
    /// Its wire name and type as the spec writes them, for the messages.
    pub name: &'a str,
    pub ty_text: &'a str,
    /// Its type, parsed.
    pub ty: &'a TyExpr,
    /// A query parameter's bounds and lengths apply to each value of an array, and its default
    /// may list values; a field's apply to the field's value itself.
    pub each: bool,
    /// A secret's default would be shown in the doc comments and the OpenAPI document.
    pub secret: bool,
}

/// `minimum` and `maximum` on integers (whole numbers of 64 bits) and numbers (finite), the lower
/// not above the upper; `min_length` and `max_length` on strings, likewise; a `default` of the
/// type (an enum's value; for a query array, a list of them), within the bounds and lengths.
pub(super) fn constraints(ctx: &mut Ctx, file: &LoadedFile, s: &Subject, c: spec::Constraints) {
    let value_ty = if s.each { scalar(s.ty) } else { s.ty };
    let mut usable: [Option<&Number>; 2] = [None, None];
    for (slot, (key, bound)) in [("minimum", c.minimum), ("maximum", c.maximum)]
        .into_iter()
        .enumerate()
    {
        let Some(n) = bound else { continue };
        let at = Sub(s.at, key, None);
        match value_ty {
            TyExpr::Integer if n.as_i64().is_none() => ctx.err_help(
                file,
                &at,
                format!(
                    "`{}` is an integer, but its {key} {n} is not a whole number of 64 bits",
                    s.name
                ),
                "write a whole number, or make the type `number`",
            ),
            TyExpr::Number if !n.as_f64().is_some_and(f64::is_finite) => {
                ctx.err(file, &at, format!("the {key} {n} is not a finite number"))
            }
            TyExpr::Integer | TyExpr::Number => usable[slot] = Some(n),
            other => {
                let message = format!(
                    "`{key}` applies to integers and numbers, but `{}` is `{}`",
                    s.name, s.ty_text
                );
                match other {
                    TyExpr::String => ctx.err_help(
                        file,
                        &at,
                        message,
                        "bound a string's length with `min_length` and `max_length`",
                    ),
                    _ => ctx.err(file, &at, message),
                }
            }
        }
    }
    let [min, max] = usable;
    if let (Some(lo), Some(hi)) = (min, max)
        && compare(lo, hi) == Some(Ordering::Greater)
    {
        let at = Sub(s.at, "minimum", None);
        ctx.err(file, &at, format!("minimum {lo} is above maximum {hi}"));
    }
    let strings = *value_ty == TyExpr::String;
    for (key, n) in [("min_length", c.min_length), ("max_length", c.max_length)] {
        if n.is_some() && !strings {
            ctx.err(
                file,
                &Sub(s.at, key, None),
                format!(
                    "`{key}` applies to strings, but `{}` is `{}`",
                    s.name, s.ty_text
                ),
            );
        }
    }
    let lengths = match (c.min_length, c.max_length) {
        (Some(lo), Some(hi)) if lo > hi => {
            let at = Sub(s.at, "min_length", None);
            ctx.err(
                file,
                &at,
                format!("min_length {lo} is above max_length {hi}"),
            );
            (None, None)
        }
        _ if strings => (c.min_length, c.max_length),
        _ => (None, None),
    };
    if let Some(default) = c.default {
        default_value(ctx, file, s, value_ty, default, [min, max], lengths);
    }
}

/// A default is a value of the type (each value of a query array's), within the bounds and
/// lengths that could be decided.
fn default_value(
    ctx: &mut Ctx,
    file: &LoadedFile,
    s: &Subject,
    value_ty: &TyExpr,
    default: &Value,
    [min, max]: [Option<&Number>; 2],
    (shortest, longest): (Option<u64>, Option<u64>),
) {
    let at = Sub(s.at, "default", None);
    if s.secret {
        return ctx.err_help(
            file,
            &at,
            format!("`{}` is secret, but its default would be shown in the doc comments and the OpenAPI document", s.name),
            "leave the default out, or say it in the description if it is public",
        );
    }
    let scalar = match value_ty {
        TyExpr::String | TyExpr::Integer | TyExpr::Number | TyExpr::Boolean => true,
        // An unknown name is reported where the type is.
        TyExpr::Named(n) => ctx
            .schemas
            .get(n.as_str())
            .is_none_or(|(_, schema)| schema.values.is_some()),
        _ => false,
    };
    if !scalar || (!s.each && matches!(s.ty, TyExpr::Array(_))) {
        return ctx.err(
            file,
            &at,
            format!(
                "`default` applies to strings, integers, numbers, booleans and enums, but `{}` is `{}`",
                s.name, s.ty_text
            ),
        );
    }
    let mut problems = Vec::new();
    conforms_ty(ctx, s.ty, default, "default", true, &mut problems);
    if !problems.is_empty() {
        return problems.into_iter().for_each(|p| ctx.err(file, &at, p));
    }
    let values: Vec<&Value> = match default {
        Value::Sequence(items) if s.each => items.iter().collect(),
        one => vec![one],
    };
    for value in values {
        if let Value::Number(value) = value {
            if let Some(lo) = min
                && compare(value, lo) == Some(Ordering::Less)
            {
                let message = format!("the default {value} is below the minimum {lo}");
                ctx.err(file, &at, message);
            } else if let Some(hi) = max
                && compare(value, hi) == Some(Ordering::Greater)
            {
                let message = format!("the default {value} is above the maximum {hi}");
                ctx.err(file, &at, message);
            }
        }
        if let Value::String(text) = value {
            let count = text.chars().count() as u64;
            if let Some(lo) = shortest.filter(|&lo| count < lo) {
                let message = format!("the default {text:?} is shorter than the min_length {lo}");
                ctx.err(file, &at, message);
            } else if let Some(hi) = longest.filter(|&hi| count > hi) {
                let message = format!("the default {text:?} is longer than the max_length {hi}");
                ctx.err(file, &at, message);
            }
        }
    }
}

/// Two numbers compared exactly when both are whole, else as floating point.
fn compare(a: &Number, b: &Number) -> Option<Ordering> {
    match (a.as_i64(), b.as_i64()) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}
