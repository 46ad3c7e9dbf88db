//! Paging: the query parameters and response fields a `<id>_stream` method reads, resolved once
//! through the lowered query and schemas (the check reports what does not resolve).

use super::lower::Lowering;
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

/// The paging `p` of operation `id`, whose answer is `response`.
pub(super) fn paging(
    lw: &mut Lowering,
    (id, p): (&str, &spec::Paging),
    model: &Model,
    response: Option<&Schema>,
    query: Option<&Query>,
    docs: &DocSources,
) -> Paging {
    // Every name below resolves: the check refuses a paging where one does not.
    let at = |key: &str| format!("operations.{id}.paging.{key}");
    fn field_of<'m>(schema: Option<&'m Schema>, wire: &str) -> Option<&'m Field> {
        match schema.map(|s| &s.kind) {
            Some(SchemaKind::Object { fields, .. }) => fields.iter().find(|f| f.wire == wire),
            _ => None,
        }
    }
    let member = |lw: &mut Lowering, key: &str, f: Option<&Field>| match f {
        Some(f) => (f.rust.clone(), f.presence()),
        None => {
            let stand_in = (String::new(), Presence::Always);
            lw.refused(at(key), "a paging field that is not there", stand_in)
        }
    };
    let param_of = |wire: &str| query.and_then(|q| q.params.iter().find(|q| q.wire == wire));
    let param = |lw: &mut Lowering, key: &str, wire: Option<&str>| match wire.and_then(param_of) {
        Some(q) => q.rust.clone(),
        None => lw.refused(
            at(key),
            "a paging parameter that is not there",
            String::new(),
        ),
    };
    let items = field_of(response, &p.items);
    let item = match items.map(|f| &f.ty) {
        Some(Ty::Array(item)) => item.as_ref().clone(),
        _ => lw.refused(at("items"), "paging items that are no array", Ty::Json),
    };
    let style = match p.style.as_str() {
        "marker" => {
            let field = match (&item, p.marker_field.as_deref()) {
                (Ty::Named(item), Some(wire)) => field_of(Some(model.schema_of(*item)), wire),
                _ => None,
            };
            PagingStyle::Marker {
                marker: param(lw, "marker", p.marker.as_deref()),
                marker_field: member(lw, "marker_field", field),
            }
        }
        "offset" => PagingStyle::Offset {
            offset: param(lw, "offset", p.offset.as_deref()),
            first: p.first_offset.unwrap_or(1),
        },
        _ => lw.refused(
            at("style"),
            "an unknown paging style",
            PagingStyle::Offset {
                offset: String::new(),
                first: 1,
            },
        ),
    };
    let default_limit = param_of(&p.limit)
        .and_then(|q| q.constraints.default.as_ref())
        .and_then(serde_json::Value::as_i64);
    let count =
        (p.count_field.as_deref()).map(|c| member(lw, "count_field", field_of(response, c)));
    Paging {
        method: paging_method(id),
        style,
        limit: param(lw, "limit", Some(&p.limit)),
        default_limit,
        items: member(lw, "items", items),
        item,
        count,
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
