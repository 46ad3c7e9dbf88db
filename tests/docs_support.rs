#![allow(dead_code)]
//! Copies of the spec and its vendored pages in a scratch folder, and the text edits the tests
//! make to the pages: what a maintainer would see upstream, built from the real pages.

use std::fs;
use std::path::{Path, PathBuf};

use client_codegen::docs::diff::Shown;

use crate::support::root;

// The vendored pages the spec cites, by their path under `spec/docs/` (upstream's folders).
pub const REINSTALL: &str = "apis_recommended/status_management/reinstalling_an_ecs_os_using_an_image_with_cloud-init_installed.rst";
pub const REBUILD: &str = "native_openstack_nova_apis/status_management/rebuilding_an_ecs.rst";
pub const JOBS: &str = "apis_recommended/job_status_management/querying_job_execution_status.rst";
pub const SHOW: &str =
    "native_openstack_nova_apis/lifecycle_management/querying_details_about_an_ecs.rst";

/// The real page, as vendored.
pub fn page(name: &str) -> String {
    fs::read_to_string(root().join("spec/docs").join(name)).expect("a vendored page")
}

/// The reinstall page before Table 5 was added (upstream 703731e), kept under `tests/docs/`.
pub fn reinstall_703731e() -> String {
    let name = file_name(REINSTALL).replace(".rst", ".703731e.rst");
    fs::read_to_string(root().join("tests/docs").join(name)).expect("the history fixture")
}

/// The last part of a page's path (`rebuilding_an_ecs.rst`).
pub fn file_name(page: &str) -> &str {
    page.rsplit('/').next().unwrap_or(page)
}

/// A fresh copy of `spec/` (YAML files and `docs/` with its folders) under a scratch folder
/// named `tag`.
pub fn spec_copy(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otc-ecs-docs-{}-{tag}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let spec = dir.join("spec");
    fs::create_dir_all(&spec).unwrap();
    for entry in fs::read_dir(root().join("spec")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            fs::copy(&p, spec.join(p.file_name().unwrap())).unwrap();
        }
    }
    copy_tree(&root().join("spec/docs"), &spec.join("docs"));
    spec
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &target);
        } else {
            fs::copy(&p, &target).unwrap();
        }
    }
}

/// Replaces the vendored page `name` in a spec copy.
pub fn put_page(spec: &Path, name: &str, text: impl AsRef<[u8]>) {
    fs::write(spec.join("docs").join(name), text).unwrap();
}

/// `text` with `from` replaced by `to` exactly `times` times (the edit must apply).
pub fn edit(text: &str, from: &str, to: &str, times: usize) -> String {
    assert_eq!(
        text.matches(from).count(),
        times,
        "`{from}` must occur {times} time(s)"
    );
    text.replace(from, to)
}

/// The line of `text` that starts (after indentation) with `start`, and the index of the line.
fn line_index(lines: &[String], start: &str) -> usize {
    lines
        .iter()
        .position(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with `{start}`"))
}

/// Removes the grid row whose first line starts with `| name ` (its lines and the border below).
pub fn remove_row(text: &str, name: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let first = line_index(&lines, &format!("| {name} "));
    let mut end = first;
    while !lines[end].trim_start().starts_with('+') {
        end += 1;
    }
    lines.drain(first..=end);
    lines.join("\n") + "\n"
}

/// Inserts a one-line grid row `cells` after the header rule of the table captioned `caption`.
pub fn add_row(text: &str, caption: &str, cells: &[&str]) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let at = line_index(&lines, &format!(".. table:: {caption}"));
    let rule = at
        + lines[at..]
            .iter()
            .position(|l| l.trim_start().starts_with("+="))
            .unwrap();
    let border = lines[rule].replace('=', "-");
    let indent = &border[..border.len() - border.trim_start().len()];
    let widths: Vec<usize> = border
        .trim()
        .split('+')
        .filter(|s| !s.is_empty())
        .map(str::len)
        .collect();
    let mut row = format!("{indent}|");
    for (w, c) in widths
        .iter()
        .zip(cells.iter().chain(std::iter::repeat(&"")))
    {
        row.push_str(&format!(" {c:<width$}|", width = w - 1));
    }
    lines.insert(rule + 1, border);
    lines.insert(rule + 1, row);
    lines.join("\n") + "\n"
}

/// Every grid table's last column made `extra` characters wider, simple tables turned into grid
/// tables, one-line descriptions of `rebuild` Table 4 wrapped onto two lines, the URL of each
/// example request moved into a block of its own, and the Function prose reworded: nothing a
/// client cares about changes.
pub fn rewrap(text: &str, extra: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        let indent = &line[..line.len() - t.len()];
        if t.starts_with("==========")
            && lines
                .get(i + 1)
                .is_some_and(|l| l.trim_start().starts_with("Parameter"))
        {
            // A simple table of Parameter / Mandatory / Description: rewrite it as a grid.
            let mut rows = Vec::new();
            let mut j = i + 3;
            while !lines[j].trim_start().starts_with("====") {
                let cols: Vec<&str> = lines[j].split_whitespace().collect();
                rows.push((
                    cols[0].to_string(),
                    cols[1].to_string(),
                    cols[2..].join(" "),
                ));
                j += 1;
            }
            let border = format!(
                "{indent}+------------+-----------+--------------------------------------------+"
            );
            out.push(border.clone());
            out.push(format!(
                "{indent}| Parameter  | Mandatory | Description                                |"
            ));
            out.push(border.replace('-', "="));
            for (a, b, c) in rows {
                out.push(format!("{indent}| {a:<11}| {b:<10}| {c:<43}|"));
                out.push(border.clone());
            }
            i = j + 1;
            continue;
        }
        if t.starts_with('+') && t.ends_with('+') {
            let fill = if t.contains('=') { "=" } else { "-" };
            out.push(format!(
                "{}{}+",
                &line[..line.len() - 1],
                fill.repeat(extra)
            ));
        } else if t.starts_with('|') && t.ends_with('|') {
            let wide = format!("{}{}|", &line[..line.len() - 1], " ".repeat(extra));
            out.extend(wrap_last_cell(&wide));
        } else if t.starts_with("POST https://") || t.starts_with("GET https://") {
            // Dropped here; the examples section gets one URL block below.
            if lines.get(i + 1).is_some_and(|l| l.trim().is_empty()) {
                i += 1;
            }
        } else if t == "Example Request" {
            out.push(line.to_string());
            out.push(lines[i + 1].to_string());
            out.push(String::new());
            out.push("-  Example URL request, reworded".into());
            out.push(String::new());
            out.push("   .. code-block:: text".into());
            out.push(String::new());
            for l in text.lines().filter(|l| {
                l.trim_start().starts_with("POST https://")
                    || l.trim_start().starts_with("GET https://")
            }) {
                out.push(format!("      {}", l.trim()));
            }
            i += 1;
        } else if t.starts_with("This API is used to") {
            out.push(line.replace("This API is used to", "With this API you can"));
        } else {
            out.push(line.to_string());
        }
        i += 1;
    }
    out.join("\n") + "\n"
}

/// A row's first line whose last cell holds a long sentence, as two lines: the words split
/// between them, the other cells of the second line empty.
fn wrap_last_cell(line: &str) -> Vec<String> {
    let Some(cut) = line[..line.len() - 1].rfind('|') else {
        return vec![line.to_string()];
    };
    let first_cell = line.trim_start()[1..].split('|').next().unwrap_or("");
    let text = line[cut + 1..line.len() - 1].trim();
    let words: Vec<&str> = text.split(' ').collect();
    if first_cell.trim().is_empty() || text.len() < 40 || words.len() < 4 || text.starts_with('-') {
        return vec![line.to_string()];
    }
    let width = line.len() - cut - 2;
    let half = words.len() / 2;
    let blank: String = line[..cut]
        .chars()
        .map(|c| if c == '|' { '|' } else { ' ' })
        .collect();
    vec![
        format!(
            "{}| {:<w$}|",
            &line[..cut],
            words[..half].join(" "),
            w = width - 1
        ),
        format!("{blank}| {:<w$}|", words[half..].join(" "), w = width - 1),
    ]
}

/// Every vendored page of `apis_recommended/` and the shared pages (`data_structure/`,
/// `common_parameters/`, `appendix/`), by their path under `spec/docs/`, in order.
pub fn recommended_and_shared() -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(&p, base, out);
            } else if p.extension().is_some_and(|e| e == "rst") {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
    let base = root().join("spec/docs");
    let mut out = Vec::new();
    for dir in [
        "apis_recommended",
        "data_structure",
        "common_parameters",
        "appendix",
    ] {
        walk(&base.join(dir), &base, &mut out);
    }
    out.sort();
    out
}

/// `text` with `from` replaced by `to` on the one line that holds it, inside a grid cell: the
/// spaces before the cell's closing `|` are added or taken away so that the borders still line
/// up (the cell must have room for a longer text).
pub fn edit_cell(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let i = lines.iter().position(|l| l.contains(from)).unwrap();
    let line = &lines[i];
    let at = line.find(from).unwrap();
    let close = at + from.len() + line[at + from.len()..].find('|').expect("a closing `|`");
    let cell = &line[at + from.len()..close];
    let width = from.chars().count() + cell.chars().count();
    let text_after = cell.trim_end();
    let body = format!("{to}{text_after}");
    let pad = width
        .checked_sub(body.chars().count())
        .expect("the cell has room for the new text");
    lines[i] = format!("{}{body}{}{}", &line[..at], " ".repeat(pad), &line[close..]);
    lines.join("\n") + "\n"
}

/// The line that holds `anchor` duplicated below itself with `anchor` replaced by `to` (a new
/// bullet of a list in a cell: the borders stay in place).
pub fn add_line_after(text: &str, anchor: &str, to: &str) -> String {
    assert_eq!(
        text.matches(anchor).count(),
        1,
        "`{anchor}` must occur once"
    );
    let lines: Vec<String> = text.lines().map(String::from).collect();
    let i = lines.iter().position(|l| l.contains(anchor)).unwrap();
    let copy = edit_cell(&lines[i], anchor, to);
    let mut out = lines;
    out.insert(i + 1, copy.trim_end_matches('\n').to_string());
    out.join("\n") + "\n"
}

/// `text` without the one line that holds `needle`.
pub fn remove_line(text: &str, needle: &str) -> String {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "`{needle}` must occur once"
    );
    let out: Vec<&str> = text.lines().filter(|l| !l.contains(needle)).collect();
    out.join("\n") + "\n"
}

/// Prose reworded inside table cells, each phrase by one as long (so that borders and columns
/// stay): `Specifies the` becomes `Indicates the`, `The value ranges from` `Its value ranges
/// from`, `The default value is` `Its default value is`.
pub fn reword_cells(text: &str) -> String {
    text.replace("Specifies the", "Indicates the")
        .replace("The value ranges from", "Its value ranges from")
        .replace("The default value is", "Its default value is")
}

/// Every simple table (`=== ===` rules) of a `.. table::` in `text` written as a grid table with the same cells:
/// each column as wide as its longest text, continuation lines kept as lines of their cell.
pub fn simple_to_grid(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let is_rule = |l: &str| {
        let t = l.trim();
        t.starts_with('=') && t.chars().all(|c| c == '=' || c == ' ')
    };
    while i < lines.len() {
        let line = lines[i];
        // Only the tables of `.. table::` directives (indented): the reader does not read a
        // simple table without a caption, and a grid table without one it does.
        let indented = line.starts_with(' ');
        if !(indented && is_rule(line) && lines.get(i + 2).is_some_and(|l| is_rule(l))) {
            out.push(line.to_string());
            i += 1;
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let rule: Vec<char> = line.chars().collect();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (k, c) in rule.iter().enumerate() {
            match (c, spans.last_mut()) {
                ('=', Some(last)) if last.1 == k => last.1 = k + 1,
                ('=', _) => spans.push((k, k + 1)),
                _ => {}
            }
        }
        let cut = |l: &str| -> Vec<String> {
            let chars: Vec<char> = l.chars().collect();
            (0..spans.len())
                .map(|k| {
                    let from = spans[k].0.min(chars.len());
                    let to = spans
                        .get(k + 1)
                        .map_or(chars.len(), |s| s.0)
                        .min(chars.len());
                    chars[from..to]
                        .iter()
                        .collect::<String>()
                        .trim()
                        .to_string()
                })
                .collect()
        };
        let header = cut(lines[i + 1]);
        // Rows up to the closing rule; a line whose first column is blank continues its row.
        let mut rows: Vec<Vec<Vec<String>>> = Vec::new();
        let mut j = i + 3;
        while j < lines.len() && !is_rule(lines[j]) {
            if !lines[j].trim().is_empty() {
                let parts = cut(lines[j]);
                if parts[0].is_empty() && !rows.is_empty() {
                    rows.last_mut().unwrap().push(parts);
                } else {
                    rows.push(vec![parts]);
                }
            }
            j += 1;
        }
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &rows {
            for parts in row {
                for (w, p) in widths.iter_mut().zip(parts) {
                    *w = (*w).max(p.chars().count());
                }
            }
        }
        let border = |fill: char| {
            let mut b = format!("{indent}+");
            for w in &widths {
                b.push_str(&fill.to_string().repeat(w + 2));
                b.push('+');
            }
            b
        };
        let row_line = |parts: &[String]| {
            let mut l = format!("{indent}|");
            for (w, p) in widths.iter().zip(parts) {
                l.push_str(&format!(" {p:<w$} |"));
            }
            l
        };
        out.push(border('-'));
        out.push(row_line(&header));
        out.push(border('='));
        for row in &rows {
            for parts in row {
                out.push(row_line(parts));
            }
            out.push(border('-'));
        }
        i = j + 1;
    }
    out.join("\n") + "\n"
}

/// The page place of a `--docs` finding (its second place): file and line.
pub fn page_place(f: &client_codegen::docs::Finding) -> (&str, usize) {
    let r = f.related.as_ref().expect("a finding names its page");
    (r.file.as_str(), r.line)
}

/// The change lines from `old` to `new`, with the files called `old` and `new`.
pub fn diff(tag: &str, old: &str, new: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("otc-ecs-docs-diff-{}-{tag}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("old.rst"), dir.join("new.rst"));
    fs::write(&a, old).unwrap();
    fs::write(&b, new).unwrap();
    let changes = client_codegen::docs_diff(&a, &b).expect("both pages read");
    // The pages are read: the folder goes now (some are many megabytes).
    let _ = fs::remove_dir_all(&dir);
    changes
        .iter()
        .map(|change| {
            Shown {
                change,
                old: "old",
                new: "new",
            }
            .to_string()
        })
        .collect()
}
