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

use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::collection::vec;
use proptest::prelude::*;

use brute::{base_and_caps, best_allocations, every_allocation, keeps, objective};
use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::rules::{
    optimum, solve, NamedRule, Rounding, Rule, RulesError, RulesProblem, Scope, WomenTarget,
};
use seatshare::solve::SolveError;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("R{i}")).collect()
}

fn dec(weights: &[u64]) -> Vec<Decimal> {
    weights.iter().map(|&w| Decimal::from_u64(w)).collect()
}

/// One rule from a pick: gender rules and groups most often.
fn pick_rule(n: usize, house: u64, (kind, amount, members): (u8, u64, u8)) -> Rule {
    let mut regions: Vec<usize> = (0..n).filter(|i| members & (1 << i) != 0).collect();
    if regions.is_empty() {
        regions.push(members as usize % n);
    }
    let amount = amount % (house + 1);
    let region = Scope::Region(members as usize % n);
    let percent = [25u64, 40, 50, 60, 75][(members % 5) as usize];
    let rounding = if amount.is_multiple_of(2) {
        Rounding::Up
    } else {
        Rounding::Down
    };
    match kind % 12 {
        0 | 1 => Rule::WomenAtLeast(WomenTarget::Count(amount)),
        2 => Rule::WomenAtLeast(WomenTarget::Percent {
            percent: Decimal::from_u64(percent),
            rounding,
        }),
        3 | 4 => Rule::BalancedDelegations,
        5 => Rule::WomanInEveryDelegation,
        6 => Rule::Group {
            regions,
            at_least: Some(amount),
            at_most: None,
        },
        7 => Rule::Group {
            regions,
            at_least: None,
            at_most: Some(amount),
        },
        8 => Rule::Group {
            regions,
            at_least: Some(amount / 2),
            at_most: Some(amount),
        },
        9 => Rule::AtLeast {
            scope: region,
            seats: amount.min(2),
        },
        10 => Rule::AtMost {
            scope: region,
            seats: amount,
        },
        _ => Rule::Base {
            scope: region,
            seats: amount.min(1),
        },
    }
}

fn rules_of(n: usize, house: u64, picks: &[(u8, u64, u8)]) -> Vec<NamedRule> {
    picks
        .iter()
        .enumerate()
        .map(|(k, &p)| NamedRule::new(format!("rule {k}"), pick_rule(n, house, p)))
        .collect()
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

/// Checks one method: the same optimum objective and the same set of
/// tied allocations as the brute force, through `solve` and `optimum`.
fn check(
    m: &Method,
    weights: &[u64],
    women: Option<&[u64]>,
    house: u64,
    rules: &[NamedRule],
) -> Result<(), TestCaseError> {
    let id = m.id();
    let n = weights.len();
    let names = names(n);
    let w = dec(weights);
    let women_w = women.map(dec);
    let problem = RulesProblem {
        names: &names,
        weights: &w,
        women_weights: women_w.as_deref(),
        house,
        method: m,
        rules,
    };
    let best = best_allocations(&id, weights, house, rules);
    let got = solve(&problem);
    let fast = optimum(&problem);
    if best.is_empty() {
        prop_assert!(
            matches!(
                got,
                Err(RulesError::Infeasible { .. })
                    | Err(RulesError::Solve(SolveError::FirstSeatsExceedHouse { .. }))
            ),
            "{}: no allocation keeps the rules, but the engine gives {:?}",
            id,
            got.map(|o| o.seats)
        );
        prop_assert_eq!(fast.err(), got.err(), "{}: optimum and solve agree", id);
        return Ok(());
    }
    let got = got.map_err(|e| TestCaseError::fail(format!("{id}: {e}")))?;
    let fast = fast.map_err(|e| TestCaseError::fail(format!("{id}: {e}")))?;
    // The same optimum objective, exactly.
    let v: Vec<BigRational> = weights
        .iter()
        .map(|&x| BigRational::from_integer(BigInt::from(x)))
        .collect();
    let (base, caps) = base_and_caps(n, house, rules);
    let value = |s: &[u64]| objective(&id, &v, &base, &caps, s, house);
    prop_assert!(keeps(rules, &got.seats, house), "{}: rules broken", id);
    prop_assert_eq!(
        value(&got.seats),
        value(&best[0]),
        "{}: {:?} against the best {:?}",
        id,
        &got.seats,
        &best
    );
    // The same set of tied allocations, proven complete.
    let expected: BTreeSet<Vec<u64>> = best.iter().cloned().collect();
    let mut every: BTreeSet<Vec<u64>> = got.alternatives.iter().cloned().collect();
    prop_assert_eq!(every.len(), got.alternatives.len(), "{}: duplicates", id);
    every.insert(got.seats.clone());
    prop_assert!(got.alternatives_complete, "{}: incomplete", id);
    prop_assert_eq!(&every, &expected, "{}: the tie", id);
    prop_assert_eq!(got.tie.is_some(), expected.len() > 1, "{}", id);
    if let Some(tie) = &got.tie {
        for i in 0..n {
            let gains = best.iter().any(|b| b[i] > got.seats[i]);
            let loses = best.iter().any(|b| b[i] < got.seats[i]);
            prop_assert_eq!(tie.could_gain.contains(&i), gains, "{}: gain {}", id, i);
            prop_assert_eq!(tie.could_lose.contains(&i), loses, "{}: lose {}", id, i);
        }
    }
    // `optimum` is the same answer without the prices.
    prop_assert_eq!(&fast.seats, &got.seats, "{}", id);
    prop_assert_eq!(&fast.women, &got.women, "{}", id);
    prop_assert_eq!(&fast.tie, &got.tie, "{}", id);
    prop_assert_eq!(&fast.alternatives, &got.alternatives, "{}", id);
    prop_assert_eq!(fast.alternatives_complete, got.alternatives_complete);
    Ok(())
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
