//! For the tests that run the `bingads` binary: its JSON lines, its standard error, a fresh
//! directory for its files.

use std::process::Output;

use serde_json::Value;

/// Every non-empty line of `text` as JSON (a test fails on one that is not).
pub fn json_lines(text: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(text)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// What the command printed on standard error.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An empty directory of its own for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bingads-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Fails when the command printed any of the `(variable, secret)` values.
pub fn assert_no_secret(out: &Output, secrets: &[(&str, &str)]) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for (_, secret) in secrets {
        assert!(!all.contains(secret), "secret printed: {all}");
    }
}
