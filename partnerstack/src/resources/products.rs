//! `client.product_books()` and `client.products()`.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, empty, list_builder};
use crate::models::{
    NewProduct, NewProductBook, Product, ProductBook, UpdateProduct, UpdateProductBook,
};

/// Product-book endpoints of the vendor API (`/product-book`, hyphenated
/// literal unverified).
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct ProductBooks {
    http: affiliate_common::Client,
}

fn book(key: &str) -> Result<ApiPath> {
    ApiPath::new("product-book").param("unique_identifier", key)
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

    /// Retrieves a product book entry.
    ///
    /// `GET /product-book/{unique_identifier}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let product_book_key = client.product_books().list().send().await?.items[0].key.clone();
    /// let b = client.product_books().get(&product_book_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<ProductBook> {
        data(&self.http, Request::get(book(key)?)).await
    }

    /// Creates a product book entry.
    ///
    /// `POST /product-book`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::NewProductBook;
    /// let b = client.product_books().create(&NewProductBook::new("Pro plan")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 for a rejected body,
    /// and transport errors. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewProductBook) -> Result<ProductBook> {
        data(
            &self.http,
            Request::post(ApiPath::new("product-book")).json(body)?,
        )
        .await
    }

    /// Updates a product book entry.
    ///
    /// `PATCH /product-book/{unique_identifier}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let product_book_key = client.product_books().list().send().await?.items[0].key.clone();
    /// use partnerstack::UpdateProductBook;
    /// client.product_books().update(&product_book_key, &UpdateProductBook::new().price(9_900)).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update(&self, key: &str, body: &UpdateProductBook) -> Result<ProductBook> {
        data(&self.http, Request::patch(book(key)?).json(body)?).await
    }

    /// Deletes a product book entry.
    ///
    /// `DELETE /product-book/{unique_identifier}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let product_book_key = client.product_books().list().send().await?.items[0].key.clone();
    /// client.product_books().delete(&product_book_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn delete(&self, key: &str) -> Result<()> {
        empty(&self.http, Request::delete(book(key)?)).await
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
    http: affiliate_common::Client,
}

fn product(key: &str) -> Result<ApiPath> {
    ApiPath::new("products").param("unique_identifier", key)
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

    /// Retrieves a product by its external or internal key.
    ///
    /// `GET /products/{unique_identifier}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let product_key = client.products().list().send().await?.items[0].key.clone();
    /// let p = client.products().get(&product_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<Product> {
        data(&self.http, Request::get(product(key)?)).await
    }

    /// Creates a product from a product book entry for a customer.
    ///
    /// `POST /products`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::NewProduct;
    /// let p = client.products().create(&NewProduct::new("pb_1", "cus_1", "active")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 400 for a rejected body,
    /// and transport errors. Not retried once it may have reached the server.
    pub async fn create(&self, body: &NewProduct) -> Result<Product> {
        data(
            &self.http,
            Request::post(ApiPath::new("products")).json(body)?,
        )
        .await
    }

    /// Updates a product by its external or internal key.
    ///
    /// `PATCH /products/{unique_identifier}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let product_key = client.products().list().send().await?.items[0].key.clone();
    /// use partnerstack::UpdateProduct;
    /// client.products().update(&product_key, &UpdateProduct::new().status("cancelled")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn update(&self, key: &str, body: &UpdateProduct) -> Result<Product> {
        data(&self.http, Request::patch(product(key)?).json(body)?).await
    }

    /// Deletes a product by its external or internal key.
    ///
    /// `DELETE /products/{unique_identifier}`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let product_key = client.products().list().send().await?.items[0].key.clone();
    /// client.products().delete(&product_key).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport errors.
    pub async fn delete(&self, key: &str) -> Result<()> {
        empty(&self.http, Request::delete(product(key)?)).await
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
