//! `--docs-diff OLD NEW`: what changed between two versions of a page, one line per change with
//! both line numbers, in terms of tables, rows, mandatory flags, types, URIs and examples only.

mod docs_support;
mod support;

use docs_support::*;

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in the page"))
        + 1
}

#[test]
fn the_page_before_table_5_differs_only_by_table_5() {
    let (old, new) = (reinstall_703731e(), page(REINSTALL));
    assert_eq!(
        diff("history", &old, &new),
        [format!(
            "old:{} new:{}: Table 5 (Response parameters) added, 1 rows",
            line_of(&old, "**Table 4**"),
            line_of(&new, "**Table 5**")
        )]
    );
    assert_eq!(
        diff("history-back", &new, &old),
        [format!(
            "old:{} new:{}: Table 5 (Response parameters) removed",
            line_of(&new, "**Table 5**"),
            line_of(&old, "**Table 4**")
        )]
    );
}

#[test]
fn re_wrapped_tables_moved_urls_and_reworded_prose_are_no_change() {
    for (name, text) in [
        (REINSTALL, page(REINSTALL)),
        (REBUILD, page(REBUILD)),
        (JOBS, page(JOBS)),
        (SHOW, page(SHOW)),
        ("703731e", reinstall_703731e()),
    ] {
        assert_eq!(
            diff(name, &text, &rewrap(&text, 5)),
            Vec::<String>::new(),
            "{name}"
        );
        assert_eq!(
            diff(name, &rewrap(&text, 11), &text),
            Vec::<String>::new(),
            "{name}"
        );
    }
}

#[test]
fn rows_added_removed_retyped_and_flipped_are_each_one_line() {
    let old = page(REINSTALL);
    let new = add_row(
        &old,
        "**Table 4**",
        &["hostname", "Yes", "Array of strings", "New."],
    );
    let new = remove_row(&new, "user_data");
    let new = edit(
        &new,
        "| BYOL                 | No              | String ",
        "| BYOL                 | No              | Boolean",
        1,
    );
    let new = edit(
        &new,
        "| keyname         | Yes ",
        "| keyname         | No  ",
        1,
    );
    let t4 = (line_of(&old, "**Table 4**"), line_of(&new, "**Table 4**"));
    assert_eq!(
        diff("rows", &old, &new),
        [
            format!(
                "old:{} new:{}: Table 3 row `keyname`: Mandatory Yes → No",
                line_of(&old, "| keyname"),
                line_of(&new, "| keyname")
            ),
            format!(
                "old:{} new:{}: Table 4 row `user_data` removed",
                line_of(&old, "| user_data"),
                t4.1
            ),
            format!(
                "old:{} new:{}: Table 4 row `hostname` added (Mandatory Yes, Array of strings)",
                t4.0,
                line_of(&new, "| hostname")
            ),
            format!(
                "old:{} new:{}: Table 4 row `BYOL`: type String → Boolean",
                line_of(&old, "| BYOL"),
                line_of(&new, "| BYOL")
            ),
        ]
    );
}

#[test]
fn uris_examples_and_table_numbers_are_compared() {
    let old = page(REBUILD);
    let new = edit(
        &old,
        "POST /v2/{project_id}/servers/{server_id}/action\n",
        "POST /v3/{project_id}/servers/{server_id}/action\n",
        1,
    );
    let new = edit(
        &new,
        "\"name\" : \"rebuildName\",",
        "\"name\" : \"rebuildName\", \"key_name\": null,",
        1,
    );
    let new = edit(&new, "\"progress\": 0,", "\"progress\": 100,", 1);
    let new = edit(
        &new,
        "**Table 4** Response parameters",
        "**Table 5** Response parameters",
        1,
    );
    assert_eq!(
        diff("uris", &old, &new),
        [
            "old:30 new:28: URI line `POST /v2/{project_id}/servers/{server_id}/action` removed"
                .to_string(),
            "old:28 new:30: URI line `POST /v3/{project_id}/servers/{server_id}/action` added"
                .to_string(),
            "old:134 new:134: Table 4 (Response parameters) is now Table 5".to_string(),
            format!(
                "old:{} new:{}: Example Request 1 changed: `rebuild.key_name` is only now (null)",
                line_of(&old, "\"rebuild\" : {"),
                line_of(&new, "\"key_name\": null")
            ),
            format!(
                "old:{} new:{}: Example Response 1 changed: `server.progress` is 0 before, 100 now",
                line_of(&old, "\"progress\": 0"),
                line_of(&new, "\"progress\": 100")
            ),
        ]
    );
}

#[test]
fn the_2023_change_of_the_examples_shows_as_dropped_adminpass() {
    // The examples as published before 2023: a URL block of its own, and adminpass sent.
    let new = reinstall_703731e();
    let old = rewrap(&new, 0);
    let old = edit(
        &old,
        "\"userid\": \"7e25b1da389f4697a79df3a0e5bd494e\",",
        "\"adminpass\": \"!QAZxsw2\", \"userid\": \"7e25b1da389f4697a79df3a0e5bd494e\",",
        2,
    );
    let lines = diff("2023", &old, &new);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].ends_with(
            "Example Request 1 changed: `os-reinstall.adminpass` is only before (\"!QAZxsw2\")"
        ),
        "{lines:#?}"
    );
    assert!(
        lines[1].ends_with(
            "Example Request 3 changed: `os-reinstall.adminpass` is only before (\"!QAZxsw2\")"
        ),
        "{lines:#?}"
    );
}

#[test]
fn an_unreadable_page_is_an_io_failure_with_exit_code_2() {
    let missing = std::env::temp_dir().join("otc-ecs-no-such-page.rst");
    let real = support::root().join("spec/docs").join(REBUILD);
    let failure = client_codegen::docs_diff(&missing, &real).expect_err("no such page");
    assert!(
        matches!(&failure, client_codegen::Failure::Io(m) if m.contains("otc-ecs-no-such-page.rst"))
    );
    assert_eq!(failure.exit_code(), 2);
}

/// Tabs are expanded in one pass over each line, and a line's trailing tabs take no room: a
/// line of 1 MiB of tabs and a page of 17 MiB of tabs are read (and compared) in time and memory
/// in proportion to their size. (A tab used to cost the length of its line so far: 1 MiB of tabs
/// on one line ran for minutes. The release timings are in the README.)
#[test]
fn a_line_of_tabs_and_a_page_of_tabs_are_read_in_one_pass() {
    let real = page(REINSTALL);
    let tabs = "\t".repeat(1 << 20);
    let with_a_line_of_tabs = format!("{real}\n{tabs}\n");
    assert_eq!(
        diff("tab-line", &real, &with_a_line_of_tabs),
        Vec::<String>::new()
    );
    // 4,096 lines of 4,095 tabs (16 MiB), then 1 MiB of tabs between two letters (8 MiB of spaces).
    let line = format!("{}\n", "\t".repeat(4095));
    let tab_page = format!("{}x{tabs}y\n", line.repeat(4096));
    assert_eq!(tab_page.len(), 17 * (1 << 20) + 3);
    let read = client_codegen::docs::rst::read(tab_page.as_bytes());
    let problems: Vec<(usize, &str)> = read
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [(
            1,
            "the page holds no title, no table and no URI line; is it the published page?"
        )]
    );
    assert_eq!(diff("tab-page", &tab_page, &tab_page), Vec::<String>::new());
    // Against the real page, the page of tabs is an empty page.
    let from_empty = diff("empty-real", "\n", &real);
    assert_eq!(from_empty.len(), 12);
    assert_eq!(diff("tab-page-real", &tab_page, &real), from_empty);
}

/// Re-wrapping and rewording give no change on any page of `apis_recommended/` or the shared
/// pages, though each now states values, ranges, defaults and query parameters that are
/// compared.
#[test]
fn every_recommended_and_shared_page_re_wrapped_and_reworded_is_no_change() {
    let pages = recommended_and_shared();
    // 38 operation pages and `tag_types.rst`; 3 + 4 + 4 shared pages.
    assert_eq!(pages.len(), 39 + 11, "{pages:#?}");
    for name in &pages {
        let text = page(name);
        for (how, new) in [
            ("re-wrapped", rewrap(&simple_to_grid(&text), 7)),
            ("reworded", reword_cells(&text)),
            ("both", reword_cells(&rewrap(&simple_to_grid(&text), 3))),
        ] {
            assert_eq!(
                diff(name, &text, &new),
                Vec::<String>::new(),
                "{name}, {how}"
            );
        }
    }
}

const RESTART: &str = "apis_recommended/batch_operations/restarting_ecss_in_a_batch.rst";
const GROUPS: &str = "apis_recommended/ecs_group_management/listing_ecs_groups.rst";
const FLAVORS: &str = "apis_recommended/flavor_management/querying_the_target_flavors_to_which_an_ecs_flavor_can_be_changed.rst";
const CREATE: &str = "apis_recommended/lifecycle_management/creating_ecss.rst";
const LIST: &str = "apis_recommended/lifecycle_management/listing_details_about_ecss.rst";

#[test]
fn an_enum_value_renamed_added_or_removed_is_named() {
    let old = page(RESTART);
    let renamed = edit_cell(&old, "-  **HARD**: forcible", "-  **FORCE**: forcible");
    assert_eq!(
        diff("renamed", &old, &renamed),
        [format!(
            "old:{0} new:{0}: Table 3 row `type`: value `HARD` renamed to `FORCE`",
            line_of(&old, "**HARD**")
        )]
    );
    let added = add_line_after(
        &old,
        "-  **HARD**: forcible restart (hard restart)",
        "-  **CRASH**: a crash dump",
    );
    assert_eq!(
        diff("added", &old, &added),
        [format!(
            "old:{} new:{}: Table 3 row `type`: value `CRASH` added",
            line_of(&old, "**SOFT**"),
            line_of(&added, "**CRASH**")
        )]
    );
    let removed = remove_line(&old, "-  **HARD**: forcible");
    assert_eq!(
        diff("removed", &old, &removed),
        [format!(
            "old:{} new:{}: Table 3 row `type`: value `HARD` removed",
            line_of(&old, "**HARD**"),
            line_of(&removed, "**SOFT**")
        )]
    );
}

#[test]
fn a_range_or_a_default_changed_is_named() {
    let old = page(CREATE);
    let new = edit_cell(&old, "1 to 1024", "1 to 2048");
    assert_eq!(
        diff("range", &old, &new),
        [format!(
            "old:{0} new:{0}: Table 5 row `size`: range 1 to 1024 → 1 to 2048",
            line_of(&old, "1 to 1024")
        )]
    );
    let old = page(GROUPS);
    let new = edit_cell(
        &old,
        "The maximum value is 1,000.",
        "The maximum value is 500.",
    );
    assert_eq!(
        diff("maximum", &old, &new),
        [format!(
            "old:{0} new:{0}: query parameter `limit` (Table 2): range at most 1000 → at most 500",
            line_of(&old, "The maximum value is 1,000.")
        )]
    );
    let old = page(FLAVORS);
    let new = edit_cell(
        &old,
        "The default value is **1,000**.",
        "The default value is **25**.",
    );
    let line = line_of(&old, "The default value is **1,000**.");
    assert_eq!(
        diff("default", &old, &new),
        [format!(
            "old:{line} new:{line}: query parameter `limit` (Table 2): default `1000` → `25`"
        )]
    );
    let new = edit_cell(&old, " The default value is **1,000**.", "");
    assert_eq!(
        diff("default-gone", &old, &new),
        [format!(
            "old:{line} new:{line}: query parameter `limit` (Table 2): default `1000` → none stated"
        )]
    );
}

#[test]
fn a_query_parameter_added_removed_or_retyped_is_named() {
    let old = page(GROUPS);
    let new = add_row(
        &old,
        "**Table 2**",
        &["name", "No", "String", "Filters by name."],
    );
    let new = remove_row(&new, "marker");
    let new = edit_cell(
        &new,
        "| Integer         | Specifies the upper",
        "| String          | Specifies the upper",
    );
    let t2 = (line_of(&old, "**Table 2**"), line_of(&new, "**Table 2**"));
    assert_eq!(
        diff("query", &old, &new),
        [
            format!(
                "old:{} new:{}: query parameter `marker` (Table 2) removed",
                line_of(&old, "| marker "),
                t2.1
            ),
            format!(
                "old:{} new:{}: query parameter `name` (Table 2) added (Mandatory No, String)",
                t2.0,
                line_of(&new, "| name ")
            ),
            format!(
                "old:{} new:{}: query parameter `limit` (Table 2): type Integer → String",
                line_of(&old, "| limit "),
                line_of(&new, "| limit ")
            ),
        ]
    );
}

#[test]
fn the_query_string_of_the_uri_line_is_compared_and_held_against_the_query_table() {
    let old = page(LIST);
    let uri = line_of(&old, "GET /v1/{project_id}/cloudservers/detail?");
    // The query string keeps its names; the path alone is the URI line it was.
    let new = edit(
        &old,
        "&&tags={tags}&ip={ip}\n",
        "&&tags={tags}&ip={ip}&zone={zone}\n",
        1,
    );
    let new = edit(&new, "&flavor={flavor}&", "&", 0);
    let new = edit(&new, "?flavor={flavor}&name=", "?name=", 1);
    assert_eq!(
        diff("uri-query", &old, &new),
        [
            format!(
                "old:- new:{uri}: the new page disagrees with itself: the URI line `GET /v1/{{project_id}}/cloudservers/detail` has query parameter `zone`, which no query table lists"
            ),
            format!(
                "old:{uri} new:{uri}: URI line `GET /v1/{{project_id}}/cloudservers/detail`: query parameter `zone` added"
            ),
            format!(
                "old:{uri} new:{uri}: URI line `GET /v1/{{project_id}}/cloudservers/detail`: query parameter `flavor` removed"
            ),
            format!(
                "old:- new:{}: the new page disagrees with itself: Table 2 lists query parameter `flavor`, which the URI line `GET /v1/{{project_id}}/cloudservers/detail` does not have",
                line_of(&new, "| flavor ")
            ),
        ]
    );
}

/// What the reader takes from the Description cells, URI lines and examples of every page of
/// `apis_recommended/` and the shared pages: each value, range, length and default with its
/// line, each query string and query table, each example read tolerantly. The snapshot is the
/// record that the forms read are read right (each was checked against its page) and that
/// nothing else is read: a new form, or a changed reading, shows in its diff.
#[test]
fn what_every_recommended_and_shared_page_states_is_read_conservatively() {
    use client_codegen::docs::rst::read;
    let mut out = String::new();
    for name in recommended_and_shared() {
        let p = read(page(&name).as_bytes());
        assert_eq!(p.problems, vec![], "{name}");
        let mut lines = Vec::new();
        for u in p.uris.iter().filter(|u| !u.query.is_empty()) {
            lines.push(format!(
                "{}: URI line `{}` ?{}",
                u.line,
                u.show(),
                u.query.join("&")
            ));
        }
        let query: Vec<String> = p
            .query_rows()
            .iter()
            .map(|(t, r)| format!("{} ({})", t.name(r), t.label()))
            .collect();
        if !query.is_empty() {
            lines.push(format!("query parameters: {}", query.join(", ")));
        }
        for (line, m) in p.query_disagreements() {
            lines.push(format!("{line}: disagrees: {m}"));
        }
        for t in &p.tables {
            for r in &t.rows {
                let f = t.facts(r);
                let mut parts = Vec::new();
                if !f.values.is_empty() {
                    let v: Vec<String> = f
                        .values
                        .iter()
                        .map(|v| format!("{}@{}", v.text, v.line))
                        .collect();
                    parts.push(format!("values {}", v.join(" ")));
                }
                if let Some(b) = &f.range {
                    parts.push(format!("range {}@{}", b.show(), b.line));
                }
                if let Some(b) = &f.length {
                    parts.push(format!("length {}@{}", b.show(), b.line));
                }
                if let Some(d) = &f.default {
                    parts.push(format!("default {}@{}", d.text, d.line));
                }
                for e in &f.examples {
                    let kind = match e.body {
                        client_codegen::docs::rst::Body::Json(_) => "JSON",
                        _ => "text",
                    };
                    parts.push(format!("code block ({kind})@{}", e.line));
                }
                if !parts.is_empty() {
                    lines.push(format!(
                        "{}: {} `{}`: {}",
                        r.line,
                        t.label(),
                        t.name(r),
                        parts.join("; ")
                    ));
                }
            }
        }
        for e in &p.examples {
            for r in &e.repairs {
                lines.push(format!("{}: {}: read past {}", r.line, e.label(), r.what));
            }
        }
        if !lines.is_empty() {
            out.push_str(&format!("{}\n", file_name(&name)));
            for l in lines {
                out.push_str(&format!("  {l}\n"));
            }
        }
    }
    insta::assert_snapshot!("page_facts", out);
}

/// The `:ref:` links in the table cells of the recommended and shared pages, resolved across the
/// vendored pages: the links into another page are listed with the table they lead to (the
/// snapshot), a link that names a table (`Table 9`) always leads to one, and the few labels of
/// pages that are not vendored are listed too.
#[test]
fn every_link_of_a_cell_resolves_and_the_links_into_shared_pages_lead_to_their_tables() {
    use client_codegen::docs::links::Library;
    let lib = Library::read(&support::root().join("spec/docs"));
    let mut out = String::new();
    let (mut links, mut unresolved) = (0, Vec::new());
    for name in recommended_and_shared() {
        let p = lib.page(&name).expect("read");
        let own = p
            .anchors
            .first()
            .map(|(l, _)| l.clone())
            .unwrap_or_default();
        for t in &p.tables {
            for r in &t.rows {
                for l in t.facts(r).links {
                    links += 1;
                    let Some(to) = lib.resolve(&l.label) else {
                        unresolved.push(format!(
                            "{}:{} {} ({})",
                            file_name(&name),
                            l.line,
                            l.label,
                            l.text
                        ));
                        continue;
                    };
                    if l.text.starts_with("Table ") {
                        assert!(
                            to.table.is_some(),
                            "{name}:{}: {} leads to no table",
                            l.line,
                            l.label
                        );
                    }
                    if !l.label.starts_with(&format!("{own}__")) && to.page != name {
                        let table = to.table.map_or("no table".to_string(), |t| {
                            format!("{} ({})", t.label(), t.title)
                        });
                        out.push_str(&format!(
                            "{}:{} {} `{}` → {} {table}\n",
                            file_name(&name),
                            l.line,
                            t.label(),
                            t.name(r),
                            file_name(to.page)
                        ));
                    }
                }
            }
        }
    }
    assert!(links > 100, "{links} links");
    // The labels of pages not vendored (the "Job Status Management" index, other services'
    // key pair pages): listed, so that a link that stops resolving shows.
    out.push_str("\nnot vendored:\n");
    for u in &unresolved {
        out.push_str(&format!("{u}\n"));
    }
    insta::assert_snapshot!("links_into_other_pages", out);
}
