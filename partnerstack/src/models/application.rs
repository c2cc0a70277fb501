//! Partner applications.

use super::FieldValue;

affiliate_common::open_enum! {
    /// A decision on an application.
    pub enum ApplicationDecision {
        /// Accept the applicant into the program.
        Approved = "approved",
        /// Decline the application.
        Declined = "declined",
        /// Not decided yet.
        Pending = "pending",
    }
}

model! {
    /// A partner application. The response shape is not documented; known
    /// fields are typed and the rest is kept in `extra`.
    pub struct Application keyed {
        /// The applicant's email.
        email: str,
        /// First name.
        first_name: str,
        /// Last name.
        last_name: str,
        /// The group applied to.
        group_key: str,
        /// The applicant's partner key, once created.
        partner_key: str,
        /// The application's status.
        status: opt(ApplicationDecision),
    }
}

body! {
    /// The body of `POST /applications`. Field names are unverified.
    pub struct NewApplication {
        required {
            /// The applicant's email.
            email: String,
        }
        optional {
            /// First name.
            first_name: String,
            /// Last name.
            last_name: String,
            /// The group applied to.
            group_key: String,
        }
        lists {
            /// Application form field values.
            fields: FieldValue,
        }
    }
}

body! {
    /// The body of `PATCH /applications/{key}/decision`. Field names are
    /// unverified (`decision`, `group_key`).
    pub struct Decision {
        required {
            /// The decision.
            decision: ApplicationDecision,
        }
        optional {
            /// The group to place an approved partner in.
            group_key: String,
        }
    }
}

body! {
    /// The body of the bulk `PATCH /applications/decision`. Field names are
    /// unverified (`application_keys`, `decision`).
    pub struct BulkDecision {
        required {
            /// The decision for every listed application.
            decision: ApplicationDecision,
        }
        optional {
            /// The group to place approved partners in.
            group_key: String,
        }
        lists {
            /// The applications to decide.
            application_keys: String,
        }
    }
}

model! {
    /// `data` of the bulk `PATCH /applications/decision`. The vendor
    /// documents no shape; this is the one the crate's sandbox and fixtures
    /// use, and any other keys stay in `extra`.
    pub struct DecidedApplications {
        /// Keys of the applications that changed.
        decided: strings,
    }
}
