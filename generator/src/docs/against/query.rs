//! An operation's query parameters against its pages: the query tables (a `Query parameters`
//! table, and the rows of a URI table that name no path parameter) and the query string of its
//! URI lines (`?limit={limit}&marker={marker}`). Each parameter the page lists must be in the
//! spec and each of the spec's on the page; a parameter on both is compared as a field is:
//! Mandatory against `required`, the page's type, and what its Description states (values,
//! bounds, lengths, default). An operation whose spec lists no query parameter at all has not
//! transcribed its query yet: what the page lists is a gap (a note), not a finding.

use std::collections::HashSet;

use super::statements::{self, Subject};
use super::{At, Ctx, Diff, PageDoc, Pages, place, tables};
use crate::docs::rst::{Mandatory, PageType, Row, Table};
use crate::load::LoadedFile;
use crate::model::Ty;
use crate::spec;

/// A query parameter as a page lists it: its row, and the table and page it stands in.
struct Listed<'p> {
    name: String,
    doc: &'p PageDoc,
    table: &'p Table,
    row: &'p Row,
}

/// The spec's query parameters of `o` (the model's at `id`) against the pages its paths cite
/// (`uri_docs`), whose URI lines `matches` tells apart (the operation's own).
pub(super) fn query(
    ctx: &mut Ctx,
    file: &LoadedFile,
    pages: &Pages,
    uri_docs: &[&PageDoc],
    id: &str,
    o: &spec::Operation,
    matches: &dyn Fn(&crate::docs::rst::Uri) -> bool,
) {
    let p = format!("operations.{id}");
    let op_at = At {
        file,
        path: p.clone(),
        devs: &o.doc_deviations,
        only: None,
    };
    // What the pages list: the query rows, and the names of the operation's URI lines.
    let mut listed: Vec<Listed> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut lines: Vec<(&PageDoc, &crate::docs::rst::Uri)> = Vec::new();
    for doc in uri_docs {
        for (table, row) in doc.page.query_rows() {
            let name = table.name(row);
            if seen.insert(name.clone()) {
                listed.push(Listed {
                    name,
                    doc,
                    table,
                    row,
                });
            }
        }
        // Published pages have one such line; past a few, the others are not compared (each
        // is held against every parameter).
        for u in doc
            .page
            .uris
            .iter()
            .filter(|u| matches(u) && !u.query.is_empty())
            .take(8)
        {
            lines.push((doc, u));
        }
    }
    let spec_names: HashSet<&str> = o.query_params.iter().map(|q| q.name.as_str()).collect();
    let none_yet = o.query_params.is_empty();
    // What the page lists and the spec does not.
    for l in &listed {
        if spec_names.contains(l.name.as_str()) {
            continue;
        }
        let d = Diff {
            kind: "query",
            says: Some(l.name.clone()),
            target: if none_yet {
                p.clone()
            } else {
                format!("{p}.query_params")
            },
            page: place(l.doc, l.row.line),
            message: format!(
                "{} lists query parameter `{}`, which the operation does not have",
                l.table.label(),
                l.name
            ),
            help: format!(
                "add `{}` to `query_params`, citing {}",
                l.name,
                l.table.label()
            ),
        };
        match none_yet {
            true => ctx.gap(&op_at, d),
            false => ctx.differ(&op_at, d),
        }
    }
    for (doc, u) in &lines {
        for name in u.query.iter().filter(|n| !spec_names.contains(n.as_str())) {
            // Listed in a table too: said once, at the row.
            if seen.contains(name) {
                continue;
            }
            let d = Diff {
                kind: "query",
                says: Some(name.clone()),
                target: if none_yet {
                    p.clone()
                } else {
                    format!("{p}.query_params")
                },
                page: place(doc, u.line),
                message: format!(
                    "the URI line `{}` has query parameter `{name}`, which the operation does not have",
                    u.show()
                ),
                help: format!("add `{name}` to `query_params`"),
            };
            match none_yet {
                true => ctx.gap(&op_at, d),
                false => ctx.differ(&op_at, d),
            }
        }
    }
    let model = ctx.model.operations.iter().find(|m| m.id == id);
    let params = model.and_then(|m| m.query.as_ref()).map(|q| &q.params);
    for (i, q) in o.query_params.iter().enumerate() {
        let qp = format!("{p}.query_params[{i}]");
        let at = At {
            file,
            path: qp.clone(),
            devs: &q.doc_deviations,
            only: None,
        };
        // Its row: in a table its source cites, else among the page's query rows.
        let cited = tables(pages, &q.source);
        let row = cited
            .iter()
            .find_map(|(d, t)| t.row(&q.name).map(|r| (*d, *t, r)))
            .or_else(|| {
                listed
                    .iter()
                    .find(|l| l.name == q.name)
                    .map(|l| (l.doc, l.table, l.row))
            });
        let on_line = lines.iter().any(|(_, u)| u.query.contains(&q.name));
        let Some((doc, t, row)) = row else {
            // Neither in a table nor on a URI line (only where the page has any).
            if !on_line && (!listed.is_empty() || !lines.is_empty()) {
                let (doc, line) = listed
                    .first()
                    .map(|l| (l.doc, l.table.line))
                    .or_else(|| lines.first().map(|(d, u)| (*d, u.line)))
                    .unwrap_or((uri_docs[0], 1));
                ctx.differ(
                    &at,
                    Diff {
                        kind: "query",
                        says: Some(q.name.clone()),
                        target: format!("{qp}.name"),
                        page: place(doc, line),
                        message: format!(
                            "query parameter `{}` is neither in the page's query tables nor on its URI line",
                            q.name
                        ),
                        help: "correct the name, or remove the parameter if the page dropped it"
                            .into(),
                    },
                );
            }
            continue;
        };
        // On the table but not on a URI line that has a query string.
        for (ldoc, u) in lines.iter().filter(|(_, u)| !u.query.contains(&q.name)) {
            ctx.differ(
                &at,
                Diff {
                    kind: "query",
                    says: Some(q.name.clone()),
                    target: format!("{qp}.name"),
                    page: place(ldoc, u.line),
                    message: format!(
                        "query parameter `{}` is in {} but not on the URI line `{}`",
                        q.name,
                        t.label(),
                        u.show()
                    ),
                    help: "the page disagrees with itself; state which one the spec follows".into(),
                },
            );
        }
        let label = format!("query parameter `{}` ({})", q.name, t.label());
        match (t.mandatory(row), q.required) {
            (Some(Mandatory::Yes), false) | (Some(Mandatory::No), true) => {
                let says = t.mandatory(row).map(|m| m.show()).unwrap_or_default();
                ctx.differ(
                    &at,
                    Diff {
                        kind: "mandatory",
                        says: Some(says.clone()),
                        target: format!("{qp}.required"),
                        page: place(doc, row.line),
                        message: format!(
                            "{label}: the page says Mandatory {says}, the spec says `required: {}`",
                            q.required
                        ),
                        help: format!("set `required: {}`", !q.required),
                    },
                );
            }
            _ => {}
        }
        let Some(m) = params.and_then(|ps| ps.iter().find(|m| m.wire == q.name)) else {
            continue;
        };
        if let Some(pt) = t.ty(row)
            && !fits(ctx, &m.ty, &pt)
        {
            let says = t
                .cell(row, crate::docs::rst::Column::Type)
                .unwrap_or_default();
            ctx.differ(
                &at,
                Diff {
                    kind: "type",
                    says: Some(says.clone()),
                    target: format!("{qp}.type"),
                    page: place(doc, row.line),
                    message: format!(
                        "{label}: the page says type {says}, the spec says `{}`",
                        q.ty
                    ),
                    help: format!("give the parameter a type that fits {says}"),
                },
            );
        }
        let subject = Subject {
            ty: &m.ty,
            min_length: m.constraints.min_length,
            max_length: m.constraints.max_length,
            minimum: m.constraints.minimum.map(|b| b.as_f64()),
            maximum: m.constraints.maximum.map(|b| b.as_f64()),
            default: m.constraints.default.as_ref(),
            sent: true,
        };
        let facts = t.facts(row);
        statements::stated(ctx, &at, doc, t, row, &subject, &qp, &label, &facts);
    }
}

/// Whether the spec's query type fits the page's: scalars as for fields, an array of them, and
/// the page's `String` for any of them (pages type many a number or list sent in the query
/// string as the string it is on the wire).
fn fits(ctx: &Ctx, ty: &Ty, page: &PageType) -> bool {
    let scalar = |ty: &Ty, page: &PageType| match (ty, page) {
        (_, PageType::String) => true,
        (Ty::Integer, PageType::Integer) => true,
        (Ty::Number, PageType::Number | PageType::Integer) => true,
        (Ty::Boolean, PageType::Boolean) => true,
        (Ty::Named(id), PageType::Integer) => matches!(
            ctx.model.schema_of(*id).kind,
            crate::model::SchemaKind::IntEnum(_)
        ),
        _ => false,
    };
    match (ty, page) {
        (Ty::Array(_), PageType::Array(None)) => true,
        (Ty::Array(t), PageType::Array(Some(p))) => scalar(t, p),
        (Ty::Array(t), p) => scalar(t, p),
        (t, p) => scalar(t, p),
    }
}
