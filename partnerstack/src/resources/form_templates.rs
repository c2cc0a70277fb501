//! `client.form_templates()`: the forms of every object type.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::FormTemplate;

/// Form-template endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct FormTemplates {
    pub(crate) http: affiliate_common::Client,
}

impl FormTemplates {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        FormTemplates { http }
    }

    /// Lists form templates.
    ///
    /// `GET /form-templates`: `data.items` (or a bare array) holds the
    /// templates, `data.has_more` ends the stream when `false`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let forms = client.form_templates().list().target_type("customer").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListFormTemplates {
        ListFormTemplates::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("form-templates")),
        ))
    }
}

list_builder! {
    /// The list builder of `GET /form-templates`.
    pub struct ListFormTemplates => FormTemplate {
        /// Only templates for this object type (`partnership`, `customer`,
        /// `deal`, `lead`, ...); unset means all.
        fn target_type(str) = "target_type";
        /// Only this template (mold).
        fn mold_key(str) = "mold_key";
        /// Only templates of this group.
        fn group_key(str) = "group_key";
    }
}
