//! `client.product_books()` and `client.products()`.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::{Product, ProductBook};

/// Product-book endpoints of the vendor API (`/product-book`, hyphenated
/// literal unverified).
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct ProductBooks {
    pub(crate) http: affiliate_common::Client,
}

impl ProductBooks {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        ProductBooks { http }
    }

    /// Lists product book entries; `.keywords()` searches names and descriptions.
    ///
    /// `GET /product-book`: `data.items` holds the entries, `data.has_more`
    /// ends the stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let books = client.product_books().list().keywords("annual").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProductBooks {
        ListProductBooks::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("product-book")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /product-book`.
    pub struct ListProductBooks => ProductBook {
        /// Keyword search over names and descriptions.
        fn keywords(str) = "keywords";
    }
}

/// Product endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Products {
    pub(crate) http: affiliate_common::Client,
}

impl Products {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Products { http }
    }

    /// Lists products.
    ///
    /// `GET /products`: `data.items` holds the products, `data.has_more`
    /// ends the stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let owned = client.products().list().customer_key("cus_123").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProducts {
        ListProducts::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("products")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /products`.
    pub struct ListProducts => Product {
        /// Only products of this customer.
        fn customer_key(str) = "customer_key";
        /// Only products credited to this partner team (stack).
        fn stack_key(str) = "stack_key";
        /// Only products from this click.
        fn click_xid(str) = "click_xid";
    }
}
