//! The AWS CLI's JSON shapes, built member by member: an object that leaves out what the service
//! left out, and CloudFront's `{"Quantity": n, "Items": [...]}` lists (see `json.rs`).

use serde_json::{Map, Value};

/// A JSON object built member by member; `None` members are left out.
pub(super) struct Obj(Map<String, Value>);

impl Obj {
    pub(super) fn new() -> Self {
        Obj(Map::new())
    }
    pub(super) fn v(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }
    pub(super) fn o<T: Into<Value>>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.v(key, v),
            None => self,
        }
    }
    pub(super) fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// `{"Quantity": n, "Items": [...]}`, `Items` only when the service sent it.
pub(super) fn list<T>(quantity: i32, items: Option<&[T]>, each: impl Fn(&T) -> Value) -> Value {
    Obj::new()
        .v("Quantity", quantity)
        .o(
            "Items",
            items.map(|i| i.iter().map(each).collect::<Vec<_>>()),
        )
        .done()
}

/// Strings as they are.
pub(super) fn strings(items: Option<&[String]>) -> Option<Vec<Value>> {
    items.map(|i| i.iter().map(|s| Value::from(s.as_str())).collect())
}
