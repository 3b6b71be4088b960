//! The `backchannel` binary: parses the command line and hands over.

mod cli;

use clap::Parser;

// Batches of games allocate and free many small values; mimalloc does that faster than
// the system allocator (results do not depend on it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run(cli::Cli::parse())
}
