#!/usr/bin/env bash
# Interop checks against clients that are not ours:
#  1. Microsoft's official Python REST SDK (msads) against our bodies, routes and emulator
#     (check_rest.py);
#  2. SOAP against our emulator with zeep and Microsoft's official Python SOAP SDK (bingads, on
#     suds) (check_soap.py), and zeep reading every request envelope no documentation template
#     shows, its values compared with the request (check_envelopes.py);
#  2b. every answer of the emulator complete (check_answers.py): each of the 39 v13 operations
#     (and v12's 34 over SOAP) on both example seeds, and its faults, over SOAP validated by lxml
#     against the WSDL's schemas with every member present, over REST read by msads's own
#     deserializer with every member present as a key;
#  3. every program in interop/examples/, written the way Microsoft's SDK examples are, run
#     unchanged against a fresh emulator on each example seed: `<what>_rest.py` with the msads
#     venv, `<what>_soap.py` with the bingads venv; each gets BINGADS_EMULATOR_URL,
#     BINGADS_EMULATOR_SEED (`default`: examples/emulator-seed.json, `agency`:
#     examples/emulator-agency-seed.json), BINGADS_DEVELOPER_TOKEN and BINGADS_AUTHENTICATION_TOKEN
#     (the seed's first tokens), and must exit 0.
# msads and bingads both install a top-level `bingads` package, so each has a venv of its own.
#
# Under CI=true nothing is skipped: no Python venv, or pip unable to install a package (PyPI
# unreachable), fails the script. Outside CI (a laptop without network) such a part is skipped
# with a "skipped:" line and the script goes on. INTEROP_BODIES, INTEROP_ENVELOPES and BINGADS_BIN let a caller
# supply prebuilt artifacts instead of cargo's. Exits non-zero if any check or program failed.
set -euo pipefail
shopt -s nullglob

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

in_ci=false
case "${CI:-}" in true | TRUE | True | 1 | yes) in_ci=true ;; esac

# unavailable MESSAGE: under CI, fail the script; elsewhere say loudly what is skipped.
unavailable() {
    if $in_ci; then
        echo "error: $1; under CI=true every interop check must run" >&2
        exit 1
    fi
    echo "skipped: $1 (outside CI; CI=true fails here)"
}

# make_venv DIR PACKAGE==VERSION...: a venv at DIR holding the packages; else `unavailable`
# (which exits under CI) and status 1.
make_venv() {
    local dir="$1" out
    shift
    if ! out="$(python3 -m venv "$dir" 2>&1)"; then
        unavailable "cannot create a Python venv at $dir: $(tail -n 1 <<<"$out")"
        return 1
    fi
    if ! out="$("$dir/bin/pip" install --quiet --disable-pip-version-check --retries 2 "$@" 2>&1)"; then
        unavailable "pip cannot install $* (no network or PyPI?): $(tail -n 1 <<<"$out")"
        return 1
    fi
}

tmp="$(mktemp -d)"
emulator_pid=""
stop_emulator() {
    if [[ -n "$emulator_pid" ]]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
        emulator_pid=""
    fi
}
trap 'stop_emulator; rm -rf "$tmp"' EXIT
status=0

bin="${BINGADS_BIN:-}"
need_bin() {
    if [[ -z "$bin" ]]; then
        cargo build --quiet --locked --bin bingads
        bin="${CARGO_TARGET_DIR:-target}/debug/bingads"
    fi
}

rest_venv=interop/.venv
have_rest=false
if make_venv "$rest_venv" msads==13.0.30.1; then
    have_rest=true
    bodies="${INTEROP_BODIES:-}"
    if [[ -z "$bodies" ]]; then
        bodies="$tmp/bodies.jsonl"
        cargo run --quiet --locked --example rest_bodies > "$bodies"
    fi
    need_bin
    "$rest_venv/bin/python" interop/check_rest.py --bodies "$bodies" --bingads "$bin" --routes tests/fixtures/rest/routes.tsv || status=1
    "$rest_venv/bin/python" interop/check_answers.py --bingads "$bin" --transport rest || status=1
fi

# check_envelopes.py: zeep reads every request envelope without a documentation template.
check_envelopes() {
    local envelopes="${INTEROP_ENVELOPES:-}"
    if [[ -z "$envelopes" ]]; then
        envelopes="$tmp/envelopes.jsonl"
        cargo run --quiet --locked --example soap_envelopes > "$envelopes"
    fi
    "$soap_venv/bin/python" interop/check_envelopes.py --envelopes "$envelopes" || status=1
}

soap_venv=interop/.venv-soap
have_soap=false
if make_venv "$soap_venv" zeep==4.3.3 bingads==13.0.30.1 suds-community==1.2.0; then
    have_soap=true
    need_bin
    "$soap_venv/bin/python" interop/check_soap.py --bingads "$bin" || status=1
    "$soap_venv/bin/python" interop/check_answers.py --bingads "$bin" --transport soap || status=1
    check_envelopes
elif make_venv "$soap_venv" zeep==4.3.3; then
    # Outside CI only (under CI the first make_venv exited): zeep without the official SDK.
    need_bin
    "$soap_venv/bin/python" interop/check_soap.py --bingads "$bin" --without-sdk || status=1
    "$soap_venv/bin/python" interop/check_answers.py --bingads "$bin" --transport soap || status=1
    check_envelopes
fi

# start_emulator SEED_FILE: a fresh emulator on a free port; sets emulator_url.
start_emulator() {
    local out="$tmp/emulator.out" line="" _
    : > "$out"
    "$bin" emulator --port 0 --seed "$1" > "$out" 2> "$tmp/emulator.err" < /dev/null &
    emulator_pid=$!
    for _ in $(seq 300); do
        line="$(head -n 1 "$out")"
        if [[ "$line" =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
            emulator_url="${BASH_REMATCH[1]}"
            return 0
        fi
        kill -0 "$emulator_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "the emulator did not start with $1: first line ${line@Q}; $(tail -n 3 "$tmp/emulator.err")" >&2
    stop_emulator
    return 1
}

# first_token SEED_FILE KEY DEFAULT: the seed's first token of that list (the emulator takes
# any non-empty token when the list is empty or absent).
first_token() {
    python3 -c 'import json, sys; print((json.load(open(sys.argv[1])).get(sys.argv[2]) or [sys.argv[3]])[0])' "$@"
}

programs=(interop/examples/*_rest.py interop/examples/*_soap.py)
ran=0
failed=0
if ((${#programs[@]})) && ! $have_rest && ! $have_soap; then
    unavailable "the ${#programs[@]} programs of interop/examples: no venv"
elif ((${#programs[@]})); then
    need_bin
    for seed in default agency; do
        case "$seed" in
            default) seed_file=examples/emulator-seed.json ;;
            agency) seed_file=examples/emulator-agency-seed.json ;;
        esac
        developer_token="$(first_token "$seed_file" developer_tokens interop-developer-token)"
        authentication_token="$(first_token "$seed_file" authentication_tokens interop-authentication-token)"
        for program in "${programs[@]}"; do
            case "$program" in
                *_rest.py) python="$rest_venv/bin/python"; $have_rest || python="" ;;
                *_soap.py) python="$soap_venv/bin/python"; $have_soap || python="" ;;
            esac
            if [[ -z "$python" ]]; then
                unavailable "$program on the $seed seed: no venv"
                continue
            fi
            echo "-- $program on the $seed seed"
            ran=$((ran + 1))
            # Each program gets an emulator of its own: programs change the data.
            if ! start_emulator "$seed_file"; then
                failed=$((failed + 1))
                continue
            fi
            if BINGADS_EMULATOR_URL="$emulator_url" BINGADS_EMULATOR_SEED="$seed" \
                BINGADS_DEVELOPER_TOKEN="$developer_token" \
                BINGADS_AUTHENTICATION_TOKEN="$authentication_token" \
                timeout 300 "$python" "$program" < /dev/null; then
                echo "ok: $program on the $seed seed"
            else
                echo "FAILED: $program on the $seed seed (exit $?)" >&2
                failed=$((failed + 1))
            fi
            stop_emulator
        done
    done
fi
echo "interop examples: $((ran - failed)) passed, $failed failed (${#programs[@]} programs in interop/examples, each on the default and agency seeds)"
((failed == 0)) || status=1

exit "$status"
