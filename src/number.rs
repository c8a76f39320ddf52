//! Exact numbers: decimal weights parsed from their text, and the integer
//! arithmetic that compares seat priorities without rounding.
//!
//! Every weight is read from its decimal text (`112308`, `20.54`) into an
//! exact value. A vector of weights is then brought to a common scale (all
//! multiplied by the same power of ten) so that the solvers work on plain
//! non-negative integers. Scaling every weight by the same factor changes no
//! seat under any method here, so nothing is lost. (The one exception is
//! the Droop quota ⌊V/(S+1)⌋+1, whose +1 is one unit of the weights as
//! given; it is computed in those units, not the scaled ones.)
//!
//! Comparisons are cross-multiplications. They run on `u128` while the
//! products fit and fall back to [`BigUint`] when they would overflow, so no
//! input can overflow and the common case stays fast.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// A non-negative decimal number read exactly from its text.
#[derive(Clone, PartialEq, Eq)]
pub struct Decimal {
    /// The digits without the decimal point.
    digits: Digits,
    /// How many of the digits stand after the decimal point.
    scale: u32,
}

/// A solve's result keeps every region's weight, so copying one must cost
/// next to nothing: a word is copied, a wider number shared (a pointer
/// copied), never a big integer. Canonical (a value that fits a word is
/// always a word), so the derived equality is the numbers' equality.
#[derive(Clone, PartialEq, Eq)]
enum Digits {
    Word(u64),
    Wide(Arc<BigUint>),
}

impl Digits {
    fn new(value: BigUint) -> Digits {
        match value.to_u64() {
            Some(w) => Digits::Word(w),
            None => Digits::Wide(Arc::new(value)),
        }
    }

    fn big(&self) -> Cow<'_, BigUint> {
        match self {
            Digits::Word(w) => Cow::Owned(BigUint::from(*w)),
            Digits::Wide(b) => Cow::Borrowed(b),
        }
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decimal")
            .field("digits", &self.digits.big())
            .field("scale", &self.scale)
            .finish()
    }
}

/// Why a text is not a valid weight.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// Nothing was given.
    #[error("the value is empty; give a number such as 112308 or 20.54")]
    Empty,
    /// A minus sign.
    #[error("`{0}` is negative; weights (members, votes, shares) cannot be below zero")]
    Negative(String),
    /// Thousands separators are ambiguous across locales, so they are refused.
    #[error("`{0}` has a thousands separator; write the number without it (e.g. 112308)")]
    ThousandsSeparator(String),
    /// Anything else that is not a plain decimal.
    #[error("`{0}` is not a number; write digits with at most one decimal point, such as 112308 or 20.54")]
    NotANumber(String),
    /// More significant digits than any count or share needs.
    #[error("`{text}` has {digits} digits; seatshare reads numbers of at most {MAX_DIGITS} digits (integer part and decimals, leading and trailing zeros aside), enough for any count, share or vote total: round it")]
    TooManyDigits {
        /// The number, shortened for display.
        text: String,
        /// How many significant digits it has.
        digits: usize,
    },
}

/// The most significant digits a weight may have (from the first non-zero
/// digit of its integer part to the last non-zero decimal). It keeps every
/// value between 10^-40 and 10^40, so displayed floats stay finite and
/// exact arithmetic stays fast, and no count, share or vote total comes
/// near it.
pub const MAX_DIGITS: usize = 40;

impl Decimal {
    /// Parses a plain decimal such as `112308`, `20.54` or `0.5`.
    ///
    /// A trailing `%` is allowed (shares are often written `20.54%`); the
    /// value is the number before it. Signs other than a leading `+`,
    /// exponents and thousands separators are refused.
    ///
    /// ```
    /// use seatshare::number::Decimal;
    /// let d = Decimal::parse("20.54").unwrap();
    /// assert_eq!(d.to_string(), "20.54");
    /// assert!(Decimal::parse("-3").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let trimmed = text.trim();
        let body = trimmed.strip_suffix('%').unwrap_or(trimmed).trim_end();
        let body = body.strip_prefix('+').unwrap_or(body);
        if body.is_empty() {
            return Err(DecimalError::Empty);
        }
        if body.starts_with('-') {
            return Err(DecimalError::Negative(trimmed.to_string()));
        }
        if body.contains(',')
            && body
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return Err(DecimalError::ThousandsSeparator(trimmed.to_string()));
        }
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty())
            || !all_digits(int_part)
            || !all_digits(frac_part)
        {
            return Err(DecimalError::NotANumber(trimmed.to_string()));
        }
        let significant =
            int_part.trim_start_matches('0').len() + frac_part.trim_end_matches('0').len();
        if significant > MAX_DIGITS {
            let shown: String = if trimmed.chars().count() > 24 {
                let head: String = trimmed.chars().take(10).collect();
                let tail: String = trimmed
                    .chars()
                    .rev()
                    .take(6)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                format!("{head}…{tail}")
            } else {
                trimmed.to_string()
            };
            return Err(DecimalError::TooManyDigits {
                text: shown,
                digits: significant,
            });
        }
        let mut text_digits = String::with_capacity(int_part.len() + frac_part.len());
        text_digits.push_str(int_part);
        text_digits.push_str(frac_part);
        let digits = text_digits
            .parse::<BigUint>()
            .map_err(|_| DecimalError::NotANumber(trimmed.to_string()))?;
        let scale = u32::try_from(frac_part.len())
            .map_err(|_| DecimalError::NotANumber(trimmed.to_string()))?;
        Ok(Decimal {
            digits: Digits::new(digits),
            scale,
        })
    }

    /// The decimal `digits × 10^-scale`, for values the tool computes
    /// itself (a margin's probe weight), which the input cap does not bind.
    pub(crate) fn from_scaled(digits: BigUint, scale: u32) -> Decimal {
        Decimal {
            digits: Digits::new(digits),
            scale,
        }
    }

    /// A whole number.
    pub fn from_u64(value: u64) -> Decimal {
        Decimal {
            digits: Digits::Word(value),
            scale: 0,
        }
    }

    /// The exact value as a rational number.
    pub fn to_rational(&self) -> BigRational {
        BigRational::new(
            BigInt::from(self.digits.big().into_owned()),
            BigInt::from(pow10(self.scale)),
        )
    }

    /// True when the value is zero.
    pub fn is_zero(&self) -> bool {
        self.digits == Digits::Word(0)
    }

    /// The value as a float, for display only.
    pub fn to_f64(&self) -> f64 {
        rational_to_f64(&self.to_rational())
    }

    /// Digits after the decimal point, as written.
    pub fn scale(&self) -> u32 {
        self.scale
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = match &self.digits {
            Digits::Word(w) => w.to_string(),
            Digits::Wide(b) => b.to_string(),
        };
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int_part, frac_part) = padded.split_at(padded.len() - scale);
        write!(f, "{int_part}.{frac_part}")
    }
}

/// 10 to the power `exp`.
pub fn pow10(exp: u32) -> BigUint {
    num_traits::pow(BigUint::from(10u32), exp as usize)
}

/// Brings decimals to one scale: returns integers `w_i` and the common scale
/// `s` such that `value_i = w_i / 10^s` for every `i`.
pub fn to_common_scale(values: &[Decimal]) -> (Vec<BigUint>, u32) {
    let scale = values.iter().map(|d| d.scale).max().unwrap_or(0);
    let ints = values
        .iter()
        .map(|d| {
            if d.scale == scale {
                d.digits.big().into_owned()
            } else {
                d.digits.big().as_ref() * pow10(scale - d.scale)
            }
        })
        .collect();
    (ints, scale)
}

/// As [`to_common_scale`], but without copying: a weight that fits a word
/// at the common scale stays a machine integer, and a wider one at the
/// common scale already (weights are usually written with the same number
/// of decimals) is borrowed, so that a solve copies no weight.
pub(crate) fn to_common_scale_borrowed(values: &[Decimal]) -> (Vec<Scaled<'_>>, u32) {
    let scale = values.iter().map(|d| d.scale).max().unwrap_or(0);
    let ints = values
        .iter()
        .map(|d| {
            let up = scale - d.scale;
            match &d.digits {
                // Weights are usually written with the same decimals.
                Digits::Word(w) if up == 0 => Scaled::Word(u128::from(*w)),
                Digits::Word(w) => 10u128
                    .checked_pow(up)
                    .and_then(|f| u128::from(*w).checked_mul(f))
                    .map_or_else(
                        || Scaled::Big(Cow::Owned(BigUint::from(*w) * pow10(up))),
                        Scaled::Word,
                    ),
                Digits::Wide(b) if up == 0 => Scaled::Big(Cow::Borrowed(b)),
                Digits::Wide(b) => Scaled::Big(Cow::Owned(b.as_ref() * pow10(up))),
            }
        })
        .collect();
    (ints, scale)
}

/// A weight at the common scale, as the solver reads it.
pub(crate) enum Scaled<'a> {
    /// Fits 128 bits.
    Word(u128),
    /// Does not, or might not.
    Big(Cow<'a, BigUint>),
}

/// A non-negative integer weight, on machine words when it fits: what the
/// solver's rules are built from ([`Scaled`], or a big integer in tests).
pub(crate) trait Whole {
    /// The value, when it fits `u128`.
    fn as_u128(&self) -> Option<u128>;
    /// The value as a big integer.
    fn big(&self) -> Cow<'_, BigUint>;
    /// True when the value is zero.
    fn is_nought(&self) -> bool {
        self.as_u128() == Some(0)
    }
}

impl Whole for Scaled<'_> {
    // Read once per region in every pass of a solve.
    #[inline]
    fn as_u128(&self) -> Option<u128> {
        match self {
            Scaled::Word(v) => Some(*v),
            Scaled::Big(b) => b.to_u128(),
        }
    }

    fn big(&self) -> Cow<'_, BigUint> {
        match self {
            Scaled::Word(v) => Cow::Owned(BigUint::from(*v)),
            Scaled::Big(b) => Cow::Borrowed(b.as_ref()),
        }
    }
}

impl Whole for BigUint {
    fn as_u128(&self) -> Option<u128> {
        self.to_u128()
    }

    fn big(&self) -> Cow<'_, BigUint> {
        Cow::Borrowed(self)
    }
}

/// A non-negative integer that stays on `u128` while it fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Int {
    /// Fits in 128 bits.
    Small(u128),
    /// Does not.
    Big(BigUint),
}

impl Int {
    /// From a big integer, choosing the small form when it fits.
    pub fn from_big(value: &BigUint) -> Int {
        match value.to_u128() {
            Some(v) => Int::Small(v),
            None => Int::Big(value.clone()),
        }
    }

    /// As a big integer.
    pub fn to_big(&self) -> BigUint {
        match self {
            Int::Small(v) => BigUint::from(*v),
            Int::Big(v) => v.clone(),
        }
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        match self {
            Int::Small(v) => *v == 0,
            Int::Big(v) => v.is_zero(),
        }
    }

    /// The product, exact.
    #[inline]
    pub fn mul(&self, other: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let Some(p) = a.checked_mul(*b) {
                return Int::Small(p);
            }
        }
        self.mul_big(other)
    }

    // Out of line so that the common case above inlines.
    #[cold]
    fn mul_big(&self, other: &Int) -> Int {
        Int::Big(self.to_big() * other.to_big())
    }

    /// The product with a small factor, exact.
    pub fn mul_u128(&self, factor: u128) -> Int {
        self.mul(&Int::Small(factor))
    }

    /// For display only.
    pub fn to_f64(&self) -> f64 {
        match self {
            Int::Small(v) => u128_to_f64(*v),
            Int::Big(v) => v.to_f64().unwrap_or(f64::INFINITY),
        }
    }
}

/// `v as f64`, the same value, through `u64` when it fits: that is one
/// instruction, where the `u128` conversion is a software routine.
#[inline]
pub(crate) fn u128_to_f64(v: u128) -> f64 {
    match u64::try_from(v) {
        Ok(v) => v as f64,
        Err(_) => wide_to_f64(v),
    }
}

// Cold and out of line, or the compiler calls it on both branches above
// and selects.
#[cold]
#[inline(never)]
fn wide_to_f64(v: u128) -> f64 {
    v as f64
}

/// Compares `a · b` with `c · d` exactly.
pub fn cmp_products(a: &Int, b: &Int, c: &Int, d: &Int) -> Ordering {
    if let (Int::Small(a), Int::Small(b), Int::Small(c), Int::Small(d)) = (a, b, c, d) {
        return cmp_u128_products(*a, *b, *c, *d);
    }
    (a.to_big() * b.to_big()).cmp(&(c.to_big() * d.to_big()))
}

/// Compares `a · b` with `c · d` exactly, without allocating: a product of
/// two `u128` needs up to 256 bits, so it is formed as a (high, low) pair.
#[inline]
pub(crate) fn cmp_u128_products(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    if (a | b | c | d) >> 64 == 0 {
        // The usual case. Narrowing first lets the compiler use one 64 × 64
        // → 128 multiply per product instead of a full 128-bit one.
        let (a, b, c, d) = (a as u64, b as u64, c as u64, d as u64);
        return (u128::from(a) * u128::from(b)).cmp(&(u128::from(c) * u128::from(d)));
    }
    cmp_wide_products(a, b, c, d)
}

// Out of line so that the usual case above stays small enough to inline.
#[inline(never)]
fn cmp_wide_products(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    wide_mul(a, b).cmp(&wide_mul(c, d))
}

/// The exact product of two `u128` as (high, low) 128-bit halves, by
/// schoolbook multiplication on 64-bit halves.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64, a & LOW);
    let (b_hi, b_lo) = (b >> 64, b & LOW);
    let low = a_lo * b_lo;
    let cross_a = a_hi * b_lo;
    let cross_b = a_lo * b_hi;
    // Bits 64..128 with their carry: three terms below 2^64 cannot
    // overflow u128.
    let middle = (low >> 64) + (cross_a & LOW) + (cross_b & LOW);
    let high = a_hi * b_hi + (cross_a >> 64) + (cross_b >> 64) + (middle >> 64);
    (high, (middle << 64) | (low & LOW))
}

/// `num / den` in lowest terms, the same value and form as
/// [`BigRational::new`] gives, with the common factor found on `u128` when
/// both fit (a big-integer gcd costs far more).
///
/// ```
/// use num_bigint::BigUint;
/// use seatshare::number::reduced_ratio;
/// let r = reduced_ratio(&BigUint::from(6u32), &BigUint::from(4u32));
/// assert_eq!((r.numer().to_string(), r.denom().to_string()), ("3".into(), "2".into()));
/// ```
///
/// # Panics
///
/// When `den` is zero, as [`BigRational::new`] does.
pub fn reduced_ratio(num: &BigUint, den: &BigUint) -> BigRational {
    if let Some(d) = den.to_u128().filter(|&d| d != 0) {
        if let Some(n) = num.to_u128() {
            return reduced_u128_ratio(n, d);
        }
        // A big numerator over a machine denominator (a quota of huge
        // weights): gcd(n, d) = gcd(d, n mod d) on machine integers, where
        // a binary gcd on the big numerator takes a shift per bit.
        let rest = (num % d).to_u128().unwrap_or(0);
        let g = gcd_u128(d, rest);
        return BigRational::new_raw(BigInt::from(num / g), BigInt::from(d / g));
    }
    BigRational::new(BigInt::from(num.clone()), BigInt::from(den.clone()))
}

/// `n / d` in lowest terms for `d > 0`, on `u64` when both fit (its gcd
/// and divisions are several times cheaper than on `u128`).
pub(crate) fn reduced_u128_ratio(n: u128, d: u128) -> BigRational {
    if let (Ok(n), Ok(d)) = (u64::try_from(n), u64::try_from(d)) {
        let g = gcd_u64(n, d);
        return BigRational::new_raw(BigInt::from(n / g), BigInt::from(d / g));
    }
    let g = gcd_u128(n, d);
    BigRational::new_raw(big_int(n / g), big_int(d / g))
}

/// The greatest common divisor, on `u64` when both fit.
pub(crate) fn gcd_u128(a: u128, b: u128) -> u128 {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(gcd_u64(a, b)),
        _ => num_integer::Integer::gcd(&a, &b),
    }
}

/// The greatest common divisor (`gcd(0, b) = b`), by the binary algorithm
/// with its data-dependent branch replaced by a minimum and an absolute
/// difference, and the next shift counted from the difference in parallel
/// (D. Lemire's form). The branch that num-integer's version takes on
/// `a > b` is mispredicted about half the time, which made the gcd the
/// largest single cost of a quota certificate.
pub(crate) fn gcd_u64(mut u: u64, mut v: u64) -> u64 {
    if u == 0 {
        return v;
    }
    if v == 0 {
        return u;
    }
    // A much larger operand is first reduced by one division, so that the
    // binary steps run on numbers of the smaller one's size (a weight
    // against a total, say).
    if u > v {
        std::mem::swap(&mut u, &mut v);
    }
    if v >> 16 > u {
        v %= u;
        if v == 0 {
            return u;
        }
    }
    let shift = (u | v).trailing_zeros();
    u >>= u.trailing_zeros();
    let mut vz = v.trailing_zeros();
    loop {
        v >>= vz;
        // The difference's trailing zeros are those of |v − u|.
        let diff = v.wrapping_sub(u);
        vz = diff.trailing_zeros();
        if diff == 0 {
            break;
        }
        let low = u.min(v);
        v = u.abs_diff(v);
        u = low;
    }
    u << shift
}

/// As a big integer; from a `u64` when it fits, which needs no loop over
/// digits.
pub(crate) fn big_int(v: u128) -> BigInt {
    match u64::try_from(v) {
        Ok(v) => BigInt::from(v),
        Err(_) => BigInt::from(v),
    }
}

/// A rational value as a float, for display only.
pub fn rational_to_f64(value: &BigRational) -> f64 {
    value.to_f64().unwrap_or_else(|| {
        // Very large numerators and denominators: scale both down first.
        let n = value.numer().to_f64().unwrap_or(f64::MAX);
        let d = value.denom().to_f64().unwrap_or(f64::MAX);
        n / d
    })
}

/// The natural logarithm of a positive rational, right for any size (a
/// numerator of 500 digits has no `f64`, but its logarithm does): each
/// side's top 64 bits as a float plus the rest as powers of two. Zero and
/// negative values give negative infinity; callers keep them out.
pub fn rational_ln(value: &BigRational) -> f64 {
    fn ln_int(x: &BigInt) -> f64 {
        let bits = x.bits();
        if bits <= 64 {
            return x.to_f64().map_or(f64::NEG_INFINITY, f64::ln);
        }
        let shift = bits - 64;
        let top = (x >> shift).to_f64().unwrap_or(f64::MAX);
        top.ln() + shift as f64 * std::f64::consts::LN_2
    }
    if !value.is_positive() {
        return f64::NEG_INFINITY;
    }
    ln_int(value.numer()) - ln_int(value.denom())
}

/// Formats a rational exactly when it has a short decimal expansion and
/// otherwise to `places` decimals with a leading `≈`.
pub fn format_rational(value: &BigRational, places: usize) -> String {
    if let Some(exact) = exact_decimal(value, places) {
        return exact;
    }
    format!("≈{:.*}", places, rational_to_f64(value))
}

/// The exact decimal expansion of `value` if it has at most `places` digits
/// after the point.
pub fn exact_decimal(value: &BigRational, places: usize) -> Option<String> {
    let negative = value.is_negative();
    let magnitude = value.abs();
    for scale in 0..=places {
        let scaled = &magnitude * BigRational::from_integer(BigInt::from(pow10(scale as u32)));
        if scaled.is_integer() {
            let digits = scaled.to_integer().magnitude().clone();
            let text = Decimal::from_scaled(digits, scale as u32).to_string();
            return Some(if negative { format!("-{text}") } else { text });
        }
    }
    None
}

/// Reads a rational parameter such as `1.4`, `0.5` or `1/3`.
pub fn parse_rational(text: &str) -> Option<BigRational> {
    let text = text.trim();
    if let Some((n, d)) = text.split_once('/') {
        let n = Decimal::parse(n).ok()?.to_rational();
        let d = Decimal::parse(d).ok()?.to_rational();
        if d.is_zero() {
            return None;
        }
        return Some(n / d);
    }
    Decimal::parse(text).ok().map(|d| d.to_rational())
}

/// Writes a non-negative rational as `n/d` in lowest terms (or `n`).
pub fn rational_text(value: &BigRational) -> String {
    if value.denom().is_one() {
        value.numer().to_string()
    } else if let Some(text) = exact_decimal(value, 6) {
        text
    } else {
        format!("{}/{}", value.numer(), value.denom())
    }
}

/// Groups the integer part of a decimal text in thousands for reading
/// (`112308` → `112,308`); the text stays exact.
pub(crate) fn grouped(text: &str) -> String {
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let mut out = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A xorshift step: the tests' reproducible stream of numbers.
#[cfg(test)]
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decimals_exactly() {
        let d = Decimal::parse("20.540").unwrap();
        assert_eq!(d.to_string(), "20.540");
        assert_eq!(
            d.to_rational(),
            BigRational::new(BigInt::from(1027), BigInt::from(50))
        );
        assert_eq!(Decimal::parse(".5").unwrap().to_string(), "0.5");
        assert_eq!(Decimal::parse("7.").unwrap().to_string(), "7");
        assert_eq!(Decimal::parse("12%").unwrap().to_string(), "12");
    }

    #[test]
    fn refuses_what_is_not_a_weight() {
        assert!(matches!(
            Decimal::parse("-3"),
            Err(DecimalError::Negative(_))
        ));
        assert!(matches!(
            Decimal::parse("112,308"),
            Err(DecimalError::ThousandsSeparator(_))
        ));
        for bad in ["", ".", "1e6", "abc", "1.2.3", "NaN", "inf"] {
            assert!(Decimal::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn common_scale_keeps_ratios() {
        let values: Vec<Decimal> = ["20.54", "3", "0.125"]
            .iter()
            .map(|t| Decimal::parse(t).unwrap())
            .collect();
        let (ints, scale) = to_common_scale(&values);
        assert_eq!(scale, 3);
        assert_eq!(
            ints,
            vec![
                BigUint::from(20540u32),
                BigUint::from(3000u32),
                BigUint::from(125u32)
            ]
        );
    }

    #[test]
    fn products_compare_beyond_u128() {
        let big = Int::Small(u128::MAX);
        let two = Int::Small(2);
        assert_eq!(cmp_products(&big, &two, &big, &big), Ordering::Less);
        assert_eq!(cmp_products(&big, &big, &big, &big), Ordering::Equal);
        assert_eq!(big.mul(&two).to_big(), BigUint::from(u128::MAX) * 2u32);
    }

    #[test]
    fn products_compare_on_every_path() {
        let small = |v: u128| Int::Small(v);
        // Below 2^64 (widening path), equal and unequal.
        assert_eq!(
            cmp_products(&small(6), &small(4), &small(8), &small(3)),
            Ordering::Equal
        );
        let max64 = u128::from(u64::MAX);
        assert_eq!(
            cmp_products(
                &small(max64),
                &small(max64),
                &small(max64),
                &small(max64 - 1)
            ),
            Ordering::Greater
        );
        // One factor above 2^64 (checked path) and a product past u128.
        assert_eq!(
            cmp_products(&small(1 << 70), &small(3), &small(3 << 69), &small(2)),
            Ordering::Equal
        );
        assert_eq!(
            cmp_products(
                &small(1 << 100),
                &small(1 << 40),
                &small(1 << 127),
                &small(1 << 12)
            ),
            Ordering::Greater
        );
    }

    #[test]
    fn wide_products_match_big_integers() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || crate::number::xorshift(&mut state);
        let edges = [
            0,
            1,
            u128::from(u64::MAX),
            1 << 64,
            u128::MAX,
            u128::MAX - 1,
        ];
        for case in 0..4000 {
            let mut factor = |i: usize| {
                let v = (u128::from(next()) << 64) | u128::from(next());
                match (case + i) % 4 {
                    0 => edges[(next() % edges.len() as u64) as usize],
                    1 => v >> (next() % 128),
                    _ => v,
                }
            };
            let (a, b, c) = (factor(0), factor(1), factor(2));
            // Half the cases compare equal products.
            let d = if case % 2 == 0 { a } else { factor(3) };
            let (a, b, c, d) = if case % 2 == 0 {
                (a, b, b, d)
            } else {
                (a, b, c, d)
            };
            let big = |v: u128| BigUint::from(v);
            assert_eq!(
                cmp_u128_products(a, b, c, d),
                (big(a) * big(b)).cmp(&(big(c) * big(d))),
                "{a} · {b} vs {c} · {d}"
            );
            let (high, low) = wide_mul(a, b);
            assert_eq!((big(high) << 128u32) + big(low), big(a) * big(b));
        }
    }

    #[test]
    fn gcd_matches_num_integer() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = || crate::number::xorshift(&mut state);
        let edges = [
            0,
            1,
            2,
            3,
            6,
            u64::MAX,
            u64::MAX - 1,
            1 << 63,
            (1 << 63) + 1,
        ];
        for case in 0..20_000 {
            let pick = |x: u64, i: usize| match (case + i) % 5 {
                0 => edges[(x % edges.len() as u64) as usize],
                1 => x >> (x % 64),
                2 => x & 0xFFFF,
                _ => x,
            };
            let (a, b) = (pick(next(), 0), pick(next(), 1));
            // Shared factors, so that the gcd is often above 1.
            let f = 1 + next() % 1000;
            for (a, b) in [(a, b), (a.wrapping_mul(f), b.wrapping_mul(f))] {
                assert_eq!(gcd_u64(a, b), num_integer::Integer::gcd(&a, &b), "{a} {b}");
            }
        }
        assert_eq!(gcd_u128(1 << 100, 6 << 64), 2 << 64);
        assert_eq!(gcd_u128(12, 18), 6);
    }

    #[test]
    fn reduced_ratio_matches_rational_new() {
        let cases: [(u128, u128); 5] =
            [(0, 7), (6, 4), (331_108_434, 435), (1 << 100, 6), (17, 17)];
        for (n, d) in cases {
            let (n, d) = (BigUint::from(n), BigUint::from(d));
            let expected = BigRational::new(BigInt::from(n.clone()), BigInt::from(d.clone()));
            let got = reduced_ratio(&n, &d);
            assert_eq!(
                (got.numer(), got.denom()),
                (expected.numer(), expected.denom())
            );
        }
        let huge = BigUint::from(u128::MAX) * 10u32;
        let expected = BigRational::new(BigInt::from(huge.clone()), BigInt::from(4u32));
        let got = reduced_ratio(&huge, &BigUint::from(4u32));
        assert_eq!(
            (got.numer(), got.denom()),
            (expected.numer(), expected.denom())
        );
    }

    #[test]
    fn formats_rationals() {
        let third = BigRational::new(BigInt::from(1), BigInt::from(3));
        assert_eq!(format_rational(&third, 3), "≈0.333");
        let quarter = BigRational::new(BigInt::from(1), BigInt::from(4));
        assert_eq!(format_rational(&quarter, 3), "0.25");
        assert_eq!(parse_rational("1/3"), Some(third));
        assert_eq!(rational_text(&quarter), "0.25");
    }
}
