//! `--docs` and a field whose row stands in several tables it (or its schema) cites: the field
//! is held against each of them, a difference with any is a finding located in that table's
//! page, and a stated deviation excuses the difference with one table only (the first, in the
//! order the sources cite them, that differs as it states), so that a second table that comes to
//! differ in the same way is a finding of its own; a deviation no table needs is stale.

mod docs_support;
mod support;

use std::fs;
use std::path::Path;

use docs_support::*;

const START: &str = "apis_recommended/batch_operations/starting_ecss_in_a_batch.rst";
const STOP: &str = "apis_recommended/batch_operations/stopping_ecss_in_a_batch.rst";
const SPECS: &str = "data_structure/data_structure_for_querying_details_about_specifications.rst";

/// The `id` row of Table 4 (`servers`), which the three batch pages share.
const ID_ROW: &str = "   id        Yes       String Specifies the ECS ID.";
const ID_AS_NUMBER: &str = "   id        Yes       Number Specifies the ECS ID.";

/// The findings of a spec copy, one line each (message, spec place, page place).
fn findings(spec: &Path) -> Vec<String> {
    let report = client_codegen::docs_check(spec).unwrap_or_else(|f| panic!("{f:?}"));
    report
        .findings
        .iter()
        .map(|f| {
            let (page, line) = page_place(f);
            format!(
                "{} at {}:{} / {}:{line}",
                f.message,
                file_name(&f.file),
                f.line,
                file_name(page)
            )
        })
        .collect()
}

/// `ServerRef.id` states that the page says Number, citing `source`.
fn state_a_number_deviation(spec: &Path, source: &str) {
    let path = spec.join("batch_actions.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let field = "        description: ID of the ECS.\n        source: start-doc, Table 4; stop-doc, Table 4; reboot-doc, Table 4\n";
    let stated = format!(
        "{field}        doc_deviations:\n          - kind: type\n            page_says: Number\n            reason: A test's deviation.\n            source: {source}\n"
    );
    fs::write(&path, edit(&text, field, &stated, 1)).unwrap();
}

/// Whether `found` is the one type finding of the `id` row in `page`.
fn assert_the_id_finding_in(found: &[String], page: &str, spec: &Path) {
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("Table 4 row `id`: the page says type Number"),
        "{found:#?}"
    );
    let line = line_of(&spec.join("docs").join(page), ID_AS_NUMBER);
    assert!(
        found[0].ends_with(&format!("/ {}:{line}", file_name(page))),
        "{found:#?}"
    );
}

#[test]
fn a_field_is_held_against_its_second_cited_table_too() {
    // The first cited table (start) keeps `id` a String; the second (stop) makes it a Number.
    let spec = spec_copy("cited-twice-type");
    assert_eq!(
        findings(&spec),
        Vec::<String>::new(),
        "the copy agrees as it is"
    );
    put_page(&spec, STOP, edit(&page(STOP), ID_ROW, ID_AS_NUMBER, 1));
    let found = findings(&spec);
    assert_eq!(
        found,
        [format!(
            "Table 4 row `id`: the page says type Number, the spec says `string` at batch_actions.yaml:{} / {}:{}",
            line_of(
                &spec.join("batch_actions.yaml"),
                "      - name: id\n        type: string"
            ) + 1,
            file_name(STOP),
            line_of(&spec.join("docs").join(STOP), ID_AS_NUMBER),
        )],
    );
    // Without the edit the finding is gone.
    put_page(&spec, STOP, page(STOP));
    assert_eq!(findings(&spec), Vec::<String>::new());
}

#[test]
fn an_enum_is_held_against_a_shared_page_its_schema_cites_beside_its_own() {
    // `ecs:performancetype` cites the flavor listing's Table 6; its schema also cites the shared
    // specifications page, whose row gains a value.
    let spec = spec_copy("cited-twice-enum");
    let fpga = "-  **fpga**: FPGA-accelerated";
    put_page(
        &spec,
        SPECS,
        add_line_after(&page(SPECS), fpga, "-  **npu**: NPU-accelerated "),
    );
    let found = findings(&spec);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(
            "Table 1 row `ecs:performancetype`: the page lists the value `npu`, which the enum `PerformanceType` does not have"
        ),
        "{found:#?}"
    );
    assert!(
        found[0].ends_with(&format!(
            "/ {}:{}",
            file_name(SPECS),
            line_of(&spec.join("docs").join(SPECS), "**npu**")
        )),
        "{found:#?}"
    );
    put_page(&spec, SPECS, page(SPECS));
    assert_eq!(findings(&spec), Vec::<String>::new());
}

#[test]
fn a_deviation_citing_one_of_the_tables_excuses_that_tables_difference_only() {
    let spec = spec_copy("cited-twice-deviation");
    state_a_number_deviation(&spec, "stop-doc, Table 4");
    // No table says Number: the deviation is stale.
    let found = findings(&spec);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("stale deviation: "), "{found:#?}");

    // The stop page's table says Number: excused.
    put_page(&spec, STOP, edit(&page(STOP), ID_ROW, ID_AS_NUMBER, 1));
    assert_eq!(findings(&spec), Vec::<String>::new());

    // The start page's says Number too: that one is a finding, in the start page.
    put_page(&spec, START, edit(&page(START), ID_ROW, ID_AS_NUMBER, 1));
    assert_the_id_finding_in(&findings(&spec), START, &spec);

    // Only the start page's says Number: a finding, and the deviation for the stop page is stale.
    put_page(&spec, STOP, page(STOP));
    let found = findings(&spec);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found.iter().any(|f| f.starts_with("stale deviation: ")),
        "{found:#?}"
    );
}

#[test]
fn a_deviation_citing_none_of_the_tables_excuses_the_first_that_differs() {
    let spec = spec_copy("cited-twice-uncited");
    state_a_number_deviation(&spec, "api-facts §4");
    put_page(&spec, STOP, edit(&page(STOP), ID_ROW, ID_AS_NUMBER, 1));
    assert_eq!(
        findings(&spec),
        Vec::<String>::new(),
        "the stop page's difference excused"
    );

    // Two tables say Number: the first cited (start) is excused, the second (stop) is a finding.
    put_page(&spec, START, edit(&page(START), ID_ROW, ID_AS_NUMBER, 1));
    assert_the_id_finding_in(&findings(&spec), STOP, &spec);
}

/// The 1-based line of `path` where `text` starts.
fn line_of(path: &Path, text: &str) -> usize {
    let whole = fs::read_to_string(path).unwrap();
    let at = whole
        .find(text)
        .unwrap_or_else(|| panic!("`{text}` in {}", path.display()));
    whole[..at].matches('\n').count() + 1
}
