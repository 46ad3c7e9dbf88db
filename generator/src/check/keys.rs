//! The spec keys that tie it to the pages (`sources.*.page`, `doc_deviations`), checked with the
//! rest of the spec: a wrong one is a located diagnostic like any other spec error. `--docs` reads
//! these keys only once they have passed.

use crate::diag::Diagnostics;
use crate::load::LoadedFile;
use crate::spec::Deviation;

/// Deviation kinds, and whether each names what the page says.
pub const KINDS: &[(&str, bool)] = &[
    ("mandatory", true),
    ("type", true),
    ("not_in_table", false),
    ("no_field", true),
    ("uri", true),
    ("example", false),
    ("uncited", true),
];

pub fn check(file: &LoadedFile, diags: &mut Diagnostics) {
    for (key, s) in &file.spec.sources {
        let Some(page) = &s.page else { continue };
        let plain_name = !page.is_empty()
            && !page.contains(['/', '\\'])
            && page != ".."
            && page.ends_with(".rst");
        if !plain_name {
            let d = file.diag(
                &format!("sources.{key}.page"),
                format!("`{page}` is not the file name of a page"),
            );
            diags.push(d.with_help(
                "name a `.rst` file in the `docs/` folder beside the spec files, without a folder",
            ));
        }
    }
    // Paths are made into text only where there are deviations: most items have none.
    for (id, o) in &file.spec.operations {
        let p = || format!("operations.{id}");
        deviations(file, &p, &o.doc_deviations, diags);
        for (i, ex) in o.examples.iter().enumerate() {
            let at = || format!("{}.examples[{i}]", p());
            deviations(file, &at, &ex.doc_deviations, diags);
        }
    }
    for (name, s) in &file.spec.schemas {
        let p = || format!("schemas.{name}");
        deviations(file, &p, &s.doc_deviations, diags);
        for (i, f) in s.fields.iter().flatten().enumerate() {
            let at = || format!("{}.fields[{i}]", p());
            deviations(file, &at, &f.doc_deviations, diags);
        }
    }
}

fn deviations(
    file: &LoadedFile,
    at: &dyn Fn() -> String,
    list: &[Deviation],
    diags: &mut Diagnostics,
) {
    for (i, d) in list.iter().enumerate() {
        let p = || format!("{}.doc_deviations[{i}]", at());
        match KINDS.iter().find(|(k, _)| *k == d.kind) {
            None => {
                let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
                let near = kinds
                    .iter()
                    .find(|k| crate::load::edit_distance(&d.kind, k) <= 2);
                let help = match near {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("expected one of: {}", kinds.join(", ")),
                };
                diags.push(
                    file.diag(
                        &format!("{}.kind", p()),
                        format!("unknown deviation kind `{}`", d.kind),
                    )
                    .with_help(help),
                )
            }
            Some((kind, true)) if d.page_says.is_none() => diags.push(
                file.diag(&p(), format!("a `{kind}` deviation needs `page_says`"))
                    .with_help("quote what the page says, so that a change of the page shows"),
            ),
            Some((kind, false)) if d.page_says.is_some() => diags.push(
                file.diag(
                    &format!("{}.page_says", p()),
                    format!("a `{kind}` deviation has nothing to quote"),
                )
                .with_help("remove `page_says`"),
            ),
            _ => {}
        }
        if d.reason.trim().is_empty() {
            diags.push(
                file.diag(&format!("{}.reason", p()), "the reason is empty")
                    .with_help("say why the spec differs from the page"),
            );
        }
    }
}
