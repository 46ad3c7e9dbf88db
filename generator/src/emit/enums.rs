//! String and integer enums that keep unknown values, and one-of types.

use crate::emit::{Part, layout};
use crate::model::{EnumValue, IntValue, Model, Schema, Variant};

const DERIVES: &str = "#[derive(Clone, Debug, PartialEq, Eq, Hash)]";

/// The runtime's `string_enum!` call that declares the enum (its documented variants, then
/// `Other(String)`) and gives it its methods and serde: one line per value, its variant and its
/// wire form, after its doc comment.
pub fn enumeration(schema: &Schema, values: &[EnumValue]) -> Vec<Part> {
    let members: Vec<layout::Member> = values
        .iter()
        .map(|v| layout::Member {
            doc: layout::MemberDoc::Text(variant_doc(v)),
            line: format!("{} = {},", v.rust, layout::string_literal(&v.wire)),
        })
        .collect();
    vec![Part::Text(layout::macro_item(
        "::otc_runtime::__private::string_enum",
        &schema.doc,
        &[DERIVES],
        &format!("pub enum {}", schema.name),
        &members,
    ))]
}

/// The runtime's `int_enum!` call: the documented variants, then `Other(i64)`; one line per
/// value, `Running = 1,`, after its doc comment.
pub fn int_enumeration(schema: &Schema, values: &[IntValue]) -> Vec<Part> {
    let members: Vec<layout::Member> = values
        .iter()
        .map(|v| layout::Member {
            doc: layout::MemberDoc::Text(format!("`{}`: {}", v.value, v.doc)),
            line: format!("{} = {},", v.rust, v.value),
        })
        .collect();
    vec![Part::Text(layout::macro_item(
        "::otc_runtime::__private::int_enum",
        &schema.doc,
        &[DERIVES],
        &format!("pub enum {}", schema.name),
        &members,
    ))]
}

fn variant_doc(v: &EnumValue) -> String {
    format!("`{}`: {}", v.wire, v.doc)
}

/// The runtime's `one_of!` call that declares the enum and reads it by trying each variant in
/// turn: one line per variant, `Gib(i64),`, after its doc comment.
pub fn one_of(model: &Model, schema: &Schema, variants: &[Variant]) -> Vec<Part> {
    let members: Vec<layout::Member> = variants
        .iter()
        .map(|v| {
            let mut line = format!("{}(", v.rust);
            layout::type_text(model, &v.ty, &mut line);
            line.push_str("),");
            layout::Member {
                doc: layout::MemberDoc::Text(v.doc.clone()),
                line,
            }
        })
        .collect();
    vec![Part::Text(layout::macro_item(
        "::otc_runtime::__private::one_of",
        &schema.doc,
        &["#[derive(Clone, Debug, PartialEq)]"],
        &format!("pub enum {}", schema.name),
        &members,
    ))]
}
