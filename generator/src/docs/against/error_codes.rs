//! The spec's `error_codes` against the table they cite, by code: a code the page lists and the
//! spec lacks, a code the spec has and the page no longer lists, and a status that differs are
//! findings. The rest of a row (the service's message, the description, the advice) is for
//! people and is not compared, so re-wrapped or reworded rows give nothing.

use std::collections::{HashMap, HashSet};

use super::{At, Ctx, Diff, PageDoc, Pages, place, tables};
use crate::docs::rst::Table;
use crate::load::LoadedFile;

pub(super) fn error_codes(ctx: &mut Ctx, file: &LoadedFile, pages: &Pages) {
    let entries = &file.spec.error_codes;
    // Each table cited, with the entries that cite it, in the order they first cite it.
    let mut cited: Vec<(&PageDoc, &Table, Vec<usize>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for (doc, t) in tables(pages, &e.source) {
            match cited.iter_mut().find(|(_, o, _)| std::ptr::eq(*o, t)) {
                Some((_, _, list)) => list.push(i),
                None => cited.push((doc, t, vec![i])),
            }
        }
    }
    for (doc, t, list) in cited {
        let status_col = t
            .columns
            .iter()
            .position(|c| c.to_ascii_lowercase().contains("status"));
        // The page's rows by code: the status it gives, the row's line.
        let mut rows: HashMap<String, (String, usize)> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for r in &t.rows {
            let code = t.name(r);
            let status = status_col
                .and_then(|c| r.cells.get(c))
                .map(|c| c.plain())
                .unwrap_or_default();
            if !code.is_empty() && !rows.contains_key(&code) {
                order.push(code.clone());
                rows.insert(code, (status, r.line));
            }
        }
        let mut named: HashSet<String> = HashSet::new();
        for i in list {
            let e = &entries[i];
            let path = format!("error_codes[{i}]");
            named.insert(e.code.clone());
            let at = At {
                file,
                path: path.clone(),
                devs: &e.doc_deviations,
                only: None,
            };
            let Some((status, line)) = rows.get(&e.code) else {
                ctx.differ(
                    &at,
                    Diff {
                        kind: "not_in_table",
                        says: None,
                        target: format!("{path}.code"),
                        page: place(doc, t.line),
                        message: format!("error code `{}` has no row in {}", e.code, t.label()),
                        help: "correct the code, or remove it if the page dropped it".into(),
                    },
                );
                continue;
            };
            let page_status = status.trim().parse::<u16>().ok();
            if page_status != e.status {
                let spec = e.status.map_or("none".to_string(), |s| s.to_string());
                let target = match e.status {
                    Some(_) => format!("{path}.status"),
                    None => format!("{path}.code"),
                };
                ctx.differ(
                    &at,
                    Diff {
                        kind: "status",
                        says: Some(status.clone()),
                        target,
                        page: place(doc, *line),
                        message: format!(
                            "error code `{}` has the status {status} on the page, the spec gives {spec}",
                            e.code
                        ),
                        help: format!("set `status: {status}`"),
                    },
                );
            }
        }
        // A code the page lists that no entry names: stated, if on purpose, at the page's source.
        let Some(key) = pages
            .iter()
            .find(|(_, d)| std::ptr::eq(**d, doc))
            .map(|(k, _)| *k)
        else {
            continue;
        };
        let source = &file.spec.sources[key];
        let at = At {
            file,
            path: format!("sources.{key}"),
            devs: &source.doc_deviations,
            only: None,
        };
        for code in order.iter().filter(|c| !named.contains(*c)) {
            let (status, line) = &rows[code];
            ctx.differ(
                &at,
                Diff {
                    kind: "no_field",
                    says: Some(code.clone()),
                    target: "error_codes".into(),
                    page: place(doc, *line),
                    message: format!(
                        "{} lists the error code `{code}` (status {status}), which the spec's `error_codes` lack",
                        t.label()
                    ),
                    help: format!(
                        "add `{{code: {code}, status: {status}, meaning: ..., source: {key}, {}}}`",
                        t.label()
                    ),
                },
            );
        }
    }
}
