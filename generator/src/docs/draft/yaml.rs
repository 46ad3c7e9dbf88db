//! Writing the draft: YAML text built line by line, every scalar from the page double-quoted
//! and escaped, comments kept on one line, examples as JSON (which YAML reads as flow nodes).

use std::fmt::Write;

use crate::check::placeholder::MARKER;

/// The text of a draft, line by line.
#[derive(Default)]
pub struct Out {
    pub text: String,
}

impl Out {
    /// `indent` spaces, then `line`.
    pub fn line(&mut self, indent: usize, line: &str) {
        let _ = writeln!(self.text, "{:indent$}{line}", "");
    }

    /// `key: "value"`.
    pub fn quoted(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {}", quote(value)));
    }

    /// `# text`, on one line whatever `text` holds.
    pub fn comment(&mut self, indent: usize, text: &str) {
        self.line(indent, &format!("# {}", one_line(text)));
    }

    /// `key: <value as JSON>`: the first line after the key, the others indented under it.
    pub fn json(&mut self, indent: usize, key: &str, value: &serde_json::Value) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
        let mut lines = text.lines();
        self.line(
            indent,
            &format!("{key}: {}", lines.next().unwrap_or("null")),
        );
        for l in lines {
            self.line(indent + 2, l);
        }
    }
}

/// The placeholder of a description: the marker, then what the page says, cut to 80 characters.
pub fn placeholder(page_text: &str) -> String {
    let text = one_line(page_text);
    let text = text.trim();
    if text.is_empty() {
        return format!("{MARKER}: (the page says nothing here)");
    }
    let mut cut: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        cut.push('\u{2026}');
    }
    format!("{MARKER}: {cut}")
}

/// A YAML double-quoted scalar holding exactly `s`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Control characters, line and paragraph separators, bidirectional controls and invisible
/// marks: written as escapes, never raw.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// `text` on one line, hidden characters shown as `U+XXXX`.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if hidden(c) => {
                let _ = write!(out, "U+{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_and_comments_stay_what_they_say() {
        assert_eq!(quote("a \"b\" \\ c\n\u{202E}"), r#""a \"b\" \\ c\n\u202E""#);
        let yaml: String = serde_yaml::from_str(&quote("x: \"y\" # z\t\u{7}")).unwrap();
        assert_eq!(yaml, "x: \"y\" # z\t\u{7}");
        assert_eq!(one_line("a\nb\u{2028}c"), "a bU+2028c");
        let long = "x".repeat(100);
        assert_eq!(placeholder(&long).chars().count(), MARKER.len() + 2 + 81);
        assert_eq!(
            placeholder(" "),
            "TODO(describe): (the page says nothing here)"
        );
    }
}
