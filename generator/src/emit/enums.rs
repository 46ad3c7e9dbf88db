//! String and integer enums that keep unknown values, and one-of types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::objects::{ident, rust_type};
use crate::emit::{Part, docs, layout};
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

pub fn one_of(model: &Model, schema: &Schema, variants: &[Variant]) -> TokenStream {
    let name = ident(&schema.name);
    let doc = docs::attrs(&schema.doc);
    let variants = variants.iter().map(|v| {
        let doc = docs::text(&v.doc);
        let id = ident(&v.rust);
        let ty = rust_type(model, &v.ty);
        quote!(#doc #id(#ty),)
    });
    quote! {
        #doc
        ///
        /// The variants are tried in order; the first that fits the value wins.
        #[derive(
            Clone,
            Debug,
            PartialEq,
            ::otc_runtime::__private::serde::Serialize,
            ::otc_runtime::__private::serde::Deserialize,
        )]
        #[serde(crate = "::otc_runtime::__private::serde", untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}
