//! How every generated type crosses the wire: a JSON reader and writer written once, driven by a
//! field table per object type ([`Shape`]), so that a generated type adds a table to compile,
//! not a serde visitor.
//!
//! Each object's `object!` call declares a `Shape`: per field its wire name, its place in the
//! struct, how it crosses the wire ([`Kind`]) and the [`Codec`] of its Rust type (the functions
//! that read, write, show and drop a value of that type, one set per type for the whole crate).
//! [`read_into`], [`write_object`] and [`debug_object`] are the only code that walks an object,
//! for every object type. serde's `Serialize` and `Deserialize` remain for the types' users: they
//! go through JSON text ([`deserialize`], [`serialize`]), slower than the client's own path
//! ([`from_slice`], [`to_vec`]) but the same values.

mod bridge;
mod read;
#[cfg(test)]
mod tests;
mod write;

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error, realloc};
use std::collections::BTreeMap;
use std::fmt;
use std::mem::MaybeUninit;

use serde_json::{Map, Number, Value};

pub use bridge::{deserialize, serialize};
pub use read::{DecodeError, Num, Reader};
pub use write::Writer;

use crate::lossless::NullFields;
use crate::nullable::{EmptyString, Nullable};

/// A type that reads itself from and writes itself to JSON through [`Reader`] and [`Writer`].
pub trait Json: Sized + fmt::Debug {
    /// Reads one value.
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError>;

    /// Reads one value into `place`: what a field table calls. Objects and lists read in place,
    /// so that no value of theirs is moved out of a `Result` per type.
    ///
    /// # Safety
    ///
    /// `place` is a writable place for a `Self`, holding none; it holds one when this succeeds.
    #[doc(hidden)]
    unsafe fn read_at(r: &mut Reader<'_>, place: *mut u8) -> Result<(), DecodeError> {
        // SAFETY: as the caller promises.
        unsafe { read_moved::<Self>(r, place) }
    }

    /// Writes the value.
    fn write(&self, w: &mut Writer);

    /// `Debug` of the value at `place`: what a field table calls. Lists show their items
    /// through the item's codec, so that a list type adds no loop of its own.
    ///
    /// # Safety
    ///
    /// `place` holds a `Self`.
    #[doc(hidden)]
    unsafe fn debug_at(place: *const u8, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: as the caller promises.
        fmt::Debug::fmt(unsafe { &*place.cast::<Self>() }, f)
    }

    /// Whether, as an object's field, the value is left out (`None`, `Nullable::Absent`).
    fn is_absent(&self) -> bool {
        false
    }

    /// The value of a field that the answer left out, if the type has one (`None`); a field
    /// of any other type is required.
    fn absent() -> Option<Self> {
        None
    }

    /// Whether the type has a left-out value (`absent` gives one): only then does a field table
    /// hold the functions that handle it.
    const HAS_ABSENT: bool = false;

    /// Puts [`Json::absent`] into `place`, if the type has one: what a field table calls for a
    /// field the answer left out.
    ///
    /// # Safety
    ///
    /// `place` is a writable place for a `Self`, holding none.
    #[doc(hidden)]
    unsafe fn absent_at(place: *mut u8) {
        if let Some(value) = Self::absent() {
            // SAFETY: as the caller promises.
            unsafe { place.cast::<Self>().write(value) };
        }
    }

    /// The functions a field table calls for a value of this type.
    const CODEC: &'static Codec = &Codec::of::<Self>();
}

/// Writes a value; what a request envelope holds (a body, a constant).
pub trait Write {
    fn write_json(&self, w: &mut Writer);
}

impl<T: Json> Write for T {
    fn write_json(&self, w: &mut Writer) {
        self.write(w)
    }
}

impl Write for &str {
    fn write_json(&self, w: &mut Writer) {
        w.str(self)
    }
}

/// Reads a whole JSON text as a `T`, nothing but whitespace after it.
pub fn from_slice<T: Json>(bytes: &[u8]) -> Result<T, DecodeError> {
    let mut r = Reader::new(bytes);
    let value = T::read(&mut r)?;
    r.finish()?;
    Ok(value)
}

/// A value as compact JSON text.
pub fn to_vec<T: Write + ?Sized>(value: &T) -> Vec<u8> {
    let mut w = Writer::new();
    value.write_json(&mut w);
    w.into_bytes()
}

/// What a field table calls for one Rust type, each function on a pointer to a value of it.
pub struct Codec {
    /// Reads a value into the uninitialized place.
    pub(crate) read: unsafe fn(&mut Reader<'_>, *mut u8) -> Result<(), DecodeError>,
    /// Writes the value at the place.
    write: unsafe fn(*const u8, &mut Writer),
    /// Whether the value at the place is left out; `None` for a type that has no such value.
    is_absent: Option<unsafe fn(*const u8) -> bool>,
    /// Puts the left-out value into the uninitialized place; `None` for a required type.
    absent: Option<unsafe fn(*mut u8)>,
    debug: DebugAt,
    pub(crate) drop: unsafe fn(*mut u8),
}

impl Codec {
    /// Writes the value at `place`.
    ///
    /// # Safety
    ///
    /// `place` holds a value of this codec's type.
    pub(crate) unsafe fn write(&self, place: *const u8, w: &mut Writer) {
        // SAFETY: as the caller promises.
        unsafe { (self.write)(place, w) }
    }

    /// Whether the value at `place` is left out.
    ///
    /// # Safety
    ///
    /// `place` holds a value of this codec's type.
    unsafe fn is_absent(&self, place: *const u8) -> bool {
        // SAFETY: as the caller promises.
        self.is_absent.is_some_and(|f| unsafe { f(place) })
    }

    /// Puts the left-out value into `place`; false for a type without one.
    ///
    /// # Safety
    ///
    /// `place` is a writable place for a value of this codec's type, holding none.
    unsafe fn absent(&self, place: *mut u8) -> bool {
        match self.absent {
            Some(f) => {
                // SAFETY: as the caller promises.
                unsafe { f(place) };
                true
            }
            None => false,
        }
    }
}

impl Codec {
    /// The functions for `T`.
    pub const fn of<T: Json>() -> Codec {
        Codec {
            read: T::read_at,
            write: write_at::<T>,
            is_absent: match T::HAS_ABSENT {
                true => Some(is_absent_at::<T>),
                false => None,
            },
            absent: match T::HAS_ABSENT {
                true => Some(T::absent_at),
                false => None,
            },
            debug: T::debug_at,
            drop: drop_at::<T>,
        }
    }
}

// The functions instantiated per type avoid `?`: in an unoptimized build each use is two more
// functions per type.
/// `Json::read_at` for a type that reads by value.
///
/// # Safety
///
/// As for `Json::read_at`.
unsafe fn read_moved<T: Json>(r: &mut Reader<'_>, place: *mut u8) -> Result<(), DecodeError> {
    match T::read(r) {
        Ok(value) => {
            // SAFETY: the caller gives a place for a `T` (the field table is built with the
            // field's own type, see `Field`), writable and not holding a value.
            unsafe { place.cast::<T>().write(value) };
            Ok(())
        }
        Err(e) => Err(e),
    }
}

unsafe fn write_at<T: Json>(place: *const u8, w: &mut Writer) {
    // SAFETY: the caller gives a place holding a `T`.
    unsafe { &*place.cast::<T>() }.write(w)
}

unsafe fn is_absent_at<T: Json>(place: *const u8) -> bool {
    // SAFETY: as for `write_at`.
    unsafe { &*place.cast::<T>() }.is_absent()
}

unsafe fn drop_at<T: Json>(place: *mut u8) {
    // SAFETY: the caller gives a place holding a `T` that nothing reads after.
    unsafe { place.cast::<T>().drop_in_place() }
}

/// How a field crosses the wire (`object!`'s word for it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A `T`: absent or `null` is an error naming the field.
    Required,
    /// An `Option<T>`: `null` reads as `None` and is remembered in the object's `nulls`, so that
    /// it is written back as `null`.
    Optional,
    /// A `Nullable<T>`, which keeps all three states itself.
    Nullable,
    /// A required `serde_json::Value`, of which `null` is one value.
    Json,
}

/// One field of an object's table.
pub struct Field {
    /// The Rust field's name, as `Debug` shows it (`type` for `r#type`).
    pub rust: &'static str,
    pub wire: &'static str,
    /// Where the field is in the struct (`offset_of!`).
    pub offset: usize,
    pub kind: Kind,
    /// `Debug` shows `"<redacted>"` for the value.
    pub secret: bool,
    /// The codec of the field's Rust type (`Option<T>` for an optional one).
    pub codec: &'static Codec,
}

/// An object type's field table.
pub struct Shape {
    /// The type's name, for messages (`a Job object`) and `Debug`.
    pub name: &'static str,
    /// `a Job object`.
    pub expecting: &'static str,
    pub size: usize,
    pub fields: &'static [Field],
    /// Where `extra` (a `serde_json::Map`) and `nulls` (`NullFields`) are.
    pub extra: usize,
    pub nulls: usize,
}

/// An object type that `object!` declared with its table.
///
/// # Safety
///
/// `SHAPE` describes `Self`: `size` is its size, every field's offset is that of a field whose
/// type is the one its codec is of, `extra` and `nulls` are the offsets of a `serde_json::Map`
/// and a `NullFields`, and these are all of `Self`'s fields. `object!` builds it so.
pub unsafe trait Object: Sized {
    const SHAPE: Shape;
}

/// Which fields of an object being read hold a value, to drop them if reading fails.
struct Partial<'s> {
    shape: &'s Shape,
    place: *mut u8,
    /// Bit `i`: field `i` is written (the first 128 fields; the others in `more`).
    set: u128,
    more: Vec<bool>,
}

impl Partial<'_> {
    fn is_set(&self, i: usize) -> bool {
        match i < 128 {
            true => self.set & (1 << i) != 0,
            false => self.more.get(i - 128).copied().unwrap_or(false),
        }
    }

    fn mark(&mut self, i: usize) {
        match i < 128 {
            true => self.set |= 1 << i,
            false => {
                if self.more.len() <= i - 128 {
                    self.more.resize(i - 127, false);
                }
                self.more[i - 128] = true;
            }
        }
    }
}

impl Drop for Partial<'_> {
    fn drop(&mut self) {
        for (i, field) in self.shape.fields.iter().enumerate() {
            if self.is_set(i) {
                // SAFETY: the field was written and is dropped once, here.
                unsafe { (field.codec.drop)(self.place.add(field.offset)) }
            }
        }
    }
}

/// Reads an object by its table into `place` (`object!`'s `Json::read_at`): every known field
/// as absent, `null` or a value, which optional ones were `null`, and every other member into
/// `extra`.
///
/// # Safety
///
/// `place` is a writable place for a value of the type `shape` describes, holding none.
pub unsafe fn read_into(
    r: &mut Reader<'_>,
    shape: &Shape,
    place: *mut u8,
) -> Result<(), DecodeError> {
    r.begin_object(shape.expecting)?;
    r.charge(shape.size)?;
    let mut partial = Partial {
        shape,
        place,
        set: 0,
        more: Vec::new(),
    };
    let mut extra = Map::new();
    let mut nulls = NullFields::default();
    let mut first = true;
    // Members mostly come in the table's order: the search starts after the last one found.
    let mut next = 0;
    while let Some(key) = r.next_key(first)? {
        first = false;
        let Some(i) = find(shape.fields, next, &key) else {
            r.unknown(key, &mut extra)?;
            continue;
        };
        next = i + 1;
        let field = &shape.fields[i];
        if partial.is_set(i) {
            return Err(r.data_error(format_args!("duplicate field `{}`", field.wire)));
        }
        // SAFETY: the field's place in `place`, of the codec's type, not written yet.
        let slot = unsafe { place.add(field.offset) };
        match field.kind {
            Kind::Required if r.peek() == Some(b'n') => {
                r.null()?;
                return Err(r.data_error(format_args!(
                    "field `{}` is null, but the document requires a value",
                    field.wire
                )));
            }
            Kind::Optional if r.peek() == Some(b'n') => {
                r.null()?;
                nulls.insert(field.wire);
                // SAFETY: as above. An optional field's type (`Option<T>`) has an absent value;
                // were it to have none, the field would stay unwritten and unmarked.
                if !unsafe { field.codec.absent(slot) } {
                    return Err(r.data_error(format_args!(
                        "field `{}` is null, but the document requires a value",
                        field.wire
                    )));
                }
            }
            _ => unsafe { (field.codec.read)(r, slot)? },
        }
        partial.mark(i);
    }
    for (i, field) in shape.fields.iter().enumerate() {
        if !partial.is_set(i) {
            // SAFETY: as above.
            match unsafe { field.codec.absent(place.add(field.offset)) } {
                true => partial.mark(i),
                false => return Err(r.data_error(format_args!("missing field `{}`", field.wire))),
            }
        }
    }
    // SAFETY: `extra` and `nulls` are the shape's places of these types, not written yet.
    unsafe {
        place
            .add(shape.extra)
            .cast::<Map<String, Value>>()
            .write(extra);
        place.add(shape.nulls).cast::<NullFields>().write(nulls);
    }
    std::mem::forget(partial);
    Ok(())
}

/// The index of the field named `wire`, looked for from `from` on, then before it.
fn find(fields: &[Field], from: usize, wire: &str) -> Option<usize> {
    let from = from.min(fields.len());
    let (before, after) = fields.split_at(from);
    match after.iter().position(|f| f.wire == wire) {
        Some(i) => Some(from + i),
        None => before.iter().position(|f| f.wire == wire),
    }
}

/// Writes an object by its table (`object!`'s `Json::write`): the fields that are set, `null`
/// for those in `nulls`, then `extra`. One function for every object type.
///
/// # Safety
///
/// `place` holds a value of the type `shape` describes.
pub unsafe fn write_object(shape: &Shape, place: *const u8, w: &mut Writer) {
    w.begin_object();
    // SAFETY: as the caller promises.
    unsafe { write_from(shape, place, w) };
    w.end_object();
}

/// [`write_object`] without the braces, for an envelope that puts constants beside them.
///
/// # Safety
///
/// `place` holds a value of the type `shape` describes.
pub(crate) unsafe fn write_from(shape: &Shape, place: *const u8, w: &mut Writer) {
    // SAFETY: the shape's places of these types.
    let (extra, nulls) = unsafe {
        (
            &*place.add(shape.extra).cast::<Map<String, Value>>(),
            &*place.add(shape.nulls).cast::<NullFields>(),
        )
    };
    for field in shape.fields {
        // SAFETY: the field's place, holding a value of its codec's type.
        let slot = unsafe { place.add(field.offset) };
        if unsafe { field.codec.is_absent(slot) } {
            if field.kind == Kind::Optional && nulls.contains(field.wire) {
                w.key(field.wire);
                w.null();
            }
            continue;
        }
        w.key(field.wire);
        unsafe { (field.codec.write)(slot, w) };
    }
    for (key, value) in extra {
        w.key(key);
        w.value(value);
    }
}

/// A value shown through its codec: a field's, a list item's, an option's.
///
/// Whoever builds one gives the place of a value of the codec's type, alive while it is shown.
struct Via(DebugAt, *const u8);

/// How a codec shows the value at a place ([`Json::debug_at`]).
type DebugAt = unsafe fn(*const u8, &mut fmt::Formatter<'_>) -> fmt::Result;

impl fmt::Debug for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: as whoever built it promises.
        unsafe { (self.0)(self.1, f) }
    }
}

/// An object's `Debug` by its table (`object!`'s): its fields by Rust name (a secret one as
/// `"<redacted>"`, or `Some("<redacted>")` when an optional one is set), then the names of
/// `extra`, and `nulls`.
///
/// # Safety
///
/// `place` holds a value of the type `shape` describes.
pub unsafe fn debug_object(
    shape: &Shape,
    place: *const u8,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let mut out = f.debug_struct(shape.name);
    for field in shape.fields {
        // SAFETY: the field's place, holding a value of its codec's type.
        let slot = unsafe { place.add(field.offset) };
        let absent = unsafe { field.codec.is_absent(slot) };
        let name = field.rust.strip_prefix("r#").unwrap_or(field.rust);
        match (field.secret, field.kind) {
            (false, _) => out.field(name, &Via(field.codec.debug, slot)),
            (true, Kind::Optional) if absent => out.field(name, &None::<&str>),
            (true, Kind::Optional) => out.field(name, &Some("<redacted>")),
            (true, _) => out.field(name, &"<redacted>"),
        };
    }
    // SAFETY: the shape's places of these types.
    let (extra, nulls) = unsafe {
        (
            &*place.add(shape.extra).cast::<Map<String, Value>>(),
            &*place.add(shape.nulls).cast::<NullFields>(),
        )
    };
    out.field("extra", &extra.keys())
        .field("nulls", nulls)
        .finish()
}

/// A reader of one `T`, such as one variant of a `one_of`.
pub type ReadFn<T> = fn(&mut Reader<'_>) -> Result<T, DecodeError>;

/// Reads a `one_of`: each of `variants` in turn on the value's text, the first that reads all of
/// it winning (charged to the budget as that variant read it).
pub fn read_one_of<T>(
    r: &mut Reader<'_>,
    name: &str,
    variants: &[ReadFn<T>],
) -> Result<T, DecodeError> {
    let raw = r.raw()?;
    for read in variants {
        let mut sub = r.sub(raw);
        if let Ok(value) = read(&mut sub).and_then(|value| sub.finish().map(|()| value)) {
            r.spent(&sub);
            return Ok(value);
        }
    }
    Err(r.data_error(format_args!(
        "data did not match any variant of untagged enum {name}"
    )))
}

impl Json for String {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.str().map(|s| s.into_owned())
    }
    fn write(&self, w: &mut Writer) {
        w.str(self)
    }
}

impl Json for i64 {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.i64()
    }
    fn write(&self, w: &mut Writer) {
        w.i64(*self)
    }
}

impl Json for bool {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.bool()
    }
    fn write(&self, w: &mut Writer) {
        w.bool(*self)
    }
}

impl Json for Number {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.number().map(Num::number)
    }
    fn write(&self, w: &mut Writer) {
        w.number(self)
    }
}

impl Json for Value {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.value()
    }
    fn write(&self, w: &mut Writer) {
        w.value(self)
    }
}

impl Json for () {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.null()? {
            true => Ok(()),
            false => Err(r.invalid_type("unit")),
        }
    }
    fn write(&self, w: &mut Writer) {
        w.null()
    }
}

impl Json for EmptyString {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let s = r.str()?;
        match s.is_empty() {
            true => Ok(EmptyString),
            false => Err(r.data_error(format_args!(
                "invalid value: string {s:?}, expected an empty string"
            ))),
        }
    }
    fn write(&self, w: &mut Writer) {
        w.str("")
    }
}

impl<T: Json> Json for Option<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.null() {
            Ok(true) => Ok(None),
            Ok(false) => match T::read(r) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        }
    }
    /// `null` or a `T` read in its own place (an object by its table), moved into `Some`: one
    /// function per optional type, not a by-value read per layer.
    #[allow(
        clippy::question_mark,
        reason = "`?` would instantiate two conversion functions per type"
    )]
    unsafe fn read_at(r: &mut Reader<'_>, place: *mut u8) -> Result<(), DecodeError> {
        let place = place.cast::<Self>();
        match r.null() {
            // SAFETY: the caller gives a writable place for an `Option<T>`.
            Ok(true) => unsafe { place.write(None) },
            Ok(false) => {
                let mut value = MaybeUninit::<T>::uninit();
                // SAFETY: `value` is a place for a `T`, holding none.
                if let Err(e) = unsafe { T::read_at(r, value.as_mut_ptr().cast()) } {
                    return Err(e);
                }
                // SAFETY: `read_at` succeeded, so `value` holds a `T`; the place is as above.
                unsafe { place.write(Some(value.assume_init())) }
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }
    fn write(&self, w: &mut Writer) {
        match self {
            Some(value) => value.write(w),
            None => w.null(),
        }
    }
    /// `None`, or `Some(..)` with the value shown through its codec, as `Option`'s `Debug`.
    unsafe fn debug_at(place: *const u8, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: the caller gives a place holding an `Option<T>`.
        match unsafe { &*place.cast::<Self>() } {
            None => f.write_str("None"),
            Some(value) => {
                let value = Via(T::debug_at, (value as *const T).cast());
                f.debug_tuple("Some").field(&value).finish()
            }
        }
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
    unsafe fn absent_at(place: *mut u8) {
        // SAFETY: the caller gives a writable place for an `Option<T>`.
        unsafe { place.cast::<Self>().write(None) }
    }
    const HAS_ABSENT: bool = true;
}

impl<T: Json> Json for Nullable<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.null() {
            Ok(true) => Ok(Nullable::Null),
            Ok(false) => match T::read(r) {
                Ok(value) => Ok(Nullable::Value(value)),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        }
    }
    /// As `Option`'s: `null`, or a `T` read in its own place and moved into `Value`. (Written
    /// out twice on purpose: one generic helper taking `null` and the wrapping function made
    /// every optional type's reader larger, 0.15 MB more machine code on 8 copies.)
    #[allow(
        clippy::question_mark,
        reason = "`?` would instantiate two conversion functions per type"
    )]
    unsafe fn read_at(r: &mut Reader<'_>, place: *mut u8) -> Result<(), DecodeError> {
        let place = place.cast::<Self>();
        match r.null() {
            // SAFETY: the caller gives a writable place for a `Nullable<T>`.
            Ok(true) => unsafe { place.write(Nullable::Null) },
            Ok(false) => {
                let mut value = MaybeUninit::<T>::uninit();
                // SAFETY: `value` is a place for a `T`, holding none.
                if let Err(e) = unsafe { T::read_at(r, value.as_mut_ptr().cast()) } {
                    return Err(e);
                }
                // SAFETY: `read_at` succeeded, so `value` holds a `T`; the place is as above.
                unsafe { place.write(Nullable::Value(value.assume_init())) }
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }
    fn write(&self, w: &mut Writer) {
        match self {
            Nullable::Value(value) => value.write(w),
            Nullable::Absent | Nullable::Null => w.null(),
        }
    }
    fn is_absent(&self) -> bool {
        Nullable::is_absent(self)
    }
    fn absent() -> Option<Self> {
        Some(Nullable::Absent)
    }
    unsafe fn absent_at(place: *mut u8) {
        // SAFETY: the caller gives a writable place for a `Nullable<T>`.
        unsafe { place.cast::<Self>().write(Nullable::Absent) }
    }
    const HAS_ABSENT: bool = true;
}

impl<T: Json> Json for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_value::<Self>(r)
    }
    unsafe fn read_at(r: &mut Reader<'_>, place: *mut u8) -> Result<(), DecodeError> {
        let element = Element {
            codec: T::CODEC,
            size: size_of::<T>(),
            align: align_of::<T>(),
        };
        match read_elements(r, &element) {
            Ok((items, len, capacity)) => {
                // SAFETY: `read_elements` wrote `len` values with `T`'s codec into `items`,
                // which it allocated from the global allocator with `T`'s alignment and room
                // for `capacity` values of `T`'s size, or, with `capacity` 0, left dangling and
                // aligned (a zero-sized `T` is never allocated, and has room for any number).
                let items = unsafe { Vec::from_raw_parts(items.cast::<T>(), len, capacity) };
                // SAFETY: as the caller promises.
                unsafe { place.cast::<Self>().write(items) };
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
    fn write(&self, w: &mut Writer) {
        let items = Items::of(self);
        // SAFETY: `of` describes this list's items.
        unsafe { items.write(w) }
    }
    unsafe fn debug_at(place: *const u8, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: the caller gives a place holding a `Vec<T>`.
        let items = Items::of(unsafe { &*place.cast::<Self>() });
        // SAFETY: as for `write`.
        unsafe { items.debug(f) }
    }
}

/// A list's items as the codec of their type sees them: one loop writes and shows every list.
struct Items {
    first: *const u8,
    len: usize,
    size: usize,
    codec: &'static Codec,
}

impl Items {
    fn of<T: Json>(items: &[T]) -> Items {
        Items {
            first: items.as_ptr().cast(),
            len: items.len(),
            size: size_of::<T>(),
            codec: T::CODEC,
        }
    }

    /// # Safety
    ///
    /// `first` is where `len` values of `codec`'s type, `size` bytes apart, begin.
    unsafe fn write(&self, w: &mut Writer) {
        w.begin_array();
        for i in 0..self.len {
            w.element();
            // SAFETY: item `i`, as the caller promises.
            unsafe { (self.codec.write)(self.first.add(i * self.size), w) };
        }
        w.end_array();
    }

    /// `[a, b]` (or one item per line with `{:#?}`), as a `Vec`'s `Debug` shows it.
    ///
    /// # Safety
    ///
    /// As for [`Items::write`].
    unsafe fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: item `i`, as the caller promises.
        let item = |i: usize| Via(self.codec.debug, unsafe { self.first.add(i * self.size) });
        f.debug_list().entries((0..self.len).map(item)).finish()
    }
}

/// Reads a value through `T::read_at`, by value: `Json::read` of objects and lists.
pub fn read_value<T: Json>(r: &mut Reader<'_>) -> Result<T, DecodeError> {
    let mut value = MaybeUninit::<T>::uninit();
    // SAFETY: `value` is a place for a `T`, holding none.
    match unsafe { T::read_at(r, value.as_mut_ptr().cast()) } {
        // SAFETY: `read_at` succeeded, so it holds one.
        Ok(()) => Ok(unsafe { value.assume_init() }),
        Err(e) => Err(e),
    }
}

/// A list's element type, for [`read_elements`]: its codec, size and alignment.
struct Element {
    codec: &'static Codec,
    size: usize,
    align: usize,
}

/// Reads a list into one buffer from the global allocator, laid out as a `Vec` of the element
/// type lays out its items: the buffer, its length and its capacity. One loop for every element
/// type; on an error every element read is dropped and the buffer freed.
fn read_elements(
    r: &mut Reader<'_>,
    element: &Element,
) -> Result<(*mut u8, usize, usize), DecodeError> {
    struct Items<'e> {
        element: &'e Element,
        buffer: *mut u8,
        len: usize,
        capacity: usize,
    }
    impl Items<'_> {
        fn layout(&self, capacity: usize) -> Option<Layout> {
            let size = self.element.size.checked_mul(capacity)?;
            Layout::from_size_align(size, self.element.align).ok()
        }
    }
    impl Drop for Items<'_> {
        fn drop(&mut self) {
            for i in 0..self.len {
                // SAFETY: the first `len` elements are written and dropped once, here.
                unsafe { (self.element.codec.drop)(self.buffer.add(i * self.element.size)) };
            }
            if let Some(layout) = self.layout(self.capacity).filter(|_| self.capacity > 0) {
                // SAFETY: `buffer` was allocated with this layout.
                unsafe { dealloc(self.buffer, layout) };
            }
        }
    }
    let mut items = Items {
        element,
        buffer: std::ptr::without_provenance_mut(element.align),
        len: 0,
        capacity: 0,
    };
    r.begin_array("a sequence")?;
    let mut first = true;
    while r.next_element(first)? {
        first = false;
        // A zero-sized type needs no room: every element is at the dangling pointer.
        if element.size > 0 && items.len == items.capacity {
            let capacity = items.capacity.max(2) * 2;
            let Some(layout) = items
                .layout(capacity)
                .filter(|l| l.size() <= isize::MAX as usize)
            else {
                return Err(r.data_error(format_args!("a list too long to hold")));
            };
            let buffer = match (items.capacity, items.layout(items.capacity)) {
                // SAFETY: the layout's size is not zero (elements are not zero-sized).
                (0, _) => unsafe { alloc(layout) },
                // SAFETY: `buffer` was allocated with the old capacity's layout, and the new
                // size is not zero and fits `isize`.
                (_, Some(old)) => unsafe { realloc(items.buffer, old, layout.size()) },
                // The smaller capacity's layout was valid when it was allocated: never reached,
                // but a refusal rather than a panic.
                (_, None) => return Err(r.data_error(format_args!("a list too long to hold"))),
            };
            if buffer.is_null() {
                handle_alloc_error(layout);
            }
            items.buffer = buffer;
            items.capacity = capacity;
        }
        // SAFETY: room for element `len`, not written yet.
        let slot = unsafe { items.buffer.add(items.len * element.size) };
        // SAFETY: `slot` is a place for the element type, holding none.
        unsafe { (element.codec.read)(r, slot) }?;
        items.len += 1;
    }
    let items = std::mem::ManuallyDrop::new(items);
    // Until something is allocated, `buffer` is dangling and aligned, as an empty `Vec`'s is; a
    // zero-sized type's `Vec` has room for any number there.
    let capacity = match element.size {
        0 => usize::MAX,
        _ => items.capacity,
    };
    Ok((items.buffer, items.len, capacity))
}

impl<T: Json> Json for BTreeMap<String, T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.begin_object("a map")?;
        let mut members = BTreeMap::new();
        let mut first = true;
        while let Some(key) = r.next_key(first)? {
            first = false;
            let value = T::read(r)?;
            members.insert(key.into_owned(), value);
        }
        Ok(members)
    }
    fn write(&self, w: &mut Writer) {
        w.begin_object();
        for (key, value) in self {
            w.key(key);
            value.write(w);
        }
        w.end_object();
    }
}
