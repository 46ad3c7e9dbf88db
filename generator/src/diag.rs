//! Diagnostics: what is wrong, where in which spec file, and what would be right.

use std::fmt;

/// One problem found in the spec, located the way a maintainer reads the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, as given on the command line or found in the spec folder.
    pub file: String,
    /// 1-based line and column; 0 when the problem concerns the file as a whole.
    pub line: usize,
    pub column: usize,
    /// Where inside the spec (`operations.rebuild_server.request.schema`); empty for the file.
    pub path: String,
    pub message: String,
    /// What would be right, when there is something to suggest.
    pub help: Option<String>,
    /// The offending line's text, shown under the location.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if self.line == 0 {
            writeln!(f, "  --> {}", self.file)?;
        } else {
            writeln!(f, "  --> {}:{}:{}", self.file, self.line, self.column)?;
        }
        if let Some(snippet) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {snippet}")?;
            let caret_pad = " ".repeat(self.column.saturating_sub(1));
            writeln!(f, "{pad} | {caret_pad}^")?;
        }
        if !self.path.is_empty() {
            writeln!(f, "  = in: {}", self.path)?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of a run, in the order of the files and lines they point at.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        if !self.0.contains(&d) {
            self.0.push(d);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0
    }
}
