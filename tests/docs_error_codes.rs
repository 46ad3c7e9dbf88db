//! `--docs` and `--docs-diff` on the Error Codes page: the spec's `error_codes` are held against
//! the page's table by code and status. A code added or removed and a status changed are
//! findings (and changes `--docs-diff` names); a re-wrapped table and reworded descriptions are
//! neither.

mod docs_support;
mod support;

use client_codegen::docs::Report;
use docs_support::*;

const CODES: &str = "appendix/error_codes.rst";

/// The page with the one-line row of `code` copied below itself as the row of `new` (with
/// `status`), the border below it copied too.
fn add_code(text: &str, code: &str, new: &str, status: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let i = lines
        .iter()
        .position(|l| l.contains(&format!("| {code} ")))
        .unwrap_or_else(|| panic!("no row of {code}"));
    assert!(
        lines[i + 1].starts_with('+'),
        "the row of {code} is one line"
    );
    let row =
        lines[i]
            .replacen(code, new, 1)
            .replacen(&lines[i][..19], &format!("| {status:<17}"), 1);
    let border = lines[i + 1].clone();
    lines.insert(i + 2, border);
    lines.insert(i + 2, row);
    lines.join("\n") + "\n"
}

/// The page with the status of `code`'s row set to `status` (borders kept).
fn set_status(text: &str, code: &str, status: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| match l.contains(&format!("| {code} ")) {
            true => format!("| {status:<17}{}", &l[19..]),
            false => l.to_string(),
        })
        .collect();
    lines.join("\n") + "\n"
}

fn findings(tag: &str, page: String) -> (String, Report) {
    let spec = spec_copy(tag);
    put_page(&spec, CODES, page);
    let report = client_codegen::docs_check(&spec).expect("the spec copy loads");
    let root = spec.parent().unwrap().to_string_lossy().replace('\\', "/");
    let text: Vec<String> = (report.findings.iter())
        .map(|f| f.to_string().replace(&format!("{root}/"), ""))
        .collect();
    (text.join("\n"), report)
}

#[test]
fn a_code_the_page_adds_is_a_finding_that_names_it() {
    let page = add_code(&page(CODES), "Ecs.0005", "Ecs.0006", "409");
    let (text, report) = findings("code-added", page);
    assert_eq!(report.findings.len(), 1, "{text}");
    assert!(
        text.contains(
            "lists the error code `Ecs.0006` (status 409), which the spec's `error_codes` lack"
        ),
        "{text}"
    );
    insta::assert_snapshot!("error_code_added", text);
}

#[test]
fn a_code_the_page_drops_and_a_status_it_changes_are_findings() {
    let dropped = remove_line(&page(CODES), "| Ecs.0009 ");
    // The border of the removed row stays: two borders in a row are one.
    let page = set_status(&dropped, "Ecs.0010", "409");
    let (text, report) = findings("code-removed-status", page);
    assert_eq!(report.findings.len(), 2, "{text}");
    assert!(
        text.contains("error code `Ecs.0009` has no row in table \"Error Codes\""),
        "{text}"
    );
    assert!(
        text.contains("error code `Ecs.0010` has the status 409 on the page, the spec gives 400"),
        "{text}"
    );
    insta::assert_snapshot!("error_code_removed_and_status", text);
}

#[test]
fn a_stated_status_goes_stale_when_the_page_corrects_it() {
    // The page gives Common.0024 a success status, which the spec states; a page that gives 429
    // instead differs from the spec's (no status) and leaves the deviation stale.
    let page = set_status(&page(CODES), "Common.0024", "429");
    let (text, report) = findings("status-corrected", page);
    assert_eq!(report.findings.len(), 2, "{text}");
    assert!(
        text.contains("`Common.0024` has the status 429 on the page, the spec gives none"),
        "{text}"
    );
    assert!(text.contains("stale deviation"), "{text}");
}

#[test]
fn a_re_wrapped_table_and_reworded_descriptions_give_no_finding() {
    let wrapped = rewrap(&page(CODES), 11);
    assert_ne!(wrapped, page(CODES), "the table is re-wrapped");
    let reworded = edit_cell(&wrapped, "| Request error.  ", "| The request is wrong.  ");
    let reworded = edit_cell(
        &reworded,
        "| Invalid parameters.  ",
        "| A parameter is bad.  ",
    );
    assert_ne!(reworded, page(CODES));
    assert_eq!(
        diff("codes-rewrapped", &page(CODES), &reworded),
        Vec::<String>::new()
    );
    let (text, report) = findings("codes-rewrapped", reworded);
    assert_eq!(report.findings, vec![], "{text}");
}

#[test]
fn docs_diff_names_a_code_added_or_removed_and_a_status_changed() {
    let old = page(CODES);
    let new = add_code(
        &remove_line(&old, "| Ecs.0009 "),
        "Ecs.0005",
        "Ecs.0006",
        "400",
    );
    let new = set_status(&new, "Ecs.0010", "409");
    let lines = diff("error-codes-status", &old, &new);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    for change in [
        "row `Ecs.0006` added",
        "row `Ecs.0009` removed",
        "row `Ecs.0010`: HTTP status 400 → 409",
    ] {
        let named = format!("table \"Error Codes\" {change}");
        assert!(lines.iter().any(|l| l.ends_with(&named)), "{lines:#?}");
    }
}
