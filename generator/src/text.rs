//! Spec and page text made safe for the place it lands in generated code, one small function per
//! place, for any emitter to call:
//!
//! - a doc comment line: [`lines`] splits a text at every line break (LF, CRLF and a bare CR, which
//!   rustc refuses in a doc comment), [`flat_line`] takes away what would open a code block
//!   (indentation, and more than one space after a list or quote marker), and [`push_visible`]
//!   writes the characters rustc denies (bidirectional controls) or that would hide text
//!   (control characters, invisible direction marks) as `U+202E`; `emit::docs::escape` does the
//!   Markdown on top (fences, links, HTML);
//! - a `//` comment: [`comment`], one line, nothing hidden;
//! - a file name shown in a header or a doc: [`file_name`], as written when plain, else as a
//!   Rust-escaped string (one line, nothing hidden);
//! - a string literal: `proc_macro2::Literal::string` (or `emit::layout::string_literal`, which
//!   writes the same text), which escapes every such character itself.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not stand as it is in a comment or doc: rustc's
/// `text_direction_codepoint_in_comment` and `_in_literal` deny the bidirectional embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069); the direction marks (U+200E, U+200F,
/// U+061C), control characters (bare CR among them, which rustc refuses in a doc comment), line
/// and paragraph separators and the byte order mark are invisible or break lines in an editor.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// [`is_hidden`], but a line break is not hidden (the test of terminal text that keeps its
/// lines).
#[cfg(test)]
pub fn is_hidden_but_newline(c: char) -> bool {
    c != '\n' && is_hidden(c)
}

/// The bytes a hidden character (see [`is_hidden`]) can start with in UTF-8: C0 controls and DEL,
/// and the lead bytes of C1 controls (0xC2), U+061C (0xD8), U+200E to U+2069 (0xE2) and U+FEFF
/// (0xEF). Text without any of them holds no hidden character.
pub static MAY_HIDE: [bool; 256] = {
    let mut set = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        set[b] = true;
        b += 1;
    }
    set[0x7F] = true;
    set[0xC2] = true;
    set[0xD8] = true;
    set[0xE2] = true;
    set[0xEF] = true;
    set
};

/// `c` as it may stand in a comment: itself, or `U+XXXX` when it is hidden; a tab is a space.
pub fn push_char_visible(c: char, out: &mut String) {
    if c == '\t' {
        out.push(' ');
    } else if is_hidden(c) {
        let _ = write!(out, "U+{:04X}", c as u32);
    } else {
        out.push(c);
    }
}

/// `text` with every hidden character written as `U+XXXX` (see [`push_char_visible`]).
pub fn push_visible(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| MAY_HIDE[b as usize]) {
        out.push_str(&rest[..at]);
        let Some(c) = rest[at..].chars().next() else {
            break;
        };
        push_char_visible(c, out);
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// Whether `text` holds a hidden character (see [`is_hidden`]).
pub fn has_hidden(text: &str) -> bool {
    text.bytes().any(|b| MAY_HIDE[b as usize]) && text.chars().any(is_hidden)
}

/// [`push_visible`] into a new string, borrowing when there is nothing to change.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !has_hidden(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    push_visible(text, &mut out);
    Cow::Owned(out)
}

/// The lines of `text`, split at LF, CRLF and a bare CR alike (`str::lines` leaves a bare CR
/// inside its line). A trailing line break gives no empty last line, as with `str::lines`.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text).filter(|t| !t.is_empty());
    std::iter::from_fn(move || {
        let t = rest?;
        match memchr::memchr2(b'\n', b'\r', t.as_bytes()) {
            Some(at) => {
                let after = match t[at..].starts_with("\r\n") {
                    true => at + 2,
                    false => at + 1,
                };
                rest = Some(&t[after..]).filter(|r| !r.is_empty());
                Some(&t[..at])
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// One line of prose as it may start a doc comment line without opening a code block: without
/// its leading and trailing whitespace (four columns of indentation open an indented code block),
/// and with a single space after each list or quote marker it starts with (`-`, `+`, `*`, `>`,
/// `1.`, `1)`), since more after a marker open an indented code block inside the list item.
/// Fences (```` ``` ````, `~~~`) are left to `emit::docs::escape`, which breaks every run of three.
pub fn flat_line(line: &str) -> Cow<'_, str> {
    let line = line.trim();
    let mut markers = String::new();
    let mut changed = false;
    let mut rest = line;
    loop {
        let marker = match rest.as_bytes().first() {
            Some(b'-' | b'+' | b'*' | b'>') => 1,
            Some(b'0'..=b'9') => {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                match rest.as_bytes().get(digits) {
                    Some(b'.' | b')') => digits + 1,
                    _ => break,
                }
            }
            _ => break,
        };
        let after = &rest[marker..];
        let tail = after.trim_start();
        let space = after.len() - tail.len();
        if space == 0 {
            break;
        }
        changed |= space > 1 || !after.starts_with(' ');
        markers.push_str(&rest[..marker]);
        markers.push(' ');
        rest = tail;
    }
    if !changed {
        return Cow::Borrowed(line);
    }
    markers.push_str(rest);
    Cow::Owned(markers)
}

/// Text as it may stand in a `//` comment: one line (each line break written `\n`), nothing
/// hidden (see [`push_visible`]).
pub fn comment(text: &str) -> Cow<'_, str> {
    if !has_hidden(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => push_char_visible(c, &mut out),
        }
    }
    Cow::Owned(out)
}

/// A file name (or path) as a header or a doc shows it: as it is when it is plain (not empty, no
/// hidden character, quote or backslash, no space at either end), else as a Rust string literal
/// (`"a\nb.yaml"`), which escapes line breaks, quotes, backslashes and every hidden character,
/// so that the name is one line and reads the same in any editor.
pub fn file_name(name: &str) -> Cow<'_, str> {
    let plain =
        !name.is_empty() && name.trim() == name && !name.contains(['"', '\\']) && !has_hidden(name);
    if plain {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("{name:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_written_as_their_code_points() {
        assert_eq!(
            visible("a\u{202E}b\u{2066}c\u{1}d\u{7F}e\u{85}f\u{FEFF}g"),
            "aU+202EbU+2066cU+0001dU+007FeU+0085fU+FEFFg"
        );
        assert_eq!(visible("tab\there, café €"), "tab here, café €");
        assert!(matches!(visible("plain – text ✓"), Cow::Borrowed(_)));
        for c in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
            assert!(is_hidden(c), "{c:?}");
            let mut utf8 = [0; 4];
            assert!(MAY_HIDE[c.encode_utf8(&mut utf8).as_bytes()[0] as usize]);
        }
        // Every hidden character starts with a byte of `MAY_HIDE`.
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| is_hidden(*c))
        {
            let mut utf8 = [0; 4];
            assert!(
                MAY_HIDE[c.encode_utf8(&mut utf8).as_bytes()[0] as usize],
                "{c:?}"
            );
        }
    }

    #[test]
    fn lines_are_split_at_every_kind_of_line_break() {
        fn split(t: &str) -> Vec<&str> {
            lines(t).collect()
        }
        assert_eq!(split("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(split("a\r\rb\n\n"), ["a", "", "b", ""]);
        assert_eq!(split("one"), ["one"]);
        assert_eq!(split(""), Vec::<&str>::new());
        assert_eq!(split("\r"), [""]);
    }

    #[test]
    fn a_flat_line_opens_no_code_block() {
        assert_eq!(flat_line("        fn main() {}"), "fn main() {}");
        assert_eq!(flat_line("\t\tx  y "), "x  y");
        assert_eq!(flat_line("-     fn main() {}"), "- fn main() {}");
        assert_eq!(flat_line("1.\t\tcode"), "1. code");
        assert_eq!(flat_line("- -     > 12)      code"), "- - > 12) code");
        assert_eq!(flat_line("- a  b"), "- a  b");
        assert!(matches!(
            flat_line("- one - two"),
            Cow::Borrowed("- one - two")
        ));
        assert_eq!(flat_line("-x   y"), "-x   y");
        assert_eq!(flat_line("3.5   GB"), "3.5   GB");
        assert_eq!(flat_line("-"), "-");
    }

    #[test]
    fn a_comment_is_one_line_with_nothing_hidden() {
        assert_eq!(comment("a\nb\r\nc\u{202E}"), "a\\nb\\r\\ncU+202E");
        assert!(matches!(comment("spec/jobs.yaml"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_file_name_that_is_not_plain_is_shown_as_a_rust_string() {
        assert_eq!(
            file_name("spec/rebuild_server.yaml"),
            "spec/rebuild_server.yaml"
        );
        assert_eq!(
            file_name("spec/a\n*/ ~~~ `b`\u{202E}\".yaml"),
            "\"spec/a\\n*/ ~~~ `b`\\u{202e}\\\".yaml\""
        );
        assert_eq!(file_name(""), "\"\"");
        assert_eq!(file_name("the spec"), "the spec");
        assert_eq!(file_name("a `b` ~~~ */.yaml"), "a `b` ~~~ */.yaml");
        assert_eq!(file_name(" a\\b"), "\" a\\\\b\"");
    }
}
