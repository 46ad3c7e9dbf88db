//! Grid tables (`+---+` borders) and simple tables (`=== ===` rules), cut into rows and cells.
//!
//! Positions are counted in characters, so wide text does not shift the columns. A line that
//! does not fit the borders is a located problem, and the reader still takes what it can from it.

use super::rst::{Cell, Lines, Problem, Row, Table, indent_of};

/// Reads the table that starts in `lines[start..end]` (after any directive options) into `t`.
/// The most lines of one table that are read (the longest published table has under 500): each
/// line is held as characters while its table is parsed, so this bounds the reader's memory.
pub const MAX_TABLE_LINES: usize = 20_000;

pub fn parse(lines: &Lines, start: usize, end: usize, t: &mut Table, problems: &mut Vec<Problem>) {
    let end = end.min(lines.len());
    let first = (start..end).find(|&n| {
        let l = lines[n].trim();
        !l.is_empty() && !l.starts_with(':')
    });
    let Some(first) = first else {
        return problem(problems, t.line, format!("{} holds no table", t.label()));
    };
    // No published table comes near this; a longer one is read up to it, which is a problem.
    let end = match end - first > MAX_TABLE_LINES {
        true => {
            let msg = format!(
                "{} is longer than {MAX_TABLE_LINES} lines; it is read up to here",
                t.label()
            );
            problem(problems, first + MAX_TABLE_LINES, msg);
            first + MAX_TABLE_LINES
        }
        false => end,
    };
    let indent = lines.indent(first);
    let body: Vec<(usize, Vec<char>)> = (first..end)
        .map(|n| (n + 1, lines.expanded(n).chars().skip(indent).collect()))
        .collect();
    let head = lines[first].trim_start();
    if head.starts_with('+') {
        let rows: Vec<(usize, Vec<char>)> = body
            .into_iter()
            .take_while(|(_, l)| !l.iter().all(|c| c.is_whitespace()))
            .collect();
        grid(&rows, t, problems);
    } else if head.starts_with('=') {
        simple(&body, t, problems);
    } else {
        let msg = format!(
            "{} starts with neither a `+---+` border nor a `=== ===` rule",
            t.label()
        );
        problem(problems, first + 1, msg);
    }
}

fn problem(problems: &mut Vec<Problem>, line: usize, message: String) {
    super::page::push_problem(problems, line, message);
}

fn grid(rows: &[(usize, Vec<char>)], t: &mut Table, problems: &mut Vec<Problem>) {
    let Some((top_line, top)) = rows.first() else {
        return;
    };
    let cols: Vec<usize> = top
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '+')
        .map(|(i, _)| i)
        .collect();
    if cols.len() < 2 {
        let msg = format!("{}: the top border has no columns", t.label());
        return problem(problems, *top_line, msg);
    }
    let n = cols.len() - 1;
    let mut header: Option<Vec<Row>> = None;
    let mut done: Vec<Row> = Vec::new();
    let mut open: Option<Row> = None;
    for (line, chars) in rows.iter().skip(1) {
        let (line, chars) = (*line, chars.as_slice());
        match chars.first() {
            Some('+') => {
                if !chars.iter().all(|c| matches!(c, '+' | '-' | '=' | ' ')) {
                    let msg = format!("{}: a border line holds text", t.label());
                    problem(problems, line, msg);
                } else if cols.iter().any(|&c| chars.get(c) != Some(&'+')) {
                    let msg = format!(
                        "{}: this border does not line up with the top border",
                        t.label()
                    );
                    problem(problems, line, msg);
                }
                if let Some(row) = open.take() {
                    done.push(finish(row));
                }
                if chars.contains(&'=') {
                    if header.is_some() {
                        let msg = format!("{}: a second header rule", t.label());
                        problem(problems, line, msg);
                    } else {
                        header = Some(std::mem::take(&mut done));
                    }
                }
            }
            Some('|') => {
                // A row has as many cells as its lines give (at most the line's length), not
                // one per column of the top border: short lines under a long border cost
                // nothing.
                let row = open.get_or_insert_with(|| Row {
                    line,
                    cells: Vec::new(),
                });
                let parts = split_grid_line(chars, &cols).or_else(|| {
                    let msg = format!(
                        "{}: the `|` of this line do not line up with the borders",
                        t.label()
                    );
                    problem(problems, line, msg);
                    split_on_bars(chars, n)
                });
                push_parts(row, parts.unwrap_or_default());
            }
            _ => {
                let msg = format!("{}: this line is neither a border nor a row", t.label());
                problem(problems, line, msg);
            }
        }
    }
    if let Some(row) = open.take() {
        let msg = format!(
            "{}: the table ends in the middle of a row (no closing border)",
            t.label()
        );
        problem(problems, row.line, msg);
        done.push(finish(row));
    }
    let header = match header {
        Some(h) => h,
        None => {
            let msg = format!("{}: no header rule (`+===+`) under the header", t.label());
            problem(problems, *top_line, msg);
            if done.is_empty() {
                Vec::new()
            } else {
                vec![done.remove(0)]
            }
        }
    };
    t.columns = header_names(&header, n);
    t.rows = done;
}

/// Cell texts between the column borders, when every border of the line is a `|` (or `+`).
fn split_grid_line(chars: &[char], cols: &[usize]) -> Option<Vec<String>> {
    if cols
        .iter()
        .any(|&c| !matches!(chars.get(c), Some('|') | Some('+')))
    {
        return None;
    }
    if chars.len() > cols.last()? + 1
        && chars[cols.last()? + 1..].iter().any(|c| !c.is_whitespace())
    {
        return None;
    }
    Some(
        cols.windows(2)
            .map(|w| chars[w[0] + 1..w[1]].iter().collect::<String>())
            .collect(),
    )
}

/// Appends each part of a line to its cell of `row`, adding the cells it does not have yet.
fn push_parts(row: &mut Row, parts: Vec<String>) {
    if row.cells.len() < parts.len() {
        row.cells.resize(parts.len(), Cell::default());
    }
    for (cell, part) in row.cells.iter_mut().zip(parts) {
        cell.lines.push(part);
    }
}

/// The fallback for a ragged line: split on `|` when that gives exactly the table's columns.
fn split_on_bars(chars: &[char], n: usize) -> Option<Vec<String>> {
    let text: String = chars.iter().collect();
    let text = text.trim_end();
    let inner = text.strip_prefix('|')?.strip_suffix('|')?;
    let parts: Vec<String> = inner.split('|').map(str::to_string).collect();
    (parts.len() == n).then_some(parts)
}

/// A row's cells dedented, with blank lines at either end removed.
fn finish(mut row: Row) -> Row {
    for cell in &mut row.cells {
        let lines: Vec<String> = cell
            .lines
            .iter()
            .map(|l| l.trim_end().to_string())
            .collect();
        let cut = lines
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| indent_of(l))
            .min()
            .unwrap_or(0);
        let mut lines: Vec<String> = lines
            .into_iter()
            .map(|l| l.chars().skip(cut).collect())
            .collect();
        while lines.last().is_some_and(|l: &String| l.is_empty()) {
            lines.pop();
        }
        let blank = lines.iter().take_while(|l| l.is_empty()).count();
        lines.drain(..blank);
        cell.lines = lines;
        cell.skip = blank;
    }
    row
}

/// The names of the `n` columns, from the header's rows (each has at most `n` cells): the time
/// it takes is in proportion to `n` and the cells, not to `n` times the rows.
fn header_names(header: &[Row], n: usize) -> Vec<String> {
    let mut texts: Vec<Vec<String>> = vec![Vec::new(); n];
    for row in header {
        for (text, cell) in texts.iter_mut().zip(&row.cells) {
            text.push(cell.plain());
        }
    }
    texts
        .into_iter()
        .map(|text| text.join(" ").trim().to_string())
        .collect()
}

fn is_rule(chars: &[char]) -> bool {
    chars.first() == Some(&'=') && chars.iter().all(|c| *c == '=' || *c == ' ')
}

fn simple(body: &[(usize, Vec<char>)], t: &mut Table, problems: &mut Vec<Problem>) {
    let Some((top_line, top)) = body.first() else {
        return;
    };
    // Column spans: the runs of `=` in the top rule.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (i, c) in top.iter().enumerate() {
        match (c, spans.last_mut()) {
            ('=', Some(last)) if last.1 == i => last.1 = i + 1,
            ('=', _) => spans.push((i, i + 1)),
            _ => {}
        }
    }
    let mut groups: Vec<Vec<(usize, &[char])>> = vec![Vec::new()];
    let mut rules = 1;
    for (line, chars) in body.iter().skip(1) {
        if is_rule(chars) {
            rules += 1;
            groups.push(Vec::new());
            if rules == 3 {
                break;
            }
        } else if let Some(g) = groups.last_mut() {
            g.push((*line, chars.as_slice()));
        }
    }
    let (header, rows) = match rules {
        3 => (groups.first(), groups.get(1)),
        2 if groups.get(1).is_some_and(|g| g.is_empty()) => (None, groups.first()),
        2 if groups.get(1).is_some_and(|g| !g.is_empty()) => {
            let msg = format!(
                "{}: the table ends without its closing `===` rule",
                t.label()
            );
            problem(problems, body.last().map_or(*top_line, |b| b.0), msg);
            (groups.first(), groups.get(1))
        }
        _ => {
            let msg = format!("{}: the table ends without its `===` rules", t.label());
            problem(problems, body.last().map_or(*top_line, |b| b.0), msg);
            (None, groups.first())
        }
    };
    // The parts of a line, one per column the line reaches (the columns past its end would be
    // empty): the time it takes is in proportion to the line, however many columns there are.
    let cut = |chars: &[char], line: usize, problems: &mut Vec<Problem>| -> Vec<String> {
        for w in spans.windows(2) {
            if w[0].1 >= chars.len() {
                break;
            }
            if chars[w[0].1..w[1].0.min(chars.len())]
                .iter()
                .any(|c| !c.is_whitespace())
            {
                let msg = format!("{}: text crosses a column boundary", t.label());
                problem(problems, line, msg);
                break;
            }
        }
        (0..spans.len())
            .take_while(|&i| spans[i].0 < chars.len())
            .map(|i| {
                let from = spans[i].0;
                let to = spans
                    .get(i + 1)
                    .map_or(chars.len(), |s| s.0)
                    .min(chars.len());
                chars[from..to].iter().collect::<String>()
            })
            .collect()
    };
    let mut out: Vec<Row> = Vec::new();
    for (line, chars) in rows.into_iter().flatten() {
        if chars.iter().all(|c| c.is_whitespace()) {
            continue;
        }
        let parts = cut(chars, *line, problems);
        let continues = parts.first().is_none_or(|p| p.trim().is_empty()) && !out.is_empty();
        if !continues {
            out.push(Row {
                line: *line,
                cells: Vec::new(),
            });
        }
        if let Some(row) = out.last_mut() {
            push_parts(row, parts);
        }
    }
    let header_row = header.map(|h| {
        let mut row = Row {
            line: *top_line,
            cells: Vec::new(),
        };
        for (line, chars) in h {
            push_parts(&mut row, cut(chars, *line, problems));
        }
        finish(row)
    });
    t.columns = header_names(header_row.as_slice(), spans.len());
    t.rows = out.into_iter().map(finish).collect();
    if t.columns.iter().all(String::is_empty) {
        t.columns.clear();
    }
}
