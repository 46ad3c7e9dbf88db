//! Object schemas: the runtime's `object!` call that declares the struct and gives it `Debug`
//! (secrets redacted) and serde, and for request types `validate`.
//!
//! Every optional field keeps `null` apart from absent: the Rust field stays an `Option`, and the
//! object's `nulls` remembers which ones came as `null`, so that an answer re-serializes to an
//! equal JSON value. A value built in code has no `nulls`, so a request sends only the fields the
//! caller set.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::emit::{Part, layout};
use crate::model::{Bound, Constraints, Field, Model, Presence, Rule, Schema, SchemaKind, Ty};

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `use` lines for the types a module (whose schemas are `members`) names from other modules.
pub fn imports(model: &Model, module: &str, members: &[&Schema]) -> TokenStream {
    let mut names = BTreeSet::new();
    for s in members {
        let tys: Vec<&Ty> = match &s.kind {
            SchemaKind::Object { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
            SchemaKind::OneOf(vs) => vs.iter().map(|v| &v.ty).collect(),
            SchemaKind::Enum(_) | SchemaKind::IntEnum(_) => Vec::new(),
        };
        for named in tys.into_iter().filter_map(|ty| model.referenced(ty)) {
            if named.module != module {
                names.insert(ident(&named.name));
            }
        }
    }
    if names.is_empty() {
        return quote!();
    }
    let names = names.iter();
    quote!(use crate::types::{#(#names),*};)
}

/// The Rust type of a value of `ty`.
pub fn rust_type(model: &Model, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(::serde_json::Number),
        Ty::Boolean => quote!(bool),
        Ty::Json => quote!(::serde_json::Value),
        Ty::EmptyString => quote!(crate::EmptyString),
        Ty::Named(id) => {
            let n = ident(&model.schema_of(*id).name);
            quote!(#n)
        }
        Ty::Array(t) => {
            let t = rust_type(model, t);
            quote!(Vec<#t>)
        }
        Ty::Map(t) => {
            let t = rust_type(model, t);
            quote!(::std::collections::BTreeMap<String, #t>)
        }
    }
}

pub fn object(model: &Model, schema: &Schema, fields: &[Field], rules: &[Rule]) -> Vec<Part> {
    let mut parts = vec![Part::Text(declaration(model, schema, fields))];
    if schema.request {
        parts.push(Part::Tokens(validate_impl(model, schema, fields, rules)));
    }
    parts
}

const DERIVES: &str = "#[derive(Clone, PartialEq)]";
const DEFAULT_DERIVES: &str = "#[derive(Clone, PartialEq, Default)]";

/// The runtime's `object!` call that declares the struct and gives it `Debug` (secrets redacted)
/// and serde: one line per field, its Rust name, how it crosses the wire, its wire name and its
/// type, after its doc comment. A request type derives `Default` when it has one; otherwise its
/// fields without a default are marked `(new)`, the arguments of the constructor `object!` adds.
fn declaration(model: &Model, schema: &Schema, fields: &[Field]) -> String {
    let derives = match schema.request && schema.has_default {
        true => DEFAULT_DERIVES,
        false => DERIVES,
    };
    let members: Vec<layout::Member> = fields
        .iter()
        .map(|f| layout::Member {
            doc: layout::MemberDoc::Item(&f.doc),
            line: field_line(model, f, schema.request && !f.has_default),
        })
        .collect();
    let mut doc = schema.doc.clone();
    if schema.request && !schema.has_default {
        let args: Vec<&str> = fields
            .iter()
            .filter(|f| !f.has_default)
            .map(|f| f.rust.as_str())
            .collect();
        doc.notes.push(format!(
            "No `Default`: some required fields have none. Start from `{}::new({})`.",
            schema.name,
            args.join(", ")
        ));
    }
    layout::macro_item(
        "::otc_runtime::__private::object",
        &doc,
        &[derives],
        &format!("pub struct {}", schema.name),
        &members,
    )
}

/// `end_time: optional "end_time" String,`: `required` (absent or `null` is a decode error),
/// `json` (a required `json` field, of which `null` is one value), `optional` (`Option<T>`, with
/// `null` remembered in `nulls`) or `nullable` (`Nullable<T>`); `(new)` makes it an argument of
/// the constructor; `secret` hides it from `Debug`.
fn field_line(model: &Model, f: &Field, argument: bool) -> String {
    let kind = match f.presence() {
        Presence::Always if f.ty == Ty::Json => "json",
        Presence::Always => "required",
        Presence::Option => "optional",
        Presence::Nullable => "nullable",
    };
    let new = if argument { "(new)" } else { "" };
    let secret = if f.secret { " secret" } else { "" };
    let wire = layout::string_literal(&f.wire);
    let mut line = format!("{}: {kind}{new}{secret} {wire} ", f.rust);
    layout::type_text(model, &f.ty, &mut line);
    line.push(',');
    line
}

/// `(binding pattern, presence test)` for reading a field's value.
fn access(f: &Field) -> (TokenStream, TokenStream) {
    let member = ident(&f.rust);
    match f.presence() {
        Presence::Always => (quote!(let value = &self.#member;), quote!(true)),
        Presence::Option => (
            quote!(if let Some(value) = &self.#member),
            quote!(self.#member.is_some()),
        ),
        Presence::Nullable => (
            quote!(if let crate::Nullable::Value(value) = &self.#member),
            quote!(self.#member.is_set()),
        ),
    }
}

fn presence(member: &str, p: Presence) -> TokenStream {
    let member = ident(member);
    match p {
        Presence::Always => quote!(true),
        Presence::Option => quote!(self.#member.is_some()),
        Presence::Nullable => quote!(self.#member.is_set()),
    }
}

fn validate_impl(model: &Model, schema: &Schema, fields: &[Field], rules: &[Rule]) -> TokenStream {
    let name = ident(&schema.name);
    let checks: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| field_checks(model, f))
        .collect();
    let rules = rules.iter().map(|r| {
        let method = if r.requires {
            quote!(requires)
        } else {
            quote!(excludes)
        };
        let (a, b) = (wire_of(fields, &r.field.0), wire_of(fields, &r.other.0));
        let (pa, pb) = (
            presence(&r.field.0, r.field.1),
            presence(&r.other.0, r.other.1),
        );
        quote!(v.#method(#a, #pa, #b, #pb);)
    });
    let since: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let (major, minor) = f.since?;
            let (major, minor) = (
                proc_macro2::Literal::u16_unsuffixed(major),
                proc_macro2::Literal::u16_unsuffixed(minor),
            );
            let (_, set) = access(f);
            Some(quote! {
                if #set {
                    version = version.max(Some(crate::Microversion::new(#major, #minor)));
                }
            })
        })
        .collect();
    let microversion = (!since.is_empty()).then(|| {
        quote! {
            /// The lowest microversion the service must speak to accept the fields that are set,
            /// or `None` when any version does.
            pub fn required_microversion(&self) -> Option<crate::Microversion> {
                let mut version = None;
                #(#since)*
                version
            }
        }
    });
    // A type without checks keeps its public `validate`, which has nothing to find, and gets no
    // `check` (nothing calls into it: see `Model::ty_has_checks`).
    let (validate, check) = match schema.has_checks {
        true => (
            quote! {
                let mut v = ::otc_runtime::__private::Validator::new();
                self.check(&mut v);
                v.finish()
            },
            Some(quote! {
                pub(crate) fn check(&self, v: &mut ::otc_runtime::__private::Validator) {
                    #(#checks)*
                    #(#rules)*
                }
            }),
        ),
        false => (quote!(Ok(())), None),
    };
    let doc = match schema.has_checks {
        true => quote! {
            /// Checks every documented constraint and cross-field rule, reporting all violations at
            /// once. The client calls this before sending; nothing is sent when it fails.
        },
        false => quote! {
            /// The spec states no constraint on this type, so this always succeeds; the client
            /// sends it without a check.
        },
    };
    quote! {
        impl #name {
            #doc
            pub fn validate(&self) -> Result<(), crate::ValidationError> {
                #validate
            }

            #check

            #microversion
        }
    }
}

fn wire_of<'a>(fields: &'a [Field], rust: &'a str) -> &'a str {
    fields
        .iter()
        .find(|f| f.rust == rust)
        .map_or(rust, |f| f.wire.as_str())
}

fn field_checks(model: &Model, f: &Field) -> Option<TokenStream> {
    let wire = &f.wire;
    let opt = |v: Option<u64>| {
        v.map_or_else(
            || quote!(None),
            |n| {
                let n = proc_macro2::Literal::u64_unsuffixed(n);
                quote!(Some(#n))
            },
        )
    };
    let mut body = Vec::new();
    let c = &f.checks;
    if f.constraints.checked() {
        let path = quote!(::otc_runtime::__private::Rules);
        let rules = rules(path, &f.constraints, f.ty == Ty::Number);
        body.push(match f.ty {
            Ty::Integer => quote!(v.integer(#wire, *value, #rules);),
            Ty::Number => quote!(v.number(#wire, value, #rules);),
            _ => quote!(v.string(#wire, value, #rules);),
        });
    }
    if c.base64 {
        let max = opt(c.max_decoded_bytes);
        body.push(quote!(v.base64(#wire, value, #max);));
    }
    if c.uuid {
        body.push(quote!(v.uuid(#wire, value);));
    }
    if let Some((classes, specials)) = &c.password {
        let classes = proc_macro2::Literal::u8_unsuffixed(*classes);
        body.push(quote!(v.password(#wire, value, #classes, #specials);));
    }
    if let Ty::Named(id) = &f.ty {
        let named = model.schema_of(*id);
        match &named.kind {
            SchemaKind::Enum(_) => {
                let ty = ident(&named.name);
                body.push(
                    quote!(v.known_value(#wire, value.as_str(), value.is_known(), #ty::KNOWN);),
                );
            }
            SchemaKind::IntEnum(_) => {
                let ty = ident(&named.name);
                body.push(
                    quote!(v.known_integer(#wire, value.value(), value.is_known(), #ty::KNOWN);),
                );
            }
            SchemaKind::Object { .. } if model.ty_has_checks(&f.ty) => {
                body.push(quote!(v.nested(#wire, |v| value.check(v));))
            }
            _ => {}
        }
    }
    if let Ty::Array(item) = &f.ty {
        if c.min_items.is_some() || c.max_items.is_some() {
            let (min, max) = (opt(c.min_items), opt(c.max_items));
            body.push(quote!(v.items(#wire, value.len(), #min, #max);));
        }
        if let Some(check) = item_check(model, item, wire, Slot::Item) {
            body.push(quote!(for (i, item) in value.iter().enumerate() { #check }));
        }
    }
    if let Ty::Map(item) = &f.ty
        && let Some(check) = item_check(model, item, wire, Slot::Entry)
    {
        body.push(quote!(for (key, item) in value { #check }));
    }
    if body.is_empty() {
        return None;
    }
    let (bind, _) = access(f);
    Some(match f.presence() {
        Presence::Always => quote!({ #bind #(#body)* }),
        _ => quote!(#bind { #(#body)* }),
    })
}

/// Where the value a collection check reads (bound as `item`) stands.
#[derive(Clone, Copy)]
enum Slot {
    /// Item `i` of an array: its problems under `field[i]`.
    Item,
    /// The value under `key` of a map: its problems under `field.key`.
    Entry,
}

/// The check of one value (bound as `item`) of an array or a map whose values are `ty`, at
/// `slot`: an object's own checks, an enum's known values; `None` when its values have no rule.
fn item_check(model: &Model, ty: &Ty, wire: &str, slot: Slot) -> Option<TokenStream> {
    let Ty::Named(id) = ty else { return None };
    let named = model.schema_of(*id);
    let ty = ident(&named.name);
    let (nested, at) = match slot {
        Slot::Item => (
            quote!(v.item(#wire, i, |v| item.check(v));),
            quote!(&format!("{}[{i}]", #wire)),
        ),
        Slot::Entry => (
            quote!(v.entry(#wire, key, |v| item.check(v));),
            quote!(&format!("{}.{key}", #wire)),
        ),
    };
    match (&named.kind, named.has_checks) {
        (SchemaKind::Object { .. }, true) => Some(nested),
        (SchemaKind::Enum(_), _) => Some(quote! {
            v.known_value(#at, item.as_str(), item.is_known(), #ty::KNOWN);
        }),
        (SchemaKind::IntEnum(_), _) => Some(quote! {
            v.known_integer(#at, item.value(), item.is_known(), #ty::KNOWN);
        }),
        _ => None,
    }
}

/// `Rules::NONE` with each bound and length of `c`, the runtime's description of what
/// `Validator::integer`, `number` and `string` check, for a field and a query parameter alike;
/// bounds as floats for a `number` (`minimum_number(1.0)`). `path` names the runtime's `Rules`
/// where the code stands (`Rules` where a function has imported it).
pub fn rules(path: TokenStream, c: &Constraints, number: bool) -> TokenStream {
    let mut rules = quote!(#path::NONE);
    for (method, arg) in rule_calls(c, number) {
        let method = Ident::new(method, Span::call_site());
        rules = quote!(#rules.#method(#arg));
    }
    rules
}

/// The bounds as calls of the runtime's `Rules` methods, in order: `minimum(1)`,
/// `maximum_number(0.5)`, `max_length(64)`; a field's check and a query parameter's line both
/// write them from here.
pub fn rule_calls(c: &Constraints, number: bool) -> Vec<(&'static str, Literal)> {
    let mut calls = Vec::new();
    for (bound, integer, float) in [
        (c.minimum, "minimum", "minimum_number"),
        (c.maximum, "maximum", "maximum_number"),
    ] {
        match bound {
            Some(Bound::Int(i)) if !number => calls.push((integer, Literal::i64_unsuffixed(i))),
            Some(b) => calls.push((float, Literal::f64_unsuffixed(b.as_f64()))),
            None => {}
        }
    }
    for (length, method) in [(c.min_length, "min_length"), (c.max_length, "max_length")] {
        if let Some(n) = length {
            calls.push((method, Literal::u64_unsuffixed(n)));
        }
    }
    calls
}
