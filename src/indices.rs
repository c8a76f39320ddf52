//! Indices of disproportionality: measures for readers, not decisions, so
//! they are computed in floating point from the exact weights and seats.
//! With `v` a region's share of the weight and `s` its share of the seats,
//! both in percent: Loosemore–Hanby ½Σ|v − s|, Gallagher √(½Σ(v − s)²),
//! the Sainte-Laguë index Σ(s − v)²/v, and the largest |v − s|.

use crate::number::Decimal;

/// How far a seat table is from proportionality.
#[derive(Debug, Clone, PartialEq)]
pub struct Indices {
    /// ½ Σ |v − s|, in percentage points.
    pub loosemore_hanby: f64,
    /// √(½ Σ (v − s)²), in percentage points.
    pub gallagher: f64,
    /// Σ (s − v)² / v over regions with weight.
    pub sainte_lague: f64,
    /// The largest |v − s|, in percentage points.
    pub max_deviation: f64,
    /// The region with the largest |v − s|.
    pub max_deviation_region: usize,
    /// The region with the most weight per seat, and that weight per seat.
    pub largest_per_seat: Option<(usize, f64)>,
    /// The region with the least weight per seat, and that weight per seat.
    pub smallest_per_seat: Option<(usize, f64)>,
    /// Largest over smallest weight per seat.
    pub per_seat_ratio: Option<f64>,
    /// Regions without a seat, in input order.
    pub without_seat: Vec<usize>,
}

/// Computes the indices of `seats` against `weights` (same order).
///
/// ```
/// use seatshare::indices::indices;
/// use seatshare::number::Decimal;
/// let w: Vec<Decimal> = ["60", "40"].iter().map(|t| Decimal::parse(t).unwrap()).collect();
/// let i = indices(&w, &[1, 1]);
/// assert!((i.loosemore_hanby - 10.0).abs() < 1e-9);
/// assert_eq!(i.per_seat_ratio, Some(1.5));
/// ```
pub fn indices(weights: &[Decimal], seats: &[u64]) -> Indices {
    let v: Vec<f64> = weights.iter().map(Decimal::to_f64).collect();
    let total_v: f64 = v.iter().sum();
    let total_s: f64 = seats.iter().sum::<u64>() as f64;
    let share = |x: f64, t: f64| if t > 0.0 { 100.0 * x / t } else { 0.0 };
    let mut lh = 0.0;
    let mut squares = 0.0;
    let mut sl = 0.0;
    let mut max_deviation = 0.0;
    let mut max_deviation_region = 0;
    let mut largest: Option<(usize, f64)> = None;
    let mut smallest: Option<(usize, f64)> = None;
    let mut without_seat = Vec::new();
    for (i, (&vi, &si)) in v.iter().zip(seats).enumerate() {
        let vs = share(vi, total_v);
        let ss = share(si as f64, total_s);
        let d = (vs - ss).abs();
        lh += d / 2.0;
        squares += d * d;
        if vs > 0.0 {
            sl += (ss - vs) * (ss - vs) / vs;
        }
        if d > max_deviation {
            max_deviation = d;
            max_deviation_region = i;
        }
        if si == 0 {
            without_seat.push(i);
        } else {
            let per_seat = vi / si as f64;
            if largest.is_none_or(|(_, x)| per_seat > x) {
                largest = Some((i, per_seat));
            }
            if smallest.is_none_or(|(_, x)| per_seat < x) {
                smallest = Some((i, per_seat));
            }
        }
    }
    let per_seat_ratio = match (largest, smallest) {
        (Some((_, l)), Some((_, s))) if s > 0.0 => Some(l / s),
        _ => None,
    };
    Indices {
        loosemore_hanby: lh,
        gallagher: (squares / 2.0).sqrt(),
        sainte_lague: sl,
        max_deviation,
        max_deviation_region,
        largest_per_seat: largest,
        smallest_per_seat: smallest,
        per_seat_ratio,
        without_seat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(texts: &[&str]) -> Vec<Decimal> {
        texts.iter().map(|t| Decimal::parse(t).unwrap()).collect()
    }

    #[test]
    fn indices_of_a_hand_checked_table() {
        // Shares 50, 30, 20; seats 2, 2, 0 of 4 → seat shares 50, 50, 0.
        let i = indices(&w(&["50", "30", "20"]), &[2, 2, 0]);
        assert!((i.loosemore_hanby - 20.0).abs() < 1e-9);
        assert!((i.gallagher - (0.5f64 * (400.0 + 400.0)).sqrt()).abs() < 1e-9);
        assert!((i.sainte_lague - (400.0 / 30.0 + 400.0 / 20.0)).abs() < 1e-9);
        assert!((i.max_deviation - 20.0).abs() < 1e-9);
        assert_eq!(i.without_seat, vec![2]);
        assert_eq!(i.largest_per_seat, Some((0, 25.0)));
        assert_eq!(i.smallest_per_seat, Some((1, 15.0)));
    }

    #[test]
    fn a_proportional_table_scores_zero() {
        let i = indices(&w(&["3", "1"]), &[3, 1]);
        assert!(i.loosemore_hanby.abs() < 1e-12);
        assert!(i.gallagher.abs() < 1e-12);
        assert_eq!(i.per_seat_ratio, Some(1.0));
    }
}
