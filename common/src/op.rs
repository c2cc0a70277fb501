//! The runtime of generated request builders: the part every builder shares.
//!
//! Each endpoint method of a generated crate returns a builder. A builder is a
//! newtype over [`Op`]: the crate's sender (its client or scoped client) plus
//! the request, or the reason the request could not be built (an empty id,
//! say). The error is kept until the builder is sent, so setters chain
//! without `?`.
//!
//! [`op_builder!`](crate::op_builder) writes the builder type and its shared
//! methods (`query_param`, `request`, and `send` with
//! [`IntoFuture`] where the send is known); the
//! generated file adds only the setters that differ per operation.
//! [`list_builder!`](crate::list_builder) gives a list builder
//! `send`/`stream`/`pages`/`collect_all` and `.await` for its first page.
//!
//! The helpers below (`join_values`, `multipart`, the serde readers) are what
//! generated code calls at run time.

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Deserializer};

use crate::error::{Error, Result};
use crate::path::ApiPath;
use crate::request::Request;

/// The boxed future `.await` on a builder runs (`Send`, owns its data).
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'static>>;

/// A request under construction, with the sender that will send it.
///
/// The request is `Err(message)` when it could not be built; every later
/// setter is then a no-op and sending fails with
/// [`Error::InvalidInput`] carrying that message.
#[derive(Debug, Clone)]
pub struct Op<S> {
    sender: S,
    request: std::result::Result<Request, String>,
}

impl<S> Op<S> {
    /// Starts a builder from `request` (or the message of why it failed).
    pub fn new(sender: S, request: std::result::Result<Request, String>) -> Self {
        Op { sender, request }
    }

    /// Starts a builder from a request built with `?`-style errors.
    pub fn from_result(sender: S, request: Result<Request>) -> Self {
        Op::new(sender, request.map_err(message))
    }

    /// Sets (replaces) the query parameter `key`.
    pub fn set(mut self, key: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        self.request = self.request.map(|r| r.set_query(key, value));
        self
    }

    /// Sets `key` to the values joined with commas (`style: form,
    /// explode: false`).
    pub fn set_list(self, key: &str, values: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        self.set(key, join_values(values))
    }

    /// The request as it will be sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the request could not be built.
    pub fn request(&self) -> Result<&Request> {
        self.request
            .as_ref()
            .map_err(|m| Error::invalid_input(m.clone()))
    }

    /// The sender and the request, ready to send.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the request could not be built.
    pub fn into_parts(self) -> Result<(S, Request)> {
        match self.request {
            Ok(r) => Ok((self.sender, r)),
            Err(m) => Err(Error::invalid_input(m)),
        }
    }
}

/// The request of a generated endpoint method: `method` (`"PATCH"`) on
/// `template` (`links/{linkId}`, relative to the base URL), each `{name}`
/// filled from `ids` in order, percent-encoded.
///
/// # Errors
/// [`Error::InvalidInput`] for an empty id (or `.`/`..`), a missing id or
/// an unknown method.
pub fn request(method: &str, template: &str, ids: &[&dyn std::fmt::Display]) -> Result<Request> {
    request_under(Ok(ApiPath::new("")), method, template, ids)
}

/// [`request`] under a path prefix the sender gives (impact.com's
/// `Advertisers/{AccountSID}`).
///
/// # Errors
/// As for [`request`], and `base`'s own error.
pub fn request_under(
    base: Result<ApiPath>,
    method: &str,
    template: &str,
    ids: &[&dyn std::fmt::Display],
) -> Result<Request> {
    let mut path = base?;
    let mut ids = ids.iter();
    for seg in template.split('/').filter(|s| !s.is_empty()) {
        path = match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let id = ids.next().ok_or_else(|| {
                    Error::invalid_input(format!("path parameter `{name}` has no value"))
                })?;
                path.param(name, id.to_string())?
            }
            None => path.lit(seg),
        };
    }
    let method = http::Method::from_bytes(method.as_bytes())
        .map_err(|_| Error::invalid_input(format!("unknown HTTP method `{method}`")))?;
    Ok(Request::new(method, path))
}

/// The message kept by a builder whose request could not be built.
pub fn message(e: Error) -> String {
    match e {
        Error::InvalidInput { message } => message,
        other => other.to_string(),
    }
}

/// Joins list values with commas (`style: form, explode: false`).
pub fn join_values(values: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    values
        .into_iter()
        .map(|v| v.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(",")
}

/// The boundary of [`multipart`] bodies.
pub const MULTIPART_BOUNDARY: &str = "affiliate-rs-impact-generated-boundary";

/// Sets `pairs` as the `multipart/form-data` body (text fields only) of `r`.
///
/// # Errors
/// [`Error::InvalidInput`] when a name or value contains the boundary, or a
/// name contains a quote or a line break (it could not be sent faithfully).
pub fn multipart(r: Request, pairs: &[(String, String)]) -> Result<Request> {
    let mut body = String::new();
    for (k, v) in pairs {
        if k.contains(MULTIPART_BOUNDARY)
            || v.contains(MULTIPART_BOUNDARY)
            || k.contains(['"', '\r', '\n'])
        {
            return Err(Error::invalid_input(format!(
                "field `{k}` cannot be sent as multipart"
            )));
        }
        body.push_str(&format!(
            "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{MULTIPART_BOUNDARY}--\r\n"));
    Ok(r.bytes(
        body,
        "multipart/form-data; boundary=affiliate-rs-impact-generated-boundary",
    ))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

/// Reads `T`, `[T]` or `null` into an optional list (serde
/// `deserialize_with`).
///
/// # Errors
/// The deserializer's error when the value is neither.
pub fn option_one_or_many<'de, D, T>(d: D) -> std::result::Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<OneOrMany<T>>::deserialize(d)?.map(|v| match v {
        OneOrMany::Many(v) => v,
        OneOrMany::One(t) => vec![t],
    }))
}

/// Reads an open enum from a string or number; `""` and `null` are `None`
/// (serde `deserialize_with`).
///
/// # Errors
/// The deserializer's error when the value is not a scalar.
pub fn option_enum<'de, D, T>(d: D) -> std::result::Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    Ok(crate::lenient::option_string(d)?.map(|s| T::from(s.as_str())))
}

/// `with` modules for optional model fields: written as is, read leniently.
///
/// `#[serde(default, skip_serializing_if = "Option::is_none", with =
/// "op::string")]` reads a string, a number or a boolean as a `String`.
pub mod with {
    macro_rules! lenient_with {
        ($(#[$meta:meta])* $name:ident, $t:ty, $de:path) => {
            $(#[$meta])*
            pub mod $name {
                /// Writes the value as is.
                ///
                /// # Errors
                /// The serializer's error.
                pub fn serialize<S: serde::Serializer>(
                    v: &Option<$t>,
                    s: S,
                ) -> Result<S::Ok, S::Error> {
                    serde::Serialize::serialize(v, s)
                }

                /// Reads the value leniently.
                ///
                /// # Errors
                /// The deserializer's error when the value cannot be read.
                pub fn deserialize<'de, D: serde::Deserializer<'de>>(
                    d: D,
                ) -> Result<Option<$t>, D::Error> {
                    $de(d)
                }
            }
        };
    }

    lenient_with!(
        /// A string; numbers and booleans are read as their text.
        string, String, crate::lenient::option_string
    );
    lenient_with!(
        /// An integer; also read from a string or a whole float.
        int, i64, crate::lenient::option_i64
    );
    lenient_with!(
        /// A number; also read from a string.
        float, f64, crate::lenient::option_f64
    );
    lenient_with!(
        /// A boolean; also read from `"true"`, `1`, ...
        boolean, bool, crate::lenient::option_bool
    );

    /// `T` or `[T]`, read into a list.
    pub mod one_or_many {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        /// Writes the list as is.
        ///
        /// # Errors
        /// The serializer's error.
        pub fn serialize<S: Serializer, T: Serialize>(
            v: &Option<Vec<T>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            v.serialize(s)
        }

        /// Reads `T`, `[T]` or `null`.
        ///
        /// # Errors
        /// The deserializer's error when the value is neither.
        pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
            d: D,
        ) -> Result<Option<Vec<T>>, D::Error> {
            super::super::option_one_or_many(d)
        }
    }

    /// An open enum; `""` and `null` are `None`.
    pub mod open_enum {
        use serde::{Deserializer, Serialize, Serializer};

        /// Writes the value as is.
        ///
        /// # Errors
        /// The serializer's error.
        pub fn serialize<S: Serializer, T: Serialize>(
            v: &Option<T>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            v.serialize(s)
        }

        /// Reads a string or number into the enum.
        ///
        /// # Errors
        /// The deserializer's error when the value is not a scalar.
        pub fn deserialize<'de, D: Deserializer<'de>, T: for<'a> From<&'a str>>(
            d: D,
        ) -> Result<Option<T>, D::Error> {
            super::super::option_enum(d)
        }
    }
}

/// Declares a request builder: a newtype over [`Op`] with `new`, `set`,
/// `set_list`, `query_param`, `request` and `into_parts`; with `-> Output =
/// |sender, request| expr`, also `send` and
/// [`IntoFuture`], so both `.await` and
/// `.send().await` work.
///
/// ```
/// use affiliate_common::{op, Client};
/// # use affiliate_common::test_util::{Expect, MockApi};
/// # #[derive(Debug, serde::Deserialize)]
/// # pub struct Link { pub id: String }
///
/// affiliate_common::op_builder! {
///     /// Request builder of `GET /links/info`.
///     pub struct GetLink(Client) -> Link = |client, request| {
///         Ok(client.send_json(request).await?.into_inner())
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> affiliate_common::Result<()> {
/// # let api = MockApi::start().await;
/// # Expect::new("GET", "/links/info", serde_json::json!({"id": "l_1"}))
/// #     .query(&[("linkId", "l_1")])
/// #     .mount(&api)
/// #     .await;
/// # let client = Client::builder(api.url()).build()?;
/// let get = GetLink::from_result(client, op::request("GET", "links/info", &[]));
/// let link = get.query_param("linkId", "l_1").await?;
/// assert_eq!(link.id, "l_1");
/// # Ok(())
/// # }
/// ```
#[macro_export]
macro_rules! op_builder {
    ($(#[$meta:meta])* $vis:vis struct $name:ident($sender:ty)) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until it is sent"]
        $vis struct $name($crate::op::Op<$sender>);

        #[allow(dead_code)]
        impl $name {
            pub(crate) fn new(
                sender: $sender,
                request: ::std::result::Result<$crate::Request, ::std::string::String>,
            ) -> Self {
                Self($crate::op::Op::new(sender, request))
            }

            pub(crate) fn from_result(sender: $sender, request: $crate::Result<$crate::Request>) -> Self {
                Self($crate::op::Op::from_result(sender, request))
            }

            fn set(self, key: &str, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(self.0.set(key, value))
            }

            fn set_list(
                self,
                key: &str,
                values: impl ::std::iter::IntoIterator<Item = impl ::std::convert::AsRef<str>>,
            ) -> Self {
                Self(self.0.set_list(key, values))
            }

            /// Sets a query parameter this version of the SDK does not know.
            pub fn query_param(
                self,
                key: &str,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.set(key, value)
            }

            /// The request as it will be sent (for inspection and tests).
            ///
            /// # Errors
            /// [`Error::InvalidInput`]($crate::Error::InvalidInput) when a
            /// path parameter or the body was rejected.
            pub fn request(&self) -> $crate::Result<&$crate::Request> {
                self.0.request()
            }

            pub(crate) fn into_parts(self) -> $crate::Result<($sender, $crate::Request)> {
                self.0.into_parts()
            }
        }
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident($sender:ty) -> $out:ty
        = |$s:ident, $r:ident| $send:expr) => {
        $crate::op_builder!($(#[$meta])* $vis struct $name($sender));

        impl $name {
            /// Sends the request (`.await` on the builder does the same).
            ///
            /// # Errors
            /// As for the endpoint method that returned this builder.
            pub async fn send(self) -> $crate::Result<$out> {
                let ($s, $r) = self.into_parts()?;
                $send
            }
        }

        $crate::into_future!($name => $out);
    };
}

/// Several [`op_builder!`](crate::op_builder)s of one sender, two lines
/// each: the doc line and `Name -> Output = |sender, request| send;` (or
/// `Name;` for a builder whose send is written by hand).
///
/// ```
/// use affiliate_common::{op, Client};
/// # use affiliate_common::test_util::{Expect, MockApi};
/// # #[derive(Debug, serde::Deserialize)]
/// # pub struct Link { pub id: String }
///
/// affiliate_common::op_builders! { Client;
///     /// Request builder of `GET /links/{linkId}`.
///     GetLink -> Link = |client, request| Ok(client.send_json(request).await?.into_inner());
///     /// Request builder of `GET /links/count` (its `send` is written by hand).
///     CountLinks;
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> affiliate_common::Result<()> {
/// # let api = MockApi::start().await;
/// # Expect::new("GET", "/links/l_1", serde_json::json!({"id": "l_1"})).mount(&api).await;
/// # let client = Client::builder(api.url()).build()?;
/// let get = GetLink::from_result(client.clone(), op::request("GET", "links/{linkId}", &[&"l_1"]));
/// assert_eq!(get.await?.id, "l_1");
/// let count = CountLinks::from_result(client, op::request("GET", "links/count", &[]))
///     .query_param("domain", "dub.sh");
/// assert_eq!(count.request()?.query_value("domain"), Some("dub.sh"));
/// # Ok(())
/// # }
/// ```
#[macro_export]
macro_rules! op_builders {
    ($sender:ty; $($(#[$meta:meta])* $name:ident $(-> $out:ty = |$s:ident, $r:ident| $send:expr)?;)+) => {
        $($crate::op_builder!($(#[$meta])* pub struct $name($sender) $(-> $out = |$s, $r| $send)?);)+
    };
}

/// A list builder's `into_paginator` (from `|sender, request| expr`), with
/// `page_size` setting the query parameter named after `page_size` when
/// given, and [`list_builder!`](crate::list_builder)'s methods.
///
/// ```
/// use affiliate_common::pagination::PageNumber;
/// use affiliate_common::{op, Client, Paginator, Strategy};
/// # use affiliate_common::test_util::{Expect, MockApi};
/// # #[derive(Debug, serde::Deserialize)]
/// # pub struct Ad { pub id: String }
/// # affiliate_common::op_builder!(pub struct ListAds(Client));
///
/// affiliate_common::paged_list!(ListAds => Vec<Ad> = |client, request| {
///     Ok(Paginator::new(client, request, Strategy::PageNumber(PageNumber::new("Page"))))
/// }; page_size "PageSize");
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> affiliate_common::Result<()> {
/// # let api = MockApi::start().await;
/// # Expect::new("GET", "/Ads", serde_json::json!([{"id": "a_1"}, {"id": "a_2"}]))
/// #     .query(&[("PageSize", "2"), ("Page", "1")])
/// #     .mount(&api)
/// #     .await;
/// # let client = Client::builder(api.url()).build()?;
/// let first = ListAds::from_result(client, op::request("GET", "Ads", &[])).page_size(2).await?;
/// assert_eq!(first.items.len(), 2);
/// # Ok(())
/// # }
/// ```
#[macro_export]
macro_rules! paged_list {
    ($builder:ty => $body:ty = |$s:ident, $r:ident| $paginate:expr $(; page_size $param:literal)?) => {
        impl $builder {
            $(
                #[doc = concat!("`", $param, "`: items per page. Defaults to the largest page the API allows for this list.")]
                pub fn page_size(self, value: u64) -> Self {
                    self.set($param, value.to_string())
                }
            )?

            /// The paginator of this list (page size and rate-limit bucket applied).
            ///
            /// # Errors
            /// [`Error::InvalidInput`]($crate::Error::InvalidInput) when a parameter was rejected.
            pub fn into_paginator(self) -> $crate::Result<$crate::Paginator<$body>> {
                let ($s, $r) = self.into_parts()?;
                $paginate
            }
        }

        $crate::list_builder!($builder => $body);
    };
}

/// Resource handler types and their accessors on a client type: each handler
/// holds a clone of the sender (`field: Sender`, taken from the client by
/// `|client| expr`), so it is cheap, `Send` and `'static`.
///
/// ```
/// use affiliate_common::Client;
///
/// /// An API's client: the transport and the account it acts for.
/// pub struct BrandClient {
///     transport: Client,
/// }
///
/// affiliate_common::handlers! {
///     BrandClient => sender: Client = |c| c.transport.clone();
///     /// The `Actions` resource.
///     Actions => actions;
/// }
///
/// # fn main() -> affiliate_common::Result<()> {
/// # let transport = Client::builder("https://api.example.com/v1/".parse().unwrap()).build()?;
/// let brand = BrandClient { transport };
/// let actions = brand.actions();
/// // The handler owns its clone of the sender: it can outlive `brand` and cross threads.
/// drop(brand);
/// let base = std::thread::spawn(move || actions.sender.base_url().clone()).join().unwrap();
/// assert_eq!(base.as_str(), "https://api.example.com/v1/");
/// # Ok(())
/// # }
/// ```
#[macro_export]
macro_rules! handlers {
    ($client:ty => $field:ident: $sender:ty = |$c:ident| $get:expr;
     $($(#[$doc:meta])* $name:ident => $accessor:ident;)+) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone)]
            pub struct $name {
                $field: $sender,
            }
        )+

        impl $client {
            $(
                $(#[$doc])*
                pub fn $accessor(&self) -> $name {
                    let $c = self;
                    $name { $field: $get }
                }
            )+
        }
    };
}

/// Setters of a request builder's optional query parameters, one line each:
/// `name(value: Type) = "WireName" => conversion;` sets (replaces) the query
/// parameter `WireName` to the conversion of `value` (a `String`).
///
/// ```
/// use affiliate_common::{op, Client};
/// # affiliate_common::op_builder!(pub struct ListLinks(Client));
///
/// affiliate_common::query_setters! { ListLinks {
///     /// `domain`: string.
///     domain(value: impl Into<String>) = "domain" => value.into();
///     /// `page`: integer.
///     page(value: u64) = "page" => value.to_string();
/// } }
///
/// # fn main() -> affiliate_common::Result<()> {
/// # let client = Client::builder("https://api.example.com/".parse().unwrap()).build()?;
/// let list = ListLinks::from_result(client, op::request("GET", "links", &[]))
///     .domain("dub.sh")
///     .page(1)
///     .page(2);
/// let pairs = [("domain".to_owned(), "dub.sh".to_owned()), ("page".to_owned(), "2".to_owned())];
/// assert_eq!(list.request()?.query_pairs(), pairs);
/// # Ok(())
/// # }
/// ```
#[macro_export]
macro_rules! query_setters {
    ($builder:ident { $($(#[$meta:meta])* $name:ident($value:ident: $t:ty) = $wire:literal => $conv:expr;)* }) => {
        impl $builder {
            $(
                $(#[$meta])*
                pub fn $name(self, $value: $t) -> Self {
                    self.set($wire, $conv)
                }
            )*
        }
    };
}

/// Setters of a request model's optional fields: `field: Type` stores
/// `Some(value)`; `field: Type = conv` stores `Some(conv(value))`.
///
/// ```
/// # #[derive(Debug, Default)]
/// # pub struct NewLink {
/// #     pub domain: Option<String>,
/// #     pub tag_ids: Option<Vec<String>>,
/// #     pub archived: Option<bool>,
/// # }
/// affiliate_common::setters! { NewLink {
///     /// Sets `domain`.
///     domain: impl Into<String> = Into::into,
///     /// Sets `tagIds`.
///     tag_ids: impl IntoIterator<Item = impl Into<String>> = affiliate_common::op::strings,
///     /// Sets `archived`.
///     archived: bool,
/// } }
///
/// # fn main() {
/// let link = NewLink::default().domain("dub.sh").tag_ids(["t_1", "t_2"]).archived(true);
/// assert_eq!(link.domain.as_deref(), Some("dub.sh"));
/// assert_eq!(link.tag_ids, Some(vec!["t_1".to_owned(), "t_2".to_owned()]));
/// assert_eq!(link.archived, Some(true));
/// # }
/// ```
#[macro_export]
macro_rules! setters {
    ($name:ident { $($(#[$meta:meta])* $field:ident: $t:ty $(= $conv:path)?,)* }) => {
        impl $name {
            $(
                $(#[$meta])*
                pub fn $field(mut self, value: $t) -> Self {
                    self.$field = Some($($conv)?(value));
                    self
                }
            )*
        }
    };
}

/// The text of an id given as a number or a string (the conversion of an
/// id setter: `campaign_id(1000)` and `campaign_id(&campaign.id)` agree).
pub fn text(value: impl std::fmt::Display) -> String {
    value.to_string()
}

/// Collects strings (the conversion of a list-of-strings setter).
pub fn strings(values: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
    values.into_iter().map(Into::into).collect()
}

/// Implements [`IntoFuture`] for a builder with an
/// inherent `async fn send(self) -> Result<Output>`, so `.await` sends it.
#[macro_export]
macro_rules! into_future {
    ($builder:ty => $out:ty) => {
        impl ::core::future::IntoFuture for $builder {
            type Output = $crate::Result<$out>;
            type IntoFuture = $crate::op::BoxFuture<$out>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    };
}

/// [`list_methods!`](crate::list_methods) plus
/// [`IntoFuture`]: `.await` on a list builder
/// sends the request for the first page, as `.send().await` does.
#[macro_export]
macro_rules! list_builder {
    ($builder:ty => $body:ty) => {
        $crate::list_methods!($builder => $body);
        $crate::into_future!($builder => $crate::Page<<$body as $crate::PageBody>::Item>);
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::ApiPath;

    #[test]
    fn a_rejected_request_stays_rejected_through_setters() {
        let op = Op::from_result((), ApiPath::new("a").param("id", "").map(Request::get));
        let op = op.set("x", "1").set_list("y", ["a", "b"]);
        assert!(matches!(op.request(), Err(Error::InvalidInput { .. })));
        assert!(matches!(op.into_parts(), Err(Error::InvalidInput { .. })));
    }

    #[test]
    fn request_fills_the_template_in_order_and_refuses_an_empty_id() {
        let r = request("PATCH", "links/{linkId}/tags/{tag}", &[&"a b", &7]).unwrap();
        assert_eq!(r.path().as_str(), "/links/a%20b/tags/7");
        assert_eq!(r.path().template(), "/links/{linkId}/tags/{tag}");
        assert_eq!(r.method().as_str(), "PATCH");
        let under = request_under(Ok(ApiPath::new("Advertisers/IR1")), "GET", "Ads", &[]).unwrap();
        assert_eq!(under.path().as_str(), "/Advertisers/IR1/Ads");
        for bad in [
            request("GET", "links/{linkId}", &[&""]),
            request("GET", "links/{linkId}", &[]),
            request("GET", "links/{linkId}", &[&".."]),
        ] {
            assert!(matches!(bad, Err(Error::InvalidInput { .. })));
        }
    }

    #[test]
    fn setters_replace_and_join() {
        let op = Op::new((), Ok(Request::get(ApiPath::new("a"))));
        let op = op.set("x", "1").set("x", "2").set_list("y", ["a", "b"]);
        let r = op.request().unwrap();
        assert_eq!(r.query_value("x"), Some("2"));
        assert_eq!(r.query_value("y"), Some("a,b"));
    }

    /// A sender that answers the request's query value `x`.
    #[derive(Debug, Clone)]
    struct Echo;

    impl Echo {
        async fn answer(&self, request: Request) -> Result<String> {
            Ok(request.query_value("x").unwrap_or_default().to_owned())
        }
    }

    crate::op_builder! {
        /// A test builder.
        struct EchoX(Echo) -> String = |echo, request| echo.answer(request).await
    }

    crate::query_setters! { EchoX {
        /// Sets `x` from a number.
        x_number(value: u64) = "x" => value.to_string();
        /// Sets `x` from text.
        x_text(value: impl Into<String>) = "x" => value.into();
    } }

    #[tokio::test]
    async fn query_setters_set_the_wire_name() {
        let start = || EchoX::new(Echo, Ok(Request::get(ApiPath::new("a"))));
        assert_eq!(start().x_number(7).await.unwrap(), "7");
        assert_eq!(start().x_number(7).x_text("last").await.unwrap(), "last");
    }

    #[tokio::test]
    async fn a_builder_sends_on_await_and_on_send() {
        let start = || EchoX::new(Echo, Ok(Request::get(ApiPath::new("a"))));
        assert_eq!(start().set("x", "1").await.unwrap(), "1");
        assert_eq!(start().query_param("x", "2").send().await.unwrap(), "2");
        let rejected =
            EchoX::from_result(Echo, ApiPath::new("a").param("id", "").map(Request::get));
        assert!(matches!(rejected.await, Err(Error::InvalidInput { .. })));
    }

    #[test]
    fn multipart_refuses_a_name_that_would_break_the_body() {
        let r = Request::post(ApiPath::new("a"));
        let bad = [("a\"b".to_owned(), "v".to_owned())];
        assert!(multipart(r.clone(), &bad).is_err());
        let ok = [("a".to_owned(), "v".to_owned())];
        assert!(multipart(r, &ok).is_ok());
    }

    #[test]
    fn one_or_many_reads_both_shapes() {
        #[derive(Deserialize)]
        struct W {
            #[serde(default, deserialize_with = "option_one_or_many")]
            v: Option<Vec<u8>>,
        }
        let one: W = serde_json::from_str(r#"{"v":1}"#).unwrap();
        let many: W = serde_json::from_str(r#"{"v":[1,2]}"#).unwrap();
        let null: W = serde_json::from_str(r#"{"v":null}"#).unwrap();
        assert_eq!(one.v, Some(vec![1]));
        assert_eq!(many.v, Some(vec![1, 2]));
        assert_eq!(null.v, None);
    }
}
