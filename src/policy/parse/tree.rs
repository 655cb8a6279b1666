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
//! before it), containers nested at most 127 deep (serde_json's limit), numbers within `f64` (a number
//! beyond, like `1e400`, is not JSON to serde_json, wherever it is). A number that is not a whole
//! `u64` where the policy holds one (`AWS:EpochTime`) is of the wrong type.
//!
//! One visitor ([`Expect`]) and one object type ([`Object`], whose [`Kind`] says which keys it
//! has) serve every object of a policy: serde_json's reader is compiled for a few types, not one
//! per object (each copy costs about a kilobyte of WebAssembly).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use skip::{drain_map, Key, Skip};

mod skip;

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

/// What a policy's object is: which keys it has, and how deep it is nested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `{"Statement": [...]}`.
    Root,
    /// `{"Resource": "...", "Condition": {...}}`.
    Statement,
    /// `{"DateLessThan": {...}, "DateGreaterThan": {...}, "IpAddress": {...}}`.
    Condition,
    /// `{"AWS:EpochTime": n}`.
    EpochTime,
    /// `{"AWS:SourceIp": "..."}`.
    SourceIp,
}

/// An object of a policy, of one [`Kind`]: the members of its kind (the others stay
/// [`Slot::Absent`]), and the keys it does not know, as written. One type for every kind, so that
/// serde_json's reader is compiled once for all of them.
#[derive(Debug, Default)]
pub(crate) struct Object {
    /// [`Kind::Root`]: `Statement`.
    pub(crate) statement: Slot<Statements>,
    /// [`Kind::Statement`]: `Resource`.
    pub(crate) resource: Slot<String>,
    /// [`Kind::Statement`]: `Condition`.
    pub(crate) condition: Slot<Box<Object>>,
    /// [`Kind::Condition`]: `DateLessThan`.
    pub(crate) date_less_than: Slot<Box<Object>>,
    /// [`Kind::Condition`]: `DateGreaterThan`.
    pub(crate) date_greater_than: Slot<Box<Object>>,
    /// [`Kind::Condition`]: `IpAddress`.
    pub(crate) ip_address: Slot<Box<Object>>,
    /// [`Kind::EpochTime`]: `AWS:EpochTime`, `Wrong` unless a whole number that fits in a `u64`.
    pub(crate) epoch_time: Slot<u64>,
    /// [`Kind::SourceIp`]: `AWS:SourceIp`.
    pub(crate) source_ip: Slot<String>,
    /// The keys this kind of object does not have, in byte order, each once.
    pub(crate) unknown: Vec<String>,
}

/// The `Statement` array: how many elements, and the first one.
#[derive(Debug)]
pub(crate) struct Statements {
    pub(crate) count: usize,
    pub(crate) first: Slot<Box<Object>>,
}

impl Object {
    /// Reads the value of `key` from `map` when `key` is a member of `kind`; `false` (nothing
    /// read) when it is not. A key repeated takes its last value.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        kind: Kind,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        let object = |kind| Expect::Object(kind);
        match (kind, key) {
            (Kind::Root, "Statement") => {
                self.statement = map.next_value_seed(Expect::Statements)?.statements();
            }
            // Nested in the root object, the statements' array and the statement.
            (Kind::Statement, "Resource") => {
                self.resource = map.next_value_seed(Expect::Leaf)?.string();
            }
            (Kind::Statement, "Condition") => {
                self.condition = map.next_value_seed(object(Kind::Condition))?.object();
            }
            (Kind::Condition, "DateLessThan") => {
                self.date_less_than = map.next_value_seed(object(Kind::EpochTime))?.object();
            }
            (Kind::Condition, "DateGreaterThan") => {
                self.date_greater_than = map.next_value_seed(object(Kind::EpochTime))?.object();
            }
            (Kind::Condition, "IpAddress") => {
                self.ip_address = map.next_value_seed(object(Kind::SourceIp))?.object();
            }
            // Nested in the root, the array, the statement, `Condition` and the condition.
            (Kind::EpochTime, "AWS:EpochTime") => {
                self.epoch_time = map.next_value_seed(Expect::Leaf)?.whole();
            }
            (Kind::SourceIp, "AWS:SourceIp") => {
                self.source_ip = map.next_value_seed(Expect::Leaf)?.string();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// What a value read is, as far as a policy cares.
#[derive(Debug)]
enum Found {
    /// JSON of a type a policy does not have there.
    Wrong,
    Object(Box<Object>),
    Statements(Statements),
    String(String),
    /// A whole number that fits in a `u64`.
    Whole(u64),
}

impl Found {
    fn object(self) -> Slot<Box<Object>> {
        match self {
            Self::Object(object) => Slot::Found(object),
            _ => Slot::Wrong,
        }
    }

    fn statements(self) -> Slot<Statements> {
        match self {
            Self::Statements(statements) => Slot::Found(statements),
            _ => Slot::Wrong,
        }
    }

    fn string(self) -> Slot<String> {
        match self {
            Self::String(text) => Slot::Found(text),
            _ => Slot::Wrong,
        }
    }

    fn whole(self) -> Slot<u64> {
        match self {
            Self::Whole(n) => Slot::Found(n),
            _ => Slot::Wrong,
        }
    }
}

/// What a value is expected to be: an object of a kind, the statements' array, or a leaf (one of
/// the values a policy holds: `Resource`, `AWS:SourceIp`, a string; `AWS:EpochTime`, a number). Whatever else comes is [`Found::Wrong`], read to its
/// end all the same.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Object(Kind),
    Statements,
    Leaf,
}

impl<'de> DeserializeSeed<'de> for Expect {
    type Value = Found;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Found, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Expect {
    type Value = Found;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a policy")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Found, E> {
        Ok(Found::Wrong)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Found, E> {
        Ok(Found::Wrong)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Found, E> {
        Ok(Found::Whole(n))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Found, E> {
        Ok(Found::Wrong)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Found, E> {
        Ok(Found::Wrong)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Found, E> {
        Ok(Found::String(text.into()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        let Self::Object(kind) = self else {
            drain_map(map)?;
            return Ok(Found::Wrong);
        };
        let mut object = Box::<Object>::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if !object.read(kind, &key.0, &mut map)? {
                map.next_value::<Skip>()?;
                // In byte order, each once.
                if let Err(at) = object.unknown.binary_search_by(|k| k.as_str().cmp(&key.0)) {
                    object.unknown.insert(at, key.0.into_owned());
                }
            }
        }
        Ok(Found::Object(object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Found, A::Error> {
        if !matches!(self, Self::Statements) {
            while seq.next_element::<Skip>()?.is_some() {}
            return Ok(Found::Wrong);
        }
        let Some(first) = seq.next_element_seed(Self::Object(Kind::Statement))? else {
            return Ok(Found::Statements(Statements {
                count: 0,
                first: Slot::Absent,
            }));
        };
        let mut count = 1;
        while seq.next_element::<Skip>()?.is_some() {
            count += 1;
        }
        Ok(Found::Statements(Statements {
            count,
            first: first.object(),
        }))
    }
}

/// Reads `text`, one JSON value with only whitespace around it, into the policy's tree: `Wrong`
/// when it is not an object. The error is serde_json's, for text that is not JSON.
pub(crate) fn read(text: &str) -> Result<Slot<Box<Object>>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let found = Expect::Object(Kind::Root).deserialize(&mut de)?;
    de.end()?;
    Ok(found.object())
}
