//! A hypothetical model of the NEC's constituency-section election, for
//! drafters: real candidates of 2018 (the "NEC Regions" slate of Progress
//! and Labour First, the left slate that won, and Ann Black) with regions
//! and genders, and **invented** ballots drawn from a stated model. It is
//! not a record of how anyone voted.
//!
//! The model (every number a parameter of [`ModelParams`]):
//! 1. each voter lives in a region drawn in proportion to the January 2018
//!    membership of the 11 regions and nations;
//! 2. the voter follows one slate, drawn by the slates' shares (Ann Black's
//!    personal vote counts as a one-candidate slate whose voters then rank
//!    the NEC Regions slate);
//! 3. they rank the slate in its recommended order, except that with the
//!    stated probability a slate candidate from their own region is moved to
//!    the top (the 2020 practice of regional preference orders), and with
//!    another probability one random pair of neighbours is swapped;
//! 4. with the stated probability they stop after a random number of
//!    preferences (at least 1);
//! 5. with the stated probability they add Ann Black at the end, if absent.
//!
//! Draws come from SplitMix64 seeded by [`ModelParams::seed`]: the same
//! parameters give the same ballots, byte for byte.

use num_bigint::BigInt;
use num_rational::BigRational;

use super::stv::Lot;
use super::{Ballot, Election};

/// A candidate of the model: name, gender, region, slate, and whether the
/// region is from a source or assumed by the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelCandidate {
    /// The candidate's name.
    pub name: &'static str,
    /// `woman` or `man`.
    pub gender: &'static str,
    /// One of the 11 regions and nations.
    pub region: &'static str,
    /// The slate (`NEC Regions`, `Left`, `Independent`).
    pub slate: &'static str,
    /// Whether the region (and gender) come from a source (`source`) or are
    /// the model's own assumption (`assumed`).
    pub basis: &'static str,
}

/// The regions and nations with their January 2018 members.
pub const REGIONS: [(&str, u64); 11] = [
    ("Greater London", 112_308),
    ("North West", 71_488),
    ("South East", 66_805),
    ("Yorkshire & The Humber", 51_068),
    ("South West", 48_468),
    ("East", 42_769),
    ("West Midlands", 37_291),
    ("East Midlands", 35_041),
    ("North", 28_177),
    ("Wales", 27_688),
    ("Scotland", 25_770),
];

const fn c(
    name: &'static str,
    gender: &'static str,
    region: &'static str,
    slate: &'static str,
    basis: &'static str,
) -> ModelCandidate {
    ModelCandidate {
        name,
        gender,
        region,
        slate,
        basis,
    }
}

/// The 19 candidates, each slate in its (model's) recommended order.
pub const CANDIDATES: [ModelCandidate; 19] = [
    c("Yasmine Dar", "woman", "North West", "Left", "assumed"),
    c(
        "Claudia Webbe",
        "woman",
        "Greater London",
        "Left",
        "assumed",
    ),
    c("Jon Lansman", "man", "Greater London", "Left", "assumed"),
    c("Rachel Garnham", "woman", "East", "Left", "assumed"),
    c("Huda Elmi", "woman", "Greater London", "Left", "assumed"),
    c("Navendu Mishra", "man", "North West", "Left", "assumed"),
    c("Ann Henderson", "woman", "Scotland", "Left", "source"),
    c("Darren Williams", "man", "Wales", "Left", "assumed"),
    c("Pete Willsman", "man", "South East", "Left", "assumed"),
    c(
        "Johanna Baxter",
        "woman",
        "Scotland",
        "NEC Regions",
        "source",
    ),
    c(
        "Gurinder Singh Josan",
        "man",
        "West Midlands",
        "NEC Regions",
        "assumed",
    ),
    c(
        "Jasmin Beckett",
        "woman",
        "North West",
        "NEC Regions",
        "assumed",
    ),
    c(
        "Heather Peto",
        "woman",
        "East Midlands",
        "NEC Regions",
        "assumed",
    ),
    c(
        "Luke Akehurst",
        "man",
        "Greater London",
        "NEC Regions",
        "assumed",
    ),
    c("Eda Cazimoglu", "woman", "East", "NEC Regions", "source"),
    c("Mary Wimbury", "woman", "Wales", "NEC Regions", "source"),
    c(
        "Lisa Banes",
        "woman",
        "Yorkshire & The Humber",
        "NEC Regions",
        "source",
    ),
    c(
        "Marianna Masters",
        "woman",
        "Greater London",
        "NEC Regions",
        "source",
    ),
    c("Ann Black", "woman", "South East", "Independent", "assumed"),
];

/// The model's parameters. Probabilities are in thousandths (per mille),
/// so that the draws are integers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelParams {
    /// The generator's seed.
    pub seed: u64,
    /// How many voters.
    pub voters: u32,
    /// Shares of the Left slate, the NEC Regions slate and Ann Black's
    /// personal vote (thousandths, summing to 1000).
    pub slate_shares: [u32; 3],
    /// Probability that a slate voter puts a slate candidate from their own
    /// region first (when the slate has one).
    pub regional_first: u32,
    /// Probability of one swap of neighbouring preferences.
    pub swap: u32,
    /// Probability of stopping early (after 1 to all-but-one preferences).
    pub truncate: u32,
    /// Probability of adding Ann Black at the end.
    pub add_black: u32,
}

impl Default for ModelParams {
    /// The parameters of `data/nec-model-2018.blt`.
    fn default() -> ModelParams {
        ModelParams {
            seed: 2018,
            voters: 20_000,
            slate_shares: [560, 360, 80],
            regional_first: 400,
            swap: 300,
            truncate: 350,
            add_black: 250,
        }
    }
}

fn draw_weighted(lot: &mut Lot, weights: &[u64]) -> usize {
    let total: u64 = weights.iter().sum();
    let mut r = lot.below(total as usize) as u64;
    for (i, w) in weights.iter().enumerate() {
        if r < *w {
            return i;
        }
        r -= w;
    }
    weights.len() - 1
}

/// Generates the model election (9 seats) from its parameters.
pub fn nec_model(p: &ModelParams) -> Election {
    let mut lot = Lot::new(p.seed);
    let slate = |name: &str| -> Vec<u32> {
        CANDIDATES
            .iter()
            .enumerate()
            .filter(|(_, c)| c.slate == name)
            .map(|(i, _)| i as u32)
            .collect()
    };
    let slates = [slate("Left"), slate("NEC Regions")];
    let black = slate("Independent")[0];
    let members: Vec<u64> = REGIONS.iter().map(|(_, m)| *m).collect();
    let shares: Vec<u64> = p.slate_shares.iter().map(|s| *s as u64).collect();
    let mut counts: std::collections::BTreeMap<Vec<u32>, u64> = Default::default();
    for _ in 0..p.voters {
        let region = REGIONS[draw_weighted(&mut lot, &members)].0;
        let choice = draw_weighted(&mut lot, &shares);
        let mut prefs: Vec<u32> = match choice {
            2 => std::iter::once(black)
                .chain(slates[1].iter().copied())
                .collect(),
            s => slates[s].clone(),
        };
        let start = usize::from(choice == 2);
        if lot.below(1000) < p.regional_first as usize {
            let local: Vec<usize> = (start..prefs.len())
                .filter(|i| CANDIDATES[prefs[*i] as usize].region == region)
                .collect();
            if !local.is_empty() {
                let at = local[lot.below(local.len())];
                let c = prefs.remove(at);
                prefs.insert(start, c);
            }
        }
        if lot.below(1000) < p.swap as usize && prefs.len() > 1 {
            let i = lot.below(prefs.len() - 1);
            prefs.swap(i, i + 1);
        }
        if lot.below(1000) < p.truncate as usize && prefs.len() > 1 {
            let keep = 1 + lot.below(prefs.len() - 1);
            prefs.truncate(keep);
        }
        if lot.below(1000) < p.add_black as usize && !prefs.contains(&black) {
            prefs.push(black);
        }
        *counts.entry(prefs).or_insert(0) += 1;
    }
    Election {
        title: format!(
            "HYPOTHETICAL model NEC CLP election, 9 seats (invented ballots, seed {}; not real votes)",
            p.seed
        ),
        names: CANDIDATES.iter().map(|c| c.name.to_string()).collect(),
        seats: 9,
        withdrawn: Vec::new(),
        ballots: counts
            .into_iter()
            .map(|(prefs, n)| Ballot {
                weight: BigRational::from_integer(BigInt::from(n)),
                prefs,
            })
            .collect(),
    }
}

/// The election as BLT text (readable by [`super::blt::parse_blt`]).
pub fn to_blt(e: &Election, comment: &str) -> String {
    let mut out = String::new();
    for line in comment.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str(&format!("{} {}\n", e.names.len(), e.seats));
    for b in &e.ballots {
        out.push_str(&b.weight.to_string());
        for p in &b.prefs {
            out.push_str(&format!(" {}", p + 1));
        }
        out.push_str(" 0\n");
    }
    out.push_str("0\n");
    for n in &e.names {
        out.push_str(&format!("\"{}\"\n", n.replace('"', "\"\"")));
    }
    out.push_str(&format!("\"{}\"\n", e.title.replace('"', "\"\"")));
    out
}

/// The candidates file of the model (attributes only; constraints are
/// added by flags or by the variants in `data/`).
pub fn candidates_yaml() -> String {
    let mut out = String::from("# HYPOTHETICAL model: real 2018 candidates; regions marked `assumed` are the model's\n# assumption, not a source's. See src/count/model.rs.\ncandidates:\n");
    for c in &CANDIDATES {
        out.push_str(&format!(
            "  - {{name: \"{}\", gender: {}, region: \"{}\", slate: \"{}\", basis: {}}}\n",
            c.name, c.gender, c.region, c.slate, c.basis
        ));
    }
    out
}

/// A synthetic election for benchmarks: `candidates` candidates, `seats`
/// seats and `lines` distinct ballot lines of weight 1. Each ballot ranks
/// between 1 and all candidates, drawn one preference at a time in
/// proportion to popularity weights `candidates`, `candidates − 1`, …, 1
/// (a Plackett–Luce draw), so first preferences are skewed as in real
/// elections. Repeated rankings are drawn again, so the lines are
/// distinct. Reproducible from `seed`.
pub fn synthetic(candidates: usize, seats: usize, lines: usize, seed: u64) -> Election {
    let mut lot = Lot::new(seed);
    let mut seen = std::collections::HashSet::new();
    let mut ballots = Vec::with_capacity(lines);
    while ballots.len() < lines {
        let len = 1 + lot.below(candidates);
        let mut left: Vec<u32> = (0..candidates as u32).collect();
        let mut prefs = Vec::with_capacity(len);
        for _ in 0..len {
            let weights: Vec<u64> = left
                .iter()
                .map(|c| (candidates as u64) - *c as u64)
                .collect();
            let k = draw_weighted(&mut lot, &weights);
            prefs.push(left.remove(k));
        }
        if seen.insert(prefs.clone()) {
            ballots.push(Ballot {
                weight: BigRational::from_integer(BigInt::from(1)),
                prefs,
            });
        }
    }
    Election {
        title: format!("synthetic: {candidates} candidates, {seats} seats, {lines} distinct ballots (seed {seed})"),
        names: (0..candidates).map(|i| format!("Candidate {}", i + 1)).collect(),
        seats,
        withdrawn: Vec::new(),
        ballots,
    }
}
