//! Options in: a serde `Deserializer` over JS values, for the serde derives of [`super`].
//!
//! It reads only what options are made of (strings, numbers, booleans, `null`/`undefined`,
//! objects with known fields, string enums, and JS values kept whole by [`Whole`]), and it
//! differs from `serde-wasm-bindgen`'s on three points, each measured or required:
//! - every property is read by `Reflect.get` with the exception caught, so the caller's getters
//!   and Proxy traps never throw through the WebAssembly frames (an exception unwinding through
//!   them skips wasm-bindgen's clean-up, and enough of them break the instance for good), and no
//!   copy of the options is made first;
//! - its errors never describe the value they refused (it could be a secret given to the wrong
//!   option), only the option and what was expected, so serde's description of the value, and the
//!   float formatting it needs, are not linked: 17 KB less WebAssembly;
//! - it reads one property per field, where `serde-wasm-bindgen` also asks `in` for each absent
//!   one and looks every name up in a table: a `Signer` call reads its options about 0.5 µs sooner.
//!
//! A struct is read as a sequence of its fields, in their order (see [`Fields`]): the derived
//! `visit_map` and its matching of names are never linked (0.5 KB gzipped). The derived
//! `visit_seq` stops at the first required field absent: the properties after it are not read,
//! and the error names it even where a later one also has the wrong type.

use crate::local::Local;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, DeserializeOwned, Expected, IntoDeserializer, Unexpected, Visitor};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
}

/// Why options could not be read: the option (when known) and what was expected of it.
#[derive(Debug)]
pub(crate) struct DeError {
    /// The option's name, once known.
    pub(crate) field: Option<&'static str>,
    /// What was expected, or what went wrong.
    pub(crate) message: String,
}

impl DeError {
    fn new(message: impl fmt::Display) -> Self {
        Self {
            field: None,
            message: message.to_string(),
        }
    }

    /// The error, named after `field` unless it already names one (a field within it).
    #[inline(never)]
    fn in_field(mut self, field: &'static str) -> Self {
        self.field.get_or_insert(field);
        self
    }

    fn expected(expected: &dyn Expected) -> Self {
        Self::new(format_args!("has the wrong type: expected {expected}"))
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "{field} {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl core::error::Error for DeError {}

// Each method serde calls with the refused value is replaced by one that leaves the value out.
impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(msg)
    }

    fn invalid_type(_: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::expected(expected)
    }

    fn invalid_value(_: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::expected(expected)
    }

    /// Only the derived `visit_seq` of a struct (see [`Fields`]) asks for a length, when a
    /// required field is absent: [`Fields`] names it.
    fn invalid_length(_: usize, _: &dyn Expected) -> Self {
        Self::new("is required")
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        Self::new(format_args!("is none of {}", expected.join(", ")))
    }

    fn missing_field(field: &'static str) -> Self {
        Self {
            field: Some(field),
            message: "is required".to_string(),
        }
    }
}

/// Reads a `T` from a JS value.
pub(crate) fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, DeError> {
    T::deserialize(Value(value))
}

/// A JS value being read.
struct Value(JsValue);

/// 2^53: JS numbers are exact integers up to it.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// The name under which [`Whole`] asks for the JS value itself.
const PRESERVE: &str = "cfsign::JsValue";

/// The value [`Whole`] asked for, between the deserializer and its visitor.
static PRESERVED: Local<JsValue> = Local::new(JsValue::UNDEFINED);
/// The fields' names as JS strings, made once each (by their address and length: they are
/// `'static`).
static NAMES: Local<Vec<((usize, usize), JsValue)>> = Local::new(Vec::new());

/// `field` as a JS string.
pub(super) fn name(field: &'static str) -> JsValue {
    let address = (field.as_ptr() as usize, field.len());
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        match names.iter().find(|(a, _)| *a == address) {
            Some((_, name)) => name.clone(),
            None => {
                let name = JsValue::from_str(field);
                names.push((address, name.clone()));
                name
            }
        }
    })
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let v = self.0;
        if v.is_undefined() || v.is_null() {
            visitor.visit_unit()
        } else if let Some(b) = v.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = v.as_f64() {
            // Whole numbers as integers (a JS number is exact up to 2^53), so that integer
            // fields take them; anything else as a float.
            if n == (n as i64) as f64 && n.abs() <= EXACT {
                if n >= 0.0 {
                    visitor.visit_u64(n as u64)
                } else {
                    visitor.visit_i64(n as i64)
                }
            } else {
                visitor.visit_f64(n)
            }
        } else if let Some(s) = v.as_string() {
            visitor.visit_string(s)
        } else {
            Err(DeError::expected(&visitor))
        }
    }

    // The types options are made of, each read by the one test it needs: a field then links
    // neither `deserialize_any`'s tests for the other types nor its visitor's refusals of them
    // (the error is the same: the field and what it expects).

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(DeError::expected(&visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.as_f64() {
            // Whole, and exact (a JS number is exact up to 2^53).
            Some(n) if (0.0..=EXACT).contains(&n) && n == (n as u64) as f64 => {
                visitor.visit_u64(n as u64)
            }
            _ => Err(DeError::expected(&visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.as_f64() {
            Some(n) => visitor.visit_f64(n),
            None => Err(DeError::expected(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.as_string() {
            Some(s) => visitor.visit_string(s),
            None => Err(DeError::expected(&visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.0.is_undefined() || self.0.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if !self.0.is_object() {
            return Err(DeError::new("must be an object"));
        }
        let mut fields = Fields {
            object: self.0,
            fields: fields.iter(),
            current: None,
        };
        // The derived visitor stops at the first error: that of the field read last (its value,
        // or its absence where it is required), named after it unless it names one within it.
        visitor
            .visit_seq(&mut fields)
            .map_err(|e| match fields.current {
                Some(field) => e.in_field(field),
                None => e,
            })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.0.as_string() {
            Some(s) => visitor.visit_enum(s.into_deserializer()),
            None => Err(DeError::expected(&visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == PRESERVE {
            PRESERVED.with(|p| *p.borrow_mut() = self.0);
            visitor.visit_unit()
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u128 f32 char bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// An object's fields, read in the order of the struct's `fields` as a sequence, one
/// `Reflect.get` each: the derived visitor's `visit_seq` takes them by position, so its
/// `visit_map` (the loop over keys and the matching of names) is never linked. An absent property
/// (`undefined`) is `None`, which the derived code answers with the field's default, or for a
/// required field with `invalid_length` ("is required").
struct Fields {
    object: JsValue,
    fields: core::slice::Iter<'static, &'static str>,
    /// The field read last.
    current: Option<&'static str>,
}

impl Fields {
    /// The next field's value, `None` when it is absent (not generic: one copy for every field).
    #[inline(never)]
    fn next_value(&mut self) -> Result<Option<JsValue>, DeError> {
        let Some(&field) = self.fields.next() else {
            return Ok(None);
        };
        self.current = Some(field);
        let value = reflect_get(&self.object, &name(field)).map_err(|_| DeError {
            field: Some(field),
            message: "could not be read (a getter or Proxy threw)".to_string(),
        })?;
        Ok((!value.is_undefined()).then_some(value))
    }
}

impl<'de> de::SeqAccess<'de> for Fields {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.next_value()? {
            Some(value) => seed.deserialize(Value(value)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// A JS value kept whole (a date, a key's bytes), read later: one type for every such field, so
/// that reading one is a single copy of code for all the option structs.
#[derive(Default)]
pub(crate) struct Whole(pub(crate) JsValue);

impl<'de> de::Deserialize<'de> for Whole {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl Visitor<'_> for Visit {
            type Value = Whole;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JavaScript value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Whole, E> {
                Ok(Whole(PRESERVED.with(|p| p.replace(JsValue::UNDEFINED))))
            }
        }
        d.deserialize_newtype_struct(PRESERVE, Visit)
    }
}
