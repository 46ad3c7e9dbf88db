//! Doc comments: our description, its notes, and the source line, escaped for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Doc;

/// `#[doc = "..."]` attributes for a documented item.
pub fn attrs(doc: &Doc) -> TokenStream {
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
    lines_to_attrs(&lines)
}

/// Attributes for a one-paragraph text.
pub fn text(text: &str) -> TokenStream {
    lines_to_attrs(&paragraphs(text))
}

fn paragraphs(text: &str) -> Vec<String> {
    text.lines().map(|l| escape(l.trim())).collect()
}

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

/// Makes text inert for rustdoc: no links, HTML, emphasis, code blocks or doctests, while code
/// spans in backticks stay as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
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
    out
}

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
