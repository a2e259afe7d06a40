#!/usr/bin/env bash
# Microsoft's official Python REST SDK (msads) against bingads over the same REST bodies: runs
# the wire bench's W2R and W3R groups (which write their bodies with BINGADS_BENCH_BODIES), then
# times the SDK reading those bytes (benches/python_sdk.py) and prints one table. The venv is
# interop/.venv, with the msads version interop/run.sh pins. Not part of the test run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

venv=interop/.venv
pin="$(grep -o 'msads==[0-9.]*' interop/run.sh | head -n 1)"
installed() {
    "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('msads') != sys.argv[1])" "${pin#msads==}" 2>/dev/null
}
if [[ ! -x "$venv/bin/python" ]] || ! installed; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$pin"
fi

target="${CARGO_TARGET_DIR:-target}"
bodies="$target/bench-bodies"
BINGADS_BENCH_BODIES="$bodies" cargo bench --locked --bench wire -- 'W[23]R_parse' >&2
"$venv/bin/python" benches/python_sdk.py --bodies "$bodies" --criterion "$target/criterion"
