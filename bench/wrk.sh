#!/usr/bin/env bash
# Load test with wrk against the same app behind each error middleware, side by side, on 127.0.0.1 only.
# Bounded: each run lasts DURATION seconds (default 10) and every server is stopped afterwards.
# Usage: bash bench/wrk.sh [DURATION]
set -euo pipefail

cd "$(dirname "$0")/.."
duration="${1:-10}"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk"; exit 1; }
dotnet build bench/ErrorMiddleware.Benchmarks -c Release -v q -nologo >/dev/null
dll=bench/ErrorMiddleware.Benchmarks/bin/Release/net10.0/ErrorMiddleware.Benchmarks.dll
port=5099
printf '%-17s %-9s %12s %10s %12s\n' middleware route 'requests/s' 'p99' 'rss-after'
for middleware in None ApiErrors ExceptionHandler; do
  DOTNET_gcServer=0 dotnet "$dll" serve "$middleware" "$port" >/dev/null 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/ok" && break; sleep 0.2; done
  for route in ok missing throw; do
    out=$(wrk -t2 -c32 -d"${duration}s" --latency "http://127.0.0.1:$port/$route")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    rss=$(awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status 2>/dev/null || echo "gone")
    printf '%-17s %-9s %12s %10s %12s\n' "$middleware" "/$route" "$rps" "$p99" "$rss"
  done
  curl -s -o /dev/null -w '' "http://127.0.0.1:$port/ok" || { echo "server $middleware died under load"; exit 1; }
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
