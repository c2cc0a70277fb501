//! Customers: the people or companies partners referred.

use serde_json::{Map, Value};

use super::FieldData;

model! {
    /// A customer (vendor API). Partner-API customers have other fields:
    /// see [`PartnerCustomer`](super::PartnerCustomer).
    pub struct Customer keyed {
        /// Your external key for the customer, set at creation.
        customer_key: str,
        /// Email address.
        email: str,
        /// The customer's or company's name.
        name: str,
        /// The referring partner's `partner_key`.
        partner_key: str,
        /// The referring partnership's key.
        partnership_key: str,
        /// The payment provider's id (Stripe, Recurly, Chargebee, ...).
        provider_key: str,
        /// Where the customer was created from.
        source_key: str,
        /// The kind of source the customer was created from.
        source_type: str,
        /// Whether the customer was created by a test partner or with test keys.
        test: bool,
        /// Custom metadata.
        meta: map,
        /// Deprecated custom field values.
        field_data: map,
        /// Custom form fields.
        fields: list(FieldData),
    }
}

body! {
    /// The body of `POST /customers`.
    ///
    /// The docs also mark `customer_key` as required (other sources make it
    /// optional): set it with [`NewCustomer::customer_key`] unless you know
    /// your account accepts customers without one. Creating a customer this
    /// way cannot attribute clicks or links; PartnerStack recommends its
    /// server-to-server tracking for that.
    pub struct NewCustomer {
        required {
            /// Email address (4 to 255 characters).
            email: String,
            /// The referring partner's key; must belong to your program. Use
            /// `gstest`, every program's test partner, for test customers.
            partner_key: String,
        }
        optional {
            /// Your external key for the customer.
            customer_key: String,
            /// The customer's or company's name (at most 100 characters).
            name: String,
            /// The payment provider's id.
            provider_key: String,
            /// The team member responsible for the customer.
            member_key: String,
            /// Custom metadata.
            meta: Map<String, Value>,
        }
    }
}

body! {
    /// The body of `PATCH /customers/{key}`. Omitted fields are unchanged;
    /// the referring partner cannot be changed.
    pub struct UpdateCustomer {
        required {}
        optional {
            /// Your external key for the customer.
            customer_key: String,
            /// Email address.
            email: String,
            /// The customer's or company's name.
            name: String,
            /// The payment provider's id.
            provider_key: String,
            /// The team member responsible for the customer.
            member_key: String,
            /// Custom metadata.
            meta: Map<String, Value>,
        }
    }
}
