//! Doc comments: our description, its notes, and the source line, escaped for rustdoc.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Doc;

/// `#[doc = "..."]` attributes for a documented item.
pub fn attrs(doc: &Doc) -> TokenStream {
    comment(
        &doc.text,
        &doc.notes,
        &doc.source,
        entry_attr,
        lines_to_attrs,
    )
}

/// Attributes for a one-paragraph text.
pub fn text(text: &str) -> TokenStream {
    comment(text, &[], "", entry_attr, lines_to_attrs)
}

/// The doc of an item laid out by hand (`emit::layout`): the line prettyplease prints for
/// [`attrs`] at `indent` (nothing, or `///` and the table index), or `None` when the comment can
/// only be written as attributes of their own.
pub fn marker(doc: &Doc, indent: &str) -> Option<String> {
    let table = |entry| Some(entry_marker(entry, indent));
    comment(&doc.text, &doc.notes, &doc.source, table, |_| None)
}

/// [`marker`] of a one-paragraph text.
pub fn text_marker(text: &str, indent: &str) -> Option<String> {
    comment(
        text,
        &[],
        "",
        |entry| Some(entry_marker(entry, indent)),
        |_| None,
    )
}

/// A comment of `text`, `notes` and `source` (see [`each_line`]) as `table` makes it of its table
/// entry, built in one string: each line starts with `LINE_BREAK`, then a space and the line
/// unless it is empty. A comment that would not split back into the same lines (a line holds a
/// line break of either kind) is given to `apart` as its lines instead.
fn comment<T>(
    text: &str,
    notes: &[String],
    source: &str,
    table: impl FnOnce(String) -> T,
    apart: impl FnOnce(&[String]) -> T,
) -> T {
    let breaks = |s: &str| s.contains(['\n', LINE_BREAK]);
    if text.contains(LINE_BREAK) || notes.iter().any(|n| breaks(n)) || breaks(source) {
        let mut lines = Vec::new();
        each_line(text, notes, source, |before, text, after| {
            lines.push(match (before, text, after) {
                ("", "", "") => String::new(),
                _ => format!("{before}{}{after}", escape(text)),
            });
        });
        return apart(&lines);
    }
    let size = text.len() + notes.iter().map(|n| n.len() + 4).sum::<usize>() + source.len();
    let mut entry = String::with_capacity(size + 16 + size / 16);
    each_line(text, notes, source, |before, text, after| {
        entry.push(LINE_BREAK);
        if (before, text, after) != ("", "", "") {
            entry.push(' ');
            entry.push_str(before);
            escape_into(text, &mut entry);
            entry.push_str(after);
        }
    });
    table(entry)
}

/// Each line of a comment, as the text to escape and what stands before and after it: every line
/// of our description (trimmed), a blank line, each note as a list item, a blank line, and the
/// source as `Source: ....`; a part that is empty is left out with its blank line.
fn each_line<'a>(
    text: &'a str,
    notes: &'a [String],
    source: &'a str,
    mut line: impl FnMut(&str, &'a str, &str),
) {
    let mut any = false;
    for l in text.lines() {
        line("", l.trim(), "");
        any = true;
    }
    if !notes.is_empty() {
        if any {
            line("", "", "");
        }
        for note in notes {
            line("- ", note, "");
        }
        any = true;
    }
    if !source.is_empty() {
        if any {
            line("", "", "");
        }
        line("Source: ", source.trim_end_matches('.'), ".");
    }
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
    use super::*;

    fn doc(text: &str, notes: &[&str], source: &str) -> Doc {
        Doc {
            text: text.to_string(),
            notes: notes.iter().map(|n| n.to_string()).collect(),
            source: source.to_string(),
        }
    }

    #[test]
    fn a_comment_is_one_table_entry_with_blank_lines_between_its_parts() {
        let (line, table) =
            collect(|| marker(&doc("One\n  two_x ", &["A note"], "x, T1."), "    "));
        assert_eq!(line.as_deref(), Some("    ///\u{1}0\n"));
        assert_eq!(
            table,
            ["\u{1} One\u{1} two\\_x\u{1}\u{1} - A note\u{1}\u{1} Source: x, T1."]
        );
        let (empty, table) = collect(|| marker(&doc("", &[], ""), ""));
        assert_eq!((empty.as_deref(), table.len()), (Some(""), 0));
    }

    #[test]
    fn a_note_with_a_line_break_is_written_as_attributes_of_its_own() {
        let odd = doc("Text.", &["two\nlines"], "");
        let (line, table) = collect(|| marker(&odd, ""));
        assert_eq!((line, table.len()), (None, 0));
        let (attrs, table) = collect(|| attrs(&odd));
        let expected = quote! {
            #[doc = " Text."]
            #[doc = ""]
            #[doc = " - two\nlines"]
        };
        assert_eq!((attrs.to_string(), table.len()), (expected.to_string(), 0));
    }

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
