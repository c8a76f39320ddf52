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

use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::rules::{
    solve, NamedRule, Rule, RulesError, RulesOutcome, RulesProblem, Scope, WomenTarget,
};
use seatshare::solve::{apportion, Bounds, Problem, TieBreak};

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

fn engine(
    weights: &[u64],
    house: u64,
    method: &Method,
    rules: &[NamedRule],
) -> Result<RulesOutcome, RulesError> {
    let names = names(weights.len());
    let weights = dec(weights);
    solve(&RulesProblem {
        names: &names,
        weights: &weights,
        women_weights: None,
        house,
        method,
        rules,
    })
}

fn foundation_seats(weights: &[u64], house: u64, method: &Method, bounds: &Bounds) -> Vec<u64> {
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
    .unwrap()
    .seats()
}

fn binding<'a>(outcome: &'a RulesOutcome, name: &str) -> &'a seatshare::rules::Binding {
    outcome
        .binding
        .iter()
        .find(|b| b.rule == name)
        .unwrap_or_else(|| panic!("rule `{name}` does not bind: {:?}", outcome.binding))
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
