//! QR codes: PNG bytes.

use affiliate_common::{ApiPath, Request};

use crate::Result;
use crate::resources::{GetQr, Qr};

impl Qr {
    /// Renders the QR code of `url` as a PNG (no auth needed).
    ///
    /// `GET /qr`. Set `size`, `level`, colors and margin on the builder.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty URL;
    /// any [`Error`](crate::Error) of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let png = client.qr().get("https://dub.sh/abc").size(300).send().await?;
    /// std::fs::write(std::env::temp_dir().join("qr.png"), png).unwrap();
    /// # Ok(()) }
    /// ```
    pub fn get(&self, url: impl Into<String>) -> GetQr {
        let url = url.into();
        let request = if url.trim().is_empty() {
            Err("the QR code needs a URL".to_owned())
        } else {
            Ok(Request::get(ApiPath::new("qr")).query("url", url))
        };
        GetQr::new(self.client.clone(), request)
    }
}

impl GetQr {
    /// Sends the request and returns the PNG bytes.
    ///
    /// # Errors
    /// As for [`Qr::get`].
    pub async fn send(self) -> Result<Vec<u8>> {
        let (client, request) = self.into_parts()?;
        let raw = client.http().execute(request).await?;
        Ok(raw.body.to_vec())
    }
}
