//! What a row's Description states ([`crate::docs::facts`]) against the model's field or query
//! parameter: the values of its enum against the values the cell lists, its length, bounds and
//! default against the stated ones, and (for a field) the table it links to against the table its
//! schema transcribes. Only what the page states is compared (the reader is conservative: a cell
//! it cannot read states nothing); a bound or default the spec states must agree with the page,
//! and one the page states for what a request sends must be in the spec.

use crate::docs::page::TableRef;
use std::collections::HashSet;

use super::{At, Ctx, Diff, PageDoc, place};
use crate::docs::facts::{Bounds, Facts};
use crate::docs::json::number_text;
use crate::docs::rst::{Row as PageRow, Table};
use crate::model::{Field, SchemaKind, Ty};

/// The enum a field's values come from (the field's type, or the items of an array of it), with
/// its wire values (an integer enum's in decimal).
fn enum_of<'m>(ctx: &Ctx<'m>, ty: &'m Ty) -> Option<(&'m str, Vec<String>)> {
    let id = match ty {
        Ty::Named(id) => id,
        Ty::Array(items) => match &**items {
            Ty::Named(id) => id,
            _ => return None,
        },
        _ => return None,
    };
    let schema = ctx.model.schema_of(*id);
    let name = schema.name.as_str();
    match &schema.kind {
        SchemaKind::Enum(values) => Some((name, values.iter().map(|v| v.wire.clone()).collect())),
        // An integer enum's values as the page writes them (`0`, `1`, `4`).
        SchemaKind::IntEnum(values) => {
            Some((name, values.iter().map(|v| v.value.to_string()).collect()))
        }
        _ => None,
    }
}

/// The row a field is compared with: its table, and the tables the field's own `source` cites
/// (page name and number).
pub(super) struct Row<'a> {
    pub table: &'a Table,
    pub row: &'a PageRow,
    pub own: &'a [(String, TableRef)],
}

/// What is compared with a row: the model's field or query parameter, in the terms the page
/// states.
pub(super) struct Subject<'a> {
    pub ty: &'a Ty,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub default: Option<&'a serde_json::Value>,
    /// Sent in a request (a query parameter, a field of a schema reachable from a request body):
    /// a range or default the page states must be in the spec too, not only agree with it.
    pub sent: bool,
}

impl<'a> Subject<'a> {
    pub fn of_field(field: &'a Field, sent: bool) -> Subject<'a> {
        Subject {
            ty: &field.ty,
            min_length: field.constraints.min_length,
            max_length: field.constraints.max_length,
            minimum: field.constraints.minimum.map(|b| b.as_f64()),
            maximum: field.constraints.maximum.map(|b| b.as_f64()),
            default: field.constraints.default.as_ref(),
            sent,
        }
    }
}

/// Compares what `r`'s Description states with `field`, the model's field at `fp` (its
/// `doc_deviations` at `at`); `label` names the row in messages (`Table 4 row `sharetype``);
/// `sent`: the field's schema is reachable from a request.
#[allow(clippy::too_many_arguments)]
pub(super) fn compare(
    ctx: &mut Ctx,
    at: &At,
    doc: &PageDoc,
    r: &Row,
    field: &Field,
    sent: bool,
    fp: &str,
    label: &str,
) {
    let (t, row) = (r.table, r.row);
    let facts = t.facts(row);
    let subject = Subject::of_field(field, sent);
    stated(ctx, at, doc, t, row, &subject, fp, label, &facts);
    link(ctx, at, doc, field, fp, label, &facts, r.own);
}

/// Values, length, bounds and default of `subject` (at `fp`) against `facts`, the statements of
/// `row` of `t`.
#[allow(clippy::too_many_arguments)]
pub(super) fn stated(
    ctx: &mut Ctx,
    at: &At,
    doc: &PageDoc,
    t: &Table,
    row: &PageRow,
    subject: &Subject,
    fp: &str,
    label: &str,
    facts: &Facts,
) {
    values(ctx, at, doc, t, row, subject.ty, fp, label, facts);
    length(ctx, at, doc, subject, fp, label, facts);
    range(ctx, at, doc, subject, fp, label, facts);
    default(ctx, at, doc, subject, fp, label, facts);
}

/// The object schema a field holds: its type, or the items or values of an array or map of it.
fn object_of<'m>(ctx: &Ctx<'m>, ty: &'m Ty) -> Option<&'m str> {
    let schema = match ty {
        Ty::Named(id) => ctx.model.schema_of(*id),
        Ty::Array(inner) | Ty::Map(inner) => return object_of(ctx, inner),
        _ => return None,
    };
    matches!(schema.kind, SchemaKind::Object { .. }).then_some(schema.name.as_str())
}

/// A row whose Description links to a table (`For details, see :ref:`Table 9 <...>``, in this
/// page or a shared one) and whose field holds an object schema: the schema should transcribe
/// that table. Compared only where the schema's `source` cites a table of a page at all.
#[allow(clippy::too_many_arguments)]
fn link(
    ctx: &mut Ctx,
    at: &At,
    doc: &PageDoc,
    field: &Field,
    fp: &str,
    label: &str,
    facts: &Facts,
    own: &[(String, TableRef)],
) {
    let Some(name) = object_of(ctx, &field.ty) else {
        return;
    };
    let Some(cited) = ctx.cites.get(name).filter(|c| !c.is_empty()) else {
        return;
    };
    if facts.links.is_empty() {
        return;
    }
    let mut targets = Vec::new();
    for l in &facts.links {
        let Some(to) = ctx.library().resolve(&l.label) else {
            continue;
        };
        let Some(n) = to.table.map(Table::reference) else {
            continue;
        };
        if !targets.iter().any(|(p, m, _)| *p == to.page && *m == n) {
            targets.push((to.page.to_string(), n, l.line));
        }
    }
    // The schema (or the field itself, for a schema shared with other pages) transcribes one
    // of the tables the row links to: agreed.
    if targets.is_empty()
        || targets
            .iter()
            .any(|(p, n, _)| cited.iter().chain(own).any(|(q, m)| q == p && m == n))
    {
        return;
    }
    let (page, n, line) = &targets[0];
    let says = format!("{page}, {n}");
    let cites: Vec<String> = cited.iter().map(|(p, m)| format!("{p}, {m}")).collect();
    let help = format!(
        "transcribe {says} in `{name}` (cite it in its `source`), or give the field the schema that does"
    );
    ctx.differ(
        at,
        Diff {
            kind: "link",
            says: Some(says.clone()),
            target: format!("{fp}.type"),
            page: place(doc, *line),
            message: format!(
                "{label}: the page links the row to {says}, but `{name}` transcribes {}",
                cites.join(" and ")
            ),
            help,
        },
    );
}

#[allow(clippy::too_many_arguments)]
fn values(
    ctx: &mut Ctx,
    at: &At,
    doc: &PageDoc,
    t: &Table,
    row: &PageRow,
    ty: &Ty,
    fp: &str,
    label: &str,
    facts: &Facts,
) {
    if facts.values.is_empty() {
        return;
    }
    let Some((name, spec)) = enum_of(ctx, ty) else {
        return;
    };
    let in_spec: HashSet<&str> = spec.iter().map(String::as_str).collect();
    let on_page: HashSet<&str> = facts.values.iter().map(|v| v.text.as_str()).collect();
    let listed = |list: Vec<&str>| list.join(", ");
    for v in facts
        .values
        .iter()
        .filter(|v| !in_spec.contains(v.text.as_str()))
    {
        ctx.differ(
            at,
            Diff {
                kind: "enum",
                says: Some(v.text.clone()),
                target: format!("{fp}.type"),
                page: place(doc, v.line),
                message: format!(
                    "{label}: the page lists the value `{}`, which the enum `{name}` does not have",
                    v.text
                ),
                help: format!(
                    "add `{}` to `schemas.{name}.values` (the page lists: {})",
                    v.text,
                    listed(facts.values.iter().map(|v| v.text.as_str()).collect())
                ),
            },
        );
    }
    // The enum's values beyond the page's count only where the enum transcribes this table (an
    // enum of its own source, `ECS statuses`, may hold more than one table lists).
    let transcribes = ctx
        .cites
        .get(name)
        .is_some_and(|c| c.iter().any(|(page, n)| *page == doc.name && t.is(n)));
    for v in spec
        .iter()
        .filter(|v| transcribes && !on_page.contains(v.as_str()))
    {
        ctx.differ(
            at,
            Diff {
                kind: "enum",
                says: Some(v.clone()),
                target: format!("{fp}.type"),
                page: place(doc, row.line),
                message: format!(
                    "{label}: the enum `{name}` has the value `{v}`, which the page does not list"
                ),
                help: format!(
                    "remove `{v}` from `schemas.{name}.values`, or state where it comes from (the page lists: {})",
                    listed(facts.values.iter().map(|v| v.text.as_str()).collect())
                ),
            },
        );
    }
}

/// `1 to 255 characters`, as the spec would say it.
fn spec_length(min: Option<u64>, max: Option<u64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("`min_length: {a}`, `max_length: {b}`"),
        (Some(a), None) => format!("`min_length: {a}` and no `max_length`"),
        (None, Some(b)) => format!("`max_length: {b}` and no `min_length`"),
        (None, None) => "no length".to_string(),
    }
}

fn length(
    ctx: &mut Ctx,
    at: &At,
    doc: &PageDoc,
    subject: &Subject,
    fp: &str,
    label: &str,
    facts: &Facts,
) {
    let Some(page) = &facts.length else { return };
    if !matches!(subject.ty, Ty::String | Ty::Named(_)) {
        return;
    }
    let whole = |x: Option<f64>| {
        x.filter(|x| x.fract() == 0.0 && *x >= 0.0)
            .map(|x| x as u64)
    };
    let (min, max) = (whole(page.min), whole(page.max));
    let (smin, smax) = (subject.min_length, subject.max_length);
    // A minimum of 0 characters is what no `min_length` says.
    let min_differs = min.is_some() && min.filter(|m| *m > 0) != smin.filter(|m| *m > 0);
    let max_differs = max.is_some() && max != smax;
    if !(min_differs || max_differs) {
        return;
    }
    let says = format!("{} characters", page.show());
    ctx.differ(
        at,
        Diff {
            kind: "range",
            says: Some(says.clone()),
            target: fp.to_string(),
            page: place(doc, page.line),
            message: format!(
                "{label}: the page says {says}, the spec says {}",
                spec_length(smin, smax)
            ),
            help: format!("set {}", wanted(page)),
        },
    );
}

/// `minimum: 1` and no `maximum`, as the spec says it.
fn spec_bounds(min: Option<f64>, max: Option<f64>) -> String {
    let n = |x: f64| number_text(x);
    match (min, max) {
        (Some(a), Some(b)) => format!("`minimum: {}`, `maximum: {}`", n(a), n(b)),
        (Some(a), None) => format!("`minimum: {}` and no `maximum`", n(a)),
        (None, Some(b)) => format!("`maximum: {}` and no `minimum`", n(b)),
        (None, None) => "no bounds".to_string(),
    }
}

/// The bounds of a number against a range the page states: each bound the page states must be
/// the spec's; where the spec states a bound the page does not, that is not a difference (a
/// page's `The maximum value is 1,000.` says nothing of a minimum).
fn range(
    ctx: &mut Ctx,
    at: &At,
    doc: &PageDoc,
    subject: &Subject,
    fp: &str,
    label: &str,
    facts: &Facts,
) {
    let Some(page) = &facts.range else { return };
    if !numeric(ctx, subject.ty) {
        return;
    }
    let differs = |p: Option<f64>, s: Option<f64>| match (p, s) {
        (Some(p), Some(s)) => p != s,
        // The spec leaves out a bound the page states: a difference for what is sent, where the
        // bound is checked; for what is only read, the spec may keep it out.
        (Some(_), None) => subject.sent,
        _ => false,
    };
    if !(differs(page.min, subject.minimum) || differs(page.max, subject.maximum)) {
        return;
    }
    // Only left out (no bound of the spec contradicts the page): a gap, not a finding.
    let contradicts =
        |p: Option<f64>, s: Option<f64>| matches!((p, s), (Some(p), Some(s)) if p != s);
    let gap = !(contradicts(page.min, subject.minimum) || contradicts(page.max, subject.maximum));
    let says = page.show();
    let mut keys = Vec::new();
    if let Some(a) = page.min {
        keys.push(format!("`minimum: {}`", number_text(a)));
    }
    if let Some(b) = page.max {
        keys.push(format!("`maximum: {}`", number_text(b)));
    }
    let d = Diff {
        kind: "range",
        says: Some(says.clone()),
        target: fp.to_string(),
        page: place(doc, page.line),
        message: format!(
            "{label}: the page says {says}, the spec says {}",
            spec_bounds(subject.minimum, subject.maximum)
        ),
        help: format!("set {}", keys.join(" and ")),
    };
    match gap {
        true => ctx.gap(at, d),
        false => ctx.differ(at, d),
    }
}

/// Whether `ty` holds numbers (an integer, a number, an integer enum).
fn numeric(ctx: &Ctx, ty: &Ty) -> bool {
    match ty {
        Ty::Integer | Ty::Number => true,
        Ty::Named(id) => matches!(ctx.model.schema_of(*id).kind, SchemaKind::IntEnum(_)),
        _ => false,
    }
}

/// Whether the spec's default `value` is the page's `text` (`1000` for 1000, `SOFT`, `false`,
/// `""`, `null`).
fn same_default(value: &serde_json::Value, text: &str) -> bool {
    use serde_json::Value;
    match value {
        Value::String(s) => s == text || (s.is_empty() && text == "\"\""),
        Value::Number(n) => text.parse::<f64>().ok() == n.as_f64(),
        Value::Bool(b) => text.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
        Value::Null => text.eq_ignore_ascii_case("null"),
        _ => false,
    }
}

/// The default the spec states against the page's: they must agree; one the page states for
/// what is sent must be in the spec.
fn default(
    ctx: &mut Ctx,
    at: &At,
    doc: &PageDoc,
    subject: &Subject,
    fp: &str,
    label: &str,
    facts: &Facts,
) {
    let Some(page) = &facts.default else { return };
    let shown = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => format!("`default: {s}`"),
        other => format!("`default: {other}`"),
    };
    let (message, gap) = match subject.default {
        Some(v) if same_default(v, &page.text) => return,
        Some(v) => (
            format!(
                "{label}: the page says the default is `{}`, the spec says {}",
                page.text,
                shown(v)
            ),
            false,
        ),
        None if subject.sent => (
            format!(
                "{label}: the page says the default is `{}`, the spec states none",
                page.text
            ),
            true,
        ),
        None => return,
    };
    let d = Diff {
        kind: "default",
        says: Some(page.text.clone()),
        target: fp.to_string(),
        page: place(doc, page.line),
        message,
        help: format!("set `default: {}`", page.text),
    };
    match gap {
        true => ctx.gap(at, d),
        false => ctx.differ(at, d),
    }
}

/// The keys that say `b` as a length.
fn wanted(b: &Bounds) -> String {
    let mut keys = Vec::new();
    if let Some(a) = b.min.filter(|a| *a > 0.0) {
        keys.push(format!("`min_length: {}`", number_text(a)));
    }
    if let Some(m) = b.max {
        keys.push(format!("`max_length: {}`", number_text(m)));
    }
    keys.join(" and ")
}
