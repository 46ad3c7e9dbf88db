//! The reader on each form the pages use, and on text that is broken.

use super::rst::{Body, ExampleKind, Mandatory, PageType, Problem, read};

const GRID: &str = "\
Request
-------

.. table:: **Table 3** **os-reinstall** field description

   +-----------------+-----------+------------------+------------------------------------------+
   | Parameter       | Mandatory | Type             | Description                              |
   +=================+===========+==================+==========================================+
   | keyname         | Yes       | String           | **Definition**                           |
   |                 |           |                  |                                          |
   |                 |           |                  | Specifies the :ref:`key <a_b>` name.     |
   |                 |           |                  |                                          |
   |                 |           |                  | -  **0**: not encrypted.                 |
   |                 |           |                  |                                          |
   |                 |           |                  | .. note::                                |
   |                 |           |                  |                                          |
   |                 |           |                  |    A nested note.                        |
   |                 |           |                  |                                          |
   |                 |           |                  |    .. code-block::                       |
   |                 |           |                  |                                          |
   |                 |           |                  |       echo user_test > /home/user.txt    |
   +-----------------+-----------+------------------+------------------------------------------+
   | \\__system__x    | No        | Array of objects | Escaped name, ``code`` and *emphasis*.   |
   +-----------------+-----------+------------------+------------------------------------------+
";

#[test]
fn a_grid_table_gives_rows_of_cells_with_their_lines() {
    let page = read(GRID.as_bytes());
    assert_eq!(page.problems, vec![]);
    let t = &page.tables[0];
    assert_eq!(
        (t.number, t.title.as_str(), t.line),
        (Some(3), "os-reinstall field description", 4)
    );
    assert_eq!(&*t.section, "Request");
    assert_eq!(t.columns, ["Parameter", "Mandatory", "Type", "Description"]);
    let names: Vec<(usize, String)> = t.rows.iter().map(|r| (r.line, t.name(r))).collect();
    assert_eq!(
        names,
        [(9, "keyname".to_string()), (23, "__system__x".to_string())]
    );
    assert_eq!(t.mandatory(&t.rows[0]), Some(Mandatory::Yes));
    assert_eq!(t.ty(&t.rows[0]), Some(PageType::String));
    assert_eq!(t.mandatory(&t.rows[1]), Some(Mandatory::No));
    assert_eq!(
        t.ty(&t.rows[1]),
        Some(PageType::Array(Some(Box::new(PageType::Object))))
    );
    let description = &t.rows[0].cells[3];
    assert_eq!(description.lines[4], "-  **0**: not encrypted.");
    assert_eq!(description.lines[8], "   A nested note.");
    assert_eq!(
        description.plain(),
        "Definition Specifies the key name. - 0: not encrypted. .. note:: A nested note. .. code-block:: echo user_test > /home/user.txt"
    );
    assert_eq!(
        t.rows[1].cells[3].plain(),
        "Escaped name, code and emphasis."
    );
}

const SIMPLE: &str = "\
URI
---

POST /v2/{project_id}/cloudservers/{server_id}/reinstallos

.. table:: **Table 1** Parameter description

   ========== ========= =========================
   Parameter  Mandatory Description
   ========== ========= =========================
   project_id Yes       Specifies the project ID.
   server_id  Yes       Specifies the ECS ID,
                        over two lines.
   ========== ========= =========================
";

#[test]
fn a_simple_table_gives_rows_and_continuation_lines() {
    let page = read(SIMPLE.as_bytes());
    assert_eq!(page.problems, vec![]);
    assert_eq!(page.uris.len(), 1);
    assert_eq!(
        (page.uris[0].line, page.uris[0].show().as_str()),
        (
            4,
            "POST /v2/{project_id}/cloudservers/{server_id}/reinstallos"
        )
    );
    let t = &page.tables[0];
    assert_eq!(t.columns, ["Parameter", "Mandatory", "Description"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(
        (t.rows[1].line, t.name(&t.rows[1])),
        (12, "server_id".into())
    );
    assert_eq!(
        t.rows[1].cells[2].plain(),
        "Specifies the ECS ID, over two lines."
    );
    assert_eq!(t.ty(&t.rows[0]), None, "no Type column");
}

const EXAMPLES: &str = "\
Example Request
---------------

-  Example URL request

   .. code-block:: text

      POST https://{endpoint}/v2/{project_id}/cloudservers/{server_id}/reinstallos?x=1

-  With a body

   .. code-block:: text

      POST https://{endpoint}/v2/{project_id}/cloudservers/{server_id}/reinstallos

      {
          \"os-reinstall\": {\"keyname\": \"KeyPair-350b\", }
      }

-  Only JSON

   .. code-block::

      {\"os-reinstall\": {\"userid\": \"u\"}}

Example Response
----------------

.. code-block::

   {
       \"job_id\": \"ff80808288d41e1b018990260955686a\"
   }
";

#[test]
fn code_blocks_under_example_sections_are_numbered_examples_with_request_lines() {
    let page = read(EXAMPLES.as_bytes());
    let lines: Vec<(usize, String)> = page
        .request_lines
        .iter()
        .map(|u| (u.line, u.show()))
        .collect();
    assert_eq!(
        lines,
        [
            (
                8,
                "POST /v2/{project_id}/cloudservers/{server_id}/reinstallos".to_string()
            ),
            (
                14,
                "POST /v2/{project_id}/cloudservers/{server_id}/reinstallos".to_string()
            )
        ]
    );
    let labels: Vec<(String, usize, usize)> = page
        .examples
        .iter()
        .map(|e| (e.label(), e.line, e.body_line))
        .collect();
    assert_eq!(
        labels,
        [
            ("Example Request 1".to_string(), 12, 16),
            ("Example Request 2".to_string(), 22, 24),
            ("Example Response 1".to_string(), 29, 31),
        ]
    );
    // A trailing comma is read tolerantly, and the repair is kept with its line.
    assert_eq!(
        page.examples[0].body,
        Body::Json(serde_json::json!({"os-reinstall": {"keyname": "KeyPair-350b"}}))
    );
    let repairs: Vec<(usize, &str)> = page.examples[0]
        .repairs
        .iter()
        .map(|r| (r.line, r.what))
        .collect();
    assert_eq!(repairs, [(17, "a trailing comma")]);
    assert!(page.examples[1].repairs.is_empty());
    assert_eq!(
        page.examples[1].body,
        Body::Json(serde_json::json!({"os-reinstall": {"userid": "u"}}))
    );
    assert_eq!(page.examples[2].kind, ExampleKind::Response);
}

#[test]
fn a_table_cut_off_mid_row_is_a_located_problem_and_keeps_its_rows() {
    let at = GRID.find("   | \\__system__x").expect("the second row");
    let cut = &GRID[..at - 1];
    let cut = format!(
        "{}\n   | extra           | No        | String           | text",
        cut.trim_end_matches(['\n', '+', '-', ' '])
    );
    let page = read(cut.as_bytes());
    let t = &page.tables[0];
    let names: Vec<String> = t.rows.iter().map(|r| t.name(r)).collect();
    assert!(names.contains(&"keyname".to_string()), "{names:?}");
    assert!(!page.problems.is_empty());
    assert!(
        page.problems
            .iter()
            .all(|p| p.line >= 1 && p.line <= cut.lines().count())
    );
}

#[test]
fn ragged_borders_are_located_problems_and_the_row_is_still_read() {
    let ragged = GRID.replace(
        "   | \\__system__x    | No        |",
        "   | \\__system__x   | No         |",
    );
    let page = read(ragged.as_bytes());
    assert_eq!(page.problems.len(), 1, "{:?}", page.problems);
    assert_eq!(page.problems[0].line, 23);
    let t = &page.tables[0];
    assert_eq!(t.name(&t.rows[1]), "__system__x");
    assert_eq!(t.mandatory(&t.rows[1]), Some(Mandatory::No));
}

#[test]
fn a_page_of_many_broken_rows_keeps_a_bounded_list_of_problems() {
    use super::page::MAX_PROBLEMS;
    // The ragged row of the test above, 5,000 times over: one problem each.
    let row = "   | \\__system__x   | No         | String           | x                                        |\n   +-----------------+-----------+------------------+------------------------------------------+\n";
    let at = GRID
        .find("   | \\__system__x    | No        |")
        .expect("the row");
    let broken = format!("{}{}{}", &GRID[..at], row.repeat(5_000), &GRID[at..]);
    let page = read(broken.as_bytes());
    assert_eq!(page.problems.len(), MAX_PROBLEMS + 1);
    let last = &page.problems[MAX_PROBLEMS];
    assert_eq!(
        last.message,
        format!(
            "more than {MAX_PROBLEMS} problems on this page; the others (from here on) are not listed"
        )
    );
    assert!(page.tables[0].rows.len() > 5_000);
}

#[test]
fn a_table_longer_than_any_published_one_is_read_up_to_the_bound() {
    use super::table::MAX_TABLE_LINES;
    let row = "   | b               | No        | String           | x                                        |\n   +-----------------+-----------+------------------+------------------------------------------+\n";
    let at = GRID
        .find("   | \\__system__x    | No        |")
        .expect("the row");
    let long = format!(
        "{}{}{}",
        &GRID[..at],
        row.repeat(MAX_TABLE_LINES / 2 + 10),
        &GRID[at..]
    );
    let page = read(long.as_bytes());
    let first = &page.problems[0];
    assert_eq!(
        first.message,
        format!("Table 3 is longer than {MAX_TABLE_LINES} lines; it is read up to here")
    );
    let rows = page.tables[0].rows.len();
    assert!(
        (MAX_TABLE_LINES / 2 - 10..MAX_TABLE_LINES / 2).contains(&rows),
        "{rows}"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_a_located_problem() {
    let mut bytes = SIMPLE.as_bytes().to_vec();
    bytes.splice(40..40, [0xff, 0xfe]);
    let page = read(&bytes);
    assert_eq!(page.problems.len(), 1);
    assert_eq!(page.problems[0].line, 4);
    assert_eq!(page.tables[0].rows.len(), 2);
}

#[test]
fn empty_and_odd_pages_read_as_nothing_without_panicking() {
    for text in [
        "",
        "\n",
        "=",
        ".. table::",
        ".. table:: **Table 1** x\n\n   +--+",
        "+",
        "|",
        "   ====\n   a b\n",
        ".. code-block::",
    ] {
        let page = read(text.as_bytes());
        assert!(
            page.problems.iter().all(|p| p.line >= 1),
            "{text:?}: {:?}",
            page.problems
        );
    }
    let empty = read(b"");
    assert_eq!(empty.tables.len(), 0);
    assert_eq!(
        empty.problems,
        vec![Problem {
            line: 1,
            message: "the page holds no title, no table and no URI line; is it the published page?"
                .into()
        }]
    );
}

#[test]
fn inline_markup_is_resolved() {
    use super::rst::plain;
    assert_eq!(plain("**\\__system__cmkid**"), "__system__cmkid");
    assert_eq!(
        plain("see :ref:`Table 4 <en-us_topic_0067876349__table9120223>`."),
        "see Table 4."
    );
    assert_eq!(
        plain("see `Table 2 <#enustopic0067876349table2840889>`__ here"),
        "see Table 2 here"
    );
    assert_eq!(plain("OS-DCF:diskConfig"), "OS-DCF:diskConfig");
    assert_eq!(plain("c:\\\\aaa.txt"), "c:\\aaa.txt");
}

#[test]
fn a_status_line_before_the_json_of_an_example_is_not_part_of_it() {
    let text = "Example Response\n----------------\n\n.. code-block::\n\n   HTTP/1.1 202 Accepted\n\n   {\"job_id\": \"a\"}\n";
    let page = read(text.as_bytes());
    assert_eq!(page.examples.len(), 1);
    assert_eq!(
        page.examples[0].body,
        Body::Json(serde_json::json!({"job_id": "a"}))
    );
}

/// `text` with runs of 8 spaces that start at a multiple of 8 columns (from the line's start)
/// written as tabs, and tabs after the text of some lines: the same page to the reader.
fn tabbed(text: &str) -> String {
    text.lines()
        .map(|l| {
            let chars: Vec<char> = l.chars().collect();
            let mut out = String::new();
            let mut i = 0;
            while i < chars.len() {
                if i % 8 == 0 && chars[i..].iter().take(8).filter(|c| **c == ' ').count() == 8 {
                    out.push('\t');
                    i += 8;
                } else {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            format!("{out}\t \t\n")
        })
        .collect()
}

#[test]
fn tabs_are_read_as_spaces_to_the_next_multiple_of_8_columns() {
    let example = "\
Example Request
---------------

.. code-block::

        POST https://{endpoint}/v2/{project_id}/x

        {
                \"a\": \"tab\there\"
        }
";
    for text in [GRID, example] {
        let with_tabs = tabbed(text);
        assert!(with_tabs.matches('\t').count() > 10, "{with_tabs}");
        let shown = |text: &str| format!("{:?}", read(text.as_bytes()));
        assert_eq!(shown(&with_tabs), shown(text));
    }
    let page = read(b"URI\n===\n\nPOST\t/v2/{project_id}/cloudservers\n");
    let uris: Vec<(&str, &str, usize)> = page
        .uris
        .iter()
        .map(|u| (u.method.as_str(), u.path.as_str(), u.line))
        .collect();
    assert_eq!(uris, [("POST", "/v2/{project_id}/cloudservers", 4)]);
    let Body::Json(body) = &read(tabbed(example).as_bytes()).examples[0].body else {
        panic!("the example is JSON");
    };
    assert_eq!(body, &serde_json::json!({"a": "tab       here"}));
}

/// One row of a grid table whose Description cell is `lines` (Type `ty`), read back.
fn description(ty: &str, lines: &[&str]) -> super::facts::Facts {
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    let border = format!("+------+---------+{}+", "-".repeat(width));
    let mut page = format!(
        "Request\n-------\n\n.. table:: **Table 2** Request parameters\n\n   {border}\n   | Name | Type    | {:<w$} |\n   {}\n",
        "Description",
        border.replace('-', "="),
        w = width - 2
    );
    for (k, l) in lines.iter().enumerate() {
        let (name, t) = if k == 0 { ("x", ty) } else { ("", "") };
        page.push_str(&format!(
            "   | {name:<4} | {t:<7} | {l:<w$} |\n",
            w = width - 2
        ));
    }
    page.push_str(&format!("   {border}\n"));
    let read = read(page.as_bytes());
    assert_eq!(read.problems, vec![], "{page}");
    let t = &read.tables[0];
    t.facts(&t.rows[0])
}

fn texts(list: &[super::facts::Stated]) -> Vec<&str> {
    list.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn values_are_read_from_lists_of_literals_and_nothing_else() {
    // A bullet list of which every item names a value; the line of each.
    let f = description(
        "String",
        &[
            "Specifies the type.",
            "",
            "-  **SOFT**: normal restart",
            "-  **HARD**: forcible restart",
        ],
    );
    assert_eq!(texts(&f.values), ["SOFT", "HARD"]);
    assert_eq!(
        f.values.iter().map(|v| v.line).collect::<Vec<_>>(),
        [11, 12]
    );
    // Paragraphs that each name one, and the one marked `(default)`.
    let f = description(
        "String",
        &[
            "Specifies a stop type.",
            "",
            "**SOFT**: normal stop (default)",
            "",
            "**HARD**: forcible stop",
        ],
    );
    assert_eq!(texts(&f.values), ["SOFT", "HARD"]);
    assert_eq!(f.default.map(|d| d.text).as_deref(), Some("SOFT"));
    // Inline lists after `can be`, `Options:`, and a Range paragraph of words.
    let f = description(
        "String",
        &["The value can be **ESSD**, **SSD**, or **SATA**."],
    );
    assert_eq!(texts(&f.values), ["ESSD", "SSD", "SATA"]);
    let f = description(
        "String",
        &["Specifies the bus.", "", "Options: **virtio** and **scsi**"],
    );
    assert_eq!(texts(&f.values), ["virtio", "scsi"]);
    let f = description("String", &["**Range**", "", "Linux or Windows"]);
    assert_eq!(texts(&f.values), ["Linux", "Windows"]);
    let f = description(
        "String",
        &["**Range**", "", "-  **anti-affinity**: on different hosts."],
    );
    assert_eq!(texts(&f.values), ["anti-affinity"]);
    // A list of one bullet: `Order lock (**ORDER**)`.
    let f = description(
        "String",
        &[
            "Specifies the lock source.",
            "",
            "-  Order lock (**ORDER**)",
        ],
    );
    assert_eq!(texts(&f.values), ["ORDER"]);
    // Not values: a list one item of which is prose, a conditional sentence, a format's parts,
    // an example's settings, a Boolean's true and false, a sentence.
    for (ty, lines) in [
        (
            "Integer",
            &[
                "-  **0** indicates the system disk.",
                "-  A non-zero value is a data disk.",
            ][..],
        ),
        (
            "String",
            &["For D2 ECSs, the value can be **2**, **4**, or **8**."],
        ),
        (
            "String",
            &[
                "In format {type}:{count}.",
                "",
                "-  **type**: the disk type.",
                "-  **count**: how many.",
            ],
        ),
        (
            "String",
            &[
                "For example, set them as follows:",
                "",
                "-  **a**: **x**",
                "-  **b**: **y**",
            ],
        ),
        ("Boolean", &["-  **true**: yes.", "-  **false**: no."]),
        (
            "String",
            &["The **job_id** of a job can be **used** to query it."],
        ),
    ] {
        assert_eq!(description(ty, lines).values, vec![], "{lines:?}");
    }
}

#[test]
fn ranges_lengths_and_defaults_are_read_where_stated() {
    let f = description(
        "Integer",
        &["Specifies the limit. The value ranges from 1 to 1,000."],
    );
    assert_eq!(f.range.map(|r| r.show()).as_deref(), Some("1 to 1000"));
    let f = description("Integer", &["The maximum value is **1,000**."]);
    assert_eq!(f.range.map(|r| r.show()).as_deref(), Some("at most 1000"));
    let f = description(
        "Integer",
        &[
            "**Constraints**",
            "",
            "The value must be greater than or equal to **0** and the default value is **1**.",
        ],
    );
    assert_eq!(f.range.map(|r| r.show()).as_deref(), Some("at least 0"));
    assert_eq!(f.default.map(|d| d.text).as_deref(), Some("1"));
    let f = description(
        "Integer",
        &[
            "**Range**",
            "",
            "0 to 100",
            "",
            "**Default Value**",
            "",
            "N/A",
        ],
    );
    assert_eq!(f.range.map(|r| r.show()).as_deref(), Some("0 to 100"));
    assert_eq!(f.default, None);
    let f = description("String", &["**Range**", "", "1 to 255 characters"]);
    assert_eq!(
        (f.range, f.length.map(|r| r.show())),
        (None, Some("1 to 255".to_string()))
    );
    let f = description("Boolean", &["**Default Value**", "", "false"]);
    assert_eq!(
        f.default.map(|d| (d.text, d.line)),
        Some(("false".to_string(), 11))
    );
    let f = description("String", &["Its default value is **\"\"**."]);
    assert_eq!(f.default.map(|d| d.text).as_deref(), Some("\"\""));
    let f = description(
        "String",
        &["The NIC driver, which is **virtio** by default."],
    );
    assert_eq!(f.default.map(|d| d.text).as_deref(), Some("virtio"));
    let f = description("Integer", &["It is set to **0** by default."]);
    assert_eq!(f.default.map(|d| d.text).as_deref(), Some("0"));
    // Not read: conditions, a negation, two different defaults, a range up to a count.
    for lines in [
        &["If the action value is filter, the default value is 1,000."][..],
        &["The default value is not **true**, so BYOL is not used."],
        &[
            "The default value is **1**.",
            "",
            "The default value is **2**.",
        ],
        &["The value ranges from 0 to the number of ECSs created."],
        &["If the tenant quota is sufficient, the maximum value is 100."],
    ] {
        let f = description("Integer", lines);
        assert_eq!((f.default, f.range), (None, None), "{lines:?}");
    }
}

#[test]
fn headed_paragraphs_links_and_code_blocks_of_a_cell() {
    let f = description(
        "String",
        &[
            "**Definition**",
            "",
            "Specifies the data. See :ref:`Table 9 <en-us_topic_1__table9>`.",
            "",
            ".. code-block::",
            "",
            "   {\"a\": 1, // a comment",
            "    \"b\": [1, 2,]}",
            "",
            "**Range**",
            "",
            "N/A",
        ],
    );
    let heads: Vec<(&str, &str, usize)> = f
        .paragraphs
        .iter()
        .map(|p| (p.heading.as_str(), p.text.as_str(), p.line))
        .collect();
    assert_eq!(
        heads,
        [
            ("Definition", "Specifies the data. See Table 9.", 11),
            ("Range", "N/A", 20)
        ]
    );
    assert_eq!(
        f.links
            .iter()
            .map(|l| (l.text.as_str(), l.label.as_str(), l.line))
            .collect::<Vec<_>>(),
        [("Table 9", "en-us_topic_1__table9", 11)]
    );
    assert_eq!(f.examples.len(), 1);
    assert_eq!(f.examples[0].line, 15);
    assert_eq!(
        f.examples[0].body,
        Body::Json(serde_json::json!({"a": 1, "b": [1, 2]}))
    );
}

#[test]
fn examples_that_are_not_strict_json_are_read_tolerantly() {
    use super::json::tolerant;
    let (v, repairs) =
        tolerant("{\n  \"a\": \"x\" // the name\n  \"b\": [1, 2,],\n  /* c */ \"c\": null\n}")
            .unwrap();
    assert_eq!(v, serde_json::json!({"a": "x", "b": [1, 2], "c": null}));
    let what: Vec<(usize, &str)> = repairs.iter().map(|r| (r.line, r.what)).collect();
    assert_eq!(
        what,
        [
            (2, "a `//` comment"),
            (3, "a missing comma"),
            (3, "a trailing comma"),
            (4, "a `/* */` comment")
        ]
    );
    // Strings keep what looks like comments and commas; broken JSON stays broken.
    let (v, repairs) = tolerant("{\"u\": \"http://x/,}\"}").unwrap();
    assert_eq!(
        (v, repairs),
        (serde_json::json!({"u": "http://x/,}"}), vec![])
    );
    assert!(tolerant("{\"a\": }").is_err());
    assert!(tolerant("<html>").is_err());
}

#[test]
fn query_strings_and_query_tables_are_kept_and_compared() {
    let page = read(
        "URI\n---\n\nGET /v1/{project_id}/servers?limit={limit}&&marker={marker}&x={x}\n\n\
.. table:: **Table 1** Path parameters\n\n   =========== ========= ====\n   Parameter   Mandatory Description\n   =========== ========= ====\n   project_id  Yes       The project.\n   delete_flag No        Forcibly.\n   =========== ========= ====\n\n\
.. table:: **Table 2** Query parameters\n\n   +--------+-----------+---------+\n   | Name   | Mandatory | Type    |\n   +========+===========+=========+\n   | limit  | No        | Integer |\n   +--------+-----------+---------+\n   | marker | No        | String  |\n   +--------+-----------+---------+\n"
            .as_bytes(),
    );
    assert_eq!(page.problems, vec![]);
    assert_eq!(page.uris[0].path, "/v1/{project_id}/servers");
    assert_eq!(page.uris[0].query, ["limit", "marker", "x"]);
    let rows: Vec<String> = page.query_rows().iter().map(|(t, r)| t.name(r)).collect();
    assert_eq!(rows, ["delete_flag", "limit", "marker"]);
    let disagree: Vec<(usize, String)> = page.query_disagreements();
    assert_eq!(
        disagree,
        [
            (4, "the URI line `GET /v1/{project_id}/servers` has query parameter `x`, which no query table lists".to_string()),
            (12, "Table 1 lists query parameter `delete_flag`, which the URI line `GET /v1/{project_id}/servers` does not have".to_string()),
        ]
    );
}

#[test]
fn the_types_of_every_published_page_are_understood() {
    for (text, ty) in [
        (
            "Map<String,String>",
            PageType::Map(Box::new(PageType::String)),
        ),
        (
            "List(Dict)",
            PageType::Array(Some(Box::new(PageType::Object))),
        ),
        ("Null", PageType::Null),
        ("Float", PageType::Number),
        ("string", PageType::String),
        (
            "Array of Object",
            PageType::Array(Some(Box::new(PageType::Object))),
        ),
    ] {
        assert_eq!(PageType::parse(text), ty, "{text}");
    }
}

#[test]
fn tables_keep_the_anchor_before_them() {
    let page = read(b".. _topic__table1:\n\n.. table:: **Table 1** X\n\n   ==== ====\n   Name Type\n   ==== ====\n   a    String\n   ==== ====\n\n.. table:: **Table 2** Y\n\n   ==== ====\n   Name Type\n   ==== ====\n   b    String\n   ==== ====\n");
    let labels: Vec<Option<&str>> = page.tables.iter().map(|t| t.label.as_deref()).collect();
    assert_eq!(labels, [Some("topic__table1"), None]);
    assert_eq!(page.anchors, [("topic__table1".to_string(), 1)]);
}

/// A cell of 19,000 lines, lists of one bullet under alternating headings and no paragraph, is
/// read in one pass over its blocks, and every value is read. (Each list used to look back over
/// every block before it for a paragraph: time in the square of the cell; this test took 0.64 s
/// in a debug build then, 0.19 s now.)
#[test]
fn a_cell_of_many_lists_is_read_in_proportion_to_its_size() {
    let mut lines: Vec<String> = Vec::new();
    for i in 0..4_750 {
        lines.push(
            if i % 2 == 0 {
                "**Range**"
            } else {
                "**Constraints**"
            }
            .to_string(),
        );
        lines.push(String::new());
        lines.push(format!("-  **V{i}**: value {i}."));
        lines.push(String::new());
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let f = description("String", &refs);
    assert_eq!(f.values.len(), 4_750);
    assert_eq!(f.values[4_749].text, "V4749");
}

/// The forms of the IAM pages and the shared ECS pages: tables without a caption, inside bullet
/// items, called by the paragraph before them; an anchor in a bullet's first line.
const UNCAPTIONED: &str = "\
Request Parameters
------------------

-  Parameters in the request header

   +--------------+-----------+--------+----------------------+
   | Parameter    | Mandatory | Type   | Description          |
   +==============+===========+========+======================+
   | Content-Type | Yes       | String | The body's **type**. |
   +--------------+-----------+--------+----------------------+

-  .. _topic__li9161:

   auth.identity

   +-----------+-----------+--------+-------------+
   | Parameter | Mandatory | Type   | Description |
   +===========+===========+========+=============+
   | methods   | Yes       | Array  | How.        |
   +-----------+-----------+--------+-------------+

Status Codes
------------

================== ===========
Normal Status Code Description
================== ===========
200                OK
201                Created
================== ===========

================= ===========
Error Status Code Description
================= ===========
400               Bad Request
================= ===========
";

#[test]
fn a_table_without_a_caption_is_called_by_the_paragraph_before_it() {
    let page = read(UNCAPTIONED.as_bytes());
    assert_eq!(page.problems, vec![]);
    let got: Vec<_> = page
        .tables
        .iter()
        .map(|t| (t.number, t.title.as_str(), t.label.as_deref(), t.rows.len()))
        .collect();
    assert_eq!(
        got,
        vec![
            (None, "Parameters in the request header", None, 1),
            (None, "auth.identity", Some("topic__li9161"), 1),
            // Without a paragraph before it, a table is called by its section.
            (None, "Status Codes", None, 2),
            (None, "Status Codes (2)", None, 1),
        ]
    );
    assert_eq!(page.tables[3].name(&page.tables[3].rows[0]), "400");
    assert!(
        page.anchors
            .iter()
            .any(|(a, line)| a == "topic__li9161" && *line == 12)
    );
}
