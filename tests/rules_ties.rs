//! Property tests of the rules engine's tie search against an independent
//! brute force (`tests/brute`): on small problems (2–4 regions, small
//! weights so that ties are common, houses up to 8) with gender rules
//! (women at least K or P % rounded up or down, balanced delegations, a
//! woman in every delegation), overlapping groups and per-region bounds,
//! under every standard method (divisor methods including those with
//! d(0) = 0, and quota methods), the engine's allocation must have the
//! brute force's optimum objective (exactly), and the engine's tie (the
//! allocation shown and its alternatives) must be exactly the set of
//! optimal allocations, proven complete. With women members per region
//! (biproportional mode) the same holds for the region seats.
//!
//! The default case count is modest for CI; set `PROPTEST_CASES` for more
//! (`PROPTEST_CASES=3000 cargo test --release --test rules_ties`).

mod brute;

use std::collections::BTreeSet;

use proptest::collection::vec;
use proptest::prelude::*;

use brute::{best_allocations, check_engine, every_allocation, rules_of};
use seatshare::method::Method;
use seatshare::rules::{NamedRule, Rule, WomenTarget};

/// The shared check (`brute::check_engine`) as a proptest failure.
fn check(
    m: &Method,
    weights: &[u64],
    women: Option<&[u64]>,
    house: u64,
    rules: &[NamedRule],
) -> Result<(), TestCaseError> {
    check_engine(m, weights, women, house, rules).map_err(TestCaseError::fail)
}

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

/// 2–4 regions: often equal weights (ties everywhere), else small ones,
/// sometimes a zero.
fn weights() -> impl Strategy<Value = Vec<u64>> {
    prop_oneof![
        2 => (2usize..=4, 1u64..=12).prop_map(|(n, w)| vec![w; n]),
        3 => vec(prop_oneof![4 => 1u64..=12, 1 => Just(0u64)], 2..=4),
    ]
    .prop_map(|mut w| {
        if w.iter().all(|&x| x == 0) {
            w[0] = 1;
        }
        w
    })
}

fn picks() -> impl Strategy<Value = Vec<(u8, u64, u8)>> {
    vec((any::<u8>(), any::<u64>(), any::<u8>()), 1..=4)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn ties_are_every_best_allocation(
        weights in weights(),
        house in 1u64..=8,
        picks in picks(),
    ) {
        let rules = rules_of(weights.len(), house, &picks);
        for m in Method::standard() {
            check(&m, &weights, None, house, &rules)?;
        }
    }

    #[test]
    fn ties_are_every_best_allocation_with_women_members(
        (weights, women) in weights().prop_flat_map(|w| {
            let women: Vec<_> = w.iter().map(|&x| 0..=x).collect();
            (Just(w), women)
        }),
        house in 1u64..=8,
        picks in picks(),
    ) {
        let rules = rules_of(weights.len(), house, &picks);
        // Biproportional shares need a divisor method with d(0) > 0.
        for id in ["dhondt", "sainte-lague", "modified-sainte-lague", "danish"] {
            let m = Method::parse(id).expect("a standard method");
            check(&m, &weights, Some(&women), house, &rules)?;
        }
    }
}

/// The brute force itself: on three equal regions and 5 seats it finds
/// the tie the engine used to miss (1, 1, 3 in every order).
#[test]
fn the_brute_force_sees_the_gender_tie() {
    let rules = [
        NamedRule::new("women", Rule::WomenAtLeast(WomenTarget::Count(4))),
        NamedRule::new("balanced", Rule::BalancedDelegations),
    ];
    assert_eq!(every_allocation(3, 5).len(), 21);
    let best: BTreeSet<Vec<u64>> = best_allocations("sainte-lague", &[10, 10, 10], 5, &rules)
        .into_iter()
        .collect();
    let expected: BTreeSet<Vec<u64>> = [vec![1, 1, 3], vec![1, 3, 1], vec![3, 1, 1]]
        .into_iter()
        .collect();
    assert_eq!(best, expected);
}
