//! A claims file: statements people make about a body's seats, in data
//! form, each with its quoted text and source, read and validated into
//! plain domain types for the claim checker.
//!
//! ```yaml
//! title: "Claims about the Labour NEC members' section"
//! data: labour-nec-2018.yaml     # regions, weights and makeups (relative to this file)
//! claims:
//!   - id: published-table
//!     text: "… London 3, North West 1, …"
//!     source: "…"
//!     kind: table                # a seat table at its house size
//!     weights: shares            # optional: counts | shares
//!     scenario: nations-together # optional: under this data scenario's rules
//!     methods: all               # optional: all, or ids separated by commas
//!     table: {Greater London: 3, North West: 1}
//!   - id: official-seats
//!     kind: table
//!     table_column: seats        # instead of `table:`: a column of the data CSV
//!   - id: twenty
//!     kind: needs                # "every region needs at least `each` seats: that takes `seats`"
//!     each: 1
//!     seats: 20
//!   - id: london-gets-three
//!     kind: region_seats         # "region gets `at_least`…" exactly `gets` seats at `house`
//!     region: Greater London
//!     gets: 3
//!     house: 9
//!   - id: eighty-per-cent
//!     kind: share                # regions hold at least a percentage of a makeup's seats
//!     makeups: [current-2018]
//!     regions: [Greater London, South East]
//!     at_least_percent: 80
//!     cannot_check: "what the data does not cover"
//!   - id: five-of-six
//!     kind: slate                # a ranked election: the top `places`, with a minimum of women
//!     places: 6
//!     min_women: 3
//!     slate: Left
//!     at_least: 5
//!     candidates:
//!       - {name: Ann Black, votes: 257, gender: woman, gender_source: "…", slate: Left, slate_source: "…"}
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::yaml::Reader;
use super::{Basis, Dataset, ScenarioError};
use crate::method::Method;
use crate::number::Decimal;

type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    title: Option<String>,
    data: Option<Text>,
    claims: Vec<RawClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: Text,
    text: String,
    source: String,
    note: Option<String>,
    kind: Text,
    weights: Option<Text>,
    scenario: Option<Text>,
    methods: Option<Text>,
    table: Option<BTreeMap<String, Text>>,
    table_column: Option<Text>,
    seats: Option<Text>,
    each: Option<Text>,
    region: Option<Text>,
    gets: Option<Text>,
    house: Option<Text>,
    makeups: Option<Vec<Text>>,
    regions: Option<Vec<Text>>,
    at_least_percent: Option<Text>,
    cannot_check: Option<String>,
    places: Option<Text>,
    min_women: Option<Text>,
    slate: Option<Text>,
    at_least: Option<Text>,
    ranking: Option<String>,
    candidates: Option<Vec<RawCandidate>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCandidate {
    name: Text,
    votes: Text,
    gender: Text,
    gender_source: String,
    slate: Option<String>,
    slate_source: Option<String>,
}

/// The most orders of tied candidates a slate claim may need tried.
pub const MAX_TIE_ORDERS: usize = 100_000;

/// A claims file, validated.
#[derive(Debug, Clone)]
pub struct ClaimsFile {
    /// The file it was read from.
    pub path: String,
    /// Heading.
    pub title: Option<String>,
    /// The regions, weights and makeups the claims are about, if any.
    pub data: Option<Dataset>,
    /// The claims, in file order.
    pub claims: Vec<Claim>,
}

/// One statement with its words and source.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Short id.
    pub id: String,
    /// The statement, quoted.
    pub text: String,
    /// Where it was made.
    pub source: String,
    /// Free text for the reader.
    pub note: Option<String>,
    /// What it says, in data form.
    pub kind: ClaimKind,
    /// The data file's scenario whose rules (bounds, groups, gender) the
    /// claim is checked under, if it names one; its house size and method
    /// are not used.
    pub scenario: Option<String>,
}

/// What a claim says.
#[derive(Debug, Clone)]
pub enum ClaimKind {
    /// "Proportional seats would look like this table."
    Table {
        /// Seats per region (house = their sum).
        seats: Vec<u64>,
        /// Weights to use (`None`: the data's default).
        basis: Option<Basis>,
        /// Methods to try.
        methods: Vec<Method>,
    },
    /// "For every region to hold `each` seats, the body needs `seats`."
    Needs {
        /// Seats each region must hold.
        each: u64,
        /// The claimed house size.
        seats: u64,
        /// Weights to use.
        basis: Option<Basis>,
        /// Methods to try.
        methods: Vec<Method>,
    },
    /// "Region gets `gets` seats at `house` seats."
    RegionSeats {
        /// The region.
        region: usize,
        /// Its claimed seats.
        gets: u64,
        /// House size.
        house: u64,
        /// Weights to use.
        basis: Option<Basis>,
        /// Methods to try.
        methods: Vec<Method>,
    },
    /// "These regions hold at least this percentage of the seats."
    Share {
        /// The makeups (indices into the data's makeups) the claim covers.
        makeups: Vec<usize>,
        /// The regions.
        regions: Vec<usize>,
        /// The claimed percentage.
        at_least_percent: Decimal,
        /// What the data cannot check, if anything.
        cannot_check: Option<String>,
    },
    /// "Slate S wins at least K of N places" in a ranked election.
    Slate(SlateClaim),
}

/// A ranked election (a bloc vote: the top `places` win, with a minimum
/// of women) and a claim about one slate's places.
#[derive(Debug, Clone)]
pub struct SlateClaim {
    /// Places to fill.
    pub places: u64,
    /// At least this many of them go to women.
    pub min_women: u64,
    /// The slate the claim is about.
    pub slate: String,
    /// The places it is claimed to win at least.
    pub at_least: u64,
    /// What the numbers rank (e.g. "CLP nominations").
    pub ranking: Option<String>,
    /// The candidates.
    pub candidates: Vec<Candidate>,
}

/// One candidate in a ranked election.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Name.
    pub name: String,
    /// Votes or nominations.
    pub votes: u64,
    /// The gender as the file gives it, free-form (`woman`, `man`,
    /// `non-binary`, `unstated`, …).
    pub gender: String,
    /// True when the gender is `woman` (or `female`): the women rule counts
    /// those stated as women, and no one else.
    pub woman: bool,
    /// Where the gender comes from.
    pub gender_source: String,
    /// The slate, if any.
    pub slate: Option<String>,
    /// Where the slate comes from.
    pub slate_source: Option<String>,
}

/// What a claim needs from the file beyond the shared reader.
trait ClaimReader {
    fn need<'t>(
        &self,
        claim: &RawClaim,
        field: &'t Option<Text>,
        name: &str,
    ) -> Result<&'t Text, ScenarioError>;
    fn region(
        &self,
        data: Option<&Dataset>,
        name: &Text,
        context: &str,
    ) -> Result<usize, ScenarioError>;
    fn methods(&self, value: &Option<Text>) -> Result<Vec<Method>, ScenarioError>;
    fn optional_basis(&self, value: &Option<Text>) -> Result<Option<Basis>, ScenarioError>;
}

impl ClaimReader for Reader<'_> {
    fn need<'t>(
        &self,
        claim: &RawClaim,
        field: &'t Option<Text>,
        name: &str,
    ) -> Result<&'t Text, ScenarioError> {
        field.as_ref().ok_or_else(|| {
            self.at(
                &claim.id,
                format!(
                    "claim `{}` ({}) needs `{name}`",
                    claim.id.value, claim.kind.value
                ),
            )
        })
    }

    fn region(
        &self,
        data: Option<&Dataset>,
        name: &Text,
        context: &str,
    ) -> Result<usize, ScenarioError> {
        let data = data.ok_or_else(|| {
            self.at(
                name,
                format!("{context}: name the regions' file with `data:` at the top"),
            )
        })?;
        self.region_index(&data.regions, name.value.trim(), name, context)
    }

    fn methods(&self, value: &Option<Text>) -> Result<Vec<Method>, ScenarioError> {
        match value {
            None => Ok(Method::standard()),
            Some(v) if v.value.trim() == "all" => Ok(Method::standard()),
            Some(v) => v
                .value
                .split(',')
                .map(|m| Method::parse(m).map_err(|e| self.at(v, e.to_string())))
                .collect(),
        }
    }

    fn optional_basis(&self, value: &Option<Text>) -> Result<Option<Basis>, ScenarioError> {
        value.as_ref().map(|v| self.basis(v)).transpose()
    }
}

/// Reads a claims file (or standard input for `-`) and the data file it
/// names, relative to the claims file (to the current folder for `-`).
/// The data file must lie in the claims file's folder or below it: a
/// claims file from someone else cannot make seatshare read (and quote in
/// an error) any file on the machine. [`load_claims_allowing_outside`]
/// lifts that for files the user trusts.
pub fn load_claims(path: &Path) -> Result<ClaimsFile, ScenarioError> {
    load(path, false)
}

/// [`load_claims`], with a `data:` path allowed anywhere (absolute, or
/// leaving the folder with `..`): `check --allow-outside-paths`.
pub fn load_claims_allowing_outside(path: &Path) -> Result<ClaimsFile, ScenarioError> {
    load(path, true)
}

/// Whether a relative path stays inside its folder, read as written (a
/// `..` that climbs above the start leaves it).
fn stays_inside(relative: &Path) -> bool {
    use std::path::Component;
    let mut depth: i64 = 0;
    for part in relative.components() {
        match part {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

fn load(path: &Path, allow_outside: bool) -> Result<ClaimsFile, ScenarioError> {
    let shown = super::shown_name(path);
    let text = super::read_text(path)?;
    let raw: RawFile =
        serde_saphyr::from_str(&text).map_err(|e| super::yaml::syntax(&e, &shown))?;
    let reader = Reader { path: &shown };
    let data = match &raw.data {
        Some(name) => {
            let folder = match path.parent() {
                Some(p) if !super::is_stdin(path) && !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let relative = Path::new(name.value.trim());
            if !allow_outside && !stays_inside(relative) {
                return Err(reader.at(
                    name,
                    format!(
                        "data: `{}` lies outside the claims file's folder; put the data file beside the claims file (or below it), or run `seatshare check --allow-outside-paths` if you trust this claims file",
                        name.value.trim()
                    ),
                ));
            }
            let file = folder.join(relative);
            // Columns that table claims read as seat tables.
            let mut table_columns: Vec<String> = Vec::new();
            for c in &raw.claims {
                if let Some(col) = &c.table_column {
                    let col = col.value.trim().to_string();
                    if !table_columns.contains(&col) {
                        table_columns.push(col);
                    }
                }
            }
            let options = super::LoadOptions {
                table_columns,
                ..super::LoadOptions::default()
            };
            let at = raw
                .claims
                .iter()
                .find_map(|c| c.table_column.as_ref())
                .unwrap_or(name);
            Some(Dataset::load_with(&file, &options).map_err(|e| {
                let place = if matches!(e, ScenarioError::Io { .. }) {
                    name
                } else {
                    at
                };
                // Only the first line: the rest of a syntax error quotes
                // the other file's lines, which are not this file's to show.
                let message = e.to_string();
                let first = message.lines().next().unwrap_or_default();
                reader.at(place, format!("data: {first}"))
            })?)
        }
        None => None,
    };
    let mut claims = Vec::with_capacity(raw.claims.len());
    let mut ids = std::collections::HashSet::new();
    for c in &raw.claims {
        if !ids.insert(c.id.value.as_str()) {
            return Err(reader.at(
                &c.id,
                format!("the claim id `{}` is used twice", c.id.value),
            ));
        }
        claims.push(Claim {
            id: c.id.value.clone(),
            text: c.text.clone(),
            source: c.source.clone(),
            note: c.note.clone(),
            kind: kind(&reader, data.as_ref(), c)?,
            scenario: claim_scenario(&reader, data.as_ref(), c)?,
        });
    }
    Ok(ClaimsFile {
        path: shown.clone(),
        title: raw.title,
        data,
        claims,
    })
}

/// The scenario a claim names for its rules, checked against the data.
fn claim_scenario(
    reader: &Reader<'_>,
    data: Option<&Dataset>,
    c: &RawClaim,
) -> Result<Option<String>, ScenarioError> {
    let Some(name) = &c.scenario else {
        return Ok(None);
    };
    let context = format!("claim `{}`", c.id.value);
    if !matches!(c.kind.value.trim(), "table" | "needs" | "region_seats") {
        return Err(reader.at(
            name,
            format!(
                "{context}: `scenario:` applies to table, needs and region_seats claims, which solve seats; a `{}` claim solves none",
                c.kind.value.trim()
            ),
        ));
    }
    let id = name.value.trim();
    match data.map(|d| d.scenario(id)) {
        Some(Ok(_)) => Ok(Some(id.to_string())),
        Some(Err(e)) => Err(reader.at(name, format!("{context}: {e}"))),
        None => Err(reader.at(
            name,
            format!("{context}: name the regions' file with `data:`"),
        )),
    }
}

fn kind(
    reader: &Reader<'_>,
    data: Option<&Dataset>,
    c: &RawClaim,
) -> Result<ClaimKind, ScenarioError> {
    let context = format!("claim `{}`", c.id.value);
    // Every kind but a ranked election is about the regions in the data.
    let about_regions = matches!(
        c.kind.value.trim(),
        "table" | "needs" | "region_seats" | "share"
    );
    if data.is_none() && about_regions {
        return Err(reader.at(
            &c.kind,
            format!("{context}: a `{}` claim is about regions; name the regions' file with `data:` at the top", c.kind.value.trim()),
        ));
    }
    let basis = reader.optional_basis(&c.weights)?;
    let methods = reader.methods(&c.methods)?;
    match c.kind.value.trim() {
        "table" => {
            if let Some(column) = &c.table_column {
                if c.table.is_some() {
                    return Err(reader.at(
                        column,
                        format!("{context}: give `table:` or `table_column:`, not both"),
                    ));
                }
                let wanted = column.value.trim();
                let found = data.and_then(|d| {
                    d.makeups
                        .iter()
                        .find(|m| m.id == wanted)
                        .or_else(|| d.makeups.iter().find(|m| m.id.eq_ignore_ascii_case(wanted)))
                });
                let Some(makeup) = found else {
                    return Err(reader.at(
                        column,
                        format!("{context}: the data has no seat column `{wanted}`"),
                    ));
                };
                return Ok(ClaimKind::Table {
                    seats: makeup.seats.clone(),
                    basis,
                    methods,
                });
            }
            let Some(map) = &c.table else {
                return Err(reader.at(
                    &c.id,
                    format!("{context}: a table claim needs `table:`, a map of region: seats (or, for CSV data, `table_column:`)"),
                ));
            };
            let n = data.map_or(0, |d| d.regions.len());
            let mut seats = vec![0; n];
            for (name, value) in map {
                // The map's keys carry no place of their own: name the
                // place of the seats written beside the key.
                let key = Spanned {
                    value: name.clone(),
                    referenced: value.referenced,
                    defined: value.defined,
                };
                let index = reader.region(data, &key, &context)?;
                seats[index] = reader.count(value, &format!("{context}: {name}"))?;
            }
            match seats
                .iter()
                .try_fold(0u64, |sum, &s| sum.checked_add(s))
                .filter(|&t| t <= crate::solve::MAX_HOUSE)
            {
                Some(0) => {
                    return Err(reader.at(&c.id, format!("{context}: the table has no seats")))
                }
                Some(_) => {}
                None => {
                    return Err(reader.at(
                        &c.id,
                        format!("{context}: the table has more than 2^60 seats in all; give each region's seats as a count"),
                    ))
                }
            }
            Ok(ClaimKind::Table {
                seats,
                basis,
                methods,
            })
        }
        "needs" => {
            let seats = reader.count(
                reader.need(c, &c.seats, "seats")?,
                &format!("{context}: seats"),
            )?;
            let each = reader.count(
                reader.need(c, &c.each, "each")?,
                &format!("{context}: each"),
            )?;
            if data.is_none() {
                return Err(reader.at(
                    &c.id,
                    format!("{context}: name the regions' file with `data:`"),
                ));
            }
            Ok(ClaimKind::Needs {
                each,
                seats,
                basis,
                methods,
            })
        }
        "region_seats" => {
            let region = reader.region(data, reader.need(c, &c.region, "region")?, &context)?;
            let gets = reader.count(
                reader.need(c, &c.gets, "gets")?,
                &format!("{context}: gets"),
            )?;
            let house = reader.count(
                reader.need(c, &c.house, "house")?,
                &format!("{context}: house"),
            )?;
            Ok(ClaimKind::RegionSeats {
                region,
                gets,
                house,
                basis,
                methods,
            })
        }
        "share" => {
            let dataset = data.ok_or_else(|| {
                reader.at(
                    &c.id,
                    format!("{context}: name the regions' file with `data:`"),
                )
            })?;
            let makeups = c
                .makeups
                .iter()
                .flatten()
                .map(|m| {
                    dataset
                        .makeups
                        .iter()
                        .position(|x| x.id == m.value.trim())
                        .ok_or_else(|| {
                            let known: Vec<&str> =
                                dataset.makeups.iter().map(|x| x.id.as_str()).collect();
                            let message = match super::not_found("makeup", m.value.trim(), &known) {
                                ScenarioError::Lookup(text) => text,
                                other => other.to_string(),
                            };
                            reader.at(m, format!("{context}: {message}"))
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let regions = c
                .regions
                .iter()
                .flatten()
                .map(|r| reader.region(data, r, &context))
                .collect::<Result<Vec<_>, _>>()?;
            let percent = reader.need(c, &c.at_least_percent, "at_least_percent")?;
            let at_least_percent = Decimal::parse(&percent.value)
                .map_err(|e| reader.at(percent, format!("{context}: at_least_percent: {e}")))?;
            Ok(ClaimKind::Share {
                makeups,
                regions,
                at_least_percent,
                cannot_check: c.cannot_check.clone(),
            })
        }
        "slate" => slate(reader, c, &context),
        other => {
            let kinds = ["table", "needs", "region_seats", "share", "slate"];
            let hint = crate::suggest::did_you_mean(other, &kinds)
                .map(|h| format!("{h} "))
                .unwrap_or_default();
            Err(reader.at(
                &c.kind,
                format!(
                    "{context}: unknown kind `{other}`; {hint}use table, needs, region_seats, share or slate"
                ),
            ))
        }
    }
}

fn slate(reader: &Reader<'_>, c: &RawClaim, context: &str) -> Result<ClaimKind, ScenarioError> {
    let mut candidates = Vec::new();
    for raw in c.candidates.iter().flatten() {
        let gender = raw.gender.value.trim().to_string();
        if gender.is_empty() {
            return Err(reader.at(
                &raw.gender,
                format!("{context}: {}: give a gender as the source states it (`woman`, `man`, `non-binary`, or `unstated`); the rule counts those stated as women", raw.name.value),
            ));
        }
        let woman = matches!(gender.to_lowercase().as_str(), "woman" | "female");
        candidates.push(Candidate {
            name: raw.name.value.clone(),
            votes: raw.votes.value.trim().parse::<u64>().map_err(|_| {
                reader.at(
                    &raw.votes,
                    format!(
                        "{context}: {}: votes must be a whole number, not `{}`",
                        raw.name.value,
                        raw.votes.value.trim()
                    ),
                )
            })?,
            gender,
            woman,
            gender_source: raw.gender_source.clone(),
            slate: raw.slate.clone(),
            slate_source: raw.slate_source.clone(),
        });
    }
    let places = reader.count(
        reader.need(c, &c.places, "places")?,
        &format!("{context}: places"),
    )?;
    if candidates.len() < places as usize {
        return Err(reader.at(
            &c.id,
            format!(
                "{context}: {places} places but only {} candidates",
                candidates.len()
            ),
        ));
    }
    // Every order of tied candidates is tried: refuse a ranking with more.
    let mut votes: Vec<u64> = candidates.iter().map(|c| c.votes).collect();
    votes.sort_unstable();
    let orders = votes
        .chunk_by(|a, b| a == b)
        .map(|g| (1..=g.len() as u128).product::<u128>())
        .try_fold(1u128, |acc, k| acc.checked_mul(k))
        .filter(|&k| k <= MAX_TIE_ORDERS as u128);
    if orders.is_none() {
        return Err(reader.at(
            &c.id,
            format!("{context}: the tied votes allow more than {MAX_TIE_ORDERS} orders of the candidates, too many to try each"),
        ));
    }
    Ok(ClaimKind::Slate(SlateClaim {
        places,
        min_women: c
            .min_women
            .as_ref()
            .map(|w| reader.count(w, &format!("{context}: min_women")))
            .transpose()?
            .unwrap_or(0),
        slate: reader.need(c, &c.slate, "slate")?.value.trim().to_string(),
        at_least: reader.count(
            reader.need(c, &c.at_least, "at_least")?,
            &format!("{context}: at_least"),
        )?,
        ranking: c.ranking.clone(),
        candidates,
    }))
}
