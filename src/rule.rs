//! Rule definitions: what a scenario may require of an allocation (seat
//! bounds, group totals, gender balance), in words and numbers. The
//! scenario reader builds them and the rules engine solves them; this
//! module imports neither.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;

use crate::number::Decimal;

/// A rule with the name the output cites it by.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedRule {
    /// The rule's name, e.g. `nations` or `half women`.
    pub name: String,
    /// What it requires.
    pub rule: Rule,
}

impl NamedRule {
    /// A rule with a name.
    pub fn new(name: impl Into<String>, rule: Rule) -> NamedRule {
        NamedRule {
            name: name.into(),
            rule,
        }
    }
}

/// One requirement on an allocation.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// At least this many seats for the region (or for every region).
    AtLeast {
        /// Which regions.
        scope: Scope,
        /// Seats.
        seats: u64,
    },
    /// At most this many seats.
    AtMost {
        /// Which regions.
        scope: Scope,
        /// Seats.
        seats: u64,
    },
    /// Exactly this many (designated) seats.
    Exactly {
        /// Which regions.
        scope: Scope,
        /// Seats.
        seats: u64,
    },
    /// Base seats given before the method shares out the rest.
    Base {
        /// Which regions.
        scope: Scope,
        /// Seats.
        seats: u64,
    },
    /// A set of regions with a minimum and/or maximum total.
    Group {
        /// The regions, by index.
        regions: Vec<usize>,
        /// Their total is at least this.
        at_least: Option<u64>,
        /// Their total is at most this.
        at_most: Option<u64>,
    },
    /// At least this many of the seats go to women.
    WomenAtLeast(WomenTarget),
    /// In every region |women − men| ≤ 1.
    BalancedDelegations,
    /// At least one woman in every delegation of 2 or more.
    WomanInEveryDelegation,
}

/// The regions a seat rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every region.
    Each,
    /// One region, by index.
    Region(usize),
}

/// How many women a gender rule asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum WomenTarget {
    /// A number of seats.
    Count(u64),
    /// A percentage of the house, rounded as the rule book says.
    Percent {
        /// The percentage (e.g. 50).
        percent: Decimal,
        /// Up (⌈p·S⌉) or down (⌊p·S⌋).
        rounding: Rounding,
    },
}

/// Rounding of a percentage of seats to whole seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// ⌈p · S / 100⌉: 50 % of 9 is 5.
    Up,
    /// ⌊p · S / 100⌋: 50 % of 9 is 4.
    Down,
}

impl WomenTarget {
    /// Reads `5` (women) or `50%` with a rounding (`up` or `down`), which a
    /// percentage needs and a count must not have.
    ///
    /// ```
    /// use seatshare::rules::{Rounding, WomenTarget};
    /// assert_eq!(WomenTarget::parse("50%", Some("down")).unwrap().seats(9), 4);
    /// assert_eq!(WomenTarget::parse("50%", Some("up")).unwrap().seats(9), 5);
    /// assert!(WomenTarget::parse("50%", None).is_err());
    /// assert_eq!(WomenTarget::parse("5", None), Ok(WomenTarget::Count(5)));
    /// ```
    pub fn parse(text: &str, rounding: Option<&str>) -> Result<WomenTarget, String> {
        let text = text.trim();
        if text.ends_with('%') {
            let percent = Decimal::parse(text).map_err(|e| format!("women at least {e}"))?;
            let rounding = match rounding.map(str::trim) {
                Some("up") => Rounding::Up,
                Some("down") => Rounding::Down,
                Some(other) => return Err(format!("rounding must be `up` or `down`, not `{other}`")),
                None => return Err(format!(
                    "{text} of the seats needs a rounding, up or down (50% of 9 seats is 5 rounded up, 4 rounded down)"
                )),
            };
            Ok(WomenTarget::Percent { percent, rounding })
        } else {
            if rounding.is_some() {
                return Err(format!(
                    "a rounding only applies to a percentage such as 50%, not to `{text}` women"
                ));
            }
            text.parse::<u64>().map(WomenTarget::Count).map_err(|_| {
                format!("women at least `{text}`: give a whole number of seats (5) or a percentage (50%)")
            })
        }
    }

    /// The number of women this target asks for in a house of `house`.
    pub fn seats(&self, house: u64) -> u64 {
        match self {
            WomenTarget::Count(k) => *k,
            WomenTarget::Percent { percent, rounding } => {
                let share = percent.to_rational() * BigRational::from_integer(BigInt::from(house))
                    / BigRational::from_integer(BigInt::from(100));
                let whole = match rounding {
                    Rounding::Up => share.ceil(),
                    Rounding::Down => share.floor(),
                };
                whole.to_integer().to_u64().unwrap_or(u64::MAX)
            }
        }
    }
}

impl Rule {
    /// True for the gender rules.
    pub fn is_gender(&self) -> bool {
        matches!(
            self,
            Rule::WomenAtLeast(_) | Rule::BalancedDelegations | Rule::WomanInEveryDelegation
        )
    }

    /// The rule in words, with region names.
    pub fn describe(&self, names: &[String], house: u64) -> String {
        let seats = |k: u64| {
            if k == 1 {
                "1 seat".to_string()
            } else {
                format!("{k} seats")
            }
        };
        let scope = |s: &Scope| match s {
            Scope::Each => "every region".to_string(),
            Scope::Region(i) => name_of(names, *i),
        };
        match self {
            Rule::AtLeast { scope: s, seats: k } => format!("{} at least {}", scope(s), seats(*k)),
            Rule::AtMost { scope: s, seats: k } => format!("{} at most {}", scope(s), seats(*k)),
            Rule::Exactly { scope: s, seats: k } => format!("{} exactly {}", scope(s), seats(*k)),
            Rule::Base { scope: s, seats: k } => {
                format!(
                    "{} {} before the method shares out the rest",
                    scope(s),
                    seats(*k)
                )
            }
            Rule::Group {
                regions,
                at_least,
                at_most,
            } => {
                let members: Vec<_> = regions.iter().map(|&i| name_of(names, i)).collect();
                // A long group is named by its first members and its last.
                let who = match members.as_slice() {
                    [first, second, .., last] if members.len() > 12 => {
                        format!("the {} regions {first}, {second}, … {last}", members.len())
                    }
                    _ => list(&members),
                };
                match (at_least, at_most) {
                    (Some(a), Some(b)) => format!("{who} together between {a} and {b} seats"),
                    (Some(a), None) => format!("{who} together at least {}", seats(*a)),
                    (None, Some(b)) => format!("{who} together at most {}", seats(*b)),
                    (None, None) => format!("{who} (no limit)"),
                }
            }
            Rule::WomenAtLeast(target) => {
                let k = target.seats(house);
                match target {
                    WomenTarget::Count(_) => format!("at least {k} women"),
                    WomenTarget::Percent { percent, rounding } => format!(
                        "at least {percent}% women, rounded {}: {k} of {house}",
                        match rounding {
                            Rounding::Up => "up",
                            Rounding::Down => "down",
                        }
                    ),
                }
            }
            Rule::BalancedDelegations => {
                "every delegation balanced within one, |women − men| ≤ 1".into()
            }
            Rule::WomanInEveryDelegation => {
                "at least one woman in every delegation of 2 or more".into()
            }
        }
    }
}

pub(crate) fn name_of(names: &[String], i: usize) -> String {
    names
        .get(i)
        .cloned()
        .unwrap_or_else(|| format!("region #{}", i + 1))
}

/// "A", "A and B", "A, B and C".
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
