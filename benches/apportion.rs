//! Criterion benchmarks of the exact solvers on real data: the US 2020
//! apportionment population of the 50 states.
//!
//! Run with `cargo bench --bench apportion`. Figures and targets are in
//! BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use seatshare::method::{DivisorMethod, Method, QuotaMethod};
use seatshare::number::Decimal;
use seatshare::scenario::{Basis, Dataset};
use seatshare::solve::{apportion, seats, sweep_divisor, Bounds, Problem, TieBreak};
use seatshare::CompactString;

/// The 50 states, read once, outside every timed loop.
struct Census {
    names: Vec<String>,
    population: Vec<Decimal>,
    seats: Vec<u64>,
}

fn census_2020() -> Census {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/us_census_2020_apportionment.csv");
    let data = Dataset::load(&path, Some("population")).expect("population column");
    let seats = Dataset::load(&path, Some("seats")).expect("seats column");
    let census = Census {
        names: data.names(),
        population: data.weights(Basis::Counts).expect("populations"),
        seats: seats
            .weights(Basis::Counts)
            .expect("seats")
            .iter()
            .map(|d| d.to_string().parse().expect("whole seats"))
            .collect(),
    };
    assert_eq!(census.names.len(), 50, "the 50 states");
    census
}

fn huntington_hill_us2020(c: &mut Criterion) {
    let census = census_2020();
    let method = Method::parse("huntington-hill").expect("huntington-hill");
    let bounds = Bounds::none(census.names.len());
    let problem = Problem {
        names: &census.names,
        weights: &census.population,
        house: 435,
        method: &method,
        bounds: &bounds,
        tie_break: TieBreak::Report,
    };
    // The benchmark only counts if the answer is the official one.
    let check = apportion(&problem).expect("solves");
    assert_eq!(check.seats(), census.seats, "official 2020 apportionment");
    assert!(check.tie.is_none());

    c.bench_function("huntington_hill_us2020_435", |b| {
        b.iter(|| apportion(black_box(&problem)).expect("solves"))
    });
}

fn sweep_1_1000(c: &mut Criterion) {
    let census = census_2020();
    let bounds = Bounds::none(census.names.len());
    let mut group = c.benchmark_group("sweep_1_1000_50_regions");
    // Every standard divisor method, as `seatshare methods` lists them.
    let divisors = Method::standard().into_iter().filter_map(|m| match m {
        Method::Divisor(d) => Some(d),
        Method::Quota(_) => None,
    });
    for method in divisors {
        let id = method.id();
        let id = id.as_str();
        // Outside the timed loop: the sweep covers every size it should.
        let sweep = sweep_divisor(&census.names, &census.population, &method, &bounds, 1, 1000)
            .expect("sweeps");
        let first = if method.owes_first_seat() { 50 } else { 1 };
        assert_eq!(sweep.steps.first().map(|s| s.house), Some(first), "{id}");
        assert_eq!(sweep.steps.last().map(|s| s.house), Some(1000), "{id}");
        assert_eq!(sweep.steps.len() as u64, 1000 - first + 1, "{id}");
        if id == "huntington-hill" {
            assert_eq!(sweep.steps[435 - 50].seats, census.seats, "{id} at 435");
        }

        group.bench_function(id, |b| {
            b.iter(|| {
                sweep_divisor(
                    black_box(&census.names),
                    black_box(&census.population),
                    black_box(&method),
                    black_box(&bounds),
                    black_box(1),
                    black_box(1000),
                )
                .expect("sweeps")
            })
        });
    }
    group.finish();
}

// ---------------------------------------------------------------------
// Bare exact baselines (issue 11). Not the library: the least an exact
// solver must do, measured in the same run as `apportion` on the same
// inputs, so that the ratio between the two does not drift with the load.
// They return the seats only: no certificate, no tie report, no names.
// ---------------------------------------------------------------------

/// A divisor-method priority `a / b` (its square for Huntington–Hill),
/// compared by `u128` cross-multiplication; earlier regions first on ties.
struct BareEntry {
    a: u128,
    b: u128,
    region: usize,
}

impl Ord for BareEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        let left = self.a.checked_mul(other.b).expect("u128 product");
        let right = other.a.checked_mul(self.b).expect("u128 product");
        left.cmp(&right)
            .then_with(|| other.region.cmp(&self.region))
    }
}
impl PartialOrd for BareEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for BareEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for BareEntry {}

/// The bare divisor method: a jump start from the floors of `v · h / V`
/// (at least the first seat where d(0) = 0), then a binary heap. Floors of
/// the quota are a lower bound of D'Hondt's result but not of every
/// method's, so it stays exact by a check in O(n): if a seat of the start
/// is worth less than the best seat left out at the end, it starts again
/// from the first seats alone (never on these inputs).
fn bare_divisor(method: &DivisorMethod, weights: &[u64], house: u64) -> Vec<u64> {
    let square = matches!(method, DivisorMethod::HuntingtonHill);
    let owed = method.owes_first_seat();
    let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let h = u128::from(house);
    let entry = |region: usize, k: u64| {
        let w = u128::from(weights[region]);
        let s = method.signpost(k).expect("signpost");
        let v = if square { w * w } else { w };
        BareEntry {
            a: if v == 0 { 0 } else { v * s.den },
            b: if v == 0 { 1 } else { s.num },
            region,
        }
    };
    let first: Vec<u64> = weights.iter().map(|&w| u64::from(owed && w > 0)).collect();
    let floors: Vec<u64> = weights
        .iter()
        .zip(&first)
        .map(|(&w, &f)| ((u128::from(w) * h / total) as u64).max(f))
        .collect();
    let fill = |start: &[u64]| -> Option<Vec<u64>> {
        let mut seats = start.to_vec();
        let held: u64 = seats.iter().sum();
        if held > house {
            return None;
        }
        let mut heap: BinaryHeap<BareEntry> =
            (0..weights.len()).map(|i| entry(i, seats[i])).collect();
        for _ in held..house {
            let mut top = heap.peek_mut().expect("a region");
            let region = top.region;
            seats[region] += 1;
            *top = entry(region, seats[region]);
        }
        let best_out = heap.peek().expect("a region");
        let valid = (0..weights.len())
            .all(|i| start[i] <= first[i] || entry(i, start[i] - 1).cmp(best_out).is_ge());
        valid.then_some(seats)
    };
    fill(&floors)
        .or_else(|| fill(&first))
        .expect("the first seats fit")
}

/// A quota `Qn / Qd` as the bare quota baseline reads it: each region's
/// quotient is `v · Qd / Qn`.
fn bare_quota_terms(method: QuotaMethod, weights: &[u64], house: u64) -> (u128, u128) {
    let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let h = u128::from(house);
    match method {
        QuotaMethod::Hamilton => (total, h),
        QuotaMethod::Droop => (total / (h + 1) + 1, 1),
        QuotaMethod::HagenbachBischoff => (total, h + 1),
        QuotaMethod::ImperialiQuota => (total, h + 2),
    }
}

/// The bare largest-remainder method: floors, then the remainders sorted
/// (they share the denominator Qn, so comparing numerators is the
/// cross-multiplication), earlier regions first on ties.
fn bare_quota(method: QuotaMethod, weights: &[u64], house: u64) -> Vec<u64> {
    let (qn, qd) = bare_quota_terms(method, weights, house);
    let mut seats = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut held: u64 = 0;
    for (i, &w) in weights.iter().enumerate() {
        let scaled = u128::from(w) * qd;
        let floor = (scaled / qn) as u64;
        held += floor;
        seats.push(floor);
        remainders.push((scaled % qn, i));
    }
    assert!(held <= house, "no over-allocation in these benchmarks");
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in &remainders[..(house - held) as usize] {
        seats[i] += 1;
    }
    seats
}

/// Weights as `u64`, for the baselines (read outside the timed loop).
fn as_u64(weights: &[Decimal]) -> Vec<u64> {
    weights
        .iter()
        .map(|d| d.to_string().parse().expect("whole weights"))
        .collect()
}

/// `n` synthetic regions with 1..=10^7 members each, from a fixed seed
/// (SplitMix64), so every run solves the same problem.
fn synthetic(n: usize) -> (Vec<String>, Vec<Decimal>, Vec<u64>) {
    let mut state = 0x5EA7_5A4E_u64;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let raw: Vec<u64> = (0..n).map(|_| 1 + next() % 10_000_000).collect();
    let names = (0..n).map(|i| format!("r{i:07}")).collect();
    let weights = raw.iter().map(|&w| Decimal::from_u64(w)).collect();
    (names, weights, raw)
}

/// One problem's pair of benchmarks, `baseline` and `apportion`, in
/// `group`, after checking that they give the same seats.
#[allow(clippy::too_many_arguments)]
fn side_by_side<M: criterion::measurement::Measurement>(
    group: &mut criterion::BenchmarkGroup<'_, M>,
    id: &str,
    names: &[String],
    weights: &[Decimal],
    raw: &[u64],
    method: &Method,
    house: u64,
    baseline: &dyn Fn(&[u64], u64) -> Vec<u64>,
) {
    let bounds = Bounds::none(names.len());
    let problem = Problem {
        names,
        weights,
        house,
        method,
        bounds: &bounds,
        tie_break: TieBreak::Report,
    };
    // The names in the result's own type, as a caller that solves often
    // keeps them; `apportion_string_names` gives them as `String`s.
    let compact: Vec<CompactString> = names.iter().map(|n| n.as_str().into()).collect();
    let fast = Problem {
        names: &compact,
        weights,
        house,
        method,
        bounds: &bounds,
        tie_break: TieBreak::Report,
    };
    let solved = apportion(&fast).expect("solves");
    assert_eq!(solved.seats(), baseline(raw, house), "{id}: same seats");
    assert_eq!(solved.seats().iter().sum::<u64>(), house, "{id}");
    let lines = |a: &seatshare::Allocation| format!("{:?}", a.regions);
    let given = apportion(&problem).expect("solves");
    assert_eq!(
        lines(&solved),
        lines(&given),
        "{id}: the same lines either way"
    );
    group.bench_function(format!("{id}/baseline"), |b| {
        b.iter(|| baseline(black_box(raw), black_box(house)))
    });
    group.bench_function(format!("{id}/apportion"), |b| {
        b.iter(|| apportion(black_box(&fast)).expect("solves"))
    });
    group.bench_function(format!("{id}/apportion_string_names"), |b| {
        b.iter(|| apportion(black_box(&problem)).expect("solves"))
    });
    group.bench_function(format!("{id}/seats"), |b| {
        b.iter(|| seats(black_box(&problem)).expect("solves"))
    });
}

fn divisor_methods() -> Vec<DivisorMethod> {
    Method::standard()
        .into_iter()
        .filter_map(|m| match m {
            Method::Divisor(d) => Some(d),
            Method::Quota(_) => None,
        })
        .collect()
}

fn quota_methods() -> Vec<QuotaMethod> {
    [
        QuotaMethod::Hamilton,
        QuotaMethod::Droop,
        QuotaMethod::HagenbachBischoff,
    ]
    .to_vec()
}

/// Every divisor method on the 50 states at 435 and 500 seats.
fn divisor_50_regions(c: &mut Criterion) {
    let census = census_2020();
    let raw = as_u64(&census.population);
    let mut group = c.benchmark_group("limit_divisor_50");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    for house in [435, 500] {
        for method in divisor_methods() {
            let id = format!("{}_{house}", method.id());
            let wrapped = Method::Divisor(method.clone());
            let baseline = |w: &[u64], h: u64| bare_divisor(&method, w, h);
            side_by_side(
                &mut group,
                &id,
                &census.names,
                &census.population,
                &raw,
                &wrapped,
                house,
                &baseline,
            );
        }
    }
    group.finish();
}

/// Every quota method on the 50 states at 500 seats (issue 13: Hamilton on
/// 50 regions, 500 seats, against the bare loop and the pure-Python
/// `apportionpy`'s 54 µs).
fn quota_50_regions(c: &mut Criterion) {
    let census = census_2020();
    let raw = as_u64(&census.population);
    let mut group = c.benchmark_group("limit_quota_50");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    for method in quota_methods() {
        let wrapped = Method::Quota(method);
        let baseline = |w: &[u64], h: u64| bare_quota(method, w, h);
        side_by_side(
            &mut group,
            &format!("{}_500", wrapped.id()),
            &census.names,
            &census.population,
            &raw,
            &wrapped,
            500,
            &baseline,
        );
    }
    group.finish();
}

/// D'Hondt (10^6 seats) and Huntington–Hill (2·10^6 seats, so that every
/// region's first seat fits) on 10^6 synthetic regions.
fn divisor_million_regions(c: &mut Criterion) {
    let (names, weights, raw) = synthetic(1_000_000);
    let mut group = c.benchmark_group("limit_divisor_1e6");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (id, house) in [("dhondt", 1_000_000), ("huntington-hill", 2_000_000)] {
        let method = Method::parse(id).expect("method");
        let Method::Divisor(divisor) = method.clone() else {
            unreachable!("a divisor method")
        };
        let baseline = |w: &[u64], h: u64| bare_divisor(&divisor, w, h);
        side_by_side(
            &mut group,
            &format!("{id}_{house}"),
            &names,
            &weights,
            &raw,
            &method,
            house,
            &baseline,
        );
    }
    group.finish();
}

/// Hamilton, Droop and Hagenbach-Bischoff at 1,000 regions (1,000 seats)
/// and 10^6 regions (10^6 seats).
fn quota_regions(c: &mut Criterion) {
    for (n, label) in [(1_000, "1000"), (1_000_000, "1e6")] {
        let (names, weights, raw) = synthetic(n);
        let mut group = c.benchmark_group(format!("limit_quota_{label}"));
        if n > 1_000 {
            group
                .sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(5));
        } else {
            group
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(2));
        }
        for method in quota_methods() {
            let wrapped = Method::Quota(method);
            let baseline = |w: &[u64], h: u64| bare_quota(method, w, h);
            side_by_side(
                &mut group,
                &wrapped.id(),
                &names,
                &weights,
                &raw,
                &wrapped,
                n as u64,
                &baseline,
            );
        }
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = huntington_hill_us2020, sweep_1_1000, divisor_50_regions,
        quota_50_regions, divisor_million_regions, quota_regions
}
criterion_main!(benches);
