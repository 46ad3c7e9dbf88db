//! What changed between two versions of a page, in the terms that matter to a client: tables and
//! their rows, mandatory flags and types, URI lines, example request lines and example values.
//! Re-wrapped tables and reworded prose give nothing.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

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
                rows(o, n, out);
            }
            (None, None) => {}
        }
    }
}

fn rows(o: &Table, n: &Table, out: &mut Vec<Change>) {
    let label = n.label();
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
                format!("{label} row `{name}` added{what}"),
            );
            new_names.insert(name);
            continue;
        };
        if let (Some(a), Some(b)) = (oc.mandatory(or), nc.mandatory(nr))
            && a != b
        {
            let msg = format!(
                "{label} row `{name}`: Mandatory {} → {}",
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
                format!("{label} row `{name}`: type {a} → {b}"),
            );
        }
        new_names.insert(name);
    }
    for (name, or) in old_names.iter().zip(&o.rows) {
        if !new_names.contains(name) {
            change(
                out,
                or.line,
                n.line,
                format!("{label} row `{name}` removed"),
            );
        }
    }
}

/// Where a table's name, Mandatory and Type columns are, found once for all its rows (`Table`'s
/// own `name`, `cell` and `row` look them up on every call).
struct Columns {
    name: usize,
    mandatory: Option<usize>,
    ty: Option<usize>,
}

impl Columns {
    fn of(t: &Table) -> Columns {
        Columns {
            name: t.column(Column::Parameter).unwrap_or(0),
            mandatory: t.column(Column::Mandatory),
            ty: t.column(Column::Type),
        }
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
