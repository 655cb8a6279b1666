//! The option names of an options struct, from its own `Deserialize` derive: the derive calls
//! `deserialize_struct` with them, which [`Fields`] records and answers with an error, so nothing
//! is read. What `serde-aux`'s `serde_introspect` did, without its second pass (for enums' variant
//! names, which no options type is) and without formatting its error's message.

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The names the derive of `T` reads (after its `rename_all`), or none if `T` is no struct.
pub(crate) fn of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Fields(&mut fields));
    fields
}

/// A `Deserializer` that gives nothing: it records the names `deserialize_struct` is given.
struct Fields<'a>(&'a mut &'static [&'static str]);

/// The one error of [`Fields`]: it never gives a value. No message is formatted.
#[derive(Debug)]
struct NoValue;

impl core::fmt::Display for NoValue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("only the field names are read")
    }
}

impl de::StdError for NoValue {}

impl de::Error for NoValue {
    fn custom<M: core::fmt::Display>(_: M) -> Self {
        NoValue
    }
}

impl<'de> Deserializer<'de> for Fields<'_> {
    type Error = NoValue;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, NoValue> {
        Err(NoValue)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, NoValue> {
        *self.0 = fields;
        Err(NoValue)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}
