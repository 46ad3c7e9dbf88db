//! Three-state optional values and the empty-string marker.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use serde::ser::{Serialize, Serializer};

/// A field that can be left out, sent as an explicit `null`, or sent with a value.
///
/// `Option` cannot tell "leave it as it is" from "clear it"; some fields need both (the
/// rebuild's `key_name`: absent keeps the key pair, `null` removes it). Pair it with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]` so that `Absent` is left
/// out of the JSON. If it is serialized anyway, `Absent` is written as `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent; a missing field is read as this.
    #[default]
    Absent,
    /// Sent, or received, as JSON `null`.
    Null,
    /// Sent, or received, with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True for `Absent`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True for `Null` and `Value`: the field takes part in the JSON.
    pub fn is_set(&self) -> bool {
        !self.is_absent()
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, taking ownership.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(|value| match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

/// A value that is always the empty string `""`, and nothing else.
///
/// The service uses `""` in place of an object in a few places (a server booted from a volume
/// has `"image": ""`); an untagged enum of the object and this marker reads both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EmptyString;

impl Serialize for EmptyString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("")
    }
}

impl<'de> Deserialize<'de> for EmptyString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(EmptyStringVisitor)
    }
}

struct EmptyStringVisitor;

impl Visitor<'_> for EmptyStringVisitor {
    type Value = EmptyString;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an empty string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<EmptyString, E> {
        if value.is_empty() {
            Ok(EmptyString)
        } else {
            Err(E::invalid_value(Unexpected::Str(value), &self))
        }
    }
}
