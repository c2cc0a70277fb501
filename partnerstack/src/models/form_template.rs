//! Form templates and sales-cycle stages.

use super::{FieldData, Group};

model! {
    /// A form template (the fields partners fill in for a partnership,
    /// customer, deal or lead).
    pub struct FormTemplate keyed {
        /// The template's name.
        name: str,
        /// The title shown on the form.
        title: str,
        /// A description.
        description: str,
        /// The object type the form creates (`deal`, `lead`, ...).
        #[serde(rename = "type")]
        kind: str,
        /// The form's fields.
        fields: list(FieldData),
        /// The groups the form is used in.
        groups: list(Group),
    }
}

model! {
    /// A configured sales-cycle stage (`GET /sales-cycles/{object_type}/stages`).
    /// The response shape is not documented; known fields are typed and the
    /// rest is kept in `extra`.
    pub struct SalesCycleStage keyed {
        /// The stage's name.
        name: str,
        /// The stage's position in the cycle.
        position: int,
        /// The group the stage belongs to.
        group_key: str,
        /// Whether the stage closes the cycle.
        closed: bool,
        /// Whether the stage counts as won.
        won: bool,
    }
}
