//! The page's examples as the operation's, and the fields they give as `null`.

use super::build::Ctx;
use super::model::{Dev, Drafted, Example, Schema};
use crate::docs::rst::{Body, ExampleKind};

/// The page's examples with a JSON body, as the operation's; the others are left uncited.
pub(super) fn examples(ctx: &Ctx, d: &mut Drafted) {
    for e in &ctx.page.examples {
        let label = e.label();
        let source = format!("{}, {label}", ctx.key);
        let fits = match e.kind {
            ExampleKind::Request => d.request.is_some(),
            ExampleKind::Response => d.response.2,
        };
        match (&e.body, fits) {
            (Body::Json(v), true) => d.examples.push(Example {
                name: label.to_ascii_lowercase(),
                source,
                kind: e.kind,
                value: v.clone(),
            }),
            (Body::Json(_), false) => d.deviations.push(Dev {
                kind: "uncited",
                why: format!(
                    "{label} has a body, but the page documents no {} body",
                    match e.kind {
                        ExampleKind::Request => "request",
                        ExampleKind::Response => "response",
                    }
                ),
                says: label,
                source,
            }),
            (Body::Text { error, .. }, _) => d.deviations.push(Dev {
                kind: "uncited",
                why: format!("{label} is not JSON ({error}); transcribe it by hand"),
                says: label,
                source,
            }),
        }
    }
}

/// Fields that an example gives as `null` become `nullable` (the check holds the examples
/// against the schemas, and a plain optional field does not take `null` there).
pub(super) fn nullables(d: &mut Drafted) {
    let mut marks: Vec<(String, String, String)> = Vec::new();
    for e in &d.examples {
        let (root, value) = match (e.kind, &d.request) {
            (ExampleKind::Request, Some(r)) => match &r.wrapper {
                Some(w) => (r.schema.clone(), e.value.get(w.as_str())),
                None => (r.schema.clone(), Some(&e.value)),
            },
            (ExampleKind::Request, None) => continue,
            (ExampleKind::Response, _) => (d.response.0.clone(), Some(&e.value)),
        };
        if let Some(v) = value {
            let label = e.source.rsplit(", ").next().unwrap_or("").to_string();
            walk(&d.schemas, &root, v, &label, 0, &mut marks);
        }
    }
    for (schema, field, label) in marks {
        let fields = d.schemas.iter_mut().filter(|s| s.name == schema);
        for f in fields.flat_map(|s| s.fields.iter_mut().flatten()) {
            if f.name == field && !f.nullable {
                f.nullable = true;
                f.comments
                    .push(format!("nullable: {label} gives it as null"));
            }
        }
    }
}

fn walk(
    schemas: &[Schema],
    name: &str,
    v: &serde_json::Value,
    label: &str,
    depth: usize,
    marks: &mut Vec<(String, String, String)>,
) {
    use crate::model::TyExpr;
    let Some(fields) = schemas
        .iter()
        .find(|s| s.name == name)
        .and_then(|s| s.fields.as_ref())
    else {
        return;
    };
    let Some(object) = v.as_object() else { return };
    if depth > 32 {
        return;
    }
    for f in fields {
        let Some(x) = object.get(&f.name) else {
            continue;
        };
        if x.is_null() {
            marks.push((name.to_string(), f.name.clone(), label.to_string()));
            continue;
        }
        // Down through arrays and maps to the named schema, with the values at that depth.
        let mut ty = TyExpr::parse(&f.ty).ok();
        let mut values = vec![x];
        while let Some(t) = ty.take() {
            match t {
                TyExpr::Array(inner) => {
                    values = values
                        .iter()
                        .filter_map(|v| v.as_array())
                        .flatten()
                        .collect();
                    ty = Some(*inner);
                }
                TyExpr::Map(inner) => {
                    values = values
                        .iter()
                        .filter_map(|v| v.as_object())
                        .flat_map(|m| m.values())
                        .collect();
                    ty = Some(*inner);
                }
                TyExpr::Named(n) => {
                    for v in &values {
                        walk(schemas, &n, v, label, depth + 1, marks);
                    }
                }
                _ => {}
            }
        }
    }
}
