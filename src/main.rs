//! The `ifm-check` command line (thin: the work is in the library).

use clap::Parser;

/// Symbolic-numeric proof checker for the inverse flow matching problem.
#[derive(Parser)]
#[command(name = "ifm-check", version, about, long_about = None)]
struct Cli {}

fn main() {
    Cli::parse();
}
