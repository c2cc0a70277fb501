//! Open string enums: every wire enum keeps values it does not know.
//!
//! APIs add enum values without notice. A closed enum would make a whole
//! response fail to decode; an enum declared with [`open_enum!`](crate::open_enum!) decodes an
//! unknown value into its `Unknown(String)` variant instead, keeps it, and
//! serializes it back unchanged.
//!
//! ```
//! affiliate_common::open_enum! {
//!     /// The state of a partnership.
//!     pub enum Status {
//!         /// Working normally.
//!         Active = "active",
//!         /// Archived by the vendor.
//!         Archived = "archived",
//!     }
//! }
//!
//! let s: Status = serde_json::from_str(r#""paused""#).unwrap();
//! assert_eq!(s, Status::Unknown("paused".into()));
//! assert_eq!(serde_json::to_string(&s).unwrap(), r#""paused""#);
//! assert_eq!(Status::Active.as_str(), "active");
//! ```
//!
//! # Forward compatibility
//!
//! Match known values and keep a `_` (or `Unknown(_)`) arm: a value that is
//! `Unknown` today may become a named variant in a later release.

/// Declares an open string enum with an `Unknown(String)` fallback.
///
/// Each variant names its wire value; extra accepted spellings can follow
/// with `| "alias"` (they deserialize to the variant and serialize as the
/// first value). The macro derives `Debug`, `Clone`, `PartialEq`, `Eq`,
/// `Hash`, `Serialize`, `Deserialize`, `Display` and `FromStr`, and adds
/// `as_str()` and `is_unknown()`.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this version of the SDK does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// Whether this value is unknown to this version of the SDK.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $value $(| $alias)* => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = $crate::open_enum::wire_string(d)?;
                Ok($name::from(s.as_str()))
            }
        }
    };
}

/// Reads an enum's wire value: a string, or a number or boolean rendered as
/// text (some APIs send numeric codes). `""` and `null` read as `""`, which
/// no variant names, so they land in `Unknown("")` instead of failing the
/// whole response (impact.com sends `""` inside enum arrays).
#[doc(hidden)]
pub fn wire_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(crate::lenient::option_string(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// Test enum.
        pub enum Color {
            /// Red.
            Red = "red" | "RED",
            /// Blue.
            Blue = "blue",
        }
    }

    #[test]
    fn known_alias_and_unknown_values() {
        let v: Vec<Color> = serde_json::from_str(r#"["red","RED","blue","green",7]"#).unwrap();
        let empty: Vec<Color> = serde_json::from_str(r#"["", null]"#).unwrap();
        assert_eq!(
            empty,
            [Color::Unknown(String::new()), Color::Unknown(String::new())]
        );
        assert_eq!(
            v,
            [
                Color::Red,
                Color::Red,
                Color::Blue,
                Color::Unknown("green".into()),
                Color::Unknown("7".into())
            ]
        );
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"["red","red","blue","green","7"]"#
        );
        assert!(v[3].is_unknown());
        assert_eq!(v[2].to_string(), "blue");
        assert_eq!("red".parse::<Color>().unwrap(), Color::Red);
    }
}
