//! Resource models and request bodies.
//!
//! Response models follow one pattern: `key` is a `String` (empty when the
//! API omitted it), every other field is an `Option`, scalars are read
//! leniently (numbers sent as strings, `""` for none), timestamps are
//! [`UnixTime`](affiliate_common::UnixTime) (epoch milliseconds on the
//! wire), money is `i64` integer cents, enums are open, and unknown fields
//! land in `extra`. Request bodies have a constructor taking the required
//! fields and one setter per optional field.

/// Declares a response model. Each field names a kind that fixes its type
/// and lenient decoder:
///
/// | kind | Rust type |
/// |---|---|
/// | `str` | `Option<String>` (numbers become text) |
/// | `int` | `Option<i64>` (numeric strings accepted) |
/// | `num` | `Option<f64>` |
/// | `bool` | `Option<bool>` (`"true"`, `1` accepted) |
/// | `time` | `Option<UnixTime>` |
/// | `map` | `Option<Map<String, Value>>` (`[]` and `""` accepted) |
/// | `json` | `Option<Value>` |
/// | `strings` | `Option<Vec<String>>` |
/// | `either` | `Option<StringOrObject>` |
/// | `opt(T)` | `Option<T>` |
/// | `list(T)` | `Option<Vec<T>>` (`null` entries dropped) |
///
/// `keyed` adds `key`, `created_at` and `updated_at`; every model gets a
/// flattened `extra` map of the fields this version does not know.
macro_rules! model {
    ($(#[$meta:meta])* pub struct $name:ident keyed { $($body:tt)* }) => {
        model!(@munch [$(#[$meta])*] $name [
            /// The record's key (`part_…`, `cus_…`, ...), also the pagination cursor.
            #[serde(default, deserialize_with = "crate::de::key")]
            pub key: String,
            /// When the record was created.
            #[serde(default, deserialize_with = "affiliate_common::time::option_unix_time")]
            pub created_at: Option<affiliate_common::UnixTime>,
            /// When the record was last updated.
            #[serde(default, deserialize_with = "affiliate_common::time::option_unix_time")]
            pub updated_at: Option<affiliate_common::UnixTime>,
        ] $($body)*);
        impl crate::models::Keyed for $name {
            fn cursor_key(&self) -> Option<String> {
                Some(self.key.clone())
            }
        }
    };
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        model!(@munch [$(#[$meta])*] $name [] $($body)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : str, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default, deserialize_with = "affiliate_common::lenient::option_string")]
            pub $field: Option<String>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : int, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default, deserialize_with = "affiliate_common::lenient::option_i64")]
            pub $field: Option<i64>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : num, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default, deserialize_with = "affiliate_common::lenient::option_f64")]
            pub $field: Option<f64>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : bool, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default, deserialize_with = "affiliate_common::lenient::option_bool")]
            pub $field: Option<bool>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : time, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default, deserialize_with = "affiliate_common::time::option_unix_time")]
            pub $field: Option<affiliate_common::UnixTime>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : map, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default, deserialize_with = "crate::de::object")]
            pub $field: Option<serde_json::Map<String, serde_json::Value>>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : json, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default)]
            pub $field: Option<serde_json::Value>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : strings, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default, deserialize_with = "crate::de::strings")]
            pub $field: Option<Vec<String>>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : either, $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default)]
            pub $field: Option<crate::models::StringOrObject>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : opt($t:ty), $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default)]
            pub $field: Option<$t>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*] $(#[$f:meta])* $field:ident : list($t:ty), $($rest:tt)*) => {
        model!(@munch $meta $name [$($done)* $(#[$f])*
            #[serde(default, deserialize_with = "crate::de::vec")]
            pub $field: Option<Vec<$t>>,] $($rest)*);
    };
    (@munch [$($meta:tt)*] $name:ident [$($done:tt)*]) => {
        $($meta)*
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $($done)*
            /// Fields this version of the SDK does not know, kept as sent.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    };
}

/// Declares a request body: a constructor taking the `required` fields (in
/// order, each `impl Into<T>`) and a setter per `optional` field. `lists`
/// are optional arrays whose setters take any iterator. Optional fields
/// left unset are not sent at all.
macro_rules! body {
    ($(#[$meta:meta])* pub struct $name:ident { required {} $($rest:tt)* }) => {
        body!(@inner $(#[$meta])* pub struct $name { required {} $($rest)* });
        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
    ($(#[$meta:meta])* pub struct $name:ident { $($rest:tt)* }) => {
        body!(@inner $(#[$meta])* pub struct $name { $($rest)* });
    };
    (
        @inner
        $(#[$meta:meta])*
        pub struct $name:ident {
            required { $( $(#[$rm:meta])* $req:ident : $rt:ty ),* $(,)? }
            optional { $( $(#[$om:meta])* $opt:ident : $ot:ty ),* $(,)? }
            $( lists { $( $(#[$lm:meta])* $list:ident : $lt:ty ),* $(,)? } )?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$rm])* pub $req: $rt, )*
            $( $(#[$om])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $opt: Option<$ot>, )*
            $($( $(#[$lm])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $list: Option<Vec<$lt>>, )*)?
        }

        impl $name {
            /// A body with the required fields; set the others with the setters.
            #[allow(clippy::new_without_default)]
            pub fn new($( $req: impl Into<$rt> ),*) -> Self {
                $name {
                    $( $req: $req.into(), )*
                    $( $opt: None, )*
                    $($( $list: None, )*)?
                }
            }

            $(
                #[doc = concat!("Sets `", stringify!($opt), "`.")]
                pub fn $opt(mut self, value: impl Into<$ot>) -> Self {
                    self.$opt = Some(value.into());
                    self
                }
            )*

            $($(
                #[doc = concat!("Sets `", stringify!($list), "`.")]
                pub fn $list<I>(mut self, values: I) -> Self
                where
                    I: IntoIterator,
                    I::Item: Into<$lt>,
                {
                    self.$list = Some(values.into_iter().map(Into::into).collect());
                    self
                }
            )*)?
        }
    };
}

/// A record that can be a pagination cursor.
pub(crate) trait Keyed {
    /// The key `starting_after` / `ending_before` take.
    fn cursor_key(&self) -> Option<String>;
}

mod action;
mod application;
mod customer;
mod deal;
mod disti_listing;
mod form_template;
mod group;
mod lead;
mod partner;
mod partnership;
mod product;
mod report;
mod reward;
mod shared;
mod tier;
mod transaction;
mod webhook;

pub use action::*;
pub use application::*;
pub use customer::*;
pub use deal::*;
pub use disti_listing::*;
pub use form_template::*;
pub use group::*;
pub use lead::*;
pub use partner::*;
pub use partnership::*;
pub use product::*;
pub use report::*;
pub use reward::*;
pub use shared::*;
pub use tier::*;
pub use transaction::*;
pub use webhook::*;
