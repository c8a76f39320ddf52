//! Every command answers the question it was asked: run on each scenario of
//! the Labour file, every command that reports seats reports the seats
//! `allocate --scenario` gives for that scenario (at the size it reports),
//! and a command that cannot answer under the scenario's rules refuses with
//! exit code 2 and a sentence naming them.

mod common;

use common::{file, json, seatshare, NEC};
use serde_json::Value;

/// Seats per region from a `{"Region": seats, …}` object, in file order of
/// `names`.
fn from_map(map: &Value, names: &[String]) -> Vec<u64> {
    names
        .iter()
        .map(|n| map[n].as_u64().unwrap_or(u64::MAX))
        .collect()
}

/// The scenario ids of the Labour file and its region names, read by the
/// library (not by the commands under test).
fn scenarios() -> (Vec<String>, Vec<String>) {
    let data = seatshare::scenario::Dataset::load(std::path::Path::new(NEC), None)
        .expect("the Labour file reads");
    (
        data.scenarios.iter().map(|s| s.id.clone()).collect(),
        data.names(),
    )
}

/// `allocate` at the scenario's size (or at `seats`): seats in region order,
/// or `None` when the scenario cannot hold.
fn allocate(id: &str, seats: Option<u64>, names: &[String]) -> Option<Vec<u64>> {
    let mut args = vec!["allocate", NEC, "--scenario", id, "--format", "json"];
    let size;
    if let Some(s) = seats {
        size = s.to_string();
        args.extend(["--seats", &size]);
    }
    let out = seatshare().args(&args).output().expect("runs");
    if out.status.code() == Some(2) {
        return None;
    }
    assert!(out.status.success(), "{args:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let by_name: Vec<(String, u64)> = common::seats_by_name(&v);
    Some(
        names
            .iter()
            .map(|n| {
                by_name
                    .iter()
                    .find(|(m, _)| m == n)
                    .map_or(u64::MAX, |x| x.1)
            })
            .collect(),
    )
}

/// Runs a command expected to fail with 2 and returns its message.
fn refuses(args: &[&str]) -> bool {
    let out = seatshare().args(args).output().expect("runs");
    out.status.code() == Some(2)
}

fn refusal(args: &[&str]) -> String {
    let out = seatshare().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?} should exit 2");
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn uses_rules_engine(id: &str) -> bool {
    let v = json(&["allocate", NEC, "--scenario", id]);
    v["engine"] == "rules"
}

#[test]
fn every_command_reports_the_scenarios_own_seats() {
    let (ids, names) = scenarios();
    assert!(
        ids.len() >= 15,
        "the Labour file has {} scenarios",
        ids.len()
    );
    let mut checked = 0;
    let mut robust_under_rules = 0;
    for id in &ids {
        let Some(seats) = allocate(id, None, &names) else {
            // A scenario that cannot hold: every command that solves at its
            // size says so, with allocate's own sentence.
            let reason = refusal(&["allocate", NEC, "--scenario", id]);
            for command in ["margin", "robust", "population"] {
                let mut args = vec![command, NEC, "--scenario", id];
                if command == "population" {
                    args.extend(["--later", NEC]);
                }
                assert_eq!(refusal(&args), reason, "{command} {id}");
            }
            continue;
        };
        let house: u64 = seats.iter().sum();
        let range = format!("{house}..{house}");
        let engine = uses_rules_engine(id);

        let swept = json(&["sweep", NEC, "--scenario", id, "--seats", &range]);
        assert_eq!(
            from_map(&swept["sizes"][0]["allocation"], &names),
            seats,
            "sweep {id}"
        );

        let margins = json(&["margin", NEC, "--scenario", id]);
        assert_eq!(margins["seats"].as_u64(), Some(house), "margin {id}");
        let margin_seats: Vec<u64> = margins["regions"]
            .as_array()
            .expect("regions")
            .iter()
            .map(|r| r["seats"].as_u64().unwrap_or(u64::MAX))
            .collect();
        assert_eq!(margin_seats, seats, "margin {id}");

        let population = json(&["population", NEC, "--scenario", id, "--later", NEC]);
        assert_eq!(
            from_map(&population["before"]["allocation"], &names),
            seats,
            "population {id}"
        );

        let table: Vec<String> = names
            .iter()
            .zip(&seats)
            .map(|(n, s)| format!("{n}={s}"))
            .collect();
        let table = table.join(",");
        let identified = json(&["identify", NEC, "--scenario", id, "--table", &table]);
        // With --scenario, identify tries the scenario's method alone.
        let found = identified["matches"].as_array().map_or(0, Vec::len)
            + identified["tied_matches"].as_array().map_or(0, Vec::len);
        assert_eq!(found, 1, "identify {id}: {identified}");

        // Threshold reports the allocation at its first size: it must be
        // allocate's at that size.
        let threshold = json(&["threshold", NEC, "--scenario", id]);
        let t = &threshold["results"][0];
        if let Some(first) = t["first"].as_u64() {
            assert_eq!(
                Some(from_map(&t["certificate"]["allocation"], &names)),
                allocate(id, Some(first), &names),
                "threshold {id} at {first}"
            );
        }

        let claims = file(
            &format!("claims-{id}.yaml"),
            &format!(
                "data: {}\nclaims:\n  - id: same\n    kind: table\n    text: t\n    source: s\n    scenario: {id}\n    table: {{{}}}\n",
                std::fs::canonicalize(NEC).expect("path").display(),
                names
                    .iter()
                    .zip(&seats)
                    .map(|(n, s)| format!("\"{n}\": {s}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        let checked_claims = json(&["check", &claims, "--allow-outside-paths"]);
        let verdict = checked_claims["claims"][0]["verdict"]
            .as_str()
            .unwrap_or("");
        assert!(
            verdict.starts_with("true") || verdict.starts_with("tied"),
            "check {id}: {verdict}"
        );

        // Under rules robust answers when the rules let it read the seats
        // pair by pair, and otherwise refuses; either way it never gives
        // other seats.
        if engine && refuses(&["robust", NEC, "--scenario", id]) {
            let message = refusal(&["robust", NEC, "--scenario", id]);
            assert!(
                message.contains("robust cannot answer under the rules"),
                "robust {id}: {message}"
            );
        } else {
            robust_under_rules += usize::from(engine);
            let robust = json(&["robust", NEC, "--scenario", id]);
            assert_eq!(
                from_map(&robust["allocation"]["allocation"], &names),
                seats,
                "robust {id}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} scenarios could be run");
    // Half women with balanced delegations, among others, leaves robust
    // the seat moves to read.
    assert!(
        robust_under_rules >= 1,
        "robust answered under no rules scenario"
    );
}
