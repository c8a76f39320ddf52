//! A stable-toolchain stand-in for fuzz targets of the readers (no nightly
//! for cargo-fuzz here): proptest builds inputs from the formats' own
//! pieces (keys, separators, numbers of every size, quotes, nesting,
//! garbage bytes) and each reader must answer `Ok` or an error with a
//! sentence, never panic, and the dataset it returns must be sound.

use proptest::prelude::*;
use seatshare::scenario::{Dataset, InputFormat, LoadOptions};

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title: x\n".to_string()),
        Just("seats: 9\n".to_string()),
        Just("regions:\n".to_string()),
        Just("  - {name: A, count: 5}\n".to_string()),
        Just("  - {name: B, count: 0, share: 20.5}\n".to_string()),
        Just("scenarios:\n  - {id: s, seats: 3, method: dhondt}\n".to_string()),
        Just("makeups:\n  - {id: m, seats: {A: 2}}\n".to_string()),
        Just("    min: {A: 18446744073709551615}\n".to_string()),
        Just("region,w\n".to_string()),
        Just("A;1\n".to_string()),
        Just("\"B,C\",2\n".to_string()),
        Just("A\t-3\n".to_string()),
        Just("=TITEL=\n".to_string()),
        Just("=MANDATE=\n7\n".to_string()),
        Just("=DATEN=\n\"X\" 10\nY 3 1 2\n".to_string()),
        Just("=DISTRIKT=\nd\n".to_string()),
        Just("=ENDE=\n".to_string()),
        Just("[[[[{{{{".to_string()),
        Just("&a [*a, *a, *a]\n".to_string()),
        Just("\u{feff}".to_string()),
        "[0-9]{1,60}(\\.[0-9]{0,30})?".prop_map(|n| format!("R,{n}\n")),
        "[ -~]{0,40}".prop_map(|s| format!("{s}\n")),
        any::<u8>().prop_map(|b| char::from(b).to_string()),
    ]
}

fn input() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..14).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn every_reader_answers_or_explains(text in input()) {
        for format in [InputFormat::Csv, InputFormat::Yaml, InputFormat::Bazi] {
            match Dataset::parse(&text, "fuzz", format, &LoadOptions::default()) {
                Ok(d) => {
                    // Sound: names unique, every makeup and scenario names
                    // regions that exist.
                    let mut names: Vec<&str> = d.regions.iter().map(|r| r.name.as_str()).collect();
                    let n = names.len();
                    names.sort_unstable();
                    names.dedup();
                    prop_assert_eq!(names.len(), n);
                }
                Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
            }
        }
    }

    #[test]
    fn the_ballot_reader_answers_or_explains(text in input(), blt in "([0-9 ]{0,12}\n){0,8}(\"[a-z]{0,5}\"\n){0,4}") {
        for t in [text.as_str(), blt.as_str()] {
            if let Err(e) = seatshare::count::blt::parse_blt(t.as_bytes(), "fuzz.blt") {
                prop_assert!(!e.to_string().trim().is_empty());
            }
        }
    }

    #[test]
    fn the_ranked_csv_reader_answers_or_explains(
        text in input(),
        csv in "(Ballot,)?[A-C,]{0,8}\n([0-9,x\" -]{0,12}\n){0,8}",
        seats in 0usize..4,
    ) {
        for t in [text.as_str(), csv.as_str()] {
            match seatshare::count::ranked_csv::parse_ranked_csv(t.as_bytes(), "fuzz.csv", seats) {
                Ok(e) => {
                    // Sound: preferences name candidates, each at most once.
                    for b in &e.ballots {
                        let mut seen = b.prefs.clone();
                        seen.sort_unstable();
                        seen.dedup();
                        prop_assert_eq!(seen.len(), b.prefs.len());
                        prop_assert!(b.prefs.iter().all(|c| (*c as usize) < e.names.len()));
                    }
                    // And the count answers or explains, never panics.
                    let o = seatshare::count::CountOptions::new(seatshare::count::CountRule::Ers97);
                    if let Err(err) = seatshare::count::count(&e, &o) {
                        prop_assert!(!err.to_string().trim().is_empty());
                    }
                }
                Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
            }
        }
    }
}
