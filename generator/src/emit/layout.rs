//! The two commonest items, a struct of named fields and an enum of unit variants, written as text
//! exactly as prettyplease prints their tokens.
//!
//! They are most of a crate's items, and a shape so fixed leaves the printer no choice to make:
//! one member per line, each after its doc comment. Lexing their tokens back with syn only to print
//! them again cost more than a quarter of a run. Where prettyplease might choose otherwise (a
//! member line long enough to be broken, a doc comment that cannot go to the file's table) the
//! functions here give `None`, and the emitter gives tokens for prettyplease instead. The tests
//! hold both side by side over every length up to past the line width.

use crate::emit::docs;
use crate::model::{Doc, Presence, Ty};

/// The longest member line (indent included) that prettyplease leaves whole (its margin); from 90
/// columns on, it breaks a type's generic arguments over lines.
const WIDEST: usize = 89;

/// A member of a braced item: its doc comment and its line, as printed without the indent.
pub struct Member<'a> {
    pub doc: MemberDoc<'a>,
    /// `pub name: Type,` or `Name,`.
    pub line: String,
}

pub enum MemberDoc<'a> {
    /// A model doc (see [`docs::attrs`]).
    Item(&'a Doc),
    /// A one-paragraph text (see [`docs::text`]).
    Text(String),
    /// Fixed doc lines written in the emitter, each printed as `/// line`.
    Fixed(&'static [&'static str]),
}

/// `doc`, one line per attribute, `head {`, each member and `}`: the text of `pub struct Name` or
/// `pub enum Name` as prettyplease prints it, or `None` where prettyplease might print it otherwise.
pub fn braced(doc: &Doc, attrs: &[&str], head: &str, members: &[Member]) -> Option<String> {
    // prettyplease prints an empty body as `{}` on the head's line.
    if members.is_empty() || members.iter().any(|m| 4 + m.line.len() > WIDEST) {
        return None;
    }
    let mut text = docs::marker(doc, "")?;
    for attr in attrs {
        text.push_str(attr);
        text.push('\n');
    }
    text.push_str(head);
    text.push_str(" {\n");
    for m in members {
        match &m.doc {
            MemberDoc::Item(doc) => text.push_str(&docs::marker(doc, "    ")?),
            MemberDoc::Text(doc) => text.push_str(&docs::text_marker(doc, "    ")?),
            MemberDoc::Fixed(lines) => {
                for line in *lines {
                    text.push_str("    /// ");
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
        text.push_str("    ");
        text.push_str(&m.line);
        text.push('\n');
    }
    text.push_str("}\n");
    Some(text)
}

/// `pub name: Type,` for a struct field of type `ty`, present as `presence` says.
pub fn field(name: &str, ty: &Ty, presence: Presence) -> String {
    let mut line = format!("pub {name}: ");
    match presence {
        Presence::Always => type_text(ty, &mut line),
        Presence::Option => {
            line.push_str("Option<");
            type_text(ty, &mut line);
            line.push('>');
        }
        Presence::Nullable => {
            line.push_str("crate::Nullable<");
            type_text(ty, &mut line);
            line.push('>');
        }
    }
    line.push(',');
    line
}

/// The text of `emit::objects::rust_type(ty)`, as prettyplease prints a type.
pub fn type_text(ty: &Ty, out: &mut String) {
    match ty {
        Ty::String => out.push_str("String"),
        Ty::Integer => out.push_str("i64"),
        Ty::Number => out.push_str("::serde_json::Number"),
        Ty::Boolean => out.push_str("bool"),
        Ty::Json => out.push_str("::serde_json::Value"),
        Ty::EmptyString => out.push_str("crate::EmptyString"),
        Ty::Named(n) => out.push_str(n),
        Ty::Array(t) => {
            out.push_str("Vec<");
            type_text(t, out);
            out.push('>');
        }
        Ty::Map(t) => {
            out.push_str("::std::collections::BTreeMap<String, ");
            type_text(t, out);
            out.push('>');
        }
    }
}

/// The text of `proc_macro2::Literal::string(s)`: a word of the usual wire-name characters is
/// only quoted; anything else is escaped by proc-macro2 itself.
pub fn string_literal(s: &str) -> String {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-_.:/@$+ ".contains(&b);
    if s.bytes().all(plain) {
        format!("\"{s}\"")
    } else {
        proc_macro2::Literal::string(s).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::objects::rust_type;
    use quote::quote;

    fn printed(tokens: proc_macro2::TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("valid Rust"))
    }

    fn doc() -> Doc {
        Doc {
            text: String::new(),
            notes: Vec::new(),
            source: String::new(),
        }
    }

    fn shapes() -> Vec<Ty> {
        let named = |n: &str| Ty::Named(n.to_string());
        vec![
            Ty::Integer,
            named("ServerAddress"),
            Ty::Array(Box::new(Ty::String)),
            Ty::Map(Box::new(Ty::Array(Box::new(named("Nic"))))),
            Ty::Array(Box::new(Ty::Map(Box::new(Ty::Json)))),
            Ty::Map(Box::new(Ty::Map(Box::new(Ty::EmptyString)))),
        ]
    }

    #[test]
    fn fields_of_every_width_are_printed_as_prettyplease_prints_them_or_left_to_it() {
        let mut by_hand = 0;
        for ty in shapes() {
            for presence in [Presence::Always, Presence::Option, Presence::Nullable] {
                for len in 1..100 {
                    let name = format!("f{}", "x".repeat(len - 1));
                    let member = Member {
                        doc: MemberDoc::Fixed(&["One line."]),
                        line: field(&name, &ty, presence),
                    };
                    let attrs = ["#[derive(Clone, PartialEq)]"];
                    let Some(text) = braced(&doc(), &attrs, "pub struct S", &[member]) else {
                        continue;
                    };
                    by_hand += 1;
                    let (id, ty) = (quote::format_ident!("{name}"), rust_type(&ty));
                    let ty = match presence {
                        Presence::Always => ty,
                        Presence::Option => quote!(Option<#ty>),
                        Presence::Nullable => quote!(crate::Nullable<#ty>),
                    };
                    let tokens = quote! {
                        #[derive(Clone, PartialEq)]
                        pub struct S {
                            /// One line.
                            pub #id: #ty,
                        }
                    };
                    assert_eq!(text, printed(tokens), "{name}: {ty}");
                }
            }
        }
        // Every shape at every width up to the margin (641 of 1,782 lines) was compared.
        assert_eq!(by_hand, 641);
    }

    #[test]
    fn a_raw_identifier_is_printed_as_prettyplease_prints_it() {
        let member = Member {
            doc: MemberDoc::Fixed(&["Its kind."]),
            line: field("r#type", &Ty::String, Presence::Always),
        };
        let text = braced(&doc(), &[], "pub struct S", &[member]);
        let id = crate::emit::objects::ident("r#type");
        let tokens = quote!(pub struct S { #[doc = " Its kind."] pub #id: String, });
        assert_eq!(text, Some(printed(tokens)));
    }

    #[test]
    fn a_line_past_the_width_is_left_to_prettyplease_which_would_break_it() {
        let name = "x".repeat(60);
        let ty = Ty::Map(Box::new(Ty::Named("SomeLongTypeName".into())));
        let line = field(&name, &ty, Presence::Option);
        let member = Member {
            doc: MemberDoc::Fixed(&[]),
            line,
        };
        assert_eq!(braced(&doc(), &[], "pub struct S", &[member]), None);
        let id = quote::format_ident!("{name}");
        let ty = rust_type(&ty);
        let text = printed(quote!(pub struct S { pub #id: Option<#ty>, }));
        assert!(text.lines().count() > 3, "{text}");
    }

    #[test]
    fn string_literals_are_written_as_proc_macro2_writes_them() {
        for s in [
            "",
            "os-reinstall",
            "OS-EXT-SRV-ATTR:host",
            "a b/c.d@e$f+g_h",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "caf\u{e9}",
            "it's",
            "\u{1}",
            "bidi \u{202E}\u{2066}",
            "bare\rCR\r\nand\nLF",
            "\u{0}\u{7f}\u{85}\u{2028}\u{feff}",
        ] {
            assert_eq!(
                string_literal(s),
                proc_macro2::Literal::string(s).to_string()
            );
        }
    }

    #[test]
    fn string_literals_hold_no_line_break_and_no_hidden_character() {
        assert_eq!(
            string_literal("a\u{202E}b\r\n\"c\u{2069}"),
            "\"a\\u{202e}b\\r\\n\\\"c\\u{2069}\""
        );
        let literal = string_literal("\u{1}\u{85}\u{2028}\u{feff}\t");
        assert_eq!(literal, "\"\\u{1}\\u{85}\\u{2028}\\u{feff}\\t\"");
        assert!(!crate::text::has_hidden(&literal));
    }

    #[test]
    fn unit_variants_are_printed_as_prettyplease_prints_them() {
        for len in 1..100 {
            let name = format!("V{}", "x".repeat(len - 1));
            let members = [
                Member {
                    doc: MemberDoc::Fixed(&[]),
                    line: format!("{name},"),
                },
                Member {
                    doc: MemberDoc::Fixed(&["Kept as received."]),
                    line: "Other(String),".to_string(),
                },
            ];
            let attrs = ["#[derive(Clone, Debug)]"];
            let Some(text) = braced(&doc(), &attrs, "pub enum E", &members) else {
                assert!(4 + name.len() + 1 > WIDEST);
                continue;
            };
            let id = quote::format_ident!("{name}");
            let tokens = quote! {
                #[derive(Clone, Debug)]
                pub enum E {
                    #id,
                    /// Kept as received.
                    Other(String),
                }
            };
            assert_eq!(text, printed(tokens), "{name}");
        }
    }
}
