//! The JSON reader: a cursor over the answer's bytes that the field tables drive, one value at a
//! time, with serde_json's grammar, limits and wording.

use std::borrow::Cow;
use std::fmt;
use std::mem::size_of;

use serde_json::{Map, Number, Value};

/// Containers nested deeper than this are refused, as serde_json refuses them.
const MAX_DEPTH: usize = 128;

/// What one member of an unknown object costs beside its value: the name's `String`, the
/// `Value` slot and the tree's share of a node.
const MEMBER_COST: usize = size_of::<String>() + size_of::<Value>() + 32;

/// Why a JSON text could not be read as the type asked for, and where: the message, then the
/// line and column (1-based, counted in bytes) of the byte the reader had reached, as
/// serde_json reports them.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    message: String,
    offset: usize,
    line: usize,
    column: usize,
    data: bool,
}

impl DecodeError {
    /// The message alone, without its place.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset the reader had reached.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The line, from 1; 0 for an error without a place.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column on that line, in bytes.
    pub fn column(&self) -> usize {
        self.column
    }

    /// True when the text is JSON but not of the documented shape (a wrong type, a missing or
    /// repeated field), false when it is not JSON.
    pub fn is_data(&self) -> bool {
        self.data
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => f.write_str(&self.message),
            line => write!(f, "{} at line {line} column {}", self.message, self.column),
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecodeError({self})")
    }
}

impl std::error::Error for DecodeError {}

/// A JSON number as written: an integer when it is one and fits, else a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Num {
    /// The number as a `serde_json::Number` (a float read from text is finite, so it has one).
    pub fn number(self) -> Number {
        match self {
            Num::Unsigned(n) => n.into(),
            Num::Signed(n) => n.into(),
            Num::Float(f) => Number::from_f64(f).unwrap_or_else(|| 0.into()),
        }
    }
}

/// A cursor over one JSON text. Every read skips the whitespace before the value.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    budget: Option<usize>,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes`, its memory not bounded.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            pos: 0,
            depth: 0,
            budget: None,
        }
    }

    /// A reader that may spend at most `budget` bytes on the objects it reads and the unknown
    /// members they keep (estimated: each object's size, each unknown value with its strings,
    /// list slots and member names); past it, reading fails with an error saying so. A small
    /// text such as `[0,0,0,...]` would otherwise become a tree sixteen times its size.
    pub fn with_budget(bytes: &'a [u8], budget: usize) -> Self {
        Reader {
            budget: Some(budget),
            ..Reader::new(bytes)
        }
    }

    fn at(&self, message: String, data: bool) -> DecodeError {
        let upto = self.pos.min(self.bytes.len());
        let before = &self.bytes[..upto];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        DecodeError {
            message,
            offset: upto,
            line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
            column: upto - line_start,
            data,
        }
    }

    /// A data error (the text is JSON, its shape is not the documented one) at the current place.
    pub fn data_error(&self, message: impl fmt::Display) -> DecodeError {
        self.at(message.to_string(), true)
    }

    fn syntax(&self, message: &str) -> DecodeError {
        self.at(message.to_string(), false)
    }

    /// A syntax error about the byte just peeked, placed after it as serde_json places it.
    fn syntax_here(&mut self, message: &str) -> DecodeError {
        self.pos += 1;
        let e = self.syntax(message);
        self.pos -= 1;
        e
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied()
    }

    fn peek_value(&mut self) -> Result<u8, DecodeError> {
        self.peek()
            .ok_or_else(|| self.syntax("EOF while parsing a value"))
    }

    /// Fails unless only whitespace is left.
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax_here("trailing characters")),
        }
    }

    /// Takes `bytes` from the budget; an error once it is spent.
    pub fn charge(&mut self, bytes: usize) -> Result<(), DecodeError> {
        match self.budget {
            None => Ok(()),
            Some(left) if left >= bytes => {
                self.budget = Some(left - bytes);
                Ok(())
            }
            Some(_) => {
                self.budget = Some(0);
                Err(self.data_error(
                    "the answer's objects and unknown fields would take more memory than allowed \
                     (4 times the body's length plus 1 MiB)",
                ))
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), DecodeError> {
        for &expected in word {
            match self.bytes.get(self.pos) {
                Some(&b) if b == expected => self.pos += 1,
                Some(_) => return Err(self.syntax_here("expected ident")),
                None => return Err(self.syntax("EOF while parsing a value")),
            }
        }
        Ok(())
    }

    /// Consumes a `null` if one comes next.
    pub fn null(&mut self) -> Result<bool, DecodeError> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal(b"null")?;
        Ok(true)
    }

    /// The error for a value that is not what `expected` describes, quoting the value as
    /// serde does (`invalid type: string "x", expected i64`). A string or number is read, a
    /// container is not.
    pub fn invalid_type(&mut self, expected: &str) -> DecodeError {
        let found = match self.peek_value() {
            Err(e) => return e,
            Ok(b'n') => match self.literal(b"null") {
                Ok(()) => "null".to_string(),
                Err(e) => return e,
            },
            Ok(b't') => match self.literal(b"true") {
                Ok(()) => "boolean `true`".to_string(),
                Err(e) => return e,
            },
            Ok(b'f') => match self.literal(b"false") {
                Ok(()) => "boolean `false`".to_string(),
                Err(e) => return e,
            },
            Ok(b'"') => match self.str() {
                Ok(s) => format!("string {s:?}"),
                Err(e) => return e,
            },
            Ok(b'[') => "sequence".to_string(),
            Ok(b'{') => "map".to_string(),
            Ok(b'-' | b'0'..=b'9') => match self.number() {
                Ok(n) => describe(n),
                Err(e) => return e,
            },
            Ok(_) => return self.syntax_here("expected value"),
        };
        self.data_error(format_args!("invalid type: {found}, expected {expected}"))
    }

    /// A string.
    pub fn str(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        if self.peek() != Some(b'"') {
            return Err(self.invalid_type("a string"));
        }
        self.pos += 1;
        let start = self.pos;
        let mut ascii = self.skip_plain();
        match self.bytes.get(self.pos) {
            None => return Err(self.syntax("EOF while parsing a string")),
            Some(b'"') => {
                let text = match ascii {
                    // SAFETY: every byte of the run is ASCII (`skip_plain` saw no high bit).
                    true => unsafe { std::str::from_utf8_unchecked(&self.bytes[start..self.pos]) },
                    false => self.utf8(start, self.pos)?,
                };
                self.pos += 1;
                return Ok(Cow::Borrowed(text));
            }
            Some(b'\\') => {}
            Some(_) => {
                return Err(self.syntax_here(
                    "control character (\\u0000-\\u001F) found while parsing a string",
                ));
            }
        }
        let mut owned = String::from(self.utf8(start, self.pos)?);
        loop {
            // At a `\`.
            self.pos += 1;
            let escaped = match self.bytes.get(self.pos) {
                None => return Err(self.syntax("EOF while parsing a string")),
                Some(&b) => b,
            };
            self.pos += 1;
            match escaped {
                b'"' => owned.push('"'),
                b'\\' => owned.push('\\'),
                b'/' => owned.push('/'),
                b'b' => owned.push('\u{8}'),
                b'f' => owned.push('\u{c}'),
                b'n' => owned.push('\n'),
                b'r' => owned.push('\r'),
                b't' => owned.push('\t'),
                b'u' => owned.push(self.unicode_escape()?),
                _ => return Err(self.syntax("invalid escape")),
            }
            let run = self.pos;
            ascii = self.skip_plain();
            let text = match ascii {
                // SAFETY: as above.
                true => unsafe { std::str::from_utf8_unchecked(&self.bytes[run..self.pos]) },
                false => self.utf8(run, self.pos)?,
            };
            owned.push_str(text);
            match self.bytes.get(self.pos) {
                None => return Err(self.syntax("EOF while parsing a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {}
                Some(_) => {
                    return Err(self.syntax_here(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
            }
        }
    }

    /// Moves to the next `"`, `\\` or control character of a string (or its end), eight bytes at
    /// a time; whether every byte passed is ASCII.
    fn skip_plain(&mut self) -> bool {
        const ONES: u64 = u64::from_ne_bytes([1; 8]);
        const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
        // The lowest byte of `v` that is zero has its high bit set here (higher ones may be
        // wrong, but only the first is used).
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        let mut high = 0;
        while let Some(chunk) = self.bytes.get(self.pos..self.pos + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            let v = u64::from_le_bytes(word);
            let stop = zero(v ^ (ONES * u64::from(b'"')))
                | zero(v ^ (ONES * u64::from(b'\\')))
                | (v.wrapping_sub(ONES * 0x20) & !v & HIGH);
            if stop != 0 {
                let n = (stop.trailing_zeros() / 8) as usize;
                // Only the bytes before the stop count.
                let before = match n {
                    0 => 0,
                    n => v & (u64::MAX >> (64 - 8 * n)),
                };
                high |= before & HIGH;
                self.pos += n;
                return high == 0;
            }
            high |= v & HIGH;
            self.pos += 8;
        }
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            high |= u64::from(b & 0x80);
            self.pos += 1;
        }
        high == 0
    }

    fn utf8(&self, start: usize, end: usize) -> Result<&'a str, DecodeError> {
        std::str::from_utf8(&self.bytes[start..end]).map_err(|e| {
            let at = Reader {
                pos: start + e.valid_up_to() + 1,
                ..*self
            };
            at.syntax("invalid unicode code point")
        })
    }

    fn hex4(&mut self) -> Result<u16, DecodeError> {
        let mut n: u16 = 0;
        for _ in 0..4 {
            let digit = match self.bytes.get(self.pos) {
                None => return Err(self.syntax("EOF while parsing a string")),
                Some(&b) => (b as char).to_digit(16),
            };
            self.pos += 1;
            match digit {
                Some(d) => n = n * 16 + d as u16,
                None => return Err(self.syntax("invalid escape")),
            }
        }
        Ok(n)
    }

    fn unicode_escape(&mut self) -> Result<char, DecodeError> {
        let first = self.hex4()?;
        let code = match first {
            0xDC00..=0xDFFF => return Err(self.syntax("lone leading surrogate in hex escape")),
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.syntax("unexpected end of hex escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                0x10000 + (((first as u32) - 0xD800) << 10) + ((second as u32) - 0xDC00)
            }
            other => other as u32,
        };
        char::from_u32(code).ok_or_else(|| self.syntax("invalid unicode code point"))
    }

    /// A number, as written.
    pub fn number(&mut self) -> Result<Num, DecodeError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {}
            _ => return Err(self.invalid_type("a number")),
        }
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while let Some(b'0'..=b'9') = r.bytes.get(r.pos) {
                r.pos += 1;
            }
            r.pos > from
        };
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            Some(_) => return Err(self.syntax_here("invalid number")),
            None => return Err(self.syntax("EOF while parsing a value")),
        }
        let mut integer = true;
        if self.bytes.get(self.pos) == Some(&b'.') {
            integer = false;
            self.pos += 1;
            if !digits(self) {
                return Err(self.syntax_here("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.syntax_here("invalid number"));
            }
        }
        // Only ASCII digits, signs, dots and exponents were consumed.
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or_default();
        if integer {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Num::Unsigned(n));
            }
            match text.parse::<i64>() {
                // `-0` is a float, as serde_json reads it.
                Ok(0) => return Ok(Num::Float(-0.0)),
                Ok(n) => return Ok(Num::Signed(n)),
                Err(_) => {}
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Num::Float(f)),
            _ => Err(self.syntax("number out of range")),
        }
    }

    /// A whole number that fits an `i64`.
    pub fn i64(&mut self) -> Result<i64, DecodeError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.invalid_type("i64"));
        }
        match self.number()? {
            Num::Signed(n) => Ok(n),
            Num::Unsigned(n) => i64::try_from(n).map_err(|_| {
                self.data_error(format_args!("invalid value: integer `{n}`, expected i64"))
            }),
            f @ Num::Float(_) => {
                Err(self.data_error(format_args!("invalid type: {}, expected i64", describe(f))))
            }
        }
    }

    /// `true` or `false`.
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.invalid_type("a boolean")),
        }
    }

    fn enter(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        match self.depth > MAX_DEPTH {
            true => Err(self.syntax("recursion limit exceeded")),
            false => Ok(()),
        }
    }

    /// Consumes the `{` of an object; anything else is an error saying `expected`.
    pub fn begin_object(&mut self, expected: &str) -> Result<(), DecodeError> {
        if self.peek() != Some(b'{') {
            return Err(self.invalid_type(expected));
        }
        self.pos += 1;
        self.enter()
    }

    /// The next member's name, its `:` consumed; `None` at the object's end (consumed).
    /// `first`: no member has been read yet.
    pub fn next_key(&mut self, first: bool) -> Result<Option<Cow<'a, str>>, DecodeError> {
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
            Some(b',') if !first => {
                self.pos += 1;
                if self.peek() != Some(b'"') {
                    return Err(match self.peek() {
                        None => self.syntax("EOF while parsing an object"),
                        Some(b'}') => self.syntax_here("trailing comma"),
                        Some(_) => self.syntax_here("key must be a string"),
                    });
                }
            }
            Some(b'"') if first => {}
            None => return Err(self.syntax("EOF while parsing an object")),
            Some(_) if first => return Err(self.syntax_here("key must be a string")),
            Some(_) => return Err(self.syntax_here("expected `,` or `}`")),
        }
        let key = self.str()?;
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(Some(key))
            }
            None => Err(self.syntax("EOF while parsing an object")),
            Some(_) => Err(self.syntax_here("expected `:`")),
        }
    }

    /// Consumes the `[` of a list; anything else is an error saying `expected`.
    pub fn begin_array(&mut self, expected: &str) -> Result<(), DecodeError> {
        if self.peek() != Some(b'[') {
            return Err(self.invalid_type(expected));
        }
        self.pos += 1;
        self.enter()
    }

    /// Whether another element follows (its `,` consumed); false at the list's end (consumed).
    pub fn next_element(&mut self, first: bool) -> Result<bool, DecodeError> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.pos += 1;
                match self.peek() {
                    Some(b']') => Err(self.syntax_here("trailing comma")),
                    None => Err(self.syntax("EOF while parsing a list")),
                    Some(_) => Ok(true),
                }
            }
            None => Err(self.syntax("EOF while parsing a list")),
            Some(_) if first => Ok(true),
            Some(_) => Err(self.syntax_here("expected `,` or `]`")),
        }
    }

    /// Any value, as a `serde_json::Value`, charged to the budget as it grows.
    pub fn value(&mut self) -> Result<Value, DecodeError> {
        Ok(match self.peek_value()? {
            b'n' => {
                self.literal(b"null")?;
                Value::Null
            }
            b't' | b'f' => Value::Bool(self.bool()?),
            b'"' => {
                let s = self.str()?;
                self.charge(s.len())?;
                Value::String(s.into_owned())
            }
            b'-' | b'0'..=b'9' => Value::Number(self.number()?.number()),
            b'[' => {
                self.begin_array("any JSON value")?;
                let mut items: Vec<Value> = Vec::new();
                let mut first = true;
                while self.next_element(first)? {
                    first = false;
                    if items.len() == items.capacity() {
                        // Charged before it is taken: the list doubles, as `Vec` would grow it.
                        let more = items.capacity().max(4);
                        self.charge(more.saturating_mul(size_of::<Value>()))?;
                        items.reserve_exact(more);
                    }
                    items.push(self.value()?);
                }
                Value::Array(items)
            }
            b'{' => {
                self.begin_object("any JSON value")?;
                let mut members = Map::new();
                let mut first = true;
                while let Some(key) = self.next_key(first)? {
                    first = false;
                    self.charge(MEMBER_COST + key.len())?;
                    let value = self.value()?;
                    members.insert(key.into_owned(), value);
                }
                Value::Object(members)
            }
            _ => return Err(self.syntax_here("expected value")),
        })
    }

    /// An unknown member's value, charged with its name, into `extra`.
    pub fn unknown(
        &mut self,
        key: Cow<'_, str>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), DecodeError> {
        self.charge(MEMBER_COST + key.len())?;
        let value = self.value()?;
        extra.insert(key.into_owned(), value);
        Ok(())
    }

    /// A reader of `raw` (a value this reader has read, see [`Reader::raw`]) at this one's depth
    /// and with what is left of its budget.
    pub fn sub<'b>(&self, raw: &'b [u8]) -> Reader<'b> {
        Reader {
            bytes: raw,
            pos: 0,
            depth: self.depth,
            budget: self.budget,
        }
    }

    /// Takes over what `sub` left of the budget.
    pub fn spent(&mut self, sub: &Reader<'_>) {
        self.budget = sub.budget;
    }

    /// The text of the next value, checked to be JSON but not kept, for reading it again in
    /// another way (each variant of a `one_of` in turn).
    pub fn raw(&mut self) -> Result<&'a [u8], DecodeError> {
        self.skip_ws();
        let start = self.pos;
        self.skip()?;
        Ok(&self.bytes[start..self.pos])
    }

    /// Reads past the next value, checking it, keeping nothing of it (a string with escapes
    /// aside, which is dropped at once).
    fn skip(&mut self) -> Result<(), DecodeError> {
        match self.peek_value()? {
            b'n' => self.literal(b"null"),
            b't' | b'f' => self.bool().map(drop),
            b'"' => self.str().map(drop),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            b'[' => {
                self.begin_array("any JSON value")?;
                let mut first = true;
                while self.next_element(first)? {
                    first = false;
                    self.skip()?;
                }
                Ok(())
            }
            b'{' => {
                self.begin_object("any JSON value")?;
                let mut first = true;
                while self.next_key(first)?.is_some() {
                    first = false;
                    self.skip()?;
                }
                Ok(())
            }
            _ => Err(self.syntax_here("expected value")),
        }
    }
}

/// A number as serde quotes it in an error.
fn describe(n: Num) -> String {
    match n {
        Num::Unsigned(n) => format!("integer `{n}`"),
        Num::Signed(n) => format!("integer `{n}`"),
        Num::Float(f) => {
            let text = f.to_string();
            match text.contains(['.', 'e', 'E']) {
                true => format!("floating point `{text}`"),
                false => format!("floating point `{text}.0`"),
            }
        }
    }
}
