//! Library use: load the Labour NEC scenario file, run one scenario, change
//! a rule, and compare.
//!
//! Run with `cargo run --example labour_nec`.

use std::path::Path;

use seatshare::indices::indices;
use seatshare::method::Method;
use seatshare::outcome::solve_scenario;
use seatshare::scenario::Dataset;
use seatshare::TieBreak;

fn main() -> Result<(), seatshare::Error> {
    let data = Dataset::load(Path::new("data/labour-nec-2018.yaml"), None)?;

    // The published proportional table: D'Hondt on the percentages.
    let published = solve_scenario(&data, data.scenario("proportional-9")?, TieBreak::Report)?;
    println!("{} with 9 seats:", published.method.name());
    for region in &published.regions {
        println!("  {:<24} {}", region.name, region.seats);
    }

    // The same 9 seats by Sainte-Laguë, with a seat guaranteed to each nation.
    let mut drafted = data.custom(9, Method::parse("sainte-lague")?);
    for nation in ["Wales", "Scotland"] {
        drafted
            .restrictions
            .min
            .push((data.region_index(nation)?, 1));
    }
    let with_nations = solve_scenario(&data, &drafted, TieBreak::Report)?;
    let weights = data.weights(data.default_basis)?;
    let before = indices(&weights, &published.seats());
    let after = indices(&weights, &with_nations.seats());
    println!(
        "Gallagher index: {:.2} (published table) vs {:.2} (Sainte-Laguë, nations guaranteed)",
        before.gallagher, after.gallagher
    );

    // A rule set that cannot hold is an error with a sentence, not a panic.
    match solve_scenario(&data, data.scenario("designated-9")?, TieBreak::Report) {
        Ok(_) => println!("designated-9 unexpectedly solved"),
        Err(e) => println!("designated-9: {e}"),
    }
    Ok(())
}
