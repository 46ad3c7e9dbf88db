//! What changed between two versions of a page, in the terms that matter to a client: tables and
//! their rows, mandatory flags and types, URI lines, example request lines and example values.
//! Re-wrapped tables and reworded prose give nothing.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

use super::facts::{Bounds, Facts, Stated};
use super::json;
use super::rst::{
    Body, Cell, Column, ExampleKind, Mandatory, Page, PageType, Problem, Row, Table, Uri,
};

/// One change, with its line in the old page and in the new one (0: the page has no such place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub old: usize,
    pub new: usize,
    pub message: String,
}

/// A change shown with both files.
pub struct Shown<'a> {
    pub change: &'a Change,
    pub old: &'a str,
    pub new: &'a str,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |file: &str, line: usize| match line {
            0 => format!("{file}:-"),
            n => format!("{file}:{n}"),
        };
        // Page text and file names reach the terminal: bounded and visible, as diagnostics.
        use crate::diag::{TEXT_CHARS, shown};
        write!(
            f,
            "{} {}: {}",
            shown(&at(self.old, self.change.old), TEXT_CHARS),
            shown(&at(self.new, self.change.new), TEXT_CHARS),
            shown(&self.change.message, TEXT_CHARS)
        )
    }
}

/// Every change from `old` to `new`, in the order of the new page.
pub fn diff(old: &Page, new: &Page) -> Vec<Change> {
    let mut out = Vec::new();
    problems(&old.problems, &new.problems, &mut out);
    uris(old, new, &mut out);
    tables(old, new, &mut out);
    examples(old, new, &mut out);
    out.sort_by_key(|c| (c.new, c.old));
    out
}

fn change(out: &mut Vec<Change>, old: usize, new: usize, message: String) {
    out.push(Change { old, new, message });
}

fn problems(old: &[Problem], new: &[Problem], out: &mut Vec<Change>) {
    fn messages(list: &[Problem]) -> HashSet<&str> {
        list.iter().map(|p| p.message.as_str()).collect()
    }
    let (in_old, in_new) = (messages(old), messages(new));
    for p in new {
        if !in_old.contains(p.message.as_str()) {
            change(
                out,
                0,
                p.line,
                format!("the new page cannot be read here: {}", p.message),
            );
        }
    }
    for p in old {
        if !in_new.contains(p.message.as_str()) {
            change(
                out,
                p.line,
                0,
                format!("the old page cannot be read here: {}", p.message),
            );
        }
    }
}

fn uris(old: &Page, new: &Page, out: &mut Vec<Change>) {
    lines(&old.uris, &new.uris, "URI line", out);
    // The query string of each URI line both pages have.
    let mut by_line: HashMap<String, &Uri> = HashMap::new();
    for o in &old.uris {
        by_line.entry(o.show()).or_insert(o);
    }
    let mut done: HashSet<String> = HashSet::new();
    for n in &new.uris {
        let shown = n.show();
        let Some(o) = by_line.get(&shown) else {
            continue;
        };
        if n.query.is_empty() && o.query.is_empty() || !done.insert(shown) {
            continue;
        }
        let (in_old, in_new): (HashSet<&String>, HashSet<&String>) =
            (o.query.iter().collect(), n.query.iter().collect());
        for q in n.query.iter().filter(|q| !in_old.contains(q)) {
            let msg = format!("URI line `{}`: query parameter `{q}` added", n.show());
            change(out, o.line, n.line, msg);
        }
        for q in o.query.iter().filter(|q| !in_new.contains(q)) {
            let msg = format!("URI line `{}`: query parameter `{q}` removed", n.show());
            change(out, o.line, n.line, msg);
        }
    }
    // Where the new page's URI line and query table disagree, and the old page's did not.
    let before: HashSet<String> = old
        .query_disagreements()
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    for (line, m) in new.query_disagreements() {
        if !before.contains(&m) {
            change(
                out,
                0,
                line,
                format!("the new page disagrees with itself: {m}"),
            );
        }
    }
    lines(
        &old.request_lines,
        &new.request_lines,
        "example request line",
        out,
    );
}

/// The request lines only one side has, each once; an added line is anchored at the old side's
/// first line of its kind, a removed one at the new side's.
fn lines(old: &[Uri], new: &[Uri], what: &str, out: &mut Vec<Change>) {
    let first = |list: &[Uri]| list.first().map_or(0, |u| u.line);
    let only = |a: &'_ [Uri], b: &'_ [Uri]| -> Vec<(usize, String)> {
        let in_b: HashSet<String> = b.iter().map(Uri::show).collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut found = Vec::new();
        for u in a {
            let shown = u.show();
            if !in_b.contains(&shown) && !seen.contains(&shown) {
                found.push((u.line, shown.clone()));
            }
            seen.insert(shown);
        }
        found
    };
    for (line, shown) in only(new, old) {
        change(out, first(old), line, format!("{what} `{shown}` added"));
    }
    for (line, shown) in only(old, new) {
        change(out, line, first(new), format!("{what} `{shown}` removed"));
    }
}

fn key(t: &Table) -> String {
    t.title.to_lowercase()
}

/// Old and new tables paired: same caption and number, then same caption, then same number;
/// each new table in turn takes the first old one not taken yet. Each pass looks old tables up
/// by its key, so that pairing takes time in proportion to the tables.
fn pair<'a>(old: &'a [Table], new: &'a [Table]) -> Vec<(Option<&'a Table>, Option<&'a Table>)> {
    let mut taken = vec![false; old.len()];
    let mut pairs: Vec<(Option<&Table>, Option<&Table>)> =
        new.iter().map(|t| (None, Some(t))).collect();
    pass(old, &mut pairs, &mut taken, |t| (key(t), t.number));
    pass(old, &mut pairs, &mut taken, key);
    pass(old, &mut pairs, &mut taken, |t| t.number);
    pairs.extend(
        old.iter()
            .zip(taken)
            .filter(|(_, t)| !t)
            .map(|(o, _)| (Some(o), None)),
    );
    pairs
}

/// One pass of [`pair`]: each new table not paired yet takes the first old table not taken yet
/// with the same `key`.
fn pass<'a, K: std::hash::Hash + Eq>(
    old: &'a [Table],
    pairs: &mut [(Option<&'a Table>, Option<&'a Table>)],
    taken: &mut [bool],
    key: impl Fn(&Table) -> K,
) {
    let mut free: HashMap<K, VecDeque<usize>> = HashMap::new();
    for (i, t) in old.iter().enumerate() {
        if !taken[i] {
            free.entry(key(t)).or_default().push_back(i);
        }
    }
    for pair in pairs.iter_mut().filter(|p| p.0.is_none()) {
        let Some(n) = pair.1 else { continue };
        if let Some(i) = free.get_mut(&key(n)).and_then(VecDeque::pop_front) {
            taken[i] = true;
            pair.0 = Some(&old[i]);
        }
    }
}

/// The line of the first section of each title (in lower case) in `page`, where something added
/// or removed would be.
fn section_lines(page: &Page) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    for s in &page.sections {
        lines.entry(s.title.to_ascii_lowercase()).or_insert(s.line);
    }
    lines
}

fn tables(old: &Page, new: &Page, out: &mut Vec<Change>) {
    let pairs = pair(&old.tables, &new.tables);
    // The path parameters of either page: a URI table's other rows are query parameters.
    let placeholders: HashSet<String> = old
        .placeholders()
        .into_iter()
        .chain(new.placeholders())
        .collect();
    let (old_sections, new_sections) = (section_lines(old), section_lines(new));
    let section_line = |lines: &HashMap<String, usize>, title: &str| {
        lines.get(&title.to_ascii_lowercase()).copied().unwrap_or(0)
    };
    // Where a removed table would stand in the new page: its section, else after the table
    // that stood before it (the paired tables by their old line, looked up by halving).
    let mut paired: Vec<(usize, usize)> = pairs
        .iter()
        .filter_map(|p| Some((p.0?.line, p.1?.line)))
        .collect();
    paired.sort_unstable();
    let after = |o: &Table| -> usize {
        let before = paired.partition_point(|(a, _)| *a < o.line);
        before.checked_sub(1).map_or(0, |i| paired[i].1)
    };
    // Where an added table would stand in the old page, likewise.
    let mut before = 0;
    for pair in pairs.iter().copied() {
        match pair {
            (None, Some(n)) => {
                let msg = format!("{} ({}) added, {} rows", n.label(), n.title, n.rows.len());
                let at = match section_line(&old_sections, &n.section) {
                    0 => before,
                    line => line,
                };
                change(out, at, n.line, msg);
            }
            (Some(o), None) => {
                let msg = format!("{} ({}) removed", o.label(), o.title);
                let at = match section_line(&new_sections, &o.section) {
                    0 => after(o),
                    line => line,
                };
                change(out, o.line, at, msg);
            }
            (Some(o), Some(n)) => {
                before = o.line;
                rows(o, n, &placeholders, out);
            }
            (None, None) => {}
        }
    }
}

fn rows(o: &Table, n: &Table, placeholders: &HashSet<String>, out: &mut Vec<Change>) {
    let label = n.label();
    // A row of a query table, or of a URI table that names no path parameter, is a query
    // parameter, and is called so.
    let uri = n.section.eq_ignore_ascii_case("URI");
    let row_label = |name: &str| {
        if n.is_query() || (uri && !placeholders.contains(name)) {
            format!("query parameter `{name}` ({label})")
        } else {
            format!("{label} row `{name}`")
        }
    };
    if o.number != n.number {
        let msg = format!("{} ({}) is now {label}", o.label(), n.title);
        change(out, o.line, n.line, msg);
    }
    for (col, name) in [(Column::Mandatory, "Mandatory"), (Column::Type, "Type")] {
        match (o.column(col).is_some(), n.column(col).is_some()) {
            (false, true) => change(
                out,
                o.line,
                n.line,
                format!("{label}: a {name} column was added"),
            ),
            (true, false) => change(
                out,
                o.line,
                n.line,
                format!("{label}: the {name} column was removed"),
            ),
            _ => {}
        }
    }
    let (oc, nc) = (Columns::of(o), Columns::of(n));
    // Each row's name, made once; the old rows (and the new names) looked up by name.
    let old_names: Vec<String> = o.rows.iter().map(|r| oc.name(r)).collect();
    let mut old_rows: HashMap<&str, &Row> = HashMap::new();
    for (name, row) in old_names.iter().zip(&o.rows) {
        old_rows.entry(name).or_insert(row);
    }
    let mut new_names: HashSet<String> = HashSet::new();
    for nr in &n.rows {
        let name = nc.name(nr);
        let Some(&or) = old_rows.get(name.as_str()) else {
            let mut what = Vec::new();
            if let Some(m) = nc.mandatory(nr) {
                what.push(format!("Mandatory {}", m.show()));
            }
            if let Some(t) = nc.ty_text(nr) {
                what.push(t);
            }
            let what = if what.is_empty() {
                String::new()
            } else {
                format!(" ({})", what.join(", "))
            };
            change(
                out,
                o.line,
                nr.line,
                format!("{} added{what}", row_label(&name)),
            );
            new_names.insert(name);
            continue;
        };
        if let (Some(a), Some(b)) = (oc.mandatory(or), nc.mandatory(nr))
            && a != b
        {
            let msg = format!(
                "{}: Mandatory {} → {}",
                row_label(&name),
                a.show(),
                b.show()
            );
            change(out, or.line, nr.line, msg);
        }
        if let (Some(a), Some(b)) = (oc.ty_text(or), nc.ty_text(nr))
            && PageType::parse(&a) != PageType::parse(&b)
        {
            change(
                out,
                or.line,
                nr.line,
                format!("{}: type {a} → {b}", row_label(&name)),
            );
        }
        if let (Some(a), Some(b)) = (oc.status(or), nc.status(nr))
            && a != b
        {
            let msg = format!("{}: HTTP status {a} → {b}", row_label(&name));
            change(out, or.line, nr.line, msg);
        }
        let rows = (or.line, nr.line);
        facts(&o.facts(or), &n.facts(nr), &row_label(&name), rows, out);
        new_names.insert(name);
    }
    for (name, or) in old_names.iter().zip(&o.rows) {
        if !new_names.contains(name) {
            change(out, or.line, n.line, format!("{} removed", row_label(name)));
        }
    }
}

/// Where a table's name, Mandatory and Type columns are, found once for all its rows (`Table`'s
/// own `name`, `cell` and `row` look them up on every call).
struct Columns {
    name: usize,
    mandatory: Option<usize>,
    ty: Option<usize>,
    /// An error code table's `HTTP Status Code` column.
    status: Option<usize>,
}

impl Columns {
    fn of(t: &Table) -> Columns {
        Columns {
            name: t.column(Column::Parameter).unwrap_or(0),
            mandatory: t.column(Column::Mandatory),
            ty: t.column(Column::Type),
            status: (t.columns.iter()).position(|c| c.eq_ignore_ascii_case("HTTP Status Code")),
        }
    }

    /// The row's HTTP status, in a table that has the column.
    fn status(&self, row: &Row) -> Option<String> {
        self.status.map(|i| Columns::text(row, i))
    }

    fn text(row: &Row, i: usize) -> String {
        row.cells.get(i).map(Cell::plain).unwrap_or_default()
    }

    /// As `Table::name`.
    fn name(&self, row: &Row) -> String {
        Columns::text(row, self.name)
    }

    /// As `Table::mandatory`.
    fn mandatory(&self, row: &Row) -> Option<Mandatory> {
        self.mandatory
            .map(|i| Mandatory::parse(&Columns::text(row, i)))
    }

    /// As `Table::cell(row, Column::Type)`.
    fn ty_text(&self, row: &Row) -> Option<String> {
        self.ty.map(|i| Columns::text(row, i))
    }
}

fn examples(old: &Page, new: &Page, out: &mut Vec<Change>) {
    for kind in [ExampleKind::Request, ExampleKind::Response] {
        let a: Vec<_> = old.examples.iter().filter(|e| e.kind == kind).collect();
        let b: Vec<_> = new.examples.iter().filter(|e| e.kind == kind).collect();
        // Where an added or removed example would stand: after the last of its kind, else at
        // its section (each found once).
        let anchor = |p: &Page, list: &[&super::rst::Example]| {
            list.last().map_or_else(
                || {
                    p.sections
                        .iter()
                        .find(|s| s.title.eq_ignore_ascii_case(kind.show()))
                        .map_or(0, |s| s.line)
                },
                |e| e.line,
            )
        };
        let (anchor_old, anchor_new) = (anchor(old, &a), anchor(new, &b));
        for i in 0..a.len().max(b.len()) {
            match (a.get(i), b.get(i)) {
                (Some(x), Some(y)) => {
                    let what = match (&x.body, &y.body) {
                        (Body::Json(p), Body::Json(q)) => json::between(p, q, ("before", "now")),
                        (Body::Text { text: p, .. }, Body::Text { text: q, .. }) if p == q => {
                            vec![]
                        }
                        (Body::Json(_), Body::Text { .. }) => vec!["it is no longer JSON".into()],
                        (Body::Text { .. }, Body::Json(_)) => vec!["it is now JSON".into()],
                        (Body::Text { .. }, Body::Text { .. }) => vec!["its text changed".into()],
                    };
                    if !what.is_empty() {
                        let msg = format!("{} changed: {}", y.label(), what.join("; "));
                        let keys = match (&x.body, &y.body) {
                            (Body::Json(p), Body::Json(q)) => json::first_difference(p, q),
                            _ => None,
                        };
                        let (a, b) = keys.map_or((x.body_line, y.body_line), |k| {
                            (x.line_of(&k), y.line_of(&k))
                        });
                        change(out, a, b, msg);
                    }
                }
                (None, Some(y)) => change(out, anchor_old, y.line, format!("{} added", y.label())),
                (Some(x), None) => {
                    change(out, x.line, anchor_new, format!("{} removed", x.label()))
                }
                (None, None) => {}
            }
        }
    }
}

/// What a row's Description states, compared: values added, removed or renamed, the range, the
/// length and the default changed, and the code blocks it holds (as values, when JSON).
fn facts(a: &Facts, b: &Facts, what: &str, rows: (usize, usize), out: &mut Vec<Change>) {
    // Where a fact that one side lacks would be: the other side's first value, else its row.
    let line = |s: Option<&Stated>, f: &Facts| {
        let row = if std::ptr::eq(f, a) { rows.0 } else { rows.1 };
        s.map_or(f.values.first().map_or(row, |v| v.line), |s| s.line)
    };
    let (in_a, in_b): (HashSet<&str>, HashSet<&str>) = (
        a.values.iter().map(|v| v.text.as_str()).collect(),
        b.values.iter().map(|v| v.text.as_str()).collect(),
    );
    let gone: Vec<&Stated> = a
        .values
        .iter()
        .filter(|v| !in_b.contains(v.text.as_str()))
        .collect();
    let new: Vec<&Stated> = b
        .values
        .iter()
        .filter(|v| !in_a.contains(v.text.as_str()))
        .collect();
    // Lines where a value would be: the first value of the other side (or the row itself).
    let (a0, b0) = (line(None, a), line(None, b));
    if let ([x], [y]) = (gone.as_slice(), new.as_slice()) {
        change(
            out,
            x.line,
            y.line,
            format!("{what}: value `{}` renamed to `{}`", x.text, y.text),
        );
    } else {
        for v in &new {
            change(out, a0, v.line, format!("{what}: value `{}` added", v.text));
        }
        for v in &gone {
            change(
                out,
                v.line,
                b0,
                format!("{what}: value `{}` removed", v.text),
            );
        }
    }
    for (x, y, name) in [
        (&a.range, &b.range, "range"),
        (&a.length, &b.length, "length"),
    ] {
        if !Facts::same_bounds(x.as_ref(), y.as_ref()) {
            let show =
                |r: &Option<Bounds>| r.as_ref().map_or("none stated".to_string(), Bounds::show);
            let at = |r: &Option<Bounds>, f: &Facts| r.as_ref().map_or(line(None, f), |r| r.line);
            change(
                out,
                at(x, a),
                at(y, b),
                format!("{what}: {name} {} → {}", show(x), show(y)),
            );
        }
    }
    if a.default.as_ref().map(|d| &d.text) != b.default.as_ref().map(|d| &d.text) {
        let show = |d: &Option<Stated>| {
            d.as_ref()
                .map_or("none stated".to_string(), |d| format!("`{}`", d.text))
        };
        let at = |d: &Option<Stated>, f: &Facts| d.as_ref().map_or(line(None, f), |d| d.line);
        change(
            out,
            at(&a.default, a),
            at(&b.default, b),
            format!(
                "{what}: default {} → {}",
                show(&a.default),
                show(&b.default)
            ),
        );
    }
    for i in 0..a.examples.len().max(b.examples.len()) {
        match (a.examples.get(i), b.examples.get(i)) {
            (Some(x), Some(y)) => {
                let differ = match (&x.body, &y.body) {
                    (Body::Json(p), Body::Json(q)) => json::first_difference(p, q).is_some(),
                    (Body::Text { text: p, .. }, Body::Text { text: q, .. }) => p != q,
                    _ => true,
                };
                if differ {
                    change(
                        out,
                        x.line,
                        y.line,
                        format!("{what}: code block {} changed", i + 1),
                    );
                }
            }
            (None, Some(y)) => change(
                out,
                a0,
                y.line,
                format!("{what}: code block {} added", i + 1),
            ),
            (Some(x), None) => change(
                out,
                x.line,
                b0,
                format!("{what}: code block {} removed", i + 1),
            ),
            (None, None) => {}
        }
    }
}
