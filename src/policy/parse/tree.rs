//! A policy's JSON read by serde_json into a tree that keeps, for each member a policy has, whether
//! it was there and of the right type, and the keys a policy does not have. Nothing here refuses a
//! policy: only text that is not JSON fails (serde_json's error); what is wrong with the policy is
//! decided afterwards by `super::read`, in a fixed order, whatever the order of the text.
//!
//! Where serde_json's derives would decide otherwise than the reader documents, the map visitors
//! here decide:
//! - a key repeated takes its last value (a derive refuses "duplicate field");
//! - unknown keys are kept, not refused at once (a derive with `deny_unknown_fields` names the
//!   first in the text; the policy reader names the first in byte order, after the checks before);
//! - a member of the wrong type is recorded and the rest is still read, so that text that is not
//!   JSON is always refused as such, wherever the mistake is.
//!
//! Everything is read through `deserialize_any`, so serde_json's own limits hold: no raw control
//! characters or unpaired `\u` surrogates in strings, nothing after the value (no byte order mark
//! before it), containers nested at most [`MAX_DEPTH`] deep. One exception: the three values a
//! policy holds ([`Leaf`]: `Resource`, `AWS:EpochTime`, `AWS:SourceIp`) are first taken as a
//! [`RawValue`], which serde_json checks without reading numbers, then typed. There a number of
//! any size (`1e400`, which serde_json's `f64` cannot hold) is a number, so of the wrong type
//! unless it is a whole `u64`, as the reader before documented.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The deepest nesting of arrays and objects read: serde_json's (the 128th level is refused).
pub(crate) const MAX_DEPTH: u8 = 127;

/// A member as read.
#[derive(Debug, Default)]
pub(crate) enum Slot<T> {
    /// Not in the object.
    #[default]
    Absent,
    /// There, but not of the type a policy has there.
    Wrong,
    /// There, and of the right type.
    Found(T),
}

/// An object of a policy: the members it knows, and the keys it does not know, as written.
#[derive(Debug, Default)]
pub(crate) struct Object<T> {
    pub(crate) members: T,
    pub(crate) unknown: Vec<String>,
}

/// The members of one kind of policy object, read by key.
pub(crate) trait Members<'de>: Default {
    /// Reads the value of `key` from `map` when `key` is one of this object's members; `false`
    /// (nothing read) when it is not.
    fn read<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

/// `{"Statement": [...]}`.
#[derive(Debug, Default)]
pub(crate) struct Root {
    pub(crate) statement: Slot<Statements>,
}

/// The `Statement` array: how many elements, and the first one.
#[derive(Debug)]
pub(crate) struct Statements {
    pub(crate) count: usize,
    pub(crate) first: Slot<Object<Statement>>,
}

/// `{"Resource": "...", "Condition": {...}}`.
#[derive(Debug, Default)]
pub(crate) struct Statement {
    pub(crate) resource: Slot<String>,
    pub(crate) condition: Slot<Object<Condition>>,
}

/// `{"DateLessThan": {...}, "DateGreaterThan": {...}, "IpAddress": {...}}`.
#[derive(Debug, Default)]
pub(crate) struct Condition {
    pub(crate) date_less_than: Slot<Object<EpochTime>>,
    pub(crate) date_greater_than: Slot<Object<EpochTime>>,
    pub(crate) ip_address: Slot<Object<SourceIp>>,
}

/// `{"AWS:EpochTime": n}`: `Wrong` unless `n` is a whole number that fits in a `u64`.
#[derive(Debug, Default)]
pub(crate) struct EpochTime {
    pub(crate) time: Slot<u64>,
}

/// `{"AWS:SourceIp": "..."}`.
#[derive(Debug, Default)]
pub(crate) struct SourceIp {
    pub(crate) range: Slot<String>,
}

impl<'de> Members<'de> for Root {
    fn read<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        if key != "Statement" {
            return Ok(false);
        }
        self.statement = map.next_value()?;
        Ok(true)
    }
}

impl<'de> Members<'de> for Statement {
    fn read<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            // Nested in the root object, the statements' array and the statement.
            "Resource" => self.resource = map.next_value_seed(Leaf::<String>::at(3))?,
            "Condition" => self.condition = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl<'de> Members<'de> for Condition {
    fn read<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "DateLessThan" => self.date_less_than = map.next_value()?,
            "DateGreaterThan" => self.date_greater_than = map.next_value()?,
            "IpAddress" => self.ip_address = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl<'de> Members<'de> for EpochTime {
    fn read<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        if key != "AWS:EpochTime" {
            return Ok(false);
        }
        // Nested in the root, the array, the statement, `Condition` and `DateLessThan`.
        self.time = map.next_value_seed(Leaf::<u64>::at(5))?;
        Ok(true)
    }
}

impl<'de> Members<'de> for SourceIp {
    fn read<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        if key != "AWS:SourceIp" {
            return Ok(false);
        }
        self.range = map.next_value_seed(Leaf::<String>::at(5))?;
        Ok(true)
    }
}

/// What a value of each type a policy has becomes, when it has the JSON type wanted. Every
/// other JSON type is [`Slot::Wrong`] (and read to its end all the same).
trait Shape<'de>: Sized {
    /// What is wanted, for serde's messages.
    const EXPECTING: &'static str;

    fn map<A: MapAccess<'de>>(map: A) -> Result<Slot<Self>, A::Error> {
        drain_map(map).map(|()| Slot::Wrong)
    }

    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Slot<Self>, A::Error> {
        drain_seq(seq).map(|()| Slot::Wrong)
    }

    fn string(_: &str) -> Slot<Self> {
        Slot::Wrong
    }
}

impl<'de, T: Members<'de>> Shape<'de> for Object<T> {
    const EXPECTING: &'static str = "a JSON object";

    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Slot<Self>, A::Error> {
        let mut object = Self::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if !object.members.read(&key.0, &mut map)? {
                map.next_value::<Skip>()?;
                object.unknown.push(key.0.into_owned());
            }
        }
        Ok(Slot::Found(object))
    }
}

impl<'de> Shape<'de> for Statements {
    const EXPECTING: &'static str = "a JSON array";

    fn seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Slot<Self>, A::Error> {
        let Some(first) = seq.next_element()? else {
            return Ok(Slot::Found(Self {
                count: 0,
                first: Slot::Absent,
            }));
        };
        let mut count = 1;
        while seq.next_element::<Skip>()?.is_some() {
            count += 1;
        }
        Ok(Slot::Found(Self { count, first }))
    }
}

impl<'de> Shape<'de> for String {
    const EXPECTING: &'static str = "a JSON string";

    fn string(text: &str) -> Slot<Self> {
        Slot::Found(text.into())
    }
}

impl<'de, T: Shape<'de>> Deserialize<'de> for Slot<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor(PhantomData))
    }
}

struct ShapeVisitor<T>(PhantomData<T>);

impl<'de, T: Shape<'de>> Visitor<'de> for ShapeVisitor<T> {
    type Value = Slot<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Slot::Wrong)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Slot::Wrong)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Slot::Wrong)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Slot::Wrong)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Slot::Wrong)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(T::string(text))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::seq(seq)
    }
}

/// One of the values a policy holds (`Resource`, `AWS:SourceIp`: a string; `AWS:EpochTime`: a
/// whole number), nested in `depth` containers: taken as serde_json's [`RawValue`], then typed.
struct Leaf<T> {
    depth: u8,
    kind: PhantomData<T>,
}

impl<T> Leaf<T> {
    fn at(depth: u8) -> Self {
        Self {
            depth,
            kind: PhantomData,
        }
    }
}

/// How a leaf's text, serde_json's checked JSON, becomes its value: `None` when it is JSON of
/// another type, read to its end as the rest of the document is.
trait LeafKind: Sized {
    fn from_raw(text: &str, depth: u8) -> Result<Slot<Self>, serde_json::Error>;
}

impl LeafKind for u64 {
    fn from_raw(text: &str, depth: u8) -> Result<Slot<Self>, serde_json::Error> {
        if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            // A number, of any size: serde_json refuses, as of the wrong type, all but the whole
            // ones that fit in a `u64`.
            return Ok(serde_json::from_str(text).map_or(Slot::Wrong, Slot::Found));
        }
        read_other(text, depth)
    }
}

impl LeafKind for String {
    fn from_raw(text: &str, depth: u8) -> Result<Slot<Self>, serde_json::Error> {
        if text.starts_with('"') {
            // The escapes unescaped, `\u` surrogates checked.
            return serde_json::from_str(text).map(Slot::Found);
        }
        if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            return Ok(Slot::Wrong);
        }
        read_other(text, depth)
    }
}

/// A leaf of the wrong type that is not a number, read as the whole document is read: its
/// strings' `\u` escapes paired, its containers nested within what [`MAX_DEPTH`] leaves.
fn read_other<T>(text: &str, depth: u8) -> Result<Slot<T>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    Skip {
        levels: MAX_DEPTH.saturating_sub(depth),
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(Slot::Wrong)
}

impl<'de, T: LeafKind> DeserializeSeed<'de> for Leaf<T> {
    type Value = Slot<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let raw = <&'de RawValue>::deserialize(deserializer)?;
        T::from_raw(raw.get(), self.depth).map_err(|e| de::Error::custom(InnerError(e)))
    }
}

/// An error found inside a leaf, whose position is the leaf's own: its message without it
/// (serde_json adds the position in the document).
struct InnerError(serde_json::Error);

impl fmt::Display for InnerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = alloc::format!("{}", self.0);
        let message = text.split(" at line ").next().unwrap_or_default();
        f.write_str(message)
    }
}

/// A key, borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text.into())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Any JSON value, read and dropped; with `levels`, refused when its containers nest deeper.
/// Read through `deserialize_any` (not `IgnoredAny`, which checks neither surrogates nor depth),
/// so that what is skipped is read as strictly as what is kept.
#[derive(Clone, Copy)]
struct Skip {
    levels: u8,
}

impl Default for Skip {
    fn default() -> Self {
        // Within the document, serde_json counts the depth itself.
        Self { levels: u8::MAX }
    }
}

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Skip::default().deserialize(deserializer)
    }
}

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = Skip;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Skip, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Skip {
    /// The skip for the members of a container entered here.
    fn inner<E: de::Error>(self) -> Result<Self, E> {
        match self.levels.checked_sub(1) {
            Some(levels) => Ok(Self { levels }),
            None => Err(E::custom("recursion limit exceeded")),
        }
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(self)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(self)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(self)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(self)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(self)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        let inner = self.inner()?;
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        let inner = self.inner()?;
        while map.next_key_seed(inner)?.is_some() {
            map.next_value_seed(inner)?;
        }
        Ok(self)
    }
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_key::<Skip>()?.is_some() {
        map.next_value::<Skip>()?;
    }
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<Skip>()?.is_some() {}
    Ok(())
}

/// Reads `text`, one JSON value with only whitespace around it, into the policy's tree: `Wrong`
/// when it is not an object. The error is serde_json's, for text that is not JSON.
pub(crate) fn read(text: &str) -> Result<Slot<Object<Root>>, serde_json::Error> {
    serde_json::from_str(text)
}
