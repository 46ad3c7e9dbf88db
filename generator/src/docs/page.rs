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
    pub problems: Vec<Problem>,
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
}

impl Table {
    /// `Table 3`, or the caption of a table without a number.
    pub fn label(&self) -> String {
        match self.number {
            Some(n) => format!("Table {n}"),
            None => format!("table \"{}\"", self.title),
        }
    }

    pub fn column(&self, which: Column) -> Option<usize> {
        self.columns.iter().position(|c| {
            let c = c.to_ascii_lowercase();
            match which {
                Column::Parameter => c == "parameter" || c == "name" || c == "field",
                Column::Mandatory => c == "mandatory" || c == "required",
                Column::Type => c == "type",
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
        match t.as_str() {
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
