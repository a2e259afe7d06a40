#!/usr/bin/env bash
# Seeds the corpora from the test fixtures and the documentation templates, builds every fuzz
# target, then runs each. Works on the stable toolchain (RUSTC_BOOTSTRAP=1 lets cargo-fuzz use
# the unstable flags it passes); installs cargo-fuzz when it is missing.
#
#   bash fuzz/run.sh --runs 10000000     # the long run whose counts docs/testing.md reports
#   bash fuzz/run.sh --seconds 30        # a smoke run
#   bash fuzz/run.sh --build-only        # every target compiles (no run)
#
# Fails when a target does not compile, and when libFuzzer exits non-zero for any reason (a
# crash, a timeout, an out-of-memory, a leak or a failure to start): the failing input, if any,
# is in fuzz/artifacts/<target>/.
#
# FUZZ_TARGETS picks targets (default: all five). FUZZ_SANITIZER=none builds without
# AddressSanitizer (the crates have no unsafe code; about 3x the executions per second; what CI
# runs). FUZZ_FLAGS adds `cargo fuzz run` flags, e.g. `--no-trace-compares` for the long `wsdl`
# run, whose time otherwise goes mostly to comparison tracing inside syn and prettyplease.
# FUZZ_TARGET_DIR is the fuzz build's target directory (default fuzz/target: its flags differ
# from the main build's, so sharing that one would rebuild both).
# libFuzzer's full output (progress lines included) goes to fuzz/logs/<target>.log.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."

# The cargo-fuzz release installed when missing (builds with the stable toolchain here).
CARGO_FUZZ_VERSION=0.13.2

mode=(-max_total_time=30)
build_only=false
case "${1:-}" in
    --runs) mode=(-runs="$2") ;;
    --seconds) mode=(-max_total_time="$2") ;;
    --build-only) build_only=true ;;
    "") ;;
    *) echo "usage: fuzz/run.sh [--runs N | --seconds S | --build-only]" >&2; exit 2 ;;
esac
all_targets=(response_envelope fault partner_center_json request_envelope wsdl)
read -r -a targets <<< "${FUZZ_TARGETS:-${all_targets[*]}}"
sanitizer=${FUZZ_SANITIZER:-address}
read -r -a flags <<< "${FUZZ_FLAGS:-}"
# cargo-fuzz may pass -Z flags (with a sanitizer, -Zsanitizer): stable rustc accepts them only
# with RUSTC_BOOTSTRAP=1, set for the fuzz builds alone.
fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fuzz_target_dir="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz $CARGO_FUZZ_VERSION (cargo install, a few minutes)"
    started=$SECONDS
    # Its own target directory: CARGO_TARGET_DIR may be shared with other builds.
    CARGO_TARGET_DIR="$(mktemp -d)" cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --quiet
    echo "cargo-fuzz installed in $((SECONDS - started)) s"
fi
cargo fuzz --version

# The committed lockfile is current (cargo fuzz has no --locked of its own).
cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml > /dev/null
# Every target compiles, before any runs: a target that no longer builds fails here.
if ! (cd fuzz && fuzz build --sanitizer "$sanitizer" --target-dir "$fuzz_target_dir"); then
    echo "the fuzz targets do not build" >&2
    exit 1
fi
if $build_only; then
    echo "fuzz: all ${#all_targets[@]} targets built"
    exit 0
fi

seed() { # target, selector byte (or empty), files...
    local target=$1 selector=$2; shift 2
    mkdir -p "fuzz/corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        local out
        out="fuzz/corpus/$target/seed-$(basename "$f")-${selector:-x}"
        if [ -n "$selector" ]; then
            { printf "\\x$(printf %02x "$selector")"; cat "$f"; } > "$out"
        else
            cp "$f" "$out"
        fi
    done
}

cargo build --quiet --locked --bin bingads
bingads="${CARGO_TARGET_DIR:-target}/debug/bingads"
for version in v12 v13; do
    bit=$([ "$version" = v13 ] && echo 1 || echo 0)
    i=0
    operations="$("$bingads" operations --api-version "$version")"
    [ -n "$operations" ] || { echo "no $version operations listed by $bingads" >&2; exit 1; }
    while read -r op; do
        sel=$(( (i << 1 | bit) & 255 ))
        seed response_envelope "$sel" "tests/fixtures/docs-templates/$version/$op.response.xml"
        seed request_envelope "$sel" "tests/fixtures/docs-templates/$version/$op.request.xml"
        i=$((i + 1))
    done <<< "$operations"
done
seed response_envelope 27 tests/fixtures/responses/*.xml tests/fixtures/faults/*.xml
seed fault "" tests/fixtures/faults/*.xml
seed wsdl "" tests/fixtures/wsdl/*.wsdl codegen/tests/fixtures/*.wsdl
mkdir -p fuzz/corpus/partner_center_json
printf '%s' '{"id":"4f5e6d7c-0000-4000-8000-000000000001","state":"inactive","softDeletionTime":"2019-05-22T16:11:22.4463405Z","extra":1}' > fuzz/corpus/partner_center_json/seed-user
printf '%s' '{"totalCount":1,"items":[{"id":"a","state":"active"}],"links":{"next":{"uri":"/customers/x/users","headers":[{"key":"MS-ContinuationToken","value":"2"}]}}}' > fuzz/corpus/partner_center_json/seed-page
printf '%s' '{"code":60002,"description":"User not found.","data":[],"source":"PartnerFD"}' > fuzz/corpus/partner_center_json/seed-error

cd fuzz
mkdir -p logs
failed=()
for target in "${targets[@]}"; do
    echo "== $target ${mode[*]} (sanitizer: $sanitizer${flags[*]:+, ${flags[*]}})"
    started=$SECONDS
    set +e
    fuzz run --sanitizer "$sanitizer" --target-dir "$fuzz_target_dir" ${flags[@]+"${flags[@]}"} "$target" -- \
        "${mode[@]}" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 > "logs/$target.log" 2>&1
    code=$?
    set -e
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|Done)' "logs/$target.log" || true
    echo "elapsed: $((SECONDS - started)) s; exit $code"
    artifacts=("artifacts/$target"/{crash,timeout,oom,leak,slow-unit}-*)
    if ((code != 0)) || ((${#artifacts[@]})); then
        tail -n 30 "logs/$target.log" >&2
        echo "fuzz target $target failed (exit $code)${artifacts[0]:+; failing input: fuzz/${artifacts[0]} (make it a regression test, then delete it)}" >&2
        failed+=("$target")
    fi
done
if ((${#failed[@]})); then
    echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${mode[*]} without a failure"
