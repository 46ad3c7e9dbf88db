//! Operations against a page: method and paths against its URI lines, path parameters against
//! its URI table, the request wrapper against the request table, examples against code blocks.

use super::{At, Ctx, Diff, PageDoc, Pages, place, tables};
use crate::docs::cite::{self, Cite};
use crate::docs::json;
use crate::docs::rst::{self, Body, ExampleKind, Mandatory, PageType, Table};
use crate::load::LoadedFile;
use crate::spec;

fn same_path(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

pub(super) fn operation(
    ctx: &mut Ctx,
    file: &LoadedFile,
    pages: &Pages,
    id: &str,
    o: &spec::Operation,
) {
    let p = format!("operations.{id}");
    let at = At {
        file,
        path: p.clone(),
        devs: &o.doc_deviations,
        only: None,
    };
    let mut uri_docs: Vec<&PageDoc> = Vec::new();
    for x in &o.paths {
        for (key, _) in cite::parts(&x.source) {
            if let Some(doc) = pages.get(key)
                && !uri_docs.iter().any(|d| std::ptr::eq(*d, *doc))
            {
                uri_docs.push(doc);
            }
        }
    }
    let has =
        |m: &str, path: &str| o.method == m && o.paths.iter().any(|x| same_path(&x.template, path));
    let spec_paths: Vec<String> = o
        .paths
        .iter()
        .map(|x| format!("{} {}", o.method, x.template))
        .collect();
    for doc in &uri_docs {
        let page = &doc.page;
        let shown: Vec<String> = page.uris.iter().map(rst::Uri::show).collect();
        let first = page.uris.first().map_or(1, |u| u.line);
        for (i, x) in o.paths.iter().enumerate() {
            if !page
                .uris
                .iter()
                .any(|u| u.method == o.method && same_path(&u.path, &x.template))
            {
                let line = format!("{} {}", o.method, x.template);
                ctx.differ(
                    &at,
                    Diff {
                        kind: "uri",
                        says: Some(line.clone()),
                        target: format!("{p}.paths[{i}].template"),
                        page: place(doc, first),
                        message: format!("the page has no URI line `{line}`"),
                        help: format!(
                            "the page's URI lines: {}",
                            if shown.is_empty() {
                                "none".into()
                            } else {
                                shown.join(", ")
                            }
                        ),
                    },
                );
            }
        }
        let lines = page.uris.iter().map(|u| (u, "URI line")).chain(
            page.request_lines
                .iter()
                .map(|u| (u, "example request line")),
        );
        for (u, what) in lines {
            if !has(&u.method, &u.path) {
                ctx.differ(
                    &at,
                    Diff {
                        kind: "uri",
                        says: Some(u.show()),
                        target: format!("{p}.paths"),
                        page: place(doc, u.line),
                        message: format!(
                            "the page's {what} `{}` is none of the operation's paths",
                            u.show()
                        ),
                        help: format!("the operation has: {}", spec_paths.join(", ")),
                    },
                );
            }
        }
    }
    path_params(ctx, &at, pages, &uri_docs, o);
    let own_line = |u: &rst::Uri| {
        u.method == o.method && o.paths.iter().any(|x| same_path(&x.template, &u.path))
    };
    super::query::query(ctx, file, pages, &uri_docs, id, o, &own_line);
    request(ctx, &at, pages, o);
    for (i, ex) in o.examples.iter().enumerate() {
        example(ctx, file, pages, &format!("{p}.examples[{i}]"), ex);
    }
}

fn path_params(ctx: &mut Ctx, at: &At, pages: &Pages, uri_docs: &[&PageDoc], o: &spec::Operation) {
    let p = &at.path;
    let mut uri_tables: Vec<(&PageDoc, &Table)> = Vec::new();
    for x in &o.path_params {
        for t in tables(pages, &x.source) {
            if !uri_tables.iter().any(|(_, u)| std::ptr::eq(*u, t.1)) {
                uri_tables.push(t);
            }
        }
    }
    if uri_tables.is_empty() {
        for doc in uri_docs {
            if let Some(t) = doc
                .page
                .tables
                .iter()
                .find(|t| t.section.eq_ignore_ascii_case("URI"))
            {
                uri_tables.push((doc, t));
            }
        }
    }
    for (doc, t) in uri_tables {
        for row in &t.rows {
            let name = t.name(row);
            // A query parameter the spec has is compared as one (`query.rs`).
            if o.query_params.iter().any(|q| q.name == name) {
                continue;
            }
            match o.path_params.iter().position(|x| x.name == name) {
                None => ctx.differ(at, Diff {
                    kind: "no_field",
                    says: Some(name.clone()),
                    target: format!("{p}.path_params"),
                    page: place(doc, row.line),
                    message: format!("{} row `{name}` is not a path parameter of the operation", t.label()),
                    help: format!("add `{name}` to `path_params` and the path templates"),
                }),
                Some(i) if t.mandatory(row) == Some(Mandatory::No) => ctx.differ(at, Diff {
                    kind: "mandatory",
                    says: Some("No".into()),
                    target: format!("{p}.path_params[{i}]"),
                    page: place(doc, row.line),
                    message: format!("{} says path parameter `{name}` is optional, but a path parameter is always sent", t.label()),
                    help: "check the page; an optional URI part needs a second path template".into(),
                }),
                Some(_) => {}
            }
        }
        for (i, x) in o.path_params.iter().enumerate() {
            if t.row(&x.name).is_none() {
                ctx.differ(
                    at,
                    Diff {
                        kind: "not_in_table",
                        says: None,
                        target: format!("{p}.path_params[{i}].name"),
                        page: place(doc, t.line),
                        message: format!("path parameter `{}` has no row in {}", x.name, t.label()),
                        help: "check the name against the page's URI table".into(),
                    },
                );
            }
        }
    }
}

fn request(ctx: &mut Ctx, at: &At, pages: &Pages, o: &spec::Operation) {
    let Some(r) = &o.request else { return };
    let Some(w) = &r.wrapper else { return };
    let target = format!("{}.request.wrapper", at.path);
    for (doc, t) in tables(pages, &r.source) {
        for row in &t.rows {
            let name = t.name(row);
            // A constant's row is in the request too, beside the wrapper.
            if &name != w && !r.constants.iter().any(|c| c.name == name) {
                ctx.differ(at, Diff {
                    kind: "no_field",
                    says: Some(name.clone()),
                    target: target.clone(),
                    page: place(doc, row.line),
                    message: format!("{} row `{name}` is not in the request, which the spec wraps in `{w}` beside its constants", t.label()),
                    help: "the request table should hold the wrapper; check which table the request cites".into(),
                });
            }
        }
        match t.row(w) {
            None => ctx.differ(
                at,
                Diff {
                    kind: "not_in_table",
                    says: None,
                    target: target.clone(),
                    page: place(doc, t.line),
                    message: format!(
                        "{} has no row `{w}`, the key the spec wraps the request body in",
                        t.label()
                    ),
                    help: "correct `wrapper`, or cite the table that lists it".into(),
                },
            ),
            Some(row) => {
                if let Some(ty) = t.ty(row).filter(|ty| *ty != PageType::Object) {
                    let says = t.cell(row, rst::Column::Type).unwrap_or_default();
                    ctx.differ(at, Diff {
                        kind: "type",
                        says: Some(says),
                        target: target.clone(),
                        page: place(doc, row.line),
                        message: format!("{} row `{w}` is of type {ty:?}, but the spec wraps an object in it", t.label()),
                        help: "check the page's request table".into(),
                    });
                }
                if t.mandatory(row).is_some_and(|m| m != Mandatory::Yes) {
                    ctx.differ(
                        at,
                        Diff {
                            kind: "mandatory",
                            says: Some("No".into()),
                            target: target.clone(),
                            page: place(doc, row.line),
                            message: format!(
                                "{} says `{w}` is optional, but the spec always sends it",
                                t.label()
                            ),
                            help: "check the page's request table".into(),
                        },
                    );
                }
            }
        }
    }
}

fn example(ctx: &mut Ctx, file: &LoadedFile, pages: &Pages, ep: &str, ex: &spec::OperationExample) {
    let at = At {
        file,
        path: ep.to_string(),
        devs: &ex.doc_deviations,
        only: None,
    };
    for (key, cites) in cite::parts(&ex.source) {
        let Some(doc) = pages.get(key) else { continue };
        for c in cites {
            let Cite::Example(kind, n) = c else { continue };
            let Some(pe) = doc
                .page
                .examples
                .iter()
                .find(|e| e.kind == kind && e.number == n.unwrap_or(1))
            else {
                continue;
            };
            let (value, target) = match kind {
                ExampleKind::Request => (ex.request.as_ref(), format!("{ep}.request")),
                ExampleKind::Response => (
                    ex.response.as_ref().map(|r| &r.body),
                    format!("{ep}.response.body"),
                ),
            };
            let label = pe.label();
            let Some(value) = value else {
                ctx.differ(
                    &at,
                    Diff {
                        kind: "example",
                        says: None,
                        target: ep.to_string(),
                        page: place(doc, pe.line),
                        message: format!(
                            "the example `{}` cites {label} but has no {}",
                            ex.name,
                            if kind == ExampleKind::Request {
                                "request"
                            } else {
                                "response"
                            }
                        ),
                        help: "transcribe the page's example".into(),
                    },
                );
                continue;
            };
            let differences = match (&pe.body, serde_json::to_value(value)) {
                (Body::Json(page), Ok(spec)) => json::differences(page, &spec),
                (Body::Text { error, .. }, _) => {
                    vec![format!("the page's block is not JSON ({error})")]
                }
                (_, Err(e)) => vec![format!("the spec's value is not JSON ({e})")],
            };
            if !differences.is_empty() {
                let line = match (&pe.body, serde_json::to_value(value)) {
                    (Body::Text { line, .. }, _) => *line,
                    (Body::Json(page), Ok(spec)) => json::first_difference(page, &spec)
                        .map_or(pe.body_line, |keys| pe.line_of(&keys)),
                    (Body::Json(_), Err(_)) => pe.body_line,
                };
                ctx.differ(
                    &at,
                    Diff {
                        kind: "example",
                        says: None,
                        target,
                        page: place(doc, line),
                        message: format!(
                            "{label} and the example `{}` differ: {}",
                            ex.name,
                            differences.join("; ")
                        ),
                        help: "transcribe the page's example as published".into(),
                    },
                );
            }
        }
    }
}
