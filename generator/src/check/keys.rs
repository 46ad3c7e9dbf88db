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
    // What a Description states: a value of an enum, a range or length, a default, a query
    // parameter (each names the value, the bounds or the parameter as the page has it).
    ("enum", true),
    ("range", true),
    ("default", true),
    ("query", true),
    // A row that links to a table other than the one its field's schema transcribes (`page_says`
    // is the linked table: `data_structure/data_structure_for_creating_ecss.rst, Table 1`).
    ("link", true),
];

pub fn check(file: &LoadedFile, diags: &mut Diagnostics) {
    for (key, s) in &file.spec.sources {
        deviations(file, &|| format!("sources.{key}"), &s.doc_deviations, diags);
        let Some(page) = &s.page else { continue };
        if let Some(problem) = page_name_problem(page) {
            let d = file.diag(
                &format!("sources.{key}.page"),
                format!("`{page}` is not the name of a page: {problem}"),
            );
            diags.push(d.with_help(
                "name a `.rst` file by its path inside the `docs/` folder beside the spec files, with `/` between folders (`apis_recommended/lifecycle_management/creating_ecss.rst`)",
            ));
        }
    }
    // Paths are made into text only where there are deviations: most items have none.
    for (id, o) in &file.spec.operations {
        let p = || format!("operations.{id}");
        deviations(file, &p, &o.doc_deviations, diags);
        for (i, q) in o.query_params.iter().enumerate() {
            let at = || format!("{}.query_params[{i}]", p());
            deviations(file, &at, &q.doc_deviations, diags);
        }
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

/// Why `page` cannot name a page inside the `docs/` folder, if it cannot: a page is a relative
/// path of plain parts joined with `/` and ending in `.rst`, so that it never leaves the folder.
pub fn page_name_problem(page: &str) -> Option<&'static str> {
    if page.is_empty() {
        return Some("it is empty");
    }
    if page.starts_with('/') || page.contains(':') {
        return Some("it is an absolute path");
    }
    if page.contains('\\') {
        return Some("folders are separated with `/`, not `\\`");
    }
    if page.chars().any(char::is_control) {
        return Some("it holds a control character");
    }
    for part in page.split('/') {
        match part {
            "" => return Some("it has an empty folder name (`//` or a trailing `/`)"),
            ".." => return Some("`..` would leave the `docs/` folder"),
            "." => return Some("`.` is not a folder name"),
            _ => {}
        }
    }
    if !page.ends_with(".rst") || page.rsplit('/').next() == Some(".rst") {
        return Some("it is not a `.rst` file");
    }
    None
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

#[cfg(test)]
mod tests {
    use super::page_name_problem;

    #[test]
    fn a_page_is_a_relative_path_inside_the_docs_folder() {
        for ok in [
            "rebuilding_an_ecs.rst",
            "apis_recommended/lifecycle_management/creating_ecss.rst",
            "appendix/ecs_statuses.rst",
        ] {
            assert_eq!(page_name_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("/etc/ecs.rst", "absolute"),
            ("C:/docs/ecs.rst", "absolute"),
            ("../ecs.rst", "`..`"),
            ("apis/../../ecs.rst", "`..`"),
            ("apis/./ecs.rst", "`.`"),
            ("apis//ecs.rst", "empty folder"),
            ("apis\\ecs.rst", "`/`, not"),
            ("apis/ecs.html", "not a `.rst`"),
            ("apis/.rst", "not a `.rst`"),
            ("apis/\necs.rst", "control"),
        ] {
            let problem = page_name_problem(bad).unwrap_or_else(|| panic!("{bad:?} passed"));
            assert!(problem.contains(why), "{bad:?}: {problem}");
        }
    }
}
