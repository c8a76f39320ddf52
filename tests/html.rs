//! `seatshare compare FILE --format html` and `seatshare count BALLOTS
//! --format html`: one self-contained page each. The
//! page is our own output, so it is read with a small hand-written scan.

mod common;

use common::{file, seatshare, NEC};
use serde_json::Value;

const US: &str = "tests/fixtures/us_states_2020.yaml";

const REFUSAL: &str = "--format html is written by `seatshare compare FILE --format html` (one page for the whole file) and `seatshare count BALLOTS --format html`; use table, markdown, csv or json here";

fn page(path: &str) -> String {
    let out = seatshare()
        .args(["compare", path, "--format", "html"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn compare_json(path: &str) -> Value {
    let out = seatshare()
        .args(["compare", path, "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// The text between `start` (after it) and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"))
        + start.len();
    let to = text[from..].find(end).expect("closed") + from;
    &text[from..to]
}

fn data(html: &str) -> Value {
    let text = between(
        html,
        "<script type=\"application/json\" id=\"seatshare-data\">",
        "</script>",
    );
    serde_json::from_str(text).expect("the embedded JSON parses")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every value of `attr="…"` in `text`, in order.
fn attributes(text: &str, attr: &str) -> Vec<String> {
    let key = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&key) {
        rest = &rest[at + key.len()..];
        let end = rest.find('"').expect("attribute closed");
        out.push(unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

/// The rows of a table that carry `data-region`: name → the row's text.
fn region_rows(table: &str) -> Vec<(String, String)> {
    table
        .split("<tr")
        .skip(1)
        .filter_map(|row| {
            let row = row.split("</tr>").next().unwrap_or("");
            let head = &row[..row.find('>').unwrap_or(0)];
            let name = attributes(head, "data-region").into_iter().next()?;
            Some((name, row.to_string()))
        })
        .collect()
}

#[test]
fn the_embedded_json_is_the_compare_json_with_the_slider() {
    let html = page(NEC);
    let data = data(&html);
    assert_eq!(data["compare"], compare_json(NEC));
    assert_eq!(data["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        data["command"],
        "seatshare compare data/labour-nec-2018.yaml --format html"
    );
    let slider = &data["slider"];
    // max(30, 3 × 11 regions, largest house 20) = 33.
    assert_eq!(slider["max"], 33);
    let methods: Vec<&str> = slider["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["dhondt", "sainte-lague", "hamilton"]);
    for m in slider["methods"].as_array().unwrap() {
        let sizes = m["sizes"].as_array().unwrap();
        assert_eq!(sizes.len(), 33);
        for (k, s) in sizes.iter().enumerate() {
            assert_eq!(s["seats"], k as u64 + 1);
            let total: u64 = s["allocation"]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_u64().unwrap())
                .sum();
            assert_eq!(total, k as u64 + 1, "{} at {}", m["method"], k + 1);
            assert!(s["tied"].is_boolean());
            assert!(s["alabama"].is_array());
        }
    }
    // Checked with `seatshare sweep data/labour-nec-2018.yaml --seats
    // 15..16 --method dhondt` (counts, the file's default basis): Scotland
    // has no seat at 15, every region has one at 16.
    let dhondt = &slider["methods"][0]["sizes"];
    let at = |n: usize| dhondt[n - 1]["allocation"].as_object().unwrap().clone();
    assert!(at(15).values().any(|v| v == 0));
    assert_eq!(at(15)["Scotland"], 0);
    assert!(at(16).values().all(|v| v.as_u64().unwrap() >= 1));
    // The slider starts at the file's reference size.
    assert!(
        html.contains("<input type=\"range\" id=\"house-slider\" min=\"1\" max=\"33\" value=\"9\"")
    );
    assert!(html.contains("<output id=\"house-size\""));
}

#[test]
fn comparison_cells_carry_the_json_seats() {
    let html = page(NEC);
    let data = data(&html);
    let columns = data["compare"]["columns"].as_array().unwrap();
    let table = between(&html, "<table id=\"comparison\">", "</table>");
    let head = between(table, "<thead>", "</thead>");
    let ids: Vec<String> = attributes(head, "data-column");
    let json_ids: Vec<&str> = columns.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, json_ids);
    let rows = region_rows(table);
    let regions: Vec<&str> = data["compare"]["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, regions, "only region rows carry data-region");
    for (name, row) in &rows {
        assert!(row.contains(&format!(
            "<th scope=\"row\">{}</th>",
            name.replace('&', "&amp;")
        )));
        let cols = attributes(row, "data-column");
        let seats = attributes(row, "data-seats");
        assert_eq!(cols, ids);
        for (col, (id, s)) in columns.iter().zip(cols.iter().zip(&seats)) {
            assert_eq!(col["id"], id.as_str());
            assert_eq!(
                col["allocation"][name].as_u64().unwrap().to_string(),
                *s,
                "{id} {name}"
            );
        }
    }
    // Bound marks as in the terminal table: Wales and Scotland held up.
    assert!(table.contains("data-column=\"nations-guaranteed-9\" data-seats=\"1\">1+</td>"));
}

#[test]
fn the_slider_table_shows_the_initial_size() {
    let html = page(NEC);
    let data = data(&html);
    let table = between(&html, "<table id=\"slider-table\"", "</table>");
    assert!(table.starts_with(" data-house=\"9\""));
    let rows = region_rows(table);
    assert_eq!(rows.len(), 11);
    for (name, row) in &rows {
        let methods = attributes(row, "data-method");
        let seats = attributes(row, "data-seats");
        assert_eq!(methods, ["dhondt", "sainte-lague", "hamilton"]);
        for (k, s) in seats.iter().enumerate() {
            let expected = &data["slider"]["methods"][k]["sizes"][8]["allocation"][name];
            assert_eq!(expected.as_u64().unwrap().to_string(), *s, "{name}");
        }
    }
    assert!(html.contains("<div id=\"slider-notes\""));
}

#[test]
fn sizes_without_an_allocation_are_shown_as_such() {
    // Adams owes 50 states a first seat: no allocation below 50.
    let html = page(US);
    let data = data(&html);
    let adams = data["slider"]["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == "adams")
        .expect("adams is swept")
        .clone();
    assert!(adams["sizes"][48]["allocation"].is_null());
    assert!(adams["sizes"][49]["allocation"].is_object());
    assert!(html.contains("no allocation at 1 to 49 seats"));
    // Hamilton shows the Alabama paradox somewhere in 1..435 for the states.
    let hamilton = data["slider"]["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == "hamilton")
        .unwrap()
        .clone();
    for s in hamilton["sizes"].as_array().unwrap().iter().skip(1) {
        let n = s["seats"].as_u64().unwrap() as usize;
        let before = &hamilton["sizes"][n - 2]["allocation"];
        for lost in s["alabama"].as_array().unwrap() {
            let name = lost.as_str().unwrap();
            assert!(s["allocation"][name].as_u64() < before[name].as_u64());
        }
    }
}

#[test]
fn every_chart_has_a_title_and_a_table_and_nothing_is_fetched() {
    for path in [NEC, US] {
        let html = page(path);
        let mut rest = html.as_str();
        let mut charts = 0;
        while let Some(at) = rest.find("<svg") {
            rest = &rest[at + 4..];
            let end = rest.find("</svg>").expect("svg closed");
            assert!(
                rest[..end].contains("<title"),
                "{path}: an svg without a title"
            );
            let after = &rest[end..];
            let table = after.find("<table").expect("a table after the chart");
            let next = after.find("<svg").unwrap_or(usize::MAX);
            assert!(table < next, "{path}: an svg not followed by its table");
            charts += 1;
        }
        assert!(charts >= 2, "{path}: charts");
        for banned in ["http://", "https://", "src=", "@import", "@font-face"] {
            assert!(!html.contains(banned), "{path}: {banned}");
        }
        let mut rest = html.as_str();
        while let Some(at) = rest.find("url(") {
            rest = &rest[at + 4..];
            assert!(
                rest.starts_with('#'),
                "{path}: url( to something not inline"
            );
        }
        // No protocol-relative URL either (the script has no `//` at all).
        assert!(!html.contains("\"//") && !html.contains("'//"));
        assert!(!html.contains("NaN") && !html.contains("inf<") && !html.contains(">inf"));
        assert_eq!(html.matches("</script>").count(), 2);
    }
}

#[test]
fn every_scenario_kind_of_the_labour_file_renders() {
    let html = page(NEC);
    let section = |id: &str| {
        html.split("<section class=\"column\" id=\"")
            .skip(1)
            .find(|s| s.contains(&format!("data-column=\"{id}\">")))
            .unwrap_or_else(|| panic!("no section for {id}"))
            .split("</section>")
            .next()
            .unwrap()
            .to_string()
    };
    // Plain divisor method: interval, nice divisor, quotient table.
    let plain = section("proportional-9");
    assert!(plain.contains("Divisor interval"));
    assert!(plain.contains("class=\"quotient-table\""));
    assert!(plain.contains("d(0) = 1"));
    assert!(plain.contains("✓9"));
    // Quota method: floors and remainders, no quotient table.
    let quota = section("proportional-9-hamilton");
    assert!(quota.contains("Quota: Q = V/S"));
    assert!(quota.contains("No quotient table: a quota method"));
    // Bounds.
    let bounds = section("nations-guaranteed-9");
    assert!(bounds.contains("held up by minimum 1"));
    // Rules engine with a group rule: binding rule and its price.
    let group = section("nations-together-2-9");
    assert!(group.contains("Binding rules and their price"));
    assert!(group.contains("No quotient table: the rules engine"));
    // Women.
    let women = section("proportional-9-half-women-up");
    assert!(women.contains("Women per region"));
    assert!(women.contains("Exact checks"));
    // Infeasible scenarios with their sentence.
    let cannot = between(&html, "<ul class=\"infeasible\">", "</ul>");
    assert!(cannot.contains("designated-9"));
    assert!(cannot.contains("needs 11 seats; the house has 9"));
    assert!(cannot.contains("nations-3-capped"));
    // Print stylesheet for A4.
    assert!(html.contains("@page { size: A4; margin: 15mm; }"));
    assert!(html.contains("@media print"));
    assert!(html.contains("position: sticky; left: 0"));
    assert!(html.contains("overflow-x: auto"));
}

#[test]
fn the_labour_page_is_under_300_kb() {
    let html = page(NEC);
    assert!(html.len() < 300_000, "{} bytes", html.len());
}

#[test]
fn fifty_regions_render() {
    let html = page(US);
    let data = data(&html);
    let table = between(&html, "<table id=\"comparison\">", "</table>");
    assert_eq!(region_rows(table).len(), 50);
    assert_eq!(data["compare"], compare_json(US));
    assert_eq!(data["slider"]["max"], 435);
    // The official seats come back by Huntington–Hill.
    let columns = data["compare"]["columns"].as_array().unwrap();
    assert_eq!(columns[0]["allocation"], columns[1]["allocation"]);
    assert!(html.contains("adams-40"));
    assert!(html.contains("The table stops at d(") || html.contains("d(52)"));
}

#[test]
fn the_json_cannot_close_its_script_early() {
    let path = file(
        "script-title.yaml",
        "title: \"A </script><script>alert(1)</script> file\"\nregions:\n  - {name: \"A</b>\", count: 60}\n  - {name: B, count: 40}\nscenarios:\n  - {id: s, seats: 5, method: dhondt}\n",
    );
    let html = page(&path);
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(!html.contains("<script>alert"));
    let data = data(&html);
    assert_eq!(
        data["compare"]["title"],
        "A </script><script>alert(1)</script> file"
    );
    assert!(data["slider"]["methods"][0]["sizes"][0]["allocation"]["A</b>"].is_u64());
}

#[test]
fn other_commands_refuse_html() {
    let cases: Vec<Vec<&str>> = vec![
        vec!["allocate", NEC, "--scenario", "proportional-9"],
        vec!["sweep", NEC, "--seats", "1..5", "--method", "dhondt"],
        vec!["threshold", NEC, "--method", "dhondt"],
        vec!["identify", NEC, "--makeup", "current-2018"],
        vec!["margin", NEC, "--scenario", "proportional-9"],
        vec!["robust", NEC, "--scenario", "proportional-9"],
        vec!["population", NEC, "--scenario", "proportional-9"],
        vec!["check", "data/claims-nec-2018.yaml"],
        vec!["methods"],
    ];
    for args in cases {
        for format in [
            ["--format", "html"].as_slice(),
            ["--format=html"].as_slice(),
        ] {
            let out = seatshare().args(&args).args(format).output().expect("runs");
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(out.stdout.is_empty(), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(REFUSAL), "{args:?}: {err}");
        }
    }
}

#[test]
fn a_tie_lists_every_tied_allocation_and_the_slider_marks_it() {
    let path = file(
        "tie.yaml",
        "title: A tie\nregions:\n  - {name: A, count: 3}\n  - {name: B, count: 3}\n  - {name: C, count: 1}\nscenarios:\n  - {id: tied-8, seats: 8, method: sainte-lague}\n",
    );
    let html = page(&path);
    let data = data(&html);
    assert!(data["compare"]["columns"][0]["tie"].is_object());
    let table = between(&html, "<table id=\"comparison\">", "</table>");
    assert!(table.contains('*'));
    let ties = between(&html, "<ol class=\"ties\">", "</ol>");
    assert!(ties.matches("<li>").count() >= 2, "{ties}");
    let at8 = &data["slider"]["methods"][0]["sizes"][7];
    assert_eq!(at8["tied"], true);
    assert!(html.contains("tied at 1, 3, 4, 6, 8, "));
}

const COUNCIL: [&str; 7] = [
    "docs/examples/council.blt",
    "--candidates",
    "docs/examples/council-candidates.yaml",
    "--candidates",
    "docs/examples/council-rules.yaml",
    "--scenario",
    "wales-and-women",
];

fn count_out(args: &[&str], format: &str) -> Vec<u8> {
    let out = seatshare()
        .arg("count")
        .args(args)
        .args(["--format", format])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Pages make no request: no address, no external script, style or image.
fn self_contained(html: &str) {
    for bad in ["http://", "https://", " src=", "<link", "@import", "url("] {
        assert!(!html.contains(bad), "{bad} in the page");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn the_count_page_has_the_summary_then_the_stages_and_embeds_the_json() {
    let html = String::from_utf8(count_out(&COUNCIL, "html")).expect("utf-8");
    self_contained(&html);
    let json: Value = serde_json::from_slice(&count_out(&COUNCIL, "json")).expect("JSON");
    let data = data(&html);
    assert_eq!(data["count"], json);
    assert_eq!(data["version"], env!("CARGO_PKG_VERSION"));
    assert!(data["command"]
        .as_str()
        .is_some_and(|c| c.starts_with("seatshare count docs/examples/council.blt")));
    // The summary comes before the stage table.
    let summary = html.find("<dl class=\"meta summary\">").expect("summary");
    let elected_list = html.find("<ol class=\"elected\">").expect("elected list");
    let stages = html.find("<table class=\"stages\"").expect("stage table");
    assert!(summary < elected_list && elected_list < stages);
    // The elected, in order, as the JSON has them.
    let list = between(&html, "<ol class=\"elected\">", "</ol>");
    let names = attributes(list, "data-candidate");
    let expected: Vec<&str> = json["outcomes"][0]["elected"]
        .as_array()
        .expect("elected")
        .iter()
        .map(|e| e["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, expected);
    assert_eq!(names, ["Ben", "Ann", "Ffion"]);
    assert!(html.contains("<li>Constraint: Cai was doomed at stage 2"));
    // Every candidate's cell carries the JSON's exact votes at that stage.
    let table = between(
        &html,
        "<table class=\"stages\" id=\"stages-1\">",
        "</table>",
    );
    let stages = json["outcomes"][0]["stages"].as_array().expect("stages");
    let rows: Vec<&str> = table.split("<tr data-candidate=").skip(1).collect();
    assert_eq!(rows.len(), 6);
    for row in rows {
        let row = row.split("</tr>").next().unwrap_or("");
        let name = unescape(row[1..].split('"').next().unwrap_or(""));
        let votes = attributes(row, "data-votes");
        assert_eq!(votes.len(), stages.len(), "{name}");
        for (k, v) in votes.iter().enumerate() {
            let c = stages[k]["candidates"]
                .as_array()
                .expect("candidates")
                .iter()
                .find(|c| c["name"] == name.as_str())
                .expect("candidate in JSON");
            assert_eq!(c["votes"], v.as_str(), "{name} stage {}", k + 1);
        }
    }
    assert!(table.contains("class=\"elected\">25 elected</td>"));
}

#[test]
fn the_count_page_escapes_names_and_titles() {
    let blt = file(
        "escape.blt",
        "2 1\n3 1 0\n2 2 0\n0\n\"Ann <b>& Co</b>\"\n\"O'Neill \"\"Bo\"\"\"\n\"A </script><script>alert(1)</script> ward\"\n",
    );
    let html = String::from_utf8(count_out(&[&blt], "html")).expect("utf-8");
    self_contained(&html);
    assert!(!html.contains("<b>& Co"));
    assert!(html.contains("Ann &lt;b&gt;&amp; Co&lt;/b&gt;"));
    assert!(html.contains("O&#39;Neill &quot;Bo&quot;"));
    assert!(!html.contains("<script>alert"));
    assert_eq!(html.matches("</script>").count(), 1);
    let data = data(&html);
    assert_eq!(
        data["count"]["outcomes"][0]["elected"][0]["name"],
        "Ann <b>& Co</b>"
    );
}

#[test]
fn compare_modes_as_a_page_shows_the_modes_then_each_count() {
    let mut args = COUNCIL.to_vec();
    args.push("--compare-modes");
    let html = String::from_utf8(count_out(&args, "html")).expect("utf-8");
    self_contained(&html);
    let table = between(&html, "<table id=\"modes\">", "</table>");
    assert!(table.contains("<th scope=\"col\">guard-doom</th>"));
    assert_eq!(html.matches("<table class=\"stages\"").count(), 3);
    let json: Value = serde_json::from_slice(&count_out(&args, "json")).expect("JSON");
    assert_eq!(data(&html)["count"], json);
}
