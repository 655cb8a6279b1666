//! Options in: a serde `Deserializer` over JS values, for the serde derives of [`super`].
//!
//! It reads only what options are made of (strings, numbers, booleans, `null`/`undefined`,
//! objects with known fields, string enums, and JS values kept whole by [`preserve`]), and it
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

    fn invalid_length(_: usize, expected: &dyn Expected) -> Self {
        Self::expected(expected)
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

/// The name under which [`preserve`] asks for the JS value itself.
const PRESERVE: &str = "cfsign::JsValue";

/// The value [`preserve`] asked for, between the deserializer and its visitor.
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
            const EXACT: f64 = 9_007_199_254_740_992.0;
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
        visitor.visit_map(Fields {
            object: self.0,
            fields: fields.iter(),
            next: None,
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
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// An object's fields, each read once with `Reflect.get`; an absent one (`undefined`) is skipped,
/// so that serde gives it its default.
struct Fields {
    object: JsValue,
    fields: core::slice::Iter<'static, &'static str>,
    next: Option<(&'static str, JsValue)>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        for &field in &mut self.fields {
            let value = reflect_get(&self.object, &name(field)).map_err(|_| DeError {
                field: Some(field),
                message: "could not be read (a getter or Proxy threw)".to_string(),
            })?;
            if !value.is_undefined() {
                self.next = Some((field, value));
                return seed
                    .deserialize(de::value::BorrowedStrDeserializer::new(field))
                    .map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let (field, value) = self
            .next
            .take()
            .ok_or_else(|| DeError::new("a value was read before its key"))?;
        seed.deserialize(Value(value)).map_err(|mut e| {
            e.field.get_or_insert(field);
            e
        })
    }
}

/// `#[serde(with = "preserve")]`: the JS value itself (a date, a key's bytes), read later.
pub(crate) mod preserve {
    use super::*;

    /// The field's JS value as it was given.
    pub(crate) fn deserialize<'de, D: de::Deserializer<'de>>(d: D) -> Result<JsValue, D::Error> {
        struct Whole;
        impl Visitor<'_> for Whole {
            type Value = JsValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JavaScript value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<JsValue, E> {
                Ok(PRESERVED.with(|p| p.replace(JsValue::UNDEFINED)))
            }
        }
        d.deserialize_newtype_struct(PRESERVE, Whole)
    }
}
