//! The models of the impact.com API, one module per persona: the Brand
//! v14, Partner v16 and Agency v3 APIs each have their own `Program`,
//! `Action`, ... (their fields differ), so they never merge.
//!
//! Every model is generated from the project's descriptions in
//! `specs/impact/`: response fields are optional and read leniently (numbers
//! and booleans sent as strings, `""` for an unset enum), enums are open,
//! unknown keys are kept in `extra`.
//!
//! Every id is a `String`, as the wire sends it (`"Id": "1000"`; a number is
//! read as its text): a record's own id (`Program.id`, `Action.id`, the
//! Partner API's `Program.campaign_id`) is a plain `String` that a record
//! must carry (a record without it is a decode error naming the path), and
//! the ids it refers to (`Action.campaign_id`) are `Option<String>`. Id
//! arguments of constructors, setters and endpoint methods take any
//! `Display`, so a listed record's id and a number both work.
//!
//! ```
//! use impact_com::models::brand::ConversionPayload;
//! let payload = ConversionPayload::new(12345, "NOW", 1000, "ORDER-1");
//! assert_eq!(payload.campaign_id, "1000");
//! assert_eq!(payload.order_id, "ORDER-1");
//! ```

/// The Brand API v14 models (`/Advertisers/{AccountSID}`).
pub mod brand {
    pub use crate::generated::brand::models::*;
}

/// The Partner API v16 models (`/Mediapartners/{AccountSID}`).
pub mod partner {
    pub use crate::generated::partner::models::*;
}

/// The Agency API v3 models (`/Agencies/{AccountSID}`).
pub mod agency {
    pub use crate::generated::agency::models::*;
}
