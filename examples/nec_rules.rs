//! The rules engine from the library: the Labour NEC's 9 seats by
//! Sainte-Laguë with the two nations guaranteed 2 seats together, at least
//! half the section women (rounded up) and every delegation balanced.
//!
//! Run with `cargo run --example nec_rules`.

use seatshare::method::Method;
use seatshare::rules::{solve, NamedRule, Rule, RulesProblem, WomenTarget};
use seatshare::scenario::{Basis, Dataset};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Dataset::load(std::path::Path::new("data/labour-nec-2018.yaml"), None)?;
    let names = data.names();
    let weights = data.weights(Basis::Counts)?;
    let wales = data.region_index("Wales")?;
    let scotland = data.region_index("Scotland")?;
    let rules = vec![
        NamedRule::new(
            "nations",
            Rule::Group {
                regions: vec![wales, scotland],
                at_least: Some(2),
                at_most: None,
            },
        ),
        NamedRule::new(
            "half women",
            Rule::WomenAtLeast(WomenTarget::parse("50%", Some("up"))?),
        ),
        NamedRule::new("balanced delegations", Rule::BalancedDelegations),
    ];
    let method = Method::parse("sainte-lague")?;
    let problem = RulesProblem {
        names: &names,
        weights: &weights,
        women_weights: None,
        house: 9,
        method: &method,
        rules: &rules,
    };
    let outcome = solve(&problem)?;
    for (i, name) in outcome.names.iter().enumerate() {
        let alone = outcome.method_alone.as_ref().map_or(0, |a| a[i]);
        let women = outcome.women.as_ref().map(|w| w[i]);
        println!(
            "{name:<24} seats {} (method alone {alone}), women {}",
            outcome.seats[i],
            women.map_or("-".into(), |w| format!("{}–{}", w.at_least, w.at_most))
        );
    }
    for b in &outcome.binding {
        println!(
            "binding: {} ({}), seats moved: {}",
            b.rule, b.text, b.seats_moved
        );
    }
    for line in &outcome.checks {
        println!("checked: {line}");
    }
    Ok(())
}
