//! Dub links: create one, bulk-create with per-item errors, upsert.
//!
//! Runs offline on the sandbox; with `DUB_API_KEY` set it creates real links
//! (on `dub.sh`, keys prefixed `rs-example-`). `cargo run -p examples --bin dub_links`

use dub::models::NewLink;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let conn = dub::sandbox::connect().await?;
    if conn.is_live() {
        println!("live: creating links in your workspace");
    } else {
        println!("offline: DUB_API_KEY is not set, using the in-process sandbox");
    }
    let client = conn.client.clone();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();

    let key = format!("rs-example-{stamp}");
    let link = client
        .links()
        .create(
            &NewLink::new("https://example.com/launch")
                .key(key.clone())
                .comments("created by dub_links"),
        )
        .await?;
    println!(
        "created {} -> {}",
        link.short_link.as_deref().unwrap_or("?"),
        link.url.as_deref().unwrap_or("?")
    );

    println!("\nbulk create: two new links, one duplicate key, one invalid URL");
    let batch = [
        NewLink::new("https://example.com/a").key(format!("{key}-a")),
        NewLink::new("https://example.com/b").key(format!("{key}-b")),
        NewLink::new("https://example.com/c").key(key.clone()),
        NewLink::new("not a url"),
    ];
    let result = client.links().create_many(&batch).await?;
    for l in &result.created {
        println!("  created {}", l.short_link.as_deref().unwrap_or("?"));
    }
    for e in &result.errors {
        println!(
            "  failed ({}): {}",
            e.code.as_ref().map(|c| c.as_str()).unwrap_or("?"),
            e.error.as_deref().unwrap_or("?")
        );
    }

    println!("\nupsert: the same URL twice returns one link");
    let url = format!("https://example.com/upsert-{stamp}");
    let first = client.links().upsert(&NewLink::new(url.clone())).await?;
    let second = client
        .links()
        .upsert(&NewLink::new(url).title("Updated title"))
        .await?;
    println!(
        "  {} then {} (same link: {}), title now {:?}",
        first.id,
        second.id,
        first.id == second.id,
        second.title
    );
    Ok(())
}
