//! Product books (catalogue entries) and products (a product book entry
//! attached to a customer).

use serde_json::{Map, Value};

model! {
    /// A product book entry. The response shape is not documented; known
    /// fields are typed and the rest is kept in `extra`.
    pub struct ProductBook keyed {
        /// The product's name.
        name: str,
        /// A description.
        description: str,
        /// Your reference for the product.
        external_key: str,
        /// The price in integer cents, when set.
        price: int,
        /// The currency of `price`.
        currency: str,
    }
}

model! {
    /// A product owned by a customer.
    pub struct Product keyed {
        /// The product book entry.
        product_book_key: str,
        /// The customer.
        customer_key: str,
        /// The partner team (stack) credited.
        stack_key: str,
        /// The click that led to the product.
        click_xid: str,
        /// Your reference for the product.
        external_key: str,
        /// The product's status.
        status: str,
        /// Custom metadata.
        meta: map,
    }
}

body! {
    /// The body of `POST /product-book`. Field names beyond `name` are unverified.
    pub struct NewProductBook {
        required {
            /// The product's name.
            name: String,
        }
        optional {
            /// A description.
            description: String,
            /// Your reference.
            external_key: String,
            /// The price in integer cents.
            price: i64,
            /// The currency of `price`.
            currency: String,
        }
    }
}

body! {
    /// The body of `PATCH /product-book/{key}`.
    pub struct UpdateProductBook {
        required {}
        optional {
            /// The product's name.
            name: String,
            /// A description.
            description: String,
            /// Your reference.
            external_key: String,
            /// The price in integer cents.
            price: i64,
            /// The currency of `price`.
            currency: String,
        }
    }
}

body! {
    /// The body of `POST /products`: a product book entry for a customer.
    pub struct NewProduct {
        required {
            /// The product book entry.
            product_book_key: String,
            /// The customer.
            customer_key: String,
            /// The status.
            status: String,
        }
        optional {
            /// Your reference (usable in place of `key`).
            external_key: String,
            /// Custom metadata.
            meta: Map<String, Value>,
        }
    }
}

body! {
    /// The body of `PATCH /products/{key}`.
    pub struct UpdateProduct {
        required {}
        optional {
            /// The status.
            status: String,
            /// Your reference.
            external_key: String,
            /// Custom metadata.
            meta: Map<String, Value>,
        }
    }
}
