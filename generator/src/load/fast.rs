//! The fast path of loading: a file without problems deserialized straight from its text into a
//! `SpecFile`, with no `serde_yaml::Value` tree in between.
//!
//! It must accept exactly what the tolerant path (item by item from the file's `Value`) accepts,
//! and give the same `SpecFile`; whatever it refuses goes to the tolerant path, which reports it.
//! So it is stricter wherever serde_yaml's event deserializer is laxer than its `Value` one:
//! - a string is only a scalar the `Value` would hold as a string: plain `123`, `true`, `~` or an
//!   empty value where a string is expected are refused (serde_yaml's events take any scalar);
//! - the names under `sources`, `operations` and `schemas` are strings, each given once (a map
//!   deserialized from events takes `1:` as `"1"`, and the last of two equal keys);
//! - a file that may hold an alias or a tag, or whose flow collections and quoted scalars continue
//!   on lines no deeper than where they began, is left to the tolerant path, which reads those
//!   files from each item's own text.
//!
//! Everything else the two deserializers either treat alike (unknown keys, keys given twice inside
//! an entry, numbers, booleans, missing keys), or the events refuse where the `Value` takes it
//! (`~` for a list or a section), which only sends the file to the tolerant path.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::locate;
use crate::spec::{ErrorCode, Operation, Schema, Source, SpecFile};

/// The file's `SpecFile` when the whole text deserializes under the rules above; `None` sends the
/// file to the tolerant path.
pub(super) fn spec_file(text: &str) -> Option<SpecFile> {
    if locate::has_alias_or_tag(text) || !locate::continuations_nest(text) {
        return None;
    }
    let file = Whole::deserialize(Strict(serde_yaml::Deserializer::from_str(text))).ok()?;
    let spec = SpecFile {
        sources: file.sources.0,
        operations: file.operations.0,
        schemas: file.schemas.0,
        error_codes: file.error_codes,
    };
    // The parser's events are freed by now: a copy's strings fill the room they leave, where the
    // first ones, made while the events were still held, took pages of their own (at 3,000
    // operations the copy costs 1 % of the load and saves some 25 MB of peak memory).
    Some(spec.clone())
}

/// `SpecFile` with its sections read by [`Section`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Whole {
    #[serde(default)]
    sources: Section<Source>,
    #[serde(default)]
    operations: Section<Operation>,
    #[serde(default)]
    schemas: Section<Schema>,
    #[serde(default)]
    error_codes: Vec<ErrorCode>,
}

/// A section's entries by name: every name a string, none twice.
struct Section<T>(BTreeMap<String, T>);

impl<T> Default for Section<T> {
    fn default() -> Self {
        Section(BTreeMap::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Section<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(SectionVisitor(PhantomData))
    }
}

struct SectionVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SectionVisitor<T> {
    type Value = Section<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping from names to entries")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(name) = map.next_key_seed(OnlyStr(PhantomData::<String>))? {
            let value = map.next_value()?;
            if out.insert(name, value).is_some() {
                return Err(de::Error::custom("a name is given twice"));
            }
        }
        Ok(Section(out))
    }
}

/// A deserializer that hands strings only out of scalars that resolve to strings.
struct Strict<D>(D);

macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(OnlyStr(v))
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(OnlyStr(v))
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_option(Wrap(v))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_seq(Wrap(v))
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(v))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, Wrap(v))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(v))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(v))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(v))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, v)
    }
}

/// A visitor whose nested values are deserialized by [`Strict`] too. Only what a container or an
/// option is visited with is passed on; anything else is refused, which only costs speed.
struct Wrap<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Strict(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(StrictSeq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(StrictMap(map))
    }
}

/// A visitor (or, over `PhantomData<String>`, a seed) that takes a string and nothing else.
struct OnlyStr<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OnlyStr<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<V::Value, E> {
        self.0.visit_str(s)
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<V::Value, E> {
        self.0.visit_borrowed_str(s)
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<V::Value, E> {
        self.0.visit_string(s)
    }
}

impl<'de> DeserializeSeed<'de> for OnlyStr<PhantomData<String>> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(OnlyStr(StringVisitor))
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
        Ok(s.to_string())
    }
}

struct StrictSeq<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictSeq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(StrictSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// Keys are handed out as they are: an entry's keys are its field names, which serde matches
/// against names no other scalar spells, and a section checks its names itself.
struct StrictMap<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(StrictSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct StrictSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for StrictSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::spec_file;
    use crate::diag::Diagnostics;
    use crate::load::{FileText, LazyLocator, LoadedFile, load_file, tolerant};

    /// What loading gives: the `SpecFile` (as `Debug`), the diagnostics and the broken items.
    type Outcome = (String, Vec<String>, Vec<String>);

    fn outcome(file: &LoadedFile, diags: Diagnostics) -> Outcome {
        let shown = diags.0.iter().map(|d| d.to_string()).collect();
        let broken = file.broken.iter().cloned().collect();
        (format!("{:?}", file.spec), shown, broken)
    }

    /// The tolerant path alone (behind the limits that `load_file` applies to both paths).
    fn tolerant_outcome(text: &str) -> Outcome {
        let text = FileText::new(text);
        let mut file = LoadedFile {
            display: "t.yaml".into(),
            name: "t.yaml".into(),
            text: text.clone(),
            locator: LazyLocator::new(text),
            spec: Default::default(),
            broken: Default::default(),
        };
        let mut diags = Diagnostics::default();
        match crate::limits::yaml_text(&file.text) {
            Some(problem) => diags.push(super::super::text_problem(&file, problem)),
            None => {
                tolerant(&mut file, &mut diags);
                crate::limits::deep_types(&mut file, &mut diags);
            }
        }
        outcome(&file, diags)
    }

    /// Loading as the generator does (fast path first) gives what the tolerant path gives;
    /// whether the fast path took the file.
    fn agree(text: &str) -> bool {
        let mut diags = Diagnostics::default();
        let file = load_file(
            Path::new("t.yaml"),
            "t.yaml".into(),
            text.as_bytes().to_vec(),
            None,
            &mut diags,
        );
        assert_eq!(outcome(&file, diags), tolerant_outcome(text), "{text}");
        spec_file(text).is_some()
    }

    fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a folder entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                yaml_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }

    fn workspace(dir: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir)
    }

    #[test]
    fn the_fast_path_agrees_with_the_tolerant_path_on_every_spec_of_the_workspace() {
        let mut files = Vec::new();
        for dir in ["spec", "tests/fixtures", "tests/broken"] {
            yaml_files(&workspace(dir), &mut files);
        }
        assert!(files.len() > 50, "found only {} spec files", files.len());
        let mut fast = Vec::new();
        for path in &files {
            let text = std::fs::read_to_string(path).expect("a UTF-8 spec file");
            if agree(&text) {
                fast.push(path.clone());
            }
        }
        // Files without problems take the fast path.
        let mut must: Vec<PathBuf> = Vec::new();
        yaml_files(&workspace("spec"), &mut must);
        yaml_files(&workspace("tests/fixtures"), &mut must);
        must.push(workspace("tests/broken/base.yaml"));
        for path in must {
            assert!(
                fast.contains(&path),
                "{} missed the fast path",
                path.display()
            );
        }
    }

    #[test]
    fn what_the_event_deserializer_would_take_more_loosely_falls_back_to_the_tolerant_path() {
        let base = std::fs::read_to_string(workspace("tests/broken/base.yaml")).expect("base.yaml");
        assert!(agree(&base));
        let summary = "summary: Show one widget.";
        let part = "  Part:\n    description: One part of a widget.";
        let cases: &[(&str, &str, bool)] = &[
            // A scalar that is not a string where a string is expected.
            (summary, "summary: 123", false),
            (summary, "summary: 2.10", false),
            (summary, "summary: true", false),
            (summary, "summary: ~", false),
            (summary, "summary:", false),
            (summary, "summary: \"123\"", true),
            (summary, "summary: '~'", true),
            (summary, "summary: |\n      Show\n      one.", true),
            ("type: string", "type: null", false),
            // An entry in flow style over several lines, with a number for a string.
            (
                part,
                "  Part: {description: 1,\n    source: \"doc, Table 3\", fields: []}\n  Unused:\n    description: One part of a widget.",
                false,
            ),
            // Names under a section: not strings, or given twice.
            (part, "  1:\n    description: One part of a widget.", false),
            (
                part,
                "  true:\n    description: One part of a widget.",
                false,
            ),
            (
                part,
                "  \"1\":\n    description: One part of a widget.",
                true,
            ),
            (
                "  WidgetState:",
                "  Part:\n    description: x\n    source: doc\n    values: []\n  WidgetState:",
                false,
            ),
            // Aliases and tags.
            (
                summary,
                "summary: &s Show one widget.\n    description: *s",
                false,
            ),
            (summary, "summary: !text Show one widget.", false),
            (summary, "summary: !!str 123", false),
            // Keys: unknown, twice in an entry, top-level.
            (summary, "summary: a\n    summary: b", false),
            (summary, "summry: Show one widget.", false),
            ("operations:", "extra: 1\noperations:", false),
            // Empty, null and quoted values of other types.
            (
                "    idempotent: true",
                "    idempotent: true\n    notes:",
                true,
            ),
            ("    idempotent: true", "    idempotent: ~", false),
            ("    idempotent: true", "    idempotent: \"true\"", false),
            ("min_length: 1", "min_length: \"1\"", false),
            // Bounds are numbers; a default is any value.
            ("min_length: 1", "minimum: 1", true),
            ("min_length: 1", "minimum: -0.5", true),
            ("min_length: 1", "minimum: \"1\"", false),
            ("min_length: 1", "maximum: ~", true),
            ("min_length: 1", "default: 7", true),
            ("min_length: 1", "default: ~", true),
            ("min_length: 1", "default: {a: [1, b]}", true),
            // An enum value: a string or a whole number, nothing else.
            ("- value: ACTIVE", "- value: 7", true),
            ("- value: ACTIVE", "- value: \"7\"", true),
            ("- value: ACTIVE", "- value: -7", true),
            ("- value: ACTIVE", "- value: 7.5", false),
            ("- value: ACTIVE", "- value: true", false),
            ("- value: ACTIVE", "- value: ~", false),
            ("- value: ACTIVE", "- value: 9223372036854775808", false),
            ("min_length: 1", "min_length: 0x10", true),
            ("min_length: 1", "min_length: -1", false),
            ("statuses: [200]", "statuses: [70000]", false),
            (
                "    location: https://example.com/widgets.html",
                "    location: ~",
                true,
            ),
            (
                "    location: https://example.com/widgets.html",
                "    location: \"\"",
                true,
            ),
            (
                "value: {\"id\": \"w-1\", \"state\": \"ACTIVE\"}",
                "value: {<<: {id: w-1}}",
                true,
            ),
            (
                "value: {\"id\": \"w-1\", \"state\": \"ACTIVE\"}",
                "value: {1: a, ~: b}",
                true,
            ),
            // Whole sections and files.
            ("operations:", "sources: ~\noperations:", false),
            ("operations:", "sources:\noperations:", false),
            ("schemas:", "---\nschemas:", false),
        ];
        for (from, to, fast) in cases {
            assert!(base.contains(from), "{from}");
            let text = base.replacen(from, to, 1);
            assert_eq!(agree(&text), *fast, "fast path for `{to}`");
        }
        let files = [
            ("", true),
            ("~", false),
            ("[]", false),
            ("a: [", false),
            ("operations:\n  x: {}\n", false),
            ("schemas: 1\n", false),
        ];
        for (text, fast) in files {
            assert_eq!(agree(text), fast, "fast path for `{text}`");
        }
    }
}
