//! Deals registered by partners or vendors.

use serde_json::{Map, Value};

use super::{FieldData, FieldValue, Team, TeamMember};

affiliate_common::open_enum! {
    /// Who registered a deal.
    pub enum DealSource {
        /// A partner (the default).
        Partner = "partner",
        /// The vendor.
        Vendor = "vendor",
    }
}

model! {
    /// A deal.
    pub struct Deal keyed {
        /// The account (company) name. Documented as a string; Airbyte types
        /// it as an object, so both decode.
        account_name: either,
        /// The deal's value in integer cents.
        amount: int,
        /// The expected close date, `YYYY-MM-DD`.
        close_date: str,
        /// The contact's first name.
        contact_first_name: str,
        /// The contact's last name.
        contact_last_name: str,
        /// Your reference, usable in place of `key`.
        external_key: str,
        /// Custom form fields.
        fields: list(FieldData),
        /// Deprecated custom field values.
        field_data: map,
        /// Deprecated custom metadata.
        meta: map,
        /// The group the deal belongs to.
        group_key: str,
        /// The registering partner's key.
        partner_key: str,
        /// Why the deal was lost.
        lost_reason: str,
        /// The form (mold) the deal was submitted with.
        mold_key: str,
        /// Who registered the deal.
        source: opt(DealSource),
        /// The stage, one of the group's deal stages.
        stage: str,
        /// The partner team.
        team: opt(Team),
        /// The team member who registered the deal.
        team_member: opt(TeamMember),
        /// Whether the deal is archived.
        archived: bool,
    }
}

model! {
    /// A file attached to a deal.
    pub struct DealFile {
        /// The file key.
        key: str,
        /// The file name.
        name: str,
        /// The form field the file was uploaded to.
        field_key: str,
    }
}

model! {
    /// `data` of `GET /deals/{key}/files`.
    pub struct DealFiles {
        /// The files.
        deal_files: list(DealFile),
    }
}

model! {
    /// `data` of `GET /deals/{key}/file/{file}`: a download URL.
    pub struct DealFileUrl {
        /// A URL to download the file from.
        url: str,
    }
}

body! {
    /// The body of `POST /deals`. `partner_key` is required when `source` is
    /// `partner` (the default); `group_key` when it is `vendor`.
    pub struct NewDeal {
        required {}
        optional {
            /// The account (company) name.
            account_name: String,
            /// The deal's value in integer cents.
            amount: i64,
            /// The expected close date, `YYYY-MM-DD`.
            close_date: String,
            /// The contact's first name.
            contact_first_name: String,
            /// The contact's last name.
            contact_last_name: String,
            /// Your reference.
            external_key: String,
            /// The group (required for vendor deals).
            group_key: String,
            /// The registering partner (required for partner deals).
            partner_key: String,
            /// Why the deal was lost.
            lost_reason: String,
            /// The form (mold).
            mold_key: String,
            /// Who registers the deal.
            source: DealSource,
            /// The stage; must be one of the group's deal stages.
            stage: String,
            /// Deprecated custom metadata.
            meta: Map<String, Value>,
            /// The partner team, as a JSON object (the [`Team`] fields).
            team: Map<String, Value>,
            /// The team member registering the deal, as a JSON object (the
            /// [`TeamMember`] fields).
            team_member: Map<String, Value>,
        }
        lists {
            /// Custom form field values.
            fields: FieldValue,
        }
    }
}

body! {
    /// The body of `PATCH /deals/{key}`. Omitted fields are unchanged.
    pub struct UpdateDeal {
        required {}
        optional {
            /// The account (company) name.
            account_name: String,
            /// The deal's value in integer cents.
            amount: i64,
            /// The expected close date, `YYYY-MM-DD`.
            close_date: String,
            /// The contact's first name.
            contact_first_name: String,
            /// The contact's last name.
            contact_last_name: String,
            /// Your reference.
            external_key: String,
            /// The group.
            group_key: String,
            /// The partner.
            partner_key: String,
            /// Why the deal was lost.
            lost_reason: String,
            /// The form (mold).
            mold_key: String,
            /// Who registered the deal.
            source: DealSource,
            /// The stage.
            stage: String,
            /// Deprecated custom metadata.
            meta: Map<String, Value>,
            /// The partner team, as a JSON object (the [`Team`] fields).
            team: Map<String, Value>,
            /// The team member, as a JSON object (the [`TeamMember`] fields).
            team_member: Map<String, Value>,
        }
        lists {
            /// Custom form field values.
            fields: FieldValue,
        }
    }
}

body! {
    /// The body of `POST /deals/{key}/convert` and `POST /leads/{key}/convert`:
    /// turns the deal or lead into a customer.
    pub struct Conversion {
        required {
            /// The new customer's email.
            email: String,
        }
        optional {
            /// Your external key for the new customer.
            customer_key: String,
        }
    }
}
