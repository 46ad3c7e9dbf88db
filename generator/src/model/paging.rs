//! Paging: the query parameters and response fields a `<id>_stream` method reads, resolved once
//! (the check reports what does not resolve, with the same lookups).

use std::collections::BTreeMap;

use super::waiter::presence;
use super::*;
use crate::spec;

/// A `<id>_stream` method that walks every page of a list operation.
pub struct Paging {
    /// `list_servers_stream`.
    pub method: String,
    pub style: PagingStyle,
    /// The query struct's member holding the page size.
    pub limit: String,
    /// The limit's documented default, which the walk sends when the caller sets none.
    pub default_limit: Option<i64>,
    /// The response's member holding the items, and the items' type.
    pub items: (String, Presence),
    pub item: Ty,
    /// The response's member stating how many items there are in all.
    pub count: Option<(String, Presence)>,
    /// The wire names the spec gives, for the OpenAPI export.
    pub wire: PagingWire,
    /// The citation, rendered.
    pub source: String,
}

/// A paging's query parameters and fields by their wire names.
pub struct PagingWire {
    pub limit: String,
    /// The offset or marker parameter.
    pub cursor: String,
    pub items: String,
    pub marker_field: Option<String>,
    pub count: Option<String>,
}

pub enum PagingStyle {
    /// The query member holding the page number, and the first page's number.
    Offset { offset: String, first: i64 },
    /// The query member holding the marker, and the item's member whose value it takes.
    Marker {
        marker: String,
        marker_field: (String, Presence),
    },
}

/// The paging `style:` words.
pub const STYLES: &[&str] = &["offset", "marker"];

/// The name of the stream method of operation `id`.
pub fn paging_method(id: &str) -> String {
    format!("{id}_stream")
}

/// The query parameter named `wire`.
pub fn query_param<'a>(o: &'a spec::Operation, wire: &str) -> Option<&'a spec::QueryParam> {
    o.query_params.iter().find(|q| q.name == wire)
}

/// The field named `wire` of the object schema `schema`.
pub fn field_of<'a>(
    schemas: impl Fn(&str) -> Option<&'a spec::Schema>,
    schema: &str,
    wire: &str,
) -> Option<&'a spec::Field> {
    schemas(schema)?
        .fields
        .as_ref()?
        .iter()
        .find(|f| f.name == wire)
}

pub(super) fn paging(
    all: &BTreeMap<&str, &spec::Schema>,
    id: &str,
    o: &spec::Operation,
    p: &spec::Paging,
    docs: &DocSources,
) -> Paging {
    let schemas = |n: &str| all.get(n).copied();
    let response = o.response.schema.as_deref().unwrap_or_default();
    let member = |f: Option<&spec::Field>| {
        f.map_or((String::new(), Presence::Always), |f| {
            (field_rust_name(f), presence(f.required, f.nullable))
        })
    };
    let param = |wire: Option<&str>| {
        wire.and_then(|w| query_param(o, w))
            .map(query_rust_name)
            .unwrap_or_default()
    };
    let items = field_of(schemas, response, &p.items);
    let item = match items.and_then(|f| Ty::parse(&f.ty).ok()) {
        Some(Ty::Array(item)) => *item,
        _ => Ty::Json,
    };
    let style = match p.style.as_str() {
        "marker" => {
            let field = match (&item, p.marker_field.as_deref()) {
                (Ty::Named(n), Some(wire)) => field_of(schemas, n, wire),
                _ => None,
            };
            PagingStyle::Marker {
                marker: param(p.marker.as_deref()),
                marker_field: member(field),
            }
        }
        _ => PagingStyle::Offset {
            offset: param(p.offset.as_deref()),
            first: p.first_offset.unwrap_or(1),
        },
    };
    let default_limit = query_param(o, &p.limit)
        .and_then(|q| q.default.as_ref())
        .and_then(serde_yaml::Value::as_i64);
    Paging {
        method: paging_method(id),
        style,
        limit: param(Some(&p.limit)),
        default_limit,
        items: member(items),
        item,
        count: p
            .count_field
            .as_deref()
            .map(|c| member(field_of(schemas, response, c))),
        wire: PagingWire {
            limit: p.limit.clone(),
            cursor: p.offset.clone().or(p.marker.clone()).unwrap_or_default(),
            items: p.items.clone(),
            marker_field: p.marker_field.clone(),
            count: p.count_field.clone(),
        },
        source: docs.render(&p.source),
    }
}
