#!/usr/bin/env bash
# Seeds the corpora from the test fixtures and the documentation templates, then runs every
# fuzz target. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
#
#   bash fuzz/run.sh --runs 10000000     # the long run whose counts docs/testing.md reports
#   bash fuzz/run.sh --seconds 30        # a smoke run (what CI does when nightly is there)
#
# FUZZ_TARGETS picks targets (default: all five). FUZZ_SANITIZER=none builds without
# AddressSanitizer (the crates have no unsafe code; about 3x the executions per second).
# FUZZ_FLAGS adds `cargo fuzz run` flags, e.g. `--no-trace-compares` for the long `wsdl` run,
# whose time otherwise goes mostly to comparison tracing inside syn and prettyplease.
# libFuzzer's full output (progress lines included) goes to fuzz/logs/<target>.log.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."

mode=(-max_total_time=30)
case "${1:-}" in
    --runs) mode=(-runs="$2") ;;
    --seconds) mode=(-max_total_time="$2") ;;
    "") ;;
    *) echo "usage: fuzz/run.sh [--runs N | --seconds S]" >&2; exit 2 ;;
esac
targets=(${FUZZ_TARGETS:-response_envelope fault partner_center_json request_envelope wsdl})
sanitizer=${FUZZ_SANITIZER:-address}
read -r -a flags <<< "${FUZZ_FLAGS:-}"

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

cargo build --quiet --bin bingads
for version in v12 v13; do
    bit=$([ "$version" = v13 ] && echo 1 || echo 0)
    i=0
    while read -r op; do
        sel=$(( (i << 1 | bit) & 255 ))
        seed response_envelope "$sel" "tests/fixtures/docs-templates/$version/$op.response.xml"
        seed request_envelope "$sel" "tests/fixtures/docs-templates/$version/$op.request.xml"
        i=$((i + 1))
    done < <(target/debug/bingads operations --api-version "$version")
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
for target in "${targets[@]}"; do
    echo "== $target ${mode[*]} (sanitizer: $sanitizer${flags[*]:+, ${flags[*]}})"
    started=$SECONDS
    cargo +nightly fuzz run --sanitizer "$sanitizer" "${flags[@]}" "$target" -- "${mode[@]}" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 \
        | tee "logs/$target.log" | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|Done)' || true
    echo "elapsed: $((SECONDS - started)) s"
    # libFuzzer exits non-zero on a crash and leaves the input in fuzz/artifacts.
    failing=("artifacts/$target"/{crash,timeout,oom,leak}-*)
    if ((${#failing[@]})); then
        echo "fuzz target $target found a failing input: fuzz/${failing[0]} (make it a regression test, then delete it)" >&2
        exit 1
    fi
done
