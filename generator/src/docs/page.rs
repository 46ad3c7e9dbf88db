//! What the reader makes of a page: sections, URI lines, tables of rows of cells, examples, and
//! the problems it met, each with its 1-based line; and the page's words for Mandatory and Type.

use super::rst::plain;

/// One page, as far as a client is concerned.
#[derive(Debug, Default)]
pub struct Page {
    pub sections: Vec<Section>,
    /// `POST /v2/{project_id}/...` lines outside code blocks.
    pub uris: Vec<Uri>,
    pub tables: Vec<Table>,
    /// Code blocks with a body under "Example Request" / "Example Response", numbered per kind.
    pub examples: Vec<Example>,
    /// Request lines (`POST https://{endpoint}/...`) of every example request block, host removed.
    pub request_lines: Vec<Uri>,
    /// Every `.. _label:` anchor with its line, in page order (what `:ref:` links point at).
    pub anchors: Vec<(String, usize)>,
    pub problems: Vec<Problem>,
}

impl Page {
    /// The names between braces in the paths of the URI lines (`project_id`, `server_id`).
    pub fn placeholders(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<String> = Vec::new();
        for u in &self.uris {
            for part in u.path.split('{').skip(1) {
                if let Some((name, _)) = part.split_once('}')
                    && seen.insert(name)
                {
                    out.push(name.to_string());
                }
            }
        }
        out
    }

    /// The query parameters the page lists in tables: the rows of a `Query parameters` table,
    /// and the rows of a URI section's table that name no path parameter (`delete_flag` beside
    /// `server_id`). Each with its table.
    pub fn query_rows(&self) -> Vec<(&Table, &Row)> {
        let placeholders: std::collections::HashSet<String> =
            self.placeholders().into_iter().collect();
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<(&Table, &Row)> = Vec::new();
        for t in &self.tables {
            let uri = t.section.eq_ignore_ascii_case("URI");
            if !t.is_query() && !uri {
                continue;
            }
            for r in &t.rows {
                let name = t.name(r);
                if (t.is_query() || !placeholders.contains(&name)) && seen.insert(name) {
                    out.push((t, r));
                }
            }
        }
        out
    }

    /// Where the query string of a URI line and the query tables disagree: a name only on the
    /// line, or a row only in the tables (only for lines that have a query string). Each as
    /// (line, message).
    pub fn query_disagreements(&self) -> Vec<(usize, String)> {
        let rows = self.query_rows();
        let names: std::collections::HashSet<String> =
            rows.iter().map(|(t, r)| t.name(r)).collect();
        let mut out = Vec::new();
        // Published pages have one URI line with a query string; past a few, the others are
        // not compared (each costs the query rows once).
        for u in self.uris.iter().filter(|u| !u.query.is_empty()).take(8) {
            let on_line: std::collections::HashSet<&str> =
                u.query.iter().map(String::as_str).collect();
            for name in &u.query {
                if !names.contains(name) {
                    out.push((
                        u.line,
                        format!(
                            "the URI line `{}` has query parameter `{name}`, which no query table lists",
                            u.show()
                        ),
                    ));
                }
            }
            for (t, r) in &rows {
                let name = t.name(r);
                if !on_line.contains(name.as_str()) {
                    out.push((
                        r.line,
                        format!(
                            "{} lists query parameter `{name}`, which the URI line `{}` does not have",
                            t.label(),
                            u.show()
                        ),
                    ));
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uri {
    pub method: String,
    /// The path template, without scheme, host or query.
    pub path: String,
    pub line: usize,
    /// The names of the query string (`?limit={limit}&marker={marker}`), in order, each once;
    /// empty names (`&&`) left out.
    pub query: Vec<String>,
}

impl Uri {
    pub fn show(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    /// `3` for `**Table 3**`; `None` for a table without a number.
    pub number: Option<u32>,
    /// The caption after the number, inline markup removed (`os-reinstall field description`).
    pub title: String,
    /// The line of the `.. table::` directive.
    pub line: usize,
    /// The `.. _label:` anchor right before the table, if any (what `:ref:` links name).
    pub label: Option<String>,
    /// Title of the section the table stands in (shared by all its tables).
    pub section: std::sync::Arc<str>,
    /// The header cells, inline markup removed (`Parameter`, `Mandatory`, `Type`, ...).
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The row's first line.
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A cell's text, dedented, one entry per source line (paragraphs, bullets, nested blocks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub lines: Vec<String>,
    /// How many lines below its row's first line the cell's first line stands (its blank lines
    /// at the top are dropped). In a grid table, `lines[k]` is page line `row.line + skip + k`;
    /// a simple table drops blank lines inside rows too, so there it is where the text starts.
    pub skip: usize,
}

impl Cell {
    /// The text with inline markup resolved and whitespace collapsed to single spaces.
    pub fn plain(&self) -> String {
        plain(&self.lines.join(" "))
    }
}

/// The columns the check reads, found by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Parameter,
    Mandatory,
    Type,
    Description,
}

/// How a citation names a table: by its number, or (a table without one) by its title.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableRef {
    Number(u32),
    Title(String),
}

impl std::fmt::Display for TableRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableRef::Number(n) => write!(f, "Table {n}"),
            TableRef::Title(t) => write!(f, "table \"{t}\""),
        }
    }
}

impl Table {
    /// `Table 3`, or the caption of a table without a number.
    pub fn label(&self) -> String {
        match self.number {
            Some(n) => format!("Table {n}"),
            None => format!("table \"{}\"", self.title),
        }
    }

    /// How a citation names it.
    pub fn reference(&self) -> TableRef {
        match self.number {
            Some(n) => TableRef::Number(n),
            None => TableRef::Title(self.title.clone()),
        }
    }

    /// Whether `r` names this table: its number, or for a table without a number its title
    /// (whitespace and case aside).
    pub fn is(&self, r: &TableRef) -> bool {
        match r {
            TableRef::Number(n) => self.number == Some(*n),
            TableRef::Title(t) => {
                self.number.is_none()
                    && !self.title.is_empty()
                    && self
                        .title
                        .split_whitespace()
                        .map(str::to_lowercase)
                        .eq(t.split_whitespace().map(str::to_lowercase))
            }
        }
    }

    pub fn column(&self, which: Column) -> Option<usize> {
        self.columns.iter().position(|c| {
            let c = c.to_ascii_lowercase();
            match which {
                Column::Parameter => c == "parameter" || c == "name" || c == "field",
                Column::Mandatory => c == "mandatory" || c == "required",
                Column::Type => c == "type",
                Column::Description => c == "description",
            }
        })
    }

    /// The plain text of `row`'s cell in `which` column.
    pub fn cell(&self, row: &Row, which: Column) -> Option<String> {
        let i = self.column(which)?;
        Some(row.cells.get(i).map(Cell::plain).unwrap_or_default())
    }

    /// The row's parameter name (its first column when no header names it).
    pub fn name(&self, row: &Row) -> String {
        let i = self.column(Column::Parameter).unwrap_or(0);
        row.cells.get(i).map(Cell::plain).unwrap_or_default()
    }

    pub fn row(&self, name: &str) -> Option<&Row> {
        self.rows.iter().find(|r| self.name(r) == name)
    }

    pub fn mandatory(&self, row: &Row) -> Option<Mandatory> {
        self.cell(row, Column::Mandatory)
            .map(|t| Mandatory::parse(&t))
    }

    pub fn ty(&self, row: &Row) -> Option<PageType> {
        self.cell(row, Column::Type).map(|t| PageType::parse(&t))
    }

    /// What the row's Description cell states (values, range, default, ...): see
    /// [`super::facts`]. A row without a Description column states nothing.
    pub fn facts(&self, row: &Row) -> super::facts::Facts {
        let Some(cell) = self
            .column(Column::Description)
            .and_then(|i| row.cells.get(i))
        else {
            return super::facts::Facts::default();
        };
        let boolean = self.ty(row) == Some(PageType::Boolean);
        super::facts::read(cell, row.line + cell.skip, boolean)
    }

    /// Whether the table lists query parameters: its caption says so (`Query parameters`).
    pub fn is_query(&self) -> bool {
        self.title.to_ascii_lowercase().contains("query parameter")
    }
}

/// A Mandatory cell: `Yes`, `No`, or anything else, kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mandatory {
    Yes,
    No,
    Other(String),
}

impl Mandatory {
    pub fn parse(text: &str) -> Mandatory {
        let word = text
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        match word.to_ascii_lowercase().as_str() {
            "yes" | "true" => Mandatory::Yes,
            "no" | "false" => Mandatory::No,
            _ => Mandatory::Other(text.to_string()),
        }
    }

    pub fn show(&self) -> String {
        match self {
            Mandatory::Yes => "Yes".into(),
            Mandatory::No => "No".into(),
            Mandatory::Other(t) => t.clone(),
        }
    }
}

/// A Type cell, in the page's own vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    /// `Array of objects`; `Array` alone holds `None`.
    Array(Option<Box<PageType>>),
    /// `Map<String, Array of objects>`: string keys, values of the type it holds.
    Map(Box<PageType>),
    /// `Null`: the field is always null.
    Null,
    Other(String),
}

impl PageType {
    pub fn parse(text: &str) -> PageType {
        let t = text.trim().to_ascii_lowercase();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(items) = t
            .strip_prefix("array of ")
            .or_else(|| t.strip_prefix("list of "))
        {
            let one = items.strip_suffix('s').unwrap_or(items);
            return PageType::Array(Some(Box::new(PageType::parse(one))));
        }
        if let Some(inner) = t.strip_prefix("map<").and_then(|i| i.strip_suffix('>'))
            && let Some((key, value)) = inner.split_once(',')
            && key.trim() == "string"
        {
            return PageType::Map(Box::new(PageType::parse(value)));
        }
        // `List(Dict)`, `List(String)`: an array of what the parentheses name.
        if let Some(inner) = t
            .strip_prefix("list(")
            .or_else(|| t.strip_prefix("array("))
            .and_then(|i| i.strip_suffix(')'))
        {
            return PageType::Array(Some(Box::new(PageType::parse(inner))));
        }
        match t.as_str() {
            "null" | "none" => PageType::Null,
            "string" | "str" => PageType::String,
            "integer" | "int" | "int32" | "int64" | "long" => PageType::Integer,
            "number" | "float" | "double" | "decimal" => PageType::Number,
            "boolean" | "bool" => PageType::Boolean,
            "object" | "map" | "dict" => PageType::Object,
            "array" | "list" => PageType::Array(None),
            _ => PageType::Other(text.trim().to_string()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExampleKind {
    Request,
    Response,
}

impl ExampleKind {
    pub fn show(self) -> &'static str {
        match self {
            ExampleKind::Request => "Example Request",
            ExampleKind::Response => "Example Response",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Example {
    pub kind: ExampleKind,
    /// 1-based among the examples of its kind that have a body.
    pub number: usize,
    /// The line of the `code-block` directive.
    pub line: usize,
    /// Request lines at the top of the block.
    pub requests: Vec<Uri>,
    pub body: Body,
    /// The line where the body starts.
    pub body_line: usize,
    /// The body's lines, with their lines in the page.
    pub lines: Vec<(usize, String)>,
    /// What the reader repaired to read the body as JSON (comments, trailing or missing
    /// commas), with their page lines; empty for strict JSON.
    pub repairs: Vec<super::json::Repair>,
}

impl Example {
    pub fn label(&self) -> String {
        format!("{} {}", self.kind.show(), self.number)
    }

    /// The line of the value at `keys` (object keys from the top), as far as it can be found:
    /// each key is looked for from the line of the one before.
    pub fn line_of(&self, keys: &[String]) -> usize {
        // How many objects are open where each line starts (arrays are not counted, as the keys
        // leave array positions out): the k-th key stands at depth k + 1.
        let mut depths = Vec::with_capacity(self.lines.len());
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        for (_, l) in &self.lines {
            depths.push(depth);
            for c in l.chars() {
                match (in_string, escaped, c) {
                    (true, true, _) => escaped = false,
                    (true, false, '\\') => escaped = true,
                    (_, false, '"') => in_string = !in_string,
                    (false, _, '{') => depth += 1,
                    (false, _, '}') => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        let mut at: Option<usize> = None;
        for (k, key) in keys.iter().enumerate() {
            let quoted = format!("\"{key}\"");
            let found = self
                .lines
                .iter()
                .enumerate()
                .skip(at.unwrap_or(0))
                .find(|(i, (_, l))| {
                    depths.get(*i).is_none_or(|d| *d == k + 1)
                        && l.find(&quoted)
                            .is_some_and(|i| l[i + quoted.len()..].trim_start().starts_with(':'))
                });
            match found {
                Some((i, _)) => at = Some(i),
                None => break,
            }
        }
        at.and_then(|i| self.lines.get(i))
            .map_or(self.body_line, |(n, _)| *n)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Json(serde_json::Value),
    /// Not JSON: the text with whitespace collapsed, and why it is not JSON (with its page line).
    Text {
        text: String,
        error: String,
        line: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// The most problems kept for one page; past them, one more says that the rest are not listed,
/// so that a page of a million broken rows costs no more than a page of a few.
pub const MAX_PROBLEMS: usize = 200;

/// Adds a problem to a page's list, unless the list is full (see [`MAX_PROBLEMS`]).
pub fn push_problem(problems: &mut Vec<Problem>, line: usize, message: String) {
    match problems.len() {
        n if n < MAX_PROBLEMS => problems.push(Problem { line, message }),
        n if n == MAX_PROBLEMS => problems.push(Problem {
            line,
            message: format!(
                "more than {MAX_PROBLEMS} problems on this page; the others (from here on) are not listed"
            ),
        }),
        _ => {}
    }
}
