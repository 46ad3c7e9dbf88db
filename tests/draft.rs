//! `--draft PAGE.rst` on the vendored pages of "APIs (recommended)": exact parts of the drafts
//! (a GET with query parameters and paging, a POST batch action with a body, pages whose
//! response has no body, nested tables), one whole draft snapshotted, the check refusing a draft
//! until its descriptions are written, and each draft, its placeholders replaced by plain
//! descriptions, held against its page by `--docs`: what still disagrees, and what the page
//! states that the draft leaves out (`--docs`' notes), is listed exactly
//! (`snapshots/draft__what_remains_for_each_drafted_page.snap`).

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use client_codegen::Failure;
use client_codegen::check::placeholder::MARKER;

const LIST_SERVERS: &str = "apis_recommended/lifecycle_management/listing_details_about_ecss.rst";
const LIST_GROUPS: &str = "apis_recommended/ecs_group_management/listing_ecs_groups.rst";
const BATCH_START: &str = "apis_recommended/batch_operations/starting_ecss_in_a_batch.rst";
const DELETE_GROUP: &str = "apis_recommended/ecs_group_management/deleting_an_ecs_group.rst";
const MONITOR: &str = "apis_recommended/status_management/adding_an_ecs_to_the_monitoring_list.rst";

fn docs() -> PathBuf {
    support::root().join("spec/docs")
}

fn draft(page: &str) -> String {
    client_codegen::draft(&docs().join(page)).unwrap_or_else(|f| panic!("{page}: {f:?}"))
}

/// Every placeholder (a double-quoted scalar starting with the marker) replaced by a plain
/// description, as a person would after writing them.
fn described(draft: &str) -> String {
    let open = format!("\"{MARKER}:");
    let mut out = String::with_capacity(draft.len());
    let mut rest = draft;
    while let Some(at) = rest.find(&open) {
        out.push_str(&rest[..at]);
        let body = &rest[at + 1..];
        let mut end = 0;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        out.push_str("\"Written in our own words.\"");
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A spec folder holding `yaml` as `draft.yaml` and the page under `docs/`.
fn spec_with(tag: &str, page: &str, yaml: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otc-ecs-draft-{}-{tag}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let spec = dir.join("spec");
    let target = spec.join("docs").join(page);
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::copy(docs().join(page), &target).unwrap();
    fs::write(spec.join("draft.yaml"), yaml).unwrap();
    spec
}

fn lines_with<'a>(text: &'a str, part: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(part)).collect()
}

#[test]
fn a_get_with_query_parameters_and_paging() {
    let d = draft(LIST_SERVERS);
    assert!(d.contains("    method: GET\n"), "{d}");
    // The URI line's query string is cut off the template, and listed.
    assert!(
        d.contains("      - template: \"/v1/{project_id}/cloudservers/detail\"\n"),
        "{d}"
    );
    let query = lines_with(&d, "      - name: ");
    let names: Vec<&str> = query
        .iter()
        .map(|l| l.trim_start_matches("      - name: ").trim_matches('"'))
        .collect();
    let at = d
        .find("    query_params:\n")
        .expect("the query is transcribed");
    let response = d.find("    response:\n").unwrap();
    let names = &names[1..10]; // after `project_id`, before the response's fields
    assert!(at < response);
    assert_eq!(
        names,
        [
            "flavor",
            "name",
            "status",
            "limit",
            "offset",
            "not-tags",
            "reservation_id",
            "tags",
            "ip"
        ]
    );
    // The page's `Constraints` (greater than or equal to 0) and `Default Value` (1) of `offset`,
    // as `--docs` reads them, and the values its `status` cell lists as an enum of its own.
    let offset = "      - name: \"offset\"\n        type: integer\n        required: false\n        minimum: 0\n        default: 1\n        description: \"TODO(describe): Specifies the page number.";
    assert!(d.contains(offset), "{d}");
    assert!(d.contains("      - name: \"limit\"\n        type: integer\n        required: false\n        description: \"TODO(describe): Specifies the maximum number of ECSs on one page."));
    assert!(d.contains("        source: \"listing-details-about-ecss-doc, Table 2\"\n"));
    assert!(
        d.contains("      - name: \"status\"\n        type: ListingDetailsAboutEcssQueryStatus\n"),
        "{d}"
    );
    assert!(d.contains("  ListingDetailsAboutEcssQueryStatus:\n"), "{d}");
    // The list pages by page number through `servers`, counted by `count`.
    let paging = "    paging:\n      style: offset\n      limit: limit\n      offset: \"offset\"\n      items: \"servers\"\n      first_offset: 1\n      count_field: \"count\"\n      source: \"listing-details-about-ecss-doc, Table 2\"\n";
    assert!(d.contains(paging), "{d}");
    assert!(d.contains("    idempotent: true\n"));
    assert!(d.contains(
        "      statuses: [200]\n      schema: ListingDetailsAboutEcssResponse\n      source: \"listing-details-about-ecss-doc, Table 3\"\n"
    ));
    // The page's `count` and the servers it pages through.
    assert!(
        d.contains("      - name: \"count\"\n        type: integer\n        required: false\n")
    );
    assert!(
        d.contains("      - name: \"servers\"\n        type: array<Servers>\n"),
        "{d}"
    );
    // A Map<String, Array of objects> whose cell links to the page's own table.
    assert!(
        d.contains("      - name: \"addresses\"\n        type: map<array<Addresses>>\n"),
        "{d}"
    );
    // A link to another page's table is a comment, not a type.
    assert!(d.contains("# its cell links to a table of another page (`en-us_topic_0169494074__"));
    // The numbers an Integer's cell lists make an integer enum, each variant named by its word.
    assert!(
        d.contains(
            "      - name: \"OS-EXT-STS:power_state\"\n        type: ServersOsExtStsPowerState\n"
        ),
        "{d}"
    );
    assert!(
        d.contains("    values:\n      - value: 0\n        rust_name: Nostate\n        description: \"TODO(describe): NOSTATE\"\n      - value: 1\n        rust_name: Running\n"),
        "{d}"
    );
}

#[test]
fn a_post_batch_action_with_a_body() {
    let d = draft(BATCH_START);
    let expected_request = r#"    request:
      wrapper: "os-start"
      schema: OsStart
      content_type: application/json
      source: "starting-ecss-in-a-batch-doc, Table 2"
"#;
    assert!(d.contains(expected_request), "{d}");
    assert!(d.contains(
        "    method: POST\n    paths:\n      - template: \"/v1/{project_id}/cloudservers/action\"\n"
    ));
    assert!(d.contains("    idempotent: false\n"));
    let example = r#"      - name: "example request 1"
        source: "starting-ecss-in-a-batch-doc, Example Request 1"
        request: {
            "os-start": {
              "servers": [
                {
                  "id": "616fb98f-46ca-475e-917e-2563e5a8cd19"
                },
"#;
    assert!(d.contains(example), "{d}");
    let schema = r#"  OsStart:
    description: "TODO(describe): os-start field description"
    source: "starting-ecss-in-a-batch-doc, Table 3"
    fields:
      - name: "servers"
        type: array<Servers>
        required: true
        description: "TODO(describe): Specifies ECS IDs. For details, see Table 4."
        source: "starting-ecss-in-a-batch-doc, Table 3"
"#;
    assert!(d.contains(schema), "{d}");
    // The wrapper's table is the request's citation, not a schema of its own.
    assert!(!d.contains("StartingEcssInABatchTable2"), "{d}");
}

#[test]
fn a_mandatory_enum_of_a_request_is_drafted_required_with_its_values() {
    // The generator gives such a request type `new` in place of `Default`, so nothing keeps the
    // field optional or a string.
    let d = draft("apis_recommended/batch_operations/restarting_ecss_in_a_batch.rst");
    let field = "      - name: \"type\"\n        type: RebootType\n        required: true\n";
    assert!(d.contains(field), "{d}");
    let values = "    values:\n      - value: \"SOFT\"\n";
    assert!(d.contains("  RebootType:\n") && d.contains(values), "{d}");
    assert!(!d.contains("no default"), "{d}");
}

#[test]
fn a_number_gets_the_bounds_and_the_default_its_cell_states() {
    let d = draft("apis_recommended/lifecycle_management/creating_ecss.rst");
    // "the default value is 1" is read as `--docs` reads it; "If the tenant quota is sufficient,
    // the maximum value is 100" is conditional, so `--docs` reads no bound and the draft leaves
    // it a note for a person.
    let count = "      - name: \"count\"\n        type: integer\n        required: false\n        default: 1\n        description: ";
    assert!(d.contains(count), "{d}");
    assert!(d.contains("          - text: \"TODO(describe): - If the tenant quota is sufficient, the maximum value is 100.\"\n"), "{d}");
}

#[test]
fn pages_whose_response_has_no_body() {
    for (page, method) in [(DELETE_GROUP, "DELETE"), (MONITOR, "POST")] {
        let d = draft(page);
        assert!(d.contains(&format!("    method: {method}\n")), "{d}");
        // No `schema`: an answer without a body.
        let response = "      statuses: [200, 204]\n      source: ";
        assert!(d.contains(response), "{d}");
        assert!(!d.contains("    fields: []\n"), "{d}");
        assert!(d.contains("# no body (the page's Response: None)"), "{d}");
        assert!(
            !d.contains("response:\n          status"),
            "no response example: {d}"
        );
    }
    let d = draft(DELETE_GROUP);
    assert!(!d.contains("    request:\n"), "{d}");
    let d = draft(MONITOR);
    assert!(
        d.contains(
            "      - name: \"monitorMetrics\"\n        type: string\n        required: true\n"
        ),
        "{d}"
    );
    // No project in this path; an action of the v1.0 API.
    assert!(d.contains("      - template: \"/v1.0/servers/{server_id}/action\"\n"));
}

#[test]
fn nested_tables_become_schemas_named_after_the_rows_that_link_to_them() {
    let d = draft(LIST_GROUPS);
    assert!(d.contains("      - name: \"server_groups\"\n        type: array<ServerGroups>\n"));
    assert!(d.contains("      - name: \"page_info\"\n        type: PageInfo\n"));
    // Values listed in a Description cell make a string enum; here of an array of strings.
    assert!(d.contains("      - name: \"policies\"\n        type: array<ServerGroupsPolicies>\n"));
    assert!(d.contains("  ServerGroupsPolicies:\n"));
    assert!(d.contains("      - value: \"anti-affinity\"\n        description: \"TODO(describe): ECSs in this group must be deployed on different hosts.\"\n"));
    // The query table, which the URI line does not show, and the marker paging it makes.
    assert!(
        d.contains("      - name: \"limit\"\n        type: integer\n        required: false\n")
    );
    assert!(
        d.contains("      - name: \"marker\"\n        type: string\n        required: false\n")
    );
    assert!(
        d.contains("    paging:\n      style: marker\n      limit: limit\n      marker: \"marker\"\n      items: \"server_groups\"\n      marker_field: \"id\"\n"),
        "{d}"
    );
    insta::assert_snapshot!("listing_ecs_groups", d);
}

#[test]
fn the_check_refuses_a_draft_until_its_descriptions_are_written() {
    let d = draft(BATCH_START);
    let spec = spec_with("refused", BATCH_START, &d);
    let Err(Failure::Spec(diags)) = client_codegen::docs_check(&spec) else {
        panic!("a draft with placeholders passed the check");
    };
    let placeholders = d
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains(MARKER))
        .count();
    assert_eq!(diags.len(), placeholders, "{diags:#?}");
    for diag in &diags {
        assert!(
            diag.message
                .contains("still holds the draft placeholder `TODO(describe)`")
        );
        assert!(
            diag.line >= 1 && diag.file.ends_with("draft.yaml"),
            "{diag}"
        );
        assert!(
            diag.help
                .as_deref()
                .unwrap()
                .starts_with("write the description in your own words")
        );
    }
    let first = diags.iter().find(|d| d.path.ends_with(".summary")).unwrap();
    assert_eq!(first.path, "operations.starting_ecss_in_a_batch.summary");
    assert_eq!(
        first.line,
        d.lines().position(|l| l.contains("summary:")).unwrap() + 1
    );
    // Written, the same draft checks clean, agrees with its page, and generates.
    let spec = spec_with("written", BATCH_START, &described(&d));
    let report = client_codegen::docs_check(&spec).unwrap();
    assert_eq!(report.findings, vec![], "{}", report.summary());
    assert_eq!((report.pages, report.tables, report.examples), (1, 5, 2));
    let generated = client_codegen::generate(&spec).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!((generated.operations, generated.types), (1, 3));
}

/// Every operation page, drafted and described: what the check and `--docs` still say.
#[test]
fn what_remains_for_each_drafted_page() {
    let mut pages = Vec::new();
    collect(&docs().join("apis_recommended"), &mut pages);
    pages.sort();
    let mut out = String::new();
    let mut drafted = 0;
    for page in &pages {
        let rel = page
            .strip_prefix(docs())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let d = match client_codegen::draft(page) {
            Ok(d) => d,
            Err(f) => {
                assert_eq!(f.exit_code(), 2);
                out.push_str(&format!("{rel}: no draft (exit 2)\n"));
                continue;
            }
        };
        drafted += 1;
        let tag = rel.rsplit('/').next().unwrap().trim_end_matches(".rst");
        let spec = spec_with(tag, &rel, &described(&d));
        let mut accepted = 0;
        let mut notes = Vec::new();
        let remains: Vec<String> = match client_codegen::docs_check(&spec) {
            Ok(report) => {
                accepted = report.deviations;
                notes = report.gaps.iter().map(|g| g.message.clone()).collect();
                report
                    .findings
                    .iter()
                    .map(|f| format!("finding: {}", f.message))
                    .collect()
            }
            Err(Failure::Spec(diags)) => diags
                .iter()
                .map(|d| format!("error: {}", d.message))
                .collect(),
            Err(other) => panic!("{rel}: {other:?}"),
        };
        let _ = fs::remove_dir_all(spec.parent().unwrap());
        // What the draft states it leaves to a person (kind and what the page says).
        let stated = stated_deviations(&d);
        if !stated.is_empty() {
            out.push_str(&format!("{rel}: states {}\n", stated.join(", ")));
        }
        if remains.is_empty() {
            out.push_str(&format!(
                "{rel}: agrees ({accepted} stated deviation(s) accepted)\n"
            ));
        }
        for r in remains {
            out.push_str(&format!("{rel}: {r}\n"));
        }
        // What the page states and the described draft still leaves out (not failing `--docs`).
        for n in notes {
            out.push_str(&format!("{rel}: note: {n}\n"));
        }
        // A page with query parameters (a query table, a URI line's query string, a URI-table
        // row that names no path parameter) gets them as `query_params`.
        let text = fs::read_to_string(page).unwrap();
        let has_query = text.to_ascii_lowercase().contains("query parameter")
            || text.lines().any(|l| l.contains("/v") && l.contains('?'))
            || rel.ends_with("detaching_an_evs_disk_from_an_ecs.rst");
        assert_eq!(d.contains("\n    query_params:\n"), has_query, "{rel}");
    }
    assert_eq!(
        drafted, 38,
        "every operation page of APIs (recommended) drafts"
    );
    insta::assert_snapshot!("what_remains_for_each_drafted_page", out);
}

/// `uncited Table 6` for each `- kind: uncited` with `page_says: "Table 6"` of the draft.
fn stated_deviations(draft: &str) -> Vec<String> {
    let lines: Vec<&str> = draft.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(kind) = l.trim_start().strip_prefix("- kind: ") {
            let says = lines
                .get(i + 1)
                .and_then(|n| n.trim_start().strip_prefix("page_says: "));
            let says = says.unwrap_or("");
            let says = says.strip_prefix('"').and_then(|s| s.strip_suffix('"'));
            out.push(format!(
                "{kind} {}",
                says.unwrap_or("").replace("\\\"", "\"")
            ));
        }
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rst") {
            out.push(p);
        }
    }
}

#[test]
fn a_file_that_is_no_page_is_an_io_failure_naming_it() {
    let dir = std::env::temp_dir().join(format!("otc-ecs-draft-{}-nopage", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.rst", b"", "the file is empty"),
        ("blank.rst", b"  \n\n\t\n", "the file is empty"),
        (
            "binary.rst",
            b"Title\n=====\n\x00\x01\x02",
            ":3: the file holds a NUL byte",
        ),
        (
            "latin1.rst",
            b"Title\n=====\n\nGET /v1/x\n\xe9t\xe9\n",
            ":5: the file is not UTF-8",
        ),
        (
            "prose.rst",
            b"Tag Types\n=========\n\nNo URI line here.\n",
            "the page has no URI line",
        ),
    ];
    for (name, bytes, says) in cases {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        let run = std::panic::catch_unwind(|| client_codegen::draft(&path));
        let Ok(Err(failure)) = run else {
            panic!("{name}: {run:?}");
        };
        assert_eq!(failure.exit_code(), 2, "{name}");
        let Failure::Io(message) = failure else {
            unreachable!()
        };
        assert!(
            message.contains(name) && message.contains(says),
            "{name}: {message}"
        );
    }
    let tag_types = docs().join("apis_recommended/tag_management/tag_types.rst");
    assert!(
        matches!(client_codegen::draft(&tag_types), Err(Failure::Io(m)) if m.contains("no URI line"))
    );
    let missing = client_codegen::draft(&dir.join("missing.rst")).unwrap_err();
    assert_eq!(missing.exit_code(), 2);
    assert_eq!(client_codegen::draft(&dir).unwrap_err().exit_code(), 2);
}
