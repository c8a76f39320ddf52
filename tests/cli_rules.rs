//! The rules engine on the command line: group and gender rules from flags
//! and from scenario files, what binds, and rule sets that cannot hold.

mod common;

use common::{fails_with, file, json, seats_by_name, seatshare, NEC};
use predicates::str::contains;

fn seats(value: &serde_json::Value) -> Vec<u64> {
    seats_by_name(value).into_iter().map(|(_, s)| s).collect()
}

#[test]
fn a_group_rule_moves_seats_and_says_so() {
    // D'Hondt, 9 seats on the member counts: London 3 and one each for the
    // next six. With Wales + Scotland ≥ 2 each nation takes one, and the
    // other seven go by D'Hondt: London's second seat (56,154) beats West
    // Midlands' first (37,291), so West Midlands and London's third go.
    let out = json(&[
        "allocate",
        NEC,
        "--seats",
        "9",
        "--method",
        "dhondt",
        "--group",
        "nations=Wales,Scotland>=2",
    ]);
    assert_eq!(seats(&out), vec![2, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1]);
    assert_eq!(out["binding"], serde_json::json!(["nations"]));
    assert_eq!(out["price"][0]["seats_moved"], 2);
    assert_eq!(out["price"][0]["without"]["Greater London"], 3);
    assert_eq!(out["regions"][0]["method_alone"], 3);
    assert_eq!(out["engine"], "rules");
}

#[test]
fn an_upper_group_limit_binds_too() {
    // London + South East at most 2 of 9 (Sainte-Laguë gives them 2 + 1).
    let out = json(&[
        "allocate",
        NEC,
        "--seats",
        "9",
        "--method",
        "sainte-lague",
        "--group",
        "south=Greater London,South East<=2",
    ]);
    let s = seats(&out);
    assert_eq!(s[0] + s[2], 2);
    assert_eq!(out["binding"], serde_json::json!(["south"]));
}

#[test]
fn gender_rules_give_women_per_region() {
    // 9 seats by Sainte-Laguë: London 2, seven regions 1. Balanced
    // delegations make London's pair one woman and one man; at least 5
    // women of 9 then holds with room to spare (1 + up to 7 singles).
    let out = json(&[
        "allocate",
        NEC,
        "--scenario",
        "proportional-9-half-women-up",
    ]);
    assert_eq!(out["women_required"], 5);
    assert_eq!(
        out["regions"][0]["women"],
        serde_json::json!({"at_least": 1, "at_most": 1})
    );
    assert_eq!(
        out["regions"][1]["women"],
        serde_json::json!({"at_least": 0, "at_most": 1})
    );
    assert_eq!(
        out["regions"][8]["women"],
        serde_json::json!({"at_least": 0, "at_most": 0})
    );
    let binding: Vec<&str> = out["binding"]
        .as_array()
        .expect("binding")
        .iter()
        .filter_map(|b| b.as_str())
        .collect();
    assert_eq!(binding, vec!["half women (up)", "balanced delegations"]);
    // Neither rule moves a seat: the method's own allocation stands.
    assert!(out["price"]
        .as_array()
        .expect("price")
        .iter()
        .all(|p| p["seats_moved"] == 0));
}

#[test]
fn women_rounding_is_explicit() {
    let down = json(&[
        "allocate",
        NEC,
        "--seats",
        "9",
        "--method",
        "sainte-lague",
        "--women-at-least",
        "50%",
        "--women-rounding",
        "down",
    ]);
    assert_eq!(down["women_required"], 4);
    fails_with(
        &[
            "allocate",
            NEC,
            "--seats",
            "9",
            "--method",
            "sainte-lague",
            "--women-at-least",
            "50%",
        ],
        &[
            "needs a rounding, up or down",
            "5 rounded up, 4 rounded down",
        ],
    );
}

#[test]
fn women_and_balance_together_can_move_seats() {
    // D'Hondt on 40/30/20/10 with 10 seats gives 4, 3, 2, 1: two odd
    // delegations, so balanced delegations hold at most (10 + 2) / 2 = 6
    // women. At least 7 women needs all four delegations odd; among the
    // all-odd allocations the largest product of D'Hondt quotients is
    // 5, 3, 1, 1 (checked by enumerating every one).
    let path = file(
        "four.yaml",
        "regions:\n  - {name: A, count: 40}\n  - {name: B, count: 30}\n  - {name: C, count: 20}\n  - {name: D, count: 10}\n",
    );
    let p = path.as_str();
    let out = json(&[
        "allocate",
        p,
        "--seats",
        "10",
        "--method",
        "dhondt",
        "--women-at-least",
        "7",
        "--balanced-delegations",
    ]);
    assert_eq!(seats(&out), vec![5, 3, 1, 1]);
    assert_eq!(out["regions"][0]["method_alone"], 4);
    let moved: Vec<u64> = out["price"]
        .as_array()
        .expect("price")
        .iter()
        .map(|p| p["seats_moved"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(
        moved,
        vec![1, 1],
        "each of the two rules alone moves nothing... together they move 1 seat each way"
    );
}

#[test]
fn an_impossible_group_is_explained() {
    fails_with(
        &["allocate", NEC, "--scenario", "nations-3-capped"],
        &[
            "nations (Wales and Scotland) together need at least 3 seats",
            "each capped at 1 seat (2 at most together)",
            "conflicting rules: max Wales, max Scotland, nations",
        ],
    );
}

#[test]
fn too_many_women_for_balanced_delegations_is_explained() {
    fails_with(
        &[
            "allocate",
            NEC,
            "--seats",
            "9",
            "--method",
            "dhondt",
            "--exact",
            "Greater London=2",
            "--women-at-least",
            "9",
            "--balanced-delegations",
        ],
        &[
            "at least 9 women of 9 seats with every delegation balanced within one",
            "conflicting rules: exact Greater London, women at least 9, balanced delegations",
        ],
    );
}

#[test]
fn compare_lists_rules_scenarios_and_the_impossible_one() {
    seatshare()
        .args(["compare", NEC])
        .assert()
        .success()
        .stdout(contains("rules engine; binding: nations"))
        .stdout(contains("≥ 5"))
        .stdout(contains("nations-3-capped: infeasible"));
}

#[test]
fn bad_group_flags_say_how_to_write_them() {
    fails_with(
        &[
            "allocate",
            NEC,
            "--seats",
            "9",
            "--method",
            "dhondt",
            "--group",
            "Wales,Scotland>=2",
        ],
        &["write NAME=REGION,REGION>=K"],
    );
    fails_with(
        &[
            "allocate",
            NEC,
            "--seats",
            "9",
            "--method",
            "dhondt",
            "--group",
            "n=Wales,Scotlnd>=2",
        ],
        &["Scotland"],
    );
}

#[test]
fn rule_errors_in_files_point_at_the_line() {
    // The rule is on line 8 of each file (line 9 in the first, which has a
    // second region).
    fails_with(
        &[
            "allocate",
            &rule_file(
                "two-kinds.yaml",
                "  - {name: B, count: 1}\n",
                "{name: r, group: [A], at_least: 1, balanced_delegations: true}",
            ),
            "--scenario",
            "s",
        ],
        &[":9:", "must have exactly one of"],
    );
    fails_with(
        &[
            "allocate",
            &rule_file("no-rounding.yaml", "", "women_at_least: 50%"),
            "--scenario",
            "s",
        ],
        &[":8:", "needs a rounding"],
    );
    fails_with(
        &[
            "allocate",
            &rule_file("unknown-key.yaml", "", "{group: [A], at_leest: 1}"),
            "--scenario",
            "s",
        ],
        &["at_leest"],
    );
}

/// A scenario file with region A (and `more_regions`) and one scenario
/// `s` whose only rule is `rule`.
fn rule_file(name: &str, more_regions: &str, rule: &str) -> String {
    file(
        name,
        &format!("regions:\n  - {{name: A, count: 3}}\n{more_regions}scenarios:\n  - id: s\n    seats: 4\n    method: dhondt\n    rules:\n      - {rule}\n"),
    )
}

#[test]
fn women_members_make_the_split_biproportional() {
    // Two regions of 60 and 40 members, 10 seats by Sainte-Laguë: 6 and 4.
    // Women members 10 of 60 and 30 of 40; at least 5 women in all. The
    // method alone gives women 4 of 10 (40 of 100 members), raised to 5 by
    // the rule. Biproportionally, B (75% women) supplies more of them:
    // rows 6 and 4, columns 5 and 5, with balanced delegations A 3/3 and
    // B 2/2 are forced.
    let path = file(
        "women.yaml",
        "regions:\n  - {name: A, count: 60, women: 10}\n  - {name: B, count: 40, women: 30}\n",
    );
    let p = path.as_str();
    let out = json(&[
        "allocate",
        p,
        "--seats",
        "10",
        "--method",
        "sainte-lague",
        "--women-at-least",
        "5",
        "--balanced-delegations",
    ]);
    assert_eq!(seats(&out), vec![6, 4]);
    assert_eq!(out["biproportional"], true);
    assert_eq!(
        out["regions"][0]["women"],
        serde_json::json!({"at_least": 3, "at_most": 3})
    );
    assert_eq!(
        out["regions"][1]["women"],
        serde_json::json!({"at_least": 2, "at_most": 2})
    );
    // Without balance, B's women weigh more: A 1–2 women, B 3–4; the cells
    // follow Sainte-Laguë with both margins fixed (A: 10/50, B: 30/10).
    let free = json(&[
        "allocate",
        p,
        "--seats",
        "10",
        "--method",
        "sainte-lague",
        "--women-at-least",
        "5",
    ]);
    let a_women = free["regions"][0]["women"]["at_least"]
        .as_u64()
        .unwrap_or(99);
    let b_women = free["regions"][1]["women"]["at_least"]
        .as_u64()
        .unwrap_or(99);
    assert_eq!(a_women + b_women, 5);
    assert!(b_women >= 3, "B has three quarters of the women members");
}

/// Seats per region from a `{"Region": seats}` map, in the Labour file's
/// order.
fn seats_of_map(map: &serde_json::Value) -> Vec<u64> {
    [
        "Greater London",
        "North West",
        "South East",
        "Yorkshire & The Humber",
        "South West",
        "East",
        "West Midlands",
        "East Midlands",
        "North",
        "Wales",
        "Scotland",
    ]
    .iter()
    .map(|n| map[*n].as_u64().unwrap_or(u64::MAX))
    .collect()
}

#[test]
fn sweep_honours_a_group_flag_at_every_size() {
    // Reproducer: the nations rule used to be dropped (Wales and Scotland 0).
    let v = json(&[
        "sweep",
        NEC,
        "--seats",
        "9..12",
        "--method",
        "sainte-lague",
        "--group",
        "nations=Wales,Scotland>=2",
    ]);
    assert_eq!(v["rules"], "`nations`");
    for size in v["sizes"].as_array().expect("sizes") {
        let swept = seats_of_map(&size["allocation"]);
        assert!(swept[9] + swept[10] >= 2, "{size}");
        // Each size is the rules engine's own answer.
        let house = size["seats"].as_u64().expect("size").to_string();
        let alone = json(&[
            "allocate",
            NEC,
            "--seats",
            &house,
            "--method",
            "sainte-lague",
            "--group",
            "nations=Wales,Scotland>=2",
        ]);
        assert_eq!(swept, seats(&alone), "at {house}");
    }
    seatshare()
        .args(["sweep", NEC, "--seats", "9..9", "--method", "sainte-lague"])
        .args(["--group", "nations=Wales,Scotland>=2"])
        .assert()
        .success()
        .stdout(contains("Under the rules `nations`, solved size by size"));
}

#[test]
fn margin_measures_from_the_scenarios_allocation() {
    // Reproducer: margin showed Wales with 0 seats; the scenario gives 1.
    let v = json(&["margin", NEC, "--scenario", "nations-together-2-9"]);
    assert_eq!(v["rules"], "`nations`");
    let wales = &v["regions"][9];
    assert_eq!(wales["name"], "Wales");
    assert_eq!(wales["seats"], 1);
    // Wales can only lose its seat to Scotland: the nations need 2.
    assert_eq!(wales["loss_to"], serde_json::json!(["Scotland"]));
}

#[test]
fn margin_under_rules_is_exact_at_its_ends() {
    // "Needs N more": at N the region gains for certain under the rules, at
    // N − 1 it does not; both checked with allocate on a written file.
    let v = json(&["margin", NEC, "--scenario", "nations-together-2-9"]);
    let north = &v["regions"][8];
    assert_eq!(north["name"], "North");
    let needed: u64 = north["gain_needed"]
        .as_str()
        .expect("n")
        .parse()
        .expect("int");
    let text = std::fs::read_to_string(NEC).expect("reads");
    // At N − 1 the seat is tied at best: the North may hold it in some
    // outcome, never in every one.
    for (extra, certain) in [(needed, true), (needed - 1, false)] {
        let changed = text.replacen("count: 28177", &format!("count: {}", 28177 + extra), 1);
        assert_ne!(changed, text, "the North's count is in the file");
        let path = file(&format!("north-{extra}.yaml"), &changed);
        let a = json(&["allocate", &path, "--scenario", "nations-together-2-9"]);
        let could_lose = a["tie"]["could_lose"]
            .as_array()
            .is_some_and(|l| l.iter().any(|n| n == "North"));
        assert_eq!(
            seats(&a)[8] >= 1 && !could_lose,
            certain,
            "North +{extra}: {a}"
        );
    }
}

#[test]
fn robust_refuses_rules_it_cannot_check_exactly() {
    fails_with(
        &[
            "robust",
            NEC,
            "--scenario",
            "proportional-9-half-women-up",
            "--method",
            "hamilton",
        ],
        &[
            "robust cannot answer under the rules",
            "`half women (up)`",
            "`balanced delegations`",
        ],
    );
    // Quota methods under rules have no margin that seatshare can prove.
    fails_with(
        &[
            "margin",
            NEC,
            "--seats",
            "9",
            "--method",
            "hamilton",
            "--group",
            "n=Wales,Scotland>=2",
        ],
        &["margin cannot answer under the rules `n`", "quota method"],
    );
}

#[test]
fn threshold_and_identify_solve_under_the_rules() {
    let v = json(&["threshold", NEC, "--scenario", "nations-together-2-9"]);
    let t = &v["results"][0];
    assert!(v["condition"]
        .as_str()
        .expect("text")
        .contains("under the rules `nations`"));
    assert_eq!(
        t["from"],
        serde_json::Value::Null,
        "no monotonicity is claimed"
    );
    let first = t["first"].as_u64().expect("first");
    let cert = seats_of_map(&t["certificate"]["allocation"]);
    assert!(cert.iter().all(|&s| s >= 1));
    // One size less, the rules engine leaves a region without a seat.
    let below = json(&[
        "allocate",
        NEC,
        "--scenario",
        "nations-together-2-9",
        "--seats",
        &(first - 1).to_string(),
    ]);
    assert!(seats(&below).contains(&0));
    // The scenario's own table is identified under its rules; without the
    // rules D'Hondt gives another one.
    let table = "Greater London=2,North West=1,South East=1,Yorkshire & The Humber=1,South West=1,East=1,Wales=1,Scotland=1";
    let found = json(&[
        "identify",
        NEC,
        "--scenario",
        "nations-together-2-9",
        "--table",
        table,
    ]);
    assert_eq!(found["matches"], serde_json::json!(["dhondt"]));
    let plain = json(&["identify", NEC, "--method", "dhondt", "--table", table]);
    assert_eq!(plain["matches"], serde_json::json!([]));
}

#[test]
fn rules_engine_columns_keep_their_bound_marks() {
    // Designated seats with gender balance: London is held down at 1,
    // Scotland held up at 1 (against the allocation without the rule).
    let a = json(&[
        "allocate",
        NEC,
        "--scenario",
        "designated-11-gender-balanced",
    ]);
    assert_eq!(
        a["regions"][0]["binding"],
        serde_json::json!({"bound": "max", "seats": 1})
    );
    assert_eq!(
        a["regions"][10]["binding"],
        serde_json::json!({"bound": "min", "seats": 1})
    );
    let out = seatshare()
        .args(["compare", NEC, "--format", "csv"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (column, region, seats, bound) = (at("column"), at("region"), at("seats"), at("bound"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let row = |name: &str| -> (String, String) {
        let r = rows
            .iter()
            .find(|r| &r[column] == "designated-11-gender-balanced" && &r[region] == name)
            .expect("row");
        (r[seats].to_string(), r[bound].to_string())
    };
    assert_eq!(row("Greater London"), ("1".into(), "max".into()));
    assert_eq!(row("Scotland"), ("1".into(), "min".into()));
    assert_eq!(row("Wales"), ("1".into(), String::new()));
}

#[test]
fn a_claim_is_checked_under_the_rules_of_the_scenario_it_names() {
    let data = std::fs::canonicalize(NEC).expect("path");
    let claims = file(
        "claims-under-rules.yaml",
        &format!(
            "data: {}\nclaims:\n  - id: nations\n    kind: region_seats\n    text: Wales gets a seat\n    source: s\n    scenario: nations-together-2-9\n    methods: dhondt\n    region: Wales\n    gets: 1\n    house: 9\n  - id: plain\n    kind: region_seats\n    text: Wales gets a seat\n    source: s\n    methods: dhondt\n    region: Wales\n    gets: 1\n    house: 9\n",
            data.display()
        ),
    );
    let v = json(&["check", &claims, "--allow-outside-paths"]);
    assert_eq!(v["claims"][0]["verdict"], "true");
    assert_eq!(v["claims"][0]["scenario"], "nations-together-2-9");
    assert_eq!(v["claims"][1]["verdict"], "false");
    let bad = file(
        "claims-bad-scenario.yaml",
        &format!(
            "data: {}\nclaims:\n  - id: x\n    kind: region_seats\n    text: t\n    source: s\n    scenario: nations-togther-2-9\n    region: Wales\n    gets: 1\n    house: 9\n",
            data.display()
        ),
    );
    fails_with(
        &["check", &bad, "--allow-outside-paths"],
        &[":7:", "no scenario named `nations-togther-2-9`"],
    );
}

// ------------------------------------------------- flags over a scenario

const COUNCIL: &str = "\
regions:
  - {name: London, count: 500}
  - {name: Wales, count: 300}
  - {name: Scotland, count: 200}
scenarios:
  - id: draft
    seats: 10
    method: dhondt
    min_each: 1
    max: {London: 3}
    rules:
      - {name: nations, group: [Wales, Scotland], at_least: 5}
      - {name: half women, women_at_least: 5}
";

#[test]
fn a_flag_replaces_the_files_rule_of_the_same_name_and_says_so() {
    let f = file("council-override.yaml", COUNCIL);
    // D'Hondt 10 on 5 : 3 : 2 gives London 5; the file caps it at 3, the
    // flag at 4 (the file's cap no longer applies).
    let out = seatshare()
        .args([
            "allocate",
            &f,
            "--scenario",
            "draft",
            "--drop-rule",
            "nations",
            "--drop-rule",
            "half women",
            "--max",
            "London=4",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(seats(&value), vec![4, 4, 2]);
    assert_eq!(
        value["overrides"],
        serde_json::json!([
            "--drop-rule nations drops the file's rule `nations`",
            "--drop-rule \"half women\" drops the file's rule `half women`",
            "--max London=4 replaces the file's max London 3"
        ])
    );
    // In a table the note follows the output.
    seatshare()
        .args([
            "allocate",
            &f,
            "--scenario",
            "draft",
            "--min-each",
            "2",
            "--group",
            "nations=Wales,Scotland>=6",
        ])
        .assert()
        .success()
        .stdout(contains("--min-each 2 replaces the file's min_each 1"))
        .stdout(contains(
            "--group nations=Wales,Scotland>=6 replaces the file's rule `nations`",
        ));
}

#[test]
fn a_women_target_flag_replaces_the_files_target() {
    let f = file("council-women.yaml", COUNCIL);
    seatshare()
        .args([
            "allocate",
            &f,
            "--scenario",
            "draft",
            "--women-at-least",
            "4",
            "--format",
            "json",
        ])
        .assert()
        .stdout(contains(
            "--women-at-least 4 replaces the file's rule `half women`",
        ));
}

#[test]
fn drop_rule_needs_a_known_name_and_a_scenario() {
    let f = file("council-drop.yaml", COUNCIL);
    fails_with(
        &[
            "allocate",
            &f,
            "--scenario",
            "draft",
            "--drop-rule",
            "max Londn",
        ],
        &[
            "no rule named `max Londn`",
            "did you mean `max London`?",
            "`min_each`, `max London`, `nations`, `half women`",
        ],
    );
    fails_with(
        &[
            "allocate",
            &f,
            "--seats",
            "5",
            "--method",
            "dhondt",
            "--drop-rule",
            "min_each",
        ],
        &["--drop-rule", "--scenario NAME"],
    );
}

#[test]
fn every_command_takes_the_scenario_flags() {
    let f = file("council-commands.yaml", COUNCIL);
    let drop = ["--drop-rule", "nations", "--drop-rule", "half women"];
    let runs: Vec<Vec<&str>> = vec![
        vec!["allocate"],
        vec!["sweep", "--seats", "5..12"],
        vec!["threshold"],
        vec!["identify", "--table", "London=4,Wales=4,Scotland=2"],
        vec!["margin"],
        vec!["robust"],
    ];
    for run in runs {
        let mut args = vec![run[0], f.as_str(), "--scenario", "draft"];
        args.extend(&run[1..]);
        args.extend(drop);
        args.extend(["--max", "London=4"]);
        seatshare()
            .args(&args)
            .assert()
            .success()
            .stdout(contains("--max London=4 replaces the file's max London 3"));
        // An unknown rule name is refused by every command.
        let mut bad = vec![run[0], f.as_str(), "--scenario", "draft"];
        bad.extend(&run[1..]);
        bad.extend(["--drop-rule", "nope"]);
        fails_with(&bad, &["no rule named `nope`"]);
    }
}

// ------------------------------------------------ scenarios stand alone

const ONE_BROKEN: &str = "\
regions:
  - {name: London, count: 500}
  - {name: Wales, count: 300}
  - {name: Scotland, count: 200}
makeups:
  - id: now
    seats: {London: 3, Wales: 2, Scotland: 1}
scenarios:
  - id: good
    seats: 10
    method: dhondt
  - id: typo
    seats: 10
    method: dhondt
    max: {Londn: 3}
  - id: also-good
    seats: 10
    method: sainte-lague
";

#[test]
fn a_broken_scenario_does_not_stop_the_others() {
    let f = file("one-broken.yaml", ONE_BROKEN);
    seatshare()
        .args(["compare", &f])
        .assert()
        .code(0)
        .stdout(contains("(2) good"))
        .stdout(contains("(3) also-good"))
        .stdout(contains("typo: cannot run: "))
        .stdout(contains("one-broken.yaml:15:18: scenario `typo`, max: no region named `Londn`; did you mean `London`?"));
    let out = json(&["compare", &f]);
    assert_eq!(out["infeasible"][0]["id"], "typo");
    let reason = out["infeasible"][0]["reason"].as_str().unwrap_or("");
    assert!(reason.starts_with("cannot run: "), "{reason}");
    assert!(reason.contains(":15:18:"), "{reason}");
    let good = json(&["allocate", &f, "--scenario", "good"]);
    assert_eq!(seats(&good), vec![5, 3, 2]);
    fails_with(
        &["allocate", &f, "--scenario", "typo"],
        &["one-broken.yaml:15:18", "no region named `Londn`"],
    );
    // A name that is neither lists both kinds.
    fails_with(
        &["allocate", &f, "--scenario", "typ"],
        &["no scenario named `typ`", "typo"],
    );
}

#[test]
fn compare_fails_when_no_scenario_can_run_but_still_shows_the_table() {
    let text = "\
regions:
  - {name: London, count: 500}
  - {name: Wales, count: 300}
makeups:
  - id: now
    seats: {London: 3, Wales: 2}
scenarios:
  - id: bad-method
    seats: 10
    method: dhondtt
  - id: bad-rule
    seats: 10
    method: dhondt
    rules:
      - {name: nations, group: [Wales, Scotland], at_least: 2}
";
    let f = file("all-broken.yaml", text);
    let out = seatshare().args(["compare", &f]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("(1) now"), "{stdout}");
    assert!(stdout.contains("bad-method: cannot run: "), "{stdout}");
    assert!(stderr.contains("no scenario in"), "{stderr}");
    assert!(stderr.contains("all-broken.yaml:10:13"), "{stderr}");
    assert!(
        stderr.contains("scenario `bad-rule` cannot run"),
        "{stderr}"
    );
}

#[test]
fn file_level_faults_still_fail_the_whole_file() {
    let text = "\
regions:
  - {name: London, count: 500}
  - {name: London, count: 300}
scenarios:
  - {id: good, seats: 10, method: dhondt}
";
    let f = file("dup-region.yaml", text);
    fails_with(&["compare", &f], &["dup-region.yaml:3:", "listed twice"]);
    fails_with(&["allocate", &f, "--scenario", "good"], &["listed twice"]);
}

/// The allocation shown and every alternative, sorted.
fn tied_set(v: &serde_json::Value, regions: &[&str]) -> Vec<Vec<u64>> {
    let mut all = vec![seats(v)];
    for alt in v["alternatives"].as_array().expect("alternatives") {
        all.push(
            regions
                .iter()
                .map(|r| alt[*r].as_u64().unwrap_or(99))
                .collect(),
        );
    }
    all.sort();
    all
}

#[test]
fn ties_several_moves_away_are_reported_in_full() {
    // Reproducer: 1,1,3 was answered with "Tie: none".
    let three = file("three-equal.csv", "region,members\nA,10\nB,10\nC,10\n");
    let v = json(&[
        "allocate",
        &three,
        "--seats",
        "5",
        "--method",
        "sainte-lague",
        "--women-at-least",
        "4",
        "--balanced-delegations",
    ]);
    assert_eq!(
        tied_set(&v, &["A", "B", "C"]),
        vec![vec![1, 1, 3], vec![1, 3, 1], vec![3, 1, 1]]
    );
    assert_eq!(v["alternatives_complete"], true);
    assert_eq!(v["tied_allocations"], 3);
    // Reproducer: 1,3,1,1 with no tie; 2,2,2,0 is as good.
    let four = file("four-equal.csv", "region,members\nA,10\nB,10\nC,10\nD,10\n");
    let v = json(&[
        "allocate",
        &four,
        "--seats",
        "6",
        "--method",
        "droop",
        "--group",
        "g0=B,C>=4",
        "--group",
        "g1=C,D<=2",
    ]);
    assert_eq!(
        tied_set(&v, &["A", "B", "C", "D"]),
        vec![vec![1, 3, 1, 1], vec![2, 2, 2, 0]]
    );
    seatshare()
        .args(["allocate", &four, "--seats", "6", "--method", "droop"])
        .args(["--group", "g0=B,C>=4", "--group", "g1=C,D<=2"])
        .assert()
        .success()
        .stdout(contains("Tie:"))
        .stdout(contains("A 2, B 2, C 2"));
}

#[test]
fn a_group_conflict_gives_its_sum() {
    fails_with(
        &[
            "allocate", NEC, "--seats", "13", "--method", "dhondt", "--group",
            "nations=Wales,Scotland>=4", "--group",
            "england=Greater London,North West,South East,Yorkshire & The Humber,South West,East,West Midlands,East Midlands,North>=10",
        ],
        &["4 + 10 = 14 seats > the 13 in the section", "conflicting rules: nations, england"],
    );
}

#[test]
fn a_sweep_past_the_sum_of_maximums_says_where_it_stops() {
    for method in ["sainte-lague", "hamilton"] {
        let v = json(&[
            "sweep",
            NEC,
            "--scenario",
            "designated-11",
            "--seats",
            "10..12",
            "--method",
            method,
        ]);
        let sizes: Vec<u64> = v["sizes"]
            .as_array()
            .expect("sizes")
            .iter()
            .map(|s| s["seats"].as_u64().unwrap_or(0))
            .collect();
        assert_eq!(sizes, vec![11], "{method}");
        assert_eq!(v["capped_at"], 11, "{method}");
        assert_eq!(v["undefined"], serde_json::json!({"from": 10, "to": 10}));
    }
}
