//! Partner-API models: behaviour on top of the generated [`Offer`].

use super::Offer;

impl Offer {
    /// The rate as a number, ignoring a trailing `%`.
    pub fn base_rate_value(&self) -> Option<f64> {
        self.base_rate
            .as_deref()
            .map(|r| r.trim().trim_end_matches('%').trim())
            .and_then(|r| r.parse().ok())
    }
}
