//! The YAML scenario file: raw serde types that keep every value's text and
//! location, and their validation into domain types.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{
    Basis, BrokenScenario, Dataset, Makeup, Region, Restrictions, Scenario, ScenarioError,
};
use crate::method::Method;
use crate::number::Decimal;
use crate::rule::{NamedRule, Rule, WomenTarget};

type Text = Spanned<String>;
type SeatMap = BTreeMap<String, Text>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    title: Option<String>,
    source: Option<String>,
    sources: Option<RawSources>,
    date: Option<String>,
    unit: Option<String>,
    note: Option<String>,
    seats: Option<Text>,
    weights: Option<Text>,
    regions: Vec<RawRegion>,
    #[serde(default)]
    makeups: Vec<RawMakeup>,
    #[serde(default)]
    scenarios: Vec<RawScenario>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSources {
    count: Option<String>,
    share: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: Text,
    count: Option<Text>,
    share: Option<Text>,
    women: Option<Text>,
    /// Free text for the reader of the file; not used.
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMakeup {
    id: Text,
    title: Option<String>,
    source: Option<String>,
    note: Option<String>,
    women: Option<Text>,
    seats: SeatMap,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    id: Text,
    title: Option<String>,
    note: Option<String>,
    seats: Text,
    method: Text,
    weights: Option<Text>,
    min_each: Option<Text>,
    max_each: Option<Text>,
    exact_each: Option<Text>,
    base_each: Option<Text>,
    min: Option<SeatMap>,
    max: Option<SeatMap>,
    exact: Option<SeatMap>,
    base: Option<SeatMap>,
    #[serde(default)]
    rules: Vec<RawRule>,
}

/// One rule: a `name` and exactly one kind (`group`, `women_at_least`,
/// `balanced_delegations`, `woman_in_every_delegation`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Option<Text>,
    group: Option<Vec<Text>>,
    at_least: Option<Text>,
    at_most: Option<Text>,
    women_at_least: Option<Text>,
    rounding: Option<Text>,
    balanced_delegations: Option<Spanned<bool>>,
    woman_in_every_delegation: Option<Spanned<bool>>,
}

/// Reads values with their place in the file (shared with the claims
/// file's reader).
pub(super) struct Reader<'a> {
    pub(super) path: &'a str,
}

impl Reader<'_> {
    pub(super) fn at(&self, spanned: &Text, message: String) -> ScenarioError {
        ScenarioError::At {
            path: self.path.to_string(),
            line: spanned.referenced.line() as usize,
            column: spanned.referenced.column() as usize,
            message,
        }
    }

    fn weight(&self, value: &Text, region: &str, field: &str) -> Result<Decimal, ScenarioError> {
        Decimal::parse(&value.value)
            .map_err(|e| self.at(value, format!("{region}: the {field} {e}")))
    }

    pub(super) fn count(&self, value: &Text, what: &str) -> Result<u64, ScenarioError> {
        let text = value.value.trim();
        text.parse::<u64>().map_err(|_| {
            let problem = if text.starts_with('-') {
                "cannot be negative"
            } else {
                "must be a whole number of seats"
            };
            self.at(value, format!("{what} {problem}, but is `{text}`"))
        })
    }

    pub(super) fn basis(&self, value: &Text) -> Result<Basis, ScenarioError> {
        match value.value.trim() {
            "counts" | "count" => Ok(Basis::Counts),
            "shares" | "share" => Ok(Basis::Shares),
            other => {
                let hint = crate::suggest::did_you_mean(other, &["counts", "shares"])
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                Err(self.at(
                    value,
                    format!("weights must be `counts` or `shares`, not `{other}`{hint}"),
                ))
            }
        }
    }

    pub(super) fn region_index(
        &self,
        regions: &[Region],
        name: &str,
        at: &Text,
        context: &str,
    ) -> Result<usize, ScenarioError> {
        regions.iter().position(|r| r.name == name).ok_or_else(|| {
            let known: Vec<&str> = regions.iter().map(|r| r.name.as_str()).collect();
            let message = match super::not_found("region", name, &known) {
                ScenarioError::Lookup(m) => m,
                other => other.to_string(),
            };
            self.at(at, format!("{context}: {message}"))
        })
    }

    fn seat_list(
        &self,
        regions: &[Region],
        map: &Option<SeatMap>,
        context: &str,
    ) -> Result<Vec<(usize, u64)>, ScenarioError> {
        let mut out = Vec::new();
        for (name, value) in map.iter().flatten() {
            let index = self.region_index(regions, name, value, context)?;
            out.push((index, self.count(value, &format!("{context}: {name}"))?));
        }
        out.sort_unstable();
        Ok(out)
    }
}

/// The YAML parser's message (line, column and a snippet), with "did you
/// mean" added to an unknown key.
pub(super) fn syntax(error: &dyn std::fmt::Display, path: &str) -> ScenarioError {
    let mut message = error
        .to_string()
        .trim_start_matches("error: ")
        .replace("<input>", path);
    if let Some(hinted) = unknown_key_hint(&message) {
        message = hinted;
    }
    ScenarioError::Syntax {
        path: path.to_string(),
        message,
    }
}

/// `unknown field `regoins`, expected one of title, …, regions` gains
/// `; did you mean `regions`?` after the list, wherever it appears.
fn unknown_key_hint(message: &str) -> Option<String> {
    let start = message.find("unknown field `")? + "unknown field `".len();
    let rest = &message[start..];
    let key = &rest[..rest.find('`')?];
    let list_at = rest.find("expected one of ")? + "expected one of ".len();
    let list_text = rest[list_at..].lines().next()?.trim_end();
    let known: Vec<&str> = list_text
        .split(',')
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    let hint = crate::suggest::did_you_mean(key, &known)?;
    let phrase = format!("expected one of {list_text}");
    Some(message.replace(&phrase, &format!("{phrase}; {hint}")))
}

pub(super) fn parse(text: &str, path: &str) -> Result<Dataset, ScenarioError> {
    let raw: RawFile = serde_saphyr::from_str(text).map_err(|e| syntax(&e, path))?;
    let reader = Reader { path };
    let regions = regions(&reader, &raw.regions)?;
    let default_basis = match &raw.weights {
        Some(value) => reader.basis(value)?,
        None if regions.iter().all(|r| r.count.is_some()) => Basis::Counts,
        None => Basis::Shares,
    };
    let mut makeups = Vec::with_capacity(raw.makeups.len());
    for m in &raw.makeups {
        makeups.push(makeup(&reader, &regions, m)?);
    }
    check_unique(&reader, raw.makeups.iter().map(|m| &m.id), "makeup")?;
    // Each scenario stands alone: one with a fault is kept, with its error,
    // and the others still run.
    let mut scenarios = Vec::with_capacity(raw.scenarios.len());
    let mut broken = Vec::new();
    for s in &raw.scenarios {
        match scenario(&reader, &regions, s) {
            Ok(done) => scenarios.push(done),
            Err(error) => broken.push(BrokenScenario {
                id: s.id.value.clone(),
                title: s.title.clone(),
                error,
            }),
        }
    }
    check_unique(&reader, raw.scenarios.iter().map(|s| &s.id), "scenario")?;
    let section_seats = match &raw.seats {
        Some(value) => Some(reader.count(value, "seats")?),
        None => None,
    };
    let sources = raw.sources.unwrap_or(RawSources {
        count: None,
        share: None,
    });
    Ok(Dataset {
        path: path.to_string(),
        title: raw.title,
        source: raw.source,
        count_source: sources.count,
        share_source: sources.share,
        date: raw.date,
        unit: raw.unit.unwrap_or_else(|| "weight".into()),
        note: raw.note,
        section_seats,
        default_basis,
        regions,
        makeups,
        scenarios,
        broken,
        read_notes: Vec::new(),
    })
}

fn regions(reader: &Reader<'_>, raw: &[RawRegion]) -> Result<Vec<Region>, ScenarioError> {
    if raw.is_empty() {
        return Err(ScenarioError::Invalid {
            path: reader.path.to_string(),
            message: "`regions` is empty; list at least one region with a count or share".into(),
        });
    }
    let mut seen_names = std::collections::HashSet::new();
    let mut regions: Vec<Region> = Vec::with_capacity(raw.len());
    for r in raw {
        let name = r.name.value.trim().to_string();
        if name.is_empty() {
            return Err(reader.at(&r.name, "a region needs a name".into()));
        }
        if !seen_names.insert(name.clone()) {
            return Err(reader.at(
                &r.name,
                format!("the region `{name}` is listed twice; each region must appear once"),
            ));
        }
        let count = r
            .count
            .as_ref()
            .map(|v| reader.weight(v, &name, "count"))
            .transpose()?;
        let share = r
            .share
            .as_ref()
            .map(|v| reader.weight(v, &name, "share"))
            .transpose()?;
        if count.is_none() && share.is_none() {
            return Err(reader.at(
                &r.name,
                format!("{name} has neither a count nor a share; give at least one"),
            ));
        }
        let women = r
            .women
            .as_ref()
            .map(|v| reader.weight(v, &name, "women"))
            .transpose()?;
        if let (Some(w), Some(c), Some(at)) = (&women, &count, &r.women) {
            if w.to_rational() > c.to_rational() {
                return Err(reader.at(
                    at,
                    format!("{name}: {w} women members is more than its count of {c}"),
                ));
            }
        }
        regions.push(Region {
            name,
            count,
            share,
            women,
        });
    }
    Ok(regions)
}

fn makeup(
    reader: &Reader<'_>,
    regions: &[Region],
    raw: &RawMakeup,
) -> Result<Makeup, ScenarioError> {
    let context = format!("makeup `{}`", raw.id.value);
    let mut seats = vec![0; regions.len()];
    for (name, value) in &raw.seats {
        let index = reader.region_index(regions, name, value, &context)?;
        seats[index] = reader.count(value, &format!("{context}: {name}"))?;
    }
    // A makeup is a body's seats: past 2^60 it is no body seatshare can
    // compare with (and the sum would not fit).
    let total: u64 = match seats
        .iter()
        .try_fold(0u64, |sum, &s| sum.checked_add(s))
        .filter(|&t| t <= crate::solve::MAX_HOUSE)
    {
        Some(total) => total,
        None => {
            return Err(reader.at(
                &raw.id,
                format!("{context} has more than 2^60 seats in all; give each region's seats as a count of seats"),
            ))
        }
    };
    if total == 0 {
        return Err(reader.at(
            &raw.id,
            format!("{context} has no seats; list its seats by region"),
        ));
    }
    let women = match &raw.women {
        Some(value) => {
            let w = reader.count(value, &format!("{context}: women"))?;
            if w > total {
                return Err(reader.at(
                    value,
                    format!("{context}: {w} women is more than its {total} seats"),
                ));
            }
            Some(w)
        }
        None => None,
    };
    Ok(Makeup {
        id: raw.id.value.clone(),
        title: raw.title.clone(),
        source: raw.source.clone(),
        note: raw.note.clone(),
        women,
        seats,
    })
}

fn scenario(
    reader: &Reader<'_>,
    regions: &[Region],
    raw: &RawScenario,
) -> Result<Scenario, ScenarioError> {
    let context = format!("scenario `{}`", raw.id.value);
    let seats = reader.count(&raw.seats, &format!("{context}: seats"))?;
    let method = Method::parse(&raw.method.value)
        .map_err(|e| reader.at(&raw.method, format!("{context}: {e}")))?;
    let basis = raw.weights.as_ref().map(|v| reader.basis(v)).transpose()?;
    let optional = |value: &Option<Text>, what: &str| {
        value
            .as_ref()
            .map(|v| reader.count(v, &format!("{context}: {what}")))
            .transpose()
    };
    let restrictions = Restrictions {
        min_each: optional(&raw.min_each, "min_each")?,
        max_each: optional(&raw.max_each, "max_each")?,
        exact_each: optional(&raw.exact_each, "exact_each")?,
        base_each: optional(&raw.base_each, "base_each")?,
        min: reader.seat_list(regions, &raw.min, &format!("{context}, min"))?,
        max: reader.seat_list(regions, &raw.max, &format!("{context}, max"))?,
        exact: reader.seat_list(regions, &raw.exact, &format!("{context}, exact"))?,
        base: reader.seat_list(regions, &raw.base, &format!("{context}, base"))?,
    };
    let mut rules = Vec::with_capacity(raw.rules.len());
    for r in &raw.rules {
        rules.push(rule(reader, regions, r, &context, &raw.id)?);
    }
    Ok(Scenario {
        id: raw.id.value.clone(),
        title: raw.title.clone(),
        note: raw.note.clone(),
        seats,
        method,
        basis,
        restrictions,
        rules,
    })
}

fn rule(
    reader: &Reader<'_>,
    regions: &[Region],
    raw: &RawRule,
    context: &str,
    scenario_id: &Text,
) -> Result<NamedRule, ScenarioError> {
    let named = raw.name.as_ref().map(|n| n.value.trim().to_string());
    let context = match &named {
        Some(n) => format!("{context}, rule `{n}`"),
        None => format!("{context}, a rule"),
    };
    let at = raw.name.as_ref().unwrap_or(scenario_id);
    let kinds = [
        raw.group.is_some(),
        raw.women_at_least.is_some(),
        raw.balanced_delegations.is_some(),
        raw.woman_in_every_delegation.is_some(),
    ];
    if kinds.iter().filter(|&&k| k).count() != 1 {
        return Err(reader.at(
            at,
            format!("{context} must have exactly one of `group`, `women_at_least`, `balanced_delegations` or `woman_in_every_delegation`"),
        ));
    }
    let seats = |value: &Option<Text>, what: &str| {
        value
            .as_ref()
            .map(|v| reader.count(v, &format!("{context}: {what}")))
            .transpose()
    };
    let misplaced = |value: &Option<Text>, key: &str, belongs: &str| match value {
        Some(v) => Err(reader.at(v, format!("{context}: `{key}` only goes with `{belongs}`"))),
        None => Ok(()),
    };
    let (default_name, rule) = if let Some(members) = &raw.group {
        misplaced(&raw.rounding, "rounding", "women_at_least")?;
        let mut indices = Vec::with_capacity(members.len());
        for m in members {
            let i = reader.region_index(regions, m.value.trim(), m, &context)?;
            if indices.contains(&i) {
                return Err(reader.at(m, format!("{context}: {} is listed twice", m.value)));
            }
            indices.push(i);
        }
        let at_least = seats(&raw.at_least, "at_least")?;
        let at_most = seats(&raw.at_most, "at_most")?;
        if members.is_empty() || (at_least.is_none() && at_most.is_none()) {
            return Err(reader.at(
                at,
                format!("{context}: a group needs its regions and `at_least`, `at_most` or both"),
            ));
        }
        let names: Vec<&str> = indices.iter().map(|&i| regions[i].name.as_str()).collect();
        (
            format!("group {}", names.join(" + ")),
            Rule::Group {
                regions: indices,
                at_least,
                at_most,
            },
        )
    } else if let Some(value) = &raw.women_at_least {
        misplaced(&raw.at_least, "at_least", "group")?;
        misplaced(&raw.at_most, "at_most", "group")?;
        let target = women_target(reader, value, raw.rounding.as_ref(), &context)?;
        (
            format!("women at least {}", value.value.trim()),
            Rule::WomenAtLeast(target),
        )
    } else {
        for (value, key) in [(&raw.at_least, "at_least"), (&raw.at_most, "at_most")] {
            misplaced(value, key, "group")?;
        }
        misplaced(&raw.rounding, "rounding", "women_at_least")?;
        let (flag, key, name, rule) = if let Some(flag) = &raw.balanced_delegations {
            (
                flag,
                "balanced_delegations",
                "balanced delegations",
                Rule::BalancedDelegations,
            )
        } else if let Some(flag) = &raw.woman_in_every_delegation {
            (
                flag,
                "woman_in_every_delegation",
                "a woman in every delegation",
                Rule::WomanInEveryDelegation,
            )
        } else {
            return Err(reader.at(at, format!("{context} has no kind")));
        };
        if !flag.value {
            return Err(ScenarioError::At {
                path: reader.path.to_string(),
                line: flag.referenced.line() as usize,
                column: flag.referenced.column() as usize,
                message: format!(
                    "{context}: `{key}: false` is not a rule; delete the line to drop it"
                ),
            });
        }
        (name.to_string(), rule)
    };
    Ok(NamedRule::new(named.unwrap_or(default_name), rule))
}

/// `5` (women) or `50%` with its `rounding`.
fn women_target(
    reader: &Reader<'_>,
    value: &Text,
    rounding: Option<&Text>,
    context: &str,
) -> Result<WomenTarget, ScenarioError> {
    WomenTarget::parse(&value.value, rounding.map(|r| r.value.as_str()))
        .map_err(|e| reader.at(rounding.unwrap_or(value), format!("{context}: {e}")))
}
fn check_unique<'a>(
    reader: &Reader<'_>,
    ids: impl Iterator<Item = &'a Text>,
    what: &str,
) -> Result<(), ScenarioError> {
    let mut seen: Vec<&str> = Vec::new();
    for id in ids {
        if seen.contains(&id.value.as_str()) {
            return Err(reader.at(id, format!("the {what} id `{}` is used twice", id.value)));
        }
        seen.push(&id.value);
    }
    Ok(())
}
