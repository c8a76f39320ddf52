//! `seatshare count` on the command line: BLT errors with file and line,
//! the 2016 bloc vote, ties (look-back, lot from a seed, every outcome
//! without one), constraints by guard/doom and replacement, and the
//! result sheet's formats.

use assert_cmd::Command;
use predicates::str::contains;

const BLOC_2016: &str = "tests/fixtures/stv/nec_bloc_vote_results.csv";
const ANDERSTON: &str = "tests/fixtures/stv/glasgow_2007/Anderston-City-2007.blt";

fn seatshare() -> Command {
    Command::cargo_bin("seatshare").expect("the binary builds")
}

/// Runs `count -` on `stdin` with `args`; returns (exit code, stdout, stderr).
fn run_stdin(stdin: &[u8], args: &[&str]) -> (i32, String, String) {
    let out = seatshare()
        .arg("count")
        .arg("-")
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_of(stdin: &[u8], args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run_stdin(stdin, &all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON output")
}

fn elected(v: &serde_json::Value, outcome: usize) -> Vec<String> {
    v["outcomes"][outcome]["elected"]
        .as_array()
        .expect("elected")
        .iter()
        .map(|e| e["name"].as_str().unwrap_or("").to_string())
        .collect()
}

fn bad_blt(text: &[u8], line: usize, words: &str) {
    let (code, _, err) = run_stdin(text, &[]);
    assert_eq!(code, 2, "exit 2 for bad input: {err}");
    assert!(
        err.contains(&format!("<stdin>:{line}: ")),
        "line {line} named: {err}"
    );
    assert!(err.contains(words), "`{words}` in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn malformed_blt_files_name_the_line_and_say_what_to_do() {
    // A preference for a candidate that does not exist.
    bad_blt(
        b"3 1\n2 1 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n",
        2,
        "candidate 4, but the header declares candidates 1 to 3",
    );
    // A repeated preference.
    bad_blt(
        b"3 1\n2 1 2 0\n1 3 1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n",
        3,
        "candidate 3 is ranked twice",
    );
    // A ballot without its terminating 0.
    bad_blt(
        b"3 1\n2 1 2\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n",
        2,
        "not ended by 0",
    );
    // Ballots never ended by a 0 line.
    bad_blt(b"3 1\n2 1 2 0\n", 2, "not ended by a line holding only 0");
    // Too few names for the header's candidates.
    bad_blt(
        b"3 1\n2 1 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n",
        6,
        "declares 3 candidates, but 2 names and a title",
    );
    // Too many names.
    bad_blt(
        b"2 1\n2 1 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n",
        7,
        "one name too many",
    );
    // Equal preferences are refused, not guessed.
    bad_blt(
        b"3 1\n2 1 2=3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n",
        2,
        "equal preferences are not supported",
    );
    // A name that is not UTF-8.
    bad_blt(
        b"2 1\n2 1 2 0\n0\n\"A\"\n\"B\xff\"\n\"T\"\n",
        5,
        "not UTF-8",
    );
    // More seats than candidates.
    bad_blt(
        b"2 3\n2 1 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n",
        1,
        "not enough candidates",
    );
}

#[test]
fn a_ballot_file_error_names_the_file() {
    let dir = std::env::temp_dir().join(format!("seatshare-count-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("broken.blt");
    std::fs::write(&path, "3 1\n2 1 9 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n").expect("write");
    seatshare()
        .arg("count")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(contains("broken.blt:2: a preference for candidate 9"));
}

#[test]
fn names_quoted_bare_comments_and_withdrawn_candidates_are_read() {
    // B is withdrawn: its ballots pass to their next preference.
    let blt = b"# a comment line\n3 1\n-2\n3 2 3 0  # B first, then C\n2 1 0\n0\n\"Ann \"\"A\"\" Smith\"\nBen Bare\n\"Cai\"\n\"T\"\n";
    let v = json_of(blt, &[]);
    assert_eq!(elected(&v, 0), vec!["Cai"]);
    let stage = &v["outcomes"][0]["stages"][0]["candidates"];
    assert_eq!(stage[0]["name"], "Ann \"A\" Smith");
    assert_eq!(stage[1]["name"], "Ben Bare");
    assert_eq!(stage[1]["status"], "withdrawn");
    assert_eq!(stage[2]["votes"], "3");
}

#[test]
fn unknown_rules_are_refused_with_a_sentence() {
    seatshare()
        .args(["count", ANDERSTON, "--rule", "ers98"])
        .assert()
        .code(2)
        .stderr(contains("is not a counting rule"));
}

/// Every stage's votes of the candidates named, as decimals with two places.
fn stage_votes(v: &serde_json::Value, stage: usize) -> Vec<(String, String)> {
    v["outcomes"][0]["stages"][stage]["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| {
            let d = c["votes_decimal"].as_str().unwrap_or("");
            (
                c["name"].as_str().unwrap_or("").to_string(),
                d[..d.len() - 3].to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const ERS97_ONE: &[u8] = b"5 2\n12 1 2 3 0\n3 1 3 0\n1 2 0\n4 3 0\n5 4 2 0\n3 5 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"E\"\n\"one\"\n";

#[test]
fn ers97_quota_rounds_up_at_the_second_decimal_and_truncates_transfer_values() {
    // 28 valid votes, 2 seats: 28 / 3 = 9.333... -> 9.34 (5.1.6). A's
    // first-stage surplus 5.66 leaves on all 15 papers at 5.66 / 15 =
    // 0.3773 -> 0.37 (5.3.7): B 12 x 0.37 = 4.44, C 3 x 0.37 = 1.11, and
    // 0.11 is the non-transferable difference. E is excluded (3 to D);
    // then C's papers go in batches, the value-1 batch first: its 4 papers
    // are non-transferable, and D, with 8 of the 13.44 active votes, has
    // more than 13.44 / (1 + 1) and is elected (5.4.9 b) before the 0.37
    // batch moves.
    let v = json_of(ERS97_ONE, &["--rule", "ers97"]);
    let s = &v["outcomes"][0];
    assert_eq!(s["quota"], "467/50");
    assert_eq!(elected(&v, 0), ["A", "D"]);
    assert_eq!(
        stage_votes(&v, 1),
        pairs(&[
            ("A", "9.34"),
            ("B", "5.44"),
            ("C", "5.11"),
            ("D", "5.00"),
            ("E", "3.00")
        ])
    );
    assert_eq!(s["stages"][1]["rounding_loss"], "11/100");
    assert_eq!(s["stages"][1]["action"]["ratio"], "37/100");
    assert_eq!(s["stages"][3]["action"]["kind"], "exclusion-batch");
    assert_eq!(s["stages"][3]["action"]["batches"], 2);
    assert_eq!(s["stages"][3]["action"]["value"], "1");
    assert_eq!(s["stages"][3]["nontransferable"], "4");
    assert_eq!(s["stages"].as_array().map(Vec::len), Some(4));
    assert!(s["elected"][1]["how"]
        .as_str()
        .unwrap_or("")
        .contains("5.1.7 b"));
}

#[test]
fn ers97_defers_a_surplus_that_cannot_save_the_lowest_and_excludes_them_together() {
    // Quota 24 / 3 = 8. A's surplus of 3 does not exceed C's 5 less the 2
    // of D and E together (5.2.2 b), so D and E are excluded at one stage
    // (5.2.5); then the surplus moves at 3 / 11 = 0.27.
    let blt =
        b"5 2\n10 1 3 0\n1 1 2 0\n6 2 0\n5 3 0\n1 4 2 0\n1 5 3 0\n0\nA\nB\nC\nD\nE\n\"two\"\n";
    let v = json_of(blt, &["--rule", "ers97"]);
    let s = &v["outcomes"][0];
    assert_eq!(
        s["stages"][1]["action"]["candidates"],
        serde_json::json!(["D", "E"])
    );
    assert!(s["stages"][1]["marks"][0]
        .as_str()
        .unwrap_or("")
        .contains("deferred"));
    assert_eq!(s["stages"][2]["action"]["kind"], "surplus");
    assert_eq!(
        stage_votes(&v, 2),
        pairs(&[
            ("A", "8.00"),
            ("B", "7.27"),
            ("C", "8.70"),
            ("D", "0.00"),
            ("E", "0.00")
        ])
    );
    assert_eq!(s["stages"][2]["rounding_loss"], "3/100");
    assert_eq!(elected(&v, 0), ["A", "C"]);
    // The same ballots under WIGM move the surplus first.
    let w = json_of(blt, &[]);
    assert_eq!(w["outcomes"][0]["stages"][1]["action"]["kind"], "surplus");
}

#[test]
fn ers97_transfers_a_later_surplus_from_the_last_received_batch_only() {
    // Quota 40 / 4 = 10. A's 20 papers give B 20 x 0.50; B, elected on 16,
    // passes on only those 20 papers (5.3.2), at 6 / 20 = 0.30 to C; B's
    // own papers (next preference D) stay. WIGM would move them too.
    let blt = b"5 3\n20 1 2 3 0\n6 2 4 0\n7 3 0\n4 4 0\n3 5 0\n0\nA\nB\nC\nD\nE\n\"three\"\n";
    let v = json_of(blt, &["--rule", "ers97"]);
    let s = &v["outcomes"][0];
    assert_eq!(s["stages"][1]["action"]["ratio"], "1/2");
    assert_eq!(s["stages"][2]["action"]["candidate"], "B");
    assert_eq!(s["stages"][2]["action"]["ratio"], "3/10");
    assert_eq!(
        stage_votes(&v, 2),
        pairs(&[
            ("A", "10.00"),
            ("B", "10.00"),
            ("C", "13.00"),
            ("D", "4.00"),
            ("E", "3.00")
        ])
    );
    assert_eq!(elected(&v, 0), ["A", "B", "C"]);
}

#[test]
fn ers97_refuses_fractional_ballot_weights() {
    let (code, _, err) = run_stdin(b"2 1\n1.5 1 0\n1 2 0\n0\nA\nB\nt\n", &["--rule", "ers97"]);
    assert_eq!(code, 2);
    assert!(err.contains("whole number of papers"), "{err}");
}

#[test]
fn vote_totals_are_not_read_as_ranked_ballots() {
    seatshare()
        .args(["count", BLOC_2016, "--rule", "scottish", "--seats", "6"])
        .assert()
        .code(2)
        .stderr(contains("vote totals, not ranked ballots"));
}

/// Anderston's BLT ballots written out as the councils' CSV: one row per
/// paper, a cell per candidate holding the preference.
fn anderston_as_csv() -> (String, usize) {
    use seatshare::count::blt::parse_blt;
    let bytes = std::fs::read(ANDERSTON).expect("fixture");
    let e = parse_blt(&bytes, ANDERSTON).expect("parses");
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["Ballot Number".to_string()];
    header.extend(e.names.iter().cloned());
    w.write_record(&header).expect("header");
    let mut id = 0;
    for b in &e.ballots {
        let copies = b
            .weight
            .to_integer()
            .to_string()
            .parse::<usize>()
            .expect("whole");
        for _ in 0..copies {
            id += 1;
            let mut row = vec![String::new(); e.names.len() + 1];
            row[0] = id.to_string();
            for (rank, c) in b.prefs.iter().enumerate() {
                row[*c as usize + 1] = (rank + 1).to_string();
            }
            w.write_record(&row).expect("row");
        }
    }
    let text = String::from_utf8(w.into_inner().expect("flush")).expect("utf-8");
    let path = std::env::temp_dir().join(format!("seatshare-anderston-{}.csv", std::process::id()));
    std::fs::write(&path, text).expect("temp file");
    (path.display().to_string(), e.seats)
}

#[test]
fn a_ward_counts_the_same_from_blt_and_from_the_councils_csv() {
    let (csv_path, seats) = anderston_as_csv();
    let seats = seats.to_string();
    let count = |args: &[&str]| -> serde_json::Value {
        let out = seatshare()
            .arg("count")
            .args(args)
            .args(["--format", "json"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    for rule in ["scottish", "ers97"] {
        let blt = count(&[ANDERSTON, "--rule", rule]);
        let csv = count(&[&csv_path, "--rule", rule, "--seats", &seats]);
        let csv_forced = count(&[
            &csv_path,
            "--rule",
            rule,
            "--seats",
            &seats,
            "--ballot-format",
            "csv",
        ]);
        assert_eq!(csv, csv_forced);
        let a = &blt["outcomes"][0];
        let b = &csv["outcomes"][0];
        assert_eq!(a["elected"], b["elected"], "{rule}");
        assert_eq!(a["valid_votes"], b["valid_votes"]);
        assert_eq!(a["stages"], b["stages"], "{rule}: every stage the same");
        assert!(a["stages"].as_array().map_or(0, Vec::len) > 3);
    }
    let _ = std::fs::remove_file(&csv_path);
}

#[test]
fn bad_csv_ballots_name_the_file_and_line() {
    let cases: &[(&[u8], &[&str], &str)] = &[
        (
            b"Ballot,Ann,Ben\n1,1,2\n2,x,1\n",
            &["--seats", "1"],
            "<stdin>:3: `x` under Ann is not a preference",
        ),
        (
            b"Ballot,Ann,Ben\n1,1,3\n",
            &["--seats", "1"],
            "<stdin>:2: a preference of 3 under Ben",
        ),
        (
            b"Ballot,Ann,Ben\n1,1\n",
            &["--seats", "1"],
            "<stdin>:2: this row has 2 fields but the header has 3",
        ),
        (
            b"Ballot,Ann,Ann\n1,1,2\n",
            &["--seats", "1"],
            "<stdin>:1: two columns are both headed `Ann`",
        ),
        (b"Ballot,Ann,Ben\n1,1,2\n", &[], "give --seats N"),
        (
            b"Ballot,Ann,Ben\n1,1,2\n",
            &["--seats", "1", "--ballot-format", "xml"],
            "not a ballot format",
        ),
    ];
    for (text, args, words) in cases {
        let (code, _, err) = run_stdin(text, args);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(words), "`{words}` in: {err}");
    }
}

#[test]
fn csv_preferences_stop_at_a_break_or_a_repeat() {
    // Row 2 breaks after 1 (no 2nd), row 3 repeats 2: both stop there;
    // row 4 has no first preference and is not a valid vote.
    let text = b"Ann,Ben,Cai\n1,,3\n1,2,2\n,2,3\n,1,\n";
    let v = json_of(text, &["--seats", "1"]);
    let s = &v["outcomes"][0];
    assert_eq!(s["valid_votes"], "3");
    assert_eq!(elected(&v, 0), ["Ann"]);
}

#[test]
fn the_2016_bloc_vote_reproduces_the_published_result() {
    let out = seatshare()
        .args([
            "count",
            BLOC_2016,
            "--rule",
            "bloc",
            "--seats",
            "6",
            "--women-at-least",
            "3",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // The published winners are the rows with elected = 1.
    let text = std::fs::read_to_string(BLOC_2016).expect("fixture");
    let published: Vec<String> = text
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(4) == Some("1"))
        .map(|l| l.split(',').nth(2).unwrap_or("").to_string())
        .collect();
    assert_eq!(published.len(), 6);
    assert_eq!(elected(&v, 0), published);
    // Four women were elected: the minimum of three did not bind.
    assert_eq!(
        v["outcomes"][0]["constraint_notes"],
        serde_json::json!([
            "the constraints changed no one: the unconstrained count elects the same candidates"
        ])
    );
    assert_eq!(v["outcomes"][0]["constraints"][0], "at least 3 women");
}

#[test]
fn a_binding_minimum_replaces_the_lowest_placed_men_by_the_highest_placed_women() {
    // Hand-checked: the top six are Black (w), Shawcroft (w), Webbe (w),
    // Williams (m), Wolfson (w), Willsman (m). Six women: Willsman (the
    // lowest-placed man) makes way for Reeves (72,514, the highest unelected
    // woman), then Williams for Bailey (67,205); Izzard (70,993) has no
    // stated gender and is not counted as a woman.
    let out = seatshare()
        .args([
            "count",
            BLOC_2016,
            "--rule",
            "bloc",
            "--seats",
            "6",
            "--women-at-least",
            "6",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        elected(&v, 0),
        vec![
            "Ann Black",
            "Christine Shawcroft",
            "Claudia Webbe",
            "Bex Bailey",
            "Rhea Wolfson",
            "Ellie Reeves"
        ]
    );
    let notes = v["outcomes"][0]["constraint_notes"]
        .as_array()
        .expect("notes");
    assert_eq!(notes.len(), 3);
    assert_eq!(
        notes[0],
        "compared with the unconstrained count, Bex Bailey, Ellie Reeves elected instead of Darren Williams, Pete Willsman"
    );
    assert!(notes[1]
        .as_str()
        .unwrap_or("")
        .starts_with("Ellie Reeves replaces Pete Willsman"));
    assert!(notes[2]
        .as_str()
        .unwrap_or("")
        .starts_with("Bex Bailey replaces Darren Williams"));
    // Five women: only Willsman goes.
    seatshare()
        .args([
            "count",
            BLOC_2016,
            "--rule",
            "bloc",
            "--seats",
            "6",
            "--women-at-least",
            "5",
        ])
        .assert()
        .code(0)
        .stdout(contains("Ellie Reeves replaces Pete Willsman"))
        .stdout(contains("Darren Williams (stage 1, top)"));
}

#[test]
fn a_bloc_vote_needs_its_seats_and_enough_women() {
    seatshare()
        .args(["count", BLOC_2016, "--rule", "bloc"])
        .assert()
        .code(2)
        .stderr(contains("--rule bloc needs --seats N"));
    // Seven women stand, with their gender stated.
    seatshare()
        .args([
            "count",
            BLOC_2016,
            "--rule",
            "bloc",
            "--seats",
            "12",
            "--women-at-least",
            "10",
        ])
        .assert()
        .code(2)
        .stderr(contains("only 7 women stand for 10 places"));
}

/// A = 3, B = 2, C = 2 for one seat: B and C are equal at every stage.
const LOT_TIE: &[u8] = b"3 1\n3 1 0\n2 2 3 0\n2 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Lot\"\n";

#[test]
fn a_tie_that_needs_a_lot_is_reported_with_every_outcome_without_a_seed() {
    let v = json_of(LOT_TIE, &[]);
    assert_eq!(v["tied"], true);
    let outcomes = v["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes.len(), 2);
    let mut winners: Vec<String> = (0..2).map(|i| elected(&v, i)[0].clone()).collect();
    winners.sort();
    assert_eq!(
        winners,
        vec!["B", "C"],
        "excluding B elects C, and the reverse"
    );
    for o in outcomes {
        assert!(o["lots"][0]
            .as_str()
            .unwrap_or("")
            .contains("equal at every stage"));
    }
    let (code, out, _) = run_stdin(LOT_TIE, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("2 possible outcomes"));
}

#[test]
fn a_seed_draws_the_lot_reproducibly_and_records_it() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..16u64 {
        let s = seed.to_string();
        let a = json_of(LOT_TIE, &["--seed", &s]);
        let b = json_of(LOT_TIE, &["--seed", &s]);
        assert_eq!(a, b, "the same seed, the same draw");
        assert_eq!(a["tied"], false);
        assert_eq!(a["outcomes"].as_array().map(Vec::len), Some(1));
        let lot = a["outcomes"][0]["lots"][0]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(lot.contains("lot drawn from the seed"), "{lot}");
        seen.insert(elected(&a, 0)[0].clone());
    }
    assert_eq!(seen.len(), 2, "over 16 seeds both outcomes occur");
}

#[test]
fn an_exclusion_tie_looks_back_to_the_most_recent_stage_that_differs() {
    // A 5, B 3, C 2, D 1 (D's paper goes to C). D is excluded; B and C then
    // have 3 each; at stage 1 C had fewer, so C is excluded, not by lot.
    let blt = b"4 1\n5 1 0\n3 2 0\n2 3 0\n1 4 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"Look back\"\n";
    for rule in ["wigm", "scottish"] {
        let v = json_of(blt, &["--rule", rule]);
        assert_eq!(v["tied"], false);
        let stages = v["outcomes"][0]["stages"].as_array().expect("stages");
        assert_eq!(stages[2]["action"]["candidate"], "C", "{rule}");
        assert!(stages[2]["marks"][0]
            .as_str()
            .unwrap_or("")
            .contains("decided by stage 1"));
        assert!(v["outcomes"][0]["lots"]
            .as_array()
            .expect("lots")
            .is_empty());
    }
}

#[test]
fn wigm_quota_is_exact_and_election_needs_more_than_it() {
    // 8 votes, 1 seat: quota 4 exactly; A with 4 is not elected on the first
    // stage (WIGM needs more than the quota), but is under the Scottish rule
    // (quota ⌊8/2⌋ + 1 = 5; A has 4, so not there either; B is excluded).
    let blt = b"3 1\n4 1 0\n3 2 1 0\n1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Quota\"\n";
    let v = json_of(blt, &[]);
    assert_eq!(v["outcomes"][0]["quota"], "4");
    assert_eq!(
        v["outcomes"][0]["stages"][0]["candidates"][0]["elected_here"],
        false
    );
    assert_eq!(elected(&v, 0), vec!["A"]);
    let s = json_of(blt, &["--rule", "scottish"]);
    assert_eq!(s["outcomes"][0]["quota"], "5");
    // 7 votes for 2 seats: quota 7/3, not rounded.
    let blt = b"3 2\n4 1 2 0\n2 2 0\n1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Thirds\"\n";
    let v = json_of(blt, &[]);
    assert_eq!(v["outcomes"][0]["quota"], "7/3");
    // A's surplus 4 − 7/3 = 5/3 moves at 5/12 to B: B has 2 + 5/3 = 11/3.
    assert_eq!(
        v["outcomes"][0]["stages"][1]["candidates"][1]["votes"],
        "11/3"
    );
    assert_eq!(elected(&v, 0), vec!["A", "B"]);
}

/// Four candidates for two seats; the two men lead on first preferences.
const GENDER: &[u8] =
    b"4 2\n40 1 2 0\n35 2 1 0\n15 3 4 0\n10 4 3 0\n0\n\"Al\"\n\"Bo\"\n\"Cy\"\n\"Di\"\n\"Gender\"\n";
const GENDER_YAML: &str = "candidates:\n  - {name: Al, gender: man, region: North}\n  - {name: Bo, gender: man, region: North}\n  - {name: Cy, gender: woman, region: South}\n  - {name: Di, gender: woman, region: South}\n";

fn candidates_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("seatshare-count-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn guard_and_doom_elect_a_woman_where_the_ballots_alone_would_not() {
    let yaml = candidates_file("gender.yaml", GENDER_YAML);
    let free = json_of(
        GENDER,
        &[
            "--candidates",
            &yaml,
            "--women-at-least",
            "1",
            "--mode",
            "unconstrained",
        ],
    );
    assert_eq!(elected(&free, 0), vec!["Al", "Bo"]);
    let gd = json_of(GENDER, &["--candidates", &yaml, "--women-at-least", "1"]);
    let names = elected(&gd, 0);
    assert_eq!(names[0], "Al");
    assert_eq!(
        names[1], "Cy",
        "Bo is doomed: the men's maximum of 1 is reached"
    );
    let marks: Vec<String> = gd["outcomes"][0]["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .flat_map(|s| s["marks"].as_array().cloned().unwrap_or_default())
        .map(|m| m.as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        marks
            .iter()
            .any(|m| m.starts_with("doomed: Bo") && m.contains("men's maximum of 1 is reached")),
        "{marks:?}"
    );
    let rep = json_of(
        GENDER,
        &[
            "--candidates",
            &yaml,
            "--women-at-least",
            "1",
            "--mode",
            "replacement",
        ],
    );
    assert_eq!(elected(&rep, 0), vec!["Al", "Cy"]);
    assert_eq!(
        rep["outcomes"][0]["constraint_notes"][0],
        "compared with the unconstrained count, Cy elected instead of Bo"
    );
    assert!(rep["outcomes"][0]["constraint_notes"][1]
        .as_str()
        .unwrap_or("")
        .starts_with("Cy replaces Bo"));
}

#[test]
fn compare_modes_shows_each_mode_side_by_side() {
    let yaml = candidates_file("gender-cmp.yaml", GENDER_YAML);
    let (code, out, err) = run_stdin(
        GENDER,
        &[
            "--candidates",
            &yaml,
            "--women-at-least",
            "1",
            "--compare-modes",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("unconstrained"));
    assert!(out.contains("guard-doom"));
    assert!(out.contains("replacement"));
    let row = out
        .lines()
        .find(|l| l.starts_with("│ 2 "))
        .expect("the second place row");
    assert!(row.contains("Bo") && row.contains("Cy *"), "{row}");
}

#[test]
fn constraints_that_cannot_hold_are_refused_before_the_count() {
    let yaml = candidates_file("regions.yaml", GENDER_YAML);
    let three_seats = String::from_utf8_lossy(GENDER).replacen("4 2", "4 3", 1);
    let (code, _, err) = run_stdin(
        three_seats.as_bytes(),
        &["--candidates", &yaml, "--women-at-least", "3"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("only 2 women stand for 3 places"), "{err}");
    let (code, _, err) = run_stdin(GENDER, &["--candidates", &yaml, "--women-at-least", "3"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("at least 3 women cannot be elected to 2 seats"),
        "{err}"
    );
    let three = "candidates:\n  - {name: Al, region: North}\n  - {name: Bo, region: East}\n  - {name: Cy, region: South}\n  - {name: Di, region: South}\nconstraints:\n  each: {attribute: region, at_least: 1}\n";
    let yaml = candidates_file("three.yaml", three);
    let (code, _, err) = run_stdin(GENDER, &["--candidates", &yaml]);
    assert_eq!(code, 2);
    assert!(
        err.contains("a designated seat for each of 3 regions needs 3 seats; 2 are elected"),
        "{err}"
    );
    let unknown = "candidates:\n  - {name: Zed}\n";
    let yaml = candidates_file("unknown.yaml", unknown);
    let (code, _, err) = run_stdin(GENDER, &["--candidates", &yaml]);
    assert_eq!(code, 2);
    assert!(err.contains("`Zed` is not a candidate"), "{err}");
}

#[test]
fn the_sheet_comes_in_tidy_csv_markdown_and_json() {
    let out = seatshare()
        .args(["count", ANDERSTON, "--rule", "scottish", "--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    // 9 candidates × 8 stages, one row each, after the header.
    assert_eq!(lines.len(), 1 + 9 * 8);
    assert!(lines[0].starts_with("mode,outcome,stage,action,candidate,votes,transfer"));
    assert!(text.contains("2,\"surplus of Craig MacKay (251, transfer value 0.15379)\",Nina Baker,927.98248,47.98248,continuing"));
    let md = seatshare()
        .args([
            "count", ANDERSTON, "--rule", "scottish", "--format", "markdown",
        ])
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.starts_with("## Count: ANDERSTON-CITY"));
    assert!(md.contains("| Candidate | Stage 1 |"));
    let json = seatshare()
        .args(["count", ANDERSTON, "--rule", "scottish", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["schema"], "seatshare.count/1");
    assert_eq!(v["outcomes"][0]["quota"], "1381");
    assert_eq!(
        v["outcomes"][0]["stages"][1]["rounding_loss"], "46/3125",
        "0.01472 exactly"
    );
}

#[test]
fn a_candidates_file_gives_a_percentage_with_its_rounding_and_group_limits() {
    // 50% of 2 seats rounded up is 1 woman; the group North (Al, Bo) at most
    // 1: both say Bo cannot join Al.
    let yaml = format!(
        "{GENDER_YAML}constraints:\n  women_at_least: 50%\n  rounding: up\n  groups:\n    - {{name: North, attribute: region, values: [North], max: 1}}\n"
    );
    let path = candidates_file("file-rules.yaml", &yaml);
    let v = json_of(GENDER, &["--candidates", &path]);
    assert_eq!(elected(&v, 0), vec!["Al", "Cy"]);
    assert_eq!(
        v["outcomes"][0]["constraints"],
        serde_json::json!([
            "at least 1 women",
            "at most 1 candidates of the group North"
        ])
    );
    // The group alone binds too.
    let only_group = format!(
        "{GENDER_YAML}constraints:\n  groups:\n    - {{name: North, attribute: region, values: [North], max: 1}}\n"
    );
    let path = candidates_file("group-only.yaml", &only_group);
    let v = json_of(GENDER, &["--candidates", &path]);
    assert_eq!(elected(&v, 0), vec!["Al", "Cy"]);
    // A percentage without its rounding is refused with the reason.
    let bad = format!("{GENDER_YAML}constraints:\n  women_at_least: 50%\n");
    let path = candidates_file("no-rounding.yaml", &bad);
    let (code, _, err) = run_stdin(GENDER, &["--candidates", &path]);
    assert_eq!(code, 2);
    assert!(err.contains("needs a rounding, up or down"), "{err}");
}

const COUNCIL: &str = "docs/examples/council.blt";
const COUNCIL_PEOPLE: &str = "docs/examples/council-candidates.yaml";
const COUNCIL_RULES: &str = "docs/examples/council-rules.yaml";

fn council(extra: &[&str]) -> (i32, String, String) {
    let out = seatshare()
        .args(["count", COUNCIL, "--candidates", COUNCIL_PEOPLE])
        .args(extra)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_scenario_files_rules_are_the_counts_constraints() {
    let args = [
        "--candidates",
        COUNCIL_RULES,
        "--scenario",
        "wales-and-women",
        "--format",
        "json",
    ];
    let (code, out, err) = council(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(elected(&v, 0), ["Ben", "Ann", "Ffion"]);
    assert_eq!(
        v["outcomes"][0]["constraints"],
        serde_json::json!(["at least 1 candidates from Wales", "at least 2 women"])
    );
    // The same limits written in the candidates file's own words count the same.
    let own = candidates_file(
        "council-own.yaml",
        &format!(
            "{}constraints:\n  women_at_least: 50%\n  rounding: up\n  each: {{attribute: region, at_least: 1, values: [Wales]}}\n",
            std::fs::read_to_string(COUNCIL_PEOPLE).expect("reads")
        ),
    );
    let (code, out, err) =
        seatshare_out(&["count", COUNCIL, "--candidates", &own, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let w: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(elected(&w, 0), elected(&v, 0));
    assert_eq!(w["outcomes"][0]["stages"], v["outcomes"][0]["stages"]);
    // Unconstrained, Cai is elected instead of Ffion.
    let (_, out, _) = council(&["--format", "json"]);
    let free: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(elected(&free, 0), ["Ben", "Cai", "Ann"]);
}

fn seatshare_out(args: &[&str]) -> (i32, String, String) {
    let out = seatshare().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn scenario_rules_without_a_meaning_in_a_count_are_refused_by_name() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--candidates", COUNCIL_RULES, "--scenario", "balanced"],
            "rule `balanced delegations`",
        ),
        (
            &["--candidates", COUNCIL_RULES],
            "has 2 scenarios; say which with --scenario ID (wales-and-women, balanced)",
        ),
        (
            &["--candidates", COUNCIL_RULES, "--scenario", "nope"],
            "nope",
        ),
        (&["--scenario", "balanced"], "--scenario picks a scenario"),
    ];
    for (args, words) in cases {
        let (code, _, err) = council(args);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(words), "`{words}` in: {err}");
    }
    // A scenario for another house size, and a scenario file alone.
    let (code, _, err) = seatshare_out(&[
        "count",
        "data/nec-model-2018.blt",
        "--candidates",
        "data/nec-model-2018-candidates.yaml",
        "--candidates",
        "data/labour-nec-2018.yaml",
        "--scenario",
        "designated-11",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is for 11 seats; this count fills 9"), "{err}");
    let (code, _, err) = seatshare_out(&[
        "count",
        COUNCIL,
        "--candidates",
        COUNCIL_RULES,
        "--scenario",
        "balanced",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("give a candidates file too"), "{err}");
    // Base seats have no meaning in a count.
    let base = candidates_file(
        "council-base.yaml",
        "regions:\n  - {name: North, count: 1}\n  - {name: South, count: 1}\n  - {name: Wales, count: 1}\nscenarios:\n  - {id: b, seats: 3, method: dhondt, base_each: 1}\n",
    );
    let (code, _, err) = council(&["--candidates", &base]);
    assert_eq!(code, 2);
    assert!(err.contains("rule `base_each`: base seats"), "{err}");
}

#[test]
fn the_nec_scenario_guarantees_wales_and_scotland_in_the_model_count() {
    let (code, out, err) = seatshare_out(&[
        "count",
        "data/nec-model-2018.blt",
        "--candidates",
        "data/nec-model-2018-candidates.yaml",
        "--candidates",
        "data/labour-nec-2018.yaml",
        "--scenario",
        "nations-guaranteed-9",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let names = elected(&v, 0);
    assert!(names.contains(&"Darren Williams".to_string()), "{names:?}");
    assert!(!names.contains(&"Ann Black".to_string()), "{names:?}");
}

#[test]
fn ers97_breaks_a_tie_by_the_earliest_stage_where_wigm_looks_at_the_latest() {
    // Stage 1: B 5, C 4. E's 2 go to C (C 6, B 5); D's 3 split 2 to B, 1
    // to C: B 7, C 7 at stage 3. ERS97 5.2.5 looks to the first stage at
    // which they differed (C fewer: C excluded); WIGM to the most recent
    // (B fewer at stage 2: B excluded).
    let blt =
        b"5 1\n13 1 0\n5 2 0\n4 3 1 0\n2 4 2 0\n1 4 3 1 0\n2 5 3 1 0\n0\nA\nB\nC\nD\nE\n\"tie\"\n";
    let ers = json_of(blt, &["--rule", "ers97"]);
    let wigm = json_of(blt, &[]);
    assert_eq!(
        ers["outcomes"][0]["stages"][3]["action"]["candidates"],
        serde_json::json!(["C"])
    );
    assert!(ers["outcomes"][0]["stages"][3]["marks"][0]
        .as_str()
        .unwrap_or("")
        .contains("earliest point"));
    assert_eq!(wigm["outcomes"][0]["stages"][3]["action"]["candidate"], "B");
}

#[test]
fn ers97_recalculates_the_quota_while_no_one_is_elected() {
    // 9 votes, 1 seat: quota 4.50. C's 2 papers are non-transferable, so
    // the quota becomes (9 - 2) / 2 = 3.50 (5.4.8) and A, on 4, has it.
    let v = json_of(
        b"3 1\n4 1 0\n3 2 0\n2 3 0\n0\nA\nB\nC\n\"q\"\n",
        &["--rule", "ers97"],
    );
    let s = &v["outcomes"][0];
    assert_eq!(s["quota"], "9/2");
    assert_eq!(s["stages"][1]["quota"], "7/2");
    assert!(s["stages"][1]["marks"][0]
        .as_str()
        .unwrap_or("")
        .contains("5.4.8"));
    assert_eq!(s["elected"][0]["name"], "A");
    assert_eq!(s["elected"][0]["how"], "quota");
}

#[test]
fn ers97_elects_neither_of_two_equal_throughout_when_one_place_is_left() {
    // A and B both reach the quota of 5 with equal votes at every point,
    // and one place is left: neither is deemed elected at that stage
    // (5.6.2); the exclusion of one of them is then decided by lot and the
    // other fills the place (5.5.1).
    let blt = b"2 1\n5 1 0\n5 2 0\n0\nA\nB\n\"equal\"\n";
    let v = json_of(blt, &["--rule", "ers97", "--seed", "3"]);
    let s = &v["outcomes"][0];
    assert!(s["stages"][0]["marks"][0]
        .as_str()
        .unwrap_or("")
        .contains("5.6.2"));
    assert_eq!(s["lots"].as_array().map(Vec::len), Some(1));
    assert_eq!(s["elected"][0]["how"], "last vacancies");
    let all = json_of(blt, &["--rule", "ers97"]);
    assert_eq!(all["tied"], true);
    let mut names = vec![elected(&all, 0), elected(&all, 1)];
    names.sort();
    assert_eq!(names, [["A"], ["B"]]);
}
