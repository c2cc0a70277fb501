//! Actions: events (sign-ups, demos, ...) that can trigger rewards.

model! {
    /// An action.
    pub struct Action keyed {
        /// Whether the action is archived.
        archived: bool,
        /// The vendor company.
        company: opt(ActionCompany),
        /// The customer the action belongs to.
        customer: opt(ActionCustomer),
        /// The partnership credited.
        partnership_key: str,
        /// The action type, matching a trigger (noun_verb style, e.g. `demo_booked`).
        #[serde(rename = "type")]
        kind: str,
        /// The action's value.
        value: int,
        /// Your reference for the action.
        external_key: str,
        /// Create responses: the target's key.
        target_key: str,
        /// Create responses: the target's type.
        target_type: opt(ActionTargetType),
    }
}

model! {
    /// The company of an action.
    pub struct ActionCompany {
        /// The company key.
        key: str,
        /// The company name.
        name: str,
    }
}

model! {
    /// The customer of an action.
    pub struct ActionCustomer {
        /// The customer key.
        key: str,
        /// The customer's sub ids.
        sub_ids: strings,
    }
}

affiliate_common::open_enum! {
    /// What an action is recorded against.
    pub enum ActionTargetType {
        /// A partnership (`target_key` is a partner key).
        Partnership = "partnership",
        /// A customer (`target_key` is a customer key).
        Customer = "customer",
    }
}

body! {
    /// The body of `POST /actions`.
    pub struct NewAction {
        required {
            /// The customer key or partner key the action is recorded against.
            target_key: String,
            /// What `target_key` is.
            target_type: ActionTargetType,
            /// The action type; should match a trigger (e.g. `demo_booked`).
            #[serde(rename = "type")]
            kind: String,
            /// The value (an integer of at least 1).
            value: i64,
        }
        optional {
            /// Your reference for the action.
            external_key: String,
        }
    }
}
