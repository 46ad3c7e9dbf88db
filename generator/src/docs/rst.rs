//! A reader for the reStructuredText of the published API pages, as far as they use it: section
//! titles, URI lines (`POST /v2/...`), `.. table:: **Table N** title` with a grid or simple table,
//! and the `code-block` examples under "Example Request" and "Example Response".
//!
//! It reads any bytes without panicking: what it cannot make sense of (a table cut off in the
//! middle, borders that do not line up, text that is not UTF-8) becomes a located [`Problem`], and
//! reading goes on. Every item knows its 1-based line in the page.

use std::borrow::Cow;
use std::sync::Arc;

use super::table;

pub use super::page::{
    Body, Cell, Column, Example, ExampleKind, Mandatory, Page, PageType, Problem, Row, Section,
    Table, Uri,
};

/// Reads a page from its bytes.
pub fn read(bytes: &[u8]) -> Page {
    let mut page = Page::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => Cow::Borrowed(t),
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            page.problems.push(Problem {
                line,
                message:
                    "the page is not valid UTF-8 from here on; the bad bytes are read as `\u{fffd}`"
                        .into(),
            });
            String::from_utf8_lossy(bytes)
        }
    };
    let lines = Lines::new(&text, &mut page.problems);
    drop(text);
    let mut numbers = [0; 2];
    let mut section: Arc<str> = Arc::from("");
    // The `.. _label:` anchor that stands right before the next item, if any.
    let mut anchor: Option<String> = None;
    // The paragraph last read since the last section, table or example: what a table without a
    // caption is called by (`auth.identity`, `Normal response description`).
    let mut lead = Lead::default();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let rest = line.trim();
        let indent = lines.indent(i);
        if rest.is_empty() {
            lead.open = false;
            i += 1;
            continue;
        }
        if indent == 0
            && !rest.starts_with("..")
            && lines.get(i + 1).is_some_and(|u| is_underline(u, rest))
        {
            section = Arc::from(plain(rest));
            page.sections.push(Section {
                title: section.to_string(),
                line: i + 1,
            });
            lead = Lead::default();
            i += 2;
            continue;
        }
        // An anchor may stand in a bullet item's first line (`-  .. _label:`).
        if let Some(name) = bullet(rest)
            .strip_prefix(".. _")
            .and_then(|r| r.strip_suffix(':'))
            .filter(|n| !n.is_empty() && !n.contains(char::is_whitespace))
        {
            anchor = Some(name.to_string());
            page.anchors.push((name.to_string(), i + 1));
            i += 1;
            continue;
        }
        let label = anchor.take();
        if let Some(caption) = rest.strip_prefix(".. table::") {
            let end = block_end(&lines, i, indent);
            let (number, title) = caption_parts(caption);
            let mut t = Table {
                number,
                title,
                label,
                line: i + 1,
                section: section.clone(),
                columns: Vec::new(),
                rows: Vec::new(),
            };
            table::parse(&lines, i + 1, end, &mut t, &mut page.problems);
            page.tables.push(t);
            lead = Lead::default();
            i = end;
            continue;
        }
        if rest.starts_with(".. code-block::") || rest.starts_with(".. code::") {
            let end = block_end(&lines, i, indent);
            if let Some(kind) = example_kind(&section) {
                code_block(&lines, i, end, kind, &mut numbers, &mut page);
            }
            lead = Lead::default();
            i = end;
            continue;
        }
        let grid = rest.starts_with("+-") || rest.starts_with("+=");
        if grid || is_simple_rule(rest) {
            // A grid or simple table without a `.. table::` caption, called by the paragraph
            // before it, else by its section; a second table of the same name gets ` (2)`.
            let mut end = i;
            while lines.get(end).is_some_and(|l| match grid {
                true => l.trim().starts_with(['+', '|']),
                false => !l.trim().is_empty(),
            }) {
                end += 1;
            }
            let mut t = Table {
                number: None,
                title: untitled_name(&page.tables, std::mem::take(&mut lead).text, &section),
                label,
                line: i + 1,
                section: section.clone(),
                columns: Vec::new(),
                rows: Vec::new(),
            };
            table::parse(&lines, i, end, &mut t, &mut page.problems);
            page.tables.push(t);
            i = end;
            continue;
        }
        if let Some(uri) = uri_line(rest.trim_start_matches(['-', '*', ' ']), i + 1) {
            page.uris.push(uri);
        } else if !rest.starts_with("..") && !rest.starts_with(':') {
            // The paragraph that calls a table does not part it from its anchor.
            lead.read(bullet(rest));
            anchor = label;
        }
        i += 1;
    }
    if page.sections.is_empty() && page.tables.is_empty() && page.uris.is_empty() {
        page.problems.push(Problem {
            line: 1,
            message: "the page holds no title, no table and no URI line; is it the published page?"
                .into(),
        });
    }
    page
}

/// The lines of a page, as the reader reads them: split at LF (a CR before it dropped), without
/// trailing spaces and tabs. They are kept as written, in one string with the end and the indent
/// (leading spaces and tabs, a tab reaching the next multiple of 8 columns) of each, so that a
/// page takes about its own size whatever tabs it holds; the tables and examples expand the
/// tabs of their own lines ([`Lines::expanded`]). Making them takes time in proportion to the
/// page.
pub struct Lines {
    text: String,
    /// The end of each line in `text`, and its indent (4 bytes each: a page is read up to 4 GiB).
    ends: Vec<u32>,
    indents: Vec<u32>,
}

impl Lines {
    /// The lines of `page`; a page past 4 GiB is read up to its last line break before, which is
    /// a problem.
    pub fn new(page: &str, problems: &mut Vec<Problem>) -> Lines {
        let limit = u32::MAX as usize;
        let page = match page.len() > limit {
            false => page,
            true => {
                let cut = page.get(..limit).and_then(|p| p.rfind('\n')).unwrap_or(0);
                let line = page[..cut].bytes().filter(|b| *b == b'\n').count() + 1;
                problems.push(Problem {
                    line,
                    message: "the page is longer than 4 GiB; it is read up to here".into(),
                });
                &page[..cut]
            }
        };
        let mut lines = Lines {
            text: String::with_capacity(page.len()),
            ends: Vec::new(),
            indents: Vec::new(),
        };
        for line in page.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = line.trim_end_matches([' ', '\t']);
            let mut indent = 0;
            for b in line.bytes() {
                match b {
                    b' ' => indent += 1,
                    b'\t' => indent += 8 - indent % 8,
                    _ => break,
                }
            }
            lines.text.push_str(line);
            // Both fit: the text is at most 4 GiB, and an indent is at most 8 columns a byte of
            // a line (a blank line has none).
            lines
                .ends
                .push(u32::try_from(lines.text.len()).unwrap_or(u32::MAX));
            lines
                .indents
                .push(u32::try_from(indent).unwrap_or(u32::MAX));
        }
        lines
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Line `i` as written (without trailing spaces and tabs).
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            i => self.ends[i - 1] as usize,
        };
        self.text.get(start..end)
    }

    /// The columns of line `i`'s leading spaces and tabs (0 past the end and for a blank line).
    pub fn indent(&self, i: usize) -> usize {
        self.indents.get(i).map_or(0, |n| *n as usize)
    }

    /// Line `i` with every tab expanded to spaces up to the next multiple of 8 columns (columns
    /// counted in characters from the line's start, as the tables count them).
    pub fn expanded(&self, i: usize) -> Cow<'_, str> {
        let line = &self[i];
        if !line.contains('\t') {
            return Cow::Borrowed(line);
        }
        let mut out = String::with_capacity(line.len() + 8);
        let mut column = 0;
        for c in line.chars() {
            if c == '\t' {
                let n = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', n));
                column += n;
            } else {
                out.push(c);
                column += 1;
            }
        }
        Cow::Owned(out)
    }
}

impl std::ops::Index<usize> for Lines {
    type Output = str;

    /// Line `i`; a line past the end is empty.
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or_default()
    }
}

/// The line after the block that starts at `start`: blank lines and lines indented deeper than
/// `indent` belong to it.
fn block_end(lines: &Lines, start: usize, indent: usize) -> usize {
    let mut end = start + 1;
    let mut last = start + 1;
    while let Some(l) = lines.get(end) {
        if l.trim().is_empty() {
            end += 1;
            continue;
        }
        if lines.indent(end) <= indent {
            break;
        }
        end += 1;
        last = end;
    }
    last
}

/// The example in `lines[at..end]`; `numbers` counts the examples of each kind so far.
fn code_block(
    lines: &Lines,
    at: usize,
    end: usize,
    kind: ExampleKind,
    numbers: &mut [usize; 2],
    page: &mut Page,
) {
    let expanded: Vec<(usize, Cow<str>)> = (at + 1..end.min(lines.len()))
        .map(|n| (n, lines.expanded(n)))
        .collect();
    let body: Vec<(usize, &str)> = expanded
        .iter()
        .map(|(n, l)| (*n, &**l))
        .skip_while(|(_, l)| l.trim().starts_with(':') && !l.trim().starts_with(":="))
        .collect();
    let mut requests = Vec::new();
    let mut rest = Vec::new();
    for (n, l) in &body {
        let t = l.trim();
        if rest.is_empty() && t.is_empty() {
            continue;
        }
        match (rest.is_empty(), uri_line(t, n + 1)) {
            (true, Some(uri)) => requests.push(uri),
            _ => rest.push((*n, *l)),
        }
    }
    if kind == ExampleKind::Request {
        page.request_lines.extend(requests.iter().cloned());
    }
    let Some(&(first, _)) = rest.iter().find(|(_, l)| !l.trim().is_empty()) else {
        return;
    };
    let text: Vec<&str> = rest.iter().map(|(_, l)| *l).collect();
    let text = text.join("\n");
    // A line of prose or a status line before the JSON (`HTTP/1.1 200 OK`) is not the body.
    let from_brace = rest
        .iter()
        .position(|(_, l)| l.trim_start().starts_with(['{', '[']))
        .filter(|i| *i > 0)
        .map(|i| {
            let t = rest[i..]
                .iter()
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n");
            (i, t)
        });
    // Read tolerantly (comments, trailing and missing commas), each repair kept with its line.
    let top = rest.first().map_or(first, |(n, _)| *n);
    let parsed = super::json::tolerant(&text)
        .map(|(v, r)| (v, r, top))
        .or_else(|e| {
            from_brace
                .and_then(|(at, t)| {
                    super::json::tolerant(&t)
                        .ok()
                        .map(|(v, r)| (v, r, rest[at].0))
                })
                .ok_or(e)
        });
    let mut repairs = Vec::new();
    let body = match parsed {
        Ok((v, r, from)) => {
            repairs = r
                .into_iter()
                .map(|r| super::json::Repair {
                    line: from + r.line,
                    what: r.what,
                })
                .collect();
            Body::Json(v)
        }
        Err(e) => Body::Text {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            error: e.to_string(),
            line: rest.first().map_or(first, |(n, _)| *n) + e.line().max(1),
        },
    };
    let count = &mut numbers[usize::from(kind == ExampleKind::Response)];
    *count += 1;
    let number = *count;
    page.examples.push(Example {
        kind,
        number,
        line: at + 1,
        requests,
        body,
        body_line: first + 1,
        lines: rest.iter().map(|(n, l)| (n + 1, l.to_string())).collect(),
        repairs,
    });
}

fn example_kind(section: &str) -> Option<ExampleKind> {
    let s = section.to_ascii_lowercase();
    if !s.contains("example") {
        return None;
    }
    if s.contains("request") {
        Some(ExampleKind::Request)
    } else if s.contains("response") {
        Some(ExampleKind::Response)
    } else {
        None
    }
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// `POST /v2/{project_id}/servers` or `POST https://{endpoint}/v2/...`, as method and path.
fn uri_line(text: &str, line: usize) -> Option<Uri> {
    let (method, target) = text.trim().split_once([' ', '\t'])?;
    if !METHODS.contains(&method) {
        return None;
    }
    let target = target.trim();
    if target.contains(char::is_whitespace) {
        return None;
    }
    let path = match target.split_once("://") {
        Some((_, after)) => &after[after.find('/')?..],
        None if target.starts_with('/') => target,
        None => return None,
    };
    let (path, query) = match path.split('#').next().unwrap_or(path).split_once('?') {
        Some((p, q)) => (p, q),
        None => (path.split('#').next().unwrap_or(path), ""),
    };
    let mut names: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for part in query.split('&') {
        let name = part.split('=').next().unwrap_or("").trim();
        if !name.is_empty() && seen.insert(name) {
            names.push(name.to_string());
        }
    }
    Some(Uri {
        method: method.to_string(),
        path: path.to_string(),
        line,
        query: names,
    })
}

/// The paragraph being read, or the last one read.
#[derive(Default)]
struct Lead {
    /// Its text, inline markup removed, at most [`LEAD_CHARS`] characters.
    text: String,
    /// The next text line continues it (no blank line came between).
    open: bool,
}

/// A table is called by a short paragraph; a longer one is cut.
const LEAD_CHARS: usize = 200;

impl Lead {
    fn read(&mut self, line: &str) {
        if !self.open {
            self.text.clear();
        }
        self.open = true;
        if self.text.chars().count() >= LEAD_CHARS {
            return;
        }
        let line = plain(line);
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.extend(line.chars().take(LEAD_CHARS));
    }
}

/// The name of a table without a caption: `lead`, else `section`, made unique among the tables
/// without a number before it.
fn untitled_name(before: &[Table], lead: String, section: &str) -> String {
    let name = match lead.is_empty() {
        true => section.to_string(),
        false => lead,
    };
    let same = |t: &String| before.iter().any(|b| b.number.is_none() && b.title == *t);
    if !same(&name) {
        return name;
    }
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|t| !same(t))
        .unwrap_or(name)
}

/// A line without its bullet marker (`-  auth` → `auth`).
fn bullet(line: &str) -> &str {
    match line.strip_prefix(['-', '*']) {
        Some(rest) if rest.starts_with(' ') => rest.trim_start(),
        _ => line,
    }
}

/// The rule that starts a simple table of at least two columns: `=====  ===  ====`.
fn is_simple_rule(line: &str) -> bool {
    line.starts_with('=') && line.contains(' ') && line.bytes().all(|b| b == b'=' || b == b' ')
}

/// `**Table 3** **os-reinstall** field description` → (3, "os-reinstall field description").
fn caption_parts(caption: &str) -> (Option<u32>, String) {
    let text = plain(caption);
    if let Some(rest) = text.strip_prefix("Table ") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u32>() {
            return (Some(n), rest[digits.len()..].trim().to_string());
        }
    }
    (None, text)
}

/// A section title's underline: one punctuation character repeated at least as long as the title.
fn is_underline(line: &str, title: &str) -> bool {
    let mut chars = line.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    "=-~^\"'`#*+_:.".contains(c)
        && line.chars().all(|x| x == c)
        && line.chars().count() >= title.chars().count().max(3)
}

pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Inline markup resolved: `**bold**` and `*emphasis*` lose their stars, `` ``code`` `` its
/// backquotes, ``:ref:`Text <label>` `` and `` `Text <url>`__ `` become `Text`, a backslash escape
/// becomes the character it escapes; whitespace is collapsed to single spaces.
pub fn plain(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => {
                if let Some(&next) = chars.get(i + 1)
                    && !next.is_whitespace()
                {
                    out.push(next);
                }
                i += 2;
            }
            '*' => i += 1,
            ':' if role_at(&chars, i).is_some() => i = role_at(&chars, i).unwrap_or(i + 1),
            '`' => {
                let start = i + chars[i..].iter().take_while(|c| **c == '`').count();
                let close = chars[start..].iter().position(|c| *c == '`');
                let Some(close) = close.map(|p| start + p) else {
                    i = start;
                    continue;
                };
                let inner: String = chars[start..close].iter().collect();
                let inner = match inner.rfind(" <") {
                    Some(cut) if inner.ends_with('>') => inner[..cut].to_string(),
                    _ => inner,
                };
                out.push_str(&inner);
                i = close;
                while chars.get(i).is_some_and(|c| *c == '`' || *c == '_') {
                    i += 1;
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At `:ref:` directly followed by a backquote: the index of that backquote.
fn role_at(chars: &[char], i: usize) -> Option<usize> {
    let name = chars.get(i + 1..)?;
    let len = name
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
        .count();
    (len > 0 && name.get(len) == Some(&':') && name.get(len + 1) == Some(&'`'))
        .then_some(i + len + 2)
}
