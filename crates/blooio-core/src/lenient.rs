//! Decoding that never fails on a field: Blooio's only official v2 SDK treats every response field as optional,
//! so a missing, `null` or wrongly typed field must cost that field, not the whole response.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A response field decoded leniently: a value of an unexpected type becomes `None`.
pub(crate) struct Loose<T>(pub(crate) Option<T>);

impl<T> Default for Loose<T> {
    fn default() -> Self {
        Loose(None)
    }
}

impl<T> Loose<T> {
    pub(crate) fn get(self) -> Option<T> {
        self.0
    }
}

impl<T: Default> Loose<T> {
    pub(crate) fn or_default(self) -> T {
        self.0.unwrap_or_default()
    }
}

/// Conversion from whatever JSON value arrived; `None` when it cannot stand for `Self`.
pub(crate) trait FromLoose: Sized {
    fn from_value(value: Value) -> Option<Self>;
}

impl<'de, T: FromLoose> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Going through `Value` costs an allocation per field, which is nothing next to a network round trip,
        // and it is the one way to look at a value's type before committing to it.
        let value = Value::deserialize(deserializer)?;
        Ok(Loose(T::from_value(value)))
    }
}

impl FromLoose for String {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(s),
            // An id sent as a number is still the id.
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl FromLoose for u64 {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| {
                        f.is_finite() && *f >= 0.0 && f.fract() == 0.0 && *f <= u64::MAX as f64
                    })
                    .map(|f| f as u64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl FromLoose for i64 {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() <= i64::MAX as f64)
                    .map(|f| f as i64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl FromLoose for bool {
    /// Only a JSON boolean: `"true"` or `1` could as well mean something else, and a wrong "synced" would
    /// tell the operator a change reached the phones when nobody knows.
    fn from_value(value: Value) -> Option<Self> {
        value.as_bool()
    }
}

impl FromLoose for Vec<String> {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Array(items) => Some(items.into_iter().filter_map(String::from_value).collect()),
            Value::Null => Some(Vec::new()),
            _ => None,
        }
    }
}

/// For nested response objects: each element is decoded on its own, and one that cannot be decoded is dropped
/// rather than failing its neighbours.
pub(crate) struct LooseObject<T>(pub(crate) Option<T>);

impl<T> Default for LooseObject<T> {
    fn default() -> Self {
        LooseObject(None)
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for LooseObject<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(LooseObject(decode_object(value)))
    }
}

pub(crate) struct LooseList<T>(pub(crate) Vec<T>);

impl<T> Default for LooseList<T> {
    fn default() -> Self {
        LooseList(Vec::new())
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for LooseList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let items = match value {
            Value::Array(items) => items.into_iter().filter_map(decode_object).collect(),
            _ => Vec::new(),
        };
        Ok(LooseList(items))
    }
}

fn decode_object<T: serde::de::DeserializeOwned>(value: Value) -> Option<T> {
    if value.is_object() {
        serde_json::from_value(value).ok()
    } else {
        None
    }
}

/// Decodes `W` from a JSON object and nothing else. serde's derived `Deserialize` for a struct also accepts a
/// sequence (`[]` or `["grp_1", …]` filled in field order), which would let an array answer pass for a group;
/// leniency is per field, and a body that is not an object is a bad response.
pub(crate) fn object_only<'de, D, W>(deserializer: D) -> Result<W, D::Error>
where
    D: Deserializer<'de>,
    W: Deserialize<'de>,
{
    struct ObjectVisitor<W>(std::marker::PhantomData<W>);

    impl<'de, W: Deserialize<'de>> serde::de::Visitor<'de> for ObjectVisitor<W> {
        type Value = W;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<W, A::Error> {
            W::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }

    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}
