//! From a page as read to what the draft says: the operation, its schemas, examples, and the
//! tables and examples it cannot transcribe.

use std::collections::BTreeSet;

use super::cells;
use super::examples::{examples, nullables};
pub use super::model::*;
use super::uri::{function_text, uri_params};
use super::yaml::placeholder;
use crate::docs::rst::{Cell, Mandatory, Page, PageType, Row, Table};
use crate::names;

pub(super) struct Ctx<'a> {
    pub(super) page: &'a Page,
    /// The page's own label (`.. _en-us_topic_0094148850:`), which its tables' labels extend.
    own: Option<String>,
    pub(super) key: String,
    pub(super) camel: String,
    taken: BTreeSet<String>,
    /// Table number → schema name, in the order the names were given.
    named: Vec<(u32, String)>,
    schemas: Vec<Schema>,
}

pub(super) fn side(t: &Table) -> Option<Side> {
    let s = t.section.to_ascii_lowercase();
    if s.contains("example") {
        None
    } else if s.contains("request") {
        Some(Side::Request)
    } else if s.contains("response") {
        Some(Side::Response)
    } else {
        None
    }
}

/// Which table `t` is: its number, or for a table without one a number past any page's.
fn table_id(page: &Page, t: &Table) -> u32 {
    t.number.unwrap_or_else(|| {
        let at = page.tables.iter().position(|x| std::ptr::eq(x, t));
        100_000 + at.map_or(0, |i| i as u32)
    })
}

/// The place a source cites for table `t`: `Table 3`, or for a table without a number its
/// section, with the line in words the citation reader skips.
fn place(t: &Table) -> String {
    match t.number {
        Some(n) => format!("Table {n}"),
        None => format!(
            "{} (the table without a number at line {})",
            t.section, t.line
        ),
    }
}

/// The place of a value list: `Table 4 (policies)`.
fn place_of(t: &Table, wire: &str) -> String {
    match t.number {
        Some(n) => format!("Table {n} ({wire})"),
        None => format!(
            "{} (the table without a number at line {}, {wire})",
            t.section, t.line
        ),
    }
}

pub(super) fn is_uri(t: &Table) -> bool {
    t.section.eq_ignore_ascii_case("URI")
}

/// The plain text of the Description cell, without the `Definition` label of the
/// Definition / Constraints / Range layout.
pub(super) fn described(t: &Table, row: &Row) -> String {
    let text = description(t, row).map(Cell::plain).unwrap_or_default();
    text.strip_prefix("Definition ")
        .map_or(text.clone(), str::to_string)
}

/// The Description cell of `row` (the last cell when no column is called so).
pub(super) fn description<'r>(t: &Table, row: &'r Row) -> Option<&'r Cell> {
    let i = t
        .columns
        .iter()
        .position(|c| c.to_ascii_lowercase().starts_with("description"))
        .unwrap_or(t.columns.len().saturating_sub(1));
    row.cells.get(i).or(row.cells.last())
}

pub fn build(page: &Page, raw: &[&str], page_name: &str) -> Drafted {
    let file = page_name.rsplit('/').next().unwrap_or(page_name);
    let stem = file.strip_suffix(".rst").unwrap_or(file);
    let mut id = names::snake(stem);
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id = format!("op_{id}");
    }
    let key = format!("{}-doc", id.replace('_', "-"));
    let camel = names::camel(&id);
    let own = raw.iter().find_map(|l| {
        let label = l.trim().strip_prefix(".. _")?.strip_suffix(':')?;
        (!label.contains("__")).then(|| label.to_string())
    });
    let mut ctx = Ctx {
        page,
        own,
        key: key.clone(),
        camel: camel.clone(),
        taken: BTreeSet::from([camel.clone()]),
        named: Vec::new(),
        schemas: Vec::new(),
    };
    let title = page
        .sections
        .first()
        .map_or(stem.to_string(), |s| s.title.clone());
    let method = page.uris.first().map_or("GET".into(), |u| u.method.clone());
    let mut comments = Vec::new();
    let mut paths: Vec<(String, Option<String>)> = Vec::new();
    let mut query_names: Vec<String> = Vec::new();
    for u in &page.uris {
        if u.method != method {
            comments.push(format!(
                "the page also has the URI line `{}` (line {}), another method: draft it as an operation of its own",
                u.show(),
                u.line
            ));
            continue;
        }
        let line = raw.get(u.line.wrapping_sub(1)).copied().unwrap_or("");
        if let Some((_, q)) = line.split_once('?') {
            for part in q.split('&').filter(|p| !p.is_empty()) {
                let name = part.split('=').next().unwrap_or(part).trim();
                if !name.is_empty() && !query_names.iter().any(|n| n == name) {
                    query_names.push(name.to_string());
                }
            }
        }
        if paths.iter().any(|(p, _)| *p == u.path) {
            continue;
        }
        let variant = (!paths.is_empty()).then(|| {
            let first = u
                .path
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("");
            let v = names::snake(first);
            match v.is_empty() || paths.iter().any(|(_, x)| x.as_deref() == Some(v.as_str())) {
                true => format!("path_{}", paths.len() + 1),
                false => v,
            }
        });
        paths.push((u.path.clone(), variant));
    }
    let (path_params, query) = uri_params(&mut ctx, &paths, &query_names);
    let (request, response) = bodies(&mut ctx);
    let errors = match paths.first().map(|(p, _)| p.as_str()).unwrap_or("") {
        p if p.starts_with("/v2.1/") || p.contains("/servers/") && !p.contains("cloudservers") => {
            "nova"
        }
        _ => "ecs",
    };
    let mut drafted = Drafted {
        key,
        page: page_name.to_string(),
        title: title.clone(),
        id,
        summary: placeholder(&title),
        description: function_text(page, raw).map(|t| placeholder(&t)),
        method,
        paths,
        path_params,
        query,
        paging: None,
        paging_comments: Vec::new(),
        request,
        response,
        errors,
        examples: Vec::new(),
        deviations: Vec::new(),
        schemas: Vec::new(),
        comments,
    };
    examples(&ctx, &mut drafted);
    let cited: BTreeSet<u32> = ctx
        .named
        .iter()
        .map(|(n, _)| *n)
        .chain(drafted.request.iter().filter_map(|r| table_of(&r.source)))
        .collect();
    for t in &page.tables {
        let transcribed = ctx.named.iter().find(|(n, _)| *n == table_id(page, t));
        if t.number.is_none()
            && !is_uri(t)
            && let Some((_, name)) = transcribed
        {
            let why = format!(
                "the table under \"{}\" at line {} has no number, so no source can cite it; the draft transcribes it as `{name}`",
                t.section, t.line
            );
            drafted.deviations.push(Dev {
                kind: "uncited",
                source: format!("{}, {}", drafted.key, place(t)),
                says: t.label(),
                why,
            });
        } else if !is_uri(t) && !t.number.is_some_and(|n| cited.contains(&n)) {
            let why = format!(
                "{} ({}) stands under \"{}\", where the draft reads no body",
                t.label(),
                t.title,
                t.section
            );
            drafted.deviations.push(Dev {
                kind: "uncited",
                source: format!("{}, {}", drafted.key, t.label()),
                says: t.label(),
                why,
            });
        }
    }
    drafted.schemas = ctx.schemas;
    paging(&mut drafted);
    nullables(&mut drafted);
    drafted
}

/// The list's paging, where its query parameters and its answer show one: an optional integer
/// `limit` beside an optional integer `offset` (page numbers) or string `marker` (the `id` of the
/// last item), and an array of objects in the answer. Else, where `limit` is there, a comment.
fn paging(d: &mut Drafted) {
    let query = |name: &str, ty: &str| {
        d.query
            .iter()
            .find(|q| q.name == name && q.ty == ty && !q.required)
    };
    let Some(limit) = query("limit", "integer") else {
        return;
    };
    let fields = |name: &str| {
        d.schemas
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.fields.as_ref())
    };
    let answer = fields(&d.response.0).filter(|_| d.response.2);
    let items = answer.and_then(|fs| {
        fs.iter().find_map(|f| {
            let inner = f.ty.strip_prefix("array<")?.strip_suffix('>')?;
            fields(inner).map(|_| (f.name.clone(), inner.to_string()))
        })
    });
    let count_field = answer.and_then(|fs| {
        fs.iter()
            .find(|f| f.ty == "integer" && matches!(f.name.as_str(), "count" | "total_count"))
            .map(|f| f.name.clone())
    });
    let Some((items, item)) = items else {
        d.paging_comments.push(
            "the query has `limit`, but the answer holds no array of objects to page through: no `paging`"
                .into(),
        );
        return;
    };
    let source = limit.source.clone();
    let (style, cursor, marker_field, first_offset) = if let Some(offset) =
        query("offset", "integer")
    {
        d.paging_comments.push(
                "`paging` reads `offset` as a page number (the first page is `first_offset`): check the page says so, not an item count"
                    .into(),
            );
        let first = offset.limits.default.clone();
        ("offset", offset.name.clone(), None, first)
    } else if let Some(marker) = query("marker", "string") {
        let has_id = fields(&item).is_some_and(|fs| fs.iter().any(|f| f.name == "id"));
        if !has_id {
            d.paging_comments.push(format!(
                    "the query has `marker`, but `{item}` has no `id` to give the next marker: no `paging`"
                ));
            return;
        }
        ("marker", marker.name.clone(), Some("id".to_string()), None)
    } else {
        return;
    };
    d.paging = Some(PagingDraft {
        style,
        cursor,
        items,
        marker_field,
        first_offset,
        count_field,
        source,
    });
}

fn table_of(source: &str) -> Option<u32> {
    source.rsplit("Table ").next()?.trim().parse().ok()
}

pub(super) fn scalar(p: &PageType) -> &'static str {
    match p {
        PageType::String => "string",
        PageType::Integer => "integer",
        PageType::Number => "number",
        PageType::Boolean => "boolean",
        _ => "json",
    }
}

/// Names every request and response table, builds their schemas; the request and the response.
fn bodies(ctx: &mut Ctx) -> (Option<Request>, (String, String, bool)) {
    let page = ctx.page;
    let own_label = ctx.own.clone();
    let own = own_label.as_deref();
    let body: Vec<&Table> = page.tables.iter().filter(|t| side(t).is_some()).collect();
    let linked: BTreeSet<u32> = body
        .iter()
        .flat_map(|t| {
            t.rows
                .iter()
                .flat_map(|r| cells::links(r, own).0)
                .filter(|n| *n != table_id(page, t))
        })
        .collect();
    let top = |s: Side| {
        body.iter()
            .find(|t| side(t) == Some(s) && !linked.contains(&table_id(page, t)))
            .copied()
    };
    let is_body = |n: u32| body.iter().any(|t| table_id(page, t) == n);
    let mut request = None;
    let mut wrapper_table = None;
    if let Some(t) = top(Side::Request) {
        let n = table_id(page, t);
        let source = format!("{}, {}", ctx.key, place(t));
        let wrapped = match t.rows.as_slice() {
            [row] if t.ty(row) == Some(PageType::Object) => cells::links(row, own)
                .0
                .into_iter()
                .find(|m| is_body(*m) && *m != n)
                .map(|m| (t.name(row), m)),
            _ => None,
        };
        request = Some(match wrapped {
            Some((wrapper, inner)) => {
                wrapper_table = Some(n);
                Request {
                    schema: ctx.name(inner, &names::camel(&wrapper)),
                    wrapper: Some(wrapper),
                    source,
                }
            }
            None => Request {
                wrapper: None,
                schema: ctx.name(n, &format!("{}Request", ctx.camel)),
                source,
            },
        });
    }
    ctx.expand(&body, 0);
    let from = ctx.named.len();
    let response = match top(Side::Response) {
        Some(t) => {
            let n = table_id(page, t);
            let name = ctx.name(n, &format!("{}Response", ctx.camel));
            (name, format!("{}, {}", ctx.key, place(t)), true)
        }
        None => (
            format!("{}Response", ctx.camel),
            format!("{}, Response", ctx.key),
            false,
        ),
    };
    ctx.expand(&body, from);
    for t in &body {
        let n = table_id(page, t);
        if Some(n) != wrapper_table {
            let from = ctx.named.len();
            ctx.name(n, &format!("{}Table{n}", ctx.camel));
            ctx.expand(&body, from);
        }
    }
    let named = ctx.named.clone();
    for (n, name) in named {
        if let Some(t) = body.iter().find(|t| table_id(page, t) == n) {
            // The object first, then the enums its fields made.
            let at = ctx.schemas.len();
            let s = ctx.schema(t, &name);
            ctx.schemas.insert(at, s);
        }
    }
    (request, response)
}

impl Ctx<'_> {
    /// Every table that a table named from the `from`-th on links to takes the name of the row
    /// that links to it (unless it has one), and so on down.
    fn expand(&mut self, body: &[&Table], from: usize) {
        let mut i = from;
        while let Some((n, _)) = self.named.get(i).cloned() {
            if let Some(t) = body.iter().find(|t| table_id(self.page, t) == n) {
                for row in &t.rows {
                    for m in cells::links(row, self.own.as_deref()).0 {
                        if m != n && body.iter().any(|b| table_id(self.page, b) == m) {
                            self.name(m, &names::camel(&t.name(row)));
                        }
                    }
                }
            }
            i += 1;
        }
    }

    /// The schema name of table `n`, given `base` unless it has one already.
    fn name(&mut self, n: u32, base: &str) -> String {
        if let Some((_, name)) = self.named.iter().find(|(m, _)| *m == n) {
            return name.clone();
        }
        let name = self.unique(base, n);
        self.named.push((n, name.clone()));
        name
    }

    fn unique(&mut self, base: &str, n: u32) -> String {
        let base = match names::is_identifier(base)
            && base.starts_with(|c: char| c.is_ascii_uppercase())
        {
            true => base.to_string(),
            false => format!("{}Table{n}", self.camel),
        };
        let mut name = base.clone();
        let mut k = 1;
        while names::BARE_TYPES.contains(&name.as_str()) || !self.taken.insert(name.clone()) {
            k += 1;
            name = format!("{base}{k}");
        }
        name
    }

    fn schema(&mut self, t: &Table, name: &str) -> Schema {
        let source = format!("{}, {}", self.key, place(t));
        let mut fields = Vec::new();
        let mut comments = Vec::new();
        let mut seen = BTreeSet::new();
        for row in &t.rows {
            let wire = t.name(row);
            if wire.is_empty() {
                continue;
            }
            if !seen.insert(wire.clone()) {
                comments.push(format!(
                    "{} lists `{wire}` twice (line {}); the draft keeps the first",
                    t.label(),
                    row.line
                ));
                continue;
            }
            fields.push(self.field(t, name, row, &wire, &source));
        }
        Schema {
            name: name.to_string(),
            description: placeholder(&t.title),
            source,
            fields: Some(fields),
            values: Vec::new(),
            integer: false,
            comments,
        }
    }

    fn field(&mut self, t: &Table, owner: &str, row: &Row, wire: &str, source: &str) -> Field {
        let desc = description(t, row);
        let text = described(t, row);
        let page_ty = t.ty(row);
        let (here, elsewhere) = cells::links(row, self.own.as_deref());
        let link = here
            .into_iter()
            .filter(|n| *n != table_id(self.page, t))
            .find_map(|n| {
                self.named
                    .iter()
                    .find(|(m, _)| *m == n)
                    .map(|(_, s)| s.clone())
            });
        let mut comments = Vec::new();
        for label in &elsewhere {
            comments.push(format!("its cell links to a table of another page (`{label}`): transcribe that table as a schema and use it here"));
        }
        let mandatory = t.mandatory(row);
        if let Some(Mandatory::Other(m)) = &mandatory {
            comments.push(format!("the page's Mandatory is `{m}`, neither Yes nor No"));
        }
        let required = mandatory == Some(Mandatory::Yes);
        let ty = match (&page_ty, link) {
            (Some(PageType::Map(inner)), link) => match (&**inner, link) {
                (PageType::Array(_), Some(s)) => format!("map<array<{s}>>"),
                (PageType::Object, Some(s)) => format!("map<{s}>"),
                (_, Some(s)) => {
                    comments.push(format!("the page's type is a map, and its cell links to the table of `{s}`, which lists its keys"));
                    s
                }
                (PageType::Array(Some(v)), None) => format!("map<array<{}>>", scalar(v)),
                (PageType::Array(None), None) => "map<array<json>>".into(),
                (v, None) => format!("map<{}>", scalar(v)),
            },
            (Some(PageType::Array(_)), Some(s)) => format!("array<{s}>"),
            (Some(PageType::Object), Some(s)) => s,
            (Some(PageType::Other(o)), Some(s)) => {
                comments.push(format!(
                    "the page's type is `{o}`; its cell links to the table of `{s}`"
                ));
                s
            }
            (None, Some(s)) => s,
            (Some(PageType::Object), None) => {
                comments.push("an object without a table of its own: `json`, or `map<T>` where its values are of one type".into());
                "json".into()
            }
            (Some(PageType::Array(None)), None) => "array<json>".into(),
            (Some(PageType::Array(Some(inner))), None) => format!("array<{}>", scalar(inner)),
            (Some(PageType::Other(o)), None) => {
                comments.push(format!(
                    "the page's type `{o}` is none the spec knows: `json` until a person decides"
                ));
                "json".into()
            }
            (Some(p), _) => scalar(p).to_string(),
            (None, None) => {
                comments.push(format!(
                    "{} has no Type column: `json` until a person decides",
                    t.label()
                ));
                "json".into()
            }
        };
        let values = desc.map(cells::values).unwrap_or_default();
        let ty = self.values(t, owner, wire, ty, &values, &mut comments);
        let facts = t.facts(row);
        let enumeration = self.enum_of(&ty);
        let limits = cells::limits(&facts, &ty, enumeration.as_ref(), &mut comments);
        // A range the draft could not read into keys stays a note for a person to transcribe.
        let read = limits.minimum.is_some() || limits.maximum.is_some();
        let notes = match ty.as_str() {
            "integer" | "number" if !read => cells::range_sentence(&text)
                .map(|s| placeholder(&s))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        Field {
            name: wire.to_string(),
            ty,
            required,
            nullable: false,
            limits,
            description: placeholder(&text),
            source: source.to_string(),
            notes,
            comments,
        }
    }

    /// The values of the enum schema `ty` names, if it names one the draft made.
    pub(super) fn enum_of(&self, ty: &str) -> Option<cells::EnumOf<'_>> {
        let s = self
            .schemas
            .iter()
            .find(|s| s.name == ty && s.fields.is_none())?;
        Some(cells::EnumOf {
            values: s.values.iter().map(|(v, _, _)| v.as_str()).collect(),
            integer: s.integer,
        })
    }

    /// The field's type once the values its cell lists are considered: a string enum of its
    /// own for strings (and arrays of strings), a comment for everything else.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn values(
        &mut self,
        t: &Table,
        owner: &str,
        wire: &str,
        ty: String,
        values: &[(String, String)],
        comments: &mut Vec<String>,
    ) -> String {
        if values.is_empty() {
            return ty;
        }
        let listed: Vec<&str> = values.iter().map(|(v, _)| v.as_str()).collect();
        // One number alone (`**0** indicates the system disk`) is an example, not a list.
        let numbers = matches!(ty.as_str(), "integer" | "array<integer>");
        let integer =
            numbers && listed.len() > 1 && listed.iter().all(|v| v.parse::<i64>().is_ok());
        let enum_ok = ty == "array<string>" || ty == "string" || integer;
        if !enum_ok {
            let why = match ty.as_str() {
                "integer" | "array<integer>" if listed.len() < 2 => {
                    "an integer enum needs two values or more"
                }
                "integer" | "array<integer>" => "the values are not all whole numbers",
                _ => "the spec's enums hold strings or integers only",
            };
            comments.push(format!(
                "values the page lists: {} ({why})",
                listed.join(", ")
            ));
            return ty;
        }
        let n = table_id(self.page, t);
        let name = self.unique(&format!("{owner}{}", names::camel(wire)), n);
        let mut variants: Vec<(String, Option<String>, String)> = Vec::new();
        let mut rust: BTreeSet<String> = BTreeSet::new();
        for (value, text) in values {
            let camel = match integer {
                // A number's variant is named by the one word that explains it (`**1**:
                // **RUNNING**`), else after the number.
                true => int_variant(value, text),
                false => names::camel(value),
            };
            let own = match camel.starts_with(|c: char| c.is_ascii_uppercase()) && camel != "Other"
            {
                // A number never names its variant: it always needs `rust_name`.
                true if integer => Some(camel.clone()),
                true => None,
                false => Some(format!(
                    "V{}",
                    camel.trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
                )),
            };
            let r = own.clone().unwrap_or(camel);
            if r == "V" || !rust.insert(r) {
                comments.push(format!(
                    "the value `{value}` gives no Rust variant name of its own; left out"
                ));
                continue;
            }
            let text = if text.is_empty() {
                format!("{value} (listed in the cell of `{wire}`)")
            } else {
                text.clone()
            };
            variants.push((value.clone(), own, placeholder(&text)));
        }
        if variants.is_empty() {
            return ty;
        }
        self.schemas.push(Schema {
            name: name.clone(),
            description: placeholder(&format!("the values of `{wire}`")),
            source: format!("{}, {}", self.key, place_of(t, wire)),
            fields: None,
            values: variants,
            integer,
            comments: Vec::new(),
        });
        match ty.as_str() {
            "string" | "integer" => name,
            _ => format!("array<{name}>"),
        }
    }
}

/// The variant name of an integer enum's value: the one word its text is (`RUNNING` gives
/// `Running`), else `V` and the number (`V4`, `VMinus1`).
fn int_variant(value: &str, text: &str) -> String {
    let word = text.trim().trim_end_matches('.');
    let camel = names::camel(word);
    let one_word = !word.is_empty() && !word.contains(char::is_whitespace);
    if one_word && camel.starts_with(|c: char| c.is_ascii_uppercase()) && camel != "Other" {
        return camel;
    }
    match value.strip_prefix('-') {
        Some(n) => format!("VMinus{n}"),
        None => format!("V{value}"),
    }
}
