//! Property tests: what every apportionment must satisfy, on random inputs.
//!
//! Seats are also checked against an independent oracle: the priorities of
//! each method are recomputed here from their textbook definitions with
//! `BigRational`, and the allocation must be the highest priorities within
//! the bounds, with a tie reported exactly when the boundary is shared by
//! two different regions.

mod common;

use std::cmp::Ordering;
use std::collections::BTreeSet;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::collection::vec;
use proptest::prelude::*;

use common::{int_weights, outcomes, weight};
use seatshare::allocation::Allocation;
use seatshare::method::{Method, QuotaMethod};
use seatshare::number::Decimal;
use seatshare::solve::{apportion, sweep_divisor, Bounds, Problem, SolveError, TieBreak};

// ------------------------------------------------------------ the oracle

/// A method's definition, written out independently of the crate.
#[derive(Debug, Clone)]
enum Oracle {
    /// Priority v / d(k) with d(k) = k + r (`first` replaces d(0)).
    Stationary {
        r: BigRational,
        first: Option<BigRational>,
    },
    /// d(k) = 2k(k+1)/(2k+1).
    Dean,
    /// d(k) = √(k(k+1)); compared as squares.
    HuntingtonHill,
    /// Priority v/Q − k.
    Quota(QuotaMethod),
}

fn rat(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

fn int(n: u64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

/// A seat priority; `Infinite` is the first seat when d(0) = 0.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Finite(BigRational),
    Infinite,
}

impl Oracle {
    fn for_method(method: &Method) -> Oracle {
        let id = method.id();
        let stationary = |r: BigRational| Oracle::Stationary { r, first: None };
        match id.as_str() {
            "dhondt" => stationary(int(1)),
            "sainte-lague" => stationary(rat(1, 2)),
            "modified-sainte-lague" => Oracle::Stationary {
                r: rat(1, 2),
                first: Some(rat(7, 10)),
            },
            "danish" => stationary(rat(1, 3)),
            "imperiali" => stationary(int(2)),
            "adams" => stationary(int(0)),
            "dean" => Oracle::Dean,
            "huntington-hill" => Oracle::HuntingtonHill,
            "hamilton" => Oracle::Quota(QuotaMethod::Hamilton),
            "droop" => Oracle::Quota(QuotaMethod::Droop),
            "hagenbach-bischoff" => Oracle::Quota(QuotaMethod::HagenbachBischoff),
            "imperiali-quota" => Oracle::Quota(QuotaMethod::ImperialiQuota),
            "stationary:0" => stationary(int(0)),
            "stationary:0.3" => stationary(rat(3, 10)),
            "stationary:1/3" => stationary(rat(1, 3)),
            "stationary:1" => stationary(int(1)),
            other => panic!("no oracle for method {other}; add its definition here"),
        }
    }

    fn owes_first_seat(&self) -> bool {
        match self {
            Oracle::Stationary { r, first } => first.as_ref().unwrap_or(r).is_zero(),
            Oracle::Dean | Oracle::HuntingtonHill => true,
            Oracle::Quota(_) => false,
        }
    }

    /// The quota Q for quota methods (textbook formulas).
    fn quota(&self, total: &BigRational, house: u64) -> Option<BigRational> {
        let s = int(house);
        match self {
            Oracle::Quota(QuotaMethod::Hamilton) => Some(total / s),
            Oracle::Quota(QuotaMethod::Droop) => {
                Some((total / (s + int(1))).floor() + BigRational::one())
            }
            Oracle::Quota(QuotaMethod::HagenbachBischoff) => Some(total / (s + int(1))),
            Oracle::Quota(QuotaMethod::ImperialiQuota) => Some(total / (s + int(2))),
            _ => None,
        }
    }

    /// The priority of the (k+1)-th seat of a region of weight `v`.
    fn key(&self, v: &BigRational, k: u64, quota: Option<&BigRational>) -> Key {
        let over = |d: BigRational, v: BigRational| {
            if v.is_zero() {
                Key::Finite(BigRational::zero())
            } else if d.is_zero() {
                Key::Infinite
            } else {
                Key::Finite(v / d)
            }
        };
        let k_r = int(k);
        match self {
            Oracle::Stationary { r, first } => {
                let d = match (k, first) {
                    (0, Some(f)) => f.clone(),
                    _ => &k_r + r,
                };
                over(d, v.clone())
            }
            Oracle::Dean => over(
                int(2) * &k_r * (&k_r + int(1)) / (int(2) * &k_r + int(1)),
                v.clone(),
            ),
            Oracle::HuntingtonHill => over(&k_r * (&k_r + int(1)), v * v),
            Oracle::Quota(_) => Key::Finite(v / quota.expect("quota") - k_r),
        }
    }
}

/// Every standard method plus a few stationary ones, with their oracles.
fn methods() -> Vec<(Method, Oracle)> {
    let mut all = Method::standard();
    for extra in [
        "stationary:0",
        "stationary:0.3",
        "stationary:1/3",
        "stationary:1",
    ] {
        all.push(Method::parse(extra).unwrap());
    }
    assert!(all.len() >= 16);
    all.into_iter()
        .map(|m| {
            let o = Oracle::for_method(&m);
            (m, o)
        })
        .collect()
}

fn divisor_methods() -> Vec<(Method, Oracle)> {
    methods()
        .into_iter()
        .filter(|(m, _)| m.is_divisor())
        .collect()
}

fn is_droop(method: &Method) -> bool {
    method.id() == "droop"
}

// --------------------------------------------------------------- helpers

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("R{i}")).collect()
}

fn dec(texts: &[String]) -> Vec<Decimal> {
    texts.iter().map(|t| Decimal::parse(t).unwrap()).collect()
}

fn int_texts(weights: &[u64]) -> Vec<String> {
    weights.iter().map(u64::to_string).collect()
}

fn solve_with(
    weights: &[Decimal],
    house: u64,
    method: &Method,
    bounds: &Bounds,
    tie_break: TieBreak,
) -> Result<Allocation, SolveError> {
    let names = names(weights.len());
    apportion(&Problem {
        names: &names,
        weights,
        house,
        method,
        bounds,
        tie_break,
    })
}

fn solve(weights: &[Decimal], house: u64, method: &Method) -> Result<Allocation, SolveError> {
    solve_with(
        weights,
        house,
        method,
        &Bounds::none(weights.len()),
        TieBreak::Report,
    )
}

/// Each region's seats owed before the method competes: its minimum, or
/// its first seat under a d(0) = 0 method.
fn floors(weights: &[BigRational], oracle: &Oracle, bounds: &Bounds) -> Vec<u64> {
    (0..weights.len())
        .map(|i| {
            let owed =
                oracle.owes_first_seat() && !weights[i].is_zero() && bounds.max[i] != Some(0);
            bounds.min[i].max(u64::from(owed))
        })
        .collect()
}

/// The boundary of an allocation: the next seat of every region below its
/// maximum, and the last seat of every region above its floor.
type Boundary = (Vec<(usize, Key)>, Vec<(usize, Key)>);

fn boundary(
    seats: &[u64],
    v: &[BigRational],
    quota: Option<&BigRational>,
    oracle: &Oracle,
    floor: &[u64],
    bounds: &Bounds,
) -> Boundary {
    let n = seats.len();
    let gain = (0..n)
        .filter(|&i| bounds.max[i].is_none_or(|m| seats[i] < m))
        .map(|i| (i, oracle.key(&v[i], seats[i], quota)))
        .collect();
    let lose = (0..n)
        .filter(|&i| seats[i] > floor[i])
        .map(|i| (i, oracle.key(&v[i], seats[i] - 1, quota)))
        .collect();
    (gain, lose)
}

/// The allocation is the highest priorities within the bounds; a tie is
/// reported exactly when two different regions share the boundary, and
/// every outcome the tie allows is itself a valid allocation.
fn check_oracle(
    allocation: &Allocation,
    weights: &[Decimal],
    house: u64,
    oracle: &Oracle,
    bounds: &Bounds,
) -> Result<(), TestCaseError> {
    let v: Vec<BigRational> = weights.iter().map(Decimal::to_rational).collect();
    let total: BigRational = v.iter().sum();
    let quota = oracle.quota(&total, house);
    let floor = floors(&v, oracle, bounds);
    // Every valid outcome: the right total, within bounds, and no seat left
    // out outranks a seat let in.
    for outcome in outcomes(allocation) {
        prop_assert_eq!(outcome.iter().sum::<u64>(), house, "outcome {:?}", outcome);
        for (i, &s) in outcome.iter().enumerate() {
            prop_assert!(
                s >= floor[i] && bounds.max[i].is_none_or(|m| s <= m),
                "outcome {:?} breaks a bound of region {}",
                outcome,
                i
            );
        }
        let (gain, lose) = boundary(&outcome, &v, quota.as_ref(), oracle, &floor, bounds);
        let best_out = gain.iter().map(|(_, k)| k).max();
        let worst_in = lose.iter().map(|(_, k)| k).min();
        if let (Some(best_out), Some(worst_in)) = (best_out, worst_in) {
            prop_assert!(
                best_out <= worst_in,
                "a seat left out outranks a seat let in: {:?} > {:?} (outcome {:?} of {:?}, tie {:?})",
                best_out,
                worst_in,
                outcome,
                allocation.seats(),
                allocation.tie
            );
        }
    }
    let seats = allocation.seats();
    let (gain, lose) = boundary(&seats, &v, quota.as_ref(), oracle, &floor, bounds);
    let best_out = gain.iter().map(|(_, k)| k).max();
    let worst_in = lose.iter().map(|(_, k)| k).min();
    let (Some(best_out), Some(worst_in)) = (best_out, worst_in) else {
        prop_assert!(allocation.tie.is_none(), "tie without a boundary");
        return Ok(());
    };
    // Regions at the boundary: those that could take a seat at the level of
    // the worst seat let in, and those holding a seat at the level of the
    // best seat left out (both empty unless the two levels are equal).
    let g: BTreeSet<usize> = gain
        .iter()
        .filter(|(_, k)| k == worst_in)
        .map(|(i, _)| *i)
        .collect();
    let l: BTreeSet<usize> = lose
        .iter()
        .filter(|(_, k)| k == best_out)
        .map(|(i, _)| *i)
        .collect();
    // A seat moving from a region to itself changes nothing: a tie needs two
    // different regions.
    let tied = g.iter().any(|i| l.iter().any(|j| i != j));
    prop_assert_eq!(
        allocation.tie.is_some(),
        tied,
        "tie reported {:?}; boundary gainers {:?}, losers {:?}, seats {:?}",
        allocation.tie,
        g,
        l,
        seats
    );
    if let Some(tie) = &allocation.tie {
        let could_gain: BTreeSet<usize> = tie.could_gain.iter().copied().collect();
        let could_lose: BTreeSet<usize> = tie.could_lose.iter().copied().collect();
        prop_assert_eq!(
            could_gain.len(),
            tie.could_gain.len(),
            "duplicates in {:?}",
            tie
        );
        prop_assert_eq!(
            could_lose.len(),
            tie.could_lose.len(),
            "duplicates in {:?}",
            tie
        );
        prop_assert!(
            could_gain.is_disjoint(&could_lose),
            "a region both gains and loses: {:?}",
            tie
        );
        prop_assert!(
            could_gain.is_subset(&g),
            "{:?}: gainers not within {:?}",
            tie,
            g
        );
        prop_assert!(
            could_lose.is_subset(&l),
            "{:?}: losers not within {:?}",
            tie,
            l
        );
        let union: BTreeSet<usize> = could_gain.union(&could_lose).copied().collect();
        let boundary: BTreeSet<usize> = g.union(&l).copied().collect();
        prop_assert_eq!(union, boundary, "{:?}", tie);
        prop_assert!(
            !could_gain.is_empty() && !could_lose.is_empty(),
            "{:?}",
            tie
        );
        prop_assert_eq!(tie.seats_in_tie as usize, could_lose.len());
    }
    Ok(())
}

/// What a d(0) = 0 method needs before anything else.
fn first_seats(weights: &[Decimal]) -> u64 {
    weights.iter().filter(|w| !w.is_zero()).count() as u64
}

// ------------------------------------------------------------ strategies

/// Weights drawn from a few small values (and their multiples of 1000), so
/// that equal weights and tied seats are common.
fn tie_prone_weights() -> impl Strategy<Value = Vec<u64>> {
    vec(
        prop_oneof![Just(0u64), 1u64..=6, (1u64..=6).prop_map(|x| x * 1000)],
        1..=12,
    )
    .prop_map(|mut w| {
        if w.iter().all(|&x| x == 0) {
            w[0] = 1;
        }
        w
    })
}

/// Either kind of integer weights.
fn weights() -> impl Strategy<Value = Vec<u64>> {
    prop_oneof![int_weights(1..=12), tie_prone_weights()]
}

/// Decimal weights as text, such as `123.45` or `0.7`, at least one positive.
fn decimal_texts() -> impl Strategy<Value = Vec<String>> {
    vec((0u64..=10_000_000, 0u32..=3), 1..=12).prop_map(|mut w| {
        if w.iter().all(|&(x, _)| x == 0) {
            w[0].0 = 1;
        }
        w.into_iter()
            .map(|(x, places)| {
                if places == 0 {
                    return x.to_string();
                }
                let unit = 10u64.pow(places);
                format!("{}.{:0width$}", x / unit, x % unit, width = places as usize)
            })
            .collect()
    })
}

/// Moderate case counts keep the suite fast; set `PROPTEST_CASES` for a
/// deeper run.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

// ------------------------------------------------------------ properties

/// Seats sum to the house (or a d(0) = 0 method refuses a house too small
/// for its first seats), and the seats are the ones the method defines.
fn check_sum(texts: &[String], house: u64) -> Result<(), TestCaseError> {
    let weights = dec(texts);
    for (method, oracle) in methods() {
        let result = solve(&weights, house, &method);
        let owed = first_seats(&weights);
        if oracle.owes_first_seat() && owed > house {
            match result {
                Err(SolveError::FirstSeatsExceedHouse {
                    regions,
                    needed,
                    house: h,
                    ..
                }) => {
                    prop_assert_eq!(regions as u64, owed);
                    prop_assert_eq!(needed, u128::from(owed));
                    prop_assert_eq!(h, house);
                }
                other => prop_assert!(
                    false,
                    "{}: expected FirstSeatsExceedHouse, got {:?}",
                    method,
                    other
                ),
            }
            continue;
        }
        let allocation = result.map_err(|e| TestCaseError::fail(format!("{method}: {e}")))?;
        let seats = allocation.seats();
        prop_assert_eq!(seats.iter().sum::<u64>(), house, "{}: {:?}", method, seats);
        prop_assert_eq!(allocation.house, house);
        // Droop's quota ⌊V/(S+1)⌋+1 is taken in the units given, so when V is
        // small next to the house (V ≤ S(S+1)) the quotients sum to less than
        // S, seats go down to remainders of 0 and below, and a region without
        // weight (remainder 0) can win one. Above that the quotients sum to
        // more than S and every seat has a positive priority.
        let total: BigRational = weights.iter().map(Decimal::to_rational).sum();
        let zero_gets_none = !is_droop(&method) || total > int(house * (house + 1));
        for (w, s) in weights.iter().zip(&seats) {
            if w.is_zero() && zero_gets_none {
                prop_assert_eq!(*s, 0, "{}: a region without weight got seats", method);
            } else if oracle.owes_first_seat() {
                prop_assert!(*s >= 1, "{}: first seat missing", method);
            }
        }
        prop_assert!(allocation.draw.is_none());
        check_oracle(
            &allocation,
            &weights,
            house,
            &oracle,
            &Bounds::none(weights.len()),
        )
        .map_err(|e| TestCaseError::fail(format!("{method}: {e}")))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn seats_sum_to_the_house(weights in weights(), house in 1u64..=200) {
        check_sum(&int_texts(&weights), house)?;
    }

    #[test]
    fn seats_sum_to_the_house_with_decimal_weights(texts in decimal_texts(), house in 1u64..=200) {
        check_sum(&texts, house)?;
    }

    #[test]
    fn large_houses_follow_the_method(weights in weights(), house in 200u64..=20_000) {
        // Beyond the sizes above, where the solvers start from a jump
        // rather than from the floors.
        check_sum(&int_texts(&weights), house)?;
    }

    #[test]
    fn permuting_regions_permutes_the_result(
        (weights, order) in weights().prop_flat_map(|w| {
            let n = w.len();
            (Just(w), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        }),
        house in 1u64..=200,
    ) {
        // order[k] is the original index of the k-th permuted region.
        let original = dec(&int_texts(&weights));
        let permuted: Vec<Decimal> = order.iter().map(|&i| original[i].clone()).collect();
        for (method, _) in methods() {
            let a = solve(&original, house, &method);
            let b = solve(&permuted, house, &method);
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.tie.is_some(), b.tie.is_some(), "{}: tie {:?} vs {:?}", method, a.tie, b.tie);
                    let back: BTreeSet<Vec<u64>> = outcomes(&b)
                        .into_iter()
                        .map(|s| {
                            let mut un = vec![0; s.len()];
                            for (k, &i) in order.iter().enumerate() {
                                un[i] = s[k];
                            }
                            un
                        })
                        .collect();
                    prop_assert_eq!(outcomes(&a), back, "{}", method);
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b, "{}", method),
                (a, b) => prop_assert!(false, "{}: {:?} vs {:?}", method, a.map(|x| x.seats()), b.map(|x| x.seats())),
            }
        }
    }

    #[test]
    fn scaling_weights_leaves_seats_unchanged(
        weights in weights(),
        factor in 2u64..=1000,
        zeros in 1usize..=4,
        house in 1u64..=200,
    ) {
        let original = dec(&int_texts(&weights));
        let scaled = dec(&weights.iter().map(|w| (w * factor).to_string()).collect::<Vec<_>>());
        let padded = dec(&weights.iter().map(|w| format!("{w}.{}", "0".repeat(zeros))).collect::<Vec<_>>());
        for (method, _) in methods() {
            let a = solve(&original, house, &method).map(|x| (x.seats(), x.tie.is_some()));
            // Same values written with more decimals: every method.
            let p = solve(&padded, house, &method).map(|x| (x.seats(), x.tie.is_some()));
            prop_assert_eq!(&a, &p, "{} with {} extra zeros", method, zeros);
            // Droop's quota ⌊V/(S+1)⌋+1 is defined on V in the units given,
            // so multiplying the weights changes it by design: the method is
            // not scale-invariant (see its definition in method.rs).
            if !is_droop(&method) {
                let s = solve(&scaled, house, &method).map(|x| (x.seats(), x.tie.is_some()));
                prop_assert_eq!(&a, &s, "{} scaled by {}", method, factor);
            }
        }
    }

    #[test]
    fn decimal_weights_equal_their_integer_scaling(texts in decimal_texts(), house in 1u64..=200) {
        // Dropping the decimal point (after padding to a common number of
        // places) multiplies every weight by the same power of ten.
        let places = texts.iter().map(|t| t.split_once('.').map_or(0, |(_, f)| f.len())).max().unwrap();
        let ints: Vec<String> = texts
            .iter()
            .map(|t| {
                let (i, f) = t.split_once('.').unwrap_or((t.as_str(), ""));
                let digits = format!("{i}{f}{}", "0".repeat(places - f.len()));
                let trimmed = digits.trim_start_matches('0');
                if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() }
            })
            .collect();
        let a_w = dec(&texts);
        let b_w = dec(&ints);
        for (method, _) in methods() {
            if is_droop(&method) && places > 0 {
                continue; // not scale-invariant by definition, see above
            }
            let a = solve(&a_w, house, &method).map(|x| (x.seats(), x.tie.is_some()));
            let b = solve(&b_w, house, &method).map(|x| (x.seats(), x.tie.is_some()));
            prop_assert_eq!(a, b, "{}: {:?} vs {:?}", method, texts, ints);
        }
    }

    #[test]
    fn hamilton_stays_within_quota(weights in weights(), house in 1u64..=200) {
        let method = Method::parse("hamilton").unwrap();
        let allocation = solve(&dec(&int_texts(&weights)), house, &method).unwrap();
        let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        for outcome in outcomes(&allocation) {
            for (i, &w) in weights.iter().enumerate() {
                let num = u128::from(house) * u128::from(w);
                let floor = num / total;
                let ceil = floor + u128::from(num % total != 0);
                let s = u128::from(outcome[i]);
                prop_assert!(floor <= s && s <= ceil, "region {}: {} seats, quota {}/{}", i, s, num, total);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn divisor_methods_are_house_monotone(weights in weights(), top in 2u64..=120) {
        let weights = dec(&int_texts(&weights));
        for (method, _) in divisor_methods() {
            let mut previous: Option<Allocation> = None;
            for house in 1..=top {
                let current = solve(&weights, house, &method).ok();
                if let (Some(p), Some(c)) = (&previous, &current) {
                    if p.tie.is_none() && c.tie.is_none() {
                        let (ps, cs) = (p.seats(), c.seats());
                        prop_assert!(
                            ps.iter().zip(&cs).all(|(a, b)| b >= a),
                            "{}: {:?} at {} then {:?} at {}", method, ps, house - 1, cs, house
                        );
                    } else {
                        // With a tie at either size, some valid outcome at
                        // h+1 still contains some valid outcome at h.
                        let ok = outcomes(p).iter().any(|a| {
                            outcomes(c).iter().any(|b| a.iter().zip(b).all(|(x, y)| y >= x))
                        });
                        prop_assert!(ok, "{}: no monotone pair at {}", method, house);
                    }
                }
                previous = current;
            }
        }
    }

    #[test]
    fn sweep_matches_apportion_at_every_size(weights in weights(), top in 1u64..=120) {
        let weights = dec(&int_texts(&weights));
        let names = names(weights.len());
        let bounds = Bounds::none(weights.len());
        for (method, oracle) in divisor_methods() {
            let Method::Divisor(divisor) = &method else { unreachable!() };
            let sweep = sweep_divisor(&names, &weights, divisor, &bounds, 1, top);
            let owed = if oracle.owes_first_seat() { first_seats(&weights) } else { 0 };
            if owed > top {
                let refused = matches!(sweep, Err(SolveError::FirstSeatsExceedHouse { .. }));
                prop_assert!(refused, "{}: {:?}", method, sweep.map(|s| s.steps.len()));
                continue;
            }
            let sweep = sweep.map_err(|e| TestCaseError::fail(format!("{method}: {e}")))?;
            let houses: Vec<u64> = sweep.steps.iter().map(|s| s.house).collect();
            let expected: Vec<u64> = (owed.max(1)..=top).collect();
            prop_assert_eq!(houses, expected, "{}", method);
            for step in &sweep.steps {
                let allocation = solve(&weights, step.house, &method).unwrap();
                prop_assert_eq!(step.tied, allocation.tie.is_some(), "{} at {}", method, step.house);
                if allocation.tie.is_none() {
                    prop_assert_eq!(&step.seats, &allocation.seats(), "{} at {}", method, step.house);
                } else {
                    prop_assert!(outcomes(&allocation).contains(&step.seats), "{} at {}", method, step.house);
                }
            }
        }
    }
}

// ---------------------------------------------------------- restrictions

/// Random per-region bounds that can hold together: min ≤ max and
/// Σmin ≤ house ≤ Σmax.
fn consistent_bounds() -> impl Strategy<Value = (Vec<u64>, u64, Bounds)> {
    weights()
        .prop_flat_map(|w| {
            let n = w.len();
            (
                Just(w),
                vec((0u64..=6, proptest::option::weighted(0.75, 0u64..=25)), n),
                0u64..=200,
            )
        })
        .prop_map(|(w, raw, offset)| {
            let n = w.len();
            let mut bounds = Bounds::none(n);
            for (i, (min, extra)) in raw.into_iter().enumerate() {
                bounds.min[i] = min;
                bounds.max[i] = extra.map(|e| min + e);
            }
            let low: u64 = bounds.min.iter().sum();
            let mut house = low + offset;
            if bounds.max.iter().all(Option::is_some) {
                let high: u64 = bounds.max.iter().flatten().sum();
                house = low + offset % (high - low + 1);
            }
            if house == 0 {
                // Give the house a seat and some region room for it.
                house = 1;
                if bounds.max[0] == Some(0) {
                    bounds.max[0] = Some(1);
                }
            }
            (w, house, bounds)
        })
}

/// The error the solver must give for these bounds, checked in its order,
/// or `None` when the bounds can hold.
fn expected_error(
    weights: &[Decimal],
    house: u64,
    method: &Method,
    oracle: &Oracle,
    bounds: &Bounds,
) -> Option<SolveError> {
    let n = weights.len();
    for i in 0..n {
        if let Some(max) = bounds.max[i] {
            if bounds.min[i] > max {
                return Some(SolveError::MinAboveMax {
                    region: format!("R{i}"),
                    min: bounds.min[i],
                    max,
                });
            }
        }
    }
    let needed: u64 = bounds.min.iter().sum();
    if needed > house {
        return Some(SolveError::MinimumsExceedHouse {
            detail: String::new(),
            needed: needed.into(),
            house,
        });
    }
    if bounds.max.iter().all(Option::is_some) {
        let allowed: u64 = bounds.max.iter().flatten().sum();
        if allowed < house {
            return Some(SolveError::MaximumsBelowHouse {
                detail: String::new(),
                allowed: allowed.into(),
                house,
            });
        }
    }
    if oracle.owes_first_seat() {
        let v: Vec<BigRational> = weights.iter().map(Decimal::to_rational).collect();
        let floor = floors(&v, oracle, bounds);
        let needed: u64 = floor.iter().sum();
        if needed > house {
            let regions = (0..n)
                .filter(|&i| !v[i].is_zero() && bounds.max[i] != Some(0))
                .count();
            return Some(SolveError::FirstSeatsExceedHouse {
                method: method.id(),
                regions,
                needed: needed.into(),
                house,
            });
        }
    }
    None
}

/// The result agrees with [`expected_error`]; an allocation keeps every
/// bound and is the method's within them.
fn check_bounds(weights: &[Decimal], house: u64, bounds: &Bounds) -> Result<usize, TestCaseError> {
    let mut solved = 0;
    for (method, oracle) in methods() {
        let result = solve_with(weights, house, &method, bounds, TieBreak::Report);
        match (
            expected_error(weights, house, &method, &oracle, bounds),
            result,
        ) {
            // Refused when regions without weight could split the seats
            // left in more ways than a tie lists (the differential test
            // checks exactly when): every region with weight is then at
            // its maximum, and two or more without weight share 2+ seats.
            (None, Err(SolveError::WeightlessSplit { seats, .. })) => {
                prop_assert!(method.is_divisor(), "{}", method);
                prop_assert!(seats >= 2);
                // House = the weighted regions' maximums + the floors of
                // those without weight + the seats left to them.
                let held: u64 = (0..weights.len())
                    .map(|i| {
                        if weights[i].is_zero() {
                            bounds.min[i].max(bounds.base[i])
                        } else {
                            bounds.max[i].unwrap_or(u64::MAX)
                        }
                    })
                    .fold(0u64, u64::saturating_add);
                prop_assert_eq!(held.saturating_add(seats), house, "{}", method);
            }
            (None, Ok(allocation)) => {
                let seats = allocation.seats();
                prop_assert_eq!(seats.iter().sum::<u64>(), house, "{}", method);
                for (i, &s) in seats.iter().enumerate() {
                    prop_assert!(
                        s >= bounds.min[i],
                        "{}: region {} below its minimum",
                        method,
                        i
                    );
                    prop_assert!(
                        bounds.max[i].is_none_or(|m| s <= m),
                        "{}: region {} above its maximum",
                        method,
                        i
                    );
                }
                check_oracle(&allocation, weights, house, &oracle, bounds)
                    .map_err(|e| TestCaseError::fail(format!("{method}: {e}")))?;
                solved += 1;
            }
            (Some(expected), Err(got)) => {
                // Compare the variant and its numbers; the wording of
                // `detail` is the solver's.
                let same = match (&expected, &got) {
                    (
                        SolveError::MinimumsExceedHouse {
                            needed: a,
                            house: b,
                            ..
                        },
                        SolveError::MinimumsExceedHouse {
                            needed: c,
                            house: d,
                            ..
                        },
                    ) => a == c && b == d,
                    (
                        SolveError::MaximumsBelowHouse {
                            allowed: a,
                            house: b,
                            ..
                        },
                        SolveError::MaximumsBelowHouse {
                            allowed: c,
                            house: d,
                            ..
                        },
                    ) => a == c && b == d,
                    _ => expected == got,
                };
                prop_assert!(same, "{}: expected {:?}, got {:?}", method, expected, got);
            }
            (expected, got) => {
                prop_assert!(
                    false,
                    "{}: expected {:?}, got {:?}",
                    method,
                    expected,
                    got.map(|a| a.seats())
                );
            }
        }
    }
    Ok(solved)
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn restrictions_are_honoured((weights, house, bounds) in consistent_bounds()) {
        let weights = dec(&int_texts(&weights));
        check_bounds(&weights, house, &bounds)?;
    }

    #[test]
    fn inconsistent_bounds_give_the_right_error(
        (weights, raw) in weights().prop_flat_map(|w| {
            let n = w.len();
            (Just(w), vec((0u64..=8, proptest::option::weighted(0.85, -1i64..=8)), n))
        }),
        pick in 0usize..=6,
        raw_house in 1u64..=60,
    ) {
        let weights = dec(&int_texts(&weights));
        let mut bounds = Bounds::none(weights.len());
        for (i, (min, delta)) in raw.into_iter().enumerate() {
            // delta −1 puts the maximum below the minimum (or at 0 when the
            // minimum is 0).
            bounds.min[i] = min;
            bounds.max[i] = delta.map(|d| min.saturating_add_signed(d));
        }
        // Houses at and next to the minimums' and maximums' totals, where
        // an off-by-one in a check would show.
        let low: u64 = bounds.min.iter().sum();
        let high: Option<u64> = bounds.max.iter().copied().sum();
        let house = match (pick, high) {
            (1, _) => low,
            (2, _) => low + 1,
            (3, _) => low.saturating_sub(1),
            (4, Some(h)) => h,
            (5, Some(h)) => h + 1,
            (6, Some(h)) => h.saturating_sub(1),
            _ => raw_house,
        }
        .max(1);
        check_bounds(&weights, house, &bounds)?;
    }

    #[test]
    fn equal_weights_split_an_odd_house_as_a_tie(w in 1u64..=10_000_000, half in 1u64..=99) {
        // Two equal regions cannot split an odd house evenly, so every
        // method must report the last seat as tied between them.
        let house = 2 * half + 1;
        let weights = dec(&int_texts(&[w, w]));
        for (method, _) in methods() {
            let allocation = solve(&weights, house, &method).unwrap();
            let tie = allocation.tie.as_ref();
            prop_assert!(tie.is_some(), "{}: {:?}", method, allocation.seats());
            let tie = tie.unwrap();
            let mut both = [tie.could_gain.clone(), tie.could_lose.clone()].concat();
            both.sort_unstable();
            prop_assert_eq!(both, vec![0, 1], "{}", method);
            prop_assert_eq!(tie.seats_in_tie, 1);
            prop_assert_eq!(outcomes(&allocation), BTreeSet::from([vec![half + 1, half], vec![half, half + 1]]));
        }
    }

    #[test]
    fn equal_weights_differ_only_in_a_tie(
        w in 1u64..=1000,
        others in vec(weight(), 0..=8),
        pair in (0usize..=9, 0usize..=9),
        house in 1u64..=120,
    ) {
        // Two regions of weight w at positions a ≠ b, the others around them.
        let n = others.len() + 2;
        let (a, b) = (pair.0 % n, pair.1 % n);
        prop_assume!(a != b);
        let mut rest = others.into_iter();
        let weights: Vec<u64> = (0..n)
            .map(|i| if i == a || i == b { w } else { rest.next().unwrap() })
            .collect();
        let weights = dec(&int_texts(&weights));
        for (method, _) in methods() {
            let Ok(allocation) = solve(&weights, house, &method) else { continue };
            let seats = allocation.seats();
            if seats[a] != seats[b] {
                let tie = allocation.tie.as_ref();
                prop_assert!(tie.is_some(), "{}: equal weights, {} vs {} seats and no tie", method, seats[a], seats[b]);
                let tie = tie.unwrap();
                let all: BTreeSet<usize> = tie.could_gain.iter().chain(&tie.could_lose).copied().collect();
                prop_assert!(all.contains(&a) && all.contains(&b), "{}: {:?}", method, tie);
                prop_assert!(seats[a].abs_diff(seats[b]) == 1);
                // Swapping the pair is another valid outcome.
                let mut swapped = seats.clone();
                swapped.swap(a, b);
                prop_assert!(outcomes(&allocation).contains(&swapped), "{}", method);
            }
        }
    }

    #[test]
    fn lot_is_deterministic_and_draws_among_the_tied(
        weights in tie_prone_weights(),
        house in 1u64..=60,
        seed in any::<u64>(),
        with_bounds in any::<bool>(),
        caps in vec(proptest::option::weighted(0.5, 0u64..=4), 12),
    ) {
        let weights = dec(&int_texts(&weights));
        let n = weights.len();
        let mut bounds = Bounds::none(n);
        if with_bounds {
            bounds.max = caps[..n].to_vec();
        }
        for (method, _) in methods() {
            let Ok(reported) = solve_with(&weights, house, &method, &bounds, TieBreak::Report) else { continue };
            let lot = TieBreak::Lot { seed };
            let first = solve_with(&weights, house, &method, &bounds, lot).unwrap();
            let second = solve_with(&weights, house, &method, &bounds, lot).unwrap();
            prop_assert_eq!(first.seats(), second.seats(), "{}: same seed, other seats", method);
            prop_assert_eq!(&first.draw, &second.draw);
            prop_assert_eq!(first.seats().iter().sum::<u64>(), house, "{}: {:?}", method, first.draw);
            prop_assert_eq!(&first.tie, &reported.tie);
            match (&reported.tie, &first.draw) {
                (None, None) => prop_assert_eq!(first.seats(), reported.seats()),
                (Some(tie), Some(draw)) => {
                    prop_assert_eq!(draw.seed, seed);
                    let mut candidates: Vec<usize> = tie.could_gain.iter().chain(&tie.could_lose).copied().collect();
                    candidates.sort_unstable();
                    prop_assert_eq!(&draw.candidates, &candidates);
                    prop_assert_eq!(draw.winners.len() as u64, tie.seats_in_tie);
                    prop_assert!(draw.winners.iter().all(|w| candidates.contains(w)), "{:?}", draw);
                    // The drawn allocation is one of the valid ones, and the
                    // winners are exactly the tied regions holding a seat.
                    prop_assert!(outcomes(&reported).contains(&first.seats()), "{}: {:?}", method, draw);
                    let base = reported.seats();
                    for &i in &candidates {
                        let lost = u64::from(tie.could_lose.contains(&i));
                        let won = u64::from(draw.winners.contains(&i));
                        prop_assert_eq!(first.seats()[i], base[i] - lost + won, "{}: region {}", method, i);
                    }
                }
                (tie, draw) => prop_assert!(false, "{}: tie {:?} but draw {:?}", method, tie, draw),
            }
            for (i, &s) in first.seats().iter().enumerate() {
                prop_assert!(bounds.max[i].is_none_or(|m| s <= m), "{}: region {} above its maximum", method, i);
            }
        }
    }
}

#[test]
fn oracle_covers_every_standard_method() {
    // A method added to `standard()` without a definition here fails.
    for method in Method::standard() {
        let _ = Oracle::for_method(&method);
    }
    assert_eq!(Key::Infinite.cmp(&Key::Finite(int(5))), Ordering::Greater);
}

#[test]
fn each_bound_error_is_reached_by_hand() {
    // The generated cases above compare against `expected_error`; these fix
    // one example of each variant so that none goes untested by chance.
    let weights = dec(&int_texts(&[5, 3, 0]));
    let dhondt = Method::parse("dhondt").unwrap();
    let adams = Method::parse("adams").unwrap();
    let run = |method: &Method, house: u64, min: [u64; 3], max: [Option<u64>; 3]| {
        let mut bounds = Bounds::none(3);
        bounds.min = min.to_vec();
        bounds.max = max.to_vec();
        let oracle = Oracle::for_method(method);
        let expected = expected_error(&weights, house, method, &oracle, &bounds);
        let got = solve_with(&weights, house, method, &bounds, TieBreak::Report);
        (expected, got.map(|a| a.seats()))
    };
    let (e, g) = run(&dhondt, 5, [0, 3, 0], [None, Some(2), None]);
    assert_eq!(
        e,
        Some(SolveError::MinAboveMax {
            region: "R1".into(),
            min: 3,
            max: 2
        })
    );
    assert_eq!(g, Err(e.unwrap()));
    let (e, g) = run(&dhondt, 5, [3, 2, 1], [None; 3]);
    assert!(matches!(
        e,
        Some(SolveError::MinimumsExceedHouse {
            needed: 6,
            house: 5,
            ..
        })
    ));
    assert!(matches!(
        g,
        Err(SolveError::MinimumsExceedHouse {
            needed: 6,
            house: 5,
            ..
        })
    ));
    let (e, g) = run(&dhondt, 5, [0; 3], [Some(2), Some(1), Some(1)]);
    assert!(matches!(
        e,
        Some(SolveError::MaximumsBelowHouse {
            allowed: 4,
            house: 5,
            ..
        })
    ));
    assert!(matches!(
        g,
        Err(SolveError::MaximumsBelowHouse {
            allowed: 4,
            house: 5,
            ..
        })
    ));
    // Adams owes R0 and R1 a first seat; R2 has no weight and is owed none.
    let (e, g) = run(&adams, 2, [0, 0, 1], [None; 3]);
    assert_eq!(
        e,
        Some(SolveError::FirstSeatsExceedHouse {
            method: "adams".into(),
            regions: 2,
            needed: 3,
            house: 2
        })
    );
    assert_eq!(g, Err(e.unwrap()));
    // A maximum of 0 waives the first seat.
    let (e, g) = run(&adams, 2, [0, 0, 1], [None, Some(0), None]);
    assert_eq!(e, None);
    assert_eq!(g, Ok(vec![1, 0, 1]));
}

#[test]
fn a_region_without_weight_does_not_tie_with_itself() {
    // Every region with weight is at its maximum, so the region without
    // weight takes the remaining seats, all at priority 0. Its next seat is
    // worth its last one, but no other region can take it: no tie, and a
    // draw by lot must keep the seat total (it used to add a seat).
    let weights = dec(&int_texts(&[5, 0]));
    let mut bounds = Bounds::none(2);
    bounds.max[0] = Some(1);
    for method in ["dhondt", "sainte-lague", "adams", "huntington-hill"] {
        let method = Method::parse(method).unwrap();
        for tie_break in [TieBreak::Report, TieBreak::Lot { seed: 1 }] {
            let allocation = solve_with(&weights, 3, &method, &bounds, tie_break).unwrap();
            assert_eq!(allocation.seats(), vec![1, 2], "{method}");
            assert!(allocation.tie.is_none(), "{method}: {:?}", allocation.tie);
            assert!(allocation.draw.is_none());
        }
    }
    // Two regions without weight share the 2 seats left: (2, 0), (1, 1)
    // and (0, 2) are equally good, more than a tie lists, so the solve is
    // refused with the reason.
    let weights = dec(&int_texts(&[5, 0, 0]));
    let mut bounds = Bounds::none(3);
    bounds.max[0] = Some(1);
    let method = Method::parse("dhondt").unwrap();
    assert!(matches!(
        solve_with(&weights, 3, &method, &bounds, TieBreak::Report),
        Err(SolveError::WeightlessSplit { seats: 2, .. })
    ));
    // With R1 held at its maximum of 1, R2 holds the rest: R1's seat could
    // go to R2, which a tie lists.
    bounds.max[1] = Some(1);
    let allocation = solve_with(&weights, 4, &method, &bounds, TieBreak::Report).unwrap();
    assert_eq!(allocation.seats(), vec![1, 1, 2]);
    let tie = allocation.tie.clone().expect("R1's seat could go to R2");
    assert_eq!(
        (tie.could_gain, tie.could_lose, tie.seats_in_tie),
        (vec![2], vec![1], 1)
    );
    for seed in 0..20 {
        let lot = solve_with(&weights, 4, &method, &bounds, TieBreak::Lot { seed }).unwrap();
        assert_eq!(lot.seats().iter().sum::<u64>(), 4, "seed {seed}");
    }
}

/// The bounds of `consistent_bounds` and its house, scaled up to houses
/// between 10^9 and 2^60, where the jump start must do all the work.
fn huge_bounds() -> impl Strategy<Value = (Vec<u64>, u64, Bounds)> {
    (consistent_bounds(), 1u64..=(1 << 33), 0u64..=1_000_000).prop_map(
        |((w, house, mut bounds), scale, extra)| {
            let scale = scale.max(1_000_000_000 / house.max(1) + 1);
            for m in bounds.min.iter_mut() {
                *m *= scale;
            }
            for m in bounds.max.iter_mut().flatten() {
                *m *= scale;
            }
            let mut house = house * scale;
            let room = if bounds.max.iter().all(Option::is_some) {
                bounds.max.iter().flatten().sum::<u64>() - house
            } else {
                extra
            };
            house += extra.min(room);
            (w, house.min(1 << 60), bounds)
        },
    )
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn huge_houses_follow_the_method((weights, house, bounds) in huge_bounds()) {
        let weights = dec(&int_texts(&weights));
        check_bounds(&weights, house, &bounds)?;
        check_bounds(&weights, house, &Bounds::none(weights.len()))?;
    }
}

#[test]
fn the_largest_house_is_solved_and_one_more_is_refused() {
    let weights = dec(&int_texts(&[3, 2, 1]));
    for (method, oracle) in methods() {
        let house = 1u64 << 60;
        let allocation = solve(&weights, house, &method).expect("2^60 is accepted");
        check_oracle(&allocation, &weights, house, &oracle, &Bounds::none(3)).unwrap();
        assert_eq!(
            solve(&weights, house + 1, &method).map(|a| a.seats()),
            Err(SolveError::HouseTooLarge),
            "{method}"
        );
    }
}
