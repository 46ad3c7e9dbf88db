//! `--docs`: the spec held against its vendored pages, and against edited copies of them (rows
//! added, removed, retyped, mandatory flipped, URI and example changed, tables re-wrapped, the
//! older reinstall page without Table 5). The findings of each copy are snapshotted
//! (`snapshots/docs__<case>.snap`); re-wrapping must give none.

mod docs_support;
mod support;

use std::path::Path;

use client_codegen::docs::Report;
use docs_support::*;

fn check(spec: &Path) -> Report {
    client_codegen::docs_check(spec).unwrap_or_else(|f| panic!("the spec copy loads: {f:?}"))
}

/// The findings as printed, with the scratch folder removed from the paths.
fn render(spec: &Path, report: &Report) -> String {
    let root = spec.parent().unwrap().to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&f.to_string().replace(&format!("{root}/"), ""));
        out.push('\n');
    }
    // The totals grow with every page the spec transcribes: the snapshot keeps the summary's
    // words and the finding count, not the size of the spec.
    let summary = report.summary();
    let summary = match summary.split_once(" against ") {
        Some((head, rest)) => match rest.split_once("); ") {
            Some((_, tail)) => format!("{head} against the spec's pages; {tail}"),
            None => summary.clone(),
        },
        None => summary.clone(),
    };
    out.push_str(&summary);
    out
}

/// The totals of the real spec against its pages, which the edited copies are compared with.
fn baseline() -> Report {
    check(&support::root().join("spec"))
}

/// Every finding (and every note) names a line of its page and of its spec file.
fn assert_located(report: &Report) {
    for f in report.findings.iter().chain(&report.gaps) {
        assert!(page_place(f).1 >= 1, "no page line: {f}");
        assert!(
            f.line >= 1 && f.file.ends_with(".yaml"),
            "no spec line: {f}"
        );
    }
}

fn findings_for(tag: &str, name: &str, page: String) -> (String, Report) {
    let spec = spec_copy(tag);
    put_page(&spec, name, page);
    let report = check(&spec);
    assert_located(&report);
    (render(&spec, &report), report)
}

#[test]
fn the_spec_agrees_with_the_vendored_pages_through_its_stated_deviations() {
    let spec = support::root().join("spec");
    let report = check(&spec);
    assert_eq!(report.findings, vec![], "{}", report.summary());
    // Every page a source names is read, and each of them has tables; the totals themselves grow
    // with every page transcribed (the summary line shows them).
    let mut diags = Default::default();
    let files = client_codegen::load::load(&spec, &mut diags).expect("the spec loads");
    let pages: std::collections::BTreeSet<&str> = files
        .iter()
        .flat_map(|f| f.spec.sources.values())
        .filter_map(|s| s.page.as_deref())
        .collect();
    assert_eq!(report.pages, pages.len(), "{}", report.summary());
    assert!(report.tables > report.pages && report.rows > report.tables && report.examples > 0);
}

#[test]
fn an_added_row_is_a_row_without_a_field() {
    let page = add_row(
        &page(REINSTALL),
        "**Table 3**",
        &["hostname", "No", "String", "New."],
    );
    let (text, report) = findings_for("row-added", REINSTALL, page);
    assert_eq!(report.findings.len(), 1, "{text}");
    assert!(
        text.contains("Table 3 row `hostname` has no field in `OsReinstall`"),
        "{text}"
    );
    insta::assert_snapshot!("row_added", text);
}

#[test]
fn a_removed_row_leaves_its_field_without_a_row() {
    let (text, report) = findings_for(
        "row-removed",
        REINSTALL,
        remove_row(&page(REINSTALL), "metadata"),
    );
    assert_eq!(report.findings.len(), 1, "{text}");
    assert!(
        text.contains("field `metadata` of `OsReinstall` has no row in Table 3"),
        "{text}"
    );
    insta::assert_snapshot!("row_removed", text);
}

#[test]
fn a_retyped_row_is_a_type_finding() {
    let page = edit(
        &page(REINSTALL),
        "| BYOL                 | No              | String ",
        "| BYOL                 | No              | Integer",
        1,
    );
    let (text, report) = findings_for("row-retyped", REINSTALL, page);
    assert_eq!(report.findings.len(), 1, "{text}");
    assert!(
        text.contains("Table 4 row `BYOL`: the page says type Integer, the spec says `string`"),
        "{text}"
    );
    insta::assert_snapshot!("row_retyped", text);
}

#[test]
fn a_flipped_mandatory_flag_is_a_finding_and_makes_a_deviation_stale() {
    let page = edit(
        &page(REINSTALL),
        "| keyname         | Yes ",
        "| keyname         | No  ",
        1,
    );
    let page = edit(
        &page,
        "| metadata        | No  ",
        "| metadata        | Yes ",
        1,
    );
    let (text, report) = findings_for("mandatory-flipped", REINSTALL, page);
    assert_eq!(report.findings.len(), 2, "{text}");
    assert!(
        text.contains(
            "Table 3 row `metadata`: the page says Mandatory Yes, the spec says `required: false`"
        ),
        "{text}"
    );
    assert!(text.contains("stale deviation"), "{text}");
    insta::assert_snapshot!("mandatory_flipped", text);
}

#[test]
fn a_changed_uri_is_a_finding_both_ways() {
    let page = edit(
        &page(REBUILD),
        "POST /v2.1/{project_id}/servers/{server_id}/action",
        "POST /v2.1/{project_id}/servers/{server_id}/actions",
        1,
    );
    let (text, report) = findings_for("uri-changed", REBUILD, page);
    assert_eq!(report.findings.len(), 2, "{text}");
    assert!(
        text.contains(
            "the page has no URI line `POST /v2.1/{project_id}/servers/{server_id}/action`"
        ),
        "{text}"
    );
    assert!(text.contains("the page's URI line `POST /v2.1/{project_id}/servers/{server_id}/actions` is none of the operation's paths"), "{text}");
    insta::assert_snapshot!("uri_changed", text);
}

#[test]
fn a_changed_example_value_is_named_by_its_path() {
    let page = edit(
        &page(REINSTALL),
        "\"keyname\": \"KeyPair-350b\"",
        "\"keyname\": \"KeyPair-9\"",
        1,
    );
    let (text, report) = findings_for("example-changed", REINSTALL, page);
    assert_eq!(report.findings.len(), 1, "{text}");
    assert!(text.contains("Example Request 2 and the example `key pair login` differ: `os-reinstall.keyname` is \"KeyPair-9\" on the page, \"KeyPair-350b\" in the spec"), "{text}");
    insta::assert_snapshot!("example_changed", text);
}

#[test]
fn re_wrapped_tables_and_reworded_prose_give_no_finding() {
    let spec = spec_copy("rewrapped");
    for (name, extra) in [(REINSTALL, 9), (REBUILD, 4), (JOBS, 13), (SHOW, 6)] {
        let wrapped = rewrap(&page(name), extra);
        assert_ne!(wrapped, page(name));
        put_page(&spec, name, wrapped);
    }
    let report = check(&spec);
    assert_eq!(report.findings, vec![], "{}", render(&spec, &report));
    let base = baseline();
    assert_eq!(
        (report.tables, report.rows, report.deviations),
        (base.tables, base.rows, base.deviations)
    );
}

#[test]
fn the_page_before_table_5_leaves_the_citations_of_table_5_dangling() {
    let (text, report) = findings_for("703731e", REINSTALL, reinstall_703731e());
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.message.contains("Table 5")),
        "{text}"
    );
    // The response's source, a note, and the shared `AcceptedJob`'s source (jobs.yaml).
    assert_eq!(report.findings.len(), 3, "{text}");
    insta::assert_snapshot!("before_table_5", text);
}

#[test]
fn a_missing_page_is_located_at_its_page_key() {
    let spec = spec_copy("missing");
    std::fs::remove_file(spec.join("docs").join(JOBS)).unwrap();
    let report = check(&spec);
    assert_eq!(report.findings.len(), 1, "{}", render(&spec, &report));
    let f = &report.findings[0];
    assert!(
        f.message
            .starts_with("the page `apis_recommended/job_status_management/querying_job_execution_status.rst` cannot be read"),
        "{f}"
    );
    assert_eq!(f.path, "sources.jobs-doc.page");
}

#[test]
fn a_stated_example_deviation_is_accepted_while_the_page_differs_and_stale_once_it_does_not() {
    let spec = spec_copy("example-deviation");
    let yaml = spec.join("reinstall_os.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let line = "        request: {\"os-reinstall\": {\"keyname\": \"KeyPair-350b\", \"userid\": \"7e25b1da389f4697a79df3a0e5bd494e\"}}\n";
    let stated = "        doc_deviations:\n          - kind: example\n            reason: The spec keeps the key pair name of the earlier page.\n            source: reinstall-doc, Example Request 2\n";
    std::fs::write(&yaml, edit(&text, line, &format!("{line}{stated}"), 1)).unwrap();

    let stale = check(&spec);
    assert_eq!(stale.findings.len(), 1, "{}", render(&spec, &stale));
    let f = &stale.findings[0];
    assert!(f.message.starts_with("stale deviation"), "{f}");
    assert_eq!(
        f.path,
        "operations.reinstall_os.examples.key pair login.doc_deviations[0]"
    );
    assert_eq!(page_place(f).1, 284, "the cited example's code block");

    put_page(
        &spec,
        REINSTALL,
        edit(&page(REINSTALL), "KeyPair-350b", "KeyPair-9", 1),
    );
    let accepted = check(&spec);
    assert_eq!(accepted.findings, vec![], "{}", render(&spec, &accepted));
    assert_eq!(accepted.deviations, baseline().deviations + 1);
}

#[test]
fn an_added_table_and_an_added_example_are_findings_not_silence() {
    let extra = "\
.. table:: **Table 5** **links** field description

   +-----------+--------+--------------------------+
   | Parameter | Type   | Description              |
   +===========+========+==========================+
   | rel       | String | Relation of the link.    |
   +-----------+--------+--------------------------+
   | href      | String | URL of the linked thing. |
   +-----------+--------+--------------------------+

Example Request
---------------

Use the **3ed456f5-3d8f-4383-a6c9-312032afcd1a** image to rebuild an ECS.
";
    let page = edit(
        &page(REBUILD),
        "Example Request\n---------------\n\nUse the **3ed456f5-3d8f-4383-a6c9-312032afcd1a** image to rebuild an ECS.\n",
        extra,
        1,
    );
    let page = edit(
        &page,
        "Example Response\n----------------\n",
        "-  The same, with a key pair.\n\n   .. code-block:: text\n\n      {\"rebuild\": {\"imageRef\": \"3ed456f5-3d8f-4383-a6c9-312032afcd1a\", \"key_name\": \"kp\"}}\n\nExample Response\n----------------\n",
        1,
    );
    let (text, report) = findings_for("table-added", REBUILD, page);
    assert_eq!(report.findings.len(), 2, "{text}");
    assert!(
        text.contains("Table 5 (links field description) is transcribed nowhere"),
        "{text}"
    );
    assert!(
        text.contains("Example Request 2 is transcribed nowhere"),
        "{text}"
    );
    insta::assert_snapshot!("table_and_example_added", text);
}

#[test]
fn pages_no_source_cites_are_not_read() {
    // A vendored page ahead of its spec (here: not even a page) changes nothing.
    let spec = spec_copy("uncited");
    std::fs::create_dir_all(spec.join("docs/apis_recommended/scratch")).unwrap();
    put_page(
        &spec,
        "apis_recommended/scratch/not_a_page.rst",
        b"\xff\xfe\x00 no title, no table\n",
    );
    let report = check(&spec);
    assert_eq!(report.findings, vec![], "{}", render(&spec, &report));
    assert_eq!(report.pages, baseline().pages);
    // The folder holds every page of "APIs (recommended)" and the shared pages, cited or not.
    let vendored = walk(&support::root().join("spec/docs"));
    assert!(vendored >= 50, "{vendored} pages vendored");
}

fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| match p.is_dir() {
            true => walk(&p),
            false => usize::from(p.extension().is_some_and(|e| e == "rst")),
        })
        .sum()
}

/// The values a Description lists against the enum of the field whose row it is: a value only
/// the page lists is a finding; one only the enum has is one where the enum transcribes that
/// table (`JobStatus` cites Table 2), and not for the sub-jobs' Table 4, which lists the same
/// values for an enum defined elsewhere. A stated `enum` deviation is accepted, then stale.
#[test]
fn an_enum_value_the_page_renames_is_a_finding_both_ways_until_it_is_stated() {
    let renamed = edit_cell(
        &page(JOBS),
        "-  **INIT**: The job is being",
        "-  **QUEUED**: The job is being",
    );
    let (text, report) = findings_for("enum-renamed", JOBS, renamed.clone());
    assert_eq!(report.findings.len(), 2, "{text}");
    assert!(
        text.contains("Table 2 row `status`: the page lists the value `QUEUED`, which the enum `JobStatus` does not have"),
        "{text}"
    );
    assert!(
        text.contains("Table 2 row `status`: the enum `JobStatus` has the value `INIT`, which the page does not list"),
        "{text}"
    );
    insta::assert_snapshot!("enum_value_renamed", text);

    // Both stated at the field: accepted while the page differs.
    let spec = spec_copy("enum-stated");
    let yaml = spec.join("jobs.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let line = "      - name: status\n        type: JobStatus\n";
    let stated = "        doc_deviations:\n          - kind: enum\n            page_says: QUEUED\n            reason: Not seen from the service yet.\n            source: jobs-doc, Table 2\n          - kind: enum\n            page_says: INIT\n            reason: Still answered by the service.\n            source: jobs-doc, Table 2\n";
    let at = text.find(line).unwrap() + line.len();
    std::fs::write(&yaml, format!("{}{stated}{}", &text[..at], &text[at..])).unwrap();
    put_page(&spec, JOBS, &renamed);
    let accepted = check(&spec);
    assert_eq!(accepted.findings, vec![], "{}", render(&spec, &accepted));
    assert_eq!(accepted.deviations, baseline().deviations + 2);
    // The page as vendored: both are stale.
    put_page(&spec, JOBS, page(JOBS));
    let stale = check(&spec);
    assert_eq!(stale.findings.len(), 2, "{}", render(&spec, &stale));
    assert!(
        stale
            .findings
            .iter()
            .all(|f| f.message.starts_with("stale deviation"))
    );
}

/// A length the page states in characters against `min_length` / `max_length`: the spec
/// has `__system__cmkid` 36 characters long; a Range paragraph `1 to 64 characters` differs.
#[test]
fn a_stated_length_is_held_against_min_and_max_length() {
    let text = page(REINSTALL);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let row = lines
        .iter()
        .position(|l| l.contains("| \\__system__cmkid "))
        .unwrap();
    let range = row
        + lines[row..]
            .iter()
            .position(|l| l.contains("**Range**"))
            .unwrap();
    let na = range
        + lines[range..]
            .iter()
            .position(|l| l.contains("N/A"))
            .unwrap();
    lines[na] = edit_cell(&lines[na], "N/A", "1 to 64 characters")
        .trim_end()
        .to_string();
    let page = lines.join("\n") + "\n";
    let (text, report) = findings_for("length", REINSTALL, page);
    assert_eq!(report.findings.len(), 1, "{text}");
    assert!(
        text.contains("Table 4 row `__system__cmkid`: the page says 1 to 64 characters, the spec says `min_length: 36`, `max_length: 36`"),
        "{text}"
    );
    assert_eq!(page_place(&report.findings[0]).1, na + 1);
    insta::assert_snapshot!("length_differs", text);
}

/// A row that links to another table than the one its field's schema transcribes: the
/// reinstall page's `metadata` row made to link to the shared page's Table 9 (`:ref:` resolved
/// through the anchors of every vendored page), while `OsReinstallMetadata` transcribes Table 4.
#[test]
fn a_row_linking_to_another_table_than_its_schema_transcribes_is_a_finding() {
    let page = edit_cell(
        &page(REINSTALL),
        "For more information, see :ref:`Table 4 <en-us_topic_0067876349__table9120223>`.",
        "For more, see :ref:`Table 9 <en-us_topic_0167957246__table2373623012315>`.",
    );
    let (text, report) = findings_for("link", REINSTALL, page);
    assert_eq!(report.findings.len(), 1, "{text}");
    assert!(
        text.contains("Table 3 row `metadata`: the page links the row to data_structure/data_structure_for_creating_ecss.rst, Table 9, but `OsReinstallMetadata` transcribes apis_recommended/status_management/reinstalling_an_ecs_os_using_an_image_with_cloud-init_installed.rst, Table 4"),
        "{text}"
    );
    insta::assert_snapshot!("row_links_elsewhere", text);
}

/// The query parameters of `list_resize_flavors` as its page lists them (Table 2 and the URI
/// line), with `extra` lines inserted into the YAML after them; `edit` changes them first.
fn resize_flavors_spec(tag: &str, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let params = "    query_params:
      - {name: instance_uuid, type: string, description: The ECS., source: 'resize-flavors-doc, Table 2'}
      - {name: source_flavor_id, type: string, description: The flavor., source: 'resize-flavors-doc, Table 2'}
      - {name: source_flavor_name, type: string, description: The flavor's name., source: 'resize-flavors-doc, Table 2'}
      - {name: sort_key, type: string, default: flavorid, description: The sort field., source: 'resize-flavors-doc, Table 2'}
      - {name: sort_dir, type: string, description: The sort order., source: 'resize-flavors-doc, Table 2'}
      - {name: limit, type: integer, default: 1000, description: The page size., source: 'resize-flavors-doc, Table 2'}
      - {name: marker, type: string, description: The last flavor of the page before., source: 'resize-flavors-doc, Table 2'}
";
    let spec = spec_copy(tag);
    let yaml = spec.join("flavors.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let op = lines
        .iter()
        .position(|l| l == "  list_resize_flavors:")
        .expect("the operation");
    // Its block: up to the next key indented by two spaces or less.
    let end = op
        + 1
        + lines[op + 1..]
            .iter()
            .position(|l| !l.is_empty() && !l.starts_with("   "))
            .unwrap_or(lines.len() - op - 1);
    // The operation's own `query_params`, if the spec has them by now, give way to these.
    if let Some(q) = lines[op..end].iter().position(|l| l == "    query_params:") {
        let q = op + q;
        let n = lines[q + 1..end]
            .iter()
            .take_while(|l| l.starts_with("      ") || l.is_empty())
            .count();
        lines.drain(q..=q + n);
    }
    // Its paging names `limit` and `marker`, which the edits rename or retype: it goes too.
    let end = op
        + 1
        + lines[op + 1..]
            .iter()
            .position(|l| !l.is_empty() && !l.starts_with("   "))
            .unwrap_or(lines.len() - op - 1);
    if let Some(p) = lines[op..end].iter().position(|l| l == "    paging:") {
        let p = op + p;
        let n = lines[p + 1..end]
            .iter()
            .take_while(|l| l.starts_with("      "))
            .count();
        lines.drain(p..=p + n);
    }
    let response = op
        + lines[op..]
            .iter()
            .position(|l| l == "    response:")
            .expect("its response");
    lines.insert(response, edit(params.to_string()).trim_end().to_string());
    std::fs::write(&yaml, lines.join("\n") + "\n").unwrap();
    spec
}

/// Query parameters held against the query table and the URI line: as the page lists them they
/// agree (and the page's seven are no longer notes); a parameter dropped, one the page does not
/// have, a retyped one, a changed default and a flipped Mandatory are findings.
#[test]
fn query_parameters_are_held_against_the_query_table_and_the_uri_line() {
    let base = baseline();
    let spec = resize_flavors_spec("query-agrees", |p| p);
    let agrees = check(&spec);
    assert_eq!(agrees.findings, vec![], "{}", render(&spec, &agrees));
    // As the page lists them, the query parameters leave no note on the operation.
    assert!(
        agrees.gaps.len() <= base.gaps.len()
            && agrees
                .gaps
                .iter()
                .all(|g| !g.path.starts_with("operations.list_resize_flavors")),
        "{}",
        render(&spec, &agrees)
    );

    let spec = resize_flavors_spec("query-differs", |p| {
        let p = edit(
            &p,
            "      - {name: marker, type: string, description: The last flavor of the page before., source: 'resize-flavors-doc, Table 2'}\n",
            "      - {name: zone, type: string, description: Not on the page., source: 'resize-flavors-doc, Table 2'}\n",
            1,
        );
        let p = edit(
            &p,
            "{name: limit, type: integer, default: 1000,",
            "{name: limit, type: boolean,",
            1,
        );
        let p = edit(
            &p,
            "type: string, default: flavorid,",
            "type: string, default: name,",
            1,
        );
        edit(
            &p,
            "{name: instance_uuid, type: string,",
            "{name: instance_uuid, type: string, required: true,",
            1,
        )
    });
    let report = check(&spec);
    assert_located(&report);
    let text = render(&spec, &report);
    for expected in [
        "Table 2 lists query parameter `marker`, which the operation does not have",
        "query parameter `zone` is neither in the page's query tables nor on its URI line",
        "query parameter `limit` (Table 2): the page says type Integer, the spec says `boolean`",
        "query parameter `sort_key` (Table 2): the page says the default is `flavorid`, the spec says `default: name`",
        "query parameter `instance_uuid` (Table 2): the page says Mandatory No, the spec says `required: true`",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert_eq!(report.findings.len(), 5, "{text}");
    insta::assert_snapshot!("query_differs", text);
}

/// A field's bounds and default against the page's: `count` of create_servers has both in the
/// spec (`maximum: 100`, `default: 1`, from the page); a page that says otherwise is a finding,
/// and a bound or default the page states for a request field the spec leaves out is a note.
#[test]
fn bounds_and_defaults_of_fields_are_held_against_the_page() {
    const CREATE: &str = "apis_recommended/lifecycle_management/creating_ecss.rst";
    let page = edit_cell(
        &page(CREATE),
        "-  If this parameter is not specified, the default value is **1**.",
        "-  If this parameter is not specified, the default value is **2**.",
    );
    let (text, report) = findings_for("field-default", CREATE, page);
    assert!(
        text.contains(
            "Table 3 row `count`: the page says the default is `2`, the spec says `default: 1`"
        ),
        "{text}"
    );
    assert_eq!(report.findings.len(), 1, "{text}");
    insta::assert_snapshot!("field_default_differs", text);
    // A bound the page states and the spec leaves out of a request field is a note, not a
    // finding: the spec without the data disk size's bounds.
    let spec = spec_copy("field-bound-left-out");
    let yaml = spec.join("create_servers.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let bounds = "        minimum: 1\n        maximum: 1024\n";
    assert_eq!(
        text.matches(bounds).count(),
        1,
        "the size's one pair of bounds"
    );
    std::fs::write(&yaml, text.replace(bounds, "")).unwrap();
    let report = check(&spec);
    assert_eq!(report.findings, vec![], "{}", render(&spec, &report));
    assert!(
        report
            .gaps
            .iter()
            .any(|g| g.message
                == "Table 5 row `size`: the page says 1 to 1024, the spec says no bounds"),
        "{}",
        render(&spec, &report)
    );
}

/// A `query` deviation on a query parameter is accepted while the page differs, and stale once
/// it does not.
#[test]
fn a_stated_query_deviation_is_accepted_then_stale() {
    let stated = "      - {name: zone, type: string, description: Not on the page., source: 'resize-flavors-doc, Table 2', doc_deviations: [{kind: query, page_says: zone, reason: Sent by the console., source: 'resize-flavors-doc, Table 2'}]}\n";
    let spec = resize_flavors_spec("query-stated", |p| p + stated);
    let report = check(&spec);
    assert_eq!(report.findings, vec![], "{}", render(&spec, &report));
    assert_eq!(report.deviations, baseline().deviations + 1);
    // The page lists `zone` now: the deviation is stale.
    let page = edit_cell(
        &page(RESIZE_FLAVORS),
        "| marker             |",
        "| zone               |",
    );
    let page = edit(&page, "&marker={marker}", "&zone={zone}", 1);
    put_page(&spec, RESIZE_FLAVORS, page);
    let report = check(&spec);
    let text = render(&spec, &report);
    assert_eq!(report.findings.len(), 2, "{text}");
    assert!(text.contains("stale deviation: the page no longer differs from the spec as this `query` deviation states (page_says: \"zone\")"), "{text}");
    assert!(
        text.contains(
            "query parameter `marker` is neither in the page's query tables nor on its URI line"
        ),
        "{text}"
    );
}

const RESIZE_FLAVORS: &str = "apis_recommended/flavor_management/querying_the_target_flavors_to_which_an_ecs_flavor_can_be_changed.rst";

/// A shared page that no operation owns: its tables without a caption are cited by the name the
/// reader gives them (the paragraph before, else the section), and what nothing transcribes is
/// stated at the source; a table it gains, or a deviation it no longer needs, is a finding.
#[test]
fn a_shared_page_is_cited_by_table_names_and_states_the_rest_at_its_source() {
    let page = "\
Shared Values
=============

-  Normal response

   +-----------+--------+--------------------+
   | Parameter | Type   | Description        |
   +===========+========+====================+
   | ticket    | String | The ticket's name. |
   +-----------+--------+--------------------+

Codes
-----

=========== ===========
Status Code Description
=========== ===========
200         OK
=========== ===========
";
    let yaml = r#"sources:
  shared-doc: {title: Shared values, publisher: test, page: appendix/shared_values.rst}
schemas:
  SharedTicket:
    description: What the shared page's answer holds.
    source: shared-doc, table "Normal response"
    fields:
      - {name: ticket, type: string, required: true, description: The ticket., source: 'shared-doc, table "Normal response"'}
"#;
    let with = |deviation: &str| {
        let spec = spec_copy(&format!("shared-{}", deviation.len()));
        put_page(&spec, "appendix/shared_values.rst", page);
        let yaml = yaml.replace(
            "page: appendix/shared_values.rst}",
            &format!("page: appendix/shared_values.rst{deviation}}}"),
        );
        std::fs::write(spec.join("shared_values.yaml"), yaml).unwrap();
        let report = check(&spec);
        assert_located(&report);
        (render(&spec, &report), report)
    };
    let (text, report) = with("");
    assert_eq!(report.findings.len(), 1, "{text}");
    assert!(
        text.contains(r#"table "Codes" (Codes) is transcribed nowhere"#),
        "{text}"
    );
    assert!(text.contains("= in: sources.shared-doc"), "{text}");
    let stated = ", doc_deviations: [{kind: uncited, page_says: 'table \"Codes\"', reason: The codes are the service's., source: 'shared-doc, Codes'}]";
    let (text, report) = with(stated);
    assert_eq!(report.findings, vec![], "{text}");
    assert_eq!(report.deviations, baseline().deviations + 1);
    let (text, report) = with(&stated.replace("Codes\"'", "Codes (2)\"'"));
    assert_eq!(report.findings.len(), 2, "{text}");
    assert!(text.contains("stale deviation"), "{text}");
}
