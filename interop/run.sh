#!/usr/bin/env bash
# Interop check against Microsoft's official Python REST SDK (msads). Skips, with one
# "skipped: " line and exit 0, where Python or PyPI is unavailable, so CI without network passes.
# INTEROP_BODIES and BINGADS_BIN let a caller supply prebuilt artifacts instead of cargo's.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv=interop/.venv

if ! out="$(python3 -m venv "$venv" 2>&1)"; then
    echo "skipped: cannot create a Python venv at $venv: $(tail -n 1 <<<"$out")"
    exit 0
fi
if ! out="$("$venv/bin/pip" install --quiet --disable-pip-version-check msads==13.0.30.1 2>&1)"; then
    echo "skipped: pip cannot install msads==13.0.30.1 (no network or PyPI?): $(tail -n 1 <<<"$out")"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

bodies="${INTEROP_BODIES:-}"
if [[ -z "$bodies" ]]; then
    bodies="$tmp/bodies.jsonl"
    cargo run --quiet --locked --example rest_bodies > "$bodies"
fi
bin="${BINGADS_BIN:-}"
if [[ -z "$bin" ]]; then
    cargo build --quiet --locked --bin bingads
    bin="${CARGO_TARGET_DIR:-target}/debug/bingads"
fi

"$venv/bin/python" interop/check_rest.py --bodies "$bodies" --bingads "$bin" --routes tests/fixtures/rest/routes.tsv
