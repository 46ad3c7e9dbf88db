//! Items whose layout the generator owns: an object and a string enum (a call of the runtime's
//! `object!` or `string_enum!`, which declares the type), an operation's request value and the
//! `mod.rs` files. They are written as text, one member per line after its doc comment, and never
//! go through syn or prettyplease: their shape is fixed, so there is nothing to lay out, and a
//! field added to the spec is a two-line diff. Everything with bodies is tokens for prettyplease.

use crate::emit::docs;
use crate::model::{Doc, Model, Ty};

/// A member of a braced item: its doc comment and its line.
pub struct Member<'a> {
    pub doc: MemberDoc<'a>,
    /// `pub name: Type,`, `name: kind "wire" Type,` or `Name = "WIRE",`.
    pub line: String,
}

pub enum MemberDoc<'a> {
    /// A model doc (see [`docs::lines`]).
    Item(&'a Doc),
    /// A one-paragraph text.
    Text(String),
    /// Fixed doc lines written in the emitter, each written `/// line`.
    Fixed(&'static [&'static str]),
}

/// `doc`, one line per attribute, `head {`, each member and `}`, every line after `indent`.
pub fn braced(
    doc: &Doc,
    attrs: &[&str],
    head: &str,
    members: &[Member],
    indent: &str,
    out: &mut String,
) {
    preamble(doc, attrs, indent, out);
    out.push_str(head);
    out.push_str(" {\n");
    let inner = format!("{indent}    ");
    for m in members {
        match &m.doc {
            MemberDoc::Item(doc) => docs::write(doc, &inner, out),
            MemberDoc::Text(text) => docs::write_text(text, &inner, out),
            MemberDoc::Fixed(lines) => {
                for line in *lines {
                    out.push_str(&inner);
                    out.push_str("/// ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        out.push_str(&inner);
        out.push_str(&m.line);
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str("}\n");
}

/// `doc` and one line per attribute, then the indent of the item's first line.
fn preamble(doc: &Doc, attrs: &[&str], indent: &str, out: &mut String) {
    docs::write(doc, indent, out);
    for attr in attrs {
        out.push_str(indent);
        out.push_str(attr);
        out.push('\n');
    }
    out.push_str(indent);
}

/// `doc`, one line per attribute and `pub struct Name;`, every line after `indent`.
pub fn unit(doc: &Doc, attrs: &[&str], name: &str, indent: &str, out: &mut String) {
    preamble(doc, attrs, indent, out);
    out.push_str("pub struct ");
    out.push_str(name);
    out.push_str(";\n");
}

/// A call of the runtime's item macro at `path` that declares the braced item: `path! {`, the
/// item one level in, `}`.
pub fn macro_item(path: &str, doc: &Doc, attrs: &[&str], head: &str, members: &[Member]) -> String {
    let mut out = format!("{path}! {{\n");
    braced(doc, attrs, head, members, "    ", &mut out);
    out.push_str("}\n");
    out
}

/// The Rust type of a value of `ty`, as text (`emit::objects::rust_type` gives its tokens).
pub fn type_text(model: &Model, ty: &Ty, out: &mut String) {
    write_type(ty, &|id, out| out.push_str(&model.schema_of(*id).name), out);
}

/// [`type_text`] of a type whose schema references `name` writes out.
fn write_type<N>(ty: &Ty<N>, name: &dyn Fn(&N, &mut String), out: &mut String) {
    match ty {
        Ty::String => out.push_str("String"),
        Ty::Integer => out.push_str("i64"),
        Ty::Number => out.push_str("::serde_json::Number"),
        Ty::Boolean => out.push_str("bool"),
        Ty::Json => out.push_str("::serde_json::Value"),
        Ty::EmptyString => out.push_str("crate::EmptyString"),
        Ty::Named(n) => name(n, out),
        Ty::Array(t) => {
            out.push_str("Vec<");
            write_type(t, name, out);
            out.push('>');
        }
        Ty::Map(t) => {
            out.push_str("::std::collections::BTreeMap<String, ");
            write_type(t, name, out);
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
    use crate::model::TyExpr;

    fn doc(text: &str, source: &str) -> Doc {
        Doc {
            text: text.to_string(),
            notes: Vec::new(),
            source: source.to_string(),
        }
    }

    #[test]
    fn a_macro_item_is_its_doc_attributes_head_and_members_one_per_line() {
        let field_doc = doc("Where it stands.", "");
        let members = [
            Member {
                doc: MemberDoc::Item(&field_doc),
                line: "status: required \"status\" JobStatus,".to_string(),
            },
            Member {
                doc: MemberDoc::Text("The `end`.".to_string()),
                line: "end_time: optional \"end_time\" String,".to_string(),
            },
            Member {
                doc: MemberDoc::Fixed(&["Fixed."]),
                line: "x: json \"x\" ::serde_json::Value,".to_string(),
            },
        ];
        let text = macro_item(
            "::r::object",
            &doc("A job.", "Doc, Table 2"),
            &["#[derive(Clone, PartialEq)]"],
            "pub struct Job",
            &members,
        );
        assert_eq!(
            text,
            "::r::object! {
    /// A job.
    ///
    /// Source: Doc, Table 2.
    #[derive(Clone, PartialEq)]
    pub struct Job {
        /// Where it stands.
        status: required \"status\" JobStatus,
        /// The `end`.
        end_time: optional \"end_time\" String,
        /// Fixed.
        x: json \"x\" ::serde_json::Value,
    }
}
"
        );
    }

    #[test]
    fn a_type_is_written_with_full_paths_where_a_spec_name_could_shadow_it() {
        let mut out = String::new();
        write_type(
            &TyExpr::Map(Box::new(Ty::Array(Box::new(Ty::Named("Part".into()))))),
            &|name: &String, out: &mut String| out.push_str(name),
            &mut out,
        );
        assert_eq!(out, "::std::collections::BTreeMap<String, Vec<Part>>");
    }

    #[test]
    fn string_literals_are_those_proc_macro2_writes() {
        for s in [
            "status",
            "OS-EXT-SRV-ATTR:host",
            "a\"b",
            "tab\there",
            "ü",
            "a\\b",
            "\u{202E}",
            "\r",
        ] {
            assert_eq!(
                string_literal(s),
                proc_macro2::Literal::string(s).to_string()
            );
        }
    }
}
