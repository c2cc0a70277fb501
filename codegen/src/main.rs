//! The OpenAPI code generator of the workspace (see `cargo run -p codegen -- --help`).

fn main() {
    eprintln!("usage: cargo run -p codegen -- <spec> <out-dir>");
    std::process::exit(2);
}
