//! The spec held against the published pages it transcribes (`--docs`), and what changed between
//! two versions of a page (`--docs-diff`).
//!
//! [`rst`] reads a page into the types of [`page`]: sections, URI lines, tables (rows, cells) and
//! examples, each with its line; [`against`] compares them with the spec, in terms of rows, types,
//! mandatory flags, URIs and example values, never of text, so that a re-wrapped table or reworded
//! prose changes nothing; [`diff`] compares two pages in the same terms.

pub mod against;
pub mod cite;
pub mod diff;
pub mod draft;
pub mod facts;
pub mod json;
pub mod page;
pub mod rst;
mod table;

use std::fmt;

/// A place in a page: its file as shown, and a 1-based line (0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlace {
    pub file: String,
    pub line: usize,
}

/// A place in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecPlace {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The path inside the spec (`schemas.OsReinstall.fields.keyname`).
    pub path: String,
}

/// One way the spec and a page disagree, located in both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub message: String,
    pub page: PagePlace,
    pub spec: SpecPlace,
    pub help: Option<String>,
}

impl fmt::Display for PagePlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}", self.file),
            n => write!(f, "{}:{n}", self.file),
        }
    }
}

impl fmt::Display for Finding {
    /// As a diagnostic shows itself: every text bounded and visible (`diag::shown`), since page
    /// text and file names reach the terminal here.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::diag::{TEXT_CHARS, shown};
        writeln!(f, "finding: {}", shown(&self.message, TEXT_CHARS))?;
        writeln!(
            f,
            "  --> page: {}",
            shown(&self.page.to_string(), TEXT_CHARS)
        )?;
        let s = &self.spec;
        let file = shown(&s.file, TEXT_CHARS);
        if s.line == 0 {
            writeln!(f, "  --> spec: {file}")?;
        } else {
            writeln!(f, "  --> spec: {file}:{}:{}", s.line, s.column)?;
        }
        if !s.path.is_empty() {
            writeln!(f, "  = in: {}", shown(&s.path, TEXT_CHARS))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", shown(help, TEXT_CHARS))?;
        }
        Ok(())
    }
}

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
}

impl Report {
    /// The one summary line.
    pub fn summary(&self) -> String {
        let compared = format!(
            "{} pages ({} tables, {} rows, {} examples)",
            self.pages, self.tables, self.rows, self.examples
        );
        if self.findings.is_empty() {
            format!(
                "client-codegen --docs: the spec agrees with {compared}; {} stated deviation(s) accepted",
                self.deviations
            )
        } else {
            format!(
                "client-codegen --docs: {} finding(s) against {compared}; fix the spec or state each deviation under `doc_deviations`",
                self.findings.len()
            )
        }
    }
}

#[cfg(test)]
mod tests;
