//! The method table: ids, aliases and definitions.

use serde_json::json;

use super::{data, Doc, Format};
use crate::method::METHOD_TABLE;

/// Renders the method table in a format.
pub fn methods(format: Format) -> String {
    if format == Format::Json {
        let rows: Vec<_> = METHOD_TABLE
            .iter()
            .map(|m| {
                json!({
                    "id": m.id,
                    "name": m.name,
                    "family": m.family,
                    "aliases": m.aliases,
                    "definition": m.definition,
                })
            })
            .collect();
        return data::json_doc("methods", json!({ "methods": rows }));
    }
    if format == Format::Csv {
        return data::methods_csv();
    }
    let doc = Doc {
        heading: vec!["Methods (id, then the names also accepted)".into()],
        header: vec![
            "Id".into(),
            "Family".into(),
            "Also accepted".into(),
            "Definition".into(),
        ],
        rows: METHOD_TABLE
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    m.family.to_string(),
                    m.aliases.join(", "),
                    m.definition.to_string(),
                ]
            })
            .collect(),
        rule_after: Vec::new(),
        text_columns: 4,
        notes: vec![
            String::new(),
            "Divisor methods give the (k+1)-th seat of a region with weight v the priority v/d(k); quota methods give ⌊v/Q⌋ and then the largest remainders.".into(),
            "Names are case-insensitive; spaces and underscores count as hyphens.".into(),
        ],
    };
    doc.render(format)
}
