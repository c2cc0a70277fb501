//! A complete export of PartnerStack partnerships, customers and
//! transactions to NDJSON files under `./out/partnerstack/`.
//!
//! With `PARTNERSTACK_PUBLIC_KEY` + `PARTNERSTACK_SECRET_KEY` (or
//! `PARTNERSTACK_API_KEY`) set it exports your live program; without them
//! it starts the offline sandbox and exports its seeded data.
//!
//! ```text
//! cargo run -p examples --bin partnerstack_export
//! ```

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::Path;
use std::time::Instant;

use futures::TryStreamExt as _;
use partnerstack::common::pagination::PageStream;
use serde::Serialize;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let conn = partnerstack::sandbox::connect().await?;
    println!(
        "PartnerStack export from {}",
        format_args!(
            "the {} API at {}",
            conn.mode(),
            conn.client.http().base_url()
        )
    );
    let dir = Path::new("out/partnerstack");
    std::fs::create_dir_all(dir)?;

    let client = &conn.client;
    let started = Instant::now();
    let mut summary = Vec::new();
    // `check_total(true)`: the stream itself fails if the record count
    // differs from the `total` the API reported.
    summary.push(
        export(
            dir,
            "partnerships",
            client.partnerships().list().check_total(true).pages(),
        )
        .await?,
    );
    summary.push(
        export(
            dir,
            "customers",
            client.customers().list().check_total(true).pages(),
        )
        .await?,
    );
    summary.push(
        export(
            dir,
            "transactions",
            client.transactions().list().check_total(true).pages(),
        )
        .await?,
    );

    println!("\ndone in {:.1}s:", started.elapsed().as_secs_f64());
    for s in &summary {
        let check = match s.total {
            Some(t) if t == s.written => "matches the API's total".to_owned(),
            Some(t) => format!("MISMATCH: the API reported {t}"),
            None => "no total reported".to_owned(),
        };
        println!(
            "  {:<13} {:>6} records in {:>3} pages -> {} ({check})",
            s.name, s.written, s.pages, s.file
        );
        if s.total.is_some_and(|t| t != s.written) {
            return Err(format!("{} export is incomplete", s.name).into());
        }
    }
    if let Some(sb) = &conn.sandbox {
        let expected = [
            sb.seeded.partnerships,
            sb.seeded.customers,
            sb.seeded.transactions,
        ];
        for (s, want) in summary.iter().zip(expected) {
            assert_eq!(
                s.written, want as u64,
                "{} count differs from the sandbox seed",
                s.name
            );
        }
        println!("  counts equal the sandbox's seeded data");
    }
    Ok(())
}

struct Summary {
    name: &'static str,
    file: String,
    written: u64,
    pages: u64,
    total: Option<u64>,
}

async fn export<T: Serialize>(
    dir: &Path,
    name: &'static str,
    mut pages: PageStream<T>,
) -> Result<Summary, BoxError> {
    let path = dir.join(format!("{name}.ndjson"));
    let mut out = BufWriter::new(File::create(&path)?);
    let mut summary = Summary {
        name,
        file: path.display().to_string(),
        written: 0,
        pages: 0,
        total: None,
    };
    println!("\nexporting {name} (250 per request)");
    while let Some(page) = pages.try_next().await? {
        for record in &page.items {
            serde_json::to_writer(&mut out, record)?;
            out.write_all(b"\n")?;
        }
        summary.written += page.items.len() as u64;
        summary.pages = page.number;
        summary.total = page.total_items.or(summary.total);
        let of = summary.total.map(|t| format!("/{t}")).unwrap_or_default();
        println!("  page {:>3}: {:>6}{of}", page.number, summary.written);
    }
    out.flush()?;
    Ok(summary)
}
