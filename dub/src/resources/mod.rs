//! Resource handlers: `client.links()`, `client.partners()`, ...
//!
//! The handler types are defined here; their plain endpoint methods are
//! generated (`generated/operations.rs`), and the files beside this one add
//! pagination and the endpoints that need more than one plain request.

mod analytics;
mod commissions;
mod customers;
mod discount_codes;
mod links;
mod pagination;
mod partners;
mod qr;
mod simple_lists;
mod track;

pub use analytics::{AnalyticsResponse, PartnerAnalyticsResponse};
pub use commissions::CreateCommission;
pub use discount_codes::{
    CreateDiscountCode, DeleteDiscountCode, DiscountCodes, ListDiscountCodes,
};
pub use links::{BulkCreateResult, BulkItem, CreateManyLinks, LinksCount};
pub use track::{TrackLeadRequest, TrackSaleRequest};

use crate::Client;
pub use crate::generated::operations::*;

// `.await` on the QR builder sends it (its `send` is in `qr.rs`).
affiliate_common::into_future!(GetQr => Vec<u8>);

macro_rules! handlers {
    ($($(#[$doc:meta])* $name:ident => $accessor:ident;)+) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone)]
            pub struct $name {
                pub(crate) client: Client,
            }
        )+

        impl Client {
            $(
                $(#[$doc])*
                pub fn $accessor(&self) -> $name {
                    $name { client: self.clone() }
                }
            )+
        }
    };
}

handlers! {
    /// Short links: create, list (cursor), count, get, update, delete, bulk, upsert.
    Links => links;
    /// Aggregated analytics (own per-second budget).
    Analytics => analytics;
    /// Raw click, lead and sale events (page/limit, own per-second budget).
    Events => events;
    /// Link tags.
    Tags => tags;
    /// Link folders.
    Folders => folders;
    /// Custom domains.
    Domains => domains;
    /// Conversion tracking: leads, sales, app opens.
    Track => track;
    /// Customers (cursor pagination).
    Customers => customers;
    /// Partners of the program.
    Partners => partners;
    /// Partner applications.
    PartnerApplications => partner_applications;
    /// Commissions (cursor pagination), including clawbacks.
    Commissions => commissions;
    /// Payouts.
    Payouts => payouts;
    /// Embed tokens for the referrals dashboard.
    EmbedTokens => embed_tokens;
    /// QR codes (PNG bytes).
    Qr => qr;
    /// Bounty submissions.
    Bounties => bounties;
}
