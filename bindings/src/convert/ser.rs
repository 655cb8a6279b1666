//! Results as plain JS values, from their serde derives: what `serde-wasm-bindgen`'s
//! `json_compatible` serializer wrote, for the shapes results have (strings, numbers, booleans,
//! `null`, arrays, objects with string keys), without `std` (see the crate's docs).
//!
//! Objects are plain objects (not `Map`s), `None` is `null` (a field skipped by
//! `skip_serializing_if` is absent), integers are numbers. Nothing else is a result: enums with
//! data, bytes and maps with other keys are a bug in a result type (never caused by input), which
//! traps.

use alloc::string::String;
use core::fmt;

use js_sys::{Array, Object, Reflect};
use serde::ser::{self, Impossible, Serialize};
use wasm_bindgen::JsValue;

use super::de::name;

/// A result that has no JS form here: a bug in a result type, never caused by input, so it traps
/// as a panic does (see the crate's docs). The error type has no values: every result is written,
/// and the serializer's error paths are not linked.
#[derive(Debug)]
pub(crate) enum SerError {}

impl fmt::Display for SerError {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

impl core::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        bug()
    }
}

/// A result type with no JS form (bytes, enums with data, maps with other keys): a bug.
fn bug() -> ! {
    core::arch::wasm32::unreachable()
}

/// Writes one value.
pub(crate) struct Serializer;

/// An array being written.
pub(crate) struct Seq(Array);

/// An object being written, with the key of the member whose value comes next.
pub(crate) struct Obj(Object, JsValue);

type Result<T = JsValue> = core::result::Result<T, SerError>;

/// `object[key] = value` on a plain object just made: cannot throw.
fn set(object: &Object, key: &JsValue, value: &JsValue) {
    let _ = Reflect::set(object, key, value);
}

impl ser::Serializer for Serializer {
    type Ok = JsValue;
    type Error = SerError;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Impossible<JsValue, SerError>;
    type SerializeMap = Obj;
    type SerializeStruct = Obj;
    type SerializeStructVariant = Impossible<JsValue, SerError>;

    fn serialize_bool(self, v: bool) -> Result {
        Ok(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result {
        Ok(JsValue::from_f64(v as f64))
    }
    fn serialize_u8(self, v: u8) -> Result {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result {
        Ok(JsValue::from_f64(v as f64))
    }
    fn serialize_f32(self, v: f32) -> Result {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result {
        Ok(JsValue::from_f64(v))
    }
    fn serialize_char(self, v: char) -> Result {
        let mut buf = [0; 4];
        Ok(JsValue::from_str(v.encode_utf8(&mut buf)))
    }
    fn serialize_str(self, v: &str) -> Result {
        Ok(JsValue::from_str(v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        bug()
    }
    fn serialize_none(self) -> Result {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        Ok(JsValue::from_str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        bug()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq> {
        Ok(Seq(Array::new()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Seq> {
        Ok(Seq(Array::new()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Seq> {
        Ok(Seq(Array::new()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        bug()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Obj> {
        Ok(Obj(Object::new(), JsValue::UNDEFINED))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Obj> {
        Ok(Obj(Object::new(), JsValue::UNDEFINED))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        bug()
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        use core::fmt::Write;
        let mut s = String::new();
        let _ = write!(s, "{value}");
        Ok(JsValue::from_str(&s))
    }
}

impl Seq {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.0.push(&value.serialize(Serializer)?);
        Ok(())
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = JsValue;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = JsValue;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result {
        Ok(self.0.into())
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = JsValue;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result {
        Ok(self.0.into())
    }
}

impl ser::SerializeMap for Obj {
    type Ok = JsValue;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let key = key.serialize(Serializer)?;
        if !key.is_string() {
            bug();
        }
        self.1 = key;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        set(&self.0, &self.1, &value.serialize(Serializer)?);
        Ok(())
    }
    fn end(self) -> Result {
        Ok(self.0.into())
    }
}

impl ser::SerializeStruct for Obj {
    type Ok = JsValue;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        set(&self.0, &name(key), &value.serialize(Serializer)?);
        Ok(())
    }
    fn end(self) -> Result {
        Ok(self.0.into())
    }
}
