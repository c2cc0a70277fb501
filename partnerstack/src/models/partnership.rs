//! Partnerships: a partner's membership in the vendor's program.

use serde_json::{Map, Value};

use super::{FieldData, FieldValue, Group, Team};

model! {
    /// A partnership (vendor API).
    pub struct Partnership keyed {
        /// The partner's email address.
        email: str,
        /// First name.
        first_name: str,
        /// Last name.
        last_name: str,
        /// The vendor's own unique reference for the partner.
        partner_key: str,
        /// When the partner joined the program.
        joined_at: time,
        /// The partner's group.
        group: opt(Group),
        /// The partner's team.
        team: opt(Team),
        /// The partner's tier (on retrieve).
        tier: opt(TierRef),
        /// The partner manager.
        manager: opt(Manager),
        /// Partnership metadata, a string map (`m_data` on the wire).
        m_data: map,
        /// The latest statistics, a map of name to number.
        stats: map,
        /// Tags.
        tags: strings,
        /// Custom form fields (the source of truth; `field_data` and `meta` are deprecated).
        fields: list(FieldData),
        /// Deprecated custom field values.
        field_data: map,
        /// Deprecated custom metadata.
        meta: map,
        /// Whether the partner has claimed the partnership.
        claimed: bool,
        /// Whether the partnership is archived.
        archived: bool,
    }
}

model! {
    /// A tier reference on a partnership.
    pub struct TierRef {
        /// The tier key.
        key: str,
        /// The tier name.
        name: str,
    }
}

model! {
    /// A partnership's manager.
    pub struct Manager {
        /// The manager's email.
        manager_email: str,
        /// The manager's name.
        manager_name: str,
        /// The manager's email (alternative spelling).
        email: str,
        /// The manager's name (alternative spelling).
        name: str,
    }
}

model! {
    /// A tracking link of a partnership (`GET /links/{partnership}`).
    pub struct Link keyed {
        /// The full tracking URL.
        url: str,
        /// The landing page the link redirects to.
        destination: str,
        /// The link's name.
        name: str,
        /// Whether this is the partner's default link.
        default: bool,
        /// The partnership the link belongs to.
        partnership_key: str,
    }
}

body! {
    /// The body of `POST /partnerships`. Only `email` is required by the
    /// docs; one thin client claims `group_key` is required too.
    pub struct NewPartnership {
        required {
            /// The partner's email (at most 255 characters).
            email: String,
        }
        optional {
            /// First name (at most 50 characters).
            first_name: String,
            /// Last name (at most 50 characters).
            last_name: String,
            /// Your unique reference for the partner (at most 255 characters).
            partner_key: String,
            /// The group to put the partner in.
            group_key: String,
            /// The partner manager's email.
            manager_email: String,
            /// The partner manager's name.
            manager_name: String,
            /// Deprecated custom field values.
            field_data: Map<String, Value>,
            /// Deprecated custom metadata.
            meta: Map<String, Value>,
        }
        lists {
            /// Tags.
            tags: String,
            /// Custom form field values.
            fields: FieldValue,
        }
    }
}

body! {
    /// The body of `PATCH /partnerships/{key}`. Omitted fields are unchanged.
    pub struct UpdatePartnership {
        required {}
        optional {
            /// Moves the partner to this group.
            group_key: String,
            /// The partner manager's email.
            manager_email: String,
            /// The partner manager's name.
            manager_name: String,
            /// Moves the partner to this tier.
            tier_key: String,
            /// First name.
            first_name: String,
            /// Last name.
            last_name: String,
            /// Deprecated custom metadata.
            meta: Map<String, Value>,
        }
        lists {
            /// Custom form field values.
            fields: FieldValue,
        }
    }
}

body! {
    /// The body of the bulk `PATCH /partnerships` that moves partnerships to
    /// a new group. The field names are not documented in the sources this
    /// SDK was built from (`partnership_keys`, `group_key` is the most likely
    /// form); use [`crate::Client::http`] if your account expects others.
    pub struct MovePartnerships {
        required {
            /// The group to move the partnerships to.
            group_key: String,
        }
        optional {}
        lists {
            /// The partnerships to move.
            partnership_keys: String,
        }
    }
}

body! {
    /// The body of `PATCH /partnerships/{key}/tags`: tags to add and to
    /// remove. The field names (`add`, `remove`) are unverified.
    pub struct UpdateTags {
        required {}
        optional {}
        lists {
            /// Tags to add (sent as `add`).
            #[serde(rename = "add")]
            add_tags: String,
            /// Tags to remove (sent as `remove`).
            #[serde(rename = "remove")]
            remove_tags: String,
        }
    }
}

body! {
    /// The body of `POST /partnerships/{partner_key}/member`: a person to
    /// invite to the partnership's team. Field names beyond `email` are
    /// unverified.
    pub struct NewMember {
        required {
            /// The member's email.
            email: String,
        }
        optional {
            /// First name.
            first_name: String,
            /// Last name.
            last_name: String,
        }
    }
}

model! {
    /// `data` of the bulk `PATCH /partnerships`. The vendor documents no
    /// shape; this is the one the crate's sandbox and fixtures use, and any
    /// other keys stay in `extra`.
    pub struct MovedPartnerships {
        /// How many partnerships changed group.
        moved: int,
    }
}
