//! The members of a fault detail, read straight from its `Serialize` impl: one serializer that
//! walks any service's generated fault type (or the `serde_json::Value` of a REST fault body)
//! and keeps only what [`super::FaultDetail`] holds, by the WSDL's member names. Nothing is
//! built that is not kept (a detail's JSON view cost more than reading the XML did).

use std::fmt;

use serde::ser::{self, Impossible, Serialize, Serializer};
use serde_json::{Map, Value};

/// What a detail's error lists hold: the error's scalar members and, for batch errors, every
/// other member in its JSON view.
#[derive(Debug, Default)]
pub(super) struct Item {
    pub index: Option<i32>,
    pub code: Option<i32>,
    pub error_code: Option<String>,
    pub message: Option<String>,
    pub details: Option<String>,
    pub detail: Option<String>,
    pub field_path: Option<String>,
    pub error_type: Option<String>,
    pub extra: Map<String, Value>,
}

/// The members a detail element may have.
#[derive(Debug, Default)]
pub(super) struct Members {
    pub tracking_id: Option<String>,
    pub errors: Vec<Item>,
    pub operation_errors: Vec<Item>,
    pub batch_errors: Vec<Item>,
    pub editorial_errors: Vec<Item>,
}

/// The batch error members `extra` leaves out (read into their own fields).
const BATCH_KNOWN: &[&str] = &[
    "Index",
    "Code",
    "ErrorCode",
    "Message",
    "Details",
    "FieldPath",
    "Type",
];

/// Reads `detail`'s members; `batch` keeps the unknown members of batch errors in `extra`.
/// A detail that is not an object has none.
pub(super) fn read<T: Serialize + ?Sized>(detail: &T, batch: bool) -> Members {
    let mut members = Members::default();
    let _ = detail.serialize(Object(MembersSink {
        members: &mut members,
        batch,
    }));
    members
}

/// Never returned by a sink: values of another shape read as absent.
#[derive(Debug)]
pub(super) struct Unreadable;

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a fault member")
    }
}

impl std::error::Error for Unreadable {}

impl ser::Error for Unreadable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unreadable
    }
}

/// Where the members of an object go, one `(key, value)` at a time.
trait Sink {
    fn member<V: Serialize + ?Sized>(&mut self, key: &str, value: &V);
}

struct MembersSink<'m> {
    members: &'m mut Members,
    batch: bool,
}

impl Sink for MembersSink<'_> {
    fn member<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) {
        let batch = self.batch;
        let list = match key {
            "TrackingId" => {
                self.members.tracking_id = text(value);
                return;
            }
            "Errors" => &mut self.members.errors,
            "OperationErrors" => &mut self.members.operation_errors,
            "BatchErrors" => &mut self.members.batch_errors,
            "EditorialErrors" => &mut self.members.editorial_errors,
            _ => return,
        };
        // Operation errors have no members beyond their own.
        let extra = batch && key != "OperationErrors";
        let _ = value.serialize(Seq { out: list, extra });
    }
}

struct ItemSink<'i> {
    item: &'i mut Item,
    extra: bool,
}

impl Sink for ItemSink<'_> {
    fn member<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) {
        let item = &mut *self.item;
        match key {
            "Index" => item.index = int(value),
            "Code" => item.code = int(value),
            "ErrorCode" => item.error_code = text(value),
            "Message" => item.message = text(value),
            "Details" => item.details = text(value),
            "Detail" => item.detail = text(value),
            "FieldPath" => item.field_path = text(value),
            "Type" => item.error_type = text(value),
            _ => {}
        }
        if self.extra && !BATCH_KNOWN.contains(&key) {
            item.extra.insert(
                key.to_string(),
                serde_json::to_value(value).unwrap_or(Value::Null),
            );
        }
    }
}

fn text<V: Serialize + ?Sized>(value: &V) -> Option<String> {
    value.serialize(Scalar).ok().and_then(|s| match s {
        ScalarValue::Text(t) => Some(t),
        _ => None,
    })
}

fn int<V: Serialize + ?Sized>(value: &V) -> Option<i32> {
    value.serialize(Scalar).ok().and_then(|s| match s {
        ScalarValue::Int(i) => i32::try_from(i).ok(),
        _ => None,
    })
}

/// Every serializer method that meets a shape its sink does not take.
macro_rules! refuse {
    ($($method:ident($($ty:ty),*)),* $(,)?) => {$(
        fn $method(self, $(_: $ty),*) -> Result<Self::Ok, Unreadable> {
            Err(Unreadable)
        }
    )*};
}

macro_rules! refuse_compound {
    () => {
        type SerializeTuple = Impossible<Self::Ok, Unreadable>;
        type SerializeTupleStruct = Impossible<Self::Ok, Unreadable>;
        type SerializeTupleVariant = Impossible<Self::Ok, Unreadable>;
        type SerializeStructVariant = Impossible<Self::Ok, Unreadable>;

        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unreadable> {
            Err(Unreadable)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Unreadable> {
            Err(Unreadable)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Unreadable> {
            Err(Unreadable)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Unreadable> {
            Err(Unreadable)
        }
    };
}

macro_rules! refuse_scalars {
    () => {
        refuse!(
            serialize_bool(bool),
            serialize_i8(i8),
            serialize_i16(i16),
            serialize_i32(i32),
            serialize_i64(i64),
            serialize_u8(u8),
            serialize_u16(u16),
            serialize_u32(u32),
            serialize_u64(u64),
            serialize_f32(f32),
            serialize_f64(f64),
            serialize_char(char),
            serialize_str(&str),
            serialize_bytes(&[u8]),
            serialize_unit(),
            serialize_unit_struct(&'static str),
            serialize_unit_variant(&'static str, u32, &'static str),
        );
    };
}

/// `Some(x)` and newtypes are read as what they wrap.
macro_rules! look_through {
    () => {
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, Unreadable> {
            value.serialize(self)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<Self::Ok, Unreadable> {
            value.serialize(self)
        }
    };
}

/// An object (struct or map) whose members go to a sink; `Option` and newtype wrappers are
/// looked through.
struct Object<S>(S);

impl<S: Sink> Serializer for Object<S> {
    type Ok = ();
    type Error = Unreadable;
    type SerializeSeq = Impossible<(), Unreadable>;
    type SerializeMap = ObjectMap<S>;
    type SerializeStruct = Self;
    refuse_compound!();
    refuse_scalars!();

    fn serialize_none(self) -> Result<(), Unreadable> {
        Ok(())
    }
    look_through!();
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unreadable> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<ObjectMap<S>, Unreadable> {
        Ok(ObjectMap {
            sink: self.0,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Unreadable> {
        Ok(self)
    }
}

impl<S: Sink> ser::SerializeStruct for Object<S> {
    type Ok = ();
    type Error = Unreadable;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unreadable> {
        self.0.member(key, value);
        Ok(())
    }
    fn end(self) -> Result<(), Unreadable> {
        Ok(())
    }
}

struct ObjectMap<S> {
    sink: S,
    key: Option<String>,
}

impl<S: Sink> ser::SerializeMap for ObjectMap<S> {
    type Ok = ();
    type Error = Unreadable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unreadable> {
        self.key = text(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unreadable> {
        if let Some(key) = self.key.take() {
            self.sink.member(&key, value);
        }
        Ok(())
    }
    fn end(self) -> Result<(), Unreadable> {
        Ok(())
    }
}

/// A list of errors: each item is read as an object into a new [`Item`].
struct Seq<'l> {
    out: &'l mut Vec<Item>,
    extra: bool,
}

impl<'l> Serializer for Seq<'l> {
    type Ok = ();
    type Error = Unreadable;
    type SerializeSeq = Self;
    type SerializeMap = Impossible<(), Unreadable>;
    type SerializeStruct = Impossible<(), Unreadable>;
    refuse_compound!();
    refuse_scalars!();

    fn serialize_none(self) -> Result<(), Unreadable> {
        Ok(())
    }
    look_through!();
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unreadable> {
        Err(Unreadable)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Unreadable> {
        self.out.reserve(len.unwrap_or(0).min(1024));
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unreadable> {
        Err(Unreadable)
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Unreadable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unreadable> {
        let mut item = Item::default();
        let _ = value.serialize(Object(ItemSink {
            item: &mut item,
            extra: self.extra,
        }));
        self.out.push(item);
        Ok(())
    }
    fn end(self) -> Result<(), Unreadable> {
        Ok(())
    }
}

enum ScalarValue {
    Text(String),
    Int(i64),
    Other,
}

/// A string or an integer member, as `serde_json::Value::as_str` / `as_i64` would read it.
struct Scalar;

macro_rules! int_scalar {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method(self, v: $ty) -> Result<ScalarValue, Unreadable> {
            Ok(i64::try_from(v).map_or(ScalarValue::Other, ScalarValue::Int))
        }
    )*};
}

impl Serializer for Scalar {
    type Ok = ScalarValue;
    type Error = Unreadable;
    type SerializeSeq = Impossible<ScalarValue, Unreadable>;
    type SerializeMap = Impossible<ScalarValue, Unreadable>;
    type SerializeStruct = PreciseNumber;
    refuse_compound!();
    int_scalar!(
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64)
    );

    fn serialize_str(self, v: &str) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Text(v.to_string()))
    }
    look_through!();
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Text(variant.to_string()))
    }
    fn serialize_bool(self, _: bool) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Other)
    }
    fn serialize_f32(self, _: f32) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Other)
    }
    fn serialize_f64(self, _: f64) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Other)
    }
    fn serialize_char(self, v: char) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Text(v.to_string()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Other)
    }
    fn serialize_none(self) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Other)
    }
    fn serialize_unit(self) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Other)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Other)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<ScalarValue, Unreadable> {
        Ok(ScalarValue::Other)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unreadable> {
        Err(Unreadable)
    }
    /// serde_json's `arbitrary_precision` numbers serialize as a struct holding their text.
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<PreciseNumber, Unreadable> {
        match name {
            "$serde_json::private::Number" => Ok(PreciseNumber(None)),
            _ => Err(Unreadable),
        }
    }
}

/// A `serde_json::Number` under `arbitrary_precision`: its one field is the number's text.
struct PreciseNumber(Option<i64>);

impl ser::SerializeStruct for PreciseNumber {
    type Ok = ScalarValue;
    type Error = Unreadable;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unreadable> {
        if let Ok(ScalarValue::Text(t)) = value.serialize(Scalar) {
            self.0 = t.parse().ok();
        }
        Ok(())
    }
    fn end(self) -> Result<ScalarValue, Unreadable> {
        Ok(self.0.map_or(ScalarValue::Other, ScalarValue::Int))
    }
}
