//! The YAML text, before libyaml reads it: flow nesting and alias expansion.

use super::{MAX_FLOW_DEPTH, alias_budget};
use crate::locate::{self, Seen};

/// A problem of a file's text as a whole that must stop it from being parsed: where (a byte
/// offset), what and a hint.
pub struct TextProblem {
    pub at: usize,
    pub message: String,
    pub help: String,
}

/// The first reason not to hand `text` to libyaml, if there is one.
pub fn yaml_text(text: &str) -> Option<TextProblem> {
    if let Some(at) = flow_too_deep(text, MAX_FLOW_DEPTH) {
        return Some(TextProblem {
            at,
            message: format!(
                "flow collections (`[`, `{{`) nest more than {MAX_FLOW_DEPTH} deep here"
            ),
            help: "a spec nests a few levels; write the value in block style, or split it".into(),
        });
    }
    if locate::has_alias(text) {
        return alias_bomb(text);
    }
    None
}

/// Where flow collections first nest deeper than `bound` ([`locate::scan`] reads the text).
fn flow_too_deep(text: &str, bound: usize) -> Option<usize> {
    locate::scan(text, |seen| match seen {
        Seen::Open { depth, at } if depth > bound => Some(at),
        _ => None,
    })
}

/// Where a file's aliases expand it past [`super::alias_budget`] (located at its first alias), found
/// by weighing the file through serde_yaml with every alias expanded, stopping at the budget.
fn alias_bomb(text: &str) -> Option<TextProblem> {
    use serde::de::DeserializeSeed;
    let budget = alias_budget(text.len());
    let weight = std::cell::Cell::new(0u64);
    let over = std::cell::Cell::new(false);
    for document in serde_yaml::Deserializer::from_str(text) {
        let weigh = Weigh {
            weight: &weight,
            over: &over,
            budget,
        };
        // Any other error is the parser's to report. After one, the document stream must not be
        // read on: serde_yaml panics on the events that follow some errors (an unknown `*alias`
        // inside a mapping leaves it at "unexpected end of mapping").
        let failed = weigh.deserialize(document).is_err();
        if over.get() {
            let at = first_alias(text);
            return Some(TextProblem {
                at,
                message: format!(
                    "the aliases of this file expand it to more than {budget} bytes and nodes (four times its length, plus 1 MiB)"
                ),
                help: "write the repeated values out, or repeat them less".into(),
            });
        }
        if failed {
            break;
        }
    }
    None
}

/// The byte offset of the first `*alias` of `text` (0 if there is none).
fn first_alias(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'*', bytes)
        .find(|&i| i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'[' | b'{' | b','))
        .unwrap_or(0)
}

/// Adds up a YAML value's weight as serde_yaml replays it, failing once it passes the budget.
#[derive(Clone, Copy)]
struct Weigh<'a> {
    weight: &'a std::cell::Cell<u64>,
    over: &'a std::cell::Cell<bool>,
    budget: u64,
}

impl Weigh<'_> {
    fn add<E: serde::de::Error>(&self, n: usize) -> Result<(), E> {
        let total = self.weight.get().saturating_add(n as u64 + 1);
        self.weight.set(total);
        if total > self.budget {
            self.over.set(true);
            return Err(E::custom("over the alias budget"));
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Weigh<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Weigh<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.add(0)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        self.add(s.len())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.add(0)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.add(0)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.add(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.add(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}
