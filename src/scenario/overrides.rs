//! Changes to a scenario from outside its file (the command line's flags):
//! a rule given again replaces the scenario's rule of the same name, a rule
//! can be dropped by the name the output cites it by, and every change to
//! a rule the file wrote is said in a note.

use super::{Scenario, ScenarioError};
use crate::rule::{NamedRule, Rule, WomenTarget};

/// One change to a scenario, with how it was asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// How the change was asked for, quoted in notes (e.g. `--max London=4`).
    pub source: String,
    /// What it sets.
    pub change: Change,
}

/// What an [`Override`] sets. Each replaces the scenario's rule of the same
/// name (`min_each`, `max London`, a group's name), or adds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// `min_each`.
    MinEach(u64),
    /// `max_each`.
    MaxEach(u64),
    /// `exact_each`.
    ExactEach(u64),
    /// `base_each`.
    BaseEach(u64),
    /// `min REGION`, by region index.
    Min(usize, u64),
    /// `max REGION`.
    Max(usize, u64),
    /// `exact REGION`.
    Exact(usize, u64),
    /// `base REGION`.
    Base(usize, u64),
    /// A women target: replaces every women target of the scenario.
    WomenAtLeast {
        /// The name the output cites.
        name: String,
        /// The target.
        target: WomenTarget,
    },
    /// A group: replaces the scenario's group of the same name.
    Group(NamedRule),
    /// Balanced delegations (kept once).
    BalancedDelegations,
    /// A woman in every delegation (kept once).
    WomanInEveryDelegation,
}

impl Override {
    /// A change and how it was asked for.
    pub fn new(source: impl Into<String>, change: Change) -> Override {
        Override {
            source: source.into(),
            change,
        }
    }
}

/// The four `*_each` keys.
const EACH: [&str; 4] = ["min_each", "max_each", "exact_each", "base_each"];
/// The four per-region keys.
const LISTS: [&str; 4] = ["min", "max", "exact", "base"];

impl Scenario {
    fn each_slot(&mut self, key: &str) -> Option<&mut Option<u64>> {
        let r = &mut self.restrictions;
        match key {
            "min_each" => Some(&mut r.min_each),
            "max_each" => Some(&mut r.max_each),
            "exact_each" => Some(&mut r.exact_each),
            "base_each" => Some(&mut r.base_each),
            _ => None,
        }
    }

    fn each_value(&self, key: &str) -> Option<u64> {
        let r = &self.restrictions;
        match key {
            "min_each" => r.min_each,
            "max_each" => r.max_each,
            "exact_each" => r.exact_each,
            "base_each" => r.base_each,
            _ => None,
        }
    }

    fn list_values(&self, key: &str) -> &[(usize, u64)] {
        let r = &self.restrictions;
        match key {
            "min" => &r.min,
            "max" => &r.max,
            "exact" => &r.exact,
            "base" => &r.base,
            _ => &[],
        }
    }

    fn list_slot(&mut self, key: &str) -> Option<&mut Vec<(usize, u64)>> {
        let r = &mut self.restrictions;
        match key {
            "min" => Some(&mut r.min),
            "max" => Some(&mut r.max),
            "exact" => Some(&mut r.exact),
            "base" => Some(&mut r.base),
            _ => None,
        }
    }

    /// Applies changes in order and returns a note for each rule of the
    /// scenario as it stood (the file's) that one of them replaces, e.g.
    /// "--max London=4 replaces the file's max London 3". A change that
    /// only adds a rule, or sets one to the value it has, makes no note.
    /// `names` are the region names, for notes.
    ///
    /// ```
    /// use seatshare::scenario::{Change, Dataset, Override};
    /// let text = "regions:\n  - {name: London, count: 5}\n  - {name: Wales, count: 3}\n\
    ///             scenarios:\n  - {id: draft, seats: 6, method: dhondt, max: {London: 3}}\n";
    /// let data = Dataset::from_yaml_str(text, "x.yaml").unwrap();
    /// let mut s = data.scenario("draft").unwrap().clone();
    /// let notes = s.apply(&[Override::new("--max London=4", Change::Max(0, 4))], &data.names());
    /// assert_eq!(notes, vec!["--max London=4 replaces the file's max London 3".to_string()]);
    /// assert_eq!(s.restrictions.max, vec![(0, 4)]);
    /// ```
    pub fn apply(&mut self, changes: &[Override], names: &[String]) -> Vec<String> {
        let file = self.clone();
        let mut notes = Vec::new();
        let mut note = |source: &str, old: String| {
            let line = format!("{source} replaces the file's {old}");
            if !notes.contains(&line) {
                notes.push(line);
            }
        };
        let region = |i: usize| names.get(i).map_or("?", String::as_str).to_string();
        for o in changes {
            match &o.change {
                Change::MinEach(k)
                | Change::MaxEach(k)
                | Change::ExactEach(k)
                | Change::BaseEach(k) => {
                    let key = match o.change {
                        Change::MinEach(_) => EACH[0],
                        Change::MaxEach(_) => EACH[1],
                        Change::ExactEach(_) => EACH[2],
                        _ => EACH[3],
                    };
                    if let Some(old) = file.each_value(key) {
                        if old != *k {
                            note(&o.source, format!("{key} {old}"));
                        }
                    }
                    if let Some(slot) = self.each_slot(key) {
                        *slot = Some(*k);
                    }
                }
                Change::Min(i, k)
                | Change::Max(i, k)
                | Change::Exact(i, k)
                | Change::Base(i, k) => {
                    let key = match o.change {
                        Change::Min(..) => LISTS[0],
                        Change::Max(..) => LISTS[1],
                        Change::Exact(..) => LISTS[2],
                        _ => LISTS[3],
                    };
                    let old = file
                        .list_values(key)
                        .iter()
                        .find(|(j, _)| j == i)
                        .map(|&(_, old)| old);
                    if let Some(old) = old {
                        if old != *k {
                            note(&o.source, format!("{key} {} {old}", region(*i)));
                        }
                    }
                    if let Some(list) = self.list_slot(key) {
                        list.retain(|(j, _)| j != i);
                        list.push((*i, *k));
                        list.sort_unstable();
                    }
                }
                Change::WomenAtLeast { name, target } => {
                    for r in &file.rules {
                        if let Rule::WomenAtLeast(old) = &r.rule {
                            if old != target {
                                note(&o.source, format!("rule `{}`", r.name));
                            }
                        }
                    }
                    self.rules
                        .retain(|r| !matches!(r.rule, Rule::WomenAtLeast(_)));
                    self.rules.push(NamedRule::new(
                        name.clone(),
                        Rule::WomenAtLeast(target.clone()),
                    ));
                }
                Change::Group(group) => {
                    if let Some(old) = file.rules.iter().find(|r| r.name == group.name) {
                        if old != group {
                            note(&o.source, format!("rule `{}`", old.name));
                        }
                    }
                    self.rules.retain(|r| r.name != group.name);
                    self.rules.push(group.clone());
                }
                Change::BalancedDelegations => {
                    if !self
                        .rules
                        .iter()
                        .any(|r| r.rule == Rule::BalancedDelegations)
                    {
                        self.rules.push(NamedRule::new(
                            "balanced delegations",
                            Rule::BalancedDelegations,
                        ));
                    }
                }
                Change::WomanInEveryDelegation => {
                    if !self
                        .rules
                        .iter()
                        .any(|r| r.rule == Rule::WomanInEveryDelegation)
                    {
                        self.rules.push(NamedRule::new(
                            "a woman in every delegation",
                            Rule::WomanInEveryDelegation,
                        ));
                    }
                }
            }
        }
        notes
    }

    /// Removes the rule the output cites as `name` (`max London`,
    /// `min_each`, `nations`, …; see [`Scenario::all_rules`]) and returns a
    /// note saying so, quoting `source`. An unknown name is an error that
    /// suggests the nearest names and lists the scenario's rules.
    ///
    /// ```
    /// use seatshare::scenario::Dataset;
    /// let text = "regions:\n  - {name: London, count: 5}\n  - {name: Wales, count: 3}\n\
    ///             scenarios:\n  - {id: draft, seats: 6, method: dhondt, max: {London: 3}, min_each: 1}\n";
    /// let data = Dataset::from_yaml_str(text, "x.yaml").unwrap();
    /// let mut s = data.scenario("draft").unwrap().clone();
    /// let note = s.drop_rule("max London", "--drop-rule 'max London'", &data.names()).unwrap();
    /// assert_eq!(note, "--drop-rule 'max London' drops the file's max London 3");
    /// assert!(s.restrictions.max.is_empty());
    /// let err = s.drop_rule("min each", "--drop-rule", &data.names()).unwrap_err();
    /// assert!(err.to_string().contains("did you mean `min_each`?"));
    /// ```
    pub fn drop_rule(
        &mut self,
        name: &str,
        source: &str,
        names: &[String],
    ) -> Result<String, ScenarioError> {
        let wanted = name.trim();
        let dropped = |old: String| format!("{source} drops the file's {old}");
        for key in EACH {
            if wanted == key {
                if let Some(slot) = self.each_slot(key) {
                    if let Some(old) = slot.take() {
                        return Ok(dropped(format!("{key} {old}")));
                    }
                }
            }
        }
        for key in LISTS {
            let Some(list) = self.list_slot(key) else {
                continue;
            };
            let found = list
                .iter()
                .position(|&(i, _)| names.get(i).is_some_and(|n| wanted == format!("{key} {n}")));
            if let Some(at) = found {
                let (i, old) = list.remove(at);
                return Ok(dropped(format!("{key} {} {old}", names[i])));
            }
        }
        if let Some(at) = self.rules.iter().position(|r| r.name == wanted) {
            let old = self.rules.remove(at);
            return Ok(dropped(format!("rule `{}`", old.name)));
        }
        let known: Vec<String> = self.all_rules(names).into_iter().map(|r| r.name).collect();
        Err(ScenarioError::Lookup(unknown_rule(
            &self.id, wanted, &known,
        )))
    }
}

/// "scenario `x` has no rule named `y`; did you mean …? Its rules are: …".
fn unknown_rule(scenario: &str, name: &str, known: &[String]) -> String {
    if known.is_empty() {
        return format!(
            "scenario `{scenario}` has no rule named `{name}`: it has no rules to drop"
        );
    }
    let names: Vec<&str> = known.iter().map(String::as_str).collect();
    let close: Vec<String> = crate::suggest::closest(name, &names)
        .into_iter()
        .map(|k| format!("`{k}`"))
        .collect();
    let listed: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    let listed = listed.join(", ");
    if close.is_empty() {
        format!("scenario `{scenario}` has no rule named `{name}`; its rules are: {listed}")
    } else {
        format!(
            "scenario `{scenario}` has no rule named `{name}`; did you mean {}? Its rules are: {listed}",
            close.join(" or ")
        )
    }
}
