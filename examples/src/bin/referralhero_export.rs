//! Exports every subscriber of every ReferralHero list, with referral trees,
//! to NDJSON under `./out/referralhero/`.
//!
//! Runs against the live API when `REFERRALHERO_API_TOKEN` is set, otherwise
//! against the in-process sandbox. For each list it writes
//! `subscribers-<uuid>.ndjson` (one subscriber per line, as decoded) and
//! `referral_tree-<uuid>.ndjson` (each subscriber's referrer, depth and
//! direct referrals, rebuilt from `referred_by` without extra calls), checks
//! the count against the API's `total_objects`, and spot-checks the tree of
//! the three biggest referrers against the `referred` endpoint.
//!
//! ```text
//! cargo run -p examples --bin referralhero_export
//! ```

use std::collections::HashMap;
use std::error::Error;
use std::fs::{self, File};
use std::io::{BufWriter, IsTerminal as _, Write as _};
use std::path::Path;

use futures::TryStreamExt as _;
use referralhero::models::Subscriber;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();

    let conn = referralhero::sandbox::connect().await?;
    let client = &conn.client;
    println!("ReferralHero export ({} API)", conn.mode());

    let out = Path::new("out/referralhero");
    fs::create_dir_all(out)?;

    let lists = client.lists().list().collect_all().await?;
    let mut lists_file = BufWriter::new(File::create(out.join("lists.ndjson"))?);
    for l in &lists {
        serde_json::to_writer(&mut lists_file, l)?;
        lists_file.write_all(b"\n")?;
    }
    lists_file.flush()?;
    println!("{} lists", lists.len());

    let tty = std::io::stdout().is_terminal();
    let mut grand_total = 0u64;
    let mut calls_left = None;
    for list in &lists {
        let name = list.name.as_deref().unwrap_or("(unnamed)");
        let safe: String = list
            .uuid
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let path = out.join(format!("subscribers-{safe}.ndjson"));
        let mut file = BufWriter::new(File::create(&path)?);

        let mut subs: Vec<Subscriber> = Vec::new();
        let mut reported: Option<u64> = None;
        let mut pages = client.subscribers(&list.uuid).list().pages();
        while let Some(page) = pages.try_next().await? {
            reported = page.total_items.or(reported);
            calls_left = page.meta.rate_limit.remaining.or(calls_left);
            for s in page.items {
                serde_json::to_writer(&mut file, &s)?;
                file.write_all(b"\n")?;
                subs.push(s);
            }
            let line = format!(
                "  {name} [{}]: {}/{} subscribers, page {}/{}",
                list.uuid,
                subs.len(),
                reported.map_or("?".into(), |t| t.to_string()),
                page.number,
                page.total_pages.map_or("?".into(), |t| t.to_string()),
            );
            if tty {
                print!("\r{line}");
                std::io::stdout().flush()?;
            } else if page.number % 10 == 1 || Some(page.number) == page.total_pages {
                println!("{line}");
            }
        }
        file.flush()?;
        if tty {
            println!();
        }

        let count = subs.len() as u64;
        match reported {
            Some(total) if total != count => {
                return Err(format!(
                    "{}: got {count} subscribers, the API reported {total}",
                    list.uuid
                )
                .into());
            }
            Some(total) => println!("  count checked: {count} = total_objects {total}"),
            None => println!("  count: {count} (the API reported no total)"),
        }
        grand_total += count;

        // Rebuild the referral tree from `referred_by`.
        let tree = Tree::new(&subs);
        let tree_path = out.join(format!("referral_tree-{safe}.ndjson"));
        let mut tf = BufWriter::new(File::create(&tree_path)?);
        for (i, s) in subs.iter().enumerate() {
            let line = json!({
                "id": s.id,
                "referrer_id": tree.parent[i].map(|p| subs[p].id.as_str()),
                "depth": tree.depth(i),
                "direct_referrals": tree.children[i].iter().map(|c| subs[*c].id.as_str()).collect::<Vec<_>>(),
            });
            serde_json::to_writer(&mut tf, &line)?;
            tf.write_all(b"\n")?;
        }
        tf.flush()?;
        let roots = tree.parent.iter().filter(|p| p.is_none()).count();
        let deepest = (0..subs.len()).map(|i| tree.depth(i)).max().unwrap_or(0);
        println!(
            "  referral tree: {roots} roots, {} referred, deepest chain {deepest}",
            subs.len() - roots
        );

        // Spot-check the biggest referrers against the API.
        let mut top: Vec<usize> = (0..subs.len()).collect();
        top.sort_by_key(|i| std::cmp::Reverse(tree.children[*i].len()));
        for &i in top
            .iter()
            .take(3)
            .filter(|i| !tree.children[**i].is_empty())
        {
            let api_count = client
                .referrals(&list.uuid, &subs[i].id)
                .referred()
                .collect_all()
                .await?
                .len();
            let ours = tree.children[i].len();
            let verdict = if api_count == ours { "ok" } else { "MISMATCH" };
            println!(
                "  {}: {ours} direct referrals in the export, {api_count} from the API ({verdict})",
                subs[i].id
            );
            if api_count != ours {
                return Err(
                    format!("referral tree of {} disagrees with the API", subs[i].id).into(),
                );
            }
        }
        println!("  wrote {} and {}", path.display(), tree_path.display());
    }

    println!(
        "done: {grand_total} subscribers from {} lists; calls left in this window: {}",
        lists.len(),
        calls_left.map_or("unknown".into(), |c| c.to_string())
    );
    Ok(())
}

/// Parent and children indexes, from each subscriber's `referred_by`.
struct Tree {
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
}

impl Tree {
    fn new(subs: &[Subscriber]) -> Self {
        let mut by_key: HashMap<&str, usize> = HashMap::new();
        for (i, s) in subs.iter().enumerate() {
            by_key.insert(s.id.as_str(), i);
            if let Some(c) = s.code.as_deref() {
                by_key.entry(c).or_insert(i);
            }
            if let Some(e) = s.email.as_deref() {
                by_key.entry(e).or_insert(i);
            }
        }
        let parent: Vec<Option<usize>> = subs
            .iter()
            .map(|s| {
                let by = s.referred_by.as_ref()?;
                [by.id.as_deref(), by.code.as_deref(), by.email.as_deref()]
                    .into_iter()
                    .flatten()
                    .find_map(|k| by_key.get(k).copied())
            })
            .collect();
        let mut children = vec![Vec::new(); subs.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        Tree { parent, children }
    }

    /// Steps up to the root (0 for a root), bounded against cycles.
    fn depth(&self, mut i: usize) -> usize {
        let mut d = 0;
        while let Some(p) = self.parent[i] {
            d += 1;
            i = p;
            if d > self.parent.len() {
                break;
            }
        }
        d
    }
}
