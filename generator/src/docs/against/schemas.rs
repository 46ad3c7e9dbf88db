//! Object schemas against the tables they cite: rows and fields by wire name, Mandatory against
//! `required`, the page's type against the spec's.

use super::{At, Ctx, Diff, Only, PageDoc, Pages, place, tables};
use crate::docs::page::TableRef;
use crate::docs::rst::{self, Mandatory, PageType, Row as PageRow, Table};
use crate::load::LoadedFile;
use crate::model::{Field, Schema, SchemaKind, Ty};
use crate::spec;

/// The model's schema `m`, and `s`, the spec's entry it was lowered from.
pub(super) fn schema(
    ctx: &mut Ctx,
    file: &LoadedFile,
    pages: &Pages,
    (m, s): (&Schema, &spec::Schema),
) {
    let name = m.name.as_str();
    let Some(fields) = &s.fields else { return };
    // The model's fields are the spec's, in the same order, their types parsed.
    let types = match &m.kind {
        SchemaKind::Object { fields, .. } => fields.as_slice(),
        _ => &[],
    };
    let p = format!("schemas.{name}");
    let own = tables(pages, &s.source);
    for (i, f) in fields.iter().enumerate() {
        let fp = format!("{p}.fields[{i}]");
        let mine = tables(pages, &f.source);
        // Every table the field or its schema cites, each once: the field is held against each
        // that has its row (a field shared by two pages' tables, against both).
        let mut cited: Vec<(&PageDoc, &Table)> = Vec::new();
        for (d, t) in mine.iter().chain(own.iter()) {
            if !cited.iter().any(|(_, c)| std::ptr::eq(*c, *t)) {
                cited.push((d, t));
            }
        }
        let rows: Vec<(&PageDoc, &Table, &PageRow)> = cited
            .iter()
            .filter_map(|(d, t)| t.row(&f.name).map(|r| (*d, *t, r)))
            .collect();
        if rows.is_empty() {
            let at = At {
                file,
                path: fp.clone(),
                devs: &f.doc_deviations,
                only: None,
            };
            if let Some((doc, t)) = cited.first() {
                let labels: Vec<String> = cited.iter().map(|(_, t)| t.label()).collect();
                ctx.differ(
                    &at,
                    Diff {
                        kind: "not_in_table",
                        says: None,
                        target: format!("{fp}.name"),
                        page: place(doc, t.line),
                        message: format!(
                            "field `{}` of `{name}` has no row in {}",
                            f.name,
                            labels.join(" or ")
                        ),
                        help: "correct the field's name, or remove it if the page dropped it"
                            .into(),
                    },
                );
            }
            continue;
        }
        // The tables the field's own `source` cites (a field may cite the table its items
        // transcribe, for a schema shared with other pages).
        let own_refs: Vec<(String, TableRef)> = mine
            .iter()
            .map(|(d, t)| (d.name.clone(), t.reference()))
            .collect();
        let with_row: Vec<&Table> = rows.iter().map(|(_, t, _)| *t).collect();
        for (doc, t, row) in rows.iter().copied() {
            let at = At {
                file,
                path: fp.clone(),
                devs: &f.doc_deviations,
                only: (rows.len() > 1).then_some(Only {
                    table: t,
                    rows: &with_row,
                    pages,
                }),
            };
            let field = types.get(i);
            let row = super::statements::Row {
                table: t,
                row,
                own: &own_refs,
            };
            held_against(ctx, &at, doc, &row, f, field, m.request, &fp);
        }
    }
    let at = At {
        file,
        path: p.clone(),
        devs: &s.doc_deviations,
        only: None,
    };
    for (doc, t) in &own {
        for row in &t.rows {
            let row_name = t.name(row);
            if !fields.iter().any(|f| f.name == row_name) {
                ctx.differ(
                    &at,
                    Diff {
                        kind: "no_field",
                        says: Some(row_name.clone()),
                        target: format!("{p}.fields"),
                        page: place(doc, row.line),
                        message: format!("{} row `{row_name}` has no field in `{name}`", t.label()),
                        help: format!(
                            "add a field `{row_name}` (its wire name) citing {}",
                            t.label()
                        ),
                    },
                );
            }
        }
    }
}

/// One field (`f` in the spec, `field` in the model, at `fp`; `sent` in a request) against one
/// row of a table it cites: Mandatory, the page's type and what the Description states.
#[allow(clippy::too_many_arguments)]
fn held_against(
    ctx: &mut Ctx,
    at: &At,
    doc: &PageDoc,
    r: &super::statements::Row,
    f: &spec::Field,
    field: Option<&Field>,
    sent: bool,
    fp: &str,
) {
    let (t, row) = (r.table, r.row);
    let label = format!("{} row `{}`", t.label(), f.name);
    // What the page says, what `required` should be, and the message.
    let (says, should, message) = match t.mandatory(row) {
        Some(Mandatory::Yes) if !f.required => (
            "Yes".to_string(),
            "set `required: true`",
            format!("{label}: the page says Mandatory Yes, the spec says `required: false`"),
        ),
        Some(Mandatory::No) if f.required => (
            "No".to_string(),
            "set `required: false`",
            format!("{label}: the page says Mandatory No, the spec says `required: true`"),
        ),
        Some(Mandatory::Other(text)) => (
            text.clone(),
            "decide what `required` should be",
            format!("{label}: the page's Mandatory is `{text}`, neither Yes nor No"),
        ),
        _ => (String::new(), "", String::new()),
    };
    if !message.is_empty() {
        ctx.differ(
            at,
            Diff {
                kind: "mandatory",
                says: Some(says),
                target: format!("{fp}.required"),
                page: place(doc, row.line),
                message,
                help: should.into(),
            },
        );
    }
    let Some(field) = field else { return };
    if let Some(pt) = t.ty(row)
        && !fits(ctx, &field.ty, &pt, 0)
    {
        let says = t.cell(row, rst::Column::Type).unwrap_or_default();
        ctx.differ(
            at,
            Diff {
                kind: "type",
                says: Some(says.clone()),
                target: format!("{fp}.type"),
                page: place(doc, row.line),
                message: format!(
                    "{label}: the page says type {says}, the spec says `{}`",
                    f.ty
                ),
                help: format!("give the field a type that fits {says}"),
            },
        );
    }
    super::statements::compare(ctx, at, doc, r, field, sent, fp, &label);
}

/// Whether the spec's type `ty` is what the page's type means.
fn fits(ctx: &Ctx, ty: &Ty, page: &PageType, depth: usize) -> bool {
    if depth > 16 {
        return true;
    }
    match (ty, page) {
        (Ty::Json, _) => true,
        (_, PageType::Other(_)) => false,
        (Ty::String | Ty::EmptyString, PageType::String) => true,
        (Ty::Integer, PageType::Integer) => true,
        (Ty::Number, PageType::Number | PageType::Integer) => true,
        (Ty::Boolean, PageType::Boolean) => true,
        (Ty::Map(_), PageType::Object) => true,
        (Ty::Map(t), PageType::Map(p)) => fits(ctx, t, p, depth + 1),
        (Ty::Array(_), PageType::Array(None)) => true,
        (Ty::Array(t), PageType::Array(Some(p))) => fits(ctx, t, p, depth + 1),
        (Ty::Named(id), _) => match &ctx.model.schema_of(*id).kind {
            // An object whose keys the page lists fits a map of them too.
            SchemaKind::Object { .. } => matches!(page, PageType::Object | PageType::Map(_)),
            SchemaKind::Enum(_) => *page == PageType::String,
            SchemaKind::IntEnum(_) => *page == PageType::Integer,
            SchemaKind::OneOf(variants) => {
                variants.iter().any(|v| fits(ctx, &v.ty, page, depth + 1))
            }
        },
        _ => false,
    }
}
