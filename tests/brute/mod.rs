//! An independent brute force for the rules engine's tests: every
//! allocation of a small house listed, the rules read directly from their
//! definitions and the method's objective computed from its textbook
//! definition in exact rationals. It shares no code with the engine.
#![allow(dead_code)]

use std::collections::BTreeSet;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::rules::{
    optimum, solve, NamedRule, Rounding, Rule, RulesError, RulesProblem, Scope, WomenTarget,
};
use seatshare::solve::SolveError;

/// A seat's worth under a method, from its textbook definition: v / d(t)
/// (squared for Huntington–Hill) for divisor methods, q − t for quota
/// methods; `None` for a first seat owed by d(0) = 0.
pub fn textbook_worth(
    id: &str,
    v: &BigRational,
    t: u64,
    quota: &BigRational,
) -> Option<BigRational> {
    let k = int(t);
    let divisor = |d: BigRational| {
        if d.is_zero() {
            None
        } else {
            Some(v / d)
        }
    };
    match id {
        "dhondt" => divisor(k + int(1)),
        "sainte-lague" => divisor(k + ratio(1, 2)),
        "modified-sainte-lague" if t == 0 => divisor(ratio(7, 10)),
        "modified-sainte-lague" => divisor(k + ratio(1, 2)),
        "danish" => divisor(k + ratio(1, 3)),
        "imperiali" => divisor(k + int(2)),
        "adams" => divisor(k),
        "dean" => divisor(int(2) * &k * (&k + int(1)) / (int(2) * &k + int(1))),
        "huntington-hill" => {
            let d = &k * (&k + int(1));
            if d.is_zero() {
                None
            } else {
                Some(v * v / d)
            }
        }
        _ => Some(v / quota - k),
    }
}

pub fn textbook_quota(id: &str, total: &BigRational, seats: u64) -> BigRational {
    let s = int(seats);
    match id {
        "hamilton" => total / s,
        "droop" => (total / (s + int(1))).floor() + int(1),
        "hagenbach-bischoff" => total / (s + int(1)),
        "imperiali-quota" => total / (s + int(2)),
        _ => int(1),
    }
}

pub fn int(n: u64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

pub fn ratio(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

/// Every allocation of `house` seats over `n` regions.
pub fn every_allocation(n: usize, house: u64) -> Vec<Vec<u64>> {
    if n == 1 {
        return vec![vec![house]];
    }
    let mut out = Vec::new();
    for first in 0..=house {
        for mut rest in every_allocation(n - 1, house - first) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

/// The rules read directly: per-region floor, cap and base, groups, and
/// the gender rules' need for room (with no women members, a woman in
/// every delegation always fits; balance caps a delegation's women at
/// ⌈s/2⌉).
pub fn keeps(rules: &[NamedRule], seats: &[u64], house: u64) -> bool {
    let n = seats.len();
    let scope = |s: &Scope| -> Vec<usize> {
        match s {
            Scope::Each => (0..n).collect(),
            Scope::Region(i) => vec![*i],
        }
    };
    let balanced = rules
        .iter()
        .any(|r| matches!(r.rule, Rule::BalancedDelegations));
    let room: u64 = seats
        .iter()
        .map(|&s| if balanced { s.div_ceil(2) } else { s })
        .sum();
    rules.iter().all(|r| match &r.rule {
        Rule::AtLeast { scope: s, seats: k } | Rule::Base { scope: s, seats: k } => {
            scope(s).iter().all(|&i| seats[i] >= *k)
        }
        Rule::AtMost { scope: s, seats: k } => scope(s).iter().all(|&i| seats[i] <= *k),
        Rule::Exactly { scope: s, seats: k } => scope(s).iter().all(|&i| seats[i] == *k),
        Rule::Group {
            regions,
            at_least,
            at_most,
        } => {
            let t: u64 = regions.iter().map(|&i| seats[i]).sum();
            at_least.is_none_or(|a| t >= a) && at_most.is_none_or(|b| t <= b)
        }
        Rule::WomenAtLeast(target) => room >= target.seats(house),
        Rule::BalancedDelegations | Rule::WomanInEveryDelegation => true,
    })
}

/// An allocation's objective: fewer seats worth nothing first, then the
/// product of the divisor worths (or the sum of the quota worths), owed
/// first seats left out; `None` if an owed first seat is missing.
pub fn objective(
    id: &str,
    weights: &[BigRational],
    base: &[u64],
    caps: &[u64],
    seats: &[u64],
    house: u64,
) -> Option<(i64, BigRational)> {
    let quota_method = matches!(
        id,
        "hamilton" | "droop" | "hagenbach-bischoff" | "imperiali-quota"
    );
    let total: BigRational = weights.iter().sum();
    let free = house - base.iter().sum::<u64>();
    let quota = textbook_quota(id, &total, free.max(1));
    let mut zeros = 0i64;
    let mut value = if quota_method { int(0) } else { int(1) };
    for i in 0..seats.len() {
        if seats[i] < base[i] {
            return None;
        }
        let owed = !quota_method
            && textbook_worth(id, &weights[i], 0, &quota).is_none()
            && !weights[i].is_zero()
            && caps[i] > base[i];
        if owed && seats[i] == base[i] {
            return None;
        }
        for t in 0..seats[i] - base[i] {
            match textbook_worth(id, &weights[i], t, &quota) {
                None => {} // owed, or 0/0 for a region without weight
                Some(w) if quota_method => value += w,
                Some(w) if w.is_zero() => zeros += 1,
                Some(w) => value *= w,
            }
        }
        if !quota_method && weights[i].is_zero() && seats[i] > base[i] {
            // v/d(0) with d(0) = 0 and v = 0 is a seat worth nothing too.
            if textbook_worth(id, &int(1), 0, &quota).is_none() {
                zeros += 1;
            }
        }
    }
    Some((-zeros, value))
}

/// The best allocations under the rules (empty if none keeps them).
pub fn best_allocations(
    id: &str,
    weights: &[u64],
    house: u64,
    rules: &[NamedRule],
) -> Vec<Vec<u64>> {
    let n = weights.len();
    let v: Vec<BigRational> = weights.iter().map(|&w| int(w)).collect();
    let (base, caps) = base_and_caps(n, house, rules);
    if base.iter().sum::<u64>() > house {
        return Vec::new();
    }
    let mut best: Vec<Vec<u64>> = Vec::new();
    let mut best_value: Option<(i64, BigRational)> = None;
    for seats in every_allocation(n, house) {
        if !keeps(rules, &seats, house) {
            continue;
        }
        let Some(value) = objective(id, &v, &base, &caps, &seats, house) else {
            continue;
        };
        match best_value.as_ref().map(|b| value.cmp(b)) {
            None | Some(std::cmp::Ordering::Greater) => {
                best_value = Some(value);
                best = vec![seats];
            }
            Some(std::cmp::Ordering::Equal) => best.push(seats),
            Some(std::cmp::Ordering::Less) => {}
        }
    }
    best
}

/// Each region's base seats and cap under the rules (for the objective).
pub fn base_and_caps(n: usize, house: u64, rules: &[NamedRule]) -> (Vec<u64>, Vec<u64>) {
    let mut base = vec![0; n];
    let mut caps = vec![house; n];
    for r in rules {
        let each = |s: &Scope| -> Vec<usize> {
            match s {
                Scope::Each => (0..n).collect(),
                Scope::Region(i) => vec![*i],
            }
        };
        match &r.rule {
            Rule::Base { scope, seats } => each(scope)
                .iter()
                .for_each(|&i| base[i] = base[i].max(*seats)),
            Rule::AtMost { scope, seats } | Rule::Exactly { scope, seats } => each(scope)
                .iter()
                .for_each(|&i| caps[i] = caps[i].min(*seats)),
            _ => {}
        }
    }
    (base, caps)
}

// ------------------------------------------- random rules and the check

/// One rule from a random pick `(kind, amount, members)`: gender rules
/// and groups most often, then per-region bounds and base seats.
pub fn pick_rule(n: usize, house: u64, (kind, amount, members): (u8, u64, u8)) -> Rule {
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

/// One rule per pick, named `rule 0`, `rule 1`, ….
pub fn rules_of(n: usize, house: u64, picks: &[(u8, u64, u8)]) -> Vec<NamedRule> {
    picks
        .iter()
        .enumerate()
        .map(|(k, &p)| NamedRule::new(format!("rule {k}"), pick_rule(n, house, p)))
        .collect()
}

/// Fails with `$($msg)*` unless `$cond`.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)*) => {
        if !$cond {
            return Err(format!($($msg)*));
        }
    };
}

/// Checks the rules engine on one method against the brute force: the same
/// optimum objective (exactly), the same set of tied allocations (the one
/// shown and its alternatives, proven complete), the tie's gainers and
/// losers read off that set, "impossible" exactly when no allocation keeps
/// the rules, and `optimum` giving the same answer as `solve`. With women
/// members the region seats are checked the same way.
pub fn check_engine(
    m: &Method,
    weights: &[u64],
    women: Option<&[u64]>,
    house: u64,
    rules: &[NamedRule],
) -> Result<(), String> {
    let id = m.id();
    let n = weights.len();
    let names: Vec<String> = (0..n).map(|i| format!("R{i}")).collect();
    let dec = |w: &[u64]| -> Vec<Decimal> { w.iter().map(|&x| Decimal::from_u64(x)).collect() };
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
        ensure!(
            matches!(
                got,
                Err(RulesError::Infeasible { .. })
                    | Err(RulesError::Solve(SolveError::FirstSeatsExceedHouse { .. }))
            ),
            "{id}: no allocation keeps the rules, but the engine gives {:?}",
            got.map(|o| o.seats)
        );
        ensure!(
            fast.as_ref().err() == got.as_ref().err(),
            "{id}: optimum and solve disagree: {:?} against {:?}",
            fast.map(|o| o.seats),
            got.map(|o| o.seats)
        );
        return Ok(());
    }
    let got = got.map_err(|e| format!("{id}: {e}"))?;
    let fast = fast.map_err(|e| format!("{id}: {e}"))?;
    // The same optimum objective, exactly.
    let v: Vec<BigRational> = weights
        .iter()
        .map(|&x| BigRational::from_integer(BigInt::from(x)))
        .collect();
    let (base, caps) = base_and_caps(n, house, rules);
    let value = |s: &[u64]| objective(&id, &v, &base, &caps, s, house);
    ensure!(
        keeps(rules, &got.seats, house),
        "{id}: rules broken by {:?}",
        got.seats
    );
    ensure!(
        value(&got.seats) == value(&best[0]),
        "{id}: {:?} against the best {:?}",
        &got.seats,
        &best
    );
    // The same set of tied allocations, proven complete.
    let expected: BTreeSet<Vec<u64>> = best.iter().cloned().collect();
    let mut every: BTreeSet<Vec<u64>> = got.alternatives.iter().cloned().collect();
    ensure!(
        every.len() == got.alternatives.len(),
        "{id}: duplicates in {:?}",
        got.alternatives
    );
    every.insert(got.seats.clone());
    ensure!(got.alternatives_complete, "{id}: incomplete tie search");
    ensure!(
        every == expected,
        "{id}: the tie: engine {:?}, brute force {:?}",
        every,
        expected
    );
    ensure!(
        got.tie.is_some() == (expected.len() > 1),
        "{id}: tie {:?} but {} best allocations",
        got.tie,
        expected.len()
    );
    if let Some(tie) = &got.tie {
        for i in 0..n {
            let gains = best.iter().any(|b| b[i] > got.seats[i]);
            let loses = best.iter().any(|b| b[i] < got.seats[i]);
            ensure!(
                tie.could_gain.contains(&i) == gains,
                "{id}: region {i} could gain: {gains}, tie {tie:?}"
            );
            ensure!(
                tie.could_lose.contains(&i) == loses,
                "{id}: region {i} could lose: {loses}, tie {tie:?}"
            );
        }
    }
    // `optimum` is the same answer without the prices.
    ensure!(fast.seats == got.seats, "{id}: optimum {:?}", fast.seats);
    ensure!(fast.women == got.women, "{id}: optimum's women differ");
    ensure!(fast.tie == got.tie, "{id}: optimum's tie {:?}", fast.tie);
    ensure!(
        fast.alternatives == got.alternatives,
        "{id}: optimum's alternatives {:?}",
        fast.alternatives
    );
    ensure!(
        fast.alternatives_complete == got.alternatives_complete,
        "{id}: optimum's search complete: {}",
        fast.alternatives_complete
    );
    Ok(())
}
