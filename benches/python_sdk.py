"""Times Microsoft's official Python REST SDK (msads) reading the REST bodies the wire bench
measures, beside the bench's own medians for the same bytes.

The SDK reads a response with `ApiClient.deserialize`: `json.loads`, then its generated
pydantic models. Both are timed, and `json.loads` alone, with the garbage collector on as in
use. Run through `benches/python-sdk.sh`.
"""

import argparse
import json
import pathlib
import statistics
import time

from openapi_client.api_client import ApiClient

# (body file, the SDK's model, the bench's criterion group, a check that the model read it)
WORKLOADS = [
    ("W2R.json", "GetUserResponse", "W2R_parse_GetUserResponse_rest",
     lambda r: r.user.user_name == "ada@example.com" and str(r.user.id) == "170123456"),
    ("W3R.json", "GetAccountsInfoResponse", "W3R_parse_GetAccountsInfo_5000_rest",
     lambda r: len(r.accounts_info) == 5000 and r.accounts_info[1].name == "Contoso account 1 & partners"),
]


def median_seconds(call, budget=2.0):
    """The median time of one call, over enough calls to fill about `budget` seconds."""
    start = time.perf_counter()
    call()
    once = max(time.perf_counter() - start, 1e-7)
    batch = max(1, int(0.05 / once))  # calls per sample: samples of about 50 ms
    samples = []
    deadline = time.perf_counter() + budget
    while len(samples) < 10 or time.perf_counter() < deadline:
        start = time.perf_counter()
        for _ in range(batch):
            call()
        samples.append((time.perf_counter() - start) / batch)
    return statistics.median(samples)


def criterion_median(criterion, group, function):
    estimates = criterion / group / function / "new" / "estimates.json"
    return json.loads(estimates.read_text())["median"]["point_estimate"] * 1e-9


def show(seconds):
    for unit, scale in (("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bodies", type=pathlib.Path, required=True)
    parser.add_argument("--criterion", type=pathlib.Path, required=True)
    args = parser.parse_args()
    client = ApiClient()
    print("| workload | body | bingads | serde_json IgnoredAny | Python json.loads | msads (json.loads + models) | msads / bingads |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for file, model, group, check in WORKLOADS:
        text = (args.bodies / file).read_text(encoding="utf-8")
        parsed = client.deserialize(text, model, "application/json")
        if not check(parsed):
            raise SystemExit(f"msads did not read {file} as the bench's data")
        loads = median_seconds(lambda: json.loads(text))
        sdk = median_seconds(lambda: client.deserialize(text, model, "application/json"))
        ours = criterion_median(args.criterion, group, "bingads")
        bare = criterion_median(args.criterion, group, "ignored_any")
        print(f"| {group} | {len(text.encode()):,} B | {show(ours)} | {show(bare)} | {show(loads)} "
              f"| {show(sdk)} | {sdk / ours:.0f}x |")


if __name__ == "__main__":
    main()
