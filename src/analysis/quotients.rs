//! The quotient table of a divisor method: each region's weight divided by
//! the divisors d(0), d(1), …, with the quotients that won a seat marked and
//! numbered in the order the seats were won. The order is decided exactly
//! (cross-multiplication; squares for Huntington–Hill); the quotients
//! themselves are floats, for display only.

use std::cmp::Ordering;

use num_bigint::BigUint;

use crate::method::{DivisorMethod, SignpostKind};
use crate::number::{to_common_scale, Decimal};

/// The most divisor columns a table shows; a larger house is cut there and
/// says so.
pub const MAX_COLUMNS: u64 = 60;

/// One cell of a quotient table.
#[derive(Debug, Clone, PartialEq)]
pub struct Quotient {
    /// v / d(k) for display; `None` when d(k) = 0 (the seat is owed).
    pub value: Option<f64>,
    /// The seat's place in the order the seats were won (1 = first), when
    /// this quotient won one.
    pub won: Option<u64>,
}

/// Regions × divisors, with the winning quotients numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotientTable {
    /// The divisors d(0), d(1), … shown, for display (√ already taken for
    /// Huntington–Hill).
    pub divisors: Vec<f64>,
    /// The divisors as text: `1`, `1.5`, `√2`.
    pub divisor_text: Vec<String>,
    /// One row per region, one cell per divisor.
    pub rows: Vec<Vec<Quotient>>,
    /// True when some winning quotients lie beyond [`MAX_COLUMNS`].
    pub cut: bool,
}

/// The priority of region `i`'s (k+1)-th seat as an exact fraction `num /
/// den` of (squared, for square-root methods) integers; `den == 0` means
/// infinite (d(k) = 0).
struct Priority {
    num: BigUint,
    den: BigUint,
}

fn priority(method: &DivisorMethod, weight: &BigUint, k: u64) -> Option<Priority> {
    let s = method.signpost(k)?;
    let (num, den) = (BigUint::from(s.num), BigUint::from(s.den));
    // v / (num/den) = v·den / num; for √: (v / √(num/den))² = v²·den / num.
    let v = match method.kind() {
        SignpostKind::Rational => weight.clone(),
        SignpostKind::SquareRoot => weight * weight,
    };
    Some(Priority {
        num: v * den,
        den: num,
    })
}

fn compare(a: &Priority, b: &Priority) -> Ordering {
    match (a.den == BigUint::ZERO, b.den == BigUint::ZERO) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => (&a.num * &b.den).cmp(&(&b.num * &a.den)),
    }
}

fn divisor_float(method: &DivisorMethod, k: u64) -> Option<f64> {
    let s = method.signpost(k)?;
    let value = s.num as f64 / s.den as f64;
    Some(match method.kind() {
        SignpostKind::Rational => value,
        SignpostKind::SquareRoot => value.sqrt(),
    })
}

fn divisor_label(method: &DivisorMethod, k: u64) -> String {
    let Some(s) = method.signpost(k) else {
        return "—".into();
    };
    let plain = |num: u128, den: u128| -> String {
        if den == 1 || num.is_multiple_of(den) {
            (num / den).to_string()
        } else {
            let v = num as f64 / den as f64;
            let text = format!("{v:.3}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    match method.kind() {
        SignpostKind::Rational => plain(s.num, s.den),
        SignpostKind::SquareRoot => {
            let whole = s.num.isqrt();
            if s.den == 1 && whole * whole == s.num {
                whole.to_string()
            } else {
                format!("√{}", plain(s.num, s.den))
            }
        }
    }
}

/// The quotient table for `seats` under `method`, with `base` seats per
/// region given before the method ran (the method's divisors start again
/// at d(0) after them). The cells k < seats − base of each region are the
/// seats it won; they are numbered by decreasing quotient, equal quotients
/// in region order. Shows enough divisors to cover every winning quotient
/// plus one (at most [`MAX_COLUMNS`]).
///
/// ```
/// use seatshare::analysis::quotients::quotient_table;
/// use seatshare::method::DivisorMethod;
/// use seatshare::number::Decimal;
/// let w: Vec<Decimal> = ["100", "80", "30"].iter().map(|t| Decimal::parse(t).unwrap()).collect();
/// let t = quotient_table(&w, &DivisorMethod::DHondt, &[3, 2, 0], &[0, 0, 0]);
/// assert_eq!(t.rows[0][2].won, Some(5)); // 100/3 won the fifth seat
/// ```
pub fn quotient_table(
    weights: &[Decimal],
    method: &DivisorMethod,
    seats: &[u64],
    base: &[u64],
) -> QuotientTable {
    let (scaled, _) = to_common_scale(weights);
    let free: Vec<u64> = seats
        .iter()
        .enumerate()
        .map(|(i, &s)| s.saturating_sub(base.get(i).copied().unwrap_or(0)))
        .collect();
    let wanted = free.iter().copied().max().unwrap_or(0) + 1;
    let columns = wanted.min(MAX_COLUMNS);
    let divisors: Vec<f64> = (0..columns)
        .map(|k| divisor_float(method, k).unwrap_or(f64::MAX))
        .collect();
    let divisor_text = (0..columns).map(|k| divisor_label(method, k)).collect();
    // Every winning quotient, ordered exactly.
    let mut winners: Vec<(usize, u64, Priority)> = Vec::new();
    for (i, w) in scaled.iter().enumerate() {
        for k in 0..free[i] {
            if let Some(p) = priority(method, w, k) {
                winners.push((i, k, p));
            }
        }
    }
    winners.sort_by(|a, b| compare(&b.2, &a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut rows: Vec<Vec<Quotient>> = weights
        .iter()
        .map(|w| {
            let v = w.to_f64();
            (0..columns as usize)
                .map(|k| {
                    let d = divisors[k];
                    Quotient {
                        value: (d > 0.0 && d < f64::MAX).then(|| v / d),
                        won: None,
                    }
                })
                .collect()
        })
        .collect();
    for (order, (i, k, _)) in winners.iter().enumerate() {
        if let Some(cell) = rows[*i].get_mut(*k as usize) {
            cell.won = Some(order as u64 + 1);
        }
    }
    QuotientTable {
        divisors,
        divisor_text,
        rows,
        cut: wanted > columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(list: &[&str]) -> Vec<Decimal> {
        list.iter().map(|t| Decimal::parse(t).unwrap()).collect()
    }

    /// D'Hondt, 5 seats, A 100, B 80, C 30 (by hand: 100, 80, 50, 40,
    /// 33.3 win; then 30 and 26.7 lose): A 3, B 2, C 0.
    #[test]
    fn dhondt_by_hand() {
        let t = quotient_table(
            &weights(&["100", "80", "30"]),
            &DivisorMethod::DHondt,
            &[3, 2, 0],
            &[0, 0, 0],
        );
        assert_eq!(t.divisor_text, vec!["1", "2", "3", "4"]);
        let won: Vec<Vec<Option<u64>>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.won).collect())
            .collect();
        assert_eq!(
            won,
            vec![
                vec![Some(1), Some(3), Some(5), None],
                vec![Some(2), Some(4), None, None],
                vec![None, None, None, None],
            ]
        );
        assert!((t.rows[0][2].value.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert!((t.rows[1][2].value.unwrap() - 80.0 / 3.0).abs() < 1e-9);
        assert!(!t.cut);
    }

    /// Sainte-Laguë divisors 0.5, 1.5, …; base seats restart the divisors.
    #[test]
    fn sainte_lague_with_base() {
        let t = quotient_table(
            &weights(&["0.6", "0.4"]),
            &DivisorMethod::SainteLague,
            &[2, 2],
            &[1, 1],
        );
        assert_eq!(t.divisor_text, vec!["0.5", "1.5"]);
        assert_eq!(t.rows[0][0].won, Some(1));
        assert_eq!(t.rows[1][0].won, Some(2));
        assert_eq!(t.rows[0][1].won, None);
    }

    /// Huntington–Hill: d(0) = 0 is owed (no value, won first), √2, √6.
    #[test]
    fn huntington_hill_square_roots() {
        let t = quotient_table(
            &weights(&["300", "100"]),
            &DivisorMethod::HuntingtonHill,
            &[3, 1],
            &[0, 0],
        );
        assert_eq!(t.divisor_text, vec!["0", "√2", "√6", "√12"]);
        assert_eq!(t.rows[0][0].value, None);
        assert_eq!(t.rows[0][0].won, Some(1));
        assert_eq!(t.rows[1][0].won, Some(2));
        // 300/√2 ≈ 212 then 300/√6 ≈ 122.5 beat 100/√2 ≈ 70.7.
        assert_eq!(t.rows[0][1].won, Some(3));
        assert_eq!(t.rows[0][2].won, Some(4));
    }
}
