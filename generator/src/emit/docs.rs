//! Doc comments: our description, its notes, and the source line, escaped for rustdoc.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Doc;
use crate::text;

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

/// The inner doc of the types file made of the spec file `origin`: ``Types of `jobs.yaml`.``, the
/// name escaped as a doc line (see [`escape`]) and, when it is not plain, shown as a Rust string
/// (`text::file_name`), so that it is one line.
pub fn file_doc(origin: &str) -> String {
    format!(
        "Types of {}.",
        escape(&format!("`{}`", text::file_name(origin)))
    )
}

/// A comment of `text`, `notes` and `source` (see [`each_line`]) as `table` makes it of its table
/// entry, built in one string: each line starts with `LINE_BREAK`, then a space and the line
/// unless it is empty. A comment whose notes or source hold a line break, or any part
/// `LINE_BREAK`, is given to `apart` as its lines instead (one attribute each): the same lines,
/// each escaped alone and holding no line break.
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
/// of our description, a blank line, each note as a list item (its further lines indented under
/// it), a blank line, and the source as `Source: ....`; a part that is empty is left out with its
/// blank line. Lines are split at every line break (`text::lines`: LF, CRLF, CR) and trimmed, so
/// that no line holds a line break or starts indented.
fn each_line<'a>(
    text: &'a str,
    notes: &'a [String],
    source: &'a str,
    mut line: impl FnMut(&str, &'a str, &str),
) {
    let mut any = false;
    for l in text::lines(text) {
        line("", l.trim(), "");
        any = true;
    }
    if !notes.is_empty() {
        if any {
            line("", "", "");
        }
        for note in notes {
            let mut first = true;
            for l in text::lines(note) {
                match (first, l.trim()) {
                    (true, l) => line("- ", l, ""),
                    (false, "") => line("", "", ""),
                    (false, l) => line("  ", l, ""),
                }
                first = false;
            }
            if first {
                line("- ", "", "");
            }
        }
        any = true;
    }
    if !source.is_empty() {
        if any {
            line("", "", "");
        }
        let mut lines = text::lines(source.trim_end_matches('.')).peekable();
        let mut first = true;
        while let Some(l) = lines.next() {
            let before = if first { "Source: " } else { "" };
            let after = if lines.peek().is_none() { "." } else { "" };
            line(before, l.trim(), after);
            first = false;
        }
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

/// One attribute per line, for a doc whose text held line breaks (each of its `lines` holds none).
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

/// Makes one line of text inert for rustdoc and rustc: no links, HTML, emphasis, code blocks or
/// doctests (no indentation or run of spaces after a list marker, see `text::flat_line`; every
/// run of three or more backticks or tildes, which could open a fence, broken), no character
/// rustc denies or that hides text (written `U+202E`, see `text::push_visible`), while code spans
/// in backticks stay as written. A line break in `text` is not one any more: give each line
/// apart (`text::lines`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    let text = text::flat_line(text);
    let mut in_code = false;
    let mut rest = &*text;
    loop {
        // Plain text up to the next character that matters, copied at once (all are ASCII or
        // start with a byte of `text::MAY_HIDE`; an `h` matters only where a link may start).
        let bytes = rest.as_bytes();
        let mut stop = 0;
        while stop < bytes.len() {
            let b = bytes[stop];
            match CLASS[b as usize] {
                PLAIN => {}
                ALWAYS => break,
                MARKUP if !in_code => break,
                LINK if !in_code && bytes[stop..].starts_with(b"http") => break,
                _ => {}
            }
            stop += 1;
        }
        out.push_str(&rest[..stop]);
        rest = &rest[stop..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if !c.is_ascii() || c.is_ascii_control() {
            // A byte of `text::MAY_HIDE`: hidden, or a character like any other.
            text::push_char_visible(c, out);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c == '`' || c == '~' {
            let run = rest.len() - rest.trim_start_matches(c).len();
            if run >= 3 {
                let broken = if c == '`' { "'" } else { "\\~" };
                out.push_str(&broken.repeat(run));
                rest = &rest[run..];
                continue;
            }
            if c == '`' {
                in_code = !in_code;
            }
        }
        if !in_code {
            if let Some(url) = url_at(rest) {
                out.push('<');
                text::push_visible(url, out);
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

/// What each byte is to [`escape_into`]'s scan: plain text; a byte that matters in code spans
/// too (a backtick, a tilde, and every byte that may start a hidden character); one that rustdoc
/// would read as markup outside code spans; an `h`, which matters only where a link may start.
static CLASS: [u8; 256] = {
    let mut class = [PLAIN; 256];
    let markup = b"[]<>*_\\#|";
    let mut i = 0;
    while i < markup.len() {
        class[markup[i] as usize] = MARKUP;
        i += 1;
    }
    class[b'h' as usize] = LINK;
    let mut b = 0;
    while b < 256 {
        if text::MAY_HIDE[b] {
            class[b] = ALWAYS;
        }
        b += 1;
    }
    class[b'`' as usize] = ALWAYS;
    class[b'~' as usize] = ALWAYS;
    class
};
const PLAIN: u8 = 0;
const ALWAYS: u8 = 1;
const MARKUP: u8 = 2;
const LINK: u8 = 3;

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
            #[doc = " - two"]
            #[doc = "   lines"]
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

    /// The comment of `doc` on a struct, as prettyplease prints its attributes (the form of a
    /// comment whose text holds line breaks) and as the table puts it in place, which must agree.
    fn both_forms(doc: &Doc) -> (String, Option<String>) {
        use crate::emit::Part;
        use crate::format::part_text;
        let (tokens, table) = collect(|| {
            let attrs = attrs(doc);
            quote!(#attrs pub struct S;)
        });
        let printed = part_text(Part::Tokens(tokens), &table).unwrap();
        let (line, table) = collect(|| marker(doc, ""));
        let by_table = line.map(|l| part_text(Part::Text(format!("{l}pub struct S;\n")), &table));
        (printed, by_table.map(Result::unwrap))
    }

    const RUN: &str = "fn main() { std::fs::write(\"pwned.txt\", \"x\").unwrap(); }";

    #[test]
    fn no_text_opens_a_code_block_in_either_form_of_a_comment() {
        let text = "A\r\n~~~\r    fn main(){}\n-     {\"a\": 1}\n ```rust\n1)\tx \u{202E}y";
        let expected = |source: &[&str]| {
            let mut lines = vec![
                "/// A",
                "/// \\~\\~\\~",
                "/// fn main(){}",
                "/// - {\"a\": 1}",
                "/// '''rust",
                "/// 1) x U+202Ey",
                "///",
                "/// - Run:",
                "///",
                "///   fn main() { std::fs::write(\"pwned.txt\", \"x\").unwrap(); }",
                "/// - \\~\\~\\~",
                "///",
            ];
            lines.extend(source);
            lines.extend(["pub struct S;", ""]);
            lines.join("\n")
        };
        // A line break in a note or the source: attributes of their own.
        let note = format!("Run:\n\n        {RUN}");
        let apart = doc(text, &[&note, "~~~"], "T\u{2066}itle\n~~~, Table 1.");
        let source = ["/// Source: TU+2066itle", "/// \\~\\~\\~, Table 1."];
        assert_eq!(both_forms(&apart), (expected(&source), None));
        // Line breaks in the text alone and bare CRs in a note: the table, the same lines.
        let note = format!("Run:\r\r        {RUN}");
        let table = doc(text, &[&note, "~~~"], "T\u{2066}itle");
        let (printed, by_table) = both_forms(&table);
        assert_eq!(by_table.as_ref(), Some(&printed));
        assert_eq!(printed, expected(&["/// Source: TU+2066itle."]));
    }

    #[test]
    fn fences_indentation_and_hidden_characters_are_escaped_in_a_line() {
        assert_eq!(escape("~~~"), "\\~\\~\\~");
        assert_eq!(escape("~~ `~~~` ~"), "~~ `\\~\\~\\~` ~");
        assert_eq!(escape("`````"), "'''''");
        assert_eq!(escape("        fn main() {}"), "fn main() {}");
        assert_eq!(escape("+     x"), "+ x");
        assert_eq!(
            escape("a\u{202E}b\u{2069}\rc\u{0}d"),
            "aU+202EbU+2069U+000DcU+0000d"
        );
        assert_eq!(escape("`a\u{202D}`"), "`aU+202D`");
        assert_eq!(
            escape("see https://x.y/\u{202E}z"),
            "see <https://x.y/U+202Ez>"
        );
        assert_eq!(escape("cafe\u{301} \u{2013} ok"), "cafe\u{301} \u{2013} ok");
    }

    #[test]
    fn a_file_doc_is_one_line_that_opens_no_block() {
        assert_eq!(file_doc("jobs.yaml"), "Types of `jobs.yaml`.");
        assert_eq!(
            file_doc("a\n~~~\n*/`b`\u{202E}.yaml"),
            "Types of `\"a\\n\\~\\~\\~\\n*/`b`\\u{202e}.yaml\"`."
        );
    }
}
