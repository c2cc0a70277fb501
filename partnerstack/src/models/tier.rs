//! Tiers and tier collections.

model! {
    /// A tier (a level partners move through). The response shape is not
    /// documented; known fields are typed and the rest is kept in `extra`.
    pub struct Tier keyed {
        /// The tier's name.
        name: str,
        /// A description.
        description: str,
        /// The collection the tier belongs to.
        collection_key: str,
        /// The tier's rank within its collection.
        position: int,
    }
}

model! {
    /// A collection of tiers.
    pub struct TierCollection keyed {
        /// The collection's name.
        name: str,
        /// A description.
        description: str,
        /// The tiers in the collection.
        tiers: list(Tier),
    }
}

body! {
    /// The body of `POST /tiers`. Field names are unverified.
    pub struct NewTier {
        required {
            /// The collection to add the tier to.
            collection_key: String,
            /// The tier's name.
            name: String,
        }
        optional {
            /// A description.
            description: String,
            /// The tier's rank within its collection.
            position: i64,
        }
    }
}

body! {
    /// The body of `PATCH /tiers/{key}`. Field names are unverified.
    pub struct UpdateTier {
        required {}
        optional {
            /// The tier's name.
            name: String,
            /// A description.
            description: String,
            /// The tier's rank within its collection.
            position: i64,
        }
    }
}

body! {
    /// The body of `POST /tiers/collection`. Field names are unverified.
    pub struct NewTierCollection {
        required {
            /// The collection's name.
            name: String,
        }
        optional {
            /// A description.
            description: String,
        }
    }
}

body! {
    /// The body of `PATCH /tiers/collection/{key}`. Field names are unverified.
    pub struct UpdateTierCollection {
        required {}
        optional {
            /// The collection's name.
            name: String,
            /// A description.
            description: String,
        }
    }
}
