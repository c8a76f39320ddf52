//! Property tests of the claim checker's analyses: each checks, by solving
//! again, that an answer means what it says (a margin really moves the seat
//! and one unit less does not; a threshold is minimal; an identified method
//! really gives the table; a flipping vector really flips).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use proptest::prelude::*;

use seatshare::analysis::identify::{identify, stationary_interval};
use seatshare::analysis::margin::{margins, Amount};
use seatshare::analysis::outcomes::Outcomes;
use seatshare::analysis::population::population;
use seatshare::analysis::robust::{robust, Spread};
use seatshare::analysis::sweep::sweep;
use seatshare::analysis::threshold::{threshold, Condition};
use seatshare::method::Method;
use seatshare::number::Decimal;
use seatshare::outcome::Setup;
use seatshare::scenario::Basis;

fn setup(weights: &[u64]) -> Setup {
    Setup::plain(
        (0..weights.len()).map(|i| format!("R{i}")).collect(),
        weights.iter().map(|&w| Decimal::from_u64(w)).collect(),
        Basis::Counts,
    )
}

fn method(index: usize) -> Method {
    let all = Method::standard();
    all[index % all.len()].clone()
}

/// The fewest seats region `i` holds over the outcomes at weight `w`.
fn lowest(s: &Setup, house: u64, m: &Method, i: usize, w: u64) -> Option<u64> {
    let mut weights = s.weights.clone();
    weights[i] = Decimal::from_u64(w);
    let a = s.with_weights(weights).solve(house, m).ok()?;
    Some(Outcomes::of(&a).unwrap().range(i).0)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn weights() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(1u64..2_000, 2..6)
}

/// Found by `margins_are_exact_on_the_grid`: C holds the last seat tied
/// with D (928 members each) while B's remainder is just below theirs.
/// Losing any member loses the seat, so the tie is now (0), not where C
/// would meet B (0.125 members down).
#[test]
fn a_seat_tied_now_is_tied_at_zero_whoever_else_trades() {
    let s = setup(&[1345, 1616, 928, 928]);
    let m = Method::parse("hamilton").expect("a method");
    let result = margins(&s, 7, &m).expect("margins");
    let c = &result.regions[2];
    assert_eq!(c.seats, 2);
    let loss = c.loss.as_ref().expect("C can lose its seat");
    assert!(loss.tie_at.is_zero(), "tied now, not at {:?}", loss.tie_at);
    assert_eq!(loss.amount.to_string(), "0");
    assert!(lowest(&s, 7, &m, 2, 928).expect("solves") < 2);
}

/// Found by `margins_are_exact_on_the_grid`: as R2 gains, the rising
/// Imperiali quota takes R4's fourth seat away and gives it to R3 before
/// R2 is anywhere near it, so R2's next seat is won from R3 (its tie with
/// R4's seat, at +363 exactly, is no tie: R3 holds the seat there).
#[test]
fn a_gain_ties_the_seat_it_takes_not_one_traded_on_the_way() {
    let s = setup(&[1896, 65, 316, 316, 1406]);
    let m = Method::parse("imperiali-quota").expect("a method");
    let result = margins(&s, 10, &m).expect("margins");
    let gain = result.regions[2].gain.as_ref().expect("R2 can gain");
    assert_eq!(gain.amount.to_string(), "364");
    // R2's second seat against R3's first: (316 + x) − (3999 + x)/12 = 316.
    let tie = BigRational::new(BigInt::from(3999), BigInt::from(11));
    assert_eq!(gain.tie_at, Amount::Exact(tie));
}

proptest! {
    #![proptest_config(config(40))]

    /// Adding `gain_needed` to a region wins it a seat for certain, and one
    /// member less does not; taking `loss_allowed` away keeps every seat for
    /// certain, and one more does not.
    #[test]
    fn margins_are_exact_on_the_grid(w in weights(), house in 1u64..12, m in 0usize..12) {
        let s = setup(&w);
        let m = method(m);
        let Ok(result) = margins(&s, house, &m) else { return Ok(()); };
        for r in &result.regions {
            let i = r.region;
            let seats = r.seats;
            if let Some(g) = &r.gain {
                let need: u64 = g.amount.to_string().parse().expect("whole members");
                prop_assert!(lowest(&s, house, &m, i, w[i] + need).expect("solves") > seats,
                    "{} region {i}: +{need} must win", m);
                if need > 0 {
                    prop_assert!(lowest(&s, house, &m, i, w[i] + need - 1).expect("solves") <= seats,
                        "{} region {i}: +{} must not win", m, need - 1);
                }
                // The exact tie point lies in the last grid step, and where it
                // falls on the grid the seat is tied there.
                if let Amount::Exact(t) = &g.tie_at {
                    let int = |k: u64| BigRational::from_integer(BigInt::from(k));
                    prop_assert!(*t <= int(need));
                    prop_assert!(need == 0 || *t >= int(need - 1), "{} region {i}: tie {t} vs need {need}", m);
                    if t.is_integer() && *t < int(need) {
                        let at = w[i] + t.to_integer().to_u64().expect("a small tie point");
                        let mut weights = s.weights.clone();
                        weights[i] = Decimal::from_u64(at);
                        let a = s.with_weights(weights).solve(house, &m).expect("solves");
                        prop_assert!(Outcomes::of(&a).unwrap().range(i).1 > seats, "{} region {i}: no tie at +{t}", m);
                    }
                }
            }
            if let Some(l) = &r.loss {
                let allowed: u64 = l.amount.to_string().parse().expect("whole members");
                if l.tie_at.is_zero() {
                    // Tied now: the seat is not held for certain even at −0.
                    prop_assert_eq!(allowed, 0);
                    prop_assert!(lowest(&s, house, &m, i, w[i]).expect("solves") < seats);
                    continue;
                }
                prop_assert!(lowest(&s, house, &m, i, w[i] - allowed).expect("solves") >= seats,
                    "{} region {i}: −{allowed} must keep the seats", m);
                if allowed < w[i] {
                    prop_assert!(lowest(&s, house, &m, i, w[i] - allowed - 1).expect("solves") < seats,
                        "{} region {i}: −{} must put a seat at risk", m, allowed + 1);
                }
            }
        }
    }

    /// The first size is minimal and the condition holds there; for quota
    /// methods it holds from `from` on (checked for 40 sizes beyond) and
    /// fails at `last_failing`.
    #[test]
    fn thresholds_are_minimal_and_final(w in weights(), k in 1u64..3, m in 0usize..12) {
        let s = setup(&w);
        let m = method(m);
        let condition = Condition::Each(k);
        let t = threshold(&s, &condition, &m).expect("solves");
        let first = t.first.expect("every weight is positive, so it holds eventually");
        let holds = |house: u64| {
            s.solve(house, &m).map(|a| condition.holds(&a).unwrap().always()).unwrap_or(false)
        };
        prop_assert!(holds(first));
        for house in t.smallest..first {
            prop_assert!(!holds(house), "{} holds at {house} < first {first}", m);
        }
        let from = t.from.expect("a bound applies without seat rules");
        for house in from..from + 40 {
            prop_assert!(holds(house), "{} fails at {house} ≥ from {from}", m);
        }
        if let Some(last) = t.last_failing {
            prop_assert!(!holds(last));
            prop_assert_eq!(last + 1, from);
        }
        if m.is_divisor() {
            prop_assert_eq!(first, from);
        }
    }

    /// A method's own allocation is identified as that method's (or as one
    /// of its tied outcomes).
    #[test]
    fn a_methods_table_is_identified_as_its_own(w in weights(), house in 1u64..15, m in 0usize..12) {
        let s = setup(&w);
        let m = method(m);
        let Ok(a) = s.solve(house, &m) else { return Ok(()); };
        let found = identify(&s, &a.seats(), std::slice::from_ref(&m));
        let r = &found.results[0];
        prop_assert!(r.holds.as_ref().is_some_and(|h| !h.never()));
        prop_assert!(r.differences.is_empty());
    }

    /// The stationary interval of a stationary:r table contains r, and a
    /// value outside it does not give the table.
    #[test]
    fn the_stationary_interval_contains_its_r(w in weights(), house in 1u64..15, p in 1i64..20, q in 1i64..20) {
        let (p, q) = if p <= q { (p, q) } else { (q, p) };
        let r = BigRational::new(BigInt::from(p), BigInt::from(q));
        let s = setup(&w);
        let m = Method::parse(&format!("stationary:{p}/{q}")).expect("r in [0, 1]");
        let a = s.solve(house, &m).expect("solves");
        let table = a.seats();
        let st = stationary_interval(&s, &table).expect("its own r works");
        prop_assert!(st.lower.r <= r && r <= st.upper.r);
        let zero = BigRational::from_integer(BigInt::from(0));
        if st.lower.r > zero {
            let outside = &st.lower.r / BigRational::from_integer(BigInt::from(2));
            let m = Method::Divisor(seatshare::method::DivisorMethod::Stationary { r: outside });
            if let Ok(b) = s.solve(house, &m) {
                prop_assert!(Outcomes::of(&b).unwrap().table(&table).never());
            }
        }
    }

    /// Every flipping vector changes the seats (or ties them); when the
    /// box is stable, its corners and centre-offset points keep the seats.
    #[test]
    fn robust_vectors_flip_and_stable_boxes_hold(w in weights(), house in 1u64..12, m in 0usize..12, pct in 1u64..30) {
        let s = setup(&w);
        let m = method(m);
        let spread = Spread::Percent(Decimal::from_u64(pct));
        let Ok(r) = robust(&s, house, &m, &spread) else { return Ok(()); };
        for f in &r.flips {
            prop_assert!(f.allocation.seats() != r.allocation.seats() || f.allocation.tie.is_some());
        }
        if r.stable() {
            // Every weight at its low end, then at its high end: the same
            // seats (the box's two diagonal corners).
            for end in [0usize, 1] {
                let weights: Vec<Decimal> = r.intervals.iter().map(|(l, h)| if end == 0 { l.clone() } else { h.clone() }).collect();
                let a = s.with_weights(weights).solve(house, &m).expect("solves");
                prop_assert_eq!(a.seats(), r.allocation.seats());
            }
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// A sweep flags an Alabama paradox exactly where a region's seats fall
    /// from one size to the next (checked where neither size is tied).
    #[test]
    fn alabama_is_flagged_exactly_where_seats_fall(w in weights(), m in 0usize..12) {
        let s = setup(&w);
        let m = method(m);
        let swept = sweep(&s, std::slice::from_ref(&m), 1, 40).expect("sweeps");
        let sw = &swept[0];
        for pair in sw.sizes.windows(2) {
            if pair[0].tied || pair[1].tied {
                continue;
            }
            for i in 0..w.len() {
                let falls = pair[1].seats[i] < pair[0].seats[i];
                let flagged = sw.alabama.iter().any(|p| p.house == pair[0].house && p.region == i);
                prop_assert_eq!(falls, flagged);
            }
        }
        if m.is_divisor() {
            prop_assert!(sw.alabama.is_empty());
        }
    }

    /// Divisor methods never show the population paradox for certain.
    #[test]
    fn divisor_methods_have_no_population_paradox(w in weights(), growth in prop::collection::vec(0u64..500, 6), house in 1u64..15, m in 0usize..8) {
        let s = setup(&w);
        let m = method(m);
        prop_assume!(m.is_divisor());
        let later: Vec<Decimal> = w.iter().zip(&growth).map(|(v, g)| Decimal::from_u64(v + g)).collect();
        let Ok(p) = population(&s, &later, house, &m) else { return Ok(()); };
        prop_assert!(p.paradoxes.iter().all(|x| !x.certain));
    }
}
