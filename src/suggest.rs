//! "Did you mean": the names that exist closest to a name that does not,
//! by edit distance. One helper for every lookup (YAML keys, methods,
//! scenarios, makeups, regions, rules, CSV columns), so that every message
//! suggests in the same way.

/// The known names nearest to `name`, if any is close enough to suggest:
/// the same but for case, spaces, `_` and `-`; else the fewest edits
/// within a few (two for short names, a third of the length for long
/// ones); else one inside the other. Several are returned only when they
/// are equally near, in the order given.
///
/// ```
/// use seatshare::suggest::closest;
/// assert_eq!(closest("Walse", &["Wales", "Scotland"]), vec!["Wales"]);
/// assert_eq!(closest("min each", &["min_each", "max_each"]), vec!["min_each"]);
/// assert!(closest("borda", &["dhondt", "hamilton"]).is_empty());
/// ```
pub fn closest<'a>(name: &str, known: &[&'a str]) -> Vec<&'a str> {
    let wanted = fold(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize, &'a str)> = known
        .iter()
        .enumerate()
        .filter_map(|(order, &k)| {
            let candidate = fold(k);
            if candidate.is_empty() {
                return None;
            }
            let distance = edits(&candidate, &wanted);
            let limit = 2.max(wanted.chars().count().max(candidate.chars().count()) / 3);
            let inside = candidate.contains(&wanted) || wanted.contains(&candidate);
            if distance == 0 {
                Some((0, order, k))
            } else if distance <= limit {
                Some((distance, order, k))
            } else if inside {
                Some((limit + 1, order, k))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.2 == b.2);
    // Only the nearest: `proportonal-9` suggests `proportional-9`, not
    // also `proportional-20`.
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .filter(|s| s.0 == best)
        .map(|(_, _, k)| k)
        .collect()
}

/// `did you mean `A`?` (or `` `A` or `B` ``), when some name is close.
///
/// ```
/// use seatshare::suggest::did_you_mean;
/// assert_eq!(did_you_mean("regoins", &["title", "regions"]).as_deref(), Some("did you mean `regions`?"));
/// assert_eq!(did_you_mean("zzz", &["title"]), None);
/// ```
pub fn did_you_mean(name: &str, known: &[&str]) -> Option<String> {
    let close = closest(name, known);
    if close.is_empty() {
        return None;
    }
    let quoted: Vec<String> = close.iter().take(3).map(|k| format!("`{k}`")).collect();
    Some(format!("did you mean {}?", quoted.join(" or ")))
}

/// A name as compared: lower case, without spaces, `_` and `-`.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .collect()
}

/// Levenshtein distance.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_name_comes_first() {
        assert_eq!(
            closest(
                "sainte-lagu",
                &["dhondt", "sainte-lague", "modified-sainte-lague"]
            ),
            vec!["sainte-lague"]
        );
    }

    #[test]
    fn far_names_are_not_suggested() {
        assert!(closest("London", &["Wales", "Scotland", "North"]).is_empty());
        assert!(closest("", &["Wales"]).is_empty());
    }

    #[test]
    fn equally_near_names_are_all_given() {
        assert_eq!(
            closest("Nort", &["North", "Norte", "South"]),
            vec!["North", "Norte"]
        );
        assert_eq!(
            closest("proportonal-9", &["proportional-20", "proportional-9"]),
            vec!["proportional-9"]
        );
    }

    #[test]
    fn case_and_separators_do_not_count() {
        assert_eq!(
            closest("GREATER_LONDON", &["Greater London"]),
            vec!["Greater London"]
        );
    }
}
