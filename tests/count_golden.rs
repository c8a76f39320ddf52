//! Golden tests of `--rule scottish` against Droop 0.11's Scottish STV
//! counts of the ten Glasgow 2007 wards (a peer's published count, in
//! `tests/fixtures/stv/glasgow_2007/`, see its SOURCE.md): the same
//! councillors in the same order, and every candidate's votes at every
//! stage equal to five decimals.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use seatshare::count::blt::parse_blt;
use seatshare::count::render::fixed;
use seatshare::count::{conserved, count, CountOptions, CountRule, Status};

/// Droop's count: per stage, each named candidate's votes as printed, and
/// the order of election.
struct DroopCount {
    stages: Vec<BTreeMap<String, String>>,
    elected: Vec<String>,
    /// How many of `elected` came from "Elect remaining candidates".
    remaining: usize,
}

fn parse_droop(text: &str) -> DroopCount {
    let mut stages: Vec<BTreeMap<String, String>> = Vec::new();
    let mut current: BTreeMap<String, String> = BTreeMap::new();
    let mut block: BTreeMap<String, String> = BTreeMap::new();
    let mut elected = Vec::new();
    let mut remaining = 0;
    let mut begun = false;
    for line in text.lines() {
        if line.starts_with("Round ") {
            if !block.is_empty() {
                current = std::mem::take(&mut block);
            }
            stages.push(std::mem::take(&mut current));
            continue;
        }
        if let Some(rest) = line.strip_prefix("Action: ") {
            begun = true;
            if !block.is_empty() {
                current = std::mem::take(&mut block);
            }
            for prefix in [
                "Elect, transfer pending: ",
                "Elect remaining candidates: ",
                "Elect: ",
            ] {
                if let Some(name) = rest.strip_prefix(prefix) {
                    elected.push(name.trim().to_string());
                    if prefix.starts_with("Elect remaining") {
                        remaining += 1;
                    }
                }
            }
            continue;
        }
        if !begun {
            continue;
        }
        let t = line.trim();
        for prefix in ["Hopeful:", "Elected:", "Pending:", "Defeated:"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                let rest = rest.trim();
                if let (Some(open), true) = (rest.rfind(" ("), rest.ends_with(')')) {
                    let names = rest[..open].trim();
                    let value = &rest[open + 2..rest.len() - 1];
                    if !names.contains(", ") {
                        block.insert(names.to_string(), value.to_string());
                    }
                }
            }
        }
    }
    if !block.is_empty() {
        current = block;
    }
    stages.push(current);
    DroopCount {
        stages,
        elected,
        remaining,
    }
}

#[test]
fn glasgow_2007_wards_match_droop_stage_by_stage() {
    let dir = Path::new("tests/fixtures/stv/glasgow_2007");
    let mut wards = 0;
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "blt"))
    {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let droop = parse_droop(
            &fs::read_to_string(dir.join(format!("{stem}.droop-scotland.txt"))).unwrap(),
        );
        let election = parse_blt(&fs::read(path).unwrap(), &stem).unwrap();
        let outcome = count(&election, &CountOptions::new(CountRule::Scottish)).unwrap();
        assert_eq!(outcome.sheets.len(), 1, "{stem}: no tie needs a lot");
        let sheet = &outcome.sheets[0];
        assert!(conserved(sheet), "{stem}: votes conserved at every stage");
        // Droop fills the last vacancies (rule 52) in ballot-file order,
        // also electing there a candidate who reached the quota at that
        // stage (rule 47); we elect the quota holder first. Both elect the
        // same candidates at the same final stage: compare that stage as a
        // set and everything before it in order.
        let ours = sheet.elected_names();
        let split = droop.elected.len() - droop.remaining;
        assert_eq!(
            ours[..split],
            droop.elected[..split],
            "{stem}: elected in order"
        );
        let mut a: Vec<&str> = ours[split..].to_vec();
        let mut b: Vec<&str> = droop.elected[split..].iter().map(String::as_str).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{stem}: the last vacancies");
        let last = sheet.stages.len();
        assert!(
            sheet.elected[split..].iter().all(|e| e.stage == last),
            "{stem}: the last vacancies are filled at the last stage"
        );
        assert_eq!(
            sheet.stages.len(),
            droop.stages.len(),
            "{stem}: as many stages as Droop's rounds (+ the first)"
        );
        for (s, (ours, theirs)) in sheet.stages.iter().zip(&droop.stages).enumerate() {
            assert!(!theirs.is_empty(), "{stem}: stage {} read", s + 1);
            for (name, value) in theirs {
                let c = sheet
                    .names
                    .iter()
                    .position(|n| n == name)
                    .unwrap_or_else(|| panic!("{stem}: {name} not among {:?}", sheet.names));
                let mine = fixed(&ours.votes[c], 5);
                if ours.status[c] == Status::Excluded {
                    assert_eq!(
                        mine, "0.00000",
                        "{stem}: an excluded candidate holds nothing"
                    );
                }
                assert_eq!(&mine, value, "{stem}: stage {}, {name}", s + 1);
            }
        }
        wards += 1;
    }
    assert_eq!(wards, 10, "all ten Glasgow wards counted");
}
