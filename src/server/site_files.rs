//! The browser's code the server is about to serve: checked at start-up.
//!
//! The messages page and the settings forms are lazy islands: their code
//! is a WebAssembly chunk of its own, which exists only when the site is
//! built with `cargo leptos build --split` (or `serve`/`watch --split`).
//! Built without it, the pages load but never come alive, with nothing on
//! the server's side to say so; the server refuses to start instead.

use std::path::Path;

/// The lazy islands' loaders, as `--split` names them in its manifest
/// (`<island in snake case>_loader_<hash>`).
const LAZY_ISLANDS: &[&str] = &["inbox_loader_", "settings_forms_loader_"];

const HOW_TO_BUILD: &str = "build the site with `cargo leptos build --split` \
     (`scripts/run` does), or `cargo leptos watch --split` while developing";

/// Ok when `pkg` (the site's `/pkg` directory) holds the split build's
/// manifest naming a chunk for each lazy island, and every chunk it names.
pub fn check_split_build(pkg: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(pkg)
        .map_err(|e| format!("no browser code in {}: {e}; {HOW_TO_BUILD}", pkg.display()))?;
    let files: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    let manifest = files
        .iter()
        .find(|name| name.starts_with("__wasm_split_manifest") && name.ends_with(".json"))
        .ok_or_else(|| {
            format!(
                "the site in {} was built without --split: the messages page's \
                 code would never load; {HOW_TO_BUILD}",
                pkg.display()
            )
        })?;
    let text = std::fs::read_to_string(pkg.join(manifest))
        .map_err(|e| format!("reading {manifest}: {e}"))?;
    let chunks: std::collections::HashMap<String, Vec<String>> =
        serde_json::from_str(&text).map_err(|e| format!("reading {manifest}: {e}"))?;
    for island in LAZY_ISLANDS {
        let Some((_, needed)) = chunks.iter().find(|(name, _)| name.starts_with(island)) else {
            return Err(format!(
                "the site in {} has no code for `{island}…`: it was built from \
                 other sources; {HOW_TO_BUILD}",
                pkg.display()
            ));
        };
        for chunk in needed {
            if !files.iter().any(|file| file == &format!("{chunk}.wasm")) {
                return Err(format!(
                    "{}: `{chunk}.wasm` is missing; {HOW_TO_BUILD}",
                    pkg.display()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_split_build;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in files {
            std::fs::write(dir.path().join(name), content).unwrap();
        }
        dir
    }

    const MANIFEST: &str = r#"{"inbox_loader_1":["chunk_3.a","split_inbox.b"],
        "settings_forms_loader_2":["chunk_3.a","split_settings.c"]}"#;

    #[test]
    fn a_split_build_with_its_chunks_is_served() {
        let dir = site(&[
            ("__wasm_split_manifest.x.json", MANIFEST),
            ("chunk_3.a.wasm", ""),
            ("split_inbox.b.wasm", ""),
            ("split_settings.c.wasm", ""),
            ("souk.wasm", ""),
        ]);
        assert_eq!(check_split_build(dir.path()), Ok(()));
    }

    #[test]
    fn a_build_without_split_is_refused_with_the_command_to_run() {
        let dir = site(&[("souk.wasm", ""), ("souk.js", "")]);
        let error = check_split_build(dir.path()).unwrap_err();
        assert!(error.contains("without --split"), "{error}");
        assert!(error.contains("cargo leptos build --split"), "{error}");
    }

    #[test]
    fn a_missing_chunk_or_island_is_refused() {
        let dir = site(&[
            ("__wasm_split_manifest.x.json", MANIFEST),
            ("chunk_3.a.wasm", ""),
            ("split_inbox.b.wasm", ""),
        ]);
        let error = check_split_build(dir.path()).unwrap_err();
        assert!(error.contains("split_settings.c.wasm"), "{error}");

        let dir = site(&[(
            "__wasm_split_manifest.x.json",
            r#"{"settings_forms_loader_2":[]}"#,
        )]);
        let error = check_split_build(dir.path()).unwrap_err();
        assert!(error.contains("inbox_loader_"), "{error}");
    }

    #[test]
    fn no_site_at_all_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = check_split_build(&dir.path().join("pkg")).unwrap_err();
        assert!(error.contains("no browser code"), "{error}");
    }
}
