//! Diagnostics: what is wrong, where in which spec file, and what would be right.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// The most characters of a message, help or spec path that a diagnostic shows; a longer one
/// (a spec that names something with megabytes of text) is cut, saying how much was left out.
pub(crate) const TEXT_CHARS: usize = 1000;
/// The most characters of the offending line that a diagnostic shows: a window around the
/// column, so that the caret still points at it.
const SNIPPET_CHARS: usize = 160;

/// One problem found in the spec, located the way a maintainer reads the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// A second place the problem concerns, outside the spec (the page line a `--docs` finding
    /// is about).
    pub related: Option<Related>,
}

/// A second place of a [`Diagnostic`]: what it is (`page`), its file as shown, its 1-based line
/// (0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub what: String,
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Related {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}", self.file),
            n => write!(f, "{}:{n}", self.file),
        }
    }
}

impl Diagnostic {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic with a second place (see [`Related`]).
    pub fn with_related(mut self, what: &str, file: impl Into<String>, line: usize) -> Self {
        self.related = Some(Related {
            what: what.into(),
            file: file.into(),
            line,
        });
        self
    }
}

impl fmt::Display for Diagnostic {
    /// The diagnostic as a terminal shows it: every text bounded (see [`TEXT_CHARS`],
    /// [`SNIPPET_CHARS`]) and every character that would act on the terminal or hide text
    /// (controls, escape sequences, bidirectional overrides) written as `U+XXXX`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", shown(&self.message, TEXT_CHARS))?;
        let file = shown(&self.file, TEXT_CHARS);
        if self.line == 0 {
            writeln!(f, "  --> {file}")?;
        } else {
            writeln!(f, "  --> {file}:{}:{}", self.line, self.column)?;
        }
        if let Some(snippet) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let (snippet, caret) = window(snippet, self.column.saturating_sub(1));
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {snippet}")?;
            writeln!(f, "{pad} | {}^", " ".repeat(caret))?;
        }
        if let Some(r) = &self.related {
            let what = shown(&r.what, TEXT_CHARS);
            writeln!(f, "  --> {what}: {}", shown(&r.to_string(), TEXT_CHARS))?;
        }
        if !self.path.is_empty() {
            writeln!(f, "  = in: {}", shown(&self.path, TEXT_CHARS))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", shown(help, TEXT_CHARS))?;
        }
        Ok(())
    }
}

/// `text` with its hidden characters visible (see [`terminal`]), cut after `max` characters
/// with a note of how many bytes were left out.
pub(crate) fn shown(text: &str, max: usize) -> Cow<'_, str> {
    let cut = text.char_indices().nth(max).map(|(at, _)| at);
    match cut {
        None => terminal(text),
        Some(at) => Cow::Owned(format!(
            "{}… ({} more bytes)",
            terminal(&text[..at]),
            text.len() - at
        )),
    }
}

/// `text` as a terminal may show it: every hidden character (`crate::text::is_hidden`: controls,
/// escape sequences, bidirectional overrides) written `U+XXXX`, but a tab kept, as it stands in
/// the file (a diagnostic may be about it).
fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\t' && crate::text::is_hidden(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\t' => out.push(c),
            c => crate::text::push_char_visible(c, &mut out),
        }
    }
    Cow::Owned(out)
}

/// The part of `line` a diagnostic shows, at most [`SNIPPET_CHARS`] characters around the
/// 0-based character `column`, marked `…` where it is cut, and where the caret goes in it.
fn window(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SNIPPET_CHARS {
        return (terminal(line).into_owned(), column);
    }
    let start = column
        .saturating_sub(SNIPPET_CHARS / 2)
        .min(count - SNIPPET_CHARS);
    let part: String = line.chars().skip(start).take(SNIPPET_CHARS).collect();
    let mut out = String::with_capacity(part.len() + 8);
    if start > 0 {
        out.push('…');
    }
    out.push_str(&terminal(&part));
    if start + SNIPPET_CHARS < count {
        out.push('…');
    }
    (out, column - start + usize::from(start > 0))
}

/// Every diagnostic of a run, in the order of the files and lines they point at.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by place, each diagnostic once (a rule may meet the same problem twice).
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        let mut seen = HashSet::with_capacity(self.0.len());
        self.0.retain(|d| seen.insert(d.clone()));
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(column: usize, snippet: &str, message: &str) -> Diagnostic {
        Diagnostic {
            file: "spec/x.yaml".into(),
            line: 3,
            column,
            path: "schemas.X".into(),
            message: message.into(),
            help: None,
            snippet: Some(snippet.into()),
            related: None,
        }
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_whose_caret_still_points_at_the_column() {
        let line = format!("{}X{}", "[".repeat(100_000), "]".repeat(100_000));
        let shown = at(100_001, &line, "too deep").to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let snippet = lines[3].strip_prefix("3 | ").unwrap();
        assert_eq!(snippet.chars().count(), SNIPPET_CHARS + 2);
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
        let caret = lines[4].strip_prefix("  | ").unwrap();
        let under: char = snippet.chars().nth(caret.len() - 1).unwrap();
        assert_eq!((caret.trim_start(), under), ("^", 'X'));
        assert!(shown.len() < 1_000, "{} bytes", shown.len());
    }

    #[test]
    fn messages_are_cut_and_show_no_character_that_acts_on_a_terminal() {
        let long = "a".repeat(50_000);
        let shown = at(1, "x", &format!("name `{long}`")).to_string();
        let first = shown.lines().next().unwrap();
        assert!(first.ends_with("… (49007 more bytes)"), "{first}");
        let hostile = at(1, "\u{1b}[2Jkey: \u{202E}x", "bad `\u{1b}]0;pwned\u{7}`").to_string();
        assert!(
            !hostile.chars().any(crate::text::is_hidden_but_newline),
            "{hostile:?}"
        );
        assert!(hostile.contains("bad `U+001B]0;pwnedU+0007`"), "{hostile}");
        assert!(hostile.contains("3 | U+001B[2Jkey: U+202Ex"), "{hostile}");
    }

    #[test]
    fn each_diagnostic_is_kept_once_however_many() {
        let mut diags = Diagnostics::default();
        for i in 0..50_000 {
            diags.push(at(1 + i % 7, "x", "same"));
        }
        assert_eq!(diags.sorted().len(), 7);
    }
}
