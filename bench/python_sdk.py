"""Creates N groups through Blooio's official Python SDK (`blooio` on PyPI) against a sandbox and prints one line of
JSON: throughput and per-request latency, in the same shape as crates/blooio-core/examples/create_bench.rs.

    python bench/python_sdk.py --base-url http://127.0.0.1:8787/v2/api --n 500 [--concurrency 1] [--warmup 5]
        [--seed 3] [--key bl_live_bench_key_0001]

--concurrency 1 uses the synchronous `blooio.Blooio` client, one request after another; K > 1 uses
`blooio.AsyncBlooio` with K requests in flight. Either way one client (one httpx connection pool) for the whole run,
with the SDK's defaults (timeouts, retries: none happen, every answer is a 201).
"""

import argparse
import asyncio
import json
import math
import time

import blooio


def members(seed: int, index: int) -> list[str]:
    """Same scheme as create_bench.rs: two valid US numbers, unique per (seed, index)."""
    exchange = 200 + 10 * (seed % 10) + index // 10_000
    line = index % 10_000
    return [f"+1415{exchange:03d}{line:04d}", f"+1212{exchange:03d}{line:04d}"]


def percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    rank = min(max(math.ceil(p * len(sorted_ms)), 1), len(sorted_ms))
    return sorted_ms[rank - 1]


def run_sync(args, requests):
    client = blooio.Blooio(api_key=args.key, base_url=args.base_url)
    for name, group_members in requests[: args.warmup]:
        client.groups.create(name=name, members=group_members)
    latencies, errors = [], []
    started = time.perf_counter()
    for name, group_members in requests[args.warmup :]:
        sent = time.perf_counter()
        try:
            client.groups.create(name=name, members=group_members)
            latencies.append((time.perf_counter() - sent) * 1e3)
        except blooio.BlooioError as e:  # every SDK error derives from it
            errors.append(str(e))
    wall = time.perf_counter() - started
    client.close()
    return latencies, errors, wall


async def run_async(args, requests):
    client = blooio.AsyncBlooio(api_key=args.key, base_url=args.base_url)
    for name, group_members in requests[: args.warmup]:
        await client.groups.create(name=name, members=group_members)
    queue = list(reversed(requests[args.warmup :]))
    latencies, errors = [], []

    async def worker():
        while queue:
            name, group_members = queue.pop()
            sent = time.perf_counter()
            try:
                await client.groups.create(name=name, members=group_members)
                latencies.append((time.perf_counter() - sent) * 1e3)
            except blooio.BlooioError as e:
                errors.append(str(e))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    wall = time.perf_counter() - started
    await client.close()
    return latencies, errors, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--key", default="bl_live_bench_key_0001")
    args = parser.parse_args()
    requests = [
        (f"Bench python {args.seed} {i}", members(args.seed, i)) for i in range(args.warmup + args.n)
    ]
    if args.concurrency <= 1:
        latencies, errors, wall = run_sync(args, requests)
    else:
        latencies, errors, wall = asyncio.run(run_async(args, requests))
    latencies.sort()
    print(
        json.dumps(
            {
                "client": f"blooio (Python SDK {blooio.__version__})",
                "concurrency": max(args.concurrency, 1),
                "n": args.n,
                "ok": len(latencies),
                "errors": len(errors),
                "first_error": errors[0] if errors else None,
                "wall_s": round(wall, 4),
                "per_s": round(len(latencies) / wall, 1),
                "p50_ms": round(percentile(latencies, 0.5), 3),
                "p99_ms": round(percentile(latencies, 0.99), 3),
                "mean_ms": round(sum(latencies) / max(len(latencies), 1), 3),
            }
        )
    )
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
