//! `--rule meek`: the quota recomputed from the excess at every stage,
//! exact conservation in nine-decimal fixed point, and the wards where it
//! elects differently from WIGM. No installable peer implements Meek's
//! method (stvpoll, pyrankvote and pystv do not), so there is no
//! differential test for it; see the closing note of the report.

use std::fs;

use seatshare::count::blt::parse_blt;
use seatshare::count::{conserved, count, CountOptions, CountRule, Mode};

fn elected(path: &str, rule: CountRule) -> Vec<String> {
    let e = parse_blt(&fs::read(path).expect("ward"), path).expect("parses");
    let o = count(&e, &CountOptions::new(rule)).expect("counts");
    assert_eq!(o.sheets.len(), 1);
    assert!(conserved(&o.sheets[0]), "{path}: conserved under {rule:?}");
    let mut v: Vec<String> = o.sheets[0]
        .elected_names()
        .into_iter()
        .map(String::from)
        .collect();
    v.sort();
    v
}

#[test]
fn meek_conserves_votes_on_every_real_ward_and_differs_from_wigm_where_expected() {
    let mut differ = Vec::new();
    for dir in [
        "tests/fixtures/stv/glasgow_2007",
        "tests/fixtures/stv/scotland_council",
    ] {
        let mut paths: Vec<_> = fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "blt"))
            .collect();
        paths.sort();
        for p in paths {
            let p = p.display().to_string();
            if elected(&p, CountRule::Meek) != elected(&p, CountRule::Wigm) {
                differ.push(p.rsplit('/').next().unwrap_or("").to_string());
            }
        }
    }
    // Meek moves later surpluses through the keep values of everyone
    // elected, so the close last places of these three wards go the other
    // way from WIGM's.
    assert_eq!(
        differ,
        vec![
            "Craigton-2007.blt",
            "fife_2017_ward6.blt",
            "fife_2022_ward7.blt"
        ]
    );
}

#[test]
fn the_meek_quota_is_recomputed_from_the_excess() {
    // 12 ballots, 2 seats: quota 12/3 truncated + 10⁻⁹. A (6) is elected;
    // her keep value falls until she holds the quota, passing about 2 to B.
    // B's own 2 papers then exhaust when B is excluded, so the excess grows
    // and the quota at the last stage is below 4.
    let blt = b"3 2\n6 1 2 0\n2 2 0\n4 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Meek\"\n";
    let e = parse_blt(blt, "meek.blt").expect("parses");
    let o = count(&e, &CountOptions::new(CountRule::Meek)).expect("counts");
    let s = &o.sheets[0];
    assert_eq!(s.elected_names(), vec!["A", "C"]);
    assert_eq!(
        s.quota.as_ref().map(|q| q.to_string()),
        Some("4000000001/1000000000".into())
    );
    assert!(conserved(s));
    let last = s.stages.last().expect("stages");
    assert!(last
        .quota
        .as_ref()
        .is_some_and(|q| q < s.quota.as_ref().expect("quota")));
    assert!(!last
        .nontransferable
        .eq(&num_rational::BigRational::from_integer(0.into())));
    // Guard and doom act inside the Meek loop: with at least one woman
    // and B the only woman, C (whom the ballots elect) is doomed once A is
    // elected, and B takes the second seat.
    let mut opts = CountOptions::new(CountRule::Meek);
    let mut attributes = vec![std::collections::BTreeMap::new(); 3];
    attributes[1].insert("gender".to_string(), "woman".to_string());
    let mut k = seatshare::count::Constraints::attributes_only(attributes);
    k.add_women("gender", 1, 2);
    opts.constraints = Some(k);
    opts.mode = Mode::GuardDoom;
    let o = count(&e, &opts).expect("counts");
    let s = &o.sheets[0];
    assert_eq!(s.elected_names(), vec!["A", "B"]);
    assert!(conserved(s));
    assert!(
        s.notes.iter().any(|n| n.starts_with("C was doomed")),
        "{:?}",
        s.notes
    );
    assert!(
        s.notes[0].contains("B elected instead of C"),
        "{:?}",
        s.notes
    );
    assert_eq!(s.constraints, vec!["at least 1 women".to_string()]);
}
