#!/usr/bin/env bash
# Creates N groups with curl against a sandbox and prints one line of JSON in the shape of create_bench.rs.
#   bench/curl.sh BASE_URL N SEED process   one curl process per request, as a shell script would do it; a request's
#                                           latency is the wall time of that process (fork, exec, connect, answer)
#   bench/curl.sh BASE_URL N SEED multi     one curl process for all N requests (`--next`, connection reused);
#                                           a request's latency is curl's own %{time_total}
# Member numbers follow the scheme of create_bench.rs. The key is the benchmark's fake key.
set -euo pipefail
base_url="${1:?base URL}" n="${2:?N}" seed="${3:?seed}" mode="${4:?process or multi}"
key="${BLOOIO_BENCH_KEY:-bl_live_bench_key_0001}"
url="$base_url/groups"
work="$(mktemp -d -t blooio-bench-curl.XXXXXX)"
trap 'rm -rf "$work"' EXIT

body() { # body INDEX: sets $data without forking
  local i="$1" exchange line
  exchange=$(( 200 + 10 * (seed % 10) + i / 10000 ))
  line=$(( i % 10000 ))
  printf -v data '{"name":"Bench curl %s %d","members":["+1415%03d%04d","+1212%03d%04d"]}' "$seed" "$i" "$exchange" "$line" "$exchange" "$line"
}

: > "$work/latencies" # microseconds, one a line
errors=0
first_error=""
case "$mode" in
  process)
    start="${EPOCHREALTIME/./}"
    for ((i = 0; i < n; i++)); do
      body "$i"
      sent="${EPOCHREALTIME/./}"
      code="$(curl -sS -o /dev/null -w '%{http_code}' -X POST \
        -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -H 'Accept: application/json' \
        --data "$data" "$url" || true)"
      done_at="${EPOCHREALTIME/./}"
      if [ "$code" = "201" ]; then
        echo "$(( done_at - sent ))" >> "$work/latencies"
      else
        errors=$((errors + 1)); [ -n "$first_error" ] || first_error="HTTP $code"
      fi
    done
    end="${EPOCHREALTIME/./}"
    ;;
  multi)
    config="$work/requests.curlrc"
    for ((i = 0; i < n; i++)); do
      [ "$i" -eq 0 ] || echo "next" >> "$config"
      body "$i"
      {
        echo "url = \"$url\""
        echo "request = \"POST\""
        echo "header = \"Authorization: Bearer $key\""
        echo "header = \"Content-Type: application/json\""
        echo "header = \"Accept: application/json\""
        echo "data = \"${data//\"/\\\"}\""
        echo "output = \"/dev/null\""
        echo "write-out = \"%{http_code} %{time_total}\\n\""
        echo "silent"
        echo "show-error"
      } >> "$config"
    done
    start="${EPOCHREALTIME/./}"
    curl -K "$config" > "$work/out" || true
    end="${EPOCHREALTIME/./}"
    while read -r code seconds; do
      if [ "$code" = "201" ]; then
        echo "$seconds" >> "$work/seconds"
      else
        errors=$((errors + 1)); [ -n "$first_error" ] || first_error="HTTP $code"
      fi
    done < "$work/out"
    [ ! -f "$work/seconds" ] || awk '{ printf "%d\n", $1 * 1e6 }' "$work/seconds" > "$work/latencies"
    missing=$(( n - $(wc -l < "$work/out") ))
    if [ "$missing" -gt 0 ]; then errors=$((errors + missing)); [ -n "$first_error" ] || first_error="$missing transfers missing"; fi
    ;;
  *) echo "mode must be process or multi" >&2; exit 2 ;;
esac

sort -n "$work/latencies" | awk -v n="$n" -v errors="$errors" -v first_error="$first_error" \
  -v wall_us="$(( end - start ))" -v mode="$mode" -v version="$(curl --version | awk 'NR == 1 { print $2 }')" '
  function rank(p,   r) { r = p * NR; r = (r == int(r)) ? r : int(r) + 1; if (r < 1) r = 1; if (r > NR) r = NR; return r }
  { a[NR] = $1 / 1000; sum += $1 / 1000 }
  END {
    wall = wall_us / 1e6
    printf "{\"client\":\"curl %s (%s)\",\"concurrency\":1,\"n\":%d,\"ok\":%d,\"errors\":%d,\"first_error\":%s,", version, (mode == "process" ? "one process per request" : "one process, --next"), n, NR, errors, (first_error == "" ? "null" : "\"" first_error "\"")
    printf "\"wall_s\":%.4f,\"per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"mean_ms\":%.3f}\n", wall, NR / wall, a[rank(0.5)], a[rank(0.99)], (NR ? sum / NR : 0)
  }'
[ "$errors" -eq 0 ]
