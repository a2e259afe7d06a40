#!/usr/bin/env bash
# Interop checks against clients that are not ours: Microsoft's official Python REST SDK (msads)
# against our bodies, routes and emulator (check_rest.py), then SOAP against our emulator with zeep
# and Microsoft's official Python SOAP SDK (bingads, on suds) (check_soap.py). msads and bingads
# both install a top-level `bingads` package, so each has a venv of its own. Each part skips, with
# one "skipped: " line, where Python or PyPI is unavailable, so CI without network passes; the
# bingads SDK can be skipped alone. INTEROP_BODIES and BINGADS_BIN let a caller supply prebuilt
# artifacts instead of cargo's. Exits non-zero if either check failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# make_venv DIR PACKAGE==VERSION...: a venv at DIR holding the packages, or a "skipped:" line and 1.
make_venv() {
    local dir="$1" out
    shift
    if ! out="$(python3 -m venv "$dir" 2>&1)"; then
        echo "skipped: cannot create a Python venv at $dir: $(tail -n 1 <<<"$out")"
        return 1
    fi
    if ! out="$("$dir/bin/pip" install --quiet --disable-pip-version-check "$@" 2>&1)"; then
        echo "skipped: pip cannot install $* (no network or PyPI?): $(tail -n 1 <<<"$out")"
        return 1
    fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0

bin="${BINGADS_BIN:-}"
need_bin() {
    if [[ -z "$bin" ]]; then
        cargo build --quiet --locked --bin bingads
        bin="${CARGO_TARGET_DIR:-target}/debug/bingads"
    fi
}

if make_venv interop/.venv msads==13.0.30.1; then
    bodies="${INTEROP_BODIES:-}"
    if [[ -z "$bodies" ]]; then
        bodies="$tmp/bodies.jsonl"
        cargo run --quiet --locked --example rest_bodies > "$bodies"
    fi
    need_bin
    interop/.venv/bin/python interop/check_rest.py --bodies "$bodies" --bingads "$bin" --routes tests/fixtures/rest/routes.tsv || status=1
fi

soap=interop/.venv-soap
if make_venv "$soap" zeep==4.3.3; then
    sdk=()
    if ! out="$("$soap/bin/pip" install --quiet --disable-pip-version-check bingads==13.0.30.1 suds-community==1.2.0 2>&1)"; then
        echo "skipped: the bingads SDK checks of check_soap.py: pip cannot install bingads==13.0.30.1 suds-community==1.2.0: $(tail -n 1 <<<"$out")"
        sdk=(--without-sdk)
    fi
    need_bin
    "$soap/bin/python" interop/check_soap.py --bingads "$bin" ${sdk[@]+"${sdk[@]}"} || status=1
fi

exit "$status"
