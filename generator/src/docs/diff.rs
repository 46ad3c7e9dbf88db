//! What changed between two versions of a page, in the terms that matter to a client: tables and
//! their rows, mandatory flags and types, URI lines, example request lines and example values.
//! Re-wrapped tables and reworded prose give nothing.

use std::fmt;

use super::json;
use super::rst::{Body, Column, ExampleKind, Page, Problem, Table, Uri};

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
        write!(
            f,
            "{} {}: {}",
            at(self.old, self.change.old),
            at(self.new, self.change.new),
            self.change.message
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
    for p in new {
        if !old.iter().any(|o| o.message == p.message) {
            change(
                out,
                0,
                p.line,
                format!("the new page cannot be read here: {}", p.message),
            );
        }
    }
    for p in old {
        if !new.iter().any(|o| o.message == p.message) {
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
        let mut seen: Vec<String> = Vec::new();
        let mut found = Vec::new();
        for u in a {
            let shown = u.show();
            if !seen.contains(&shown) && !b.iter().any(|x| x.show() == shown) {
                found.push((u.line, shown.clone()));
            }
            seen.push(shown);
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

/// Old and new tables paired: same caption and number, then same caption, then same number.
fn pair<'a>(old: &'a [Table], new: &'a [Table]) -> Vec<(Option<&'a Table>, Option<&'a Table>)> {
    let mut taken = vec![false; old.len()];
    let mut pairs: Vec<(Option<&Table>, Option<&Table>)> =
        new.iter().map(|t| (None, Some(t))).collect();
    type Same<'t> = &'t dyn Fn(&Table, &Table) -> bool;
    let passes: [Same; 3] = [
        &|a, b| key(a) == key(b) && a.number == b.number,
        &|a, b| key(a) == key(b),
        &|a, b| a.number == b.number,
    ];
    for same in passes {
        for pair in pairs.iter_mut().filter(|p| p.0.is_none()) {
            let Some(n) = pair.1 else { continue };
            if let Some(i) = (0..old.len()).find(|&i| !taken[i] && same(&old[i], n)) {
                taken[i] = true;
                pair.0 = Some(&old[i]);
            }
        }
    }
    pairs.extend(
        old.iter()
            .zip(taken)
            .filter(|(_, t)| !t)
            .map(|(o, _)| (Some(o), None)),
    );
    pairs
}

/// The line of the section called `title` in `page`, where something added or removed would be.
fn section_line(page: &Page, title: &str) -> usize {
    page.sections
        .iter()
        .find(|s| s.title.eq_ignore_ascii_case(title))
        .map_or(0, |s| s.line)
}

fn tables(old: &Page, new: &Page, out: &mut Vec<Change>) {
    let pairs = pair(&old.tables, &new.tables);
    // Where a removed table would stand in the new page: its section, else after the table
    // that stood before it.
    let after = |o: &Table| -> usize {
        pairs
            .iter()
            .filter_map(|p| Some((p.0?, p.1?)))
            .filter(|(a, _)| a.line < o.line)
            .max_by_key(|(a, _)| a.line)
            .map_or(0, |(_, b)| b.line)
    };
    // Where an added table would stand in the old page, likewise.
    let mut before = 0;
    for pair in pairs.iter().copied() {
        match pair {
            (None, Some(n)) => {
                let msg = format!("{} ({}) added, {} rows", n.label(), n.title, n.rows.len());
                let at = match section_line(old, &n.section) {
                    0 => before,
                    line => line,
                };
                change(out, at, n.line, msg);
            }
            (Some(o), None) => {
                let msg = format!("{} ({}) removed", o.label(), o.title);
                let at = match section_line(new, &o.section) {
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
    for nr in &n.rows {
        let name = n.name(nr);
        let Some(or) = o.row(&name) else {
            let mut what = Vec::new();
            if let Some(m) = n.mandatory(nr) {
                what.push(format!("Mandatory {}", m.show()));
            }
            if let Some(t) = n.cell(nr, Column::Type) {
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
            continue;
        };
        if let (Some(a), Some(b)) = (o.mandatory(or), n.mandatory(nr))
            && a != b
        {
            let msg = format!(
                "{label} row `{name}`: Mandatory {} → {}",
                a.show(),
                b.show()
            );
            change(out, or.line, nr.line, msg);
        }
        if let (Some(a), Some(b)) = (o.ty(or), n.ty(nr))
            && a != b
        {
            let (a, b) = (
                o.cell(or, Column::Type).unwrap_or_default(),
                n.cell(nr, Column::Type).unwrap_or_default(),
            );
            change(
                out,
                or.line,
                nr.line,
                format!("{label} row `{name}`: type {a} → {b}"),
            );
        }
    }
    for or in &o.rows {
        let name = o.name(or);
        if n.row(&name).is_none() {
            change(
                out,
                or.line,
                n.line,
                format!("{label} row `{name}` removed"),
            );
        }
    }
}

fn examples(old: &Page, new: &Page, out: &mut Vec<Change>) {
    for kind in [ExampleKind::Request, ExampleKind::Response] {
        let a: Vec<_> = old.examples.iter().filter(|e| e.kind == kind).collect();
        let b: Vec<_> = new.examples.iter().filter(|e| e.kind == kind).collect();
        let anchor = |p: &Page, list: &[&super::rst::Example]| {
            list.last()
                .map_or_else(|| section_line(p, kind.show()), |e| e.line)
        };
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
                (None, Some(y)) => {
                    change(out, anchor(old, &a), y.line, format!("{} added", y.label()))
                }
                (Some(x), None) => change(
                    out,
                    x.line,
                    anchor(new, &b),
                    format!("{} removed", x.label()),
                ),
                (None, None) => {}
            }
        }
    }
}
