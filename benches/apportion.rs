//! Criterion benchmarks of the exact solvers on real data: the US 2020
//! apportionment population of the 50 states.
//!
//! Run with `cargo bench --bench apportion`. Figures and targets are in
//! BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::scenario::{Basis, Dataset};
use seatshare::solve::{apportion, sweep_divisor, Bounds, Problem, TieBreak};

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

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = huntington_hill_us2020, sweep_1_1000
}
criterion_main!(benches);
