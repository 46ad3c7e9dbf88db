//! The reader and writer against serde_json on the same texts: the same values, the same
//! refusals, the same places.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{DecodeError, Json, Reader, from_slice, to_vec};
use crate::Nullable;

/// Reads `text` as a `Value` with both readers; they agree on the value, or both refuse it.
fn same_as_serde(text: &str) {
    let ours = from_slice::<Value>(text.as_bytes());
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn every_kind_of_json_text_reads_as_serde_json_reads_it() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-0",
        "12345678901234567890",
        "-9223372036854775808",
        "123456789012345678901234567890",
        "1.5",
        "-1e-7",
        "2E+3",
        "1e400",
        "01",
        "1.",
        ".5",
        "-",
        "+1",
        r#""""#,
        r#""plain ASCII, longer than eight bytes""#,
        r#""é ü 漢字 🎉 and more text past eight bytes""#,
        r#""\" \\ \/ \b \f \n \r \t""#,
        r#""\u0041\u00e9\u6f22\ud83c\udf89""#,
        r#""\ud83c""#,
        r#""\udf89""#,
        r#""\ud83cx""#,
        r#""\x""#,
        "\"tab\tinside\"",
        "\"unterminated",
        "[]",
        "[1,2,[3,[4]]]",
        "[1,]",
        "[1 2]",
        "{}",
        r#"{"a":1,"b":[true,null],"c":{"d":"e"}}"#,
        r#"{"a":1,}"#,
        r#"{"a" 1}"#,
        r#"{1:2}"#,
        r#"{"a":1 "b":2}"#,
        "[1] x",
        "",
        "nul",
        "tru",
    ] {
        same_as_serde(text);
    }
    // Every split of a long string with escapes and non-ASCII text around the 8-byte steps.
    let long = "abcdefghé\\\"ijklmnop\\u00e9qrstuvwxyz漢字0123456789";
    for cut in 0..long.len() {
        if long.is_char_boundary(cut) && !long[..cut].ends_with('\\') {
            same_as_serde(&format!("\"{}\"", &long[..cut]));
        }
    }
}

#[test]
fn bytes_that_are_not_utf8_are_refused_inside_a_string() {
    for bytes in [&b"\"\xff\""[..], b"\"abcdefgh\xc3\"", b"\"a\\n\xe2\x82\""] {
        assert!(from_slice::<String>(bytes).is_err(), "{bytes:?}");
        assert!(
            serde_json::from_slice::<String>(bytes).is_err(),
            "{bytes:?}"
        );
    }
}

#[test]
fn errors_say_what_was_found_and_where_as_serde_json_does() {
    let ours = |text: &str| from_slice::<i64>(text.as_bytes()).unwrap_err().to_string();
    let theirs = |text: &str| serde_json::from_str::<i64>(text).unwrap_err().to_string();
    for text in [
        r#""5""#,
        "1.5",
        "true",
        "null",
        "[1]",
        "{}",
        "9223372036854775808",
    ] {
        assert_eq!(ours(text), theirs(text), "{text}");
    }
    let ours = from_slice::<String>(b"\n\n  [1]").unwrap_err();
    let theirs = serde_json::from_slice::<String>(b"\n\n  [1]").unwrap_err();
    assert_eq!(
        (ours.line(), ours.column()),
        (theirs.line(), theirs.column())
    );
    assert_eq!(ours.to_string(), theirs.to_string());
}

#[test]
fn nesting_deeper_than_serde_json_allows_is_refused_not_overflowed() {
    let deep = "[".repeat(100_000);
    let err = from_slice::<Value>(deep.as_bytes()).unwrap_err();
    assert!(err.message().contains("recursion limit"), "{err}");
    let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(from_slice::<Value>(ok.as_bytes()).is_ok());
}

#[test]
fn the_budget_refuses_a_tree_larger_than_it_allows() {
    let text = format!("[{}0]", "0,".repeat(10_000));
    let mut small = Reader::with_budget(text.as_bytes(), 1_000);
    let err: DecodeError = Value::read(&mut small).unwrap_err();
    assert!(err.message().contains("more memory than allowed"), "{err}");
    let mut large = Reader::with_budget(text.as_bytes(), 10 << 20);
    assert!(Value::read(&mut large).is_ok());
}

#[test]
fn the_writer_writes_what_serde_json_writes() {
    let value: Value = serde_json::from_str(
        r#"{"s":"quote \" backslash \\ newline \n tab \t bell \u0007 é 漢","n":-12,"f":1.5,
            "l":[true,false,null],"o":{}}"#,
    )
    .unwrap();
    let mut texts = BTreeMap::new();
    texts.insert("s".to_string(), "\u{1f}\u{7f}\"\\/".to_string());
    assert_eq!(to_vec(&value), serde_json::to_vec(&value).unwrap());
    assert_eq!(to_vec(&texts), serde_json::to_vec(&texts).unwrap());
    let mut each = Vec::new();
    for b in 0u8..0x80 {
        each.push(char::from(b).to_string());
    }
    assert_eq!(to_vec(&each), serde_json::to_vec(&each).unwrap());
}

#[test]
fn option_and_nullable_keep_null_apart_from_a_value() {
    assert_eq!(from_slice::<Option<i64>>(b"null").unwrap(), None);
    assert_eq!(from_slice::<Option<i64>>(b"7").unwrap(), Some(7));
    assert_eq!(
        from_slice::<Nullable<i64>>(b"null").unwrap(),
        Nullable::Null
    );
    assert_eq!(to_vec(&Nullable::<i64>::Null), b"null");
    assert_eq!(to_vec(&vec![Some(1), None]), b"[1,null]");
}

/// A value that counts how many of it exist, to see that a failed read drops what it read.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted;

thread_local! {
    static LIVE: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

impl Json for Counted {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.i64()?;
        LIVE.set(LIVE.get() + 1);
        Ok(Counted)
    }
    fn write(&self, w: &mut super::Writer) {
        w.i64(1)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        LIVE.set(LIVE.get() - 1);
    }
}

crate::object! {
    #[derive(Clone, PartialEq)]
    pub struct Widget {
        id: required "id" String,
        first: required "first" Counted,
        second: optional "second" Counted,
        state: nullable "state" String,
        raw: json "raw" Value,
        password: optional secret "adminPass" String,
    }
}

#[test]
fn an_object_reads_writes_and_shows_itself_by_its_table() {
    let text =
        br#"{"id":"w1","first":1,"second":null,"state":null,"raw":null,"adminPass":"p","new":[1]}"#;
    let widget: Widget = from_slice(text).unwrap();
    assert_eq!(widget.id, "w1");
    assert_eq!(widget.second, None);
    assert!(widget.nulls.contains("second"));
    assert_eq!(widget.state, Nullable::Null);
    assert_eq!(widget.raw, Value::Null);
    assert_eq!(widget.extra["new"], serde_json::json!([1]));
    assert_eq!(to_vec(&widget), &text[..]);
    let shown = format!("{widget:?}");
    assert!(shown.contains(r#"password: Some("<redacted>")"#), "{shown}");
    assert!(!shown.contains("\"p\""), "{shown}");
    // serde goes through the same table.
    let via_serde: Widget = serde_json::from_slice(text).unwrap();
    assert_eq!(via_serde, widget);
    assert_eq!(serde_json::to_vec(&widget).unwrap(), &text[..]);
    drop((widget, via_serde));
    assert_eq!(LIVE.get(), 0);
}

/// A value shown through its codec, as a field table shows it.
struct ViaCodec<'a, T>(&'a T);

impl<T: Json> std::fmt::Debug for ViaCodec<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SAFETY: the place holds a `T`.
        unsafe { T::debug_at((self.0 as *const T).cast(), f) }
    }
}

#[test]
fn a_list_or_option_shows_and_writes_itself_through_its_codecs_as_std_does() {
    let names: Vec<String> = vec!["a".into(), "b\"c".into()];
    let nested: Vec<Vec<Option<i64>>> = vec![vec![], vec![Some(1), None]];
    let none: Vec<bool> = Vec::new();
    assert_eq!(format!("{:?}", ViaCodec(&names)), format!("{names:?}"));
    assert_eq!(format!("{:#?}", ViaCodec(&names)), format!("{names:#?}"));
    assert_eq!(format!("{:?}", ViaCodec(&nested)), format!("{nested:?}"));
    assert_eq!(format!("{:#?}", ViaCodec(&nested)), format!("{nested:#?}"));
    assert_eq!(format!("{:?}", ViaCodec(&none)), "[]");
    for option in [None, Some(nested.clone())] {
        assert_eq!(format!("{:?}", ViaCodec(&option)), format!("{option:?}"));
        assert_eq!(format!("{:#?}", ViaCodec(&option)), format!("{option:#?}"));
    }
    assert_eq!(to_vec(&names), br#"["a","b\"c"]"#);
    assert_eq!(to_vec(&nested), b"[[],[1,null]]");
    assert_eq!(to_vec(&none), b"[]");
}

#[test]
fn a_failed_object_read_drops_every_field_it_had_read() {
    for (text, message) in [
        (
            &br#"{"id":"w","first":1,"second":2,"raw":1,"id":"again"}"#[..],
            "duplicate field `id`",
        ),
        (br#"{"id":"w","first":1,"second":2}"#, "missing field `raw`"),
        (
            br#"{"id":null}"#,
            "field `id` is null, but the document requires a value",
        ),
        (
            br#"{"first":1,"second":2,"raw":1,"id":5}"#,
            "invalid type: integer `5`, expected a string",
        ),
        (
            br#"[1]"#,
            "invalid type: sequence, expected a Widget object",
        ),
    ] {
        let err = from_slice::<Widget>(text).unwrap_err();
        assert_eq!(err.message(), message);
        assert_eq!(LIVE.get(), 0, "{message}");
    }
}

crate::one_of! {
    #[derive(Clone, Debug, PartialEq)]
    pub enum Size {
        Gib(i64),
        Text(String),
    }
}

#[test]
fn a_one_of_tries_its_variants_on_text_it_checked_first() {
    assert_eq!(from_slice::<Size>(b" 40 ").unwrap(), Size::Gib(40));
    assert_eq!(
        from_slice::<Size>(br#""40""#).unwrap(),
        Size::Text("40".into())
    );
    let none = from_slice::<Size>(br#"[{"a":[1,"\u00e9"]}]"#).unwrap_err();
    assert_eq!(
        none.message(),
        "data did not match any variant of untagged enum Size"
    );
    // Text that is not JSON is a syntax error, found while skipping, before any variant.
    let broken = from_slice::<Size>(br#"[1,{"a" 2}]"#).unwrap_err();
    assert_eq!(broken.message(), "expected `:`");
    assert!(!broken.is_data());
}

#[test]
fn a_list_reads_in_place_and_drops_what_it_read_when_it_fails() {
    let widget = r#"{"id":"w","first":1,"second":1,"state":"s","raw":[1]}"#;
    for n in [0, 1, 4, 5, 9, 33] {
        let text = format!("[{}]", vec![widget; n].join(","));
        let widgets: Vec<Widget> = from_slice(text.as_bytes()).unwrap();
        assert_eq!(widgets.len(), n);
        assert!(widgets.capacity() >= n);
        assert_eq!(LIVE.get(), 2 * n as i64);
        assert_eq!(String::from_utf8(to_vec(&widgets)).unwrap(), text);
        drop(widgets);
        assert_eq!(LIVE.get(), 0);
        // Zero-sized elements go through the same loop, never allocated.
        let counted = format!("[{}]", vec!["1"; n].join(","));
        assert_eq!(
            from_slice::<Vec<Counted>>(counted.as_bytes())
                .unwrap()
                .len(),
            n
        );
        assert_eq!(LIVE.get(), 0);
    }
    for bad in [
        format!("[{}]", [widget; 6].join(",") + r#",{"id":1}"#),
        format!("[{}", [widget; 3].join(",")),
        format!("[{},]", [widget; 2].join(",")),
    ] {
        let err = from_slice::<Vec<Widget>>(bad.as_bytes()).unwrap_err();
        assert_eq!(LIVE.get(), 0, "{bad}: {err}");
        match serde_json::from_str::<Vec<Value>>(&bad) {
            // A syntax error: the same words and place as serde_json's.
            Err(theirs) => assert_eq!(err.to_string(), theirs.to_string(), "{bad}"),
            Ok(_) => assert_eq!(
                err.message(),
                "invalid type: integer `1`, expected a string"
            ),
        }
    }
    // Nested lists and options of lists read as serde_json reads them.
    for text in [
        "[]",
        "[null]",
        r#"[["a","b"],null,[],["c"]]"#,
        r#"[["a"],[1]]"#,
        r#"[["a"],"b"]"#,
    ] {
        let ours = from_slice::<Vec<Option<Vec<String>>>>(text.as_bytes());
        let theirs = serde_json::from_str::<Vec<Option<Vec<String>>>>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
            _ => panic!("{text}: ours {ours:?}, serde_json {theirs:?}"),
        }
    }
}
