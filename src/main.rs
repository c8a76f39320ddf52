//! The `seatshare` command: wires the command line to the library.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
