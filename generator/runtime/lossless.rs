//! Values that re-serialize exactly: which optional fields arrived as `null`, and the helpers the
//! emitted `Serialize` and `Deserialize` impls of objects call.
//!
//! Services of this family send `null` for fields their tables describe as plain strings (a job
//! that has not ended has `"end_time": null`). Such a field reads as `None`, like an absent one,
//! and the object's `NullFields` remembers the difference so that it is written back as `null`.

use std::collections::BTreeSet;

use serde::de;
use serde::ser::{Serialize, SerializeMap};

use super::Nullable;

/// The optional fields of a received object that came as JSON `null` rather than being left out,
/// by wire name.
///
/// Their Rust fields read as `None`; the object writes them back as `null`, so that it
/// re-serializes to the JSON it was read from. A value built in code starts empty: nothing is
/// written as `null` that was not inserted here, and a field set to `Some` is written with its
/// value whatever this set says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NullFields(BTreeSet<&'static str>);

impl NullFields {
    /// Whether the field with this wire name arrived as `null`.
    pub fn contains(&self, wire_name: &str) -> bool {
        self.0.contains(wire_name)
    }

    /// Marks a field to be written as `null` while its Rust field is `None`; true if it was not
    /// marked yet.
    pub fn insert(&mut self, wire_name: &'static str) -> bool {
        self.0.insert(wire_name)
    }

    /// Stops writing the field as `null`; true if it was marked.
    pub fn remove(&mut self, wire_name: &str) -> bool {
        self.0.remove(wire_name)
    }

    /// True when no field arrived as `null`.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The wire names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().copied()
    }
}

/// An optional field as read: `null` becomes `None`, remembered in `nulls`.
#[allow(dead_code, reason = "emitted types call the helpers their fields need")]
pub(crate) fn optional<T>(
    value: Nullable<T>,
    wire_name: &'static str,
    nulls: &mut NullFields,
) -> Option<T> {
    match value {
        Nullable::Value(value) => Some(value),
        Nullable::Null => {
            nulls.insert(wire_name);
            None
        }
        Nullable::Absent => None,
    }
}

/// A required field as read: absent or `null` is an error naming it.
#[allow(dead_code, reason = "emitted types call the helpers their fields need")]
pub(crate) fn required<T, E: de::Error>(value: Nullable<T>, wire_name: &'static str) -> Result<T, E> {
    match value {
        Nullable::Value(value) => Ok(value),
        Nullable::Absent => Err(E::missing_field(wire_name)),
        Nullable::Null => Err(E::custom(format_args!(
            "field `{wire_name}` is null, but the document requires a value"
        ))),
    }
}

/// Writes an optional field: its value, `null` when it arrived as `null`, or nothing.
#[allow(dead_code, reason = "emitted types call the helpers their fields need")]
pub(crate) fn write_optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    wire_name: &'static str,
    value: &Option<T>,
    nulls: &NullFields,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(wire_name, value),
        None if nulls.contains(wire_name) => map.serialize_entry(wire_name, &()),
        None => Ok(()),
    }
}

/// Writes a nullable field: its value, `null`, or nothing when absent.
#[allow(dead_code, reason = "emitted types call the helpers their fields need")]
pub(crate) fn write_nullable<M: SerializeMap, T: Serialize>(
    map: &mut M,
    wire_name: &'static str,
    value: &Nullable<T>,
) -> Result<(), M::Error> {
    match value {
        Nullable::Absent => Ok(()),
        set => map.serialize_entry(wire_name, set),
    }
}
