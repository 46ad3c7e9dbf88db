//! `Serialize` and `Deserialize` of objects, which keep `null` apart from absent on every optional
//! field: the Rust field stays an `Option`, and `nulls` remembers which ones came as `null`, so
//! that an answer re-serializes to an equal JSON value. A value built in code has no `nulls`, so
//! a request sends only the fields the caller set.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::objects::{ident, rust_type};
use crate::model::{Field, Presence, Schema, Ty};

/// How a field crosses the wire.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Required; absent or `null` is a decode error naming it.
    Required,
    /// Required `json`: `null` is one of its values.
    RequiredJson,
    /// `Option<T>`, with `null` remembered in `nulls`.
    Optional,
    /// `Nullable<T>`, three states of its own.
    Nullable,
}

fn kind(f: &Field) -> Kind {
    match f.presence() {
        Presence::Always if f.ty == Ty::Json => Kind::RequiredJson,
        Presence::Always => Kind::Required,
        Presence::Option => Kind::Optional,
        Presence::Nullable => Kind::Nullable,
    }
}

pub fn serialize_impl(schema: &Schema, fields: &[Field]) -> TokenStream {
    let name = ident(&schema.name);
    let uses = helpers(fields, |k| match k {
        Kind::Optional => Some("write_optional"),
        Kind::Nullable => Some("write_nullable"),
        Kind::Required | Kind::RequiredJson => None,
    });
    let entries = fields.iter().map(|f| {
        let (member, wire) = (ident(&f.rust), &f.wire);
        match kind(f) {
            Kind::Required | Kind::RequiredJson => {
                quote!(map.serialize_entry(#wire, &self.#member)?;)
            }
            Kind::Optional => quote!(write_optional(&mut map, #wire, &self.#member, &self.nulls)?;),
            Kind::Nullable => quote!(write_nullable(&mut map, #wire, &self.#member)?;),
        }
    });
    quote! {
        impl serde::Serialize for #name {
            /// Writes the fields that are set, `null` for those in `nulls`, then `extra`.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                #uses
                let mut map = serializer.serialize_map(None)?;
                #(#entries)*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

pub fn deserialize_impl(schema: &Schema, fields: &[Field]) -> TokenStream {
    let name = ident(&schema.name);
    let uses = helpers(fields, |k| match k {
        Kind::Optional => Some("optional"),
        Kind::Required => Some("required"),
        Kind::Nullable | Kind::RequiredJson => None,
    });
    let wire_fields = fields.iter().map(|f| {
        let member = ident(&f.rust);
        let ty = rust_type(&f.ty);
        let bare = f.rust.trim_start_matches("r#");
        let rename = (bare != f.wire).then(|| {
            let wire = &f.wire;
            quote!(rename = #wire,)
        });
        match kind(f) {
            Kind::RequiredJson => match rename {
                Some(rename) => quote!(#[serde(#rename)] #member: #ty,),
                None => quote!(#member: #ty,),
            },
            _ => quote!(#[serde(#rename default)] #member: crate::Nullable<#ty>,),
        }
    });
    let has_optional = fields.iter().any(|f| kind(f) == Kind::Optional);
    let nulls_decl = has_optional.then(|| quote!(let mut nulls = crate::NullFields::default();));
    let nulls_value = if has_optional {
        quote!(nulls,)
    } else {
        quote!(nulls: crate::NullFields::default(),)
    };
    let values = fields.iter().map(|f| {
        let (member, wire) = (ident(&f.rust), &f.wire);
        match kind(f) {
            Kind::Required => quote!(#member: required(wire.#member, #wire)?,),
            Kind::Optional => quote!(#member: optional(wire.#member, #wire, &mut nulls),),
            Kind::Nullable | Kind::RequiredJson => quote!(#member: wire.#member,),
        }
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            /// Reads every known field as absent, `null` or a value, remembering which optional
            /// ones were `null`; a required one that is absent or `null` is an error naming it.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #uses
                #[derive(serde::Deserialize)]
                struct Wire {
                    #(#wire_fields)*
                    #[serde(flatten)]
                    extra: serde_json::Map<String, serde_json::Value>,
                }
                let wire = Wire::deserialize(deserializer)?;
                #nulls_decl
                Ok(Self {
                    #(#values)*
                    extra: wire.extra,
                    #nulls_value
                })
            }
        }
    }
}

/// `use crate::runtime::lossless::{...};` for the helpers the fields need, or nothing.
fn helpers(fields: &[Field], pick: impl Fn(Kind) -> Option<&'static str>) -> TokenStream {
    let names: std::collections::BTreeSet<&str> =
        fields.iter().filter_map(|f| pick(kind(f))).collect();
    if names.is_empty() {
        return quote!();
    }
    let names = names.into_iter().map(ident);
    quote!(use crate::runtime::lossless::{#(#names),*};)
}
