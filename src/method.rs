//! Apportionment methods: canonical ids, accepted aliases, and their
//! definitions (divisor sequences and quota formulas).
//!
//! Every method has one canonical id, which all output uses, and accepts the
//! names people actually write: `jefferson`, `d'hondt` and `greatest-divisors`
//! all mean [`DivisorMethod::DHondt`]. Note the collisions the aliases avoid:
//! the Hagenbach-Bischoff *quota* is not the Hagenbach-Bischoff divisor method
//! (which is D'Hondt), and the Imperiali *quota* is not the Imperiali divisor.

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive};

use crate::number::{parse_rational, rational_text};

/// A method that turns weights into whole seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// A highest-averages method, defined by its divisor sequence.
    Divisor(DivisorMethod),
    /// A largest-remainder method, defined by its quota.
    Quota(QuotaMethod),
}

/// Divisor (highest averages) methods. The (k+1)-th seat of a region with
/// weight `v` has priority `v / d(k)`; seats go to the highest priorities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DivisorMethod {
    /// d(k) = k + 1: 1, 2, 3, … (Jefferson, greatest divisors).
    DHondt,
    /// d(k) = k + ½: 0.5, 1.5, 2.5, … (Webster, major fractions).
    SainteLague,
    /// Sainte-Laguë with the first divisor changed: `first` on the 1, 3, 5, …
    /// scale (1.4 in Norway, 1.2 in Sweden).
    ModifiedSainteLague {
        /// First divisor on the 1, 3, 5, … scale; above 0 and below 3.
        first: BigRational,
    },
    /// d(k) = k + ⅓, i.e. 1, 4, 7, … on the 3k + 1 scale.
    Danish,
    /// d(k) = k + 2: 2, 3, 4, … (the Imperiali divisor, not the quota).
    Imperiali,
    /// d(k) = k: 0, 1, 2, … (smallest divisors). Every region with weight is
    /// owed a first seat.
    Adams,
    /// d(k) = 2k(k+1)/(2k+1), the harmonic mean of k and k+1.
    Dean,
    /// d(k) = √(k(k+1)), the geometric mean of k and k+1 (equal proportions).
    HuntingtonHill,
    /// d(k) = k + r for a rational r in [0, 1].
    Stationary {
        /// The rounding point r.
        r: BigRational,
    },
}

/// Largest-remainder methods: each region gets ⌊v/Q⌋ seats, then the seats
/// left go to the largest remainders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaMethod {
    /// Q = V / S (Hare quota): Hamilton, Hare–Niemeyer, Vinton.
    Hamilton,
    /// Q = ⌊V / (S+1)⌋ + 1, V in the units given (the Droop quota as used in
    /// elections).
    Droop,
    /// Q = V / (S+1), exact (the Hagenbach-Bischoff quota, also called the
    /// exact Droop quota).
    HagenbachBischoff,
    /// Q = V / (S+2) (the Imperiali quota).
    ImperialiQuota,
}

/// Whether a divisor value d(k) is the number itself or its square root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignpostKind {
    /// d(k) = num / den.
    Rational,
    /// d(k) = √(num / den) (Huntington–Hill).
    SquareRoot,
}

/// The exact value of d(k), as `num / den` or `√(num / den)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signpost {
    /// Numerator.
    pub num: u128,
    /// Denominator, never zero.
    pub den: u128,
}

/// One row of the method table: what `seatshare methods` prints.
#[derive(Debug, Clone)]
pub struct MethodInfo {
    /// Canonical id.
    pub id: &'static str,
    /// Full name.
    pub name: &'static str,
    /// Family: `divisor` or `quota`.
    pub family: &'static str,
    /// Accepted aliases.
    pub aliases: &'static [&'static str],
    /// The divisor sequence or quota formula.
    pub definition: &'static str,
}

/// Every method with its aliases and definition, in the order of the table.
pub const METHOD_TABLE: &[MethodInfo] = &[
    MethodInfo {
        id: "dhondt",
        name: "D'Hondt",
        family: "divisor",
        aliases: &[
            "d'hondt",
            "jefferson",
            "hagenbach-bischoff-divisor",
            "greatest-divisors",
            "highest-averages",
        ],
        definition: "d(k) = k+1: 1, 2, 3, 4, …",
    },
    MethodInfo {
        id: "sainte-lague",
        name: "Sainte-Laguë",
        family: "divisor",
        aliases: &[
            "webster",
            "sainte-laguë",
            "saint-lague",
            "major-fractions",
            "schepers",
        ],
        definition: "d(k) = k+½: 0.5, 1.5, 2.5, … (same seats as 1, 3, 5, …)",
    },
    MethodInfo {
        id: "modified-sainte-lague",
        name: "modified Sainte-Laguë",
        family: "divisor",
        aliases: &["modified-webster", "norwegian", "modified-sainte-lague:F"],
        definition:
            "d(0) = F/2, d(k) = k+½ after: F, 3, 5, 7, … with F = 1.4 unless given (1.2 Sweden)",
    },
    MethodInfo {
        id: "danish",
        name: "Danish",
        family: "divisor",
        aliases: &["danish-method"],
        definition: "d(k) = k+⅓: same seats as 1, 4, 7, 10, …",
    },
    MethodInfo {
        id: "imperiali",
        name: "Imperiali (divisor)",
        family: "divisor",
        aliases: &["imperiali-divisor"],
        definition: "d(k) = k+2: 2, 3, 4, … (same seats as 1, 1.5, 2, …)",
    },
    MethodInfo {
        id: "adams",
        name: "Adams",
        family: "divisor",
        aliases: &["smallest-divisors", "cambridge"],
        definition: "d(k) = k: 0, 1, 2, … (every region with weight gets a first seat)",
    },
    MethodInfo {
        id: "dean",
        name: "Dean",
        family: "divisor",
        aliases: &["harmonic-mean"],
        definition: "d(k) = 2k(k+1)/(2k+1): 0, 4/3, 12/5, … (first seat owed)",
    },
    MethodInfo {
        id: "huntington-hill",
        name: "Huntington–Hill",
        family: "divisor",
        aliases: &[
            "hill",
            "equal-proportions",
            "hill-huntington",
            "geometric-mean",
        ],
        definition: "d(k) = √(k(k+1)): 0, 1.414, 2.449, … (first seat owed)",
    },
    MethodInfo {
        id: "stationary:R",
        name: "stationary divisor",
        family: "divisor",
        aliases: &["stationary:R (R rational in [0,1], e.g. 0.3 or 1/3)"],
        definition: "d(k) = k+R: R = 1 is D'Hondt, ½ Sainte-Laguë, 0 Adams",
    },
    MethodInfo {
        id: "hamilton",
        name: "Hamilton (largest remainder, Hare quota)",
        family: "quota",
        aliases: &[
            "hare",
            "hare-niemeyer",
            "vinton",
            "largest-remainder",
            "hare-quota",
        ],
        definition: "Q = V/S; ⌊v/Q⌋ seats each, the rest to the largest remainders",
    },
    MethodInfo {
        id: "droop",
        name: "largest remainder, Droop quota",
        family: "quota",
        aliases: &["droop-quota", "largest-remainder-droop"],
        definition:
            "Q = ⌊V/(S+1)⌋+1 (V in the units given); for the exact V/(S+1) use hagenbach-bischoff",
    },
    MethodInfo {
        id: "hagenbach-bischoff",
        name: "largest remainder, Hagenbach-Bischoff quota",
        family: "quota",
        aliases: &["hagenbach-bischoff-quota", "droop-exact", "exact-droop"],
        definition: "Q = V/(S+1), exact (not the divisor method of the same name)",
    },
    MethodInfo {
        id: "imperiali-quota",
        name: "largest remainder, Imperiali quota",
        family: "quota",
        aliases: &["imperiali-largest-remainder"],
        definition: "Q = V/(S+2); if the floors exceed S, seats come off the smallest remainders",
    },
];

/// Why a method name was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MethodError {
    /// Not a known id or alias.
    #[error("unknown method `{0}`; {hint}run `seatshare methods` for the list (e.g. dhondt, sainte-lague, hamilton, huntington-hill)", hint = unknown_hint(.0))]
    Unknown(String),
    /// A parameter that is out of range or unreadable.
    #[error("method `{method}`: {problem}")]
    BadParameter {
        /// The method text as given.
        method: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// "did you mean `x`? " for an unknown method name, or nothing.
fn unknown_hint(name: &str) -> String {
    let mut known: Vec<&str> = Vec::new();
    for info in METHOD_TABLE {
        known.push(info.id);
        known.extend(info.aliases.iter().copied());
    }
    known.extend(["stationary", "modified-sainte-lague"]);
    let base = name.split(':').next().unwrap_or(name);
    let mut ids: Vec<&str> = Vec::new();
    for close in crate::suggest::closest(&normalise(base), &known) {
        let id = METHOD_TABLE
            .iter()
            .find(|i| i.id == close || i.aliases.contains(&close))
            .map_or(close, |i| i.id);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.truncate(3);
    if ids.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = ids.iter().map(|k| format!("`{k}`")).collect();
    format!("did you mean {}? Or ", quoted.join(" or "))
}

fn normalise(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .replace(['_', ' '], "-")
        .replace('ë', "e")
        .replace('’', "'")
}

impl Method {
    /// Reads a method id or alias, with an optional `:PARAM`
    /// (`modified-sainte-lague:1.2`, `stationary:1/3`).
    ///
    /// ```
    /// use seatshare::method::Method;
    /// assert_eq!(Method::parse("Jefferson").unwrap().id(), "dhondt");
    /// assert_eq!(Method::parse("stationary:1/2").unwrap().id(), "stationary:0.5");
    /// assert_eq!(Method::parse("stationary:1/3").unwrap().id(), "stationary:1/3");
    /// assert!(Method::parse("borda").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Method, MethodError> {
        let lowered = normalise(text);
        let (name, param) = match lowered.split_once(':') {
            Some((n, p)) => (n.to_string(), Some(p.trim().to_string())),
            None => (lowered.clone(), None),
        };
        let bad = |problem: &str| MethodError::BadParameter {
            method: text.trim().to_string(),
            problem: problem.to_string(),
        };
        let rational_param = |p: &str| {
            parse_rational(p)
                .ok_or_else(|| bad(&format!("`{p}` is not a number (write 1.4, 0.5 or 1/3)")))
        };
        let name = name.as_str();
        let divisor = |m: DivisorMethod| Ok(Method::Divisor(m));
        let no_param = |m: Method| match &param {
            Some(_) => Err(bad("this method takes no parameter")),
            None => Ok(m),
        };
        match name {
            "stationary" => {
                let p = param.ok_or_else(|| {
                    bad("give the rounding point, e.g. stationary:0.3 or stationary:1/3")
                })?;
                let r = rational_param(&p)?;
                if r.is_negative() || r > BigRational::one() {
                    return Err(bad("the rounding point must be between 0 and 1"));
                }
                return divisor(DivisorMethod::Stationary { r });
            }
            "modified-sainte-lague" | "modified-webster" | "norwegian" | "modified-saint-lague" => {
                let first = match param {
                    Some(p) => rational_param(&p)?,
                    None => BigRational::new(BigInt::from(7), BigInt::from(5)),
                };
                // At 3 the first divisor would equal the second, above 3
                // exceed it: a region's priorities would no longer fall
                // seat by seat, and a region's first two seats could tie
                // with each other, which a tie (one seat more or fewer per
                // region) cannot list.
                if !first.is_positive() || first >= BigRational::from_integer(BigInt::from(3)) {
                    return Err(bad(
                        "the first divisor must be above 0 and below 3 (1.4 in Norway, 1.2 in Sweden)",
                    ));
                }
                return divisor(DivisorMethod::ModifiedSainteLague { first });
            }
            _ => {}
        }
        let found = METHOD_TABLE
            .iter()
            .find(|info| info.id == name || info.aliases.contains(&name))
            .ok_or_else(|| MethodError::Unknown(text.trim().to_string()))?;
        let method = match found.id {
            "dhondt" => Method::Divisor(DivisorMethod::DHondt),
            "sainte-lague" => Method::Divisor(DivisorMethod::SainteLague),
            "danish" => Method::Divisor(DivisorMethod::Danish),
            "imperiali" => Method::Divisor(DivisorMethod::Imperiali),
            "adams" => Method::Divisor(DivisorMethod::Adams),
            "dean" => Method::Divisor(DivisorMethod::Dean),
            "huntington-hill" => Method::Divisor(DivisorMethod::HuntingtonHill),
            "hamilton" => Method::Quota(QuotaMethod::Hamilton),
            "droop" => Method::Quota(QuotaMethod::Droop),
            "hagenbach-bischoff" => Method::Quota(QuotaMethod::HagenbachBischoff),
            "imperiali-quota" => Method::Quota(QuotaMethod::ImperialiQuota),
            _ => return Err(MethodError::Unknown(text.trim().to_string())),
        };
        no_param(method)
    }

    /// The canonical id, with its parameter where it has one.
    pub fn id(&self) -> String {
        match self {
            Method::Divisor(d) => d.id(),
            Method::Quota(q) => q.id().to_string(),
        }
    }

    /// A full name for headings.
    pub fn name(&self) -> String {
        match self {
            Method::Divisor(DivisorMethod::ModifiedSainteLague { first }) => {
                format!(
                    "modified Sainte-Laguë (first divisor {})",
                    rational_text(first)
                )
            }
            Method::Divisor(DivisorMethod::Stationary { r }) => {
                format!("stationary divisor, r = {}", rational_text(r))
            }
            _ => self.info().map(|i| i.name.to_string()).unwrap_or_default(),
        }
    }

    /// The divisor sequence or the quota formula, as printed in output.
    pub fn definition(&self) -> String {
        match self {
            Method::Divisor(DivisorMethod::ModifiedSainteLague { first }) => format!(
                "d(0) = {}/2, d(k) = k+½ after: {}, 3, 5, 7, … on the odd-number scale",
                rational_text(first),
                rational_text(first)
            ),
            Method::Divisor(DivisorMethod::Stationary { r }) => {
                let r_text = rational_text(r);
                format!("d(k) = k+{r_text}: {r_text}, 1+{r_text}, 2+{r_text}, …")
            }
            _ => self
                .info()
                .map(|i| i.definition.to_string())
                .unwrap_or_default(),
        }
    }

    fn info(&self) -> Option<&'static MethodInfo> {
        let id = match self {
            Method::Divisor(DivisorMethod::Stationary { .. }) => "stationary:R",
            Method::Divisor(DivisorMethod::ModifiedSainteLague { .. }) => "modified-sainte-lague",
            _ => return METHOD_TABLE.iter().find(|i| i.id == self.id()),
        };
        METHOD_TABLE.iter().find(|i| i.id == id)
    }

    /// True for divisor methods, which are house-monotone.
    pub fn is_divisor(&self) -> bool {
        matches!(self, Method::Divisor(_))
    }

    /// The methods with a fixed definition, one of each: what `--method all`
    /// and comparisons run (modified Sainte-Laguë at 1.4).
    pub fn standard() -> Vec<Method> {
        [
            "dhondt",
            "sainte-lague",
            "modified-sainte-lague",
            "danish",
            "imperiali",
            "adams",
            "dean",
            "huntington-hill",
            "hamilton",
            "droop",
            "hagenbach-bischoff",
            "imperiali-quota",
        ]
        .iter()
        .filter_map(|id| Method::parse(id).ok())
        .collect()
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

impl DivisorMethod {
    /// The canonical id.
    pub fn id(&self) -> String {
        match self {
            DivisorMethod::DHondt => "dhondt".into(),
            DivisorMethod::SainteLague => "sainte-lague".into(),
            DivisorMethod::ModifiedSainteLague { first } => {
                if *first == BigRational::new(BigInt::from(7), BigInt::from(5)) {
                    "modified-sainte-lague".into()
                } else {
                    format!("modified-sainte-lague:{}", rational_text(first))
                }
            }
            DivisorMethod::Danish => "danish".into(),
            DivisorMethod::Imperiali => "imperiali".into(),
            DivisorMethod::Adams => "adams".into(),
            DivisorMethod::Dean => "dean".into(),
            DivisorMethod::HuntingtonHill => "huntington-hill".into(),
            DivisorMethod::Stationary { r } => format!("stationary:{}", rational_text(r)),
        }
    }

    /// Whether d(k) is rational or a square root.
    pub fn kind(&self) -> SignpostKind {
        match self {
            DivisorMethod::HuntingtonHill => SignpostKind::SquareRoot,
            _ => SignpostKind::Rational,
        }
    }

    /// The exact divisor d(k) for the (k+1)-th seat (its square for
    /// Huntington–Hill). Returns `None` only when `k` is so large that the
    /// numbers leave `u128` (far beyond any real house).
    #[inline]
    pub fn signpost(&self, k: u64) -> Option<Signpost> {
        // Every seat's priority needs this, so it is kept small enough to
        // inline, with the methods whose numbers can leave u128 out of line.
        // k < 2^64, so k + 2, 3k + 1 and k(k + 1) need no check.
        let k = u128::from(k);
        let (num, den) = match self {
            DivisorMethod::DHondt => (k + 1, 1),
            DivisorMethod::SainteLague => (2 * k + 1, 2),
            DivisorMethod::ModifiedSainteLague { first } if k == 0 => {
                return first_odd_divisor(first)
            }
            DivisorMethod::ModifiedSainteLague { .. } => (2 * k + 1, 2),
            DivisorMethod::Danish => (3 * k + 1, 3),
            DivisorMethod::Imperiali => (k + 2, 1),
            DivisorMethod::Adams => (k, 1),
            DivisorMethod::Dean => return dean_divisor(k),
            DivisorMethod::HuntingtonHill => (k * k + k, 1),
            DivisorMethod::Stationary { r } => return stationary_divisor(r, k),
        };
        Some(Signpost { num, den })
    }

    /// True when d(0) = 0: every region with weight is owed a first seat.
    pub fn owes_first_seat(&self) -> bool {
        self.signpost(0).is_some_and(|s| s.num == 0)
    }

    /// d(k) as a rational number, when it is one (not for Huntington–Hill).
    pub fn divisor_value(&self, k: u64) -> Option<BigRational> {
        let s = self.signpost(k)?;
        match self.kind() {
            SignpostKind::Rational => {
                Some(BigRational::new(BigInt::from(s.num), BigInt::from(s.den)))
            }
            SignpostKind::SquareRoot => None,
        }
    }
}

/// Modified Sainte-Laguë's d(0): `first` on the 1, 3, 5, … scale, halved.
fn first_odd_divisor(first: &BigRational) -> Option<Signpost> {
    let num = first.numer().to_u128()?;
    let den = first.denom().to_u128()?.checked_mul(2)?;
    Some(Signpost { num, den })
}

/// Dean's d(k) = 2k(k+1)/(2k+1).
fn dean_divisor(k: u128) -> Option<Signpost> {
    let num = k.checked_mul(2)?.checked_mul(k.checked_add(1)?)?;
    let den = k.checked_mul(2)?.checked_add(1)?;
    Some(Signpost { num, den })
}

/// d(k) = k + r.
fn stationary_divisor(r: &BigRational, k: u128) -> Option<Signpost> {
    let p = r.numer().to_u128()?;
    let q = r.denom().to_u128()?;
    Some(Signpost {
        num: k.checked_mul(q)?.checked_add(p)?,
        den: q,
    })
}

impl QuotaMethod {
    /// The canonical id.
    pub fn id(&self) -> &'static str {
        match self {
            QuotaMethod::Hamilton => "hamilton",
            QuotaMethod::Droop => "droop",
            QuotaMethod::HagenbachBischoff => "hagenbach-bischoff",
            QuotaMethod::ImperialiQuota => "imperiali-quota",
        }
    }

    /// The quota for total weight `total` (in the units given) and `seats`.
    pub fn quota(&self, total: &BigRational, seats: u64) -> BigRational {
        let s = BigRational::from_integer(BigInt::from(seats));
        let one = BigRational::one();
        match self {
            QuotaMethod::Hamilton => total / s,
            QuotaMethod::Droop => (total / (s + &one)).floor() + one,
            QuotaMethod::HagenbachBischoff => total / (s + one),
            QuotaMethod::ImperialiQuota => total / (s + BigRational::from_integer(BigInt::from(2))),
        }
    }

    /// The quota formula in words.
    pub fn formula(&self) -> &'static str {
        match self {
            QuotaMethod::Hamilton => "V/S",
            QuotaMethod::Droop => "⌊V/(S+1)⌋+1",
            QuotaMethod::HagenbachBischoff => "V/(S+1)",
            QuotaMethod::ImperialiQuota => "V/(S+2)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_to_canonical_ids() {
        for (alias, id) in [
            ("D'Hondt", "dhondt"),
            ("jefferson", "dhondt"),
            ("greatest divisors", "dhondt"),
            ("Webster", "sainte-lague"),
            ("Sainte-Laguë", "sainte-lague"),
            ("equal proportions", "huntington-hill"),
            ("Hill", "huntington-hill"),
            ("smallest-divisors", "adams"),
            ("harmonic-mean", "dean"),
            ("hare-niemeyer", "hamilton"),
            ("Vinton", "hamilton"),
            ("droop-exact", "hagenbach-bischoff"),
            ("hagenbach-bischoff-divisor", "dhondt"),
            ("imperiali", "imperiali"),
            ("imperiali-quota", "imperiali-quota"),
            ("modified-sainte-lague", "modified-sainte-lague"),
            ("modified-sainte-lague:1.2", "modified-sainte-lague:1.2"),
            ("stationary:0.3", "stationary:0.3"),
            ("stationary:1/3", "stationary:1/3"),
        ] {
            assert_eq!(Method::parse(alias).unwrap().id(), id, "{alias}");
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(Method::parse("stationary").is_err());
        assert!(Method::parse("stationary:1.5").is_err());
        assert!(Method::parse("modified-sainte-lague:0").is_err());
        assert!(Method::parse("modified-sainte-lague:3.5").is_err());
        assert!(Method::parse("modified-sainte-lague:3").is_err());
        assert!(Method::parse("modified-sainte-lague:2.9").is_ok());
        assert!(Method::parse("dhondt:2").is_err());
        assert!(matches!(
            Method::parse("borda"),
            Err(MethodError::Unknown(_))
        ));
    }

    #[test]
    fn signposts_match_their_definitions() {
        let first = |m: &str, k: u64| match Method::parse(m).unwrap() {
            Method::Divisor(d) => d.signpost(k).unwrap(),
            Method::Quota(_) => unreachable!(),
        };
        assert_eq!(first("dhondt", 2), Signpost { num: 3, den: 1 });
        assert_eq!(first("sainte-lague", 2), Signpost { num: 5, den: 2 });
        assert_eq!(
            first("modified-sainte-lague", 0),
            Signpost { num: 7, den: 10 }
        );
        assert_eq!(first("danish", 1), Signpost { num: 4, den: 3 });
        assert_eq!(first("dean", 1), Signpost { num: 4, den: 3 });
        assert_eq!(first("huntington-hill", 2), Signpost { num: 6, den: 1 });
        assert_eq!(first("stationary:1/3", 1), Signpost { num: 4, den: 3 });
    }

    #[test]
    fn quotas_follow_their_formulas() {
        let v = BigRational::from_integer(BigInt::from(100_000));
        let q = |m: QuotaMethod| m.quota(&v, 10);
        assert_eq!(
            q(QuotaMethod::Hamilton),
            BigRational::from_integer(BigInt::from(10_000))
        );
        assert_eq!(
            q(QuotaMethod::Droop),
            BigRational::from_integer(BigInt::from(9_091))
        );
        assert_eq!(
            q(QuotaMethod::HagenbachBischoff),
            BigRational::new(BigInt::from(100_000), BigInt::from(11))
        );
        assert_eq!(
            q(QuotaMethod::ImperialiQuota),
            BigRational::new(BigInt::from(100_000), BigInt::from(12))
        );
    }
}
