//! The logic of every fuzz target, as plain functions of a byte string.
//!
//! Each function takes any bytes and returns normally, or panics when the
//! library breaks a promise: a reader that panics (instead of answering or
//! giving an error with a sentence), or a property of the methods that
//! fails. The fuzz targets in `fuzz/fuzz_targets/` call them, and
//! `tests/fuzz_corpus.rs` replays the kept corpus through them under
//! `cargo test`, so this file uses the main crate's dependencies only.
//!
//! The property targets decode their input from the bytes themselves: a
//! few regions (1 to 8) with weights (zeros, small integers that tie,
//! copies of an earlier weight, large and huge integers, short decimals),
//! a method, a house of 1 to 200, and bounds or rules as needed. Bytes
//! past the end read as zero, so every input decodes.
//!
//! Ties: when the last seats are tied an allocation stands for a set of
//! outcomes (every way of giving the contested seats to the tied regions,
//! see [`outcomes`]); each property below says which of them it is about.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::Zero;

use seatshare::allocation::Allocation;
use seatshare::count::{count, CountOptions, CountRule};
use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::outcome::solve_scenario;
use seatshare::rules::{NamedRule, Rounding, Rule, RulesError, RulesProblem, Scope, WomenTarget};
use seatshare::scenario::{Dataset, InputFormat, LoadOptions};
use seatshare::solve::{apportion, Bounds, Problem, SolveError, TieBreak};

/// A target's logic: any bytes in, a panic only on a broken promise.
pub type Target = fn(&[u8]);

/// Every target: its name (the folder of its corpus) and its function.
pub const TARGETS: &[(&str, Target)] = &[
    ("read_yaml", read_yaml),
    ("read_csv", read_csv),
    ("read_claims", read_claims),
    ("read_blt", read_blt),
    ("divisor_house_monotone", divisor_house_monotone),
    ("anonymity", anonymity),
    ("scale_invariance", scale_invariance),
    ("conservation", conservation),
    ("hamilton_quota", hamilton_quota),
    (
        "rules_unbinding_equals_method",
        rules_unbinding_equals_method,
    ),
    ("rules_result_meets_rules", rules_result_meets_rules),
];

// ------------------------------------------------------------- readers

/// The largest house a reader target solves (a scenario's own house is
/// cut down to it, so that the next step stays cheap).
const SMALL_HOUSE: u64 = 60;

/// An error must say something.
fn explains(error: &dyn std::fmt::Display) {
    let text = error.to_string();
    assert!(!text.trim().is_empty(), "an error without a message");
}

/// A dataset a reader accepted must be sound (names unique, makeups and
/// scenarios naming regions that exist), and its scenarios must solve or
/// explain, never panic.
fn next_step(data: &Dataset) {
    let n = data.regions.len();
    let mut names: Vec<&str> = data.regions.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "duplicate region names accepted");
    for m in &data.makeups {
        assert_eq!(m.seats.len(), n, "makeup `{}` has the wrong length", m.id);
    }
    for s in data.scenarios.iter().take(3) {
        let mut small = s.clone();
        small.seats = small.seats.min(SMALL_HOUSE);
        check_solved(data, &small);
    }
    if (1..=50).contains(&n) {
        for id in ["dhondt", "hamilton", "huntington-hill"] {
            let method = Method::parse(id).expect("a standard method");
            check_solved(data, &data.custom(7, method));
        }
    }
}

fn check_solved(data: &Dataset, scenario: &seatshare::scenario::Scenario) {
    match solve_scenario(data, scenario, TieBreak::Report) {
        Ok(a) => {
            let total: u64 = a.seats().iter().sum();
            assert_eq!(total, scenario.seats, "seats do not sum to the house");
            assert_eq!(a.regions.len(), data.regions.len());
        }
        Err(e) => explains(&e),
    }
}

/// The YAML scenario reader: any bytes (read as UTF-8, invalid sequences
/// replaced) give a dataset or an error with a message; an accepted
/// dataset is sound and its first scenarios (house cut to 60) and a
/// 7-seat allocation by three methods solve or explain.
pub fn read_yaml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match Dataset::parse(
        &text,
        "fuzz.yaml",
        InputFormat::Yaml,
        &LoadOptions::default(),
    ) {
        Ok(d) => next_step(&d),
        Err(e) => explains(&e),
    }
}

/// The CSV reader (and, on the same bytes, the BAZI reader): as
/// [`read_yaml`]. The first byte picks the CSV options (separator
/// detected or given, weight column detected or named `w`).
pub fn read_csv(data: &[u8]) {
    let (options, rest) = match data.split_first() {
        Some((&b, rest)) if b < 8 => {
            let delimiter = [None, Some(b','), Some(b';'), Some(b'\t')][usize::from(b % 4)];
            let column = (b >= 4).then(|| "w".to_string());
            (
                LoadOptions {
                    delimiter,
                    column,
                    ..LoadOptions::default()
                },
                rest,
            )
        }
        _ => (LoadOptions::default(), data),
    };
    let text = String::from_utf8_lossy(rest);
    match Dataset::parse(&text, "fuzz.csv", InputFormat::Csv, &options) {
        Ok(d) => next_step(&d),
        Err(e) => explains(&e),
    }
    match Dataset::parse(
        &text,
        "fuzz.txt",
        InputFormat::Bazi,
        &LoadOptions::default(),
    ) {
        Ok(d) => next_step(&d),
        Err(e) => explains(&e),
    }
}

/// The data files a fuzzed claims file may name with `data:`.
const CLAIMS_DATA_YAML: &str = "regions:
  - {name: A, count: 100, share: 40}
  - {name: B, count: 60, share: 35}
  - {name: C, count: 7, share: 25}
makeups:
  - {id: now, seats: {A: 3, B: 2, C: 1}}
scenarios:
  - {id: s, seats: 6, method: dhondt, min_each: 1}
";
const CLAIMS_DATA_CSV: &str = "region,w,seats\nA,100,3\nB,60,2\nC,7,1\n";

/// A folder of this process with the data files in it.
fn claims_folder() -> PathBuf {
    static FOLDER: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("seatshare-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("a temporary folder");
            std::fs::write(dir.join("data.yaml"), CLAIMS_DATA_YAML).expect("write data.yaml");
            std::fs::write(dir.join("data.csv"), CLAIMS_DATA_CSV).expect("write data.csv");
            dir
        })
        .clone()
}

/// The claims reader (`seatshare::scenario::claims`), which reads files:
/// the bytes are written to a claims file beside two small data files
/// (`data.yaml`, `data.csv`) that it may name. Any bytes give a claims
/// file or an error with a message; an accepted file's claims (at most 4)
/// are checked, which must answer or explain.
pub fn read_claims(data: &[u8]) {
    let dir = claims_folder();
    let name = format!("claims-{:?}.yaml", std::thread::current().id()).replace(
        |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-',
        "",
    );
    let path = dir.join(name);
    {
        let mut file = std::fs::File::create(&path).expect("create the claims file");
        file.write_all(data).expect("write the claims file");
    }
    match seatshare::scenario::claims::load_claims(&path) {
        Ok(file) => {
            if file.claims.len() <= 4 {
                for claim in &file.claims {
                    if let Err(e) =
                        seatshare::analysis::check::check_claim(file.data.as_ref(), claim)
                    {
                        explains(&e);
                    }
                }
            }
        }
        Err(e) => explains(&e),
    }
}

/// The BLT ballot reader: any bytes give an election or an error with a
/// message. A small accepted election (at most 8 candidates, 40 ballot
/// lines, 6 seats) is counted by WIGM, Scottish STV and Meek, which must
/// answer or explain; an answer elects at most the seats, each candidate
/// once and no withdrawn one.
pub fn read_blt(data: &[u8]) {
    let election = match seatshare::count::blt::parse_blt(data, "fuzz.blt") {
        Ok(e) => e,
        Err(e) => {
            explains(&e);
            return;
        }
    };
    let n = election.names.len();
    for b in &election.ballots {
        assert!(
            b.prefs.iter().all(|&p| (p as usize) < n),
            "a preference past the candidates"
        );
        assert!(b.weight >= BigRational::zero(), "a negative ballot weight");
    }
    if n > 8 || election.ballots.len() > 40 || election.seats > 6 {
        return;
    }
    for rule in [CountRule::Wigm, CountRule::Scottish, CountRule::Meek] {
        match count(&election, &CountOptions::new(rule)) {
            Ok(outcome) => {
                for sheet in &outcome.sheets {
                    assert!(
                        sheet.elected.len() <= election.seats,
                        "{rule:?} elects too many"
                    );
                    let mut who: Vec<usize> = sheet.elected.iter().map(|e| e.candidate).collect();
                    assert!(
                        who.iter().all(|c| !election.withdrawn.contains(c)),
                        "{rule:?} elects a withdrawn candidate"
                    );
                    who.sort_unstable();
                    who.dedup();
                    assert_eq!(
                        who.len(),
                        sheet.elected.len(),
                        "{rule:?} elects someone twice"
                    );
                }
            }
            Err(e) => explains(&e),
        }
    }
}

// ------------------------------------------------------------- decoding

/// Bytes read from the front; past the end every byte is zero.
struct Input<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    fn new(data: &'a [u8]) -> Input<'a> {
        Input { data, at: 0 }
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    fn u64(&mut self) -> u64 {
        (0..8).fold(0u64, |acc, _| (acc << 8) | u64::from(self.byte()))
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        let span = hi - lo + 1;
        lo + u64::from(self.u16()) % span
    }

    /// A number of regions, 1 to 8.
    fn regions(&mut self) -> usize {
        1 + usize::from(self.byte() % 8)
    }

    /// A house, 1 to 200.
    fn house(&mut self) -> u64 {
        self.range(1, 200)
    }

    /// One weight as decimal text: zero, small (ties likely), a copy of an
    /// earlier one, medium, any u64, a huge integer (up to 40 digits), or
    /// a short decimal.
    fn weight(&mut self, earlier: &[String]) -> String {
        match self.byte() % 10 {
            0 => "0".to_string(),
            1..=3 => (1 + self.byte() % 12).to_string(),
            4 if !earlier.is_empty() => earlier[usize::from(self.byte()) % earlier.len()].clone(),
            4 | 5 => u64::from(self.u16()).to_string(),
            6 => (self.u64() >> (self.byte() % 64)).to_string(),
            7 => {
                let digits = 20 + usize::from(self.byte() % 21);
                let mut s = String::from(char::from(b'1' + self.byte() % 9));
                for _ in 1..digits {
                    s.push(char::from(b'0' + self.byte() % 10));
                }
                s
            }
            8 => format!("{}.{}", self.byte() % 50, self.u16()),
            _ => self.range(1, 10_000_000).to_string(),
        }
    }

    /// 1 to 8 weights, at least one of them positive.
    fn weights(&mut self) -> Vec<String> {
        let n = self.regions();
        let mut w: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            let next = self.weight(&w);
            w.push(next);
        }
        if w.iter().all(|t| dec(t).is_zero()) {
            w[0] = "1".to_string();
        }
        w
    }

    /// One of the standard methods.
    fn method(&mut self) -> Method {
        let all = Method::standard();
        all[usize::from(self.byte()) % all.len()].clone()
    }

    /// A divisor method: a standard one, or a stationary one `k + r` with
    /// r = p/q in [0, 1].
    fn divisor_method(&mut self) -> Method {
        let all: Vec<Method> = Method::standard()
            .into_iter()
            .filter(Method::is_divisor)
            .collect();
        let b = usize::from(self.byte());
        if b < 200 {
            return all[b % all.len()].clone();
        }
        let q = 1 + self.byte() % 9;
        let p = self.byte() % (q + 1);
        Method::parse(&format!("stationary:{p}/{q}")).expect("a stationary method")
    }
}

fn dec(text: &str) -> Decimal {
    Decimal::parse(text).expect("a decimal the decoder wrote")
}

fn decimals(texts: &[String]) -> Vec<Decimal> {
    texts.iter().map(|t| dec(t)).collect()
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("R{i}")).collect()
}

fn solve(
    weights: &[Decimal],
    house: u64,
    method: &Method,
    bounds: &Bounds,
) -> Result<Allocation, SolveError> {
    let names = names(weights.len());
    apportion(&Problem {
        names: &names,
        weights,
        house,
        method,
        bounds,
        tie_break: TieBreak::Report,
    })
}

/// Every allocation a result allows: the one shown when there is no tie,
/// else every way of giving the contested seats to the tied regions (the
/// shown allocation gives them to `could_lose`).
pub fn outcomes(allocation: &Allocation) -> BTreeSet<Vec<u64>> {
    let seats = allocation.seats();
    let Some(tie) = &allocation.tie else {
        return BTreeSet::from([seats]);
    };
    let mut base = seats.clone();
    for &i in &tie.could_lose {
        assert!(base[i] >= 1, "a region that could lose a seat holds none");
        base[i] -= 1;
    }
    let candidates: Vec<usize> = tie
        .could_gain
        .iter()
        .chain(&tie.could_lose)
        .copied()
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .collect();
    let k = tie.seats_in_tie as usize;
    assert!(
        k <= candidates.len(),
        "more seats in a tie than tied regions"
    );
    let mut out = BTreeSet::new();
    for mask in 0u32..(1 << candidates.len()) {
        if mask.count_ones() as usize != k {
            continue;
        }
        let mut s = base.clone();
        for (bit, &i) in candidates.iter().enumerate() {
            if mask & (1 << bit) != 0 {
                s[i] += 1;
            }
        }
        out.insert(s);
    }
    out
}

/// Regions with a positive weight: a d(0) = 0 method owes each a seat.
fn positive(weights: &[Decimal]) -> u64 {
    weights.iter().filter(|w| !w.is_zero()).count() as u64
}

fn owes_first_seat(method: &Method) -> bool {
    match method {
        Method::Divisor(d) => d.owes_first_seat(),
        Method::Quota(_) => false,
    }
}

fn dominates(big: &[u64], small: &[u64]) -> bool {
    big.iter().zip(small).all(|(b, s)| b >= s)
}

// ------------------------------------------------------------ properties

/// House monotonicity of divisor methods (standard ones and `k + p/q`).
///
/// For weights w and consecutive houses h, h+1 (h from 1 to 199, ten
/// steps from a decoded start) where both solve: for every outcome a at h
/// there is an outcome b at h+1 with b ≥ a in every region, and for every
/// outcome b at h+1 an outcome a at h with a ≤ b (a divisor method hands
/// out seats one at a time in order of priority; a tie only leaves the
/// order of equal priorities open). A house that does not solve must be
/// one a d(0) = 0 method refuses (fewer seats than regions with weight),
/// and then every smaller house is refused too.
pub fn divisor_house_monotone(data: &[u8]) {
    let mut input = Input::new(data);
    let weights = decimals(&input.weights());
    let method = input.divisor_method();
    let start = input.range(1, 190);
    let none = Bounds::none(weights.len());
    let mut previous: Option<(u64, Allocation)> = None;
    for house in start..start + 10 {
        match solve(&weights, house, &method, &none) {
            Ok(a) => {
                if let Some((h, p)) = &previous {
                    let (lower, upper) = (outcomes(p), outcomes(&a));
                    for low in &lower {
                        assert!(
                            upper.iter().any(|up| dominates(up, low)),
                            "{method}: {low:?} at {h} has no outcome above it at {house} ({upper:?})"
                        );
                    }
                    for up in &upper {
                        assert!(
                            lower.iter().any(|low| dominates(up, low)),
                            "{method}: {up:?} at {house} has no outcome below it at {h} ({lower:?})"
                        );
                    }
                }
                previous = Some((house, a));
            }
            Err(e) => {
                assert!(
                    matches!(e, SolveError::FirstSeatsExceedHouse { .. })
                        && owes_first_seat(&method)
                        && positive(&weights) > house,
                    "{method} at {house}: {e:?}"
                );
                assert!(
                    previous.is_none(),
                    "{method}: solved a smaller house, refused {house}"
                );
            }
        }
    }
}

/// A permutation of 0..n decoded from the bytes (Fisher–Yates).
fn permutation(input: &mut Input<'_>, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = usize::from(input.byte()) % (i + 1);
        order.swap(i, j);
    }
    order
}

/// Anonymity: permuting the regions permutes the result.
///
/// With order π (the k-th region of the permuted input is region π(k) of
/// the original), every method and house gives for the permuted weights
/// exactly the permuted set of outcomes (ties included, so the same
/// regions tie), or the same error.
pub fn anonymity(data: &[u8]) {
    let mut input = Input::new(data);
    let weights = decimals(&input.weights());
    let method = input.method();
    let house = input.house();
    let order = permutation(&mut input, weights.len());
    let permuted: Vec<Decimal> = order.iter().map(|&i| weights[i].clone()).collect();
    let none = Bounds::none(weights.len());
    let a = solve(&weights, house, &method, &none);
    let b = solve(&permuted, house, &method, &none);
    match (a, b) {
        (Ok(a), Ok(b)) => {
            let back: BTreeSet<Vec<u64>> = outcomes(&b)
                .into_iter()
                .map(|s| {
                    let mut un = vec![0; s.len()];
                    for (k, &i) in order.iter().enumerate() {
                        un[i] = s[k];
                    }
                    un
                })
                .collect();
            assert_eq!(outcomes(&a), back, "{method} at {house}, order {order:?}");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{method} at {house}"),
        (a, b) => panic!(
            "{method} at {house}: {:?} vs {:?}",
            a.map(|x| x.seats()),
            b.map(|x| x.seats())
        ),
    }
}

/// Scale invariance: multiplying every weight by the same factor k ≥ 2
/// (up to 10^25) leaves the set of outcomes (or the error) unchanged, for
/// every method but Droop, whose quota ⌊V/(S+1)⌋+1 is defined in the
/// units given; writing the same weights with more decimal zeros leaves
/// it unchanged for every method, Droop included.
pub fn scale_invariance(data: &[u8]) {
    let mut input = Input::new(data);
    let texts = input.weights();
    let method = input.method();
    let house = input.house();
    let factor: BigInt = match input.byte() % 4 {
        0 => BigInt::from(10u8).pow(u32::from(1 + input.byte() % 25)),
        1 => BigInt::from(input.u64().max(2)),
        _ => BigInt::from(input.range(2, 1000)),
    };
    let zeros = 1 + usize::from(input.byte() % 5);
    let weights = decimals(&texts);
    let none = Bounds::none(weights.len());
    let result = |w: &[Decimal]| solve(w, house, &method, &none).map(|a| outcomes(&a));
    let original = result(&weights);
    let padded: Vec<Decimal> = texts
        .iter()
        .map(|t| {
            let sep = if t.contains('.') { "" } else { "." };
            dec(&format!("{t}{sep}{}", "0".repeat(zeros)))
        })
        .collect();
    assert_eq!(
        original,
        result(&padded),
        "{method} at {house} with {zeros} more zeros"
    );
    if method.id() == "droop" {
        return;
    }
    // Weights past the reader's 40 significant digits cannot be written.
    let Some(scaled) = texts
        .iter()
        .map(|t| times(t, &factor))
        .collect::<Option<Vec<Decimal>>>()
    else {
        return;
    };
    assert_eq!(
        original,
        result(&scaled),
        "{method} at {house} scaled by {factor}"
    );
}

/// Conservation, with no bounds: every method gives exactly `house` seats
/// in every outcome of its tie set, or (a d(0) = 0 method with fewer
/// seats than regions with weight, and only then) refuses with
/// `FirstSeatsExceedHouse`. With decoded bounds (minimums, maximums and
/// base seats) an answer gives `house` seats in every outcome and keeps
/// each region within max(min, base) ≤ seats ≤ max; a refusal is an input
/// error, never an internal one.
pub fn conservation(data: &[u8]) {
    let mut input = Input::new(data);
    let weights = decimals(&input.weights());
    let method = input.method();
    let house = input.house();
    let n = weights.len();
    match solve(&weights, house, &method, &Bounds::none(n)) {
        Ok(a) => {
            assert_eq!(a.house, house);
            for s in outcomes(&a) {
                assert_eq!(s.iter().sum::<u64>(), house, "{method}: {s:?}");
            }
        }
        Err(e) => assert!(
            matches!(e, SolveError::FirstSeatsExceedHouse { .. })
                && owes_first_seat(&method)
                && positive(&weights) > house,
            "{method} at {house}: {e:?}"
        ),
    }
    let mut bounds = Bounds::none(n);
    for i in 0..n {
        let b = input.byte();
        if b & 1 != 0 {
            bounds.min[i] = u64::from(input.byte() % 8);
        }
        if b & 2 != 0 {
            bounds.max[i] = Some(u64::from(input.byte() % 40));
        }
        if b & 4 != 0 {
            bounds.base[i] = u64::from(input.byte() % 4);
        }
    }
    match solve(&weights, house, &method, &bounds) {
        Ok(a) => {
            for s in outcomes(&a) {
                assert_eq!(
                    s.iter().sum::<u64>(),
                    house,
                    "{method} with {bounds:?}: {s:?}"
                );
                for i in 0..n {
                    let floor = bounds.min[i].max(bounds.base[i]);
                    assert!(
                        s[i] >= floor,
                        "{method}: region {i} below its floor in {s:?} ({bounds:?})"
                    );
                    if let Some(m) = bounds.max[i] {
                        assert!(
                            s[i] <= m,
                            "{method}: region {i} above its maximum in {s:?} ({bounds:?})"
                        );
                    }
                }
            }
        }
        Err(e) => assert!(e.is_input_error(), "{method} with {bounds:?}: {e:?}"),
    }
}

/// Hamilton's quota property: with quota q_i = house · w_i / Σw, every
/// outcome of the tie set gives each region ⌊q_i⌋ or ⌈q_i⌉ seats.
pub fn hamilton_quota(data: &[u8]) {
    let mut input = Input::new(data);
    let weights = decimals(&input.weights());
    let house = input.house();
    let method = Method::parse("hamilton").expect("hamilton");
    let a = solve(&weights, house, &method, &Bounds::none(weights.len()))
        .unwrap_or_else(|e| panic!("hamilton refuses {house} seats: {e}"));
    let total: BigRational = weights.iter().map(Decimal::to_rational).sum();
    for s in outcomes(&a) {
        for (i, w) in weights.iter().enumerate() {
            let q = w.to_rational() * BigRational::from_integer(BigInt::from(house)) / &total;
            let seats = BigRational::from_integer(BigInt::from(s[i]));
            assert!(
                q.floor() <= seats && seats <= q.ceil(),
                "region {i}: {} seats, quota {q} ({s:?})",
                s[i]
            );
        }
    }
}

/// Rules that cannot move a seat, whatever the weights and the house.
fn inert_rule(input: &mut Input<'_>, n: usize, house: u64, k: usize) -> NamedRule {
    let region = usize::from(input.byte()) % n;
    // (A group needs a region: with one region, "the others" is itself.)
    let mut others: Vec<usize> = (0..n).filter(|&i| i != region).collect();
    if others.is_empty() {
        others.push(region);
    }
    let half = |rounding| {
        Rule::WomenAtLeast(WomenTarget::Percent {
            percent: Decimal::from_u64(50),
            rounding,
        })
    };
    let rule = match input.byte() % 12 {
        0 => Rule::Group {
            regions: (0..n).collect(),
            at_least: None,
            at_most: Some(house),
        },
        1 => Rule::Group {
            regions: others,
            at_least: Some(0),
            at_most: Some(house),
        },
        2 => Rule::AtMost {
            scope: Scope::Each,
            seats: house,
        },
        3 => Rule::AtLeast {
            scope: Scope::Region(region),
            seats: 0,
        },
        4 => Rule::Base {
            scope: Scope::Each,
            seats: 0,
        },
        5 => Rule::BalancedDelegations,
        6 => Rule::WomanInEveryDelegation,
        7 => Rule::WomenAtLeast(WomenTarget::Count(0)),
        // (A group needs a bound: one with neither is refused as invalid.)
        8 => Rule::Group {
            regions: vec![region],
            at_least: Some(0),
            at_most: None,
        },
        9 => Rule::AtMost {
            scope: Scope::Region(region),
            seats: house + u64::from(input.byte()),
        },
        // With balanced delegations Σ⌈s/2⌉ = (house + #odd)/2 ≥ ⌈house/2⌉,
        // so half the house, rounded either way, always fits.
        10 => half(Rounding::Up),
        _ => half(Rounding::Down),
    };
    NamedRule::new(format!("inert {k}"), rule)
}

/// The rules engine is the method when no rule binds.
///
/// With 0 to 3 rules that cannot move a seat (a group capped at the
/// house, a minimum of 0, a maximum of the house or more, base seats of 0,
/// gender rules without women members, half women with balanced
/// delegations), for every standard method: the engine refuses exactly
/// when the method alone does; otherwise `method_alone` is the method's
/// allocation, the engine reports a tie exactly when the method does, its
/// seats and alternatives are outcomes of the method's tie set (all of
/// them when the list is complete), and no rule it lists as binding moves
/// a seat or is a seat rule.
pub fn rules_unbinding_equals_method(data: &[u8]) {
    let mut input = Input::new(data);
    let texts = input.weights();
    let house = input.range(1, 40);
    let n = texts.len();
    let rules: Vec<NamedRule> = (0..usize::from(input.byte() % 4))
        .map(|k| inert_rule(&mut input, n, house, k))
        .collect();
    let method = input.method();
    let weights = decimals(&texts);
    let names = names(n);
    let expected = solve(&weights, house, &method, &Bounds::none(n));
    let got = seatshare::rules::solve(&RulesProblem {
        names: &names,
        weights: &weights,
        women_weights: None,
        house,
        method: &method,
        rules: &rules,
    });
    let expected = match expected {
        Err(e) => {
            assert!(
                got.is_err(),
                "{method}: the method refuses ({e}) but the engine gives {:?}",
                got.map(|o| o.seats)
            );
            return;
        }
        Ok(a) => a,
    };
    let got = match got {
        Ok(g) => g,
        Err(RulesError::TooManyTies { .. }) => return,
        Err(e) => panic!("{method} at {house} with {rules:?}: the engine refuses: {e:?}"),
    };
    assert_eq!(
        got.method_alone.as_ref(),
        Some(&expected.seats()),
        "{method}"
    );
    assert_eq!(
        got.tie.is_some(),
        expected.tie.is_some(),
        "{method} at {house} with {rules:?}: engine tie {:?} {:?}, method tie {:?} {:?}",
        got.tie,
        got.seats,
        expected.tie,
        expected.seats()
    );
    let allowed = outcomes(&expected);
    assert!(
        allowed.contains(&got.seats),
        "{method}: {:?} is not among {allowed:?}",
        got.seats
    );
    let mut found: BTreeSet<Vec<u64>> = BTreeSet::from([got.seats.clone()]);
    for alt in &got.alternatives {
        assert!(
            allowed.contains(alt),
            "{method}: alternative {alt:?} is not among {allowed:?}"
        );
        found.insert(alt.clone());
    }
    if got.alternatives_complete {
        assert_eq!(
            found, allowed,
            "{method} at {house} with {rules:?}: the engine's tie set"
        );
    }
    for b in &got.binding {
        assert_eq!(b.seats_moved, 0, "{method}: {b:?}");
        let named = rules
            .iter()
            .find(|r| r.name == b.rule)
            .expect("a binding rule is a rule");
        assert!(named.rule.is_gender(), "{method}: {b:?} binds");
    }
}

/// A rule with small numbers, binding or not, possible or not.
fn random_rule(input: &mut Input<'_>, n: usize, k: usize) -> NamedRule {
    let scope = |input: &mut Input<'_>| match input.byte() % 3 {
        0 => Scope::Each,
        _ => Scope::Region(usize::from(input.byte()) % n),
    };
    let seats = |input: &mut Input<'_>| u64::from(input.byte() % 6);
    let rule = match input.byte() % 9 {
        0 => Rule::AtLeast {
            scope: scope(input),
            seats: seats(input),
        },
        1 => Rule::AtMost {
            scope: scope(input),
            seats: seats(input),
        },
        2 => Rule::Exactly {
            scope: scope(input),
            seats: seats(input),
        },
        3 => Rule::Base {
            scope: scope(input),
            seats: seats(input) % 3,
        },
        4 => {
            let mask = input.byte();
            let mut regions: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
            if regions.is_empty() {
                regions.push(usize::from(mask) % n);
            }
            let b = input.byte();
            Rule::Group {
                regions,
                at_least: (b & 1 != 0).then(|| u64::from(input.byte() % 10)),
                at_most: (b & 2 != 0).then(|| u64::from(input.byte() % 10)),
            }
        }
        5 => Rule::WomenAtLeast(WomenTarget::Count(u64::from(input.byte() % 10))),
        6 => Rule::WomenAtLeast(WomenTarget::Percent {
            percent: dec(&format!("{}.{}", input.byte() % 101, input.byte() % 10)),
            rounding: if input.byte() & 1 == 0 {
                Rounding::Up
            } else {
                Rounding::Down
            },
        }),
        7 => Rule::BalancedDelegations,
        _ => Rule::WomanInEveryDelegation,
    };
    NamedRule::new(format!("rule {k}"), rule)
}

/// The gender rules in force, read independently of the engine: women
/// required in all, balanced delegations, a woman in every delegation.
struct Gender {
    women: Option<u64>,
    balanced: bool,
    woman_each: bool,
}

fn percent_of(percent: &Decimal, house: u64, rounding: Rounding) -> u64 {
    let exact = percent.to_rational() * BigRational::from_integer(BigInt::from(house))
        / BigRational::from_integer(BigInt::from(100u8));
    let whole = match rounding {
        Rounding::Up => exact.ceil(),
        Rounding::Down => exact.floor(),
    };
    u64::try_from(whole.to_integer()).expect("a share of a small house")
}

fn gender(rules: &[NamedRule], house: u64) -> Gender {
    let mut g = Gender {
        women: None,
        balanced: false,
        woman_each: false,
    };
    for r in rules {
        match &r.rule {
            Rule::WomenAtLeast(WomenTarget::Count(k)) => {
                g.women = Some(g.women.unwrap_or(0).max(*k))
            }
            Rule::WomenAtLeast(WomenTarget::Percent { percent, rounding }) => {
                let k = percent_of(percent, house, *rounding);
                g.women = Some(g.women.unwrap_or(0).max(k));
            }
            Rule::BalancedDelegations => g.balanced = true,
            Rule::WomanInEveryDelegation => g.woman_each = true,
            _ => {}
        }
    }
    g
}

impl Gender {
    fn any(&self) -> bool {
        self.women.is_some() || self.balanced || self.woman_each
    }

    /// The women a delegation of `s` seats must and may hold.
    fn range(&self, s: u64) -> (u64, u64) {
        let (mut lo, mut hi) = (0, s);
        if self.balanced {
            lo = s / 2;
            hi = s.div_ceil(2);
        }
        if self.woman_each && s >= 2 {
            lo = lo.max(1);
        }
        (lo, hi)
    }

    /// Whether some split of women meets every gender rule.
    fn fits(&self, seats: &[u64]) -> bool {
        let mut most = 0;
        for &s in seats {
            let (lo, hi) = self.range(s);
            if lo > hi {
                return false;
            }
            most += hi;
        }
        most >= self.women.unwrap_or(0)
    }
}

/// The least seats a d(0) = 0 method gives each region with weight: its
/// base seats and one more (the owed first seat), unless a maximum allows
/// nothing beyond the base, which waives that seat (as in the foundation's
/// constrained methods). Zero for other methods and regions.
fn owed_floors(weights: &[Decimal], house: u64, method: &Method, rules: &[NamedRule]) -> Vec<u64> {
    let n = weights.len();
    let mut base = vec![0u64; n];
    let mut cap = vec![house; n];
    for r in rules {
        let (scope, k) = match &r.rule {
            Rule::Base { scope, seats }
            | Rule::AtMost { scope, seats }
            | Rule::Exactly { scope, seats } => (scope, *seats),
            _ => continue,
        };
        let regions: Vec<usize> = match scope {
            Scope::Each => (0..n).collect(),
            Scope::Region(i) => vec![*i],
        };
        for i in regions {
            if matches!(r.rule, Rule::Base { .. }) {
                base[i] = base[i].max(k);
            } else {
                cap[i] = cap[i].min(k);
            }
        }
    }
    (0..n)
        .map(|i| {
            if owes_first_seat(method) && !weights[i].is_zero() && cap[i] > base[i] {
                base[i] + 1
            } else {
                0
            }
        })
        .collect()
}

/// Whether `seats` meets every seat rule (bounds, base seats, groups) and
/// the floors of a d(0) = 0 method ([`owed_floors`]).
fn meets_seat_rules(seats: &[u64], house: u64, rules: &[NamedRule], owed: &[u64]) -> bool {
    let n = seats.len();
    let each = |scope: &Scope| -> Vec<usize> {
        match scope {
            Scope::Each => (0..n).collect(),
            Scope::Region(i) => vec![*i],
        }
    };
    seats.iter().sum::<u64>() == house
        && seats.iter().zip(owed).all(|(s, o)| s >= o)
        && rules.iter().all(|r| match &r.rule {
            Rule::AtLeast { scope, seats: k } | Rule::Base { scope, seats: k } => {
                each(scope).iter().all(|&i| seats[i] >= *k)
            }
            Rule::AtMost { scope, seats: k } => each(scope).iter().all(|&i| seats[i] <= *k),
            Rule::Exactly { scope, seats: k } => each(scope).iter().all(|&i| seats[i] == *k),
            Rule::Group {
                regions,
                at_least,
                at_most,
            } => {
                let total: u64 = regions.iter().map(|&i| seats[i]).sum();
                at_least.is_none_or(|l| total >= l) && at_most.is_none_or(|m| total <= m)
            }
            _ => true,
        })
}

/// Every way of sharing `house` seats between `n` regions.
fn compositions(n: usize, house: u64, out: &mut Vec<Vec<u64>>, prefix: &mut Vec<u64>) {
    if prefix.len() + 1 == n {
        let used: u64 = prefix.iter().sum();
        prefix.push(house - used);
        out.push(prefix.clone());
        prefix.pop();
        return;
    }
    let used: u64 = prefix.iter().sum();
    for s in 0..=house - used {
        prefix.push(s);
        compositions(n, house, out, prefix);
        prefix.pop();
    }
}

/// The rules engine's result meets every rule.
///
/// With 1 to 4 random rules (minimums, maximums, exact and base seats for
/// one region or each, group totals, women counts and percentages rounded
/// up or down, balanced delegations, a woman in every delegation) and a
/// house of 1 to 16: an answer gives `house` seats, and its seats and
/// every alternative meet every seat rule (read here from the rules, not
/// from the engine) and the first seats a d(0) = 0 method owes (a maximum
/// allowing nothing beyond the base waives one); the women
/// it reports per region lie within each delegation (balanced: ⌊s/2⌋ to
/// ⌈s/2⌉; a woman in every delegation of 2 or more) and can reach the
/// women required, which is the largest target of the rules. A refusal
/// that says the rules cannot all hold is checked by brute force when the
/// problem is small (at most 4 regions, 12 seats): no allocation meets
/// them all. An internal error is a failure.
pub fn rules_result_meets_rules(data: &[u8]) {
    let mut input = Input::new(data);
    let texts = input.weights();
    let n = texts.len();
    let house = input.range(1, 16);
    let method = input.method();
    let rules: Vec<NamedRule> = (0..1 + usize::from(input.byte() % 4))
        .map(|k| random_rule(&mut input, n, k))
        .collect();
    let weights = decimals(&texts);
    let names = names(n);
    let owed = owed_floors(&weights, house, &method, &rules);
    let g = gender(&rules, house);
    let result = seatshare::rules::solve(&RulesProblem {
        names: &names,
        weights: &weights,
        women_weights: None,
        house,
        method: &method,
        rules: &rules,
    });
    let context = format!("{method} at {house}, weights {texts:?}, rules {rules:?}");
    match result {
        Ok(o) => {
            assert_eq!(o.seats.len(), n);
            for s in std::iter::once(&o.seats).chain(&o.alternatives) {
                assert!(
                    meets_seat_rules(s, house, &rules, &owed),
                    "{context}: {s:?} breaks a seat rule"
                );
                assert!(
                    !g.any() || g.fits(s),
                    "{context}: {s:?} leaves no split of women"
                );
            }
            match (&o.women, g.any()) {
                (None, false) => {}
                (Some(women), true) => {
                    assert_eq!(o.women_required, Some(g.women.unwrap_or(0)), "{context}");
                    let mut most = 0;
                    for (w, &s) in women.iter().zip(&o.seats) {
                        let (lo, hi) = g.range(s);
                        assert!(
                            lo <= w.at_least && w.at_least <= w.at_most && w.at_most <= hi,
                            "{context}: women {w:?} in a delegation of {s}"
                        );
                        most += w.at_most;
                    }
                    assert!(
                        most >= g.women.unwrap_or(0),
                        "{context}: women {women:?} cannot reach the target"
                    );
                }
                (w, _) => panic!("{context}: women {w:?} with gender rules {}", g.any()),
            }
        }
        Err(RulesError::Infeasible { explanation, .. }) => {
            assert!(!explanation.trim().is_empty(), "{context}: no explanation");
            if n <= 4 && house <= 12 {
                let mut all = Vec::new();
                compositions(n, house, &mut all, &mut Vec::new());
                if let Some(s) = all
                    .iter()
                    .find(|s| meets_seat_rules(s, house, &rules, &owed) && (!g.any() || g.fits(s)))
                {
                    panic!("{context}: called impossible, but {s:?} meets every rule");
                }
            }
        }
        Err(RulesError::Internal(e)) => panic!("{context}: internal error {e}"),
        Err(e) => explains(&e),
    }
}

/// The decimal `text` times `factor`, written as a decimal with the same
/// places (`None` past the reader's limit of significant digits).
fn times(text: &str, factor: &BigInt) -> Option<Decimal> {
    let (int_part, frac_part) = text.split_once('.').unwrap_or((text, ""));
    let digits: BigUint = format!("{int_part}{frac_part}").parse().ok()?;
    let product = (BigInt::from(digits) * factor).to_string();
    let places = frac_part.len();
    let padded = format!(
        "{}{product}",
        "0".repeat((places + 1).saturating_sub(product.len()))
    );
    let (i, f) = padded.split_at(padded.len() - places);
    let written = if places == 0 {
        i.to_string()
    } else {
        format!("{i}.{f}")
    };
    Decimal::parse(&written).ok()
}
