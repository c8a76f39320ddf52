//! Criterion benchmarks of the rules engine: the Labour NEC gender
//! scenarios and 435 seats over the 50 US states with gender rules, and
//! the complete tie search (`rules::optimum`) on both against the solve
//! without it.
//!
//! Run with `cargo bench --bench rules`. Figures and targets are in
//! BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::rules::{
    optimum, proposal, solve, NamedRule, Rounding, Rule, RulesProblem, Scope, WomenTarget,
};
use seatshare::scenario::{Basis, Dataset};

/// Region names and weights, read once, outside every timed loop.
struct Data {
    names: Vec<String>,
    weights: Vec<Decimal>,
}

fn load(relative: &str, column: Option<&str>) -> Data {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let data = Dataset::load(&path, column).expect("data");
    Data {
        names: data.names(),
        weights: data.weights(Basis::Counts).expect("weights"),
    }
}

fn half_women() -> NamedRule {
    NamedRule::new(
        "half women",
        Rule::WomenAtLeast(WomenTarget::Percent {
            percent: Decimal::from_u64(50),
            rounding: Rounding::Up,
        }),
    )
}

fn balanced() -> NamedRule {
    NamedRule::new("balanced", Rule::BalancedDelegations)
}

fn labour_nec(c: &mut Criterion) {
    let nec = load("data/labour-nec-2018.yaml", None);
    assert_eq!(nec.names.len(), 11, "11 regions and nations");
    let method = Method::parse("sainte-lague").expect("sainte-lague");
    let mut group = c.benchmark_group("rules_labour_nec");

    // 9 seats, at least half women rounded up (5), balanced delegations.
    let rules_9 = [half_women(), balanced()];
    let problem_9 = RulesProblem {
        names: &nec.names,
        weights: &nec.weights,
        women_weights: None,
        house: 9,
        method: &method,
        rules: &rules_9,
    };
    let check = solve(&problem_9).expect("solves");
    assert_eq!(check.seats, vec![2, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    assert_eq!(check.women_required, Some(5));
    assert!(check.tie.is_none());
    group.bench_function("9_seats_half_women_balanced", |b| {
        b.iter(|| solve(black_box(&problem_9)).expect("solves"))
    });

    // 11 designated seats, exactly one each, half women (6), balanced.
    let rules_11 = [
        NamedRule::new(
            "one each",
            Rule::Exactly {
                scope: Scope::Each,
                seats: 1,
            },
        ),
        half_women(),
        balanced(),
    ];
    let problem_11 = RulesProblem {
        house: 11,
        rules: &rules_11,
        ..problem_9
    };
    let check = solve(&problem_11).expect("solves");
    assert_eq!(check.seats, vec![1; 11]);
    assert_eq!(check.women_required, Some(6));
    group.bench_function("11_seats_one_each_half_women_balanced", |b| {
        b.iter(|| solve(black_box(&problem_11)).expect("solves"))
    });
    group.finish();
}

fn us_house_with_gender_rules(c: &mut Criterion) {
    let census = load(
        "benches/data/us_census_2020_apportionment.csv",
        Some("population"),
    );
    let official: Vec<u64> = load(
        "benches/data/us_census_2020_apportionment.csv",
        Some("seats"),
    )
    .weights
    .iter()
    .map(|d| d.to_string().parse().expect("whole seats"))
    .collect();
    assert_eq!(census.names.len(), 50, "the 50 states");
    let method = Method::parse("huntington-hill").expect("huntington-hill");
    let rules = [half_women(), balanced()];
    let problem = RulesProblem {
        names: &census.names,
        weights: &census.weights,
        women_weights: None,
        house: 435,
        method: &method,
        rules: &rules,
    };
    // 218 women of 435 with balanced delegations: Σ⌈s/2⌉ = (435 + #odd)/2
    // ≥ 218 iff at least one delegation is odd, which an odd house
    // guarantees. So no seat moves: the official apportionment.
    let check = solve(&problem).expect("solves");
    assert_eq!(check.seats, official, "official 2020 apportionment");
    assert_eq!(check.women_required, Some(218));
    assert!(check.tie.is_none());
    assert!(check.binding.iter().all(|b| b.seats_moved == 0));

    c.bench_function("rules_us2020_435_half_women_balanced", |b| {
        b.iter(|| solve(black_box(&problem)).expect("solves"))
    });
}

/// The complete tie search (`optimum`: the solve, its exact repair and the
/// search for every equally good allocation) against the same solve
/// without the search, on the NEC 9-seat gender scenario
/// (`proportional-9-half-women-up`), US 435 with half women and balanced
/// delegations, and three equal regions whose three tied allocations are
/// two seat moves apart (found only by the integer program with cuts).
fn tie_search(c: &mut Criterion) {
    let nec = load("data/labour-nec-2018.yaml", None);
    let census = load(
        "benches/data/us_census_2020_apportionment.csv",
        Some("population"),
    );
    let sainte_lague = Method::parse("sainte-lague").expect("sainte-lague");
    let hill = Method::parse("huntington-hill").expect("huntington-hill");
    let rules = [half_women(), balanced()];
    let nec_9 = RulesProblem {
        names: &nec.names,
        weights: &nec.weights,
        women_weights: None,
        house: 9,
        method: &sainte_lague,
        rules: &rules,
    };
    let us_435 = RulesProblem {
        names: &census.names,
        weights: &census.weights,
        women_weights: None,
        house: 435,
        method: &hill,
        rules: &rules,
    };
    let equal_names: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
    let equal_weights = vec![Decimal::from_u64(10); 3];
    let equal_rules = [
        NamedRule::new("women 4", Rule::WomenAtLeast(WomenTarget::Count(4))),
        balanced(),
    ];
    let equal_3 = RulesProblem {
        names: &equal_names,
        weights: &equal_weights,
        women_weights: None,
        house: 5,
        method: &sainte_lague,
        rules: &equal_rules,
    };
    for (problem, ties) in [(&nec_9, 0), (&us_435, 0), (&equal_3, 2)] {
        let found = optimum(problem).expect("solves");
        assert_eq!(found.alternatives.len(), ties);
        assert!(found.alternatives_complete);
        assert_eq!(proposal(problem).expect("solves"), found.seats);
    }
    let mut group = c.benchmark_group("rules_ties");
    for (name, problem) in [
        ("nec_9_half_women_balanced", &nec_9),
        ("us2020_435_half_women_balanced", &us_435),
        ("equal_3_5_seats_women_4_balanced", &equal_3),
    ] {
        group.bench_function(format!("{name}/optimum"), |b| {
            b.iter(|| optimum(black_box(problem)).expect("solves"))
        });
        group.bench_function(format!("{name}/without_tie_search"), |b| {
            b.iter(|| proposal(black_box(problem)).expect("solves"))
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
    targets = labour_nec, us_house_with_gender_rules, tie_search
}
criterion_main!(benches);
