//! Every table and example of a page is transcribed somewhere: a table is cited by a `source`
//! (or is the URI table of a page whose paths the spec transcribes), an example by a spec
//! example's `source`. A table or example the page gained is a finding, not silence.

use std::collections::BTreeMap;

use super::{At, Ctx, Diff, PageDoc, place};
use crate::docs::cite::{self, Cite};
use crate::docs::rst::ExampleKind;
use crate::load::LoadedFile;
use crate::spec;

/// What the spec cites of one page, and where a difference about the page may be stated.
#[derive(Default)]
struct Cover<'a> {
    tables: Vec<cite::TableRef>,
    examples: Vec<(ExampleKind, usize)>,
    /// The page's URI table is compared with the path parameters.
    uri_table: bool,
    /// The first operation whose paths cite the page (its `doc_deviations` may state `uncited`),
    /// else the first `page:` key naming it.
    owner: Option<(&'a LoadedFile, String, &'a [spec::Deviation])>,
}

pub(super) fn coverage(
    ctx: &mut Ctx,
    files: &[LoadedFile],
    loaded: &BTreeMap<&str, Option<PageDoc>>,
) {
    let mut covers: BTreeMap<&str, Cover> = BTreeMap::new();
    for file in files {
        let keys: BTreeMap<&str, &str> = file
            .spec
            .sources
            .iter()
            .filter_map(|(k, s)| Some((k.as_str(), s.page.as_deref()?)))
            .collect();
        let page_of = |key: &str| keys.get(key).copied();
        for (path, source) in file.spec.cited() {
            let path = path.to_string();
            let transcribes_examples = path.contains(".examples[") && !path.contains("notes[");
            for (key, cites) in cite::parts(source) {
                let Some(name) = page_of(key) else { continue };
                let cover = covers.entry(name).or_default();
                for c in cites {
                    match c {
                        Cite::Table(n) => cover.tables.push(n),
                        Cite::Example(k, n) if transcribes_examples => {
                            cover.examples.push((k, n.unwrap_or(1)))
                        }
                        Cite::Example(..) => {}
                    }
                }
            }
        }
        for (id, o) in &file.spec.operations {
            for x in &o.paths {
                for (key, _) in cite::parts(&x.source) {
                    let Some(name) = page_of(key) else { continue };
                    let cover = covers.entry(name).or_default();
                    cover.uri_table = true;
                    if cover.owner.is_none() {
                        let p = format!("operations.{id}");
                        cover.owner = Some((file, p, &o.doc_deviations));
                    }
                }
            }
        }
        for (key, name) in &keys {
            let cover = covers.entry(name).or_default();
            if cover.owner.is_none() {
                let devs = &file.spec.sources[*key].doc_deviations;
                cover.owner = Some((file, format!("sources.{key}"), devs));
            }
        }
    }
    for (name, cover) in &covers {
        let Some(Some(doc)) = loaded.get(name) else {
            continue;
        };
        let Some((file, owner, devs)) = &cover.owner else {
            continue;
        };
        let at = At {
            file,
            path: owner.clone(),
            devs,
            only: None,
        };
        // Each table or example of the page that no source cites: (label, line, what, hint).
        let tables = doc.page.tables.iter().filter(|t| {
            !(cover.tables.iter().any(|r| t.is(r))
                || (cover.uri_table && t.section.eq_ignore_ascii_case("URI")))
        });
        let tables = tables.map(|t| {
            let label = t.label();
            let what = format!(
                "{label} ({}) is transcribed nowhere: no `source` of the spec cites it",
                t.title
            );
            let help = format!("transcribe its rows into a schema whose `source` cites {label}");
            (label, t.line, what, help)
        });
        let examples = doc.page.examples.iter();
        let examples = examples
            .filter(|e| !cover.examples.contains(&(e.kind, e.number)))
            .map(|e| {
                let label = e.label();
                let what = format!("{label} is transcribed nowhere: no spec example cites it");
                let help = format!("add an operation example whose `source` cites {label}");
                (label, e.line, what, help)
            });
        for (label, line, message, help) in tables.chain(examples) {
            ctx.differ(
                &at,
                Diff {
                    kind: "uncited",
                    says: Some(label),
                    target: owner.clone(),
                    page: place(doc, line),
                    message,
                    help,
                },
            );
        }
    }
}
