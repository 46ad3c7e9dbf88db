//! The spec held against the pages its `sources` name with `page:`.
//!
//! The `source` strings are the links: a schema citing `Table 3` is compared row by row with
//! Table 3, an example citing `Example Request 2` with that code block, an operation whose paths
//! cite the page with its URI lines and URI table. A difference the spec states under
//! `doc_deviations` is accepted; a stated deviation that matches nothing is stale.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

mod coverage;
mod error_codes;
mod operations;
mod query;
mod schemas;
mod stale;
mod statements;

use super::cite::{self, Cite};
use super::rst::{self, ExampleKind, Mandatory, Page, PageType, Table};
use super::{Finding, PagePlace, Report};
use crate::load::LoadedFile;
use crate::model::Model;
use crate::spec;

/// A page as read, with its file as shown to people.
pub struct PageDoc {
    pub shown: String,
    /// Its name under the `docs/` folder, as `page:` gives it.
    pub name: String,
    pub page: Page,
}

type Pages<'a> = BTreeMap<&'a str, &'a PageDoc>;

struct Ctx<'a> {
    report: Report,
    /// The checked model, for what the spec's texts mean (field types, schema kinds).
    model: &'a Model,
    /// Deviations that matched a difference: (spec file, path of the deviation).
    used: HashSet<(String, String)>,
    /// Of those, the ones that cite none of the several tables an item's row stands in, with
    /// the table (by address) whose difference they excused first: the only one they excuse.
    bound: HashMap<(String, String), usize>,
    /// The tables each schema's own `source` cites, as (page name, table number), over all files.
    cites: HashMap<String, Vec<(String, cite::TableRef)>>,
    /// Every page of the `docs/` folder, for the `:ref:` links of cells into other pages: read
    /// the first time a link is to be resolved.
    library: std::cell::OnceCell<crate::docs::links::Library>,
    docs: &'a Path,
}

impl Ctx<'_> {
    fn library(&self) -> &crate::docs::links::Library {
        self.library
            .get_or_init(|| crate::docs::links::Library::read(self.docs))
    }
}

/// Where a finding may be excused: the spec item that holds `doc_deviations`.
struct At<'a> {
    file: &'a LoadedFile,
    path: String,
    devs: &'a [spec::Deviation],
    /// Set while the item is held against one of several tables it cites (see `report_diff`).
    only: Option<Only<'a>>,
}

/// One of several cited tables that an item's row stands in, while the item is held against it.
struct Only<'a> {
    table: &'a Table,
    /// Every table the item's row stands in.
    rows: &'a [&'a Table],
    pages: &'a Pages<'a>,
}

impl Only<'_> {
    /// Whether `dev` may excuse a difference with this table: a deviation whose `source` cites
    /// some of the row's tables is for those only; one that cites none of them is for the first
    /// that differs as it states, which `bound` records (`here` is the deviation's key).
    fn excusable_by(
        &self,
        dev: &spec::Deviation,
        here: &(String, String),
        bound: &mut HashMap<(String, String), usize>,
    ) -> bool {
        let named: Vec<&Table> = tables(self.pages, &dev.source)
            .into_iter()
            .map(|(_, t)| t)
            .filter(|t| self.rows.iter().any(|r| std::ptr::eq(*r, *t)))
            .collect();
        if !named.is_empty() {
            return named.iter().any(|t| std::ptr::eq(*t, self.table));
        }
        let table = std::ptr::from_ref(self.table) as usize;
        *bound.entry(here.clone()).or_insert(table) == table
    }
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

/// Holds every spec file against the pages in `docs` that its sources name; `model` is the files'
/// model, for what their type expressions mean.
pub fn check(files: &[LoadedFile], model: &Model, docs: &Path) -> Report {
    let mut ctx = Ctx {
        report: Report::default(),
        model,
        used: HashSet::new(),
        bound: HashMap::new(),
        cites: schema_cites(files),
        library: std::cell::OnceCell::new(),
        docs,
    };
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
            let shown = crate::load::display_path(&path);
            let at = format!("sources.{key}.page");
            let doc = match std::fs::read(&path) {
                Ok(bytes) => PageDoc {
                    shown,
                    name: name.to_string(),
                    page: rst::read(&bytes),
                },
                Err(e) => {
                    ctx.report.findings.push(finding(
                        file,
                        &at,
                        format!("the page `{name}` cannot be read: {e}"),
                        PagePlace { file: shown, line: 0 },
                        "vendor the published page verbatim into the spec's `docs/` folder, or correct `page:`",
                    ));
                    loaded.insert(name, None);
                    continue;
                }
            };
            for p in &doc.page.problems {
                ctx.report.findings.push(finding(
                    file,
                    &at,
                    format!("the page cannot be read here: {}", p.message),
                    place(&doc, p.line),
                    "the check compares what it could read; repair the page's markup (compare with the published page)",
                ));
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
            operations::operation(&mut ctx, file, &pages, id, o);
        }
        // The model's schemas of the file, each with the spec entry it was lowered from.
        let model = ctx.model;
        for m in model.schemas.iter().filter(|m| m.file == file.name) {
            if let Some(s) = file.spec.schemas.get(&m.name) {
                schemas::schema(&mut ctx, file, &pages, (m, s));
            }
        }
        error_codes::error_codes(&mut ctx, file, &pages);
    }
    coverage::coverage(&mut ctx, files, &loaded);
    stale::stale(&mut ctx, files, &loaded);
    let mut report = ctx.report;
    for list in [&mut report.findings, &mut report.gaps] {
        list.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    }
    report
}

/// The tables each schema's `source` cites, by page name and number.
fn schema_cites(files: &[LoadedFile]) -> HashMap<String, Vec<(String, cite::TableRef)>> {
    let mut out: HashMap<String, Vec<(String, cite::TableRef)>> = HashMap::new();
    for file in files {
        for (name, s) in &file.spec.schemas {
            for (key, cites) in cite::parts(&s.source) {
                let Some(page) = file.spec.sources.get(key).and_then(|k| k.page.as_deref()) else {
                    continue;
                };
                for c in cites {
                    if let Cite::Table(n) = c {
                        out.entry(name.clone())
                            .or_default()
                            .push((page.to_string(), n));
                    }
                }
            }
        }
    }
    out
}

/// A finding at `path` of the spec file, about `page`: a diagnostic located in the spec (file,
/// line, column, path, the line's text) with the page as its second place.
fn finding(
    file: &LoadedFile,
    path: &str,
    message: String,
    page: PagePlace,
    help: impl Into<String>,
) -> Finding {
    file.diag(path, message)
        .with_related("page", page.file, page.line)
        .with_help(help)
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
        self.report_diff(at, d, false);
    }

    /// Reports `d`, unless a deviation at `at` states it, as a gap: something the page states
    /// that the spec does not say yet (a default or a bound of what a request sends), listed
    /// without failing the check.
    fn gap(&mut self, at: &At, d: Diff) {
        self.report_diff(at, d, true);
    }

    /// A deviation that matches `d` excuses it; where `at` is one of several tables an item's
    /// row stands in, only a deviation for that table (see [`Only::excusable_by`]; the tables
    /// are compared in the order the item's sources cite them).
    fn report_diff(&mut self, at: &At, d: Diff, gap: bool) {
        for (i, dev) in at.devs.iter().enumerate() {
            if dev.kind != d.kind
                || !says_match(d.kind, dev.page_says.as_deref(), d.says.as_deref())
            {
                continue;
            }
            let key = (
                at.file.display.clone(),
                format!("{}.doc_deviations[{i}]", at.path),
            );
            if let Some(only) = &at.only
                && !only.excusable_by(dev, &key, &mut self.bound)
            {
                continue;
            }
            if self.used.insert(key) {
                self.report.deviations += 1;
            }
            return;
        }
        let state = match &d.says {
            Some(s) => format!("kind: {}, page_says: \"{s}\"", d.kind),
            None => format!("kind: {}", d.kind),
        };
        let f = finding(
            at.file,
            &d.target,
            d.message,
            d.page,
            format!(
                "{}; or, if the spec differs on purpose, state it at `{}`: `doc_deviations: [{{{state}, reason: ..., source: ...}}]`",
                d.help,
                at.file.locator.display(&at.path)
            ),
        );
        match gap {
            false => self.report.findings.push(f),
            true => self.report.gaps.push(f),
        }
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
                && let Some(t) = doc.page.tables.iter().find(|t| t.is(&n))
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
    for (path, source) in file.spec.cited() {
        let path = path.to_string();
        for (key, cites) in cite::parts(source) {
            let Some(doc) = pages.get(key) else { continue };
            let page = &doc.page;
            for c in cites {
                let (missing, near, what, have) = match c {
                    Cite::Table(r) => (
                        !page.tables.iter().any(|t| t.is(&r)),
                        page.tables
                            .iter()
                            .rfind(|t| match &r {
                                cite::TableRef::Number(n) => t.number.is_some_and(|m| m < *n),
                                cite::TableRef::Title(_) => false,
                            })
                            .map_or(1, |t| t.line),
                        r.to_string(),
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
                    ctx.report.findings.push(finding(
                        file,
                        &path,
                        format!("`{key}` cites {what}, which the page does not have"),
                        place(doc, near),
                        format!("the page has: {have}; cite what the spec transcribes"),
                    ));
                }
            }
        }
    }
}
