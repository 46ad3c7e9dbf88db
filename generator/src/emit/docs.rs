//! Doc comments: our description, its notes, and the source line, escaped for rustdoc, written
//! one way: as the lines [`lines`] gives, either `///` text (items whose layout the generator
//! owns, [`write`]) or `#[doc]` attributes (items prettyplease prints, [`attrs`]).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Doc;
use crate::text;

/// The lines of a doc comment, escaped (see [`escape`]), none holding a line break; an empty
/// string is a blank line.
pub fn lines(doc: &Doc) -> Vec<String> {
    comment_lines(&doc.text, &doc.notes, &doc.source)
}

/// `#[doc = "..."]` attributes for a documented item, one per line.
pub fn attrs(doc: &Doc) -> TokenStream {
    to_attrs(&lines(doc))
}

/// Attributes for a one-paragraph text.
pub fn text(text: &str) -> TokenStream {
    to_attrs(&comment_lines(text, &[], ""))
}

/// `doc` as `///` lines at `indent`, onto `out`.
pub fn write(doc: &Doc, indent: &str, out: &mut String) {
    write_lines(&lines(doc), indent, out);
}

/// A one-paragraph text as `///` lines at `indent`, onto `out`.
pub fn write_text(text: &str, indent: &str, out: &mut String) {
    write_lines(&comment_lines(text, &[], ""), indent, out);
}

fn write_lines(lines: &[String], indent: &str, out: &mut String) {
    for line in lines {
        out.push_str(indent);
        out.push_str("///");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = match l.is_empty() {
            true => String::new(),
            false => format!(" {l}"),
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
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

/// The escaped lines of a comment of `text`, `notes` and `source` (see [`each_line`]).
fn comment_lines(text: &str, notes: &[String], source: &str) -> Vec<String> {
    let mut lines = Vec::new();
    each_line(text, notes, source, |before, text, after| {
        lines.push(match (before, text, after) {
            ("", "", "") => String::new(),
            _ => {
                let mut line = String::with_capacity(before.len() + text.len() + after.len() + 8);
                line.push_str(before);
                escape_into(text, &mut line);
                line.push_str(after);
                line.trim_end().to_string()
            }
        });
    });
    lines
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
    fn a_comment_has_blank_lines_between_its_parts_and_one_attribute_per_line() {
        let doc = doc("One\n  two_x ", &["A note", "two\nlines"], "x, T1.");
        assert_eq!(
            lines(&doc),
            [
                "One",
                "two\\_x",
                "",
                "- A note",
                "- two",
                "  lines",
                "",
                "Source: x, T1."
            ]
        );
        let mut out = String::new();
        write(&doc, "    ", &mut out);
        assert_eq!(
            out,
            "    /// One\n    /// two\\_x\n    ///\n    /// - A note\n    /// - two\n    ///   lines\n    ///\n    /// Source: x, T1.\n"
        );
        let expected = quote! {
            #[doc = " One"] #[doc = " two\\_x"] #[doc = ""] #[doc = " - A note"]
            #[doc = " - two"] #[doc = "   lines"] #[doc = ""] #[doc = " Source: x, T1."]
        };
        assert_eq!(attrs(&doc).to_string(), expected.to_string());
        assert!(
            lines(&Doc {
                text: String::new(),
                notes: Vec::new(),
                source: String::new()
            })
            .is_empty()
        );
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

    /// The comment of `doc` on a struct, as prettyplease prints its attributes and as `write`
    /// writes it, which must agree.
    fn both_forms(doc: &Doc) -> (String, String) {
        use crate::emit::Part;
        use crate::format::part_text;
        let attrs = attrs(doc);
        let printed = part_text(Part::Tokens(quote!(#attrs pub struct S;))).unwrap();
        let mut written = String::new();
        write(doc, "", &mut written);
        written.push_str("pub struct S;\n");
        (printed, written)
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
        let note = format!("Run:\n\n        {RUN}");
        let apart = doc(text, &[&note, "~~~"], "T\u{2066}itle\n~~~, Table 1.");
        let source = ["/// Source: TU+2066itle", "/// \\~\\~\\~, Table 1."];
        let (printed, written) = both_forms(&apart);
        assert_eq!(printed, expected(&source));
        assert_eq!(written, printed);
        let note = format!("Run:\r\r        {RUN}");
        let bare_cr = doc(text, &[&note, "~~~"], "T\u{2066}itle");
        let (printed, written) = both_forms(&bare_cr);
        assert_eq!(printed, expected(&["/// Source: TU+2066itle."]));
        assert_eq!(written, printed);
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
