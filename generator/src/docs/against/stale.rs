//! Stated deviations that no difference matched: the page changed under them.

use std::collections::BTreeMap;

use super::{Ctx, PageDoc, Pages, finding, place};
use crate::docs::PagePlace;
use crate::docs::cite::{self, Cite};
use crate::load::LoadedFile;
use crate::spec;

/// A list of deviations: where it stands, the row it is about, the sources of its item (where the
/// page place comes from when a deviation's own source cites no page), and (for an operation)
/// its query parameters' names.
struct List<'a> {
    path: String,
    row: Option<&'a str>,
    context: Vec<&'a str>,
    devs: &'a [spec::Deviation],
    query: Vec<&'a str>,
}

/// Every stated deviation that no difference matched.
pub(super) fn stale(ctx: &mut Ctx, files: &[LoadedFile], loaded: &BTreeMap<&str, Option<PageDoc>>) {
    for file in files {
        let pages: Pages = file
            .spec
            .sources
            .iter()
            .filter_map(|(key, s)| Some((key.as_str(), loaded.get(s.page.as_deref()?)?.as_ref()?)))
            .collect();
        let mut lists: Vec<List> = Vec::new();
        for (key, s) in &file.spec.sources {
            lists.push(List {
                path: format!("sources.{key}"),
                row: None,
                context: Vec::new(),
                devs: &s.doc_deviations,
                query: Vec::new(),
            });
        }
        for (id, o) in &file.spec.operations {
            let p = format!("operations.{id}");
            let mut context: Vec<&str> = o.paths.iter().map(|x| x.source.as_str()).collect();
            context.push(&o.source);
            lists.push(List {
                path: p.clone(),
                row: None,
                context,
                devs: &o.doc_deviations,
                query: o.query_params.iter().map(|q| q.name.as_str()).collect(),
            });
            for (i, q) in o.query_params.iter().enumerate() {
                let mut context: Vec<&str> = vec![&q.source];
                context.extend(o.paths.iter().map(|x| x.source.as_str()));
                lists.push(List {
                    path: format!("{p}.query_params[{i}]"),
                    row: Some(&q.name),
                    context,
                    devs: &q.doc_deviations,
                    query: Vec::new(),
                });
            }
            for (i, ex) in o.examples.iter().enumerate() {
                lists.push(List {
                    path: format!("{p}.examples[{i}]"),
                    row: None,
                    context: vec![&ex.source],
                    devs: &ex.doc_deviations,
                    query: Vec::new(),
                });
            }
        }
        for (name, s) in &file.spec.schemas {
            let p = format!("schemas.{name}");
            lists.push(List {
                path: p.clone(),
                row: None,
                context: vec![&s.source],
                devs: &s.doc_deviations,
                query: Vec::new(),
            });
            for (i, f) in s.fields.iter().flatten().enumerate() {
                lists.push(List {
                    path: format!("{p}.fields[{i}]"),
                    row: Some(&f.name),
                    context: vec![&f.source, &s.source],
                    devs: &f.doc_deviations,
                    query: Vec::new(),
                });
            }
        }
        for list in lists {
            for (i, d) in list.devs.iter().enumerate() {
                let dp = format!("{}.doc_deviations[{i}]", list.path);
                if ctx.used.contains(&(file.display.clone(), dp.clone())) {
                    continue;
                }
                let row = list.row.or(d.page_says.as_deref());
                let page = std::iter::once(d.source.as_str())
                    .chain(list.context.iter().copied())
                    .find_map(|source| deviation_place(&pages, source, row))
                    .or_else(|| pages.values().next().map(|doc| place(doc, 1)));
                let says = d
                    .page_says
                    .as_deref()
                    .map_or(String::new(), |s| format!(" (page_says: \"{s}\")"));
                let page = page.unwrap_or(PagePlace {
                    file: "(no page cited)".into(),
                    line: 0,
                });
                // A `no_field` deviation for a URI-table row that the operation transcribes as a
                // query parameter: the URI check used to read every row of the table as a path
                // parameter; it compares such a row as a query parameter now. Not needed any
                // more, which is a note (remove it), not a finding.
                let query_row = d.kind == "no_field"
                    && d.page_says
                        .as_deref()
                        .is_some_and(|n| list.query.contains(&n));
                if query_row {
                    ctx.report.gaps.push(finding(
                        file,
                        &dp,
                        format!("deviation no longer needed: `{}` is compared as a query parameter of the operation now, not as a path parameter{says}", d.page_says.as_deref().unwrap_or_default()),
                        page,
                        "remove the deviation",
                    ));
                    continue;
                }
                ctx.report.findings.push(finding(
                    file,
                    &dp,
                    format!("stale deviation: the page no longer differs from the spec as this `{}` deviation states{says}", d.kind),
                    page,
                    "the page changed: remove the deviation, or update the spec to the page and then state what still differs",
                ));
            }
        }
    }
}

/// Where a deviation points in its page: the row it names, else the table or example it cites.
fn deviation_place(pages: &Pages, source: &str, row: Option<&str>) -> Option<PagePlace> {
    let mut first = None;
    for (key, cites) in cite::parts(source) {
        let Some(doc) = pages.get(key) else { continue };
        first.get_or_insert_with(|| place(doc, 1));
        for c in cites {
            match c {
                Cite::Table(n) => {
                    if let Some(t) = doc.page.tables.iter().find(|t| t.is(&n)) {
                        let line = row.and_then(|r| t.row(r)).map_or(t.line, |r| r.line);
                        return Some(place(doc, line));
                    }
                }
                Cite::Example(k, n) => {
                    if let Some(e) = doc
                        .page
                        .examples
                        .iter()
                        .find(|e| e.kind == k && e.number == n.unwrap_or(1))
                    {
                        return Some(place(doc, e.line));
                    }
                }
            }
        }
    }
    first
}
