//! Tests of the rules engine (`seatshare::rules`).
//!
//! - Property tests against the foundation's exact solver: with no rule,
//!   or rules that cannot move a seat, the engine returns exactly the
//!   method's allocation; with per-region minimums and maximums it returns
//!   the constrained method's allocation; ties are reported by both.
//! - Golden tests of the biproportional mode against published results
//!   (fixtures in `tests/fixtures/`, each naming its source).
//! - One hand-checked test per rule kind where it binds, and one where it
//!   makes the rules impossible, with the explanation's numbers.
//! - Regression tests for bugs found here.

use std::collections::BTreeSet;

use proptest::collection::vec;
use proptest::prelude::*;

use seatshare::allocation::Allocation;
use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::rules::{
    solve, NamedRule, Rounding, Rule, RulesError, RulesOutcome, RulesProblem, Scope, WomenTarget,
};
use seatshare::solve::{apportion, Bounds, Problem, SolveError, TieBreak};

// --------------------------------------------------------------- helpers

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("R{i}")).collect()
}

fn dec(weights: &[u64]) -> Vec<Decimal> {
    weights.iter().map(|&w| Decimal::from_u64(w)).collect()
}

fn method(id: &str) -> Method {
    Method::parse(id).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn rule(name: &str, rule: Rule) -> NamedRule {
    NamedRule::new(name, rule)
}

/// The rules engine on integer weights.
fn engine(
    weights: &[u64],
    house: u64,
    method: &Method,
    rules: &[NamedRule],
) -> Result<RulesOutcome, RulesError> {
    engine_with_women(weights, None, house, method, rules)
}

fn engine_with_women(
    weights: &[u64],
    women: Option<&[u64]>,
    house: u64,
    method: &Method,
    rules: &[NamedRule],
) -> Result<RulesOutcome, RulesError> {
    let names = names(weights.len());
    let weights = dec(weights);
    let women = women.map(dec);
    solve(&RulesProblem {
        names: &names,
        weights: &weights,
        women_weights: women.as_deref(),
        house,
        method,
        rules,
    })
}

/// The foundation's exact solver, reporting ties.
fn foundation(
    weights: &[u64],
    house: u64,
    method: &Method,
    bounds: &Bounds,
) -> Result<Allocation, SolveError> {
    let names = names(weights.len());
    let weights = dec(weights);
    apportion(&Problem {
        names: &names,
        weights: &weights,
        house,
        method,
        bounds,
        tie_break: TieBreak::Report,
    })
}

/// The foundation's seats (panics on an error).
fn foundation_seats(weights: &[u64], house: u64, method: &Method, bounds: &Bounds) -> Vec<u64> {
    foundation(weights, house, method, bounds)
        .unwrap_or_else(|e| panic!("{method}: {e}"))
        .seats()
}

/// Every allocation the foundation's result allows: the one shown when
/// there is no tie, else every way of giving the contested seats to the
/// tied regions (as in `tests/properties.rs`).
fn outcomes(allocation: &Allocation) -> BTreeSet<Vec<u64>> {
    let seats = allocation.seats();
    let Some(tie) = &allocation.tie else {
        return BTreeSet::from([seats]);
    };
    let mut base = seats.clone();
    for &i in &tie.could_lose {
        base[i] -= 1;
    }
    let candidates: BTreeSet<usize> = tie
        .could_gain
        .iter()
        .chain(&tie.could_lose)
        .copied()
        .collect();
    let candidates: Vec<usize> = candidates.into_iter().collect();
    let k = tie.seats_in_tie as usize;
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

/// The binding entry for a rule (panics if the rule does not bind).
fn binding<'a>(outcome: &'a RulesOutcome, name: &str) -> &'a seatshare::rules::Binding {
    outcome
        .binding
        .iter()
        .find(|b| b.rule == name)
        .unwrap_or_else(|| {
            panic!(
                "rule `{name}` does not bind; binding: {:?}",
                outcome.binding.iter().map(|b| &b.rule).collect::<Vec<_>>()
            )
        })
}

/// Women per region as (at least, at most) pairs.
fn women(outcome: &RulesOutcome) -> Vec<(u64, u64)> {
    outcome
        .women
        .as_ref()
        .expect("women per region")
        .iter()
        .map(|w| (w.at_least, w.at_most))
        .collect()
}

fn half_women(rounding: Rounding) -> Rule {
    Rule::WomenAtLeast(WomenTarget::Percent {
        percent: Decimal::from_u64(50),
        rounding,
    })
}

/// Moderate case counts keep the suite fast on a shared 2-core machine;
/// set `PROPTEST_CASES` for a deeper run.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

// ------------------------------------------------------------ strategies

fn weight() -> impl Strategy<Value = u64> {
    // Small weights make equal weights and ties likely; zeros test regions
    // that are owed nothing; large ones test the arithmetic and the floats.
    prop_oneof![5 => 0u64..=10_000_000, 3 => 1u64..=12, 1 => Just(0u64)]
}

/// 2–12 regions, at least one with weight.
fn weights() -> impl Strategy<Value = Vec<u64>> {
    vec(weight(), 2..=12).prop_map(|mut w| {
        if w.iter().all(|&x| x == 0) {
            w[0] = 1;
        }
        w
    })
}

/// Rules that cannot move a seat, whatever the weights and the house.
fn inert_rules(n: usize, house: u64, picks: &[(u8, usize)]) -> Vec<NamedRule> {
    picks
        .iter()
        .enumerate()
        .map(|(k, &(kind, at))| {
            let name = format!("inert {k}");
            let region = at % n;
            let others: Vec<usize> = (0..n).filter(|&i| i != region).collect();
            let r = match kind % 10 {
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
                // With balanced delegations Σ⌈s/2⌉ = (house + #odd)/2, and
                // #odd has the parity of the house, so half the house
                // rounded either way always fits.
                8 => half_women(Rounding::Up),
                _ => half_women(Rounding::Down),
            };
            rule(&name, r)
        })
        .collect()
}

// ------------------------------------------------------------ properties

/// The engine against the foundation with no bounds: the same error, or
/// the same seats and the same tie.
fn check_alone(weights: &[u64], house: u64, rules: &[NamedRule]) -> Result<(), TestCaseError> {
    for m in Method::standard() {
        let expected = foundation(weights, house, &m, &Bounds::none(weights.len()));
        let got = engine(weights, house, &m, rules);
        let expected = match expected {
            Err(e) => {
                prop_assert!(
                    got.is_err(),
                    "{}: the foundation refuses ({}) but the engine gives {:?}",
                    m,
                    e,
                    got.map(|o| o.seats)
                );
                continue;
            }
            Ok(a) => a,
        };
        let got = got.map_err(|e| TestCaseError::fail(format!("{m}: {e}")))?;
        prop_assert_eq!(got.method_alone.as_ref(), Some(&expected.seats()), "{}", m);
        prop_assert_eq!(
            got.tie.is_some(),
            expected.tie.is_some(),
            "{}: engine tie {:?} (seats {:?}), foundation tie {:?} (seats {:?})",
            m,
            got.tie,
            got.seats,
            expected.tie,
            expected.seats()
        );
        if expected.tie.is_none() {
            prop_assert_eq!(&got.seats, &expected.seats(), "{}", m);
        } else {
            let allowed = outcomes(&expected);
            prop_assert!(
                allowed.contains(&got.seats),
                "{}: {:?} is not among the tied outcomes {:?}",
                m,
                got.seats,
                allowed
            );
            for alt in &got.alternatives {
                prop_assert!(
                    allowed.contains(alt),
                    "{}: alternative {:?} is not among {:?}",
                    m,
                    alt,
                    allowed
                );
            }
        }
        for b in &got.binding {
            prop_assert_eq!(b.seats_moved, 0, "{}: {:?}", m, b);
            let named = rules.iter().find(|r| r.name == b.rule).unwrap();
            prop_assert!(named.rule.is_gender(), "{}: {:?} binds", m, b);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn without_rules_the_engine_is_the_method(weights in weights(), house in 1u64..=60) {
        check_alone(&weights, house, &[])?;
    }

    #[test]
    fn rules_that_cannot_bind_leave_the_method_alone(
        weights in weights(),
        house in 1u64..=60,
        picks in vec((any::<u8>(), any::<usize>()), 1..=3),
    ) {
        let rules = inert_rules(weights.len(), house, &picks);
        check_alone(&weights, house, &rules)?;
    }
}

// ---------------------------------------------------------- restrictions

/// A region's minimum and maximum.
type Limits = Vec<(u64, Option<u64>)>;

/// Random per-region minimums and maximums that can hold together:
/// min ≤ max and Σmin ≤ house ≤ Σmax.
fn bounded() -> impl Strategy<Value = (Vec<u64>, u64, Limits)> {
    weights()
        .prop_flat_map(|w| {
            let n = w.len();
            (
                Just(w),
                vec(
                    (
                        prop_oneof![2 => Just(0u64), 1 => 0u64..=6],
                        proptest::option::weighted(0.6, 0u64..=12),
                    ),
                    n,
                ),
                0u64..=60,
            )
        })
        .prop_map(|(w, raw, offset)| {
            let bounds: Limits = raw
                .into_iter()
                .map(|(min, extra)| (min, extra.map(|e| min + e)))
                .collect();
            let low: u64 = bounds.iter().map(|b| b.0).sum();
            let mut house = low + offset;
            if bounds.iter().all(|b| b.1.is_some()) {
                let high: u64 = bounds.iter().map(|b| b.1.unwrap()).sum();
                house = low + offset % (high - low + 1);
            }
            (w, house.max(1), bounds)
        })
}

/// The engine with `AtLeast`/`AtMost` region rules against the foundation
/// with the same `Bounds`.
fn check_bounded(
    weights: &[u64],
    house: u64,
    limits: &[(u64, Option<u64>)],
    methods: &[Method],
) -> Result<(), TestCaseError> {
    let n = weights.len();
    let mut bounds = Bounds::none(n);
    let mut rules = Vec::new();
    for (i, &(min, max)) in limits.iter().enumerate() {
        bounds.min[i] = min;
        bounds.max[i] = max;
        if min > 0 {
            rules.push(rule(
                &format!("min R{i}"),
                Rule::AtLeast {
                    scope: Scope::Region(i),
                    seats: min,
                },
            ));
        }
        if let Some(max) = max {
            rules.push(rule(
                &format!("max R{i}"),
                Rule::AtMost {
                    scope: Scope::Region(i),
                    seats: max,
                },
            ));
        }
    }
    for m in methods {
        let expected = foundation(weights, house, m, &bounds);
        let got = engine(weights, house, m, &rules);
        let expected = match expected {
            Err(e) => {
                prop_assert!(
                    got.is_err(),
                    "{}: the foundation refuses ({}) but the engine gives {:?}",
                    m,
                    e,
                    got.map(|o| o.seats)
                );
                continue;
            }
            Ok(a) => a,
        };
        let got = got.map_err(|e| TestCaseError::fail(format!("{m}: {e}")))?;
        prop_assert_eq!(
            got.tie.is_some(),
            expected.tie.is_some(),
            "{}: engine tie {:?} (seats {:?}), foundation tie {:?} (seats {:?})",
            m,
            got.tie,
            got.seats,
            expected.tie,
            expected.seats()
        );
        let allowed = outcomes(&expected);
        prop_assert!(
            allowed.contains(&got.seats),
            "{}: {:?}, the foundation {:?}",
            m,
            got.seats,
            allowed
        );
        // A bound binds by moving a seat, or (a maximum of 0 waiving a
        // first seat) by being what makes the other rules possible.
        for b in &got.binding {
            let waiver = b.effect.as_deref() == Some("without it the other rules cannot all hold");
            prop_assert!(b.seats_moved > 0 || waiver, "{}: {:?}", m, b);
        }
    }
    Ok(())
}

fn divisor_methods() -> Vec<Method> {
    Method::standard()
        .into_iter()
        .filter(Method::is_divisor)
        .collect()
}

fn quota_methods() -> Vec<Method> {
    Method::standard()
        .into_iter()
        .filter(|m| !m.is_divisor())
        .collect()
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn bounds_as_rules_give_the_constrained_divisor_method((weights, house, limits) in bounded()) {
        check_bounded(&weights, house, &limits, &divisor_methods())?;
    }

    #[test]
    fn bounds_as_rules_give_the_constrained_quota_method((weights, house, limits) in bounded()) {
        check_bounded(&weights, house, &limits, &quota_methods())?;
    }
}

// ------------------------------------------------------------ regressions

#[test]
fn a_maximum_of_zero_waives_the_first_seat() {
    // Adams owes every region with members a first seat, but a maximum of
    // 0 waives it (as in the foundation's constrained methods). The engine
    // used to keep the owed seat above the cap and call the rules
    // impossible.
    let adams = method("adams");
    let rules = [rule(
        "cap",
        Rule::AtMost {
            scope: Scope::Region(1),
            seats: 0,
        },
    )];
    let mut bounds = Bounds::none(3);
    bounds.max[1] = Some(0);
    // R0's first seat is owed; its second (5/1) beats R2's (weight 0).
    assert_eq!(
        foundation_seats(&[5, 3, 0], 2, &adams, &bounds),
        vec![2, 0, 0]
    );
    let outcome = engine(&[5, 3, 0], 2, &adams, &rules).unwrap();
    assert_eq!(outcome.seats, vec![2, 0, 0]);
    // Without the cap Adams gives R0 and R1 one seat each.
    let b = binding(&outcome, "cap");
    assert_eq!(b.without, vec![1, 1, 0]);
    assert_eq!(b.seats_moved, 1);
}

#[test]
fn a_rule_without_which_nothing_holds_binds() {
    // Huntington–Hill owes both regions a first seat, and there is one
    // seat: only R1's cap of 0 (which waives its first seat) makes an
    // allocation possible. Dropping the cap to price it used to be an
    // internal error; the cap binds, with no allocation to compare.
    let hh = method("huntington-hill");
    let rules = [rule(
        "cap",
        Rule::AtMost {
            scope: Scope::Region(1),
            seats: 0,
        },
    )];
    let outcome = engine(&[5, 3], 1, &hh, &rules).unwrap();
    assert_eq!(outcome.seats, vec![1, 0]);
    assert_eq!(outcome.method_alone, None);
    let b = binding(&outcome, "cap");
    assert_eq!(b.seats_moved, 0);
    assert_eq!(
        b.effect.as_deref(),
        Some("without it the other rules cannot all hold")
    );
}

#[test]
fn a_tie_is_not_a_price() {
    // Sainte-Laguë, 6 seats over 5, 0, 3, 1, 1: after 5/1, 3/1 and 5/3
    // the last three seats tie at priority 1 between R0 (5/5), R2 (3/3),
    // R3 and R4 (1/1). Balanced delegations cannot move a seat, but the
    // solver picks another of the tied allocations with the rule than
    // without it, which used to be reported as a seat the rule moves.
    let sl = method("sainte-lague");
    let weights = [5, 0, 3, 1, 1];
    let rules = [rule("balanced", Rule::BalancedDelegations)];
    let outcome = engine(&weights, 6, &sl, &rules).unwrap();
    assert!(outcome.tie.is_some(), "{:?}", outcome.seats);
    for b in &outcome.binding {
        assert_eq!(b.seats_moved, 0, "{b:?}");
    }
    let alone = foundation_seats(&weights, 6, &sl, &Bounds::none(5));
    assert_eq!(outcome.method_alone, Some(alone));
}

#[test]
fn a_gender_rules_effect_counts_the_women_required() {
    // D'Hondt, 10 seats over 41, 29, 19, 11: priorities 41, 29, 20.5, 19,
    // 14.5, 13.67, 11, 10.25, 9.67, 9.5 win, so 4, 3, 2, 1 (next: 8.2).
    // Balanced delegations allow 2, 1–2, 1, 0–1 women: 4–6 in all.
    let dhondt = method("dhondt");
    let weights = [41, 29, 19, 11];
    let six = rule("six women", Rule::WomenAtLeast(WomenTarget::Count(6)));
    let balanced = rule("balanced", Rule::BalancedDelegations);
    let outcome = engine(&weights, 10, &dhondt, &[six.clone(), balanced.clone()]).unwrap();
    assert_eq!(outcome.seats, vec![4, 3, 2, 1]);
    // Six women need every delegation at its most.
    let women: Vec<(u64, u64)> = outcome
        .women
        .as_ref()
        .unwrap()
        .iter()
        .map(|w| (w.at_least, w.at_most))
        .collect();
    assert_eq!(women, vec![(2, 2), (2, 2), (1, 1), (1, 1)]);
    // Without balance, the six women are still required (the effect used
    // to say "from 0–10"); balance caps them at 6.
    let b = binding(&outcome, "balanced");
    assert_eq!(b.seats_moved, 0);
    assert_eq!(b.effect.as_deref(), Some("women's seats go from 6–10 to 6"));
    let w = binding(&outcome, "six women");
    assert_eq!(w.effect.as_deref(), Some("women's seats go from 4–6 to 6"));
    // At least 0 women decides nothing and does not bind (it used to
    // "decide which delegations must include women").
    let zero = rule("no women needed", Rule::WomenAtLeast(WomenTarget::Count(0)));
    let outcome = engine(&weights, 10, &dhondt, &[zero]).unwrap();
    assert!(outcome.binding.is_empty(), "{:?}", outcome.binding);
    // Half the seats, alone: no delegation must include a woman, but five
    // must sit (the effect used to say it decides which delegations).
    let half = rule("half", Rule::WomenAtLeast(WomenTarget::Count(5)));
    let outcome = engine(&weights, 10, &dhondt, &[half]).unwrap();
    assert_eq!(
        binding(&outcome, "half").effect.as_deref(),
        Some("women's seats go from 0–10 to 5–10")
    );
}

#[test]
fn women_members_do_not_make_balanced_delegations_impossible() {
    // Sainte-Laguë, 10 seats over 500, 300, 200 members: 5, 3, 2. Women
    // members 100, 150, 90 (340 of 1,000): the method's share of the house
    // for women is 3 (priorities 660, 340, 220, 132, 113.3, 94.3, 73.3, 68,
    // 60, 50.8: women 340, 113.3, 68). Balanced delegations of 5, 3 and 2
    // need at least 2 + 1 + 1 = 4 women. The engine used to fix the women
    // at the method's 3 and call balance alone impossible ("each of them
    // can hold once one of the others is dropped"); the women's total now
    // is the method's share kept within what the rules allow: 4.
    let sl = method("sainte-lague");
    let rules = [rule("balanced", Rule::BalancedDelegations)];
    let outcome =
        engine_with_women(&[500, 300, 200], Some(&[100, 150, 90]), 10, &sl, &rules).unwrap();
    assert_eq!(outcome.seats, vec![5, 3, 2]);
    assert!(outcome.biproportional);
    assert_eq!(outcome.women_required, Some(4));
    assert_eq!(women(&outcome), vec![(2, 2), (1, 1), (1, 1)]);
    // A woman in every delegation of two seats or more, with few women
    // members: used to move a seat so that fewer delegations needed one.
    let rules = [
        rule(
            "two each",
            Rule::AtLeast {
                scope: Scope::Each,
                seats: 2,
            },
        ),
        rule("a woman each", Rule::WomanInEveryDelegation),
    ];
    let outcome = engine_with_women(&[50, 30, 20], Some(&[5, 3, 2]), 6, &sl, &rules).unwrap();
    assert_eq!(outcome.seats, vec![2, 2, 2]);
    assert_eq!(women(&outcome), vec![(1, 1), (1, 1), (1, 1)]);
}
