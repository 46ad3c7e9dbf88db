//! serde for the generated types, through JSON text: `Deserialize` captures whatever the
//! deserializer holds as JSON and reads that with the type's own reader; `Serialize` writes the
//! type's JSON and hands it to the serializer as a tree in the same order. One copy of each for
//! every type, per serde format, instead of a visitor per type.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, SerializeMap, SerializeSeq, Serializer};
use serde_json::Number;

use super::{DecodeError, Json, Reader, Writer, from_slice, to_vec};

/// `Deserialize` of a `Json` type: the value captured as JSON text, then read as `T`.
pub fn deserialize<'de, D: Deserializer<'de>, T: Json>(deserializer: D) -> Result<T, D::Error> {
    let mut w = Writer::new();
    deserializer.deserialize_any(Capture(&mut w))?;
    from_slice(&w.into_bytes()).map_err(|e: DecodeError| de::Error::custom(e.message()))
}

/// `Serialize` of a `Json` type: its JSON text, handed over in order.
pub fn serialize<S: Serializer, T: Json>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let text = to_vec(value);
    let tree = tree(&mut Reader::new(&text)).map_err(ser::Error::custom)?;
    ser::Serialize::serialize(&tree, serializer)
}

/// Writes what it visits as JSON.
struct Capture<'w>(&'w mut Writer);

impl<'de> DeserializeSeed<'de> for Capture<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Capture<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.0.bool(value);
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.0.i64(value);
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.0.number(&value.into());
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        match Number::from_f64(value) {
            Some(n) => self.0.number(&n),
            None => self.0.null(),
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.0.str(value);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.null();
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.null();
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.begin_array();
        while seq.next_element_seed(Element(self.0))?.is_some() {}
        self.0.end_array();
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.begin_object();
        while let Some(key) = map.next_key_seed(KeyText)? {
            self.0.key(&key);
            map.next_value_seed(Capture(self.0))?;
        }
        self.0.end_object();
        Ok(())
    }
}

/// A list's element, its comma written only once there is one.
struct Element<'w>(&'w mut Writer);

impl<'de> DeserializeSeed<'de> for Element<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.element();
        deserializer.deserialize_any(Capture(self.0))
    }
}

/// A member's name as text (a number, in formats that allow one, as its digits).
struct KeyText;

impl<'de> DeserializeSeed<'de> for KeyText {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }
}

/// A JSON value that keeps its members' order, to hand to a serializer.
enum Tree {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

fn tree(r: &mut Reader<'_>) -> Result<Tree, DecodeError> {
    Ok(match r.peek() {
        Some(b'{') => {
            r.begin_object("an object")?;
            let mut members = Vec::new();
            let mut first = true;
            while let Some(key) = r.next_key(first)? {
                first = false;
                members.push((key.into_owned(), tree(r)?));
            }
            Tree::Object(members)
        }
        Some(b'[') => {
            r.begin_array("a list")?;
            let mut items = Vec::new();
            let mut first = true;
            while r.next_element(first)? {
                first = false;
                items.push(tree(r)?);
            }
            Tree::List(items)
        }
        Some(b'"') => Tree::String(r.str()?.into_owned()),
        Some(b't' | b'f') => Tree::Bool(r.bool()?),
        Some(b'n') => {
            r.null()?;
            Tree::Null
        }
        _ => Tree::Number(r.number()?.number()),
    })
}

impl ser::Serialize for Tree {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Null => serializer.serialize_unit(),
            Tree::Bool(b) => serializer.serialize_bool(*b),
            Tree::Number(n) => n.serialize(serializer),
            Tree::String(s) => serializer.serialize_str(s),
            Tree::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Tree::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}
