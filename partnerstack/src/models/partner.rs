//! Partner-API models: what a partner sees of its own program memberships.

use super::Team;

model! {
    /// A partnership as the partner API returns it.
    pub struct PartnerPartnership keyed {
        /// Whether the partner has claimed the partnership.
        claimed: bool,
        /// The vendor company.
        company: opt(PartnerCompany),
        /// Whether the partnership tracks sub ids.
        has_sub_id: bool,
        /// Whether the partnership is archived.
        is_archived: bool,
        /// The program's offers.
        offers: list(Offer),
        /// The partnership's status (e.g. `active`).
        status: str,
        /// The partner's tracking link.
        link: map,
        /// The partner's team.
        team: opt(Team),
    }
}

model! {
    /// A vendor company as the partner API shows it.
    pub struct PartnerCompany {
        /// The company key.
        key: str,
        /// The company name.
        name: str,
        /// The numeric id.
        id: int,
    }
}

model! {
    /// An offer of a program.
    pub struct Offer {
        /// The rate: a number (`10.5`) on partnerships, a string (`"10"`,
        /// `"10%"`) in the marketplace. Not money: a rate or a fixed amount
        /// depending on `type`. Kept as text; both forms decode.
        base_rate: str,
        /// The currency.
        currency: str,
        /// A description.
        description: str,
        /// The offer type (e.g. `revenue_share`).
        #[serde(rename = "type")]
        kind: str,
        /// The offer type, as the marketplace spells it (`type_`).
        type_: str,
    }
}

impl Offer {
    /// The rate as a number, ignoring a trailing `%`.
    pub fn base_rate_value(&self) -> Option<f64> {
        self.base_rate
            .as_deref()
            .map(|r| r.trim().trim_end_matches('%').trim())
            .and_then(|r| r.parse().ok())
    }
}

model! {
    /// A customer as the partner API returns it (no email or name).
    pub struct PartnerCustomer keyed {
        /// Whether the customer is archived.
        archived: bool,
        /// The vendor company.
        company: opt(PartnerCompany),
        /// The customer's country, ISO code.
        country_iso: str,
        /// The vendor's external key for the customer.
        customer_key: str,
        /// Whether the customer has paid.
        has_paid: bool,
        /// The partnership credited.
        partnership_key: str,
        /// An id shared with the partner.
        shared_id: str,
        /// Sub ids.
        sub_ids: strings,
    }
}

model! {
    /// A payout to the partner.
    pub struct Payout keyed {
        /// The amount in integer cents of `currency`.
        amount: int,
        /// The currency.
        currency: str,
        /// The payment provider.
        provider: map,
        /// When the payout was sent.
        sent_at: time,
        /// The payout's status (e.g. `successful`; the full list is undocumented).
        status: str,
        /// When the funds were withdrawn.
        withdrawal_date: time,
    }
}

model! {
    /// A program listed in the marketplace.
    pub struct MarketplaceProgram keyed {
        /// The numeric id.
        id: int,
        /// The program's name.
        name: str,
        /// A description.
        description: str,
        /// The vendor's website.
        website: str,
        /// The logo's file key.
        logo: str,
        /// The vendor's country.
        country: str,
        /// Categories.
        category: strings,
        /// Whether the program tracks sub ids.
        has_sub_id: bool,
        /// Offers.
        offers: list(Offer),
        /// Promotions.
        promotions: list(Promotion),
    }
}

model! {
    /// A marketplace promotion.
    pub struct Promotion {
        /// The promotion key.
        key: str,
        /// When it is available.
        availability: str,
        /// The promotion type (`type_` on the wire).
        type_: str,
        /// The promotion's value.
        value: json,
    }
}
