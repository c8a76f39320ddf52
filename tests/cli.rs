//! The command line: outputs people read, and every error path with its
//! exit code and the words a user needs.

mod common;

use common::{fails_with, file, json, seats_by_name as seats_of, seatshare, NEC};
use predicates::str::contains;

fn seats(value: &serde_json::Value, region: &str) -> u64 {
    seats_of(value)
        .into_iter()
        .find(|(n, _)| n == region)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no region {region}"))
}

#[test]
fn dhondt_on_the_published_percentages_gives_london_three() {
    let v = json(&["allocate", NEC, "--scenario", "proportional-9"]);
    assert_eq!(v["method"], "dhondt");
    assert_eq!(v["seats"], 9);
    assert_eq!(v["basis"], "shares");
    assert_eq!(seats(&v, "Greater London"), 3);
    for region in ["East Midlands", "North", "Wales", "Scotland"] {
        assert_eq!(seats(&v, region), 0, "{region}");
    }
    assert!(v["tie"].is_null());
    assert_eq!(v["regions"][0]["weight"], "20.54");
}

#[test]
fn sainte_lague_and_hamilton_give_london_two_and_east_midlands_one() {
    for method in ["sainte-lague", "hamilton"] {
        for basis in ["--shares", "--counts"] {
            let v = json(&["allocate", NEC, "--seats", "9", "--method", method, basis]);
            assert_eq!(seats(&v, "Greater London"), 2, "{method} {basis}");
            assert_eq!(seats(&v, "East Midlands"), 1, "{method} {basis}");
        }
    }
}

#[test]
fn json_has_the_documented_fields() {
    let v = json(&["allocate", NEC, "--scenario", "proportional-9-hamilton"]);
    for key in [
        "method",
        "seats",
        "regions",
        "tie",
        "indices",
        "certificate",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let region = &v["regions"][0];
    for key in ["name", "weight", "seats", "quota"] {
        assert!(region.get(key).is_some(), "missing regions[].{key}");
    }
    assert_eq!(v["certificate"]["kind"], "quota");
    assert_eq!(v["certificate"]["formula"], "V/S");
    let quota = region["quota"].as_f64().expect("quota is a number");
    assert!((quota - 9.0 * 112308.0 / 546873.0).abs() < 1e-9);
    let total: u64 = seats_of(&v).iter().map(|(_, s)| s).sum();
    assert_eq!(total, 9);
}

#[test]
fn a_tie_is_reported_not_picked() {
    let csv = &file("tie.csv", "party,votes\nA,3\nB,3\nC,1\n");
    let v = json(&["allocate", csv, "--seats", "8", "--method", "sainte-lague"]);
    let tie = &v["tie"];
    assert_eq!(tie["seats_in_tie"], 1);
    let mut tied: Vec<String> = tie["could_gain"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(tie["could_lose"].as_array().into_iter().flatten())
        .filter_map(|n| n.as_str().map(String::from))
        .collect();
    tied.sort();
    assert_eq!(tied, vec!["A", "B"]);
    seatshare()
        .args(["allocate", csv, "--seats", "8", "--method", "sainte-lague"])
        .assert()
        .success()
        .stdout(contains("Tie: the last seat is tied"));
}

#[test]
fn a_lot_is_drawn_from_its_seed_and_recorded() {
    let csv = &file("lot.csv", "party,votes\nA,3\nB,3\nC,1\n");
    let args = [
        "allocate",
        csv,
        "--seats",
        "8",
        "--method",
        "sainte-lague",
        "--tie-break",
        "lot",
        "--seed",
        "42",
    ];
    let first = json(&args);
    let second = json(&args);
    assert_eq!(first, second, "the same seed draws the same lot");
    assert_eq!(first["tie"]["draw"]["seed"], 42);
    let winners = first["tie"]["draw"]["winners"]
        .as_array()
        .expect("winners")
        .clone();
    assert_eq!(winners.len(), 1);
    let winner = winners[0].as_str().expect("name");
    assert_eq!(seats(&first, winner), 4);
    assert_eq!(seats(&first, "C"), 1);
}

#[test]
fn compare_shows_every_makeup_and_scenario_and_the_infeasible_one() {
    seatshare()
        .args(["compare", NEC])
        .assert()
        .success()
        .stdout(contains("current-2018"))
        .stdout(contains("proportional-9-sainte-lague"))
        .stdout(contains("Loosemore–Hanby"))
        .stdout(contains("designated-9: infeasible: exactly 1 seat for each of 11 regions needs 11 seats; the house has 9"));
    let v = json(&["compare", NEC]);
    let ids: Vec<&str> = v["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids[0], "current-2018");
    assert!(ids.contains(&"designated-11-plus-9"));
    assert!(!ids.contains(&"designated-9"));
    assert_eq!(v["columns"][0]["women"], 6);
    assert_eq!(v["infeasible"][0]["id"], "designated-9");
}

#[test]
fn compare_writes_markdown_and_csv() {
    seatshare()
        .args(["compare", NEC, "--format", "markdown"])
        .assert()
        .success()
        .stdout(contains("| Region |"))
        .stdout(contains("|:--|"));
    let out = seatshare()
        .args(["compare", NEC, "--format", "csv"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let header = text.lines().next().expect("header");
    assert!(header.starts_with("Region,Members,Share %,Quota at 9,current-2018,proportional-9"));
    assert!(text.contains("Greater London,112308,20.54,1.85,2,3,"));
}

#[test]
fn methods_lists_ids_and_aliases() {
    seatshare()
        .arg("methods")
        .assert()
        .success()
        .stdout(contains("huntington-hill"))
        .stdout(contains("jefferson"))
        .stdout(contains("⌊V/(S+1)⌋+1"));
}

#[test]
fn restrictions_on_the_command_line_bind_and_say_so() {
    let v = json(&[
        "allocate",
        NEC,
        "--seats",
        "9",
        "--method",
        "dhondt",
        "--min",
        "Wales=1",
        "--max",
        "Greater London=1",
    ]);
    assert_eq!(seats(&v, "Wales"), 1);
    assert_eq!(seats(&v, "Greater London"), 1);
    assert_eq!(v["regions"][9]["binding"]["bound"], "min");
    assert_eq!(v["regions"][0]["binding"]["bound"], "max");
}

// ---------------------------------------------------------------- errors

#[test]
fn designated_nine_is_infeasible_alone() {
    fails_with(
        &["allocate", NEC, "--scenario", "designated-9"],
        &["exactly 1 seat for each of 11 regions needs 11 seats; the house has 9"],
    );
}

#[test]
fn minimums_above_the_house_are_named() {
    nec_dhondt_9_fails(
        &["--min-each", "1"],
        &["a minimum of 1 seat for each of 11 regions needs 11 seats; the house has 9"],
    );
    fails_with(
        &[
            "allocate",
            NEC,
            "--seats",
            "3",
            "--method",
            "dhondt",
            "--min",
            "Wales=2",
            "--min",
            "Scotland=2",
        ],
        &["the minimum total (Wales 2, Scotland 2) needs 4 seats; the house has 3"],
    );
}

#[test]
fn maximums_below_the_house_are_named() {
    allocate_fails_on(
        "max.csv",
        "region,members\nA,10\nB,5\n",
        &[
            "--seats", "5", "--method", "dhondt", "--max", "A=2", "--max", "B=2",
        ],
        &["the maximum total (A 2, B 2) allows at most 4 seats; the house has 5"],
    );
}

#[test]
fn a_minimum_above_a_maximum_is_named() {
    nec_dhondt_9_fails(
        &["--min", "Wales=2", "--max", "Wales=1"],
        &["Wales: the minimum of 2 seats is above the maximum of 1"],
    );
}

#[test]
fn first_seat_methods_need_a_seat_per_region() {
    for method in ["huntington-hill", "adams", "dean"] {
        fails_with(
            &["allocate", NEC, "--seats", "9", "--method", method],
            &[method, "11 regions need at least 11 seats; the house has 9"],
        );
    }
}

/// Writes `text` to `name`, runs `allocate` on it with `args`, and expects
/// an input error whose message has every one of `words`.
fn allocate_fails_on(name: &str, text: &str, args: &[&str], words: &[&str]) {
    let path = file(name, text);
    let mut all = vec!["allocate", path.as_str()];
    all.extend_from_slice(args);
    fails_with(&all, words);
}

/// Runs `allocate` on the NEC file with 9 seats by D'Hondt plus `extra`,
/// and expects an input error whose message has every one of `words`.
fn nec_dhondt_9_fails(extra: &[&str], words: &[&str]) {
    let mut args = vec!["allocate", NEC, "--seats", "9", "--method", "dhondt"];
    args.extend_from_slice(extra);
    fails_with(&args, words);
}

const DHONDT_2: &[&str] = &["--seats", "2", "--method", "dhondt"];

#[test]
fn negative_and_non_numeric_weights_point_at_line_and_column() {
    allocate_fails_on(
        "neg.yaml",
        "regions:\n  - {name: A, count: 10}\n  - {name: B, count: -3}\n",
        DHONDT_2,
        &["neg.yaml:3:", "B: the count `-3` is negative"],
    );
    allocate_fails_on(
        "nan.csv",
        "region,members\nA,10\nB,lots\n",
        &["--seats", "2", "--method", "dhondt", "--column", "members"],
        &["nan.csv:3:2", "`lots` is not a number"],
    );
    allocate_fails_on(
        "sep.csv",
        "region,members\nA,\"112,308\"\nB,5\n",
        &["--seats", "2", "--method", "dhondt", "--column", "members"],
        &["sep.csv:2:2", "thousands separator"],
    );
}

#[test]
fn duplicate_regions_are_refused() {
    allocate_fails_on(
        "dup.yaml",
        "regions:\n  - {name: A, count: 10}\n  - {name: A, count: 3}\n",
        DHONDT_2,
        &["dup.yaml:3:", "`A` is listed twice"],
    );
    allocate_fails_on(
        "dup.csv",
        "region,members\nA,10\nA,5\n",
        DHONDT_2,
        &["dup.csv:3:1", "listed twice"],
    );
}

#[test]
fn unknown_keys_are_errors_with_line_and_column() {
    let yaml = file("key.yaml", "regions:\n  - name: A\n    cuont: 10\n");
    fails_with(
        &["compare", yaml.as_str()],
        &["line 3 column 5", "unknown field `cuont`", "key.yaml:3:5"],
    );
}

#[test]
fn malformed_yaml_is_an_error_with_a_location() {
    let yaml = file("broken.yaml", "regions: [\n");
    fails_with(&["compare", yaml.as_str()], &["broken.yaml", "line 1"]);
}

#[test]
fn negative_seats_in_a_scenario_are_refused() {
    allocate_fails_on(
        "seats.yaml",
        "regions:\n  - {name: A, count: 10}\nscenarios:\n  - {id: s, seats: -1, method: dhondt}\n",
        &["--scenario", "s"],
        &["seats.yaml:4:", "cannot be negative"],
    );
}

#[test]
fn names_that_do_not_exist_get_suggestions() {
    nec_dhondt_9_fails(
        &["--min", "wales=1"],
        &["no region named `wales`", "did you mean Wales?"],
    );
    fails_with(
        &["allocate", NEC, "--scenario", "proportional"],
        &["no scenario named `proportional`", "proportional-9"],
    );
    fails_with(
        &["allocate", NEC, "--seats", "9", "--method", "borda"],
        &["unknown method `borda`", "seatshare methods"],
    );
}

#[test]
fn missing_choices_are_explained() {
    fails_with(
        &["allocate", NEC],
        &["--seats N", "--scenario NAME", "proportional-9"],
    );
    fails_with(&["allocate", NEC, "--seats", "9"], &["--method M"]);
    nec_dhondt_9_fails(&["--tie-break", "lot"], &["needs --seed"]);
    nec_dhondt_9_fails(&["--min", "Wales"], &["REGION=K"]);
    fails_with(
        &["allocate", NEC, "--seats", "0", "--method", "dhondt"],
        &["0 seats"],
    );
}

#[test]
fn a_missing_file_is_an_input_error() {
    fails_with(
        &["compare", "no/such/file.yaml"],
        &["no/such/file.yaml", "cannot read"],
    );
}

#[test]
fn usage_errors_exit_two() {
    seatshare().args(["allocate"]).assert().code(2);
    seatshare().args(["frobnicate"]).assert().code(2);
}
