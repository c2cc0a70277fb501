//! Partner groups.

model! {
    /// A partner group. Webhook payloads carry a reduced group with an
    /// integer `id`, `name` and `slug`.
    pub struct Group keyed {
        /// The group's name.
        name: str,
        /// The group's slug.
        slug: str,
        /// Whether new partners land in this group.
        default: bool,
        /// Whether the group is archived.
        archived: bool,
        /// Feature switches of the group.
        features: opt(GroupFeatures),
        /// Webhook payloads: the group's numeric id.
        id: int,
    }
}

model! {
    /// Feature switches of a group.
    pub struct GroupFeatures {
        /// Whether partners in the group can apply.
        application_enabled: bool,
        /// Whether deal registration is on.
        deals_enabled: bool,
        /// Whether partners may not create links.
        disable_link_create: bool,
        /// Whether lead submission is on.
        leads_enabled: bool,
    }
}
