//! The operation's URI: the Function paragraph, path parameters from the URI table, and the
//! query string's parameters (which the spec format cannot hold yet).

use super::build::{Ctx, described, is_uri, scalar};
use super::model::{Dev, Param, Query};
use super::yaml::placeholder;
use crate::docs::rst::{Mandatory, Page, Table};

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
/// string's parameters, with what the URI section's other table says of them.
pub(super) fn uri_params(
    ctx: &Ctx,
    paths: &[(String, Option<String>)],
    query: &[String],
) -> (Vec<Param>, Vec<Query>, Vec<Dev>) {
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
    let uri_tables: Vec<&Table> = ctx.page.tables.iter().filter(|t| is_uri(t)).collect();
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
    let mut queries: Vec<Query> = Vec::new();
    let mut listed: Vec<String> = query.to_vec();
    let mut devs = Vec::new();
    for t in &uri_tables {
        for r in &t.rows {
            let n = t.name(r);
            let in_path_table = path_table.is_some_and(|p| std::ptr::eq(p, *t));
            if !names.contains(&n) && in_path_table {
                devs.push(Dev {
                    kind: "no_field",
                    says: n.clone(),
                    why: format!(
                        "{} row `{n}` is a query parameter, which the spec format cannot hold yet",
                        t.label()
                    ),
                    source: format!("{}, {}", ctx.key, t.label()),
                });
            }
            if !names.contains(&n) && !listed.contains(&n) {
                listed.push(n);
            }
        }
    }
    for name in listed {
        let found = uri_tables
            .iter()
            .filter(|_| !names.contains(&name))
            .find_map(|t| t.row(&name).map(|r| (*t, r)));
        queries.push(match found {
            Some((t, r)) => Query {
                ty: t.ty(r).map_or("string".into(), |p| scalar(&p).to_string()),
                required: t.mandatory(r) == Some(Mandatory::Yes),
                description: placeholder(&described(t, r)),
                source: format!("{}, {}", ctx.key, t.label()),
                name,
            },
            None => Query {
                ty: "string".into(),
                required: false,
                description: placeholder("(only in the URI line; no table row)"),
                source: format!("{}, URI", ctx.key),
                name,
            },
        });
    }
    (params, queries, devs)
}
