//! The spec held against the pages its `sources` name with `page:`.
//!
//! The `source` strings are the links: a schema citing `Table 3` is compared row by row with
//! Table 3, an example citing `Example Request 2` with that code block, an operation whose paths
//! cite the page with its URI lines and URI table. A difference the spec states under
//! `doc_deviations` is accepted; a stated deviation that matches nothing is stale.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::cite::{self, Cite};
use super::rst::{self, Body, ExampleKind, Mandatory, Page, PageType, Table};
use super::{Finding, PagePlace, Report, SpecPlace, json};
use crate::load::LoadedFile;
use crate::model::Ty;
use crate::spec;

/// A page as read, with its file as shown to people.
pub struct PageDoc {
    pub shown: String,
    pub page: Page,
}

type Pages<'a> = BTreeMap<&'a str, &'a PageDoc>;

struct Ctx<'a> {
    report: Report,
    schemas: HashMap<&'a str, &'a spec::Schema>,
    /// Deviations that matched a difference: (spec file, path of the deviation).
    used: HashSet<(String, String)>,
}

/// Where a finding may be excused: the spec item that holds `doc_deviations`.
struct At<'a> {
    file: &'a LoadedFile,
    path: String,
    devs: &'a [spec::Deviation],
}

/// One difference before the deviations are consulted.
struct Diff {
    kind: &'static str,
    says: Option<String>,
    target: String,
    page: PagePlace,
    message: String,
    help: String,
}

/// Holds every spec file against the pages in `docs` that its sources name.
pub fn check(files: &[LoadedFile], docs: &Path) -> Report {
    let mut ctx = Ctx {
        report: Report::default(),
        schemas: HashMap::new(),
        used: HashSet::new(),
    };
    for file in files {
        for (name, s) in &file.spec.schemas {
            ctx.schemas.entry(name.as_str()).or_insert(s);
        }
    }
    let mut loaded: BTreeMap<&str, Option<PageDoc>> = BTreeMap::new();
    for file in files {
        for (key, s) in &file.spec.sources {
            let Some(name) = s.page.as_deref() else {
                continue;
            };
            if loaded.contains_key(name) {
                continue;
            }
            let path = docs.join(name);
            let shown = shown(&path);
            let at = spec_place(file, &format!("sources.{key}.page"));
            let doc = match std::fs::read(&path) {
                Ok(bytes) => PageDoc {
                    shown,
                    page: rst::read(&bytes),
                },
                Err(e) => {
                    ctx.report.findings.push(Finding {
                        message: format!("the page `{name}` cannot be read: {e}"),
                        page: PagePlace { file: shown, line: 0 },
                        spec: at,
                        help: Some("vendor the published page verbatim into the spec's `docs/` folder, or correct `page:`".into()),
                    });
                    loaded.insert(name, None);
                    continue;
                }
            };
            for p in &doc.page.problems {
                ctx.report.findings.push(Finding {
                    message: format!("the page cannot be read here: {}", p.message),
                    page: PagePlace {
                        file: doc.shown.clone(),
                        line: p.line,
                    },
                    spec: at.clone(),
                    help: Some(
                        "the check compares what it could read; repair the page's markup (compare with the published page)"
                            .into(),
                    ),
                });
            }
            let r = &mut ctx.report;
            r.pages += 1;
            r.tables += doc.page.tables.len();
            r.rows += doc.page.tables.iter().map(|t| t.rows.len()).sum::<usize>();
            r.examples += doc.page.examples.len();
            loaded.insert(name, Some(doc));
        }
    }
    for file in files {
        let pages: Pages = file
            .spec
            .sources
            .iter()
            .filter_map(|(key, s)| {
                let doc = loaded.get(s.page.as_deref()?)?.as_ref()?;
                Some((key.as_str(), doc))
            })
            .collect();
        if pages.is_empty() {
            continue;
        }
        citations(&mut ctx, file, &pages);
        for (id, o) in &file.spec.operations {
            operation(&mut ctx, file, &pages, id, o);
        }
        for (name, s) in &file.spec.schemas {
            schema(&mut ctx, file, &pages, name, s);
        }
    }
    stale(&mut ctx, files, &loaded);
    let mut report = ctx.report;
    report.findings.sort_by(|a, b| {
        (&a.spec.file, a.spec.line, &a.message).cmp(&(&b.spec.file, b.spec.line, &b.message))
    });
    report
}

fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let p = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    p.to_string_lossy().replace('\\', "/")
}

fn spec_place(file: &LoadedFile, path: &str) -> SpecPlace {
    let d = file.diag(path, "");
    SpecPlace {
        file: d.file,
        line: d.line,
        column: d.column,
        path: d.path,
    }
}

fn place(doc: &PageDoc, line: usize) -> PagePlace {
    PagePlace {
        file: doc.shown.clone(),
        line,
    }
}

impl Ctx<'_> {
    /// Reports `d` unless a deviation at `at` states it.
    fn differ(&mut self, at: &At, d: Diff) {
        for (i, dev) in at.devs.iter().enumerate() {
            if dev.kind == d.kind && says_match(d.kind, dev.page_says.as_deref(), d.says.as_deref())
            {
                let key = (
                    at.file.display.clone(),
                    format!("{}.doc_deviations[{i}]", at.path),
                );
                if self.used.insert(key) {
                    self.report.deviations += 1;
                }
                return;
            }
        }
        let state = match &d.says {
            Some(s) => format!("kind: {}, page_says: \"{s}\"", d.kind),
            None => format!("kind: {}", d.kind),
        };
        self.report.findings.push(Finding {
            message: d.message,
            page: d.page,
            spec: spec_place(at.file, &d.target),
            help: Some(format!(
                "{}; or, if the spec differs on purpose, state it at `{}`: `doc_deviations: [{{{state}, reason: ..., source: ...}}]`",
                d.help,
                at.file.locator.display(&at.path)
            )),
        });
    }
}

fn says_match(kind: &str, stated: Option<&str>, found: Option<&str>) -> bool {
    let (Some(stated), Some(found)) = (stated, found) else {
        return stated.is_none();
    };
    match kind {
        "type" => PageType::parse(stated) == PageType::parse(found),
        "mandatory" => Mandatory::parse(stated) == Mandatory::parse(found),
        _ => norm(stated) == norm(found),
    }
}

fn norm(s: &str) -> String {
    rst::plain(s).to_lowercase()
}

/// The tables of the pages that `source` cites.
fn tables<'p>(pages: &Pages<'p>, source: &str) -> Vec<(&'p PageDoc, &'p Table)> {
    let mut out: Vec<(&PageDoc, &Table)> = Vec::new();
    for (key, cites) in cite::parts(source) {
        let Some(doc) = pages.get(key) else { continue };
        for c in cites {
            if let Cite::Table(n) = c
                && let Some(t) = doc.page.tables.iter().find(|t| t.number == Some(n))
                && !out.iter().any(|(_, o)| std::ptr::eq(*o, t))
            {
                out.push((doc, t));
            }
        }
    }
    out
}

/// Every citation of a table or example must name one the page has.
fn citations(ctx: &mut Ctx, file: &LoadedFile, pages: &Pages) {
    for (path, source) in crate::check::cited(file) {
        for (key, cites) in cite::parts(source) {
            let Some(doc) = pages.get(key) else { continue };
            let page = &doc.page;
            for c in cites {
                let (missing, near, what, have) = match c {
                    Cite::Table(n) => (
                        !page.tables.iter().any(|t| t.number == Some(n)),
                        page.tables
                            .iter()
                            .rfind(|t| t.number.is_some_and(|m| m < n))
                            .map_or(1, |t| t.line),
                        format!("Table {n}"),
                        page.tables
                            .iter()
                            .map(|t| format!("{} ({})", t.label(), t.title))
                            .collect::<Vec<_>>(),
                    ),
                    Cite::Example(kind, n) => {
                        let of_kind: Vec<&rst::Example> =
                            page.examples.iter().filter(|e| e.kind == kind).collect();
                        let bare = n.is_none()
                            && kind == ExampleKind::Request
                            && !page.request_lines.is_empty();
                        (
                            !bare && !of_kind.iter().any(|e| e.number == n.unwrap_or(1)),
                            of_kind.last().map_or(1, |e| e.line),
                            match n {
                                Some(n) => format!("{} {n}", kind.show()),
                                None => kind.show().to_string(),
                            },
                            page.examples.iter().map(|e| e.label()).collect(),
                        )
                    }
                };
                if missing {
                    let have = if have.is_empty() {
                        "none".to_string()
                    } else {
                        have.join(", ")
                    };
                    ctx.report.findings.push(Finding {
                        message: format!("`{key}` cites {what}, which the page does not have"),
                        page: place(doc, near),
                        spec: spec_place(file, &path),
                        help: Some(format!(
                            "the page has: {have}; cite what the spec transcribes"
                        )),
                    });
                }
            }
        }
    }
}

fn same_path(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

fn operation(ctx: &mut Ctx, file: &LoadedFile, pages: &Pages, id: &str, o: &spec::Operation) {
    let p = format!("operations.{id}");
    let at = At {
        file,
        path: p.clone(),
        devs: &o.doc_deviations,
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
            if &name != w {
                ctx.differ(at, Diff {
                    kind: "no_field",
                    says: Some(name.clone()),
                    target: target.clone(),
                    page: place(doc, row.line),
                    message: format!("{} row `{name}` is not in the request, which the spec wraps in `{w}` alone", t.label()),
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
                let line = match &pe.body {
                    Body::Text { line, .. } => *line,
                    Body::Json(_) => pe.body_line,
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

fn schema(ctx: &mut Ctx, file: &LoadedFile, pages: &Pages, name: &str, s: &spec::Schema) {
    let Some(fields) = &s.fields else { return };
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
            && !fits(ctx, &f.ty, &pt)
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

/// Whether the spec type expression `ty` is what the page's type means.
fn fits(ctx: &Ctx, ty: &str, page: &PageType) -> bool {
    Ty::parse(ty).map_or(true, |t| fits_ty(ctx, &t, page, 0))
}

fn fits_ty(ctx: &Ctx, ty: &Ty, page: &PageType, depth: usize) -> bool {
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
        (Ty::Array(_), PageType::Array(None)) => true,
        (Ty::Array(t), PageType::Array(Some(p))) => fits_ty(ctx, t, p, depth + 1),
        (Ty::Named(n), _) => match ctx.schemas.get(n.as_str()) {
            None => true,
            Some(s) if s.fields.is_some() => *page == PageType::Object,
            Some(s) if s.values.is_some() => *page == PageType::String,
            Some(s) => s
                .one_of
                .iter()
                .flatten()
                .any(|v| Ty::parse(&v.ty).is_ok_and(|t| fits_ty(ctx, &t, page, depth + 1))),
        },
        _ => false,
    }
}

/// Every stated deviation that no difference matched.
fn stale(ctx: &mut Ctx, files: &[LoadedFile], loaded: &BTreeMap<&str, Option<PageDoc>>) {
    for file in files {
        let pages: Pages = file
            .spec
            .sources
            .iter()
            .filter_map(|(key, s)| Some((key.as_str(), loaded.get(s.page.as_deref()?)?.as_ref()?)))
            .collect();
        // Each list of deviations, with the row name it is about and the sources of its item
        // (where the page place comes from when the deviation's own source cites no page).
        let mut lists: Vec<(String, Option<&str>, Vec<&str>, &[spec::Deviation])> = Vec::new();
        for (id, o) in &file.spec.operations {
            let p = format!("operations.{id}");
            let mut context: Vec<&str> = o.paths.iter().map(|x| x.source.as_str()).collect();
            context.push(&o.source);
            lists.push((p.clone(), None, context, &o.doc_deviations));
            for (i, ex) in o.examples.iter().enumerate() {
                let context = vec![ex.source.as_str()];
                lists.push((
                    format!("{p}.examples[{i}]"),
                    None,
                    context,
                    &ex.doc_deviations,
                ));
            }
        }
        for (name, s) in &file.spec.schemas {
            let p = format!("schemas.{name}");
            lists.push((p.clone(), None, vec![&s.source], &s.doc_deviations));
            for (i, f) in s.fields.iter().flatten().enumerate() {
                let context = vec![f.source.as_str(), s.source.as_str()];
                let row = Some(f.name.as_str());
                lists.push((format!("{p}.fields[{i}]"), row, context, &f.doc_deviations));
            }
        }
        for (path, row_name, context, devs) in lists {
            for (i, d) in devs.iter().enumerate() {
                let dp = format!("{path}.doc_deviations[{i}]");
                if ctx.used.contains(&(file.display.clone(), dp.clone())) {
                    continue;
                }
                let row = row_name.or(d.page_says.as_deref());
                let page = std::iter::once(d.source.as_str())
                    .chain(context.iter().copied())
                    .find_map(|source| deviation_place(&pages, source, row))
                    .or_else(|| pages.values().next().map(|doc| place(doc, 1)));
                let says = d
                    .page_says
                    .as_deref()
                    .map_or(String::new(), |s| format!(" (page_says: \"{s}\")"));
                ctx.report.findings.push(Finding {
                    message: format!("stale deviation: the page no longer differs from the spec as this `{}` deviation states{says}", d.kind),
                    page: page.unwrap_or(PagePlace { file: "(no page cited)".into(), line: 0 }),
                    spec: spec_place(file, &dp),
                    help: Some("the page changed: remove the deviation, or update the spec to the page and then state what still differs".into()),
                });
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
                    if let Some(t) = doc.page.tables.iter().find(|t| t.number == Some(n)) {
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
