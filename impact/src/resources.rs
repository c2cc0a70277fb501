//! The resource handlers of the impact.com API and the request builders
//! their methods return, one module per persona. A handler is reached from
//! a scoped client (`client.brand(sid).actions()`); its methods are named
//! verb-first and return a builder named `<Verb><Resource>` (`ListActions`,
//! `GetCampaign`) that is sent with `.await` or `.send().await`.

/// The Brand API v14 handlers and builders, on [`BrandClient`](crate::BrandClient).
pub mod brand {
    pub use crate::generated::brand::operations::*;
}

/// The Partner API v16 handlers and builders, on [`PartnerClient`](crate::PartnerClient).
pub mod partner {
    pub use crate::generated::partner::operations::*;
}

/// The Agency API v3 handlers and builders, on [`AgencyClient`](crate::AgencyClient).
pub mod agency {
    pub use crate::generated::agency::operations::*;
}
