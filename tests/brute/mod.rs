//! An independent brute force for the rules engine's tests: every
//! allocation of a small house listed, the rules read directly from their
//! definitions and the method's objective computed from its textbook
//! definition in exact rationals. It shares no code with the engine.
#![allow(dead_code)]

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

use seatshare::rules::{NamedRule, Rule, Scope};

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
