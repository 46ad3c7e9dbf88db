//! Object schemas against the tables they cite: rows and fields by wire name, Mandatory against
//! `required`, the page's type against the spec's.

use super::{At, Ctx, Diff, Pages, place, tables};
use crate::docs::page::TableRef;
use crate::docs::rst::{self, Mandatory, PageType};
use crate::load::LoadedFile;
use crate::model::{Schema, SchemaKind, Ty};
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
        let at = At {
            file,
            path: fp.clone(),
            devs: &f.doc_deviations,
        };
        let mine = tables(pages, &f.source);
        let found = mine
            .iter()
            .chain(own.iter())
            .find_map(|(d, t)| t.row(&f.name).map(|r| (*d, *t, r)));
        let Some((doc, t, row)) = found else {
            if let Some((doc, t)) = mine.first().or(own.first()) {
                let cited: Vec<String> = mine
                    .iter()
                    .chain(own.iter())
                    .map(|(_, t)| t.label())
                    .collect();
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
                            cited.join(" or ")
                        ),
                        help: "correct the field's name, or remove it if the page dropped it"
                            .into(),
                    },
                );
            }
            continue;
        };
        let label = format!("{} row `{}`", t.label(), f.name);
        match t.mandatory(row) {
            Some(Mandatory::Yes) if !f.required => ctx.differ(
                &at,
                Diff {
                    kind: "mandatory",
                    says: Some("Yes".into()),
                    target: format!("{fp}.required"),
                    page: place(doc, row.line),
                    message: format!(
                        "{label}: the page says Mandatory Yes, the spec says `required: false`"
                    ),
                    help: "set `required: true`".into(),
                },
            ),
            Some(Mandatory::No) if f.required => ctx.differ(
                &at,
                Diff {
                    kind: "mandatory",
                    says: Some("No".into()),
                    target: format!("{fp}.required"),
                    page: place(doc, row.line),
                    message: format!(
                        "{label}: the page says Mandatory No, the spec says `required: true`"
                    ),
                    help: "set `required: false`".into(),
                },
            ),
            Some(Mandatory::Other(text)) => ctx.differ(
                &at,
                Diff {
                    kind: "mandatory",
                    says: Some(text.clone()),
                    target: format!("{fp}.required"),
                    page: place(doc, row.line),
                    message: format!(
                        "{label}: the page's Mandatory is `{text}`, neither Yes nor No"
                    ),
                    help: "decide what `required` should be".into(),
                },
            ),
            _ => {}
        }
        if let Some(pt) = t.ty(row)
            && let Some(ty) = types.get(i).map(|m| &m.ty)
            && !fits(ctx, ty, &pt, 0)
        {
            let says = t.cell(row, rst::Column::Type).unwrap_or_default();
            ctx.differ(
                &at,
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
        if let Some(field) = types.get(i) {
            // The tables the field's own `source` cites (a field may cite the table its items
            // transcribe, for a schema shared with other pages).
            let own: Vec<(String, TableRef)> = mine
                .iter()
                .map(|(d, t)| (d.name.clone(), t.reference()))
                .collect();
            let row = super::statements::Row {
                table: t,
                row,
                own: &own,
            };
            super::statements::compare(ctx, &at, doc, &row, field, m.request, &fp, &label);
        }
    }
    let at = At {
        file,
        path: p.clone(),
        devs: &s.doc_deviations,
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
