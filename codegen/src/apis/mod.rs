//! Per-API rules. Add a module per API and list it in [`by_name`].

pub mod dub;
pub mod impact;
pub mod partnerstack;
pub mod referralhero;

use crate::config::ApiConfig;

/// The config of the API called `name`.
pub fn by_name(name: &str) -> Option<Box<dyn ApiConfig>> {
    match name {
        "dub" => Some(Box::new(dub::Dub)),
        "partnerstack" => Some(Box::new(partnerstack::PartnerStack)),
        "referralhero" => Some(Box::new(referralhero::ReferralHero)),
        _ => None,
    }
}
