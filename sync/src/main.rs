//! `affiliate`: sync every list of PartnerStack, impact.com, ReferralHero and
//! Dub into SQLite, PostgreSQL or NDJSON. See `sync/README.md` and
//! `affiliate --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
