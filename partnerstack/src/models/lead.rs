//! Leads submitted by partners.

use serde_json::{Map, Value};

use super::{FieldData, FieldValue};

affiliate_common::open_enum! {
    /// The status of a lead. Two of the values contain spaces.
    pub enum LeadStatus {
        /// Open.
        Open = "open",
        /// Closed.
        Closed = "closed",
        /// Dead.
        Dead = "dead",
        /// Closed and won.
        ClosedWon = "closed won",
        /// Closed and lost.
        ClosedLost = "closed lost",
    }
}

model! {
    /// A lead.
    pub struct Lead keyed {
        /// The lead's value in integer cents.
        amount: int,
        /// Whether the lead may move past the closed stage.
        approved: bool,
        /// Your reference for the lead (often its email).
        external_key: str,
        /// Custom form fields.
        fields: list(FieldData),
        /// Deprecated custom field values.
        field_data: map,
        /// Metadata, including the contact's first and last name.
        meta: map,
        /// The group.
        group_key: str,
        /// The form (mold) the lead was submitted with.
        mold_key: str,
        /// The submitting partner's key.
        partner_key: str,
        /// The lead's status.
        status: opt(LeadStatus),
        /// Whether the lead is archived.
        archived: bool,
    }
}

body! {
    /// The body of `POST /leads`. `meta` must hold the contact's first and
    /// last name; other keys come from the lead form.
    pub struct NewLead {
        required {
            /// The submitting partner (at most 255 characters).
            partner_key: String,
            /// Your reference for the lead (often its email).
            external_key: String,
            /// The status.
            status: LeadStatus,
            /// Metadata with at least the contact's first and last name.
            meta: Map<String, Value>,
        }
        optional {
            /// The lead's value in integer cents.
            amount: i64,
            /// Whether the lead may move past the closed stage.
            approved: bool,
            /// The group.
            group_key: String,
            /// The form (mold).
            mold_key: String,
        }
        lists {
            /// Custom form field values.
            fields: FieldValue,
        }
    }
}

body! {
    /// The body of `PATCH /leads/{key}`. Omitted fields are unchanged.
    pub struct UpdateLead {
        required {}
        optional {
            /// The status.
            status: LeadStatus,
            /// The lead's value in integer cents.
            amount: i64,
            /// Whether the lead may move past the closed stage.
            approved: bool,
            /// Your reference.
            external_key: String,
            /// The group.
            group_key: String,
            /// The form (mold).
            mold_key: String,
            /// Metadata.
            meta: Map<String, Value>,
        }
        lists {
            /// Custom form field values.
            fields: FieldValue,
        }
    }
}
