//! String enums that keep unknown values, and one-of types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::objects::{ident, rust_type};
use crate::model::{EnumValue, Schema, Variant};

pub fn enumeration(schema: &Schema, values: &[EnumValue]) -> TokenStream {
    let name = ident(&schema.name);
    let doc = docs::attrs(&schema.doc);
    let variants = values.iter().map(|v| {
        let doc = docs::text(&format!("`{}`: {}", v.wire, v.doc));
        let id = ident(&v.rust);
        quote!(#doc #id,)
    });
    let idents: Vec<_> = values.iter().map(|v| ident(&v.rust)).collect();
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet, kept exactly as received.
            Other(String),
        }

        impl #name {
            /// Every value the spec documents, in its order.
            pub const KNOWN: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::Other(value) => value,
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#idents,)*
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
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
