//! Doc comments: our description, its notes, and the source line, escaped for rustdoc.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Doc;

/// `#[doc = "..."]` attributes for a documented item.
pub fn attrs(doc: &Doc) -> TokenStream {
    match joined(doc) {
        Some(entry) => entry_attr(entry),
        None => lines_to_attrs(&lines(doc)),
    }
}

/// Attributes for a one-paragraph text.
pub fn text(text: &str) -> TokenStream {
    match joined_text(text) {
        Some(entry) => entry_attr(entry),
        None => lines_to_attrs(&paragraphs(text)),
    }
}

/// The doc of an item laid out by hand (`emit::layout`): the line prettyplease prints for
/// [`attrs`] at `indent` (nothing, or `///` and the table index), or `None` when the comment can
/// only be written as attributes of their own.
pub fn marker(doc: &Doc, indent: &str) -> Option<String> {
    joined(doc).map(|entry| entry_marker(entry, indent))
}

/// [`marker`] of a one-paragraph text.
pub fn text_marker(text: &str, indent: &str) -> Option<String> {
    joined_text(text).map(|entry| entry_marker(entry, indent))
}

fn entry_marker(entry: String, indent: &str) -> String {
    if entry.is_empty() {
        return entry;
    }
    let index = push(entry);
    format!("{indent}///{LINE_BREAK}{index}\n")
}

fn entry_attr(entry: String) -> TokenStream {
    if entry.is_empty() {
        return TokenStream::new();
    }
    let literal = proc_macro2::Literal::string(&format!("{LINE_BREAK}{}", push(entry)));
    quote!(#[doc = #literal])
}

/// The table entry of a doc (see [`collect`]): each of [`lines`] starting with `LINE_BREAK`, then
/// a space and the line unless it is empty; built in one string. `None` when a line would hold a
/// line break of either kind, so that the entry would not split back into the same lines.
fn joined(doc: &Doc) -> Option<String> {
    let breaks = |s: &str| s.contains(['\n', LINE_BREAK]);
    if doc.text.contains(LINE_BREAK) || doc.notes.iter().any(|n| breaks(n)) || breaks(&doc.source) {
        return None;
    }
    let size = doc.text.len() + doc.notes.iter().map(|n| n.len() + 4).sum::<usize>();
    let mut entry = String::with_capacity(size + doc.source.len() + 16 + size / 16);
    paragraphs_into(&doc.text, &mut entry);
    if !doc.notes.is_empty() {
        if !entry.is_empty() {
            entry.push(LINE_BREAK);
        }
        for note in &doc.notes {
            entry.push(LINE_BREAK);
            entry.push_str(" - ");
            escape_into(note, &mut entry);
        }
    }
    if !doc.source.is_empty() {
        if !entry.is_empty() {
            entry.push(LINE_BREAK);
        }
        entry.push(LINE_BREAK);
        entry.push_str(" Source: ");
        escape_into(doc.source.trim_end_matches('.'), &mut entry);
        entry.push('.');
    }
    Some(entry)
}

fn joined_text(text: &str) -> Option<String> {
    if text.contains(LINE_BREAK) {
        return None;
    }
    let mut entry = String::with_capacity(text.len() + 8 + text.len() / 16);
    paragraphs_into(text, &mut entry);
    Some(entry)
}

fn paragraphs_into(text: &str, entry: &mut String) {
    for line in text.lines() {
        entry.push(LINE_BREAK);
        let line = line.trim();
        if !line.is_empty() {
            entry.push(' ');
            escape_into(line, entry);
        }
    }
}

/// Our description, its notes and the source line, one doc line each (for a doc that cannot be
/// [`joined`]).
fn lines(doc: &Doc) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if !doc.text.is_empty() {
        lines.extend(paragraphs(&doc.text));
    }
    if !doc.notes.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(doc.notes.iter().map(|n| format!("- {}", escape(n))));
    }
    if !doc.source.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!(
            "Source: {}.",
            escape(doc.source.trim_end_matches('.'))
        ));
    }
    lines
}

fn paragraphs(text: &str) -> Vec<String> {
    text.lines().map(|l| escape(l.trim())).collect()
}

/// Starts each line of one doc comment joined into one entry of the file's table (see
/// [`collect`]), and the attribute that points to it (followed by the index); `format` splits the
/// entry back into `///` lines after prettyplease. A doc line of its own starts with a space or is
/// empty, so an attribute that starts with this character always points to the table.
pub const LINE_BREAK: char = '\u{1}';

thread_local! {
    /// The doc comments of the file being emitted on this thread (see [`collect`]).
    static TABLE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Runs `emit` (the emitting of one file) with a table of its doc comments: each joined comment
/// goes into the table, and its attribute holds only `LINE_BREAK` and its index there, which
/// `format` replaces with the comment's lines after prettyplease. Doc text is half of the output;
/// this way it is never turned into a literal, lexed, parsed or laid out, only copied.
pub fn collect<T>(emit: impl FnOnce() -> T) -> (T, Vec<String>) {
    TABLE.take();
    let value = emit();
    (value, TABLE.take())
}

/// One attribute per line, for a doc whose lines hold line breaks.
fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Puts an entry into the file's table and gives its index.
fn push(entry: String) -> usize {
    TABLE.with_borrow_mut(|table| {
        table.push(entry);
        table.len() - 1
    })
}

/// Makes text inert for rustdoc: no links, HTML, emphasis, code blocks or doctests, while code
/// spans in backticks stay as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    let mut in_code = false;
    let mut rest = text;
    loop {
        // Plain text up to the next character that matters, copied at once (all are ASCII; an
        // `h` matters only where a link may start).
        let bytes = rest.as_bytes();
        let mut stop = 0;
        while stop < bytes.len() {
            let b = bytes[stop];
            if b == b'`'
                || !in_code
                    && (MARKUP[b as usize] || b == b'h' && bytes[stop..].starts_with(b"http"))
            {
                break;
            }
            stop += 1;
        }
        out.push_str(&rest[..stop]);
        rest = &rest[stop..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            if run >= 3 {
                out.push_str(&"'".repeat(run));
                rest = &rest[run..];
                continue;
            }
            in_code = !in_code;
        }
        if !in_code {
            if let Some(url) = url_at(rest) {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>' | '*' | '_' | '\\' | '#' | '|') {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        out.push('`');
    }
}

/// The bytes rustdoc would read as markup outside code spans.
static MARKUP: [bool; 256] = crate::locate::byte_set(b"[]<>*_\\#|");

fn url_at(s: &str) -> Option<&str> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '`')
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped_but_code_spans_stay() {
        assert_eq!(
            escape("see [Table 3] <b> `a[0]`"),
            "see \\[Table 3\\] \\<b\\> `a[0]`"
        );
        assert_eq!(escape("at https://x.y/z."), "at <https://x.y/z>.");
        assert_eq!(escape("__system__cmkid"), "\\_\\_system\\_\\_cmkid");
        assert_eq!(escape("```rust"), "'''rust");
    }
}
