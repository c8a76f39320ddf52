//! Reproducible problems for the rules engine at scale (issue 13, rows
//! 1–3), shared by `benches/scale.rs` (group `scale_rules`) and
//! `examples/scale_rules.rs` (one timed run of each, for figures too slow
//! for criterion).
//!
//! - R1000 / R200: the files (`benches/data/scale_r1000.csv`,
//!   `benches/data/scale_r200.csv`: regions `U0000..`, weights uniform in
//!   1,000..2,000,000 from python `random.Random(7)`).
//! - Growth (n and 10n) uses weights from a fixed-seed splitmix64 stream
//!   (uniform in 1,000..2,000,000), so any size is reproducible.
//! - Overlapping groups: random members (fixed seed), each group's bound
//!   set 15 % past the seats its members hold without the rule, so each
//!   binds; groups alternate minimum and maximum.
//! - Infeasible: the 50 states (`data/us-census-2020.csv`), 435 seats by
//!   Huntington–Hill, feasible binding group minimums plus one conflicting
//!   pair (two disjoint groups whose minimums, with every other state's
//!   owed first seat, need more than the house).

#![allow(dead_code)]

use std::path::Path;

use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::rules::{NamedRule, Rounding, Rule, RulesProblem, WomenTarget};
use seatshare::scenario::{Basis, Dataset};
use seatshare::solve::{apportion, Bounds, Problem, TieBreak};

/// One owned problem: names, weights, house, method, rules.
pub struct Owned {
    pub names: Vec<String>,
    pub weights: Vec<Decimal>,
    pub house: u64,
    pub method: Method,
    pub rules: Vec<NamedRule>,
}

impl Owned {
    /// The problem the engine solves.
    pub fn problem(&self) -> RulesProblem<'_> {
        RulesProblem {
            names: &self.names,
            weights: &self.weights,
            women_weights: None,
            house: self.house,
            method: &self.method,
            rules: &self.rules,
        }
    }

    /// The bare baseline: the plain method on the same input, no rules.
    pub fn bare(&self) -> Vec<u64> {
        let bounds = Bounds::none(self.names.len());
        apportion(&Problem {
            names: &self.names,
            weights: &self.weights,
            house: self.house,
            method: &self.method,
            bounds: &bounds,
            tie_break: TieBreak::Report,
        })
        .expect("the plain method solves")
        .seats()
    }
}

/// splitmix64: a tiny fixed-seed generator (no dependency).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi` (the modulo bias is irrelevant here).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn load(relative: &str, column: Option<&str>) -> (Vec<String>, Vec<Decimal>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let data = Dataset::load(&path, column).expect("data");
    (data.names(), data.weights(Basis::Counts).expect("weights"))
}

/// `n` regions `U0000..` with splitmix64 weights in 1,000..2,000,000.
pub fn synthetic(n: usize, seed: u64) -> (Vec<String>, Vec<Decimal>) {
    let mut rng = Rng::new(seed);
    let names = (0..n).map(|i| format!("U{i:04}")).collect();
    let weights = (0..n)
        .map(|_| Decimal::from_u64(rng.range(1_000, 2_000_000)))
        .collect();
    (names, weights)
}

fn gender_rules() -> Vec<NamedRule> {
    vec![
        NamedRule::new(
            "half women",
            Rule::WomenAtLeast(WomenTarget::Percent {
                percent: Decimal::from_u64(50),
                rounding: Rounding::Up,
            }),
        ),
        NamedRule::new("balanced", Rule::BalancedDelegations),
    ]
}

/// Row 1: Sainte-Laguë, at least half women (rounded up), balanced
/// delegations, on R1000 and 10,000 seats (the command).
pub fn gender_r1000() -> Owned {
    let (names, weights) = load("benches/data/scale_r1000.csv", None);
    assert_eq!(names.len(), 1000);
    Owned {
        names,
        weights,
        house: 10_000,
        method: Method::parse("sainte-lague").expect("method"),
        rules: gender_rules(),
    }
}

/// Row 1 at any size: `n` synthetic regions, `10 n` seats.
pub fn gender_synthetic(n: usize) -> Owned {
    let (names, weights) = synthetic(n, 1);
    Owned {
        names,
        weights,
        house: 10 * n as u64,
        method: Method::parse("sainte-lague").expect("method"),
        rules: gender_rules(),
    }
}

/// `count` groups of 10–40 random regions (at most `n / 2`), each bound
/// 15 % past what its members hold under the plain method: minimums on
/// even groups, maximums on odd ones.
fn overlapping_groups(
    names: &[String],
    weights: &[Decimal],
    house: u64,
    method: &Method,
    count: usize,
    seed: u64,
) -> Vec<NamedRule> {
    let n = names.len();
    let bounds = Bounds::none(n);
    let plain = apportion(&Problem {
        names,
        weights,
        house,
        method,
        bounds: &bounds,
        tie_break: TieBreak::Report,
    })
    .expect("plain")
    .seats();
    let mut rng = Rng::new(seed);
    let most = 40.min(n / 2).max(2) as u64;
    let least = 10.min(most);
    (0..count)
        .map(|g| {
            let size = rng.range(least, most) as usize;
            let mut members: Vec<usize> = Vec::with_capacity(size);
            while members.len() < size {
                let i = rng.range(0, n as u64 - 1) as usize;
                if !members.contains(&i) {
                    members.push(i);
                }
            }
            members.sort_unstable();
            let held: u64 = members.iter().map(|&i| plain[i]).sum();
            let shift = (held * 15).div_ceil(100).max(1);
            let (at_least, at_most) = if g % 2 == 0 {
                (Some(held + shift), None)
            } else {
                (None, Some(held.saturating_sub(shift)))
            };
            NamedRule::new(
                format!("group {}", g + 1),
                Rule::Group {
                    regions: members,
                    at_least,
                    at_most,
                },
            )
        })
        .collect()
}

/// Row 2: R200, 2,000 seats by Sainte-Laguë, 20 overlapping groups.
pub fn groups_r200() -> Owned {
    let (names, weights) = load("benches/data/scale_r200.csv", None);
    assert_eq!(names.len(), 200);
    let method = Method::parse("sainte-lague").expect("method");
    let rules = overlapping_groups(&names, &weights, 2000, &method, 20, 13);
    Owned {
        names,
        weights,
        house: 2000,
        method,
        rules,
    }
}

/// Row 2 at any size: `n` synthetic regions, `10 n` seats, `n / 10`
/// groups.
pub fn groups_synthetic(n: usize) -> Owned {
    let (names, weights) = synthetic(n, 2);
    let method = Method::parse("sainte-lague").expect("method");
    let house = 10 * n as u64;
    let rules = overlapping_groups(&names, &weights, house, &method, (n / 10).max(1), 13);
    Owned {
        names,
        weights,
        house,
        method,
        rules,
    }
}

/// Row 3: the 50 states, 435 seats by Huntington–Hill, `count` groups of
/// 3–8 states with minimums 15 % past their official seats (feasible
/// together), of which groups 2 and 3 are made disjoint and given
/// minimums that, with every other state's owed first seat, need more
/// than 435: the conflict is {group 2, group 3}.
pub fn infeasible_us(count: usize) -> Owned {
    assert!(count >= 3);
    let (names, weights) = load("data/us-census-2020.csv", Some("population"));
    assert_eq!(names.len(), 50);
    let method = Method::parse("huntington-hill").expect("method");
    let bounds = Bounds::none(50);
    let plain = apportion(&Problem {
        names: &names,
        weights: &weights,
        house: 435,
        method: &method,
        bounds: &bounds,
        tie_break: TieBreak::Report,
    })
    .expect("plain")
    .seats();
    let mut rng = Rng::new(435);
    // The conflicting pair: the 10 largest states (by seats) split in
    // two, each half asked for all but 5 of the house's free seats.
    let mut order: Vec<usize> = (0..50).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(plain[i]));
    let first: Vec<usize> = order[0..10].iter().copied().step_by(2).collect();
    let second: Vec<usize> = order[1..10].iter().copied().step_by(2).collect();
    let others = (50 - first.len() - second.len()) as u64;
    let free = 435 - others;
    let pair_min = free / 2 + 3; // two of these exceed `free`
    let mut rules = Vec::new();
    for g in 0..count {
        let (regions, at_least) = if g == 1 || g == 2 {
            let mut r = if g == 1 {
                first.clone()
            } else {
                second.clone()
            };
            r.sort_unstable();
            (r, pair_min)
        } else {
            // Small states only (not in the pair), so that these stay
            // feasible with either half of the pair.
            let size = rng.range(3, 8) as usize;
            let mut members: Vec<usize> = Vec::new();
            while members.len() < size {
                let i = order[rng.range(10, 49) as usize];
                if !members.contains(&i) {
                    members.push(i);
                }
            }
            members.sort_unstable();
            let held: u64 = members.iter().map(|&i| plain[i]).sum();
            (members, held + (held * 15).div_ceil(100).max(1))
        };
        rules.push(NamedRule::new(
            format!("group {}", g + 1),
            Rule::Group {
                regions,
                at_least: Some(at_least),
                at_most: None,
            },
        ));
    }
    Owned {
        names,
        weights,
        house: 435,
        method,
        rules,
    }
}
