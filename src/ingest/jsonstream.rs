//! Streaming JSON: walks a document from a string or a reader without building its whole
//! tree, so a multi-gigabyte export (a Telegram full-account `result.json`) is read in memory
//! bounded by its largest chat.
//!
//! The caller says, per path from the root, whether to descend into the value there
//! ([`Mode::Descend`]: objects and arrays are reported as [`Event::Open`] … [`Event::Close`]
//! around their members), to take it whole ([`Mode::Take`]: one [`Event::Value`], e.g. one
//! message record), or to skip it unread ([`Mode::Skip`]). A scalar met where the caller
//! descends is reported as a [`Event::Value`] too, so the caller can name a wrong shape.

use crate::error::{Error, Position, Result};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::io::Read;

/// One step of the path from the root to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object member's key.
    Key(String),
    /// An array element's position (0-based).
    Index(usize),
}

impl Seg {
    /// The key, for an object member.
    pub fn key(&self) -> Option<&str> {
        match self {
            Seg::Key(k) => Some(k),
            Seg::Index(_) => None,
        }
    }
}

/// What to do with the value at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Walk into the object or array and report its members.
    Descend,
    /// Descend into an array; any other value is taken whole, so the caller can name it.
    DescendArray,
    /// Report the whole value as one [`Event::Value`].
    Take,
    /// Pass over the value without building it.
    Skip,
}

/// What the walker reports at a path.
#[derive(Debug)]
pub enum Event {
    /// An object or array descended into starts.
    Open,
    /// A value taken whole (or a scalar where the caller descends).
    Value(Value),
    /// The object or array opened at this path ends.
    Close,
}

/// Walks the JSON text `text` (the input `display`); see the module documentation.
pub fn walk_str(
    display: &str,
    text: &str,
    mode: impl Fn(&[Seg]) -> Mode,
    sink: impl FnMut(&[Seg], Event) -> Result<()>,
) -> Result<()> {
    run(
        display,
        serde_json::Deserializer::from_str(text),
        mode,
        sink,
    )
}

/// Walks the JSON read from `reader`, a little at a time.
pub fn walk_reader(
    display: &str,
    reader: impl Read,
    mode: impl Fn(&[Seg]) -> Mode,
    sink: impl FnMut(&[Seg], Event) -> Result<()>,
) -> Result<()> {
    run(
        display,
        serde_json::Deserializer::from_reader(reader),
        mode,
        sink,
    )
}

fn run<'de, R: serde_json::de::Read<'de>>(
    display: &str,
    mut de: serde_json::Deserializer<R>,
    mode: impl Fn(&[Seg]) -> Mode,
    mut sink: impl FnMut(&[Seg], Event) -> Result<()>,
) -> Result<()> {
    let mut path = Vec::new();
    let mut failure = None;
    let walk = Walk {
        path: &mut path,
        mode: &mode,
        sink: &mut sink,
        failure: &mut failure,
        array_only: false,
    };
    let result = walk.deserialize(&mut de).and_then(|()| de.end());
    match (failure, result) {
        (Some(e), _) => Err(e),
        (None, Ok(())) => Ok(()),
        (None, Err(e)) => Err(Error::input(
            display,
            Some(Position::Line(e.line())),
            format!("invalid JSON (column {}): {e}", e.column()),
        )),
    }
}

/// The walker at one path (a seed for the value there, and its visitor).
struct Walk<'w, M, S> {
    path: &'w mut Vec<Seg>,
    mode: &'w M,
    sink: &'w mut S,
    /// The caller's error that stopped the walk (serde only carries a message).
    failure: &'w mut Option<Error>,
    /// An object here is taken whole ([`Mode::DescendArray`]).
    array_only: bool,
}

impl<M, S> Walk<'_, M, S>
where
    M: Fn(&[Seg]) -> Mode,
    S: FnMut(&[Seg], Event) -> Result<()>,
{
    fn emit<E: de::Error>(&mut self, event: Event) -> std::result::Result<(), E> {
        (self.sink)(self.path, event).map_err(|e| {
            *self.failure = Some(e);
            E::custom("stopped by the reader")
        })
    }

    fn child(&mut self) -> Walk<'_, M, S> {
        Walk {
            path: &mut *self.path,
            mode: self.mode,
            sink: &mut *self.sink,
            failure: &mut *self.failure,
            array_only: false,
        }
    }

    fn scalar<E: de::Error>(mut self, v: Value) -> std::result::Result<(), E> {
        self.emit(Event::Value(v))
    }
}

impl<'de, M, S> DeserializeSeed<'de> for Walk<'_, M, S>
where
    M: Fn(&[Seg]) -> Mode,
    S: FnMut(&[Seg], Event) -> Result<()>,
{
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(mut self, d: D) -> std::result::Result<(), D::Error> {
        match (self.mode)(self.path) {
            Mode::Descend => d.deserialize_any(self),
            Mode::DescendArray => {
                self.array_only = true;
                d.deserialize_any(self)
            }
            Mode::Take => {
                let v = Value::deserialize(d)?;
                self.emit(Event::Value(v))
            }
            Mode::Skip => IgnoredAny::deserialize(d).map(|_| ()),
        }
    }
}

impl<'de, M, S> Visitor<'de> for Walk<'_, M, S>
where
    M: Fn(&[Seg]) -> Mode,
    S: FnMut(&[Seg], Event) -> Result<()>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<(), A::Error> {
        if self.array_only {
            let v = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
            return self.emit(Event::Value(v));
        }
        self.emit(Event::Open)?;
        while let Some(key) = map.next_key::<String>()? {
            self.path.push(Seg::Key(key));
            let r = map.next_value_seed(self.child());
            self.path.pop();
            r?;
        }
        self.emit(Event::Close)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> std::result::Result<(), A::Error> {
        self.emit(Event::Open)?;
        let mut i = 0;
        loop {
            self.path.push(Seg::Index(i));
            let r = seq.next_element_seed(self.child());
            self.path.pop();
            if r?.is_none() {
                break;
            }
            i += 1;
        }
        self.emit(Event::Close)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<(), E> {
        self.scalar(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<(), E> {
        self.scalar(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<(), E> {
        self.scalar(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<(), E> {
        self.scalar(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<(), E> {
        self.scalar(Value::String(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        self.scalar(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collects (path, event) as text, descending into `messages` only.
    fn events(text: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mode = |p: &[Seg]| match p {
            [] => Mode::Descend,
            [Seg::Key(k)] if k == "messages" => Mode::Descend,
            [Seg::Key(k)] if k == "skip" => Mode::Skip,
            _ => Mode::Take,
        };
        walk_str("t.json", text, mode, |p, e| {
            out.push(format!("{p:?} {e:?}"));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn takes_records_one_at_a_time_and_skips_what_is_not_asked_for() {
        let got =
            events(r#"{"name": "A", "skip": {"x": [1]}, "messages": [{"id": 1}, 2]}"#).unwrap();
        assert_eq!(
            got,
            [
                "[] Open",
                "[Key(\"name\")] Value(String(\"A\"))",
                "[Key(\"messages\")] Open",
                "[Key(\"messages\"), Index(0)] Value(Object {\"id\": Number(1)})",
                "[Key(\"messages\"), Index(1)] Value(Number(2))",
                "[Key(\"messages\")] Close",
                "[] Close",
            ]
        );
    }

    #[test]
    fn a_scalar_where_a_container_is_expected_is_reported() {
        let got = events(r#"{"messages": 42}"#).unwrap();
        assert_eq!(got[1], "[Key(\"messages\")] Value(Number(42))");
    }

    #[test]
    fn bad_json_and_the_callers_errors_name_the_input() {
        let e = events("{\"messages\": [\n{\"id\": }]}").unwrap_err();
        assert!(e.to_string().starts_with("t.json"), "{e}");
        assert!(e.to_string().contains("invalid JSON"), "{e}");
        let e = events("{} trailing").unwrap_err();
        assert!(e.to_string().contains("invalid JSON"), "{e}");
        let e = walk_reader(
            "r.json",
            &b"{\"a\": 1}"[..],
            |_| Mode::Descend,
            |_, _| Err(Error::input("r.json", None, "no thanks")),
        )
        .unwrap_err();
        assert!(e.to_string().contains("no thanks"), "{e}");
    }
}
