//! The JSON writer: compact JSON, strings escaped as serde_json escapes them.

use serde_json::{Number, Value};

/// Compact JSON text being written, a value at a time; the commas between members and elements
/// are its own.
#[derive(Default)]
pub struct Writer {
    out: Vec<u8>,
    /// Whether the innermost open container has no member or element yet.
    first: bool,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    /// The text written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    pub fn bool(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    pub fn i64(&mut self, value: i64) {
        use std::io::Write as _;
        // Writing into a `Vec` cannot fail.
        let _ = write!(self.out, "{value}");
    }

    pub fn number(&mut self, value: &Number) {
        // serde_json's own formatting (shortest round trip for floats); a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut self.out, value);
    }

    pub fn value(&mut self, value: &Value) {
        let _ = serde_json::to_writer(&mut self.out, value);
    }

    /// A string, `"` and `\` and control characters escaped, the rest as it is.
    pub fn str(&mut self, value: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.reserve(value.len() + 2);
        self.out.push(b'"');
        let bytes = value.as_bytes();
        let mut run = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..=0x1f => &[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(b >> 4) as usize],
                    HEX[(b & 0xf) as usize],
                ],
                _ => continue,
            };
            self.out.extend_from_slice(&bytes[run..i]);
            self.out.extend_from_slice(escape);
            run = i + 1;
        }
        self.out.extend_from_slice(&bytes[run..]);
        self.out.push(b'"');
    }

    pub fn begin_object(&mut self) {
        self.out.push(b'{');
        self.first = true;
    }

    /// A member's name and its `:`; its value is written next.
    pub fn key(&mut self, name: &str) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.str(name);
        self.out.push(b':');
    }

    pub fn end_object(&mut self) {
        self.out.push(b'}');
        self.first = false;
    }

    pub fn begin_array(&mut self) {
        self.out.push(b'[');
        self.first = true;
    }

    /// Before each element.
    pub fn element(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    pub fn end_array(&mut self) {
        self.out.push(b']');
        self.first = false;
    }
}
