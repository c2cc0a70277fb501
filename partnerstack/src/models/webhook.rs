//! Webhook subscriptions (the event payloads are in [`crate::webhooks`]).

model! {
    /// A webhook subscription.
    pub struct Webhook keyed {
        /// The URL events are posted to.
        target: str,
        /// The URL, as some responses name it.
        url: str,
        /// The subscribed event names.
        events: strings,
        /// Whether the webhook is archived.
        archived: bool,
    }
}

body! {
    /// The body of `POST /webhooks`. The field names (`target`, `events`)
    /// come from a thin client and are unverified.
    pub struct NewWebhook {
        required {
            /// The URL to post events to.
            target: String,
        }
        optional {}
        lists {
            /// The event names to subscribe to (`partnership.created`, ...).
            events: String,
        }
    }
}

body! {
    /// The body of `PATCH /webhooks/{key}`. Field names are unverified.
    pub struct UpdateWebhook {
        required {}
        optional {
            /// The URL to post events to.
            target: String,
        }
        lists {
            /// The event names to subscribe to.
            events: String,
        }
    }
}
