//! One timed run of each rules-engine scale problem (issue 13, rows 1–3),
//! for figures too slow for criterion (the "before" column of
//! BENCHMARKS.md, "Scale: the rules engine"). Not a test: it only prints.
//!
//! `cargo run --release --example scale_rules -- [row ...]` with rows
//! `gender1000`, `gender100`, `groups200`, `groups20`, `infeasible10`,
//! `infeasible25` (all when none is given).

#[path = "../benches/scale_rules/mod.rs"]
mod scale_rules;

use std::time::Instant;

use seatshare::rules::{solve, RulesError};

fn main() {
    let mut rows: Vec<String> = std::env::args().skip(1).collect();
    if rows.is_empty() {
        rows = [
            "gender100",
            "gender1000",
            "groups20",
            "groups200",
            "infeasible10",
            "infeasible25",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
    }
    for row in rows {
        let owned = match row.as_str() {
            "gender1000" => scale_rules::gender_r1000(),
            "gender100" => scale_rules::gender_synthetic(100),
            "groups200" => scale_rules::groups_r200(),
            "groups20" => scale_rules::groups_synthetic(20),
            "infeasible10" => scale_rules::infeasible_us(10),
            "infeasible25" => scale_rules::infeasible_us(25),
            other => {
                eprintln!("unknown row {other}");
                std::process::exit(2);
            }
        };
        let start = Instant::now();
        let bare = owned.bare();
        let bare_time = start.elapsed();
        let start = Instant::now();
        let result = solve(&owned.problem());
        let time = start.elapsed();
        let what = match &result {
            Ok(o) => {
                let moved: u64 = o
                    .seats
                    .iter()
                    .zip(&bare)
                    .map(|(a, b)| a.saturating_sub(*b))
                    .sum();
                format!(
                    "solved: {moved} seats moved from the plain method, {} binding, {} ties (complete {}, within {:?})",
                    o.binding.len(),
                    o.alternatives.len(),
                    o.alternatives_complete,
                    o.tie_search_within
                )
            }
            Err(RulesError::Infeasible { conflict, .. }) => format!("infeasible: {conflict:?}"),
            Err(e) => format!("error: {e}"),
        };
        println!("{row}: {time:.3?} (bare {bare_time:.3?}); {what}");
    }
}
