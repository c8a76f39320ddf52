//! The pipeline's layering: no module of `src/` imports a module that
//! imports it back (directly or through others). Read from the source's
//! `crate::` paths, at the level of the top modules (`scenario`, `solve`,
//! `rules`, `analysis`, …), and between the files inside each folder
//! (`super::` paths; a folder's `mod.rs` is the module itself, whose types
//! its files share).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Every `crate::NAME` mentioned in a file, without comments.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// The `super::NAME` siblings a file inside a folder mentions.
fn sibling_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("super::") {
            rest = &rest[at + "super::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != "super" {
                out.insert(name);
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A cycle in the graph, if any, as the list of modules around it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == next).unwrap_or(0);
                    let mut found = stack[from..].to_vec();
                    found.push(next.clone());
                    return Some(found);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(node, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut inner: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for path in &files {
        let relative = path.strip_prefix(&src).expect("under src");
        let parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        let module = parts[0].clone();
        // The binary and the crate root wire everything; they are no layer.
        if ["main", "lib", "cli"].contains(&module.as_str()) {
            continue;
        }
        let text = fs::read_to_string(path).expect("readable");
        // Tests inside a file may reach anywhere.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let uses = crate_paths(text);
        let entry = top.entry(module.clone()).or_default();
        entry.extend(uses.into_iter().filter(|u| *u != module));
        // Inside a folder, between its files (mod.rs is the folder itself:
        // it declares its files and they share its types).
        if parts.len() == 2 && parts[1] != "mod" {
            let siblings: BTreeSet<String> = sibling_paths(text)
                .into_iter()
                .filter(|s| *s != parts[1] && src.join(&module).join(format!("{s}.rs")).exists())
                .collect();
            inner
                .entry(module.clone())
                .or_default()
                .insert(parts[1].clone(), siblings);
        }
    }
    assert!(top.len() >= 10, "found only {} modules in src/", top.len());
    if let Some(c) = cycle(&top) {
        panic!(
            "the modules import each other in a circle: {}",
            c.join(" → ")
        );
    }
    for (folder, graph) in &inner {
        if let Some(c) = cycle(graph) {
            panic!(
                "inside {folder}/ the files import each other in a circle: {}",
                c.join(" → ")
            );
        }
    }
}

#[test]
fn the_cycle_finder_finds_a_circle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    assert!(cycle(&graph).is_none());
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
