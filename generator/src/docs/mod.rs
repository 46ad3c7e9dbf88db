//! The spec held against the published pages it transcribes (`--docs`), and what changed between
//! two versions of a page (`--docs-diff`).
//!
//! [`rst`] reads a page into the types of [`page`]: sections, URI lines (with their query
//! strings), tables (rows, cells) and examples, each with its line; [`facts`] reads what a
//! Description cell states (enum values, ranges, lengths, defaults, links, code blocks), and
//! [`links`] resolves a `:ref:` link across the pages of the folder; [`against`] compares them with
//! the spec, in terms of rows, types, mandatory flags, URIs, values, lengths, links and example
//! values, never of text, so that a re-wrapped table or reworded prose changes nothing; [`diff`]
//! compares two pages in the same terms.

pub mod against;
pub mod cite;
pub mod diff;
pub mod draft;
pub mod facts;
pub mod json;
pub mod links;
pub mod page;
pub mod rst;
mod table;

/// A place in a page: its file as shown, and a 1-based line (0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlace {
    pub file: String,
    pub line: usize,
}

/// One way the spec and a page disagree: a [`Diagnostic`](crate::diag::Diagnostic) located in
/// the spec (file, line, column, path, the line's text), with the page's `file:line` as its
/// second place (`related`, `what: "page"`), shown bounded and visible as every diagnostic.
pub type Finding = crate::diag::Diagnostic;

/// What `--docs` found, and what it compared.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub pages: usize,
    pub tables: usize,
    pub rows: usize,
    pub examples: usize,
    /// Stated deviations that a page difference matched.
    pub deviations: usize,
    /// What the pages state that the spec does not say yet (a default or a bound of what a
    /// request sends, the query parameters of an operation without any), and deviations no longer
    /// needed: listed as notes, not failing the check.
    pub gaps: Vec<Finding>,
}

impl Report {
    /// The one summary line.
    pub fn summary(&self) -> String {
        let compared = format!(
            "{} pages ({} tables, {} rows, {} examples)",
            self.pages, self.tables, self.rows, self.examples
        );
        let gaps = match self.gaps.len() {
            0 => String::new(),
            n => format!(
                "; {n} note(s) above: what the pages state for requests that the spec does not say yet (defaults, bounds, query parameters), and deviations no longer needed"
            ),
        };
        if self.findings.is_empty() {
            format!(
                "client-codegen --docs: the spec agrees with {compared}; {} stated deviation(s) accepted{gaps}",
                self.deviations
            )
        } else {
            format!(
                "client-codegen --docs: {} finding(s) against {compared}; fix the spec or state each deviation under `doc_deviations`",
                self.findings.len()
            )
        }
    }

    /// A gap as printed: a finding whose first word is `note` (it does not fail the check).
    pub fn note(gap: &Finding) -> String {
        let text = gap.to_string();
        match text.strip_prefix("error: ") {
            Some(rest) => format!("note: {rest}"),
            None => text,
        }
    }
}

#[cfg(test)]
mod tests;
