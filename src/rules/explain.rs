//! Why a rule set is impossible: the smallest conflicting set of rules we
//! can find, and the arithmetic that rules it out, in a sentence.
//!
//! The set comes from a deletion filter: drop each rule in turn and keep it
//! dropped if the rest still cannot hold. What is left conflicts, and
//! every rule in it is needed for the conflict (dropping any one of them
//! alone makes the rest possible).
//!
//! The sentence then gives the sum that rules the set out, naming each
//! rule's demand and the total against the house or a cap: minimums
//! against the house (`England 8 + Wales 2 + … = 14 > 13`), maximums
//! below it, a region's own minimum above its maximum, a group's minimum
//! against its members' caps or (with the other regions' minimums) the
//! house, a group's minimum inside another group's maximum, a group's
//! maximum against its members' minimums or (with the other regions'
//! caps) the house, and women against the most that balanced delegations
//! allow (`(9 + 3) / 2 = 6 women < 7`, counting how many delegations can
//! be odd under the per-region bounds). Shapes beyond these fall back to
//! listing the rules.

use super::exact::Worths;
use super::program;
use super::{list, name_of, solve_with, Compiled, Rule, RulesError, RulesProblem, Scope};
use crate::method::Method;
use crate::solve::{apportion, Bounds, Problem, SolveError, TieBreak};

/// The error for a problem whose rules cannot all hold.
///
/// The deletion filter asks only whether the rules left can hold: the
/// small program with one integer per region ([`program::feasible`]), not
/// the whole solve with its window of step variables, which had to widen
/// to the full program (about 21,750 binaries on the US data) before it
/// could prove a set infeasible, once per rule. With women members per
/// region (biproportional seats) the women's split can fail on its own,
/// so there each test is still the whole solve.
pub(crate) fn conflict(problem: &RulesProblem<'_>, worths: &Worths) -> RulesError {
    let active = deletion_filter(problem.rules.len(), |active| {
        matches!(holds(problem, worths, active), Ok(false))
    });
    explained(problem, worths, active)
}

/// Whether the `active` rules can all hold.
fn holds(problem: &RulesProblem<'_>, worths: &Worths, active: &[bool]) -> Result<bool, RulesError> {
    let mut compiled = Compiled::new(problem, active)?;
    worths.settle_bounds(&mut compiled);
    if problem.women_weights.is_some() && compiled.has_gender() {
        return Ok(solve_with(problem, worths, active, None)?.is_some());
    }
    program::feasible(problem, &compiled)
}

/// Drops each rule in turn and keeps it dropped when the rest still
/// conflict (`conflicts` true).
fn deletion_filter(count: usize, conflicts: impl Fn(&[bool]) -> bool) -> Vec<bool> {
    let mut active = vec![true; count];
    for r in 0..count {
        active[r] = false;
        if !conflicts(&active) {
            active[r] = true;
        }
    }
    active
}

/// The conflict as the engine found it before: each test of the deletion
/// filter the whole solve. Kept as the oracle of the tests below.
#[cfg(test)]
pub(crate) fn conflict_by_solving(problem: &RulesProblem<'_>, worths: &Worths) -> RulesError {
    let active = deletion_filter(problem.rules.len(), |active| {
        matches!(solve_with(problem, worths, active, None), Ok(None))
    });
    explained(problem, worths, active)
}

/// The error naming the conflicting `active` rules, with their sum.
fn explained(problem: &RulesProblem<'_>, worths: &Worths, active: Vec<bool>) -> RulesError {
    let names: Vec<String> = problem
        .rules
        .iter()
        .zip(&active)
        .filter(|(_, &on)| on)
        .map(|(r, _)| r.name.clone())
        .collect();
    if names.is_empty() {
        // No rule is to blame: the method alone has no answer (first seats
        // owed to more regions than the house has), as the foundation says.
        if let Err(e) = method_alone(problem) {
            return e.into();
        }
    }
    let explanation = match Compiled::new(problem, &active) {
        Ok(mut compiled) => {
            worths.settle_bounds(&mut compiled);
            arithmetic(problem, &active, &compiled).unwrap_or_else(|| fallback(problem, &active))
        }
        Err(e) => e.to_string(),
    };
    RulesError::Infeasible {
        explanation: format!("{explanation} (conflicting rules: {})", names.join(", ")),
        conflict: names,
    }
}

fn seats(k: impl Into<u128>) -> String {
    let k: u128 = k.into();
    if k == 1 {
        "1 seat".into()
    } else {
        format!("{k} seats")
    }
}

/// The rules in the conflict, in words.
fn described(
    problem: &RulesProblem<'_>,
    active: &[bool],
    keep: impl Fn(&Rule) -> bool,
) -> Vec<String> {
    problem
        .rules
        .iter()
        .zip(active)
        .filter(|(r, &on)| on && keep(&r.rule))
        .map(|(r, _)| describe_bound(problem, &r.rule))
        .collect()
}

/// A seat rule in words that say what it adds up to.
fn describe_bound(problem: &RulesProblem<'_>, rule: &Rule) -> String {
    let n = problem.names.len();
    match rule {
        Rule::AtLeast {
            scope: Scope::Each,
            seats: k,
        } => {
            format!("a minimum of {} for each of {n} regions", seats(*k))
        }
        Rule::Exactly {
            scope: Scope::Each,
            seats: k,
        } => {
            format!("exactly {} for each of {n} regions", seats(*k))
        }
        Rule::Base {
            scope: Scope::Each,
            seats: k,
        } => {
            format!("{} of base for each of {n} regions", seats(*k))
        }
        Rule::AtMost {
            scope: Scope::Each,
            seats: k,
        } => {
            format!("a maximum of {} for each of {n} regions", seats(*k))
        }
        other => other.describe(problem.names, problem.house),
    }
}

fn owed_text(problem: &RulesProblem<'_>) -> Option<String> {
    match problem.method {
        Method::Divisor(d) if d.owes_first_seat() => {
            let owed = problem.weights.iter().filter(|w| !w.is_zero()).count();
            Some(format!(
                "the first seat {} owes each of the {owed} regions with members",
                problem.method.id()
            ))
        }
        _ => None,
    }
}

fn method_alone(problem: &RulesProblem<'_>) -> Result<(), SolveError> {
    let bounds = Bounds::none(problem.names.len());
    apportion(&Problem {
        names: problem.names,
        weights: problem.weights,
        house: problem.house,
        method: problem.method,
        bounds: &bounds,
        tie_break: TieBreak::Report,
    })
    .map(|_| ())
}

/// The sum that rules the set out, when it is one of the common shapes.
fn arithmetic(problem: &RulesProblem<'_>, active: &[bool], c: &Compiled) -> Option<String> {
    let house = problem.house;
    let names = problem.names;
    let floor_total: u128 = c.floor.iter().map(|&f| u128::from(f)).sum();
    let lower = |r: &Rule| {
        matches!(
            r,
            Rule::AtLeast { .. } | Rule::Exactly { .. } | Rule::Base { .. }
        )
    };
    if floor_total > u128::from(house) {
        let mut parts = described(problem, active, lower);
        parts.extend(owed_text(problem));
        return Some(format!(
            "{} {} {}; the section has {house} ({} > {house})",
            list(&parts),
            if parts.len() > 1 { "need" } else { "needs" },
            seats(floor_total),
            sum_text(names, &c.floor, &(0..names.len()).collect::<Vec<_>>()),
        ));
    }
    for i in 0..names.len() {
        if c.floor[i] > c.cap[i] {
            let parts = described(problem, active, |r| bounds_region(r, i));
            return Some(format!(
                "{}: {} needs at least {} but may hold at most {} ({} > {})",
                list(&parts),
                name_of(names, i),
                seats(c.floor[i]),
                c.cap[i],
                c.floor[i],
                c.cap[i]
            ));
        }
    }
    let cap_total: u64 = c.cap.iter().sum();
    if cap_total < house {
        let parts = described(problem, active, |r| {
            matches!(r, Rule::AtMost { .. } | Rule::Exactly { .. })
        });
        return Some(format!(
            "{} allows at most {}; the section has {house} ({} < {house})",
            list(&parts),
            seats(cap_total),
            sum_text(names, &c.cap, &(0..names.len()).collect::<Vec<_>>()),
        ));
    }
    for (named, _) in problem.rules.iter().zip(active).filter(|(_, &on)| on) {
        let Rule::Group {
            regions,
            at_least,
            at_most,
        } = &named.rule
        else {
            continue;
        };
        let members = list(
            &regions
                .iter()
                .map(|&i| name_of(names, i))
                .collect::<Vec<_>>(),
        );
        let most: u64 = regions.iter().map(|&i| c.cap[i]).sum::<u64>().min(house);
        let least: u64 = regions
            .iter()
            .fold(0u64, |s, &i| s.saturating_add(c.floor[i]));
        if let Some(a) = at_least {
            if *a > most {
                let caps: Vec<u64> = regions.iter().map(|&i| c.cap[i]).collect();
                let why = if *a > house {
                    format!("the section has {house} ({a} > {house})")
                } else if caps.iter().all(|&k| k == caps[0]) && regions.len() > 1 {
                    format!(
                        "{members} are each capped at {} ({} at most together): {} < {a}",
                        seats(caps[0]),
                        most,
                        sum_text(names, &c.cap, regions)
                    )
                } else {
                    format!(
                        "their caps allow {members} at most {} together: {} < {a}",
                        seats(most),
                        sum_text(names, &c.cap, regions)
                    )
                };
                return Some(format!(
                    "{} ({members}) together need at least {}, but {why}",
                    named.name,
                    seats(*a)
                ));
            }
        }
        if let Some(b) = at_most {
            if *b < least {
                return Some(format!(
                    "{} ({members}) may hold at most {} together, but their own minimums need {}: {} > {b}",
                    named.name,
                    seats(*b),
                    seats(least),
                    sum_text(names, &c.floor, regions)
                ));
            }
        }
    }
    if let Some(text) = groups_against_the_house(problem, active, c) {
        return Some(text);
    }
    if let Some(women) = c.women {
        if women > house {
            return Some(format!(
                "at least {women} women cannot sit in a section of {house} ({women} > {house})"
            ));
        }
        if c.balanced && 2 * women > house {
            let odd = 2 * women - house;
            let why = match most_odd(c, house) {
                Some(m) if m < odd => {
                    let count = names.len() as u64;
                    let parity = if count.min(house) % 2 == house % 2 {
                        count.min(house)
                    } else {
                        count.min(house) - 1
                    };
                    let reason = if m == count {
                        format!("there are only {m} delegations")
                    } else if m == parity {
                        format!(
                            "{count} delegations sharing {house} seats can have at most {m} odd ones"
                        )
                    } else {
                        format!("the other rules allow at most {m} odd delegations")
                    };
                    format!(
                        ", and {reason}: a delegation of s seats may hold at most ⌈s/2⌉ women, so at most ({house} + {m}) / 2 = {} women < {women}",
                        (house + m) / 2
                    )
                }
                _ => ", and the other rules leave fewer".to_string(),
            };
            return Some(format!(
                "at least {women} women of {house} seats with every delegation balanced within one needs at least {odd} delegations with an odd number of seats (a balanced even delegation is half women){why}"
            ));
        }
    }
    None
}

/// Whether a per-region rule bounds region `i`.
fn bounds_region(rule: &Rule, i: usize) -> bool {
    match rule {
        Rule::AtLeast { scope, .. }
        | Rule::AtMost { scope, .. }
        | Rule::Exactly { scope, .. }
        | Rule::Base { scope, .. } => match scope {
            Scope::Each => true,
            Scope::Region(r) => *r == i,
        },
        _ => false,
    }
}

/// `Wales 2 + Scotland 2 = 4`, or `11 × 1 = 11` when many are equal; only
/// the regions with a non-zero amount (all of them if none).
fn sum_text(names: &[String], amounts: &[u64], regions: &[usize]) -> String {
    let total: u128 = regions.iter().map(|&i| u128::from(amounts[i])).sum();
    let shown: Vec<usize> = regions
        .iter()
        .copied()
        .filter(|&i| amounts[i] > 0)
        .collect();
    let shown = if shown.is_empty() {
        regions.to_vec()
    } else {
        shown
    };
    if shown.len() > 3 && shown.iter().all(|&i| amounts[i] == amounts[shown[0]]) {
        let tail = if shown.len() < regions.len() {
            format!(" ({} regions)", shown.len())
        } else {
            String::new()
        };
        return format!("{} × {}{tail} = {total}", shown.len(), amounts[shown[0]]);
    }
    let parts: Vec<String> = shown
        .iter()
        .map(|&i| format!("{} {}", name_of(names, i), amounts[i]))
        .collect();
    if parts.len() == 1 {
        parts[0].clone()
    } else {
        format!("{} = {total}", parts.join(" + "))
    }
}

/// The most delegations that can have an odd number of seats under the
/// per-region bounds (the groups left out: an upper bound), or `None` when
/// the problem is too large to count.
fn most_odd(c: &Compiled, house: u64) -> Option<u64> {
    let n = c.floor.len();
    let work = (n as u128) * (n as u128 + 1) * (house as u128 + 1) * (house as u128 + 1);
    if work > 50_000_000 {
        return None;
    }
    let h = house as usize;
    // reach[k][t]: some seats for the regions so far total t with k odd.
    let mut reach = vec![vec![false; h + 1]; n + 1];
    reach[0][0] = true;
    for i in 0..n {
        let mut next = vec![vec![false; h + 1]; n + 1];
        for (k, row) in reach.iter().enumerate().take(i + 1) {
            for (t, _) in row.iter().enumerate().filter(|(_, &r)| r) {
                for s in c.floor[i]..=c.cap[i].min(house) {
                    let total = t + s as usize;
                    if total > h {
                        break;
                    }
                    next[k + (s % 2) as usize][total] = true;
                }
            }
        }
        reach = next;
    }
    (0..=n).rev().find(|&k| reach[k][h]).map(|k| k as u64)
}

/// Groups' minimums against the house: disjoint groups that need more
/// seats, with the other regions' minimums, than the house has; or a
/// group's minimum inside a larger group's maximum; or a group's maximum
/// with the other regions' caps below the house.
fn groups_against_the_house(
    problem: &RulesProblem<'_>,
    active: &[bool],
    c: &Compiled,
) -> Option<String> {
    let names = problem.names;
    let house = problem.house;
    let n = names.len();
    let groups: Vec<(&str, &[usize], u64, Option<u64>)> = problem
        .rules
        .iter()
        .zip(active)
        .filter(|(_, &on)| on)
        .filter_map(|(r, _)| match &r.rule {
            Rule::Group {
                regions,
                at_least,
                at_most,
            } => Some((
                r.name.as_str(),
                regions.as_slice(),
                at_least.unwrap_or(0),
                *at_most,
            )),
            _ => None,
        })
        .collect();
    let members_text = |regions: &[usize]| {
        list(
            &regions
                .iter()
                .map(|&i| name_of(names, i))
                .collect::<Vec<_>>(),
        )
    };
    // A group's minimum inside another group's maximum.
    for (a_name, a_regions, a_least, _) in &groups {
        for (b_name, b_regions, _, b_most) in &groups {
            let Some(b_most) = b_most else { continue };
            if a_name == b_name || !a_regions.iter().all(|i| b_regions.contains(i)) {
                continue;
            }
            let rest: Vec<usize> = b_regions
                .iter()
                .copied()
                .filter(|i| !a_regions.contains(i))
                .collect();
            let rest_floor: u64 = rest.iter().fold(0u64, |s, &i| s.saturating_add(c.floor[i]));
            if a_least + rest_floor > *b_most {
                let plus = if rest_floor > 0 {
                    format!(
                        ", and the rest of {b_name} needs {} ({})",
                        seats(rest_floor),
                        sum_text(names, &c.floor, &rest)
                    )
                } else {
                    String::new()
                };
                return Some(format!(
                    "{a_name} ({}) needs at least {} inside {b_name} ({}), which may hold at most {}{plus}: {} > {b_most}",
                    members_text(a_regions),
                    seats(*a_least),
                    members_text(b_regions),
                    seats(*b_most),
                    a_least + rest_floor
                ));
            }
        }
    }
    // Disjoint groups' minimums and the others' floors against the house.
    let with_least: Vec<usize> = (0..groups.len()).filter(|&g| groups[g].2 > 0).collect();
    if with_least.len() <= 12 {
        let mut best: Option<(u64, Vec<usize>)> = None;
        for mask in 1u32..(1 << with_least.len()) {
            let chosen: Vec<usize> = (0..with_least.len())
                .filter(|b| mask & (1 << b) != 0)
                .map(|b| with_least[b])
                .collect();
            let mut covered = vec![false; n];
            let mut disjoint = true;
            for &g in &chosen {
                for &i in groups[g].1 {
                    disjoint &= !covered[i];
                    covered[i] = true;
                }
            }
            if !disjoint {
                continue;
            }
            let need: u64 = chosen
                .iter()
                .map(|&g| {
                    groups[g].2.max(
                        groups[g]
                            .1
                            .iter()
                            .fold(0u64, |s, &i| s.saturating_add(c.floor[i])),
                    )
                })
                .sum::<u64>()
                + (0..n)
                    .filter(|&i| !covered[i])
                    .map(|i| c.floor[i])
                    .sum::<u64>();
            if need > house && best.as_ref().is_none_or(|(_, b)| chosen.len() < b.len()) {
                best = Some((need, chosen));
            }
        }
        if let Some((need, chosen)) = best {
            let mut covered = vec![false; n];
            let mut terms = Vec::new();
            let mut phrases = Vec::new();
            for &g in &chosen {
                let (name, regions, least, _) = groups[g];
                regions.iter().for_each(|&i| covered[i] = true);
                let own: u64 = regions
                    .iter()
                    .fold(0u64, |s, &i| s.saturating_add(c.floor[i]));
                let k = least.max(own);
                terms.push(k.to_string());
                phrases.push(format!(
                    "{name} ({}) {}",
                    members_text(regions),
                    if least >= own {
                        format!("needs at least {} together", seats(k))
                    } else {
                        format!("needs {} by its members' own minimums", seats(k))
                    }
                ));
            }
            let others: Vec<usize> = (0..n).filter(|&i| !covered[i] && c.floor[i] > 0).collect();
            for &i in &others {
                terms.push(c.floor[i].to_string());
                phrases.push(format!(
                    "{} at least {}",
                    name_of(names, i),
                    seats(c.floor[i])
                ));
            }
            return Some(format!(
                "{}: {} = {} > the {house} in the section",
                list(&phrases),
                terms.join(" + "),
                seats(need)
            ));
        }
    }
    // A group's maximum and the others' caps against the house.
    for (name, regions, _, most) in &groups {
        let Some(most) = most else { continue };
        let others: Vec<usize> = (0..n).filter(|i| !regions.contains(i)).collect();
        let others_cap: u64 = others.iter().map(|&i| c.cap[i].min(house)).sum();
        if most + others_cap < house {
            let caps: Vec<u64> = c.cap.iter().map(|&k| k.min(house)).collect();
            let rest = if others.is_empty() {
                String::new()
            } else {
                format!(
                    ", and the other regions at most {} ({})",
                    seats(others_cap),
                    sum_text(names, &caps, &others)
                )
            };
            return Some(format!(
                "{name} ({}) may hold at most {} together{rest}: {} < the {house} in the section",
                members_text(regions),
                seats(*most),
                seats(most + others_cap)
            ));
        }
    }
    None
}

fn fallback(problem: &RulesProblem<'_>, active: &[bool]) -> String {
    let parts = described(problem, active, |_| true);
    format!(
        "no allocation of the {} seats meets all of: {}; each of them can hold once one of the others is dropped",
        problem.house,
        parts.join("; ")
    )
}
