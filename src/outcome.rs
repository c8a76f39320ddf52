//! The one way a scenario is solved. Whatever a scenario holds (per-region
//! bounds only, group and gender rules, women members per region), it is
//! solved here and comes back as one [`Allocation`]: the priority queue's
//! when the bounds alone decide, the rules engine's (with
//! [`Certificate::Rules`]) otherwise. Every command and every analysis
//! solves through [`Setup::solve`], so a rule reaches all of them.

use crate::allocation::{Allocation, BoundHit, Certificate, RegionSeats, RulesOutcome};
use crate::error::Error;
use crate::method::Method;
use crate::number::Decimal;
use crate::rule::{NamedRule, Rule, Scope};
use crate::rules::{self, RulesProblem};
use crate::scenario::{Basis, Dataset, Scenario};
use crate::solve::{apportion, Bounds, Problem, TieBreak};

/// Regions, exact weights and every rule of a scenario, with its house size
/// and method left open so that an analysis can try many of each.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Region names, in input order.
    pub names: Vec<String>,
    /// Exact weights, in the same order.
    pub weights: Vec<Decimal>,
    /// Per-region bounds from the scenario's rules.
    pub bounds: Bounds,
    /// Which weights these are.
    pub basis: Basis,
    /// Every rule of the scenario, the per-region bounds included, as the
    /// rules engine reads them.
    pub rules: Vec<NamedRule>,
    /// True when a group or gender rule is in force: the rules engine
    /// solves, not the priority queue.
    pub engine: bool,
    /// Women members per region, when the file gives them for every region
    /// and the weights are counts.
    pub women: Option<Vec<Decimal>>,
}

impl Setup {
    /// The regions, weights and rules of `scenario` (its size and method
    /// are ignored).
    pub fn of(dataset: &Dataset, scenario: &Scenario) -> Result<Setup, Error> {
        let basis = dataset.basis_of(scenario);
        let names = dataset.names();
        Ok(Setup {
            weights: dataset.weights(basis)?,
            bounds: scenario.restrictions.to_bounds(names.len()),
            basis,
            rules: scenario.all_rules(&names),
            engine: scenario.needs_rules_engine(),
            // Women members are counts; they only pair with counts.
            women: match basis {
                Basis::Counts => dataset.women_weights(),
                Basis::Shares => None,
            },
            names,
        })
    }

    /// Regions and weights with no rule at all.
    pub fn plain(names: Vec<String>, weights: Vec<Decimal>, basis: Basis) -> Setup {
        Setup {
            bounds: Bounds::none(names.len()),
            names,
            weights,
            basis,
            rules: Vec::new(),
            engine: false,
            women: None,
        }
    }

    /// The same regions and rules with other weights (same order). Women
    /// members belong to the weights they came with, so they are left out:
    /// the region seats do not depend on them, only how each region's
    /// seats split between women and men.
    pub fn with_weights(&self, weights: Vec<Decimal>) -> Setup {
        Setup {
            weights,
            women: None,
            ..self.clone()
        }
    }

    /// The same with one rule more (which puts the rules engine in charge).
    pub fn with_rule(&self, rule: NamedRule) -> Setup {
        let mut setup = self.clone();
        setup.rules.push(rule);
        setup.engine = true;
        setup
    }

    /// The group and gender rules in force (those the priority queue cannot
    /// express), for messages.
    pub fn engine_rules(&self) -> Vec<&NamedRule> {
        self.rules
            .iter()
            .filter(|r| {
                !matches!(
                    r.rule,
                    Rule::AtLeast { .. }
                        | Rule::AtMost { .. }
                        | Rule::Exactly { .. }
                        | Rule::Base { .. }
                )
            })
            .collect()
    }

    /// The names of the group and gender rules, quoted and listed, e.g.
    /// "`nations` and `half women`".
    pub fn engine_rule_names(&self) -> String {
        let names: Vec<String> = self
            .engine_rules()
            .iter()
            .map(|r| format!("`{}`", r.name))
            .collect();
        crate::rule::list(&names)
    }

    /// Solves at one house size, reporting ties: the seats, every tied
    /// allocation and the women per region, for analyses that solve many
    /// times. Under rules the outcome is not priced (see
    /// [`Setup::solve_with`] for the full evidence).
    pub fn solve(&self, house: u64, method: &Method) -> Result<Allocation, Error> {
        self.solve_as(house, method, TieBreak::Report, false)
    }

    /// [`Setup::solve`] at `house` for an analysis that has just solved a
    /// neighbouring size: under rules the solver starts from `near`, the
    /// seats found there (the same allocations, found sooner).
    pub(crate) fn solve_near(
        &self,
        house: u64,
        method: &Method,
        near: Option<&[u64]>,
    ) -> Result<Allocation, Error> {
        match near {
            Some(near) if self.engine => {
                let outcome = rules::solve_unpriced_near(&self.problem(house, method), near)?;
                Ok(from_rules(outcome, &self.rules))
            }
            _ => self.solve(house, method),
        }
    }

    /// The seats the solver proposes at one house size, without the search
    /// for ties (under rules, see [`rules::proposal`]): a guess for an
    /// analysis to confirm with [`Setup::solve`], never an answer.
    pub fn proposal(&self, house: u64, method: &Method) -> Result<Vec<u64>, Error> {
        if !self.engine {
            return Ok(self.solve(house, method)?.seats());
        }
        Ok(rules::proposal(&self.problem(house, method))?)
    }

    /// Under rules, the rules as [`rules::ExchangeRules`] when they have
    /// that shape at this size and method.
    pub(crate) fn exchange_rules(
        &self,
        house: u64,
        method: &Method,
    ) -> Option<rules::ExchangeRules> {
        self.engine
            .then(|| rules::exchange_rules(&self.problem(house, method)))
            .flatten()
    }

    /// Under rules, the fewest seats an allocation meeting them can have,
    /// when that is known ([`rules::least_house`]).
    pub(crate) fn least_house_under_rules(&self, method: &Method) -> Option<u64> {
        let house = self.smallest_house(method).max(1);
        self.engine
            .then(|| rules::least_house(&self.problem(house, method)))
            .flatten()
    }

    fn problem<'a>(&'a self, house: u64, method: &'a Method) -> RulesProblem<'a> {
        RulesProblem {
            names: &self.names,
            weights: &self.weights,
            women_weights: self.women.as_deref(),
            house,
            method,
            rules: &self.rules,
        }
    }

    /// Solves at one house size with a tie policy and the full evidence:
    /// under rules, the price of each rule and the exact check of each. A
    /// lot cannot break a rules-engine tie: that is refused, since the
    /// engine reports every tied allocation instead.
    pub fn solve_with(
        &self,
        house: u64,
        method: &Method,
        tie_break: TieBreak,
    ) -> Result<Allocation, Error> {
        self.solve_as(house, method, tie_break, true)
    }

    fn solve_as(
        &self,
        house: u64,
        method: &Method,
        tie_break: TieBreak,
        priced: bool,
    ) -> Result<Allocation, Error> {
        if !self.engine {
            return Ok(apportion(&Problem {
                names: &self.names,
                weights: &self.weights,
                house,
                method,
                bounds: &self.bounds,
                tie_break,
            })?);
        }
        if tie_break != TieBreak::Report {
            return Err(crate::scenario::ScenarioError::Lookup(format!(
                "--tie-break lot is not available with group or gender rules ({}): the rules engine reports every tied allocation instead",
                self.engine_rule_names()
            ))
            .into());
        }
        let problem = self.problem(house, method);
        let outcome = if priced {
            rules::solve(&problem)?
        } else {
            rules::solve_unpriced(&problem)?
        };
        Ok(from_rules(outcome, &self.rules))
    }

    /// The seats every size starts from: the sum of minimums and base
    /// seats, plus the first seats a d(0) = 0 method owes. Below it a house
    /// has no allocation.
    pub fn smallest_house(&self, method: &Method) -> u64 {
        let owes = matches!(method, Method::Divisor(d) if d.owes_first_seat());
        (0..self.names.len())
            .map(|i| {
                let low = self.bounds.min[i].max(self.bounds.base[i]);
                let owed = owes && !self.weights[i].is_zero() && self.bounds.max[i] != Some(0);
                low.max(u64::from(owed))
            })
            .fold(0u64, u64::saturating_add)
            .max(1)
    }

    /// The seats each region holds whatever happens, beyond its base
    /// seats: its minimum, or the first seat a d(0) = 0 method owes it.
    pub fn floors(&self, method: &Method) -> Vec<u64> {
        let owes = matches!(method, Method::Divisor(d) if d.owes_first_seat());
        (0..self.names.len())
            .map(|i| {
                let owed = owes && !self.weights[i].is_zero() && self.bounds.max[i] != Some(0);
                self.bounds.min[i]
                    .saturating_sub(self.bounds.base[i])
                    .max(u64::from(owed))
            })
            .collect()
    }

    /// The index of a region by name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// Solves a scenario of a file: the entry point of `allocate` and
/// `compare`.
pub fn solve_scenario(
    dataset: &Dataset,
    scenario: &Scenario,
    tie_break: TieBreak,
) -> Result<Allocation, Error> {
    Setup::of(dataset, scenario)?.solve_with(scenario.seats, &scenario.method, tie_break)
}

/// The rules engine's outcome as an allocation. A region's bound is marked
/// as binding when a binding rule holds it there: a minimum when the
/// allocation without that rule gives it fewer seats, a maximum when more.
fn from_rules(outcome: RulesOutcome, rules: &[NamedRule]) -> Allocation {
    let n = outcome.names.len();
    let mut binding: Vec<Option<BoundHit>> = vec![None; n];
    let mut base = vec![0u64; n];
    for named in rules {
        if let Rule::Base { scope, seats } = &named.rule {
            for i in scope_regions(scope, n) {
                base[i] = base[i].max(*seats);
            }
        }
    }
    for b in &outcome.binding {
        let Some(named) = rules.iter().find(|r| r.name == b.rule) else {
            continue;
        };
        let (scope, k, low, high) = match &named.rule {
            Rule::AtLeast { scope, seats } => (scope, *seats, true, false),
            Rule::AtMost { scope, seats } => (scope, *seats, false, true),
            Rule::Exactly { scope, seats } => (scope, *seats, true, true),
            _ => continue,
        };
        for i in scope_regions(scope, n) {
            let (held, without) = (outcome.seats[i], b.without.get(i).copied().unwrap_or(0));
            if held == k && low && without < held {
                binding[i] = Some(BoundHit::Minimum(k));
            } else if held == k && high && without > held {
                binding[i] = Some(BoundHit::Maximum(k));
            }
        }
    }
    let regions = (0..n)
        .map(|i| RegionSeats {
            name: outcome.names[i].as_str().into(),
            weight: outcome.weights[i].clone(),
            seats: outcome.seats[i],
            base: base[i],
            binding: binding[i],
        })
        .collect();
    let total_weight = outcome.weights.iter().map(Decimal::to_rational).sum();
    let (method, house, tie) = (outcome.method.clone(), outcome.house, outcome.tie.clone());
    let certificate = Certificate::Rules(Box::new(outcome));
    Allocation::new(method, house, regions, certificate, tie, None, total_weight)
}

fn scope_regions(scope: &Scope, n: usize) -> Vec<usize> {
    match scope {
        Scope::Each => (0..n).collect(),
        Scope::Region(i) if *i < n => vec![*i],
        Scope::Region(_) => Vec::new(),
    }
}
