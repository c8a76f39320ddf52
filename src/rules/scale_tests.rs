//! The fast paths of the rules engine at scale (issue 13) against the
//! slower code they replace, kept here as oracles, on small problems:
//!
//! - [`MoveCheck::admits`] against [`Compiled::admits`] on the moved
//!   allocation;
//! - [`moves`] and [`first_better_move`] against the plain all-pairs
//!   listing they replaced;
//! - [`threshold_ties`] against the search by programs: the same answer
//!   and the same complete set of ties;
//! - [`program::feasible`] against the full program's verdict, and
//!   [`explain::conflict`] against [`explain::conflict_by_solving`]: the
//!   same rules named, with the same text;
//! - a solve started from the answer at the size below (as `threshold`
//!   and `sweep` start each size) against the solve from nothing: the
//!   same tied allocations, equally complete.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use proptest::prelude::*;

use super::exact::{first_better_move, moves, MoveCheck, Priced, Worths};
use super::program::{full_range, search, Limits};
use super::ties::{by_programs, threshold_ties, Found};
use super::{
    explain, outcome, program, seats_with, Compiled, NamedRule, Rule, RulesProblem, Scope,
};
use crate::method::Method;
use crate::number::Decimal;
use crate::rule::WomenTarget;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

struct Owned {
    names: Vec<String>,
    weights: Vec<Decimal>,
    house: u64,
    method: Method,
    rules: Vec<NamedRule>,
}

impl Owned {
    fn new(weights: &[u64], house: u64, method: usize, rules: Vec<NamedRule>) -> Owned {
        let all = Method::standard();
        Owned {
            names: (0..weights.len()).map(|i| format!("R{i}")).collect(),
            weights: weights.iter().map(|&w| Decimal::from_u64(w)).collect(),
            house,
            method: all[method % all.len()].clone(),
            rules,
        }
    }

    fn problem(&self) -> RulesProblem<'_> {
        RulesProblem {
            names: &self.names,
            weights: &self.weights,
            women_weights: None,
            house: self.house,
            method: &self.method,
            rules: &self.rules,
        }
    }
}

/// One rule from a pick: `kind` chooses the rule, `mask` its regions, `a`
/// and `b` its numbers (taken modulo what makes sense).
type Pick = (u8, u8, u64, u64);

fn members(n: usize, mask: u8) -> Vec<usize> {
    let m: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).collect();
    if m.is_empty() {
        vec![usize::from(mask) % n]
    } else {
        m
    }
}

/// Rules with numbers anywhere in the house's range (often binding, often
/// in conflict).
fn free_rules(n: usize, house: u64, picks: &[Pick]) -> Vec<NamedRule> {
    picks
        .iter()
        .enumerate()
        .map(|(k, &(kind, mask, a, b))| {
            let region = Scope::Region(usize::from(mask) % n);
            let r = match kind % 9 {
                0 => Rule::Group {
                    regions: members(n, mask),
                    at_least: Some(a % (house + 1)),
                    at_most: None,
                },
                1 => Rule::Group {
                    regions: members(n, mask),
                    at_least: None,
                    at_most: Some(b % (house + 1)),
                },
                2 => Rule::Group {
                    regions: members(n, mask),
                    at_least: Some(a % (house + 1)),
                    at_most: Some(a % (house + 1) + b % 4),
                },
                3 => Rule::WomenAtLeast(WomenTarget::Count(a % (house + 1))),
                4 => Rule::BalancedDelegations,
                5 => Rule::WomanInEveryDelegation,
                6 => Rule::AtLeast {
                    scope: region,
                    seats: a % 4,
                },
                7 => Rule::AtMost {
                    scope: region,
                    seats: b % 6,
                },
                _ => Rule::Base {
                    scope: region,
                    seats: a % 3,
                },
            };
            NamedRule::new(format!("rule {}", k + 1), r)
        })
        .collect()
}

/// Rules built around `seats` (bounds at or near its own totals), so that
/// it often keeps them and single moves are often blocked.
fn rules_around(seats: &[u64], picks: &[Pick]) -> Vec<NamedRule> {
    let n = seats.len();
    picks
        .iter()
        .enumerate()
        .map(|(k, &(kind, mask, a, b))| {
            let i = usize::from(mask) % n;
            let group = members(n, mask);
            let held: u64 = group.iter().map(|&g| seats[g]).sum();
            let half_up: u64 = seats.iter().map(|s| s.div_ceil(2)).sum();
            let r = match kind % 7 {
                0 => Rule::Group {
                    regions: group,
                    at_least: Some(held.saturating_sub(a % 2)),
                    at_most: None,
                },
                1 => Rule::Group {
                    regions: group,
                    at_least: None,
                    at_most: Some(held + b % 2),
                },
                2 => Rule::WomenAtLeast(WomenTarget::Count(half_up.saturating_sub(a % 2))),
                3 => Rule::BalancedDelegations,
                4 => Rule::WomanInEveryDelegation,
                5 => Rule::AtLeast {
                    scope: Scope::Region(i),
                    seats: seats[i].saturating_sub(a % 2),
                },
                _ => Rule::AtMost {
                    scope: Scope::Region(i),
                    seats: seats[i] + b % 2,
                },
            };
            NamedRule::new(format!("rule {}", k + 1), r)
        })
        .collect()
}

fn compiled(problem: &RulesProblem<'_>, worths: &Worths) -> Compiled {
    let active = vec![true; problem.rules.len()];
    let mut c = Compiled::new(problem, &active).expect("valid rules");
    worths.settle_bounds(&mut c);
    c
}

/// `moves` as it was: every pair tried, each checked on the whole moved
/// allocation.
fn all_pairs(
    problem: &RulesProblem<'_>,
    priced: &Priced<'_>,
    compiled: &Compiled,
    seats: &[u64],
) -> Vec<(usize, usize, Ordering)> {
    let n = seats.len();
    let mut out = Vec::new();
    let mut trial = seats.to_vec();
    for from in 0..n {
        if seats[from] <= compiled.floor[from] {
            continue;
        }
        let loss = priced.exact(from, seats[from] - 1 - compiled.base[from]);
        for to in 0..n {
            if to == from || seats[to] >= compiled.cap[to] {
                continue;
            }
            let gain = priced.exact(to, seats[to] - compiled.base[to]);
            let better = gain.cmp(&loss);
            if better == Ordering::Less {
                continue;
            }
            trial[from] -= 1;
            trial[to] += 1;
            if compiled.admits(&trial, problem.house) {
                out.push((from, to, better));
            }
            trial[from] += 1;
            trial[to] -= 1;
        }
    }
    out
}

fn allocation() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(0u64..6, 2..=5).prop_filter("a house", |s| s.iter().sum::<u64>() > 0)
}

fn picks() -> impl Strategy<Value = Vec<Pick>> {
    prop::collection::vec((any::<u8>(), any::<u8>(), 0u64..40, 0u64..40), 0..4)
}

proptest! {
    #![proptest_config(config(256))]

    /// The incremental check of one move says what the whole check of the
    /// moved allocation says, whether or not the allocation itself keeps
    /// the rules.
    #[test]
    fn move_check_agrees_with_the_whole_check(
        seats in allocation(),
        weights in prop::collection::vec(0u64..20, 5),
        method in 0usize..12,
        around in any::<bool>(),
        picks in picks(),
    ) {
        let n = seats.len();
        let house: u64 = seats.iter().sum();
        let rules = if around { rules_around(&seats, &picks) } else { free_rules(n, house, &picks) };
        // The engine refuses all-zero weights before it prices a seat.
        prop_assume!(weights[..n].iter().any(|&w| w > 0));
        let owned = Owned::new(&weights[..n], house, method, rules);
        let problem = owned.problem();
        let worths = Worths::new(&problem).expect("worths");
        let c = compiled(&problem, &worths);
        let check = MoveCheck::new(&c, &seats, house);
        for from in 0..n {
            for to in (0..n).filter(|&to| to != from) {
                let whole = seats[from] > 0 && {
                    let mut moved = seats.clone();
                    moved[from] -= 1;
                    moved[to] += 1;
                    c.admits(&moved, house)
                };
                prop_assert_eq!(check.admits(from, to), whole, "{:?} {} -> {}", seats, from, to);
            }
        }
    }

    /// `moves` lists what the all-pairs listing lists, in the same order,
    /// and `first_better_move` is the first strictly better among them.
    #[test]
    fn moves_agree_with_all_pairs(
        seats in allocation(),
        weights in prop::collection::vec(0u64..20, 5),
        method in 0usize..12,
        around in any::<bool>(),
        picks in picks(),
    ) {
        let n = seats.len();
        let house: u64 = seats.iter().sum();
        let rules = if around { rules_around(&seats, &picks) } else { free_rules(n, house, &picks) };
        // The engine refuses all-zero weights before it prices a seat.
        prop_assume!(weights[..n].iter().any(|&w| w > 0));
        let owned = Owned::new(&weights[..n], house, method, rules);
        let problem = owned.problem();
        let worths = Worths::new(&problem).expect("worths");
        let c = compiled(&problem, &worths);
        // Both are only ever asked about allocations within the floors
        // (the program's variables start there).
        prop_assume!(seats.iter().zip(&c.floor).all(|(s, f)| s >= f));
        let priced = worths.priced(&c.base);
        let expected = all_pairs(&problem, &priced, &c, &seats);
        let got: Vec<(usize, usize, Ordering)> = moves(&problem, &priced, &c, &seats)
            .into_iter()
            .map(|m| (m.from, m.to, m.better))
            .collect();
        prop_assert_eq!(&got, &expected);
        let first = expected
            .iter()
            .find(|m| m.2 == Ordering::Greater)
            .map(|m| (m.0, m.1));
        prop_assert_eq!(first_better_move(&problem, &priced, &c, &seats), first);
    }

    /// Starting the walk from the answer one size down (grown by a seat)
    /// changes where the search starts, not what it finds: every tied
    /// allocation, and whether the list is complete, are as without it.
    #[test]
    fn a_start_from_the_size_below_finds_the_same_allocations(
        weights in prop::collection::vec(0u64..30, 2..=5),
        house in 2u64..=14,
        method in 0usize..12,
        picks in picks(),
    ) {
        let n = weights.len();
        prop_assume!(weights.iter().any(|&w| w > 0));
        let rules = free_rules(n, house, &picks);
        let below = Owned::new(&weights, house - 1, method, rules.clone());
        let Ok(before) = outcome(&below.problem(), false, None) else {
            return Ok(());
        };
        let at = Owned::new(&weights, house, method, rules);
        let plain = outcome(&at.problem(), false, None);
        let near = outcome(&at.problem(), false, Some(&before.seats));
        let tied = |o: &super::RulesOutcome| {
            let mut all: BTreeSet<Vec<u64>> = o.alternatives.iter().cloned().collect();
            all.insert(o.seats.clone());
            (all, o.alternatives_complete)
        };
        match (plain, near) {
            (Ok(plain), Ok(near)) => prop_assert_eq!(tied(&plain), tied(&near)),
            (Err(plain), Err(near)) => prop_assert_eq!(plain.to_string(), near.to_string()),
            (plain, near) => prop_assert!(false, "{:?} against {:?}", plain.map(|o| o.seats), near.map(|o| o.seats)),
        }
    }

    /// Where the enumeration at the threshold settles the tie, the search
    /// by programs (the whole range: these problems are small) finds the
    /// same answer and the same complete set of ties.
    #[test]
    fn threshold_ties_agree_with_the_programs(
        weights in prop::collection::vec(prop::sample::select(vec![0u64, 1, 2, 3, 4, 6]), 2..=5),
        house in 1u64..=12,
        method in 0usize..12,
        picks in picks(),
    ) {
        let n = weights.len();
        prop_assume!(weights.iter().any(|&w| w > 0));
        let owned = Owned::new(&weights, house, method, free_rules(n, house, &picks));
        let problem = owned.problem();
        let worths = Worths::new(&problem).expect("worths");
        let all = vec![true; problem.rules.len()];
        let Ok(Some((c, seats))) = seats_with(&problem, &worths, &all, None) else {
            return Ok(());
        };
        let priced = worths.priced(&c.base);
        let Some(fast) = threshold_ties(&problem, &priced, &c, &seats) else {
            return Ok(());
        };
        let range = full_range(&problem, &c).expect("a range");
        prop_assert!(range.steps() <= super::ties::FULL_RANGE_STEPS);
        let slow = by_programs(&problem, &worths, &c, &range, seats.clone()).expect("search");
        prop_assert_eq!(&fast.seats, &slow.seats, "the same answer");
        let set = |v: &[Vec<u64>]| v.iter().cloned().collect::<BTreeSet<_>>();
        prop_assert_eq!(set(&fast.alternatives), set(&slow.alternatives));
        prop_assert_eq!(fast.alternatives.len(), set(&fast.alternatives).len(), "no duplicates");
        prop_assert!(fast.complete && slow.complete);
    }

    /// The small program's verdict on whether the rules can hold is the
    /// full program's, and the conflict found with it names the same
    /// rules, in the same words, as the deletion filter by whole solves.
    #[test]
    fn feasibility_and_conflict_agree_with_solving(
        weights in prop::collection::vec(0u64..20, 2..=5),
        house in 1u64..=12,
        method in 0usize..12,
        picks in prop::collection::vec((any::<u8>(), any::<u8>(), 0u64..40, 0u64..40), 1..5),
    ) {
        let n = weights.len();
        prop_assume!(weights.iter().any(|&w| w > 0));
        let owned = Owned::new(&weights, house, method, free_rules(n, house, &picks));
        let problem = owned.problem();
        let worths = Worths::new(&problem).expect("worths");
        let c = compiled(&problem, &worths);
        let full = match full_range(&problem, &c) {
            Some(range) => search(&problem, &worths, &c, &range, None, &Limits::default(), &mut 2)
                .expect("the full program")
                .is_some(),
            None => false,
        };
        prop_assert_eq!(program::feasible(&problem, &c).expect("feasible"), full);
        let all = vec![true; problem.rules.len()];
        if seats_with(&problem, &worths, &all, None).expect("solves").is_none() {
            prop_assert!(!full);
            prop_assert_eq!(
                explain::conflict(&problem, &worths),
                explain::conflict_by_solving(&problem, &worths)
            );
        }
    }
}

/// The answer with all `owned`'s rules in force, its tie listed at the
/// threshold, and the same tie searched by the programs.
fn at_the_threshold_and_by_programs(owned: &Owned) -> (Vec<u64>, Found, Found) {
    let problem = owned.problem();
    let worths = Worths::new(&problem).expect("worths");
    let active = vec![true; problem.rules.len()];
    let (c, seats) = seats_with(&problem, &worths, &active, None)
        .expect("solves")
        .expect("feasible");
    let priced = worths.priced(&c.base);
    let fast = threshold_ties(&problem, &priced, &c, &seats).expect("settled at the threshold");
    let range = full_range(&problem, &c).expect("a range");
    let slow = by_programs(&problem, &worths, &c, &range, seats.clone()).expect("search");
    (seats, fast, slow)
}

fn set(v: &[Vec<u64>]) -> BTreeSet<Vec<u64>> {
    v.iter().cloned().collect()
}

/// Four equal regions, 6 seats, a group holding two of them to at most 3:
/// the method alone gives 2 + 2 + 1 + 1 in any order, the group allows
/// all but the two where the group holds 4, and the enumeration at the
/// threshold lists exactly what the programs list.
#[test]
fn threshold_ties_list_a_tie_the_rules_cut() {
    let rules = vec![NamedRule::new(
        "pair",
        Rule::Group {
            regions: vec![0, 1],
            at_least: None,
            at_most: Some(3),
        },
    )];
    let owned = Owned::new(&[5, 5, 5, 5], 6, 0, rules);
    let (_, fast, slow) = at_the_threshold_and_by_programs(&owned);
    // C(4, 2) = 6 ways to give the two extra seats, less the one that
    // gives both to the pair: 5, the answer and 4 alternatives.
    assert_eq!(fast.alternatives.len(), 4);
    assert!(fast.complete);
    assert_eq!(set(&fast.alternatives), set(&slow.alternatives));
}

/// Every seat worth something is held and the rest go to regions without
/// weight (a cap keeps the one region with weight out): those seats may
/// land anywhere among them, many in one region. The enumeration at the
/// threshold lists all C(6 + 3, 3) = 84 ways, as the programs do (found
/// by the fuzzer: the programs took 4 s on 16 seats).
#[test]
fn threshold_ties_share_worthless_seats_every_way() {
    let rules = vec![
        NamedRule::new(
            "none for R0",
            Rule::AtMost {
                scope: Scope::Region(0),
                seats: 0,
            },
        ),
        NamedRule::new("women", Rule::WomenAtLeast(WomenTarget::Count(0))),
    ];
    let owned = Owned::new(&[1, 0, 0, 0, 0], 6, 0, rules);
    let (_, fast, slow) = at_the_threshold_and_by_programs(&owned);
    assert_eq!(fast.alternatives.len(), 83);
    assert!(fast.complete);
    assert_eq!(set(&fast.alternatives).len(), 83, "no duplicates");
    assert_eq!(set(&fast.alternatives), set(&slow.alternatives));
}

/// A group of one region is that region's bound: R0 is held at 2 seats
/// by a group, and the other 4 seats, worth nothing, may go to the three
/// regions without weight in any of C(4 + 2, 2) = 15 ways. The
/// enumeration at the threshold settles it, as for a maximum (found by
/// the fuzzer: with a group of one region the programs searched each of
/// 714 ways in turn, 2.4 s in release).
#[test]
fn a_group_of_one_region_bounds_it_for_the_threshold_ties() {
    let rules = vec![
        NamedRule::new(
            "R0 alone",
            Rule::Group {
                regions: vec![0],
                at_least: Some(2),
                at_most: Some(2),
            },
        ),
        NamedRule::new("women", Rule::WomenAtLeast(WomenTarget::Count(1))),
    ];
    let owned = Owned::new(&[1, 0, 0, 0], 6, 0, rules);
    let (seats, fast, slow) = at_the_threshold_and_by_programs(&owned);
    assert_eq!(seats[0], 2);
    assert_eq!(fast.alternatives.len(), 14);
    assert!(fast.complete);
    assert_eq!(set(&fast.alternatives), set(&slow.alternatives));
}
