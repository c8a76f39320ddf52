//! Constraints on who is elected, and how a count enforces them.
//!
//! A constraint is a [`Limit`]: at least `min` and at most `max` of the
//! elected from a set of candidates (the women; the candidates from
//! Wales; a named group of regions). Whether the constraints can still
//! hold is decided exactly: the continuing candidates are grouped by which
//! limits they count towards (region × gender crossed gives one category
//! per pair), and a search over how many to take from each category,
//! pruned by every limit's bounds and remembering the states that failed,
//! finds a completion or proves there is none.
//!
//! The candidates file (`--candidates FILE`, YAML):
//!
//! ```yaml
//! candidates:
//!   - {name: Ann Black, gender: woman, region: South East}
//!   - {name: Luke Akehurst, gender: man, region: Greater London}
//! constraints:
//!   women_at_least: 50%        # or a number of seats
//!   rounding: down             # a percentage needs one: up or down
//!   each:                      # at least K from each value of an attribute
//!     attribute: region
//!     at_least: 1
//!     values: [Wales, Scotland] # optional: which values (default: all that stand)
//!   groups:
//!     - {name: nations, attribute: region, values: [Wales, Scotland], min: 1, max: 2}
//! ```

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::CountError;
use crate::rule::WomenTarget;

/// How constraints are enforced in a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Ignore them (the count as the ballots alone decide it).
    Unconstrained,
    /// Grey–Fitzgerald guard and doom, inside the count.
    GuardDoom,
    /// Count without them, then replace the lowest-placed elected by the
    /// highest-placed unelected of a category that falls short.
    Replacement,
}

impl Mode {
    /// Reads `unconstrained`, `guard-doom` or `replacement`.
    pub fn parse(text: &str) -> Result<Mode, String> {
        match text.trim() {
            "unconstrained" | "none" => Ok(Mode::Unconstrained),
            "guard-doom" | "guard" | "doom" => Ok(Mode::GuardDoom),
            "replacement" | "post-count" | "replace" => Ok(Mode::Replacement),
            other => Err(format!(
                "`{other}` is not an enforcement mode; the modes are unconstrained, guard-doom and replacement"
            )),
        }
    }

    /// The mode's id.
    pub fn id(self) -> &'static str {
        match self {
            Mode::Unconstrained => "unconstrained",
            Mode::GuardDoom => "guard-doom",
            Mode::Replacement => "replacement",
        }
    }
}

/// At least `min` and at most `max` of the elected from `members`.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// Who counts, in words, plural ("women", "candidates from Wales").
    pub label: String,
    /// The complement's label when the limit is a minimum whose other side
    /// reads as a maximum ("men").
    pub complement: Option<String>,
    /// The attribute of an "at least K from each" limit (`region`).
    pub each_of: Option<String>,
    /// Which candidates count (by index).
    pub members: Vec<bool>,
    /// At least this many elected.
    pub min: usize,
    /// At most this many elected.
    pub max: usize,
}

impl Limit {
    /// The limit in words, for a body of `seats`.
    pub fn words(&self, seats: usize) -> String {
        match (self.min, self.max) {
            (0, max) => format!("at most {max} {}", self.label),
            (min, max) if max >= seats => format!("at least {min} {}", self.label),
            (min, max) => format!("between {min} and {max} {}", self.label),
        }
    }
}

/// Candidates' attributes and the limits on the elected.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraints {
    /// Each candidate's attributes (by index).
    pub attributes: Vec<BTreeMap<String, String>>,
    /// The limits.
    pub limits: Vec<Limit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    candidates: Vec<BTreeMap<String, String>>,
    #[serde(default)]
    constraints: Option<RawConstraints>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstraints {
    women_at_least: Option<String>,
    rounding: Option<String>,
    gender_attribute: Option<String>,
    each: Option<RawEach>,
    #[serde(default)]
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEach {
    attribute: String,
    at_least: usize,
    values: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    name: String,
    #[serde(default = "region")]
    attribute: String,
    values: Vec<String>,
    min: Option<usize>,
    max: Option<usize>,
}

fn region() -> String {
    "region".into()
}

/// Whether an attribute value means a woman.
pub fn is_woman(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "woman" | "women" | "female" | "f" | "w"
    )
}

impl Constraints {
    /// No limits, only attributes.
    pub fn attributes_only(attributes: Vec<BTreeMap<String, String>>) -> Constraints {
        Constraints {
            attributes,
            limits: Vec::new(),
        }
    }

    /// Reads a candidates file for an election with these candidates'
    /// `names` and `seats`.
    pub fn from_yaml(
        text: &str,
        file: &str,
        names: &[String],
        seats: usize,
    ) -> Result<Constraints, CountError> {
        let raw: RawFile = serde_saphyr::from_str(text).map_err(|e| {
            CountError::Input(format!(
                "{file}: {}",
                e.to_string()
                    .trim_start_matches("error: ")
                    .replace("<input>", file)
            ))
        })?;
        let mut attributes = vec![None; names.len()];
        for entry in &raw.candidates {
            let Some(name) = entry.get("name") else {
                return Err(CountError::Input(format!(
                    "{file}: a candidate has no `name`; give each candidate's name as in the ballot file"
                )));
            };
            let Some(i) = names.iter().position(|n| n == name) else {
                return Err(CountError::Input(format!(
                    "{file}: `{name}` is not a candidate in the ballot file (the candidates are {})",
                    names.join(", ")
                )));
            };
            if attributes[i].is_some() {
                return Err(CountError::Input(format!(
                    "{file}: `{name}` is listed twice"
                )));
            }
            let mut a = entry.clone();
            a.remove("name");
            attributes[i] = Some(a);
        }
        let missing: Vec<&str> = names
            .iter()
            .zip(&attributes)
            .filter(|(_, a)| a.is_none())
            .map(|(n, _)| n.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(CountError::Input(format!(
                "{file}: no entry for {}; list every candidate of the ballot file",
                missing.join(", ")
            )));
        }
        let attributes: Vec<BTreeMap<String, String>> = attributes
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let mut k = Constraints::attributes_only(attributes);
        if let Some(c) = raw.constraints {
            if let Some(w) = &c.women_at_least {
                let target = WomenTarget::parse(w, c.rounding.as_deref())
                    .map_err(|e| CountError::Input(format!("{file}: {e}")))?;
                let attr = c
                    .gender_attribute
                    .clone()
                    .unwrap_or_else(|| "gender".into());
                k.add_women(&attr, target.seats(seats as u64) as usize, seats);
            } else if c.rounding.is_some() {
                return Err(CountError::Input(format!(
                    "{file}: `rounding` applies to `women_at_least`, which is not given"
                )));
            }
            if let Some(each) = &c.each {
                k.add_each(
                    &each.attribute,
                    each.at_least,
                    each.values.as_deref(),
                    seats,
                );
            }
            for g in &c.groups {
                if g.min.is_none() && g.max.is_none() {
                    return Err(CountError::Input(format!(
                        "{file}: the group `{}` needs a `min` or a `max`",
                        g.name
                    )));
                }
                let members = k
                    .attributes
                    .iter()
                    .map(|a| a.get(&g.attribute).is_some_and(|v| g.values.contains(v)))
                    .collect();
                k.limits.push(Limit {
                    label: format!("candidates of the group {}", g.name),
                    complement: None,
                    each_of: None,
                    members,
                    min: g.min.unwrap_or(0),
                    max: g.max.unwrap_or(seats),
                });
            }
        }
        Ok(k)
    }

    /// At least `min` women (by the attribute `attr`).
    pub fn add_women(&mut self, attr: &str, min: usize, seats: usize) {
        let members = self
            .attributes
            .iter()
            .map(|a| a.get(attr).is_some_and(|v| is_woman(v)))
            .collect();
        self.limits.push(Limit {
            label: "women".into(),
            complement: Some("men".into()),
            each_of: None,
            members,
            min,
            max: seats,
        });
    }

    /// At least `k` from each value of `attr` (the given values, or every
    /// value a candidate has).
    pub fn add_each(&mut self, attr: &str, k: usize, values: Option<&[String]>, seats: usize) {
        let mut all: Vec<String> = Vec::new();
        match values {
            Some(v) => all.extend(v.iter().cloned()),
            None => {
                for a in &self.attributes {
                    if let Some(v) = a.get(attr) {
                        if !all.contains(v) {
                            all.push(v.clone());
                        }
                    }
                }
            }
        }
        for v in all {
            let members = self
                .attributes
                .iter()
                .map(|a| a.get(attr) == Some(&v))
                .collect();
            self.limits.push(Limit {
                label: format!("candidates from {v}"),
                complement: None,
                each_of: Some(attr.to_string()),
                members,
                min: k,
                max: seats,
            });
        }
    }

    /// Whether some `seats − |elected|` of `available` complete `elected`
    /// to a set that meets every limit.
    pub fn feasible(&self, elected: &[usize], available: &[usize], seats: usize) -> bool {
        self.feasible_with(elected, available, seats, &vec![true; self.limits.len()])
    }

    fn feasible_with(
        &self,
        elected: &[usize],
        available: &[usize],
        seats: usize,
        active: &[bool],
    ) -> bool {
        let limits: Vec<&Limit> = self
            .limits
            .iter()
            .zip(active)
            .filter(|(_, on)| **on)
            .map(|(l, _)| l)
            .collect();
        if elected.len() > seats {
            return false;
        }
        let need = seats - elected.len();
        if available.len() < need {
            return false;
        }
        let base: Vec<usize> = limits
            .iter()
            .map(|l| elected.iter().filter(|c| l.members[**c]).count())
            .collect();
        // Categories: candidates that count towards the same limits.
        let mut categories: BTreeMap<Vec<bool>, usize> = BTreeMap::new();
        for &c in available {
            let key: Vec<bool> = limits.iter().map(|l| l.members[c]).collect();
            *categories.entry(key).or_insert(0) += 1;
        }
        let categories: Vec<(Vec<bool>, usize)> = categories.into_iter().collect();
        let mut failed = HashSet::new();
        search(&limits, &categories, 0, need, base, &mut failed)
    }

    /// `None` when the constraints can hold; otherwise which limits cannot,
    /// in words.
    pub fn blame(&self, elected: &[usize], available: &[usize], seats: usize) -> Option<String> {
        if self.feasible(elected, available, seats) {
            return None;
        }
        // Deletion filter: the limits without which the rest could hold.
        let mut active = vec![true; self.limits.len()];
        for i in 0..active.len() {
            active[i] = false;
            if self.feasible_with(elected, available, seats, &active) {
                active[i] = true;
            }
        }
        let parts: Vec<String> = self
            .limits
            .iter()
            .zip(&active)
            .filter(|(_, on)| **on)
            .map(|(l, _)| self.describe(l, elected, available, seats))
            .collect();
        if parts.is_empty() {
            return Some(format!(
                "{} seats cannot be filled from {} elected and {} continuing candidates",
                seats,
                elected.len(),
                available.len()
            ));
        }
        Some(parts.join("; together with "))
    }

    /// Why the constraints need a candidate (`others` are the continuing
    /// candidates without them), if they do.
    pub fn guard_words(&self, elected: &[usize], others: &[usize], seats: usize) -> Option<String> {
        if self.feasible(elected, others, seats) {
            return None;
        }
        let mut active = vec![true; self.limits.len()];
        for i in 0..active.len() {
            active[i] = false;
            if self.feasible_with(elected, others, seats, &active) {
                active[i] = true;
            }
        }
        let parts: Vec<String> = self
            .limits
            .iter()
            .zip(&active)
            .filter(|(_, on)| **on)
            .map(|(l, _)| {
                if l.min > 0 {
                    format!(
                        "without them the {} cannot reach their minimum of {}",
                        l.label, l.min
                    )
                } else {
                    format!(
                        "without them the {} would pass their maximum of {}",
                        l.label, l.max
                    )
                }
            })
            .collect();
        Some(if parts.is_empty() {
            "without them the seats cannot all be filled within the constraints".into()
        } else {
            parts.join("; ")
        })
    }

    fn describe(&self, l: &Limit, elected: &[usize], available: &[usize], seats: usize) -> String {
        let e = elected.iter().filter(|c| l.members[**c]).count();
        let h = available.iter().filter(|c| l.members[**c]).count();
        let outside = elected.len() - e;
        if l.min > seats {
            return format!(
                "at least {} {} cannot be elected to {seats} seats",
                l.min, l.label
            );
        }
        if e > l.max {
            return format!(
                "the {} are past their maximum of {} ({e} elected)",
                l.label, l.max
            );
        }
        if e == l.max && l.max < seats {
            return format!("the {} have reached their maximum of {}", l.label, l.max);
        }
        if e + h < l.min {
            return if e == 0 && h == 0 {
                format!("no {} stand, for a minimum of {}", l.label, l.min)
            } else if e == 0 {
                format!("only {h} {} stand for {} places", l.label, l.min)
            } else {
                format!(
                    "at least {} {} are needed; {e} elected and {h} continuing",
                    l.min, l.label
                )
            };
        }
        if let Some(other) = &l.complement {
            if outside > 0 && outside >= seats.saturating_sub(l.min) {
                return format!(
                    "the {other}'s maximum of {} is reached: at least {} of {seats} must be {}",
                    seats.saturating_sub(l.min),
                    l.min,
                    l.label
                );
            }
        }
        let left = seats.saturating_sub(elected.len());
        if e < l.min && left < l.min - e {
            return format!(
                "only {left} place{} would remain, and the {} need {} more to reach their minimum of {}",
                if left == 1 { "" } else { "s" },
                l.label,
                l.min - e,
                l.min
            );
        }
        format!("at least {} {} must be elected", l.min, l.label)
    }

    /// Before a count: why the constraints cannot hold with the candidates
    /// standing, in the apportionment engine's words, if they cannot.
    pub fn check_standing(&self, standing: &[usize], seats: usize) -> Result<(), CountError> {
        if self.feasible(&[], standing, seats) {
            return Ok(());
        }
        // Minimums of disjoint limits that cannot fit in the seats.
        let mins: Vec<&Limit> = self.limits.iter().filter(|l| l.min > 0).collect();
        let disjoint = mins.iter().enumerate().all(|(i, a)| {
            mins[..i]
                .iter()
                .all(|b| !a.members.iter().zip(&b.members).any(|(x, y)| *x && *y))
        });
        let sum: usize = mins.iter().map(|l| l.min).sum();
        if disjoint && mins.len() > 1 && sum > seats {
            let one = mins.iter().all(|l| l.min == 1);
            let attr = mins[0].each_of.clone();
            let same = attr.is_some() && mins.iter().all(|l| l.each_of == attr);
            return Err(CountError::Infeasible(if one && same {
                let attr = attr.unwrap_or_default();
                let plural = if attr.ends_with('s') {
                    attr.clone()
                } else {
                    format!("{attr}s")
                };
                format!(
                    "a designated seat for each of {} {plural} needs {sum} seats; {seats} are elected",
                    mins.len()
                )
            } else if one {
                format!(
                    "a designated seat for each of {} groups of candidates ({}) needs {sum} seats; {seats} are elected",
                    mins.len(),
                    mins.iter().map(|l| l.label.as_str()).collect::<Vec<_>>().join(", ")
                )
            } else {
                format!(
                    "the minimums ({}) need {sum} seats; {seats} are elected",
                    mins.iter()
                        .map(|l| format!("{} {}", l.min, l.label))
                        .collect::<Vec<_>>()
                        .join(" + ")
                )
            }));
        }
        let why = self
            .blame(&[], standing, seats)
            .unwrap_or_else(|| "the limits conflict".into());
        Err(CountError::Infeasible(why))
    }

    /// Every limit in words.
    pub fn words(&self, seats: usize) -> Vec<String> {
        self.limits.iter().map(|l| l.words(seats)).collect()
    }

    /// Whether a set of elected meets every limit.
    pub fn met_by(&self, elected: &[usize]) -> bool {
        self.limits.iter().all(|l| {
            let n = elected.iter().filter(|c| l.members[**c]).count();
            n >= l.min && n <= l.max
        })
    }
}

fn search(
    limits: &[&Limit],
    categories: &[(Vec<bool>, usize)],
    at: usize,
    need: usize,
    counts: Vec<usize>,
    failed: &mut HashSet<(usize, usize, Vec<usize>)>,
) -> bool {
    // Prune: a maximum passed, or a minimum out of reach.
    for (i, l) in limits.iter().enumerate() {
        if counts[i] > l.max {
            return false;
        }
        let reach: usize = categories[at..]
            .iter()
            .filter(|(key, _)| key[i])
            .map(|(_, n)| *n)
            .sum();
        if counts[i] + reach.min(need) < l.min {
            return false;
        }
    }
    if need == 0 {
        return true;
    }
    if at == categories.len() {
        return false;
    }
    let left: usize = categories[at..].iter().map(|(_, n)| *n).sum();
    if left < need {
        return false;
    }
    let state = (at, need, counts.clone());
    if failed.contains(&state) {
        return false;
    }
    let (key, n) = &categories[at];
    for take in (0..=(*n).min(need)).rev() {
        let mut next = counts.clone();
        for (i, on) in key.iter().enumerate() {
            if *on {
                next[i] += take;
            }
        }
        if search(limits, categories, at + 1, need - take, next, failed) {
            return true;
        }
    }
    failed.insert(state);
    false
}

/// Post-count replacement for the minimums, as the bloc-vote rule book
/// words it: while a limit's minimum is not met, the highest-placed
/// unelected member replaces the lowest-placed elected candidate who is
/// not a member and whose removal breaks no other minimum. `elected` is in
/// order of placing (best first), `unelected` likewise. Returns the new
/// elected (same order, replacements at the places of those they replace)
/// and a sentence per replacement.
pub fn replace(
    k: &Constraints,
    names: &[String],
    elected: &[usize],
    unelected: &[usize],
) -> Result<(Vec<usize>, Vec<String>), CountError> {
    let mut elected = elected.to_vec();
    let mut unelected = unelected.to_vec();
    let mut notes = Vec::new();
    let count = |set: &[usize], l: &Limit| set.iter().filter(|c| l.members[**c]).count();
    while let Some(l) = k.limits.iter().find(|l| count(&elected, l) < l.min) {
        let Some(up_at) = unelected.iter().position(|c| l.members[*c]) else {
            return Err(CountError::Infeasible(format!(
                "only {} {} stand for {} places",
                count(&elected, l),
                l.label,
                l.min
            )));
        };
        let up = unelected[up_at];
        let down_at = (0..elected.len()).rev().find(|&i| {
            let c = elected[i];
            !l.members[c]
                && k.limits
                    .iter()
                    .all(|m| !m.members[c] || count(&elected, m) > m.min)
        });
        let Some(down_at) = down_at else {
            return Err(CountError::Infeasible(format!(
                "no elected candidate can make way for one more of the {} without breaking another minimum",
                l.label
            )));
        };
        let down = elected[down_at];
        notes.push(format!(
            "{} replaces {}: the {} need at least {} (post-count replacement)",
            names[up], names[down], l.label, l.min
        ));
        elected[down_at] = up;
        unelected.remove(up_at);
        unelected.insert(0, down);
    }
    Ok((elected, notes))
}

impl Constraints {
    /// Adds a scenario's rules (from a seatshare scenario file) as limits
    /// on the elected, where the apportionment rule has a meaning in a
    /// count: a region's seats are the elected whose `region` attribute
    /// names it, women's seats the elected whose `gender` is a woman.
    /// `regions` are the scenario file's region names, `names` the
    /// candidates'. Rules that do not
    /// fit a count (base seats, balanced delegations, a woman in every
    /// delegation) are refused with a sentence naming the rule, as is a
    /// scenario for another number of seats or a candidate from a region
    /// the file does not list.
    pub fn add_scenario(
        &mut self,
        scenario: &crate::scenario::Scenario,
        regions: &[String],
        names: &[String],
        seats: usize,
        file: &str,
    ) -> Result<(), CountError> {
        use crate::rule::{Rule, Scope};
        if scenario.seats != seats as u64 {
            return Err(CountError::Input(format!(
                "{file}: scenario `{}` is for {} seats; this count fills {seats}: give a scenario for {seats} seats",
                scenario.id, scenario.seats
            )));
        }
        for (i, a) in self.attributes.iter().enumerate() {
            if let Some(r) = a.get("region") {
                if !regions.contains(r) {
                    return Err(CountError::Input(format!(
                        "{file}: {} is from `{r}`, which is not a region of the scenario file (its regions are {})",
                        names.get(i).map_or("a candidate", String::as_str),
                        regions.join(", ")
                    )));
                }
            }
        }
        let region_members = |set: &[usize]| -> Vec<bool> {
            self.attributes
                .iter()
                .map(|a| {
                    a.get("region")
                        .is_some_and(|r| set.iter().any(|i| regions.get(*i) == Some(r)))
                })
                .collect()
        };
        let mut limits = Vec::new();
        for named in scenario.all_rules(regions) {
            let rule_name = &named.name;
            let refuse = |why: &str| {
                Err(CountError::Input(format!(
                    "{file}: scenario `{}`, rule `{rule_name}`: {why}",
                    scenario.id
                )))
            };
            let per_region = |scope: Scope| -> Vec<usize> {
                match scope {
                    Scope::Each => (0..regions.len()).collect(),
                    Scope::Region(i) => vec![i],
                }
            };
            match &named.rule {
                Rule::AtLeast { scope, seats: k }
                | Rule::AtMost { scope, seats: k }
                | Rule::Exactly { scope, seats: k } => {
                    let k = *k as usize;
                    let (min, max) = match &named.rule {
                        Rule::AtLeast { .. } => (k, seats),
                        Rule::AtMost { .. } => (0, k),
                        _ => (k, k),
                    };
                    for i in per_region(*scope) {
                        let name = regions.get(i).cloned().unwrap_or_default();
                        limits.push(Limit {
                            label: format!("candidates from {name}"),
                            complement: None,
                            each_of: matches!(scope, Scope::Each).then(|| "region".to_string()),
                            members: region_members(&[i]),
                            min,
                            max,
                        });
                    }
                }
                Rule::Base { .. } => {
                    return refuse(
                        "base seats are given to regions before a method shares out the rest; a count has no such step (write a minimum instead)",
                    )
                }
                Rule::Group {
                    regions: set,
                    at_least,
                    at_most,
                } => {
                    let names: Vec<&str> = set
                        .iter()
                        .filter_map(|i| regions.get(*i).map(String::as_str))
                        .collect();
                    limits.push(Limit {
                        label: format!("candidates from {} together", names.join(" and ")),
                        complement: None,
                        each_of: None,
                        members: region_members(set),
                        min: at_least.unwrap_or(0) as usize,
                        max: at_most.map_or(seats, |m| m as usize),
                    });
                }
                Rule::WomenAtLeast(target) => {
                    let members = self
                        .attributes
                        .iter()
                        .map(|a| a.get("gender").is_some_and(|v| is_woman(v)))
                        .collect();
                    limits.push(Limit {
                        label: "women".into(),
                        complement: Some("men".into()),
                        each_of: None,
                        members,
                        min: target.seats(seats as u64) as usize,
                        max: seats,
                    });
                }
                Rule::BalancedDelegations => {
                    return refuse(
                        "balanced delegations (|women − men| ≤ 1 in every region) depend on how many each region elects, which the count does not fix; it is not a limit on whom the count elects",
                    )
                }
                Rule::WomanInEveryDelegation => {
                    return refuse(
                        "a woman in every delegation of two or more depends on how many each region elects, which the count does not fix; it is not a limit on whom the count elects",
                    )
                }
            }
        }
        self.limits.extend(limits);
        Ok(())
    }
}
