//! Criterion benchmarks of the claim checker: a sweep of every house size
//! from 1 to 10,000 for the 50 US states under every divisor method,
//! `threshold` and `robust` on the Labour NEC file, and `margin` and
//! `threshold` on the Labour file under a group rule and under gender rules
//! (against the same scenario without them, measured in the same run).
//!
//! Run with `cargo bench --bench claims`. Figures and targets are in
//! BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use seatshare::analysis::identify::identify;
use seatshare::analysis::margin::margins;
use seatshare::analysis::population::population;
use seatshare::analysis::robust::{robust, Spread};
use seatshare::analysis::sweep::sweep;
use seatshare::analysis::threshold::{thresholds, Condition};
use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::outcome::Setup;
use seatshare::scenario::{Basis, Dataset};

fn root(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The 50 states, read once, outside every timed loop.
fn states() -> Setup {
    let data = Dataset::load(
        &root("benches/data/us_census_2020_apportionment.csv"),
        Some("population"),
    )
    .expect("population column");
    let scenario = data.custom(435, Method::parse("huntington-hill").expect("method"));
    let setup = Setup::of(&data, &scenario).expect("weights");
    assert_eq!(setup.names.len(), 50, "the 50 states");
    setup
}

/// The Labour NEC file on the published percentages.
fn labour() -> (Dataset, Setup) {
    let data = Dataset::load(&root("data/labour-nec-2018.yaml"), None).expect("NEC file");
    let mut scenario = data.scenario("proportional-9").expect("scenario").clone();
    scenario.basis = Some(Basis::Shares);
    let setup = Setup::of(&data, &scenario).expect("shares");
    (data, setup)
}

fn sweep_all_divisor_methods(c: &mut Criterion) {
    let setup = states();
    let divisors: Vec<Method> = Method::standard()
        .into_iter()
        .filter(Method::is_divisor)
        .collect();
    // Outside the timed loop: the sweep covers every size, and the
    // Huntington–Hill row at 435 is the official 2020 apportionment
    // (California 52, Texas 38, Wyoming 1).
    let check = sweep(&setup, &divisors, 1, 10_000).expect("sweeps");
    assert_eq!(check.len(), 8);
    for s in &check {
        assert_eq!(
            s.sizes.last().map(|z| z.house),
            Some(10_000),
            "{}",
            s.method
        );
    }
    let hh = check
        .iter()
        .find(|s| s.method.id() == "huntington-hill")
        .expect("huntington-hill");
    let at_435 = hh.sizes.iter().find(|z| z.house == 435).expect("435");
    let seats_of = |name: &str| setup.index(name).map(|i| at_435.seats[i]).expect("a state");
    assert_eq!(
        (
            seats_of("California"),
            seats_of("Texas"),
            seats_of("Wyoming")
        ),
        (52, 38, 1)
    );

    c.bench_function("sweep_1_10000_us2020_all_divisor_methods", |b| {
        b.iter(|| sweep(black_box(&setup), black_box(&divisors), 1, 10_000).expect("sweeps"))
    });
}

fn threshold_labour(c: &mut Criterion) {
    let (_, setup) = labour();
    let methods = Method::standard();
    let condition = Condition::Each(1);
    let check = thresholds(&setup, &condition, &methods).expect("solves");
    let first = |id: &str| {
        check
            .iter()
            .find(|t| t.method.id() == id)
            .and_then(|t| t.first)
    };
    assert_eq!(first("dhondt"), Some(16));
    assert_eq!(first("hamilton"), Some(15));

    c.bench_function("threshold_labour_each_1_all_methods", |b| {
        b.iter(|| thresholds(black_box(&setup), &condition, black_box(&methods)).expect("solves"))
    });
}

fn robust_labour(c: &mut Criterion) {
    let (_, setup) = labour();
    let dhondt = Method::parse("dhondt").expect("dhondt");
    let check = robust(&setup, 9, &dhondt, &Spread::Rounding).expect("solves");
    assert!(
        check.stable(),
        "the published table is stable within rounding"
    );

    c.bench_function("robust_labour_9_dhondt_rounding", |b| {
        b.iter(|| robust(black_box(&setup), 9, &dhondt, &Spread::Rounding).expect("solves"))
    });
}

/// A Labour scenario's setup on the members' counts, with its size and
/// method.
fn labour_scenario(id: &str) -> (Setup, u64, Method) {
    let data = Dataset::load(&root("data/labour-nec-2018.yaml"), None).expect("NEC file");
    let scenario = data.scenario(id).expect("scenario").clone();
    let setup = Setup::of(&data, &scenario).expect("counts");
    (setup, scenario.seats, scenario.method)
}

fn margin_and_threshold_under_rules(c: &mut Criterion) {
    // (scenario, North's members needed for a seat, first size at which
    // every region holds one): checked once, outside the timed loops,
    // against the CLI's answers (tests/cli_rules.rs confirms the margin
    // ends with allocate).
    let cases = [
        ("proportional-9", None, 16),
        ("nations-together-2-9", Some("14593"), 15),
        ("proportional-9-half-women-up", Some("6865"), 12),
    ];
    for (id, north_needs, first) in cases {
        let (setup, house, method) = labour_scenario(id);
        assert_eq!(setup.engine, id != "proportional-9", "{id}");
        let m = margins(&setup, house, &method).expect("margins");
        if let Some(needed) = north_needs {
            let north = m.regions[8].gain.as_ref().expect("North can gain");
            assert_eq!(north.amount.to_string(), needed, "{id}");
        }
        let condition = Condition::Each(1);
        let t = thresholds(&setup, &condition, std::slice::from_ref(&method)).expect("solves");
        assert_eq!(t[0].first, Some(first), "{id}");
        c.bench_function(&format!("margin_labour_{id}"), |b| {
            b.iter(|| margins(black_box(&setup), house, &method).expect("margins"))
        });
        c.bench_function(&format!("threshold_labour_{id}"), |b| {
            b.iter(|| {
                thresholds(black_box(&setup), &condition, std::slice::from_ref(&method))
                    .expect("solves")
            })
        });
    }
}

/// One column of the census file, as whole numbers.
fn census_column(name: &str) -> Vec<u64> {
    let data = Dataset::load(&root("data/us-census-2010-2020.csv"), Some(name)).expect("column");
    data.weights(Basis::Counts)
        .expect("numbers")
        .iter()
        .map(|d| d.to_string().parse().expect("whole numbers"))
        .collect()
}

/// Every claim-checker command on the 50 states' 2020 populations, without
/// the rendering: what `seatshare margin|threshold|robust|identify|
/// population|sweep data/us-census-2020.csv ...` computes. Target: each
/// under 100 ms.
fn us2020_claim_commands(c: &mut Criterion) {
    let setup = states();
    let method = |id: &str| Method::parse(id).expect("method");
    let official = census_column("seats_2020");
    let later: Vec<Decimal> = census_column("population_2020")
        .iter()
        .map(|p| Decimal::parse(&p.to_string()).expect("a number"))
        .collect();
    let earlier = setup.with_weights(
        census_column("population_2010")
            .iter()
            .map(|p| Decimal::parse(&p.to_string()).expect("a number"))
            .collect(),
    );
    // Outside the timed loops: the answers the commands must give.
    let found = identify(&setup, &official, &Method::standard());
    assert!(
        found
            .results
            .iter()
            .any(|r| r.method.id() == "huntington-hill" && r.differences.is_empty()),
        "Huntington–Hill reproduces the official 2020 seats"
    );
    let droop = margins(&setup, 435, &method("droop")).expect("margins");
    assert_eq!(droop.regions.len(), 50);
    let mut group = c.benchmark_group("us2020");
    for id in ["huntington-hill", "dhondt", "hamilton", "droop"] {
        let m = method(id);
        group.bench_function(format!("margin/{id}"), |b| {
            b.iter(|| margins(black_box(&setup), 435, &m).expect("margins"))
        });
        group.bench_function(format!("threshold_each_2/{id}"), |b| {
            b.iter(|| {
                thresholds(
                    black_box(&setup),
                    &Condition::Each(2),
                    std::slice::from_ref(&m),
                )
                .expect("thresholds")
            })
        });
        group.bench_function(format!("sweep_400_500/{id}"), |b| {
            b.iter(|| sweep(black_box(&setup), std::slice::from_ref(&m), 400, 500).expect("sweep"))
        });
        group.bench_function(format!("population_2010_2020/{id}"), |b| {
            b.iter(|| population(black_box(&earlier), &later, 435, &m).expect("population"))
        });
        if id != "droop" {
            let one = Spread::Percent(Decimal::parse("1").expect("1"));
            group.bench_function(format!("robust_1pc/{id}"), |b| {
                b.iter(|| robust(black_box(&setup), 435, &m, &one).expect("robust"))
            });
        }
    }
    let all = Method::standard();
    group.bench_function("identify/all_methods", |b| {
        b.iter(|| identify(black_box(&setup), &official, &all))
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = sweep_all_divisor_methods, threshold_labour, robust_labour,
        margin_and_threshold_under_rules, us2020_claim_commands
}
criterion_main!(benches);
