//! The operation's URI: the Function paragraph, path parameters from the URI table, and the
//! query parameters (of a query table, the URI table's other rows, the URI line's query string).

use super::build::{Ctx, described, is_uri, scalar};
use super::cells;
use super::model::{Limits, Param, Query};
use super::yaml::placeholder;
use crate::docs::rst::{Mandatory, Page, PageType, Row, Table};

/// The first paragraph of the Function section.
pub(super) fn function_text(page: &Page, raw: &[&str]) -> Option<String> {
    let at = page.sections.iter().position(|s| s.title == "Function")?;
    let end = page.sections.get(at + 1).map_or(raw.len(), |s| s.line - 1);
    let start = page.sections[at].line + 1;
    let lines: Vec<&str> = raw.get(start..end)?.to_vec();
    let para: Vec<&str> = lines
        .iter()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .copied()
        .collect();
    (!para.is_empty()).then(|| crate::docs::rst::plain(&para.join(" ")))
}

/// Path parameters in template order, from the URI table where it has their row; the query
/// parameters: the URI table's rows that name no path parameter, the rows of a query table and
/// the URI line's query string, each with what its row says of it.
pub(super) fn uri_params(
    ctx: &mut Ctx,
    paths: &[(String, Option<String>)],
    query: &[String],
) -> (Vec<Param>, Vec<Query>) {
    let mut names: Vec<String> = Vec::new();
    for (p, _) in paths {
        for part in p.split('{').skip(1) {
            if let Some((name, _)) = part.split_once('}')
                && !names.iter().any(|n| n == name)
            {
                names.push(name.to_string());
            }
        }
    }
    let page = ctx.page;
    let uri_tables: Vec<&Table> = page.tables.iter().filter(|t| is_uri(t)).collect();
    let path_table = uri_tables
        .iter()
        .find(|t| !t.title.to_ascii_lowercase().contains("query"))
        .copied();
    let params = names
        .iter()
        .map(|name| {
            let row = path_table.and_then(|t| t.row(name).map(|r| (t, r)));
            match row {
                Some((t, r)) => Param {
                    name: name.clone(),
                    description: placeholder(&described(t, r)),
                    source: format!("{}, {}", ctx.key, t.label()),
                },
                None => Param {
                    name: name.clone(),
                    description: placeholder("(the URI table has no row for it)"),
                    source: format!("{}, URI", ctx.key),
                },
            }
        })
        .collect();
    let mut listed: Vec<String> = query.to_vec();
    for t in &uri_tables {
        for r in &t.rows {
            let n = t.name(r);
            if !names.contains(&n) && !listed.contains(&n) {
                listed.push(n);
            }
        }
    }
    let owner = format!("{}Query", ctx.camel);
    let queries = listed
        .into_iter()
        .map(|name| {
            let found = uri_tables
                .iter()
                .filter(|_| !names.contains(&name))
                .find_map(|t| t.row(&name).map(|r| (*t, r)));
            match found {
                Some((t, r)) => query_param(ctx, &owner, t, r, name),
                None => Query {
                    ty: "string".into(),
                    required: false,
                    array_style: None,
                    limits: Limits::default(),
                    description: placeholder("(only in the URI line; no table row)"),
                    source: format!("{}, URI", ctx.key),
                    comments: vec![
                        "only the URI line names it: a string until a person decides".into(),
                    ],
                    name,
                },
            }
        })
        .collect();
    (params, queries)
}

/// The query parameter of row `r`: its type (a scalar, an enum of the values its cell lists, or
/// an array of those sent comma-joined), Mandatory, and the limits and default its cell states.
fn query_param(ctx: &mut Ctx, owner: &str, t: &Table, r: &Row, name: String) -> Query {
    let mut comments = Vec::new();
    let (ty, array) = match t.ty(r) {
        Some(PageType::Array(inner)) => {
            let inner = inner.as_deref().map_or("string", scalar);
            (format!("array<{inner}>"), true)
        }
        Some(PageType::Object | PageType::Map(_) | PageType::Other(_) | PageType::Null) | None => {
            comments.push(
                "the page's type is none a query parameter takes: a string until a person decides"
                    .into(),
            );
            ("string".to_string(), false)
        }
        Some(p) => (scalar(&p).to_string(), false),
    };
    let ty = match ty.as_str() {
        "array<json>" => "array<string>".to_string(),
        "json" => "string".to_string(),
        _ => ty,
    };
    if array {
        comments.push(
            "the page does not say how an array is sent: `comma` (`tags=a,b`) or `repeat` (`tags=a&tags=b`)"
                .into(),
        );
    }
    let values = super::build::description(t, r)
        .map(cells::values)
        .unwrap_or_default();
    let ty = ctx.values(t, owner, &t.name(r), ty, &values, &mut comments);
    let facts = t.facts(r);
    let enumeration = ctx.enum_of(&ty);
    let limits = cells::limits(&facts, &ty, enumeration.as_ref(), &mut comments);
    Query {
        ty,
        required: t.mandatory(r) == Some(Mandatory::Yes),
        array_style: array.then_some("comma"),
        limits,
        description: placeholder(&described(t, r)),
        source: format!("{}, {}", ctx.key, t.label()),
        comments,
        name,
    }
}
