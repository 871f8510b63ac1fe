//! The browser's search (static/search.js) must split text into words
//! exactly as the index builder (src/search.rs) does, or searches miss.

use std::process::Command;

const SAMPLES: &[&str] = &[
    "The Bones of older adults: walking, Stress & balance! x 2026",
    "Osteoporosis — exercising safely; hip-hinge, sit-to-stand, 8–12 repetitions",
    "Café ÉTUDE naïve Übungen für Knochen, ostéoporose, 骨粗鬆症 and status focus bus grass",
    "isn't it's women's physiotherapist's 50% 1.03 (95% CI 0.24 to 1.82)",
];

#[test]
#[cfg_attr(not(has_node), ignore = "needs Node.js: apt-get install nodejs")]
fn browser_and_index_split_words_the_same_way() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/search.js");
    let program = format!(
        "globalThis.window = globalThis; globalThis.document = {{ currentScript: null, getElementById: () => null }};\n\
         require({script:?});\n\
         const samples = {samples};\n\
         console.log(JSON.stringify(samples.map(s => window.pamphletSearch.words(s))));",
        script = script.display().to_string(),
        samples = serde_json::to_string(SAMPLES).unwrap(),
    );
    let output = Command::new("node")
        .arg("-e")
        .arg(program)
        .output()
        .expect("node runs: apt-get install nodejs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let from_js: Vec<Vec<String>> = serde_json::from_slice(&output.stdout).unwrap();
    let from_rust: Vec<Vec<String>> = SAMPLES
        .iter()
        .map(|s| pamphlet::search::words(s).collect())
        .collect();
    assert_eq!(from_js, from_rust);
}
