//! Criterion benchmarks at scale (issue 13). Each row runs beside a bare
//! baseline measured in the same run.
//!
//! Group `scale_analysis`: the claim checker, `margin`, `threshold --each
//! 1`, `identify` and `robust` on 100 to 1,000 regions, each at n and 10n
//! regions, beside the plain apportionment of the same input.
//!
//! Group `scale_rules` (the rules engine, rows 1–3): `rules::solve` on
//! the problems built in `benches/scale_rules/mod.rs`, at n and 10n where
//! the row scales, beside the plain method on the same input.
//!
//! Inputs: `benches/data/scale_r1000.csv` and `scale_r200.csv`, 1,000 and
//! 200 regions `U0000..` with weights uniform in 1,000..2,000,000 (Python
//! `random.Random(7)`); the n-region rows use their first n regions. The
//! group `scale_analysis` is this file's; other groups live in their own
//! functions.
//!
//! Run with `cargo bench --bench scale -- scale_analysis` (or
//! `-- scale_rules`). Figures and targets are in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use seatshare::analysis::identify::identify;
use seatshare::analysis::margin::margins;
use seatshare::analysis::robust::{robust, Spread};
use seatshare::analysis::threshold::{thresholds, Condition};
use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::outcome::Setup;
use seatshare::rules::{solve, RulesError};
use seatshare::scenario::Basis;

#[path = "scale_rules/mod.rs"]
mod scale_rules;

use scale_rules::Owned;

/// The first `n` regions of a `region,weight` file under `benches/data`.
fn regions(file: &str, n: usize) -> Setup {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/data")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("bench data");
    let (names, weights): (Vec<String>, Vec<Decimal>) = text
        .lines()
        .skip(1)
        .take(n)
        .map(|line| {
            let (name, weight) = line.split_once(',').expect("two columns");
            (name.to_string(), Decimal::parse(weight).expect("a weight"))
        })
        .unzip();
    assert_eq!(names.len(), n, "{file} has {n} regions");
    Setup::plain(names, weights, Basis::Counts)
}

fn method(id: &str) -> Method {
    Method::parse(id).expect("method")
}

/// `margin` for every region beside the apportionment it starts from.
fn margin_rows(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale_analysis");
    // (label, file, regions, seats, method)
    let rows = [
        ("dhondt", "scale_r1000.csv", 100, 1_000, "dhondt"),
        ("dhondt", "scale_r1000.csv", 1_000, 10_000, "dhondt"),
        ("hamilton", "scale_r200.csv", 20, 200, "hamilton"),
        ("hamilton", "scale_r200.csv", 200, 2_000, "hamilton"),
    ];
    for (label, file, n, seats, id) in rows {
        let setup = regions(file, n);
        let m = method(id);
        // Outside the timed loop: every region has its margins.
        let found = margins(&setup, seats, &m).expect("margins");
        assert_eq!(found.regions.len(), n);
        assert!(found.regions.iter().any(|r| r.gain.is_some()));
        group.bench_with_input(
            BenchmarkId::new(format!("margin_{label}"), n),
            &setup,
            |b, s| b.iter(|| margins(black_box(s), seats, &m).expect("margins")),
        );
        group.bench_with_input(
            BenchmarkId::new(format!("apportion_{label}"), n),
            &setup,
            |b, s| b.iter(|| black_box(s).solve(seats, &m).expect("solves")),
        );
    }
    group.finish();
}

/// `threshold --each 1` under Hamilton and Droop (every size up to the
/// bound, read off the remainders) beside one apportionment at 10n seats.
fn threshold_rows(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale_analysis");
    for n in [100usize, 1_000] {
        let setup = regions("scale_r1000.csv", n);
        for id in ["hamilton", "droop"] {
            let m = method(id);
            let found = thresholds(&setup, &Condition::Each(1), std::slice::from_ref(&m))
                .expect("threshold");
            assert_eq!(found.len(), 1);
            group.bench_with_input(
                BenchmarkId::new(format!("threshold_each_1_{id}"), n),
                &setup,
                |b, s| {
                    b.iter(|| {
                        thresholds(black_box(s), &Condition::Each(1), std::slice::from_ref(&m))
                            .expect("threshold")
                    })
                },
            );
        }
        let m = method("hamilton");
        let seats = 10 * n as u64;
        group.bench_with_input(
            BenchmarkId::new("apportion_hamilton_10n_seats", n),
            &setup,
            |b, s| b.iter(|| black_box(s).solve(seats, &m).expect("solves")),
        );
    }
    group.finish();
}

/// `identify` of the Sainte-Laguë table under all 12 methods and the
/// stationary family, and `robust` ± 1 % under Sainte-Laguë, beside one
/// Sainte-Laguë apportionment.
fn identify_and_robust_rows(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale_analysis");
    let all = Method::standard();
    let sl = method("sainte-lague");
    let spread = Spread::Percent(Decimal::from_u64(1));
    for n in [100usize, 1_000] {
        let setup = regions("scale_r1000.csv", n);
        let seats = 10 * n as u64;
        let table = setup.solve(seats, &sl).expect("solves").seats();
        let found = identify(&setup, &table, &all);
        assert!(found.matches().iter().any(|r| r.method == sl));
        assert!(found.stationary.is_some());
        let checked = robust(&setup, seats, &sl, &spread).expect("robust");
        assert!(checked.flips.len() <= seatshare::analysis::robust::MAX_FLIP_VECTORS);
        group.bench_with_input(
            BenchmarkId::new("identify_all_methods", n),
            &setup,
            |b, s| b.iter(|| identify(black_box(s), &table, &all)),
        );
        group.bench_with_input(BenchmarkId::new("robust_1_percent", n), &setup, |b, s| {
            b.iter(|| robust(black_box(s), seats, &sl, &spread).expect("robust"))
        });
        group.bench_with_input(
            BenchmarkId::new("apportion_sainte_lague", n),
            &setup,
            |b, s| b.iter(|| black_box(s).solve(seats, &sl).expect("solves")),
        );
    }
    group.finish();
}

/// One rules-engine row and its bare baseline, after checking the answer.
fn rules_row(c: &mut Criterion, name: &str, owned: &Owned, infeasible: Option<&[&str]>) {
    let problem = owned.problem();
    match (solve(&problem), infeasible) {
        (Ok(outcome), None) => {
            assert_eq!(outcome.seats.iter().sum::<u64>(), owned.house);
            assert!(outcome.alternatives_complete, "{name}: tie search complete");
        }
        (Err(RulesError::Infeasible { conflict, .. }), Some(expected)) => {
            assert_eq!(conflict, expected, "{name}: the conflicting rules");
        }
        (other, _) => panic!("{name}: unexpected {:?}", other.map(|o| o.seats)),
    }
    let mut group = c.benchmark_group("scale_rules");
    group.bench_function(format!("{name}/rules"), |b| {
        b.iter(|| solve(black_box(&problem)))
    });
    group.bench_function(format!("{name}/bare"), |b| {
        b.iter(|| black_box(owned).bare())
    });
    group.finish();
}

fn rules_gender(c: &mut Criterion) {
    rules_row(
        c,
        "gender_100_regions_1000_seats",
        &scale_rules::gender_synthetic(100),
        None,
    );
    rules_row(
        c,
        "gender_1000_regions_10000_seats",
        &scale_rules::gender_r1000(),
        None,
    );
}

fn rules_groups(c: &mut Criterion) {
    rules_row(
        c,
        "groups_20_regions_200_seats_2_groups",
        &scale_rules::groups_synthetic(20),
        None,
    );
    rules_row(
        c,
        "groups_200_regions_2000_seats_20_groups",
        &scale_rules::groups_r200(),
        None,
    );
}

fn rules_infeasible(c: &mut Criterion) {
    let pair: &[&str] = &["group 2", "group 3"];
    rules_row(
        c,
        "infeasible_us_435_10_groups",
        &scale_rules::infeasible_us(10),
        Some(pair),
    );
    rules_row(
        c,
        "infeasible_us_435_25_groups",
        &scale_rules::infeasible_us(25),
        Some(pair),
    );
}

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(10)
}

criterion_group! {
    name = scale_analysis;
    config = config();
    targets = margin_rows, threshold_rows, identify_and_robust_rows
}
fn rules_config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(5))
        .sample_size(10)
}

criterion_group! {
    name = scale_rules_benches;
    config = rules_config();
    targets = rules_gender, rules_groups, rules_infeasible
}
criterion_main!(scale_analysis, scale_rules_benches);
