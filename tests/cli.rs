//! The command line: outputs people read, and every error path with its
//! exit code and the words a user needs.

mod common;

use common::{fails_with, file, json, seats_by_name as seats_of, seatshare, NEC};
use predicates::prelude::PredicateBooleanExt;
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
    // The quota rounded to 4 decimals for display, and exact as text.
    let quota = region["quota"].as_f64().expect("quota is a number");
    assert_eq!(quota, 1.8483);
    assert_eq!(region["quota_exact"], "336924/182291");
    assert_eq!(v["schema"], "seatshare/allocate/2");
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
    assert_eq!(
        header,
        "column,region,weight,share,quota,quota_exact,seats,bound,tied,women_at_least,women_at_most"
    );
    // The weight exactly as given, the share rounded to 4 decimals, the
    // quota 9 · 112308 / 546873 both rounded and exact.
    assert!(text.contains(
        "\ncurrent-2018,Greater London,112308,20.5364,1.8483,336924/182291,2,,false,,\n"
    ));
    assert!(text.contains(
        "\nproportional-9,Greater London,112308,20.5364,1.8483,336924/182291,3,,false,,\n"
    ));
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
        &["no region named `wales`", "did you mean `Wales`?"],
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

// ------------------------------------------------------------ huge houses

/// Weights 3, 2, 1: at 10^17 = 6m + 4 seats (m = 16666666666666666) D'Hondt
/// gives (3m + 2, 2m + 1, m) and the last seat is tied three ways at the
/// divisor 1/(m + 1): A is shown holding it, B and C could take it.
const WEIGHTS_321: &str = "name,w\nA,3\nB,2\nC,1\n";
const E17: &str = "100000000000000000";
const TWO_POW_60: &str = "1152921504606846976";

#[test]
fn a_house_of_ten_to_the_seventeen_is_answered_exactly() {
    let w = file("w321.csv", WEIGHTS_321);
    let out = json(&["allocate", &w, "--seats", E17, "--method", "dhondt"]);
    assert_eq!(
        seats_of(&out),
        vec![
            ("A".to_string(), 50_000_000_000_000_001),
            ("B".to_string(), 33_333_333_333_333_333),
            ("C".to_string(), 16_666_666_666_666_666),
        ]
    );
    assert_eq!(out["tie"]["could_lose"], serde_json::json!(["A"]));
    assert_eq!(out["tie"]["could_gain"], serde_json::json!(["B", "C"]));
    // Sainte-Laguë: quotas 3m + 2, 2m + 4/3, m + 2/3 round to the nearest.
    let out = json(&["allocate", &w, "--seats", E17, "--method", "sainte-lague"]);
    assert_eq!(seats(&out, "A"), 50_000_000_000_000_000);
    assert_eq!(seats(&out, "B"), 33_333_333_333_333_333);
    assert_eq!(seats(&out, "C"), 16_666_666_666_666_667);
    assert!(out["tie"].is_null());
    // Hamilton: floors 3m + 2, 2m + 1, m; the last seat to C's ⅔.
    let out = json(&["allocate", &w, "--seats", E17, "--method", "hamilton"]);
    assert_eq!(seats(&out, "C"), 16_666_666_666_666_667);
}

#[test]
fn every_method_answers_at_every_house_up_to_two_to_the_sixty() {
    let w = file("w321-all.csv", WEIGHTS_321);
    let methods = [
        "dhondt",
        "sainte-lague",
        "modified-sainte-lague",
        "danish",
        "imperiali",
        "adams",
        "dean",
        "huntington-hill",
        "stationary:1/3",
        "hamilton",
        "droop",
        "hagenbach-bischoff",
        "imperiali-quota",
    ];
    for house in ["1000000000", "1000000000000000", E17, TWO_POW_60] {
        let size: u64 = house.parse().unwrap();
        for m in methods {
            let out = json(&["allocate", &w, "--seats", house, "--method", m]);
            let total: u64 = seats_of(&out).iter().map(|(_, s)| s).sum();
            assert_eq!(total, size, "{m} at {house}");
        }
    }
}

#[test]
fn a_house_above_two_to_the_sixty_is_refused_with_the_limit() {
    let w = file("w321-over.csv", WEIGHTS_321);
    for m in ["dhondt", "huntington-hill", "hamilton"] {
        fails_with(
            &[
                "allocate",
                &w,
                "--seats",
                "1152921504606846977",
                "--method",
                m,
            ],
            &["too large", "2^60 = 1152921504606846976"],
        );
    }
}

#[test]
fn bounds_bind_at_huge_houses() {
    let w = file("w321-bounds.csv", WEIGHTS_321);
    // A held to 1: B and C share 10^17 − 1 seats 2 : 1 exactly.
    let out = json(&[
        "allocate", &w, "--seats", E17, "--method", "dhondt", "--max", "A=1",
    ]);
    assert_eq!(seats(&out, "A"), 1);
    assert_eq!(seats(&out, "B"), 66_666_666_666_666_666);
    assert_eq!(seats(&out, "C"), 33_333_333_333_333_333);
    // Hamilton with A held to 1 shares the rest by largest remainders
    // within the bounds.
    let out = json(&[
        "allocate", &w, "--seats", E17, "--method", "hamilton", "--max", "A=1",
    ]);
    assert_eq!(seats(&out, "A"), 1);
    assert_eq!(seats(&out, "B") + seats(&out, "C"), 99_999_999_999_999_999);
    // Base seats: 3·10^16 each, the other 10^16 by Sainte-Laguë.
    let out = json(&[
        "allocate",
        &w,
        "--seats",
        E17,
        "--method",
        "sainte-lague",
        "--base-each",
        "30000000000000000",
    ]);
    assert_eq!(seats(&out, "A"), 35_000_000_000_000_000);
    // A region without weight takes what the capped regions cannot.
    let z = file("w320.csv", "name,w\nA,3\nB,2\nZ,0\n");
    let out = json(&[
        "allocate", &z, "--seats", E17, "--method", "adams", "--max", "A=1", "--max", "B=2",
    ]);
    assert_eq!(seats(&out, "Z"), 99_999_999_999_999_997);
}

#[test]
fn claim_commands_answer_at_huge_houses() {
    let w = file("w321-claims.csv", WEIGHTS_321);
    let out = json(&[
        "sweep",
        &w,
        "--seats",
        "100000000000000000..100000000000000002",
        "--method",
        "dhondt",
    ]);
    let sizes = out["sizes"].as_array().expect("sizes").clone();
    assert_eq!(sizes.len(), 3);
    assert_eq!(sizes[0]["allocation"]["A"], 50_000_000_000_000_001u64);
    assert_eq!(sizes[0]["tied"], true);
    // 6(m + 1) seats: exactly 3 : 2 : 1, no tie.
    assert_eq!(sizes[2]["allocation"]["C"], 16_666_666_666_666_667u64);
    assert_eq!(sizes[2]["tied"], false);
    for command in ["margin", "robust"] {
        for m in ["dhondt", "hamilton"] {
            seatshare()
                .args([command, &w, "--seats", E17, "--method", m])
                .assert()
                .success();
        }
    }
}

#[test]
fn weight_per_seat_claims_no_ratio_when_a_region_without_weight_holds_a_seat() {
    // B has no members but is held at one seat: its members per seat are
    // 0, so "most over fewest" has no value (the note said "a ratio of
    // 1.00" here).
    let csv = &file("weightless-seat.csv", "region,members\nA,100\nB,0\n");
    seatshare()
        .args(["allocate", csv, "--seats", "3", "--method", "hamilton"])
        .args(["--min", "B=1"])
        .assert()
        .success()
        .stdout(contains(
            "a region without weight holds a seat, so there is no ratio.",
        ))
        .stdout(contains("a ratio of").not());
    // Every region with a seat has the same members per seat: one figure,
    // not "from 100 (A) to 100 (A)".
    let csv = &file("even.csv", "region,members\nA,100\nB,100\n");
    seatshare()
        .args(["allocate", csv, "--seats", "2", "--method", "dhondt"])
        .assert()
        .success()
        .stdout(contains(
            "Members per seat: 100 for every region with a seat.",
        ));
}

#[test]
fn a_threshold_that_never_holds_gives_its_reason_once_under_the_table() {
    let csv = &file("never.csv", "region,members\nA,100\nB,0\nC,50\n");
    let out = seatshare()
        .args(["threshold", csv, "--region", "B", "--at-least", "1"])
        .args(["--method", "dhondt,hamilton"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // The table's cell stays narrow; the sentence is a note, once for
    // both methods.
    assert_eq!(text.matches("never (see below)").count(), 2, "{text}");
    assert_eq!(
        text.matches("Never: B has weight 0, so no method owes it a seat.")
            .count(),
        1,
        "{text}"
    );
    // A spreadsheet gets the reason in its own column, on each row.
    let out = seatshare()
        .args(["threshold", csv, "--region", "B", "--at-least", "1"])
        .args(["--method", "dhondt,hamilton", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().and_then(|h| h.split(',').next_back()),
        Some("never_reason")
    );
    for line in lines {
        assert!(
            line.ends_with(r#",true,"B has weight 0, so no method owes it a seat""#),
            "{line}"
        );
    }
}
