//! Why a rule set is impossible: the smallest conflicting set of rules we
//! can find, and the arithmetic that rules it out, in a sentence.
//!
//! The set comes from a deletion filter: drop each rule in turn and keep it
//! dropped if the rest still cannot hold. What is left conflicts, and
//! every rule in it is needed for the conflict (dropping any one of them
//! alone makes the rest possible).

use super::exact::Worths;
use super::{list, name_of, solve_with, Compiled, Rule, RulesError, RulesProblem, Scope};
use crate::method::Method;
use crate::solve::{apportion, Bounds, Problem, SolveError, TieBreak};

/// The error for a problem whose rules cannot all hold.
pub(crate) fn conflict(problem: &RulesProblem<'_>, worths: &Worths) -> RulesError {
    let mut active = vec![true; problem.rules.len()];
    for r in 0..active.len() {
        active[r] = false;
        if !matches!(solve_with(problem, worths, &active), Ok(None)) {
            active[r] = true;
        }
    }
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
            worths.owed_first_seats(&mut compiled);
            arithmetic(problem, &active, &compiled).unwrap_or_else(|| fallback(problem, &active))
        }
        Err(e) => e.to_string(),
    };
    RulesError::Infeasible {
        explanation: format!("{explanation} (conflicting rules: {})", names.join(", ")),
        conflict: names,
    }
}

fn seats(k: u64) -> String {
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
    let floor_total: u64 = c.floor.iter().sum();
    let lower = |r: &Rule| {
        matches!(
            r,
            Rule::AtLeast { .. } | Rule::Exactly { .. } | Rule::Base { .. }
        )
    };
    if floor_total > house {
        let mut parts = described(problem, active, lower);
        parts.extend(owed_text(problem));
        return Some(format!(
            "{} {} {}; the section has {house}",
            list(&parts),
            if parts.len() > 1 { "need" } else { "needs" },
            seats(floor_total)
        ));
    }
    let cap_total: u64 = c.cap.iter().sum();
    if cap_total < house {
        let parts = described(problem, active, |r| {
            matches!(r, Rule::AtMost { .. } | Rule::Exactly { .. })
        });
        return Some(format!(
            "{} allows at most {}; the section has {house}",
            list(&parts),
            seats(cap_total)
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
        let least: u64 = regions.iter().map(|&i| c.floor[i]).sum();
        if let Some(a) = at_least {
            if *a > most {
                let caps: Vec<u64> = regions.iter().map(|&i| c.cap[i]).collect();
                let why = if *a > house {
                    format!("the section has {house}")
                } else if caps.iter().all(|&k| k == caps[0]) && regions.len() > 1 {
                    format!(
                        "{members} are each capped at {} ({} at most together)",
                        seats(caps[0]),
                        most
                    )
                } else {
                    format!(
                        "their caps allow {members} at most {} together",
                        seats(most)
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
                    "{} ({members}) may hold at most {} together, but their own minimums need {}",
                    named.name,
                    seats(*b),
                    seats(least)
                ));
            }
        }
    }
    if let Some(women) = c.women {
        if women > house {
            return Some(format!(
                "at least {women} women cannot sit in a section of {house}"
            ));
        }
        if c.balanced && 2 * women > house {
            let odd = 2 * women - house;
            return Some(format!(
                "at least {women} women of {house} seats with every delegation balanced within one needs at least {odd} delegations with an odd number of seats (a balanced even delegation is half women), and the other rules leave fewer"
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
