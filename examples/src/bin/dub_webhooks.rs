//! Dub webhooks: a small local receiver that verifies `Dub-Signature` and
//! parses events. It signs and sends itself a test event (and a tampered
//! one), so it runs offline and exits.
//!
//! Set `DUB_WEBHOOK_SECRET` to use your signing secret; set `DUB_WEBHOOK_SERVE=1`
//! to keep the receiver running for real deliveries.
//! `cargo run -p examples --bin dub_webhooks`

use std::sync::{Arc, Mutex};

use affiliate_common::sandbox::{Sandbox, SandboxRequest, SandboxResponse};
use dub::webhooks::{self, WebhookEvent};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret =
        std::env::var("DUB_WEBHOOK_SECRET").unwrap_or_else(|_| "whsec_example_secret".into());
    let received: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = received.clone();
    let receiver_secret = secret.clone();
    // The receiver: raw body + headers in, 200 or 401 out.
    let server = Sandbox::start(move |req: SandboxRequest| {
        let header = req.header(webhooks::SIGNATURE_HEADER);
        match webhooks::verify_and_parse(&receiver_secret, &req.body, header) {
            Ok(event) => {
                let line = match &event {
                    WebhookEvent::SaleCreated(w) => format!(
                        "{} {}: {:?} cents",
                        w.id.as_deref().unwrap_or("?"),
                        event.event_type(),
                        w.data.sale.as_ref().and_then(|s| s.amount)
                    ),
                    other => other.event_type().to_string(),
                };
                log.lock().unwrap().push(format!("accepted {line}"));
                SandboxResponse::json(200, &serde_json::json!({"ok": true}))
            }
            Err(e) => {
                log.lock().unwrap().push(format!("rejected: {e}"));
                SandboxResponse::json(401, &serde_json::json!({"error": e.to_string()}))
            }
        }
    })
    .await?;
    println!("webhook receiver on {}", server.url());

    let body = serde_json::to_vec(&serde_json::json!({
        "id": "evt_example", "event": "sale.created", "createdAt": "2026-08-21T00:00:00.000Z",
        "data": {"eventName": "Purchase", "customer": {"externalId": "user_42"},
                 "sale": {"amount": 4900, "currency": "usd", "paymentProcessor": "stripe", "invoiceId": "in_1"}}
    }))?;
    let signature = webhooks::sign(&secret, &body);
    let http = reqwest_client();
    let url = server.url().clone();
    let ok = http
        .post(url.clone())
        .header("Dub-Signature", &signature)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await?;
    println!("signed delivery -> {}", ok.status());
    let mut tampered = body.clone();
    let at = tampered.len() - 3;
    tampered[at] = b'9';
    let bad = http
        .post(url.clone())
        .header("Dub-Signature", &signature)
        .body(tampered)
        .send()
        .await?;
    println!("tampered delivery -> {}", bad.status());
    let unsigned = http.post(url).body(body).send().await?;
    println!("unsigned delivery -> {}", unsigned.status());
    for line in received.lock().unwrap().iter() {
        println!("  {line}");
    }
    if std::env::var("DUB_WEBHOOK_SERVE").is_ok() {
        println!("serving until Ctrl-C");
        tokio::signal::ctrl_c().await?;
    }
    Ok(())
}

fn reqwest_client() -> affiliate_common::reqwest::Client {
    affiliate_common::reqwest::Client::new()
}
