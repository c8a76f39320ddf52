//! The HTML report: one self-contained page for a whole scenario file
//! (`seatshare compare FILE --format html`). Everything is inline (CSS,
//! SVG, a small script that only displays data computed in Rust); the page
//! makes no request of any kind, so it works from an e-mail or a USB stick.
//!
//! The page carries its data as JSON in `<script type="application/json"
//! id="seatshare-data">`: the `compare --format json` object, the slider's
//! allocations at every house size, the version and the command. Every
//! chart is an SVG with a `<title>`, followed by a table of the same
//! numbers; colours are backed by hatching and labels.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::{amount, fixed, grouped, join_names, signed, Doc};
use crate::allocation::{
    Allocation, BoundHit, Certificate, DivisorCertificate, QuotaCertificate, RulesOutcome,
    Signpost, Tie,
};
use crate::analysis::quotients::QuotientTable;
use crate::analysis::report::{Report, Slider};
use crate::analysis::{Column, ColumnKind, Comparison};
use crate::number::{format_rational, rational_text, rational_to_f64};
use crate::scenario::{Basis, Dataset};

const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

/// The most tied allocations listed in full for one column.
const TIES_LISTED: usize = 50;

/// Text safe inside HTML text and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A display float; never `NaN` or `inf` on screen.
fn num(value: f64, places: usize) -> String {
    if value.is_finite() {
        fixed(value, places)
    } else {
        "—".into()
    }
}

/// A large display float (grouped); never `NaN` or `inf`.
fn big(value: f64) -> String {
    if value.is_finite() {
        amount(value)
    } else {
        "—".into()
    }
}

/// JSON text that cannot end its `<script>` early: every `<` (which JSON
/// only has inside strings) is written `\u003c`.
pub(crate) fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
}

/// Shares of the weights in percent (display).
/// What made a column, in a few words.
fn column_what(col: &Column) -> String {
    let basis = col.basis.map_or("counts", |b| b.id());
    match (&col.kind, &col.rules, &col.allocation) {
        (ColumnKind::Makeup, _, _) => "given makeup".into(),
        (ColumnKind::Scenario, Some(o), _) => {
            let binding: Vec<&str> = o.binding.iter().map(|b| b.rule.as_str()).collect();
            format!(
                "{} on {basis}, rules engine; binding: {}{}",
                o.method.id(),
                if binding.is_empty() {
                    "none".to_string()
                } else {
                    binding.join(", ")
                },
                if o.tie.is_some() { "; TIED" } else { "" }
            )
        }
        (ColumnKind::Scenario, None, Some(a)) => format!(
            "{} on {basis}{}",
            a.method.id(),
            if a.tie.is_some() { "; TIED" } else { "" }
        ),
        (ColumnKind::Scenario, None, None) => String::new(),
    }
}

/// The page for a comparison: `compare_json` is the `compare --format
/// json` value, `report` the slider and quotient tables, `command` the
/// command line that made the page.
pub(crate) fn page(
    dataset: &Dataset,
    c: &Comparison,
    compare_json: Value,
    report: &Report,
    command: &str,
) -> String {
    let names = dataset.names();
    let title = dataset
        .title
        .clone()
        .unwrap_or_else(|| format!("Comparison: {}", dataset.path));
    let data = json!({
        "compare": compare_json,
        "slider": slider_json(&names, &report.slider),
        "version": env!("CARGO_PKG_VERSION"),
        "command": command,
    });
    let mut out = String::with_capacity(200_000);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    header(&mut out, dataset, c, &title, command);
    contents(&mut out, c);
    out.push_str("<main>\n");
    comparison_table(&mut out, dataset, c);
    slider_section(&mut out, &names, &report.slider);
    let shares = super::weight_shares(&c.weights);
    let maxima = IndexMaxima::of(c);
    for (k, col) in c.columns.iter().enumerate() {
        let quotients = report.quotients.get(k).and_then(Option::as_ref);
        column_section(
            &mut out, dataset, c, k, col, &shares, &maxima, quotients, &names,
        );
    }
    out.push_str("</main>\n<footer>\n");
    let _ = writeln!(
        out,
        "<p>Made by seatshare {} with <code>{}</code>. Seats are decided in exact arithmetic; the percentages, quotients and indices on this page are rounded for reading.</p>",
        env!("CARGO_PKG_VERSION"),
        esc(command)
    );
    out.push_str("</footer>\n");
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"seatshare-data\">{}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        script_json(&data)
    );
    out
}

fn header(out: &mut String, dataset: &Dataset, c: &Comparison, title: &str, command: &str) {
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(title));
    out.push_str("<dl class=\"meta\">\n");
    let mut item = |label: &str, text: &str| {
        let _ = writeln!(out, "<dt>{label}</dt><dd>{}</dd>", esc(text));
    };
    item("File", &dataset.path);
    if let Some(date) = &dataset.date {
        item("Date", date);
    }
    if let Some(source) = &dataset.source {
        item("Source", source);
    }
    if let Some(source) = &dataset.count_source {
        item("Counts", source);
    }
    if let Some(source) = &dataset.share_source {
        item("Shares", source);
    }
    if let Some(note) = &dataset.note {
        item("Note", note);
    }
    item(
        "Measured against",
        &match c.basis {
            Basis::Counts => format!("the counts of {}", dataset.unit),
            Basis::Shares => "the published shares".into(),
        },
    );
    item(
        "Made by",
        &format!("seatshare {}", env!("CARGO_PKG_VERSION")),
    );
    let _ = writeln!(
        out,
        "<dt>Command</dt><dd><code>{}</code></dd>",
        esc(command)
    );
    out.push_str("</dl>\n</header>\n");
}

fn contents(out: &mut String, c: &Comparison) {
    out.push_str("<nav aria-label=\"Contents\"><h2>Contents</h2><ol>\n<li><a href=\"#side-by-side\">Side by side</a></li>\n<li><a href=\"#every-size\">Every house size</a></li>\n");
    for (k, col) in c.columns.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#col-{k}\">({}) {}</a></li>",
            k + 1,
            esc(&col.id)
        );
    }
    if !c.infeasible.is_empty() {
        out.push_str("<li><a href=\"#cannot-hold\">Scenarios that cannot hold</a></li>\n");
    }
    out.push_str("</ol></nav>\n");
}

fn comparison_table(out: &mut String, dataset: &Dataset, c: &Comparison) {
    let names = dataset.names();
    let shares = super::weight_shares(&c.weights);
    out.push_str("<section id=\"side-by-side\">\n<h2>Side by side</h2>\n");
    let _ = writeln!(
        out,
        "<p>Every makeup and scenario of the file, in file order. Shares and indices are measured against {}. Marks: <b>+</b> held up by a minimum, <b>−</b> held down by a maximum, <b>*</b> in a tie for the last seat.</p>",
        match c.basis {
            Basis::Counts => format!("the counts of {}", esc(&dataset.unit)),
            Basis::Shares => "the published shares".into(),
        }
    );
    out.push_str("<div class=\"scroll\" tabindex=\"0\">\n<table id=\"comparison\">\n<thead><tr><th scope=\"col\">Region</th>");
    let weight_label = match c.basis {
        Basis::Counts => super::capitalise(&dataset.unit),
        Basis::Shares => "Share given %".into(),
    };
    let _ = write!(
        out,
        "<th scope=\"col\">{}</th><th scope=\"col\">Share %</th>",
        esc(&weight_label)
    );
    if let Some(seats) = c.reference_seats {
        let _ = write!(out, "<th scope=\"col\">Quota at {seats}</th>");
    }
    for (k, col) in c.columns.iter().enumerate() {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"col\" data-column=\"{}\"><a href=\"#col-{k}\">({})<br>{}</a></th>",
            esc(&col.id),
            k + 1,
            esc(&col.id).replace('-', "-<wbr>")
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            out,
            "<tr data-region=\"{0}\"><th scope=\"row\">{0}</th><td>{1}</td><td>{2}</td>",
            esc(name),
            grouped(&c.weights[i].to_string()),
            num(shares[i], 2)
        );
        if let Some(seats) = c.reference_seats {
            let _ = write!(out, "<td>{}</td>", num(shares[i] * seats as f64 / 100.0, 2));
        }
        for col in &c.columns {
            let marked = super::seat_cell(col, i);
            let class = if marked.len() > col.seats[i].to_string().len() {
                " class=\"marked\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<td{class} data-column=\"{}\" data-seats=\"{}\">{}</td>",
                esc(&col.id),
                col.seats[i],
                esc(&marked)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n<tbody class=\"summary\">\n");
    let lead = if c.reference_seats.is_some() { 3 } else { 2 };
    let mut summary = |label: &str, cell: &dyn Fn(&Column) -> String| {
        let _ = write!(
            out,
            "<tr class=\"summary\"><th scope=\"row\">{}</th><td colspan=\"{lead}\"></td>",
            esc(label)
        );
        for col in &c.columns {
            let _ = write!(out, "<td>{}</td>", esc(&cell(col)));
        }
        out.push_str("</tr>\n");
    };
    summary("Seats", &|col| col.house.to_string());
    summary("Women", &|col| match (col.women, col.women_required) {
        (Some(w), _) => w.to_string(),
        (None, Some(w)) => format!("≥ {w}"),
        (None, None) => String::new(),
    });
    summary("Loosemore–Hanby", &|col| {
        num(col.indices.loosemore_hanby, 2)
    });
    summary("Gallagher", &|col| num(col.indices.gallagher, 2));
    summary("Sainte-Laguë index", &|col| {
        num(col.indices.sainte_lague, 2)
    });
    summary("Largest deviation (points)", &|col| {
        num(col.indices.max_deviation, 2)
    });
    summary("Most per seat", &|col| {
        col.indices
            .largest_per_seat
            .map_or(String::new(), |(_, v)| big(v))
    });
    summary("Fewest per seat", &|col| {
        col.indices
            .smallest_per_seat
            .map_or(String::new(), |(_, v)| big(v))
    });
    summary("Ratio most/fewest", &|col| {
        col.indices
            .per_seat_ratio
            .map_or(String::new(), |r| num(r, 2))
    });
    summary("Regions without a seat", &|col| {
        col.indices.without_seat.len().to_string()
    });
    out.push_str("</tbody>\n</table>\n</div>\n");
    out.push_str("<h3>Columns</h3>\n<ol class=\"columns\">\n");
    for (k, col) in c.columns.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#col-{k}\"><code>{}</code></a>{} <span class=\"what\">[{}]</span></li>",
            esc(&col.id),
            col.title
                .as_ref()
                .map_or(String::new(), |t| format!(": {}", esc(t))),
            esc(&column_what(col))
        );
    }
    out.push_str("</ol>\n");
    if !c.infeasible.is_empty() {
        out.push_str(
            "<h3 id=\"cannot-hold\">Scenarios that cannot hold</h3>\n<ul class=\"infeasible\">\n",
        );
        for inf in &c.infeasible {
            let kind = if inf.reason.starts_with("cannot run:") {
                ""
            } else {
                "infeasible: "
            };
            let _ = writeln!(
                out,
                "<li data-scenario=\"{0}\"><code>{0}</code>{1}: {kind}{2}</li>",
                esc(&inf.id),
                inf.title
                    .as_ref()
                    .map_or(String::new(), |t| format!(" ({})", esc(t))),
                esc(&inf.reason)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn slider_json(names: &[String], slider: &Slider) -> Value {
    let methods: Vec<Value> = slider
        .methods
        .iter()
        .map(|m| {
            let sizes: Vec<Value> = m
                .sizes
                .iter()
                .map(|s| {
                    let allocation = s.allocation.as_ref().map(|seats| {
                        let map: Map<String, Value> = names
                            .iter()
                            .zip(seats)
                            .map(|(n, k)| (n.clone(), json!(k)))
                            .collect();
                        Value::Object(map)
                    });
                    json!({
                        "seats": s.seats,
                        "allocation": allocation,
                        "tied": s.tied,
                        "alabama": s.alabama.iter().map(|&i| names[i].clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({"method": m.method.id(), "sizes": sizes})
        })
        .collect();
    json!({"max": slider.max, "methods": methods})
}

fn slider_section(out: &mut String, names: &[String], slider: &Slider) {
    let max = slider.max.max(1);
    let initial = slider.initial.clamp(1, max);
    out.push_str("<section id=\"every-size\">\n<h2>Every house size</h2>\n");
    if slider.methods.is_empty() {
        out.push_str("<p>No house-size sweep on this page: the file has no scenario with a method, or the page was written without its report.</p>\n");
    } else {
        let ids: Vec<String> = slider.methods.iter().map(|m| m.method.id()).collect();
        let _ = writeln!(
            out,
            "<p>The seats at any house size from 1 to {max} by each method the file's scenarios use ({}), on the weights this page measures against (the comparison's basis) with <em>no</em> scenario rules (no minimums, maximums, designated seats or gender rules). Every size was computed exactly in advance; the slider only shows them.</p>",
            esc(&join_names(&ids))
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"slider-controls\"><label for=\"house-slider\">House size</label> <input type=\"range\" id=\"house-slider\" min=\"1\" max=\"{max}\" value=\"{initial}\" step=\"1\"> <output id=\"house-size\" for=\"house-slider\">{initial}</output> seats</div>"
    );
    let _ = writeln!(
        out,
        "<p class=\"print-only\">Shown at <span class=\"print-house\">{initial}</span> seats.</p>"
    );
    let _ = write!(
        out,
        "<div class=\"scroll\" tabindex=\"0\">\n<table id=\"slider-table\" data-house=\"{initial}\">\n<caption>Seats at <span class=\"slider-house\">{initial}</span> by each method</caption>\n<thead><tr><th scope=\"col\">Region</th>"
    );
    for m in &slider.methods {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(&m.method.id()));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let at = (initial - 1) as usize;
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            out,
            "<tr data-region=\"{0}\"><th scope=\"row\">{0}</th>",
            esc(name)
        );
        for m in &slider.methods {
            let size = m.sizes.get(at);
            let seats = size.and_then(|s| s.allocation.as_ref()).map(|a| a[i]);
            let lost = size.is_some_and(|s| s.alabama.contains(&i));
            let (value, text) = match seats {
                Some(k) if lost => (k.to_string(), format!("{k}↓")),
                Some(k) => (k.to_string(), k.to_string()),
                None => (String::new(), "—".into()),
            };
            let _ = write!(
                out,
                "<td{} data-method=\"{}\" data-seats=\"{value}\">{text}</td>",
                if lost { " class=\"alabama\"" } else { "" },
                esc(&m.method.id())
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out.push_str("<div id=\"slider-notes\" aria-live=\"polite\">");
    for m in &slider.methods {
        if let Some(s) = m.sizes.get(at) {
            let _ = write!(out, "<p>{}</p>", esc(&size_note(names, &m.method.id(), s)));
        }
    }
    out.push_str("</div>\n");
    // Every size with something to say, for print and for readers without
    // the script.
    if !slider.methods.is_empty() {
        out.push_str("<h3>Ties, paradoxes and sizes without an allocation</h3>\n<ul class=\"size-events\">\n");
        for m in &slider.methods {
            let id = m.method.id();
            let undefined: Vec<u64> = m
                .sizes
                .iter()
                .filter(|s| s.allocation.is_none())
                .map(|s| s.seats)
                .collect();
            let tied: Vec<String> = m
                .sizes
                .iter()
                .filter(|s| s.tied)
                .map(|s| s.seats.to_string())
                .collect();
            let alabama: Vec<String> = m
                .sizes
                .iter()
                .filter(|s| !s.alabama.is_empty())
                .map(|s| {
                    let who: Vec<String> = s.alabama.iter().map(|&i| names[i].clone()).collect();
                    format!(
                        "{} loses a seat from {} to {}",
                        join_names(&who),
                        s.seats - 1,
                        s.seats
                    )
                })
                .collect();
            let first_all = m
                .sizes
                .iter()
                .find(|s| {
                    s.allocation
                        .as_ref()
                        .is_some_and(|a| a.iter().all(|&k| k > 0))
                })
                .map(|s| s.seats);
            let mut parts = Vec::new();
            parts.push(match first_all {
                Some(n) => format!("every region has a seat from {n} seats"),
                None => format!("no size up to {} gives every region a seat", slider.max),
            });
            if let (Some(a), Some(b)) = (undefined.first(), undefined.last()) {
                parts.push(format!(
                    "no allocation at {} (the method owes every region a first seat)",
                    if a == b {
                        format!("{a} seats")
                    } else {
                        format!("{a} to {b} seats")
                    }
                ));
            }
            parts.push(if tied.is_empty() {
                "no tie".into()
            } else {
                format!("tied at {}", join_names(&tied))
            });
            parts.push(if alabama.is_empty() {
                "no Alabama paradox".into()
            } else {
                format!("Alabama paradox: {}", alabama.join("; "))
            });
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {}.</li>",
                esc(&id),
                esc(&parts.join("; "))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The note for one method at one size (the script writes the same).
fn size_note(names: &[String], id: &str, s: &crate::analysis::report::SliderSize) -> String {
    if s.allocation.is_none() {
        return format!("{id}: no allocation at {} seats.", s.seats);
    }
    let mut parts = Vec::new();
    if s.tied {
        parts.push(format!(
            "the last seat at {} is tied (one of the tied allocations is shown)",
            s.seats
        ));
    }
    if !s.alabama.is_empty() {
        let who: Vec<String> = s.alabama.iter().map(|&i| names[i].clone()).collect();
        parts.push(format!(
            "Alabama paradox: {} loses a seat going from {} to {} seats (marked ↓)",
            join_names(&who),
            s.seats - 1,
            s.seats
        ));
    }
    if parts.is_empty() {
        format!("{id}: no tie, no paradox at {} seats.", s.seats)
    } else {
        format!("{id}: {}.", parts.join("; "))
    }
}

/// The largest value of each index over the columns, for bar scales.
struct IndexMaxima {
    values: [f64; 4],
}

const INDEX_NAMES: [&str; 4] = [
    "Loosemore–Hanby",
    "Gallagher",
    "Sainte-Laguë index",
    "Members per seat, most ÷ fewest",
];

fn index_values(col: &Column) -> [Option<f64>; 4] {
    let finite = |v: f64| v.is_finite().then_some(v);
    [
        finite(col.indices.loosemore_hanby),
        finite(col.indices.gallagher),
        finite(col.indices.sainte_lague),
        col.indices.per_seat_ratio.and_then(finite),
    ]
}

impl IndexMaxima {
    fn of(c: &Comparison) -> IndexMaxima {
        let mut values = [0.0f64; 4];
        for col in &c.columns {
            for (k, v) in index_values(col).iter().enumerate() {
                if let Some(v) = v {
                    values[k] = values[k].max(*v);
                }
            }
        }
        IndexMaxima { values }
    }
}

#[allow(clippy::too_many_arguments)]
fn column_section(
    out: &mut String,
    dataset: &Dataset,
    c: &Comparison,
    k: usize,
    col: &Column,
    shares: &[f64],
    maxima: &IndexMaxima,
    quotients: Option<&QuotientTable>,
    names: &[String],
) {
    let _ = writeln!(
        out,
        "<section class=\"column\" id=\"col-{k}\" data-column=\"{}\">\n<h2>({}) <code>{}</code>{}</h2>",
        esc(&col.id),
        k + 1,
        esc(&col.id),
        col.title
            .as_ref()
            .map_or(String::new(), |t| format!(": {}", esc(t)))
    );
    let note = match col.kind {
        ColumnKind::Makeup => dataset
            .makeups
            .iter()
            .find(|m| m.id == col.id)
            .and_then(|m| {
                let parts: Vec<&str> = [m.source.as_deref(), m.note.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            }),
        ColumnKind::Scenario => dataset
            .scenarios
            .iter()
            .find(|s| s.id == col.id)
            .and_then(|s| s.note.clone()),
    };
    let method = col
        .allocation
        .as_ref()
        .map(|a| a.method.clone())
        .or(col.rules.as_ref().map(|o| o.method.clone()));
    let _ = write!(
        out,
        "<p class=\"what\">{} seats; {}.",
        col.house,
        esc(&column_what(col))
    );
    if let Some(m) = &method {
        let _ = write!(
            out,
            " {} ({}): {}.",
            esc(&m.id()),
            esc(&m.name()),
            esc(&m.definition())
        );
    }
    if let Some(n) = note {
        let _ = write!(out, " {}", esc(&n));
    }
    out.push_str("</p>\n");
    let ids = format!("c{k}");
    share_chart(out, &ids, c, col, names, shares, &dataset.unit);
    index_chart(out, &ids, col, maxima, names);
    match (&col.kind, &col.allocation) {
        (ColumnKind::Makeup, _) => {
            out.push_str("<p>A given makeup: no method made it, so there is no certificate or quotient table.</p>\n");
        }
        (ColumnKind::Scenario, Some(a)) => {
            certificate(out, a, col);
            quotient_section(out, a, quotients);
        }
        (ColumnKind::Scenario, None) => {}
    }
    out.push_str("</section>\n");
}

/// Members' share beside seat share per region, as bars, and the same
/// numbers as a table.
fn share_chart(
    out: &mut String,
    ids: &str,
    c: &Comparison,
    col: &Column,
    names: &[String],
    shares: &[f64],
    unit: &str,
) {
    let n = names.len();
    let weight_word = match c.basis {
        Basis::Counts if unit.ends_with('s') => format!("{unit}' share"),
        Basis::Counts => format!("{unit}'s share"),
        Basis::Shares => "published share".into(),
    };
    let house = col.house as f64;
    let seat_share: Vec<f64> = col
        .seats
        .iter()
        .map(|&s| {
            if house > 0.0 {
                100.0 * s as f64 / house
            } else {
                0.0
            }
        })
        .collect();
    let top = shares
        .iter()
        .chain(&seat_share)
        .copied()
        .filter(|v| v.is_finite())
        .fold(1.0f64, f64::max);
    let row = if n > 20 { 24.0 } else { 32.0 };
    let bar = (row - 8.0) / 2.0;
    let (label_w, chart_w, dev_w) = (190.0, 390.0, 80.0);
    let width = label_w + chart_w + dev_w;
    let head = 30.0;
    let height = head + row * n as f64 + 6.0;
    let title = format!(
        "{}: {weight_word} and seat share per region, in percent ({} seats)",
        col.id, col.house
    );
    let _ = write!(
        out,
        "<figure class=\"chart\">\n<svg class=\"shares\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" role=\"img\" aria-labelledby=\"{ids}-t\">\
         <title id=\"{ids}-t\">{}</title>\
         <defs><pattern id=\"{ids}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#0072b2\" stroke-width=\"3\"/></pattern></defs>\
         <rect x=\"{label_w}\" y=\"6\" width=\"14\" height=\"12\" fill=\"url(#{ids}-hatch)\" class=\"mem\"/><text x=\"{}\" y=\"16\">{}</text>\
         <rect x=\"{}\" y=\"6\" width=\"14\" height=\"12\" class=\"seat\"/><text x=\"{}\" y=\"16\">seat share (seats)</text>\
         <text x=\"{}\" y=\"16\" text-anchor=\"end\">seats − share</text>",
        esc(&title),
        label_w + 18.0,
        esc(&weight_word),
        label_w + 170.0,
        label_w + 188.0,
        width - 2.0,
    );
    let scale = (chart_w - 60.0) / top;
    for i in 0..n {
        let y = head + row * i as f64;
        let v = shares[i];
        let s = seat_share[i];
        let dev = s - v;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{:.0}\" height=\"{bar}\" fill=\"url(#{ids}-hatch)\" class=\"mem\"/><text x=\"{:.0}\" y=\"{}\" class=\"val\">{}%</text>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{:.0}\" height=\"{bar}\" class=\"seat\"/><text x=\"{:.0}\" y=\"{}\" class=\"val\">{}% ({})</text>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"{}\">{}</text>",
            label_w - 6.0,
            y + row / 2.0 + 4.0,
            esc(&names[i]),
            y + 3.0,
            (v * scale).max(0.0),
            label_w + (v * scale).max(0.0) + 4.0,
            y + 3.0 + bar - 1.0,
            num(v, 1),
            y + 4.0 + bar,
            (s * scale).max(0.0),
            label_w + (s * scale).max(0.0) + 4.0,
            y + 4.0 + 2.0 * bar - 1.0,
            num(s, 1),
            col.seats[i],
            width - 2.0,
            y + row / 2.0 + 4.0,
            match signed(dev, 1).chars().next() {
                Some('+') => "over",
                Some('−') => "under",
                _ => "",
            },
            esc(&signed(dev, 1))
        );
    }
    out.push_str("</svg>\n");
    let _ = write!(
        out,
        "<div class=\"scroll\"><table class=\"chart-data\"><caption>{}</caption>\
         <thead><tr><th scope=\"col\">Region</th><th scope=\"col\">{} %</th><th scope=\"col\">Seats</th><th scope=\"col\">Seat share %</th><th scope=\"col\">Seats − share (points)</th></tr></thead><tbody>",
        esc(&title),
        esc(&super::capitalise(&weight_word))
    );
    for i in 0..n {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&names[i]),
            num(shares[i], 2),
            esc(&super::seat_cell(col, i)),
            num(seat_share[i], 2),
            esc(&signed(seat_share[i] - shares[i], 2))
        );
    }
    out.push_str("</tbody></table></div>\n</figure>\n");
}

/// The four indices as bars (each against its largest value on the page),
/// and as a table.
fn index_chart(out: &mut String, ids: &str, col: &Column, maxima: &IndexMaxima, names: &[String]) {
    let values = index_values(col);
    let (label_w, chart_w, width) = (230.0, 250.0, 560.0);
    let row = 22.0;
    let height = row * 4.0 + 4.0;
    let title = format!(
        "{}: indices of disproportionality (bars against the largest value among the columns)",
        col.id
    );
    let _ = write!(
        out,
        "<figure class=\"chart indices\">\n<svg class=\"indices\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" role=\"img\" aria-labelledby=\"{ids}-i\"><title id=\"{ids}-i\">{}</title>",
        esc(&title)
    );
    for (k, name) in INDEX_NAMES.iter().enumerate() {
        let y = row * k as f64 + 2.0;
        let (w, text) = match values[k] {
            Some(v) if maxima.values[k] > 0.0 => (chart_w * v / maxima.values[k], num(v, 2)),
            Some(v) => (0.0, num(v, 2)),
            None => (0.0, "none (a region has no seat)".into()),
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{:.1}\" height=\"14\" class=\"index\"/><text x=\"{:.0}\" y=\"{}\" class=\"val\">{}</text>",
            label_w - 6.0,
            y + 13.0,
            esc(name),
            y + 2.0,
            w,
            label_w + w + 4.0,
            y + 13.0,
            esc(&text)
        );
    }
    out.push_str("</svg>\n");
    let _ = write!(
        out,
        "<div class=\"scroll\"><table class=\"chart-data\"><caption>{}</caption><thead><tr><th scope=\"col\">Index</th><th scope=\"col\">Value</th><th scope=\"col\">Largest among the columns</th></tr></thead><tbody>",
        esc(&title)
    );
    for (k, name) in INDEX_NAMES.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            esc(name),
            values[k].map_or("none".into(), |v| num(v, 2)),
            num(maxima.values[k], 2)
        );
    }
    let range = match (col.indices.largest_per_seat, col.indices.smallest_per_seat) {
        // The same first region for both only when every region with a
        // seat has the same weight per seat.
        (Some((a, va)), Some((b, _))) if a == b => {
            format!("{} for every region with a seat", big(va))
        }
        (Some((a, va)), Some((b, vb))) => format!(
            "most per seat {} ({}), fewest {} ({})",
            big(va),
            names[a],
            big(vb),
            names[b]
        ),
        _ => "no region has a seat".into(),
    };
    let _ = write!(
        out,
        "<tr><th scope=\"row\">Weight per seat</th><td colspan=\"2\">{}</td></tr></tbody></table></div>\n</figure>\n",
        esc(&range)
    );
}

fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn signpost_text(a: &Allocation, s: &Signpost) -> String {
    let value = match &s.exact {
        Some(exact) => format_rational(exact, 3),
        None => format!("≈{}", big(s.value)),
    };
    format!(
        "{} ({}'s {} seat)",
        value,
        a.regions[s.region].name,
        ordinal(s.held + 1)
    )
}

fn certificate(out: &mut String, a: &Allocation, col: &Column) {
    out.push_str("<div class=\"certificate\">\n<h3>Certificate</h3>\n");
    match &a.certificate {
        Certificate::Divisor(d) => divisor_certificate(out, a, d),
        Certificate::Quota(q) => quota_certificate(out, a, q),
        Certificate::Rules(o) => rules_certificate(out, o),
    }
    if !matches!(a.certificate, Certificate::Rules(_)) {
        tie_block(out, a, col);
    }
    out.push_str("</div>\n");
}

fn paragraph(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p>{}</p>", esc(text));
}

fn divisor_certificate(out: &mut String, a: &Allocation, c: &DivisorCertificate) {
    match (&c.lower, &c.upper) {
        (None, None) => paragraph(
            out,
            "Divisor: every seat is fixed by the rules; no divisor decides any seat.",
        ),
        (lower, upper) => {
            let lo = lower
                .as_ref()
                .map_or("0 (every region is at its maximum)".into(), |s| {
                    signpost_text(a, s)
                });
            let hi = upper
                .as_ref()
                .map_or("no limit (no seat was won freely)".into(), |s| {
                    signpost_text(a, s)
                });
            if a.tie.is_some() {
                paragraph(
                    out,
                    &format!("Divisor: only {hi} works, and there the last seat is tied."),
                );
            } else {
                paragraph(
                    out,
                    &format!(
                        "Divisor interval: any divisor above {lo} and below {hi} gives these seats."
                    ),
                );
            }
        }
    }
    let Some(nice) = &c.nice else {
        return;
    };
    paragraph(
        out,
        &format!(
            "A divisor in it: D = {}. Each region's weight ÷ D, rounded at the method's signposts d(k), gives its seats (regions at a bound keep the bound).",
            rational_text(nice)
        ),
    );
    if c.quotients.len() != a.regions.len() {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"scroll\"><table class=\"certificate-table\"><caption>Weight ÷ {}</caption><thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Weight</th><th scope=\"col\">Weight ÷ D</th><th scope=\"col\">Base</th><th scope=\"col\">Seats</th><th scope=\"col\" class=\"text\">Note</th></tr></thead><tbody>",
        esc(&rational_text(nice))
    );
    for (i, r) in a.regions.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>",
            esc(&r.name),
            grouped(&r.weight.to_string()),
            num(c.quotients[i], 3),
            r.base,
            r.seats,
            esc(&bound_note(a, i))
        );
    }
    out.push_str("</tbody></table></div>\n");
}

fn bound_note(a: &Allocation, i: usize) -> String {
    let mut parts = Vec::new();
    match a.regions[i].binding {
        Some(BoundHit::Minimum(m)) => parts.push(format!("held up by minimum {m}")),
        Some(BoundHit::Maximum(m)) => parts.push(format!("held down by maximum {m}")),
        None => {}
    }
    if let Some(tie) = &a.tie {
        if tie.could_gain.contains(&i) {
            parts.push("tied: could gain 1".into());
        }
        if tie.could_lose.contains(&i) {
            parts.push("tied: could lose 1".into());
        }
    }
    parts.join("; ")
}

fn quota_certificate(out: &mut String, a: &Allocation, c: &QuotaCertificate) {
    let free = a.house - a.regions.iter().map(|r| r.base).sum::<u64>();
    paragraph(
        out,
        &format!(
            "Quota: Q = {} = {}, with V the total weight and S = {free} seats shared by the method.",
            c.formula,
            format_rational(&c.quota, 3)
        ),
    );
    paragraph(
        out,
        &if c.floor_total <= free {
            format!(
                "The floors give {} seats; the {} left go to the largest remainders.",
                c.floor_total,
                free - c.floor_total
            )
        } else {
            format!(
                "The floors give {} seats, {} more than the {free} to share: the smallest remainders give theirs back.",
                c.floor_total,
                c.floor_total - free
            )
        },
    );
    out.push_str("<div class=\"scroll\"><table class=\"certificate-table\"><caption>Weight ÷ Q: floors and remainders</caption><thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Weight ÷ Q</th><th scope=\"col\">Floor</th><th scope=\"col\">Remainder</th><th scope=\"col\">Base</th><th scope=\"col\">Seats</th><th scope=\"col\" class=\"text\">Note</th></tr></thead><tbody>");
    for (i, r) in a.regions.iter().enumerate() {
        let cell = |v: Option<String>| v.unwrap_or_else(|| "—".into());
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>",
            esc(&r.name),
            cell(c.quotient(i).map(|q| num(rational_to_f64(&q), 3))),
            cell(c.floors.get(i).map(u64::to_string)),
            cell(c.remainder(i).map(|q| num(rational_to_f64(&q), 3))),
            r.base,
            r.seats,
            esc(&bound_note(a, i))
        );
    }
    out.push_str("</tbody></table></div>\n");
}

/// Every allocation in a tie: the shown one gives the contested seats to
/// `could_lose`; any `seats_in_tie` of the tied regions may hold them.
fn tied_allocations(seats: &[u64], tie: &Tie, limit: usize) -> (Vec<Vec<u64>>, bool) {
    let mut pool: Vec<usize> = tie
        .could_lose
        .iter()
        .chain(&tie.could_gain)
        .copied()
        .collect();
    pool.sort_unstable();
    pool.dedup();
    let mut base = seats.to_vec();
    for &i in &tie.could_lose {
        base[i] = base[i].saturating_sub(1);
    }
    let k = tie.seats_in_tie as usize;
    let mut found = Vec::new();
    let mut chosen: Vec<usize> = Vec::new();
    fn walk(
        start: usize,
        pool: &[usize],
        k: usize,
        chosen: &mut Vec<usize>,
        base: &[u64],
        found: &mut Vec<Vec<u64>>,
        limit: usize,
    ) -> bool {
        if chosen.len() == k {
            if found.len() >= limit {
                return false;
            }
            let mut s = base.to_vec();
            for &p in chosen.iter() {
                s[pool[p]] += 1;
            }
            found.push(s);
            return true;
        }
        for p in start..pool.len() {
            chosen.push(p);
            let more = walk(p + 1, pool, k, chosen, base, found, limit);
            chosen.pop();
            if !more {
                return false;
            }
        }
        true
    }
    let complete = walk(0, &pool, k, &mut chosen, &base, &mut found, limit);
    (found, complete)
}

fn seats_list(names: &[String], seats: &[u64]) -> String {
    names
        .iter()
        .zip(seats)
        .filter(|(_, &s)| s > 0)
        .map(|(n, s)| format!("{n} {s}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn tie_block(out: &mut String, a: &Allocation, col: &Column) {
    let Some(tie) = &a.tie else {
        paragraph(
            out,
            "Tie: none; this is the only allocation the method gives.",
        );
        return;
    };
    let gain = join_names(&a.names_of(&tie.could_gain));
    let lose = join_names(&a.names_of(&tie.could_lose));
    paragraph(
        out,
        &format!(
            "Tie: {} tied between {lose} (shown holding {}) and {gain}. Every tied allocation:",
            if tie.seats_in_tie == 1 {
                "the last seat is".to_string()
            } else {
                format!("the last {} seats are", tie.seats_in_tie)
            },
            if tie.seats_in_tie == 1 { "it" } else { "them" }
        ),
    );
    let names: Vec<String> = a.regions.iter().map(|r| r.name.to_string()).collect();
    let (all, complete) = tied_allocations(&col.seats, tie, TIES_LISTED);
    out.push_str("<ol class=\"ties\">");
    for s in &all {
        let _ = write!(out, "<li>{}</li>", esc(&seats_list(&names, s)));
    }
    out.push_str("</ol>\n");
    if !complete {
        paragraph(out, &format!("(The first {TIES_LISTED} are listed.)"));
    }
    if let Some(draw) = &a.draw {
        paragraph(
            out,
            &format!(
                "Drawn by lot with seed {}: {} won.",
                draw.seed,
                join_names(&a.names_of(&draw.winners))
            ),
        );
    }
}

fn rules_certificate(out: &mut String, o: &RulesOutcome) {
    paragraph(out, "Solved by the rules engine (an integer program whose objective is the method), then checked in exact arithmetic.");
    if o.binding.is_empty() {
        paragraph(
            out,
            match &o.method_alone {
                Some(a) if *a == o.seats => {
                    "Binding rules: none; the rules hold on the method's own allocation."
                }
                _ => "Binding rules: none alone; only together do the rules change the method's allocation.",
            },
        );
    } else {
        out.push_str("<h4>Binding rules and their price</h4>\n<div class=\"scroll\"><table class=\"binding\"><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\" class=\"text\">In words</th><th scope=\"col\">Seats moved</th><th scope=\"col\" class=\"text\">Without it (or its effect)</th><th scope=\"col\">Gallagher change</th><th scope=\"col\">Loosemore–Hanby change</th></tr></thead><tbody>");
        for b in &o.binding {
            let without = if b.seats_moved == 0 {
                b.effect.clone().unwrap_or_default()
            } else {
                seats_list(&o.names, &b.without)
            };
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"text\">{}</td><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&b.rule),
                esc(&b.text),
                b.seats_moved,
                esc(&without),
                esc(&signed(b.gallagher_change, 2)),
                esc(&signed(b.loosemore_hanby_change, 2))
            );
        }
        out.push_str("</tbody></table></div>\n<p>Each rule is compared with the allocation without it, the other rules kept; a positive change in an index is the rule's price in proportionality.</p>\n");
    }
    if let Some(alone) = &o.method_alone {
        paragraph(
            out,
            &format!(
                "The method alone, without any rule: {}.",
                seats_list(&o.names, alone)
            ),
        );
    }
    if let Some(women) = &o.women {
        let _ = write!(
            out,
            "<h4>Women per region</h4>\n<div class=\"scroll\"><table class=\"women\"><caption>Women the gender rules require{}</caption><thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Seats</th><th scope=\"col\">Women at least</th><th scope=\"col\">Women at most</th></tr></thead><tbody>",
            o.women_required
                .map_or(String::new(), |w| format!(": at least {w} in all"))
        );
        for (i, w) in women.iter().enumerate() {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&o.names[i]),
                o.seats[i],
                w.at_least,
                w.at_most
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    if !o.checks.is_empty() {
        out.push_str("<h4>Exact checks</h4>\n<ul class=\"checks\">");
        for check in &o.checks {
            let _ = write!(out, "<li>{}</li>", esc(check));
        }
        out.push_str("</ul>\n");
    }
    match &o.tie {
        None => paragraph(
            out,
            if o.alternatives_complete && o.tie_search_within.is_some() {
                "Tie: none found near this allocation."
            } else if o.alternatives_complete {
                "Tie: none; no other allocation meets the rules as well."
            } else {
                "Tie: none found, but the search for equally good allocations stopped at its limit."
            },
        ),
        Some(tie) => {
            let pick =
                |l: &[usize]| -> Vec<String> { l.iter().map(|&i| o.names[i].clone()).collect() };
            paragraph(
                out,
                &format!(
                    "Tie: {} held by {} could equally go to {}. Every equally good allocation{}:",
                    if tie.seats_in_tie == 1 {
                        "a seat".to_string()
                    } else {
                        format!("up to {} seats", tie.seats_in_tie)
                    },
                    join_names(&pick(&tie.could_lose)),
                    join_names(&pick(&tie.could_gain)),
                    if o.alternatives_complete {
                        ""
                    } else {
                        " found before the search stopped at its limit"
                    }
                ),
            );
            out.push_str("<ol class=\"ties\">");
            let _ = write!(
                out,
                "<li>{} (shown)</li>",
                esc(&seats_list(&o.names, &o.seats))
            );
            for alt in &o.alternatives {
                let _ = write!(out, "<li>{}</li>", esc(&seats_list(&o.names, alt)));
            }
            out.push_str("</ol>\n");
        }
    }
    if let Some(r) = o.tie_search_within {
        paragraph(out, &format!("The tie search was exact within {r} seats either way of this allocation in every region; the rules couple regions and the problem is too large to search every allocation, so a tie further away is not excluded."));
    }
}

fn quotient_section(out: &mut String, a: &Allocation, table: Option<&QuotientTable>) {
    out.push_str("<div class=\"quotients\">\n<h3>Quotient table</h3>\n");
    let fixed_by_rules =
        matches!(&a.certificate, Certificate::Divisor(d) if d.lower.is_none() && d.upper.is_none());
    match (&a.certificate, table) {
        (Certificate::Quota(_), _) => paragraph(out, "No quotient table: a quota method divides by one quota and hands out the remainders; the certificate above shows its floors and remainders."),
        (Certificate::Rules(_), _) => paragraph(out, "No quotient table: the rules engine decided these seats, not the priority queue; the certificate above shows the rules it checked."),
        (Certificate::Divisor(_), _) if fixed_by_rules => paragraph(out, "No quotient table: every seat is fixed by the rules, so no quotient decides any seat."),
        (Certificate::Divisor(_), None) => paragraph(out, "No quotient table for this column."),
        (Certificate::Divisor(_), Some(t)) => quotient_table(out, a, t),
    }
    out.push_str("</div>\n");
}

fn quotient_table(out: &mut String, a: &Allocation, t: &QuotientTable) {
    let root = matches!(
        &a.method,
        crate::method::Method::Divisor(crate::method::DivisorMethod::HuntingtonHill)
    );
    let _ = writeln!(
        out,
        "<p>Each region's weight divided by the divisors d(0), d(1), …; the winning quotients are marked <b>✓</b> and numbered in the order the seats were won (the order is decided exactly; the quotients are rounded for reading){}.{}{}</p>",
        if root { ". Huntington–Hill's divisors are square roots √(k(k+1)), shown rounded" } else { "" },
        if a.regions.iter().any(|r| r.base > 0) { " Base seats come first; the divisors start again at d(0) after them." } else { "" },
        if a.regions.iter().any(|r| r.binding.is_some()) { " A region held at a bound (+ or − in the table above) holds the seats the bound gives, whatever its quotients." } else { "" },
    );
    out.push_str("<div class=\"scroll\" tabindex=\"0\"><table class=\"quotient-table\"><thead><tr><th scope=\"col\">Region</th>");
    for (k, d) in t.divisor_text.iter().enumerate() {
        let _ = write!(out, "<th scope=\"col\">d({k}) = {}</th>", esc(d));
    }
    out.push_str("</tr></thead><tbody>");
    for (i, row) in t.rows.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th>",
            esc(&a.regions[i].name)
        );
        for cell in row {
            let value = cell.value.map_or("owed".to_string(), big);
            match cell.won {
                Some(n) => {
                    let _ = write!(
                        out,
                        "<td class=\"won\">{value} <span class=\"mark\">✓{n}</span></td>"
                    );
                }
                None => {
                    let _ = write!(out, "<td>{value}</td>");
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    if t.cut {
        paragraph(
            out,
            &format!(
                "The table stops at d({}); the largest delegations won quotients beyond it.",
                t.divisor_text.len() - 1
            ),
        );
    }
}

/// Text escaped for HTML text and attribute values (for pages built
/// outside this module, such as the count's).
pub(crate) fn escape(text: &str) -> String {
    esc(text)
}

/// A self-contained page in the report's style around `body` (HTML
/// already, its text escaped by the caller): no request of any kind, the
/// data embedded as JSON in `<script type="application/json"
/// id="seatshare-data">`, a footer naming the version and `command`.
pub(crate) fn shell(title: &str, body: &str, data: &Value, command: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 4096);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(title)
    );
    out.push_str(body);
    out.push_str("</main>\n<footer>\n");
    let _ = writeln!(
        out,
        "<p>Made by seatshare {} with <code>{}</code>. Votes are counted in exact arithmetic; the numbers shown are the rule's own (to its decimals) or rounded for reading where the rule has none.</p>",
        env!("CARGO_PKG_VERSION"),
        esc(command)
    );
    let _ = write!(
        out,
        "</footer>\n<script type=\"application/json\" id=\"seatshare-data\">{}</script>\n</body>\n</html>\n",
        script_json(data)
    );
    out
}

/// Any other view as a plain self-contained page: its heading, its table
/// and its notes. (The command line writes HTML only for `compare`; this
/// keeps every `Format` meaningful for library callers.)
pub(crate) fn doc_page(doc: &Doc) -> String {
    let title = doc
        .heading
        .first()
        .cloned()
        .unwrap_or_else(|| "seatshare".into());
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{0}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{0}</h1>\n",
        esc(&title)
    );
    for line in doc.heading.iter().skip(1) {
        let _ = writeln!(out, "<p>{}</p>", esc(line));
    }
    out.push_str("<div class=\"scroll\"><table><thead><tr>");
    for h in &doc.header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &doc.rows {
        out.push_str("<tr>");
        for (k, cell) in row.iter().enumerate() {
            if k < doc.text_columns {
                let _ = write!(out, "<th scope=\"row\">{}</th>", esc(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", esc(cell));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    for note in doc.notes.iter().filter(|n| !n.is_empty()) {
        let _ = writeln!(out, "<p>{}</p>", esc(note));
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_script() {
        let text = script_json(&json!({"a": "</script><!-- x"}));
        assert!(!text.contains("</"));
        assert!(!text.contains("<!--"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["a"], "</script><!-- x");
    }

    #[test]
    fn text_is_escaped_and_floats_never_show_nan() {
        assert_eq!(esc("A & <B> \"c\""), "A &amp; &lt;B&gt; &quot;c&quot;");
        assert_eq!(num(f64::NAN, 2), "—");
        assert_eq!(num(f64::INFINITY, 2), "—");
        assert_eq!(big(f64::INFINITY), "—");
    }

    #[test]
    fn every_tied_allocation_is_listed() {
        let tie = Tie {
            could_gain: vec![1, 2],
            could_lose: vec![0],
            seats_in_tie: 1,
        };
        let (all, complete) = tied_allocations(&[2, 1, 1], &tie, 10);
        assert!(complete);
        assert_eq!(all, vec![vec![2, 1, 1], vec![1, 2, 1], vec![1, 1, 2]]);
    }
}
