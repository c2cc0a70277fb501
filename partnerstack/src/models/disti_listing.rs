//! The category taxonomy of distribution listings.

model! {
    /// One category of the distribution-listing taxonomy (aligned with
    /// AppDirect's categories).
    pub struct DistiCategory {
        /// AppDirect's stable id. Its JSON type is undocumented; a number
        /// is kept as its decimal text.
        id: str,
        /// PartnerStack's slug for the category.
        slug: str,
        /// The display name.
        name: str,
        /// The product line the category belongs to.
        #[serde(rename = "productLine")]
        product_line: str,
    }
}
