//! String enums that keep unknown values, and one-of types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::objects::{ident, rust_type};
use crate::emit::{Part, docs, layout};
use crate::model::{EnumValue, Schema, Variant};

const DERIVES: &str = "#[derive(Clone, Debug, PartialEq, Eq, Hash)]";
const OTHER_DOC: &str = "A value this client does not know yet, kept exactly as received.";

pub fn enumeration(schema: &Schema, values: &[EnumValue]) -> Vec<Part> {
    let mut members: Vec<layout::Member> = values
        .iter()
        .map(|v| layout::Member {
            doc: layout::MemberDoc::Text(variant_doc(v)),
            line: format!("{},", v.rust),
        })
        .collect();
    members.push(layout::Member {
        doc: layout::MemberDoc::Fixed(&[OTHER_DOC]),
        line: "Other(String),".to_string(),
    });
    let head = format!("pub enum {}", schema.name);
    let definition = match layout::braced(&schema.doc, &[DERIVES], &head, &members) {
        Some(text) => Part::Text(text),
        None => Part::Tokens(enum_tokens(schema, values)),
    };
    let entries = values
        .iter()
        .map(|v| format!("{} = {}", v.rust, layout::string_literal(&v.wire)));
    let call = Part::macro_call(
        "::otc_runtime::__private::string_enum",
        &schema.name,
        entries,
    );
    vec![definition, call]
}

/// The enum as tokens, for prettyplease; `layout` writes the same text where it can.
pub(super) fn enum_tokens(schema: &Schema, values: &[EnumValue]) -> TokenStream {
    let name = ident(&schema.name);
    let doc = docs::attrs(&schema.doc);
    let variants = values.iter().map(|v| {
        let doc = docs::text(&variant_doc(v));
        let id = ident(&v.rust);
        quote!(#doc #id,)
    });
    let derives: TokenStream = DERIVES.parse().unwrap_or_default();
    let other = format!(" {OTHER_DOC}");
    quote! {
        #doc
        #derives
        pub enum #name {
            #(#variants)*
            #[doc = #other]
            Other(String),
        }
    }
}

fn variant_doc(v: &EnumValue) -> String {
    format!("`{}`: {}", v.wire, v.doc)
}

pub fn one_of(schema: &Schema, variants: &[Variant]) -> TokenStream {
    let name = ident(&schema.name);
    let doc = docs::attrs(&schema.doc);
    let variants = variants.iter().map(|v| {
        let doc = docs::text(&v.doc);
        let id = ident(&v.rust);
        let ty = rust_type(&v.ty);
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
