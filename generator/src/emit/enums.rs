//! String enums that keep unknown values, and one-of types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::objects::{ident, rust_type};
use crate::emit::{Part, docs};
use crate::model::{EnumValue, Schema, Variant};

pub fn enumeration(schema: &Schema, values: &[EnumValue]) -> Vec<Part> {
    let name = ident(&schema.name);
    let doc = docs::attrs(&schema.doc);
    let variants = values.iter().map(|v| {
        let doc = docs::text(&format!("`{}`: {}", v.wire, v.doc));
        let id = ident(&v.rust);
        quote!(#doc #id,)
    });
    let definition = quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet, kept exactly as received.
            Other(String),
        }
    };
    let entries = values
        .iter()
        .map(|v| format!("{} = {}", ident(&v.rust), Literal::string(&v.wire)));
    let call = Part::macro_call(
        "crate::runtime::enums::string_enum",
        &name.to_string(),
        entries,
    );
    vec![Part::Tokens(definition), call]
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
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}
