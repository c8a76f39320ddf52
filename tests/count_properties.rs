//! Properties of the count on random small elections: votes conserved at
//! every stage exactly; permuting the ballot lines or renumbering the
//! candidates changes nothing (seeded lots are drawn among the tied sorted
//! by name, so even they do not move); constraints that cannot bind change
//! nothing; constraints feasible at the start are met by every mode.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;

use seatshare::count::{
    conserved, count, Ballot, Constraints, CountOptions, CountRule, Election, Mode,
};

fn election(n: usize, seats: usize, lines: &[(u32, Vec<u32>)]) -> Election {
    let ballots = lines
        .iter()
        .map(|(w, prefs)| {
            let mut seen = Vec::new();
            for p in prefs {
                let c = p % n as u32;
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
            Ballot {
                weight: BigRational::from_integer(BigInt::from(*w)),
                prefs: seen,
            }
        })
        .collect();
    Election {
        title: "random".into(),
        names: (0..n)
            .map(|i| format!("Candidate {}", (b'A' + i as u8) as char))
            .collect(),
        seats,
        withdrawn: Vec::new(),
        ballots,
    }
}

fn arb() -> impl Strategy<Value = (Election, Vec<bool>)> {
    (3usize..=7)
        .prop_flat_map(|n| {
            (
                Just(n),
                1usize..n,
                prop::collection::vec((1u32..6, prop::collection::vec(0u32..7, 1..7)), 1..25),
                prop::collection::vec(any::<bool>(), n),
            )
        })
        .prop_map(|(n, seats, lines, women)| (election(n, seats, &lines), women))
}

fn options(rule: CountRule) -> CountOptions {
    let mut o = CountOptions::new(rule);
    o.seed = Some(11);
    o
}

/// Each outcome as (elected names in order, every stage's votes by name).
type Fingerprint = Vec<(Vec<String>, Vec<BTreeMap<String, BigRational>>)>;

fn fingerprint(e: &Election, o: &CountOptions) -> Fingerprint {
    let outcome = count(e, o).expect("counts");
    outcome
        .sheets
        .iter()
        .map(|s| {
            let stages = s
                .stages
                .iter()
                .map(|st| {
                    s.names
                        .iter()
                        .cloned()
                        .zip(st.votes.iter().cloned())
                        .collect::<BTreeMap<_, _>>()
                })
                .collect();
            (
                s.elected_names().into_iter().map(String::from).collect(),
                stages,
            )
        })
        .collect()
}

fn gender(women: &[bool]) -> Vec<BTreeMap<String, String>> {
    women
        .iter()
        .map(|w| {
            BTreeMap::from([(
                "gender".to_string(),
                if *w { "woman" } else { "man" }.to_string(),
            )])
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn votes_are_conserved_at_every_stage((e, _) in arb()) {
        for rule in [CountRule::Wigm, CountRule::Scottish, CountRule::Ers97, CountRule::Meek] {
            let outcome = count(&e, &options(rule)).expect("counts");
            for s in &outcome.sheets {
                prop_assert!(conserved(s), "{rule:?}");
                prop_assert_eq!(s.elected.len(), e.seats);
            }
        }
    }

    #[test]
    fn permuting_ballot_lines_changes_nothing((e, _) in arb()) {
        let mut p = e.clone();
        p.ballots.reverse();
        let half = p.ballots.len() / 2;
        p.ballots.rotate_left(half);
        for rule in [CountRule::Wigm, CountRule::Scottish, CountRule::Ers97, CountRule::Meek] {
            prop_assert_eq!(fingerprint(&e, &options(rule)), fingerprint(&p, &options(rule)));
            // Without a seed, the same outcomes are reported (when there
            // are few enough to list).
            if let (Ok(a), Ok(b)) = (count(&e, &CountOptions::new(rule)), count(&p, &CountOptions::new(rule))) {
                prop_assert_eq!(a.sheets.len(), b.sheets.len());
                let names = |o: &seatshare::count::Outcome| {
                    let mut v: Vec<Vec<String>> = o.sheets.iter().map(|s| s.elected_names().into_iter().map(String::from).collect()).collect();
                    v.sort();
                    v
                };
                prop_assert_eq!(names(&a), names(&b));
            }
        }
    }

    #[test]
    fn renumbering_candidates_changes_nothing((e, _) in arb()) {
        let n = e.names.len() as u32;
        let mut r = e.clone();
        r.names.reverse();
        for b in &mut r.ballots {
            for c in &mut b.prefs {
                *c = n - 1 - *c;
            }
        }
        for rule in [CountRule::Wigm, CountRule::Scottish, CountRule::Ers97, CountRule::Meek] {
            prop_assert_eq!(fingerprint(&e, &options(rule)), fingerprint(&r, &options(rule)));
        }
    }

    #[test]
    fn constraints_that_cannot_bind_change_nothing((e, women) in arb()) {
        // At least as many women as the seats the men cannot fill: met
        // whoever is elected, so guard and doom never act.
        let men = women.iter().filter(|w| !**w).count();
        let k = e.seats.saturating_sub(men);
        let mut c = Constraints::attributes_only(gender(&women));
        c.add_women("gender", k, e.seats);
        for rule in [CountRule::Wigm, CountRule::Scottish, CountRule::Ers97, CountRule::Meek] {
            let free = fingerprint(&e, &options(rule));
            for mode in [Mode::GuardDoom, Mode::Replacement] {
                let mut o = options(rule);
                o.constraints = Some(c.clone());
                o.mode = mode;
                prop_assert_eq!(&fingerprint(&e, &o), &free, "{:?}", mode);
            }
        }
    }

    #[test]
    fn feasible_constraints_are_met_by_every_mode((e, women) in arb(), k in 0usize..4) {
        let standing = women.iter().filter(|w| **w).count();
        let k = k.min(e.seats).min(standing);
        let mut c = Constraints::attributes_only(gender(&women));
        c.add_women("gender", k, e.seats);
        for rule in [CountRule::Wigm, CountRule::Scottish, CountRule::Ers97, CountRule::Meek] {
            for mode in [Mode::GuardDoom, Mode::Replacement] {
                let mut o = options(rule);
                o.constraints = Some(c.clone());
                o.mode = mode;
                let outcome = count(&e, &o).expect("feasible constraints count");
                for s in &outcome.sheets {
                    let elected: Vec<usize> = s.elected.iter().map(|x| x.candidate).collect();
                    prop_assert_eq!(elected.len(), e.seats);
                    prop_assert!(c.met_by(&elected), "{:?} {:?}: {:?}", rule, mode, s.elected_names());
                    prop_assert!(conserved(s));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Region × gender crossed: at least one from each region and a women's
    /// minimum, whenever they can hold at the start.
    #[test]
    fn crossed_region_and_gender_constraints_are_met_by_guard_doom(
        (e, women) in arb(),
        north in prop::collection::vec(any::<bool>(), 7),
        k in 0usize..3,
    ) {
        let mut attributes = gender(&women);
        for (i, a) in attributes.iter_mut().enumerate() {
            a.insert("region".into(), if north[i] { "North" } else { "South" }.into());
        }
        let mut c = Constraints::attributes_only(attributes);
        c.add_women("gender", k.min(e.seats), e.seats);
        c.add_each("region", 1, None, e.seats);
        let all: Vec<usize> = (0..e.names.len()).collect();
        let feasible = c.feasible(&[], &all, e.seats);
        for rule in [CountRule::Wigm, CountRule::Scottish, CountRule::Ers97, CountRule::Meek] {
            let mut o = options(rule);
            o.constraints = Some(c.clone());
            match count(&e, &o) {
                Ok(outcome) => {
                    prop_assert!(feasible);
                    for s in &outcome.sheets {
                        let elected: Vec<usize> = s.elected.iter().map(|x| x.candidate).collect();
                        prop_assert!(c.met_by(&elected), "{:?}: {:?}", rule, s.elected_names());
                    }
                }
                Err(err) => {
                    prop_assert!(!feasible, "refused a feasible count: {}", err);
                    prop_assert!(err.to_string().starts_with("the constraints cannot hold"));
                }
            }
        }
    }
}
