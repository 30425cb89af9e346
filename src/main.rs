//! The `ifm-check` binary (thin: the work is in the library, the argument
//! handling in `cli.rs`).

mod cli;

use clap::Parser;

fn main() {
    let parsed = cli::Cli::parse();
    if let Err(f) = cli::run(parsed) {
        cli::to_stderr(&format!("ifm-check: {}", f.message));
        std::process::exit(f.status);
    }
}
