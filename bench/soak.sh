#!/usr/bin/env bash
# Soak: the sample (samples/SampleApi) in Production on a free 127.0.0.1 port, under wrk with 64 connections and the
# request mix of bench/soak.lua (successes and every error kind, all three dialects), every response checked.
# Bounded: a 5 s warm-up, then DURATION seconds (default 60) of load; the sample is stopped whatever happens.
# Exits non-zero on any invalid response, a socket error, a library error counter that does not match the error
# responses seen, or a GC heap (after a forced full collection) more than 10% above the warm-up heap.
# Usage: bash bench/soak.sh [DURATION]
set -euo pipefail

cd "$(dirname "$0")/.."
duration="${1:-60}"
[[ "$duration" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bash bench/soak.sh [DURATION in seconds, default 60]"; exit 2; }
connections=64
warmup=5

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk"; exit 1; }
fi

build=$(dotnet build samples/SampleApi -c Release -v q -nologo 2>&1) || { echo "$build"; echo "the sample did not build"; exit 1; }
dll="$(pwd)/samples/SampleApi/bin/Release/net10.0/SampleApi.dll"

work=$(mktemp -d)
log="$work/sample.log"
pid=""
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true   # still there after 10 s of graceful shutdown
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

# The soak's own key and account: funded for far more than a soak spends, and not rate-limited (the demo keys allow
# 120 requests a minute). Port 0: Kestrel picks a free port and logs it. Errors still reach the log (Warning and up).
# A fixed thread pool (min = max): every pool thread holds buffers of its own, so a pool that grows on a busy machine
# would move the heap by more than a leak check can tell from a leak.
(cd samples/SampleApi && exec env \
  ASPNETCORE_ENVIRONMENT=Production \
  DOTNET_ThreadPool_ForceMinWorkerThreads=16 DOTNET_ThreadPool_ForceMaxWorkerThreads=16 \
  Soak__Diagnostics=true \
  ApiKeys__100__Key=sk-soak-valid ApiKeys__100__Owner=acct-soak \
  Accounts__acct-soak__Balance=1000000000000000 \
  RateLimiting__RequestsPerMinute=1000000000 \
  Logging__LogLevel__Default=Warning \
  Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
  dotnet "$dll" --urls http://127.0.0.1:0) >"$log" 2>&1 &
pid=$!

base=""
for _ in $(seq 1 300); do
  base=$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -n 1)
  [ -n "$base" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$base" ]; then
  echo "the sample did not start:"; tail -n 20 "$log"; exit 1
fi

diagnostics() { curl -sf "$base/_soak/diagnostics"; }
field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$pid/status"; }
load() { wrk -t"$connections" -c"$connections" -d"$1s" --timeout 10s --latency -s bench/soak.lua "$base"; }

echo "soak: sample (Production) at $base, pid $pid; warm-up ${warmup}s, then ${duration}s, $connections connections"
warm=$(load "$warmup") || { echo "wrk failed during the warm-up:"; echo "$warm"; exit 1; }
sleep 1   # let requests the warm-up abandoned finish before the baseline is read
before=$(diagnostics) || { echo "the sample did not answer after the warm-up:"; tail -n 20 "$log"; exit 1; }
rss_before=$(rss_kb); threads_before=$(threads)
heap_before=$(echo "$before" | field gc_heap_bytes)
counter_before=$(echo "$before" | field errors)

out=$(load "$duration") || { echo "wrk failed:"; echo "$out"; exit 1; }
sleep 1
after=$(diagnostics) || { echo "the sample did not answer after the load:"; tail -n 20 "$log"; exit 1; }
rss_after=$(rss_kb); threads_after=$(threads)
heap_after=$(echo "$after" | field gc_heap_bytes)
counter_after=$(echo "$after" | field errors)

number() { [[ "$2" =~ ^[0-9]+$ ]] || { echo "could not read $1 (got '$2')"; exit 1; }; }
number "the heap after warm-up" "$heap_before"; number "the heap after the soak" "$heap_after"
number "the counter after warm-up" "$counter_before"; number "the counter after the soak" "$counter_after"

soak() { echo "$out" | sed -n "s/^SOAK $1//p"; }
requests=$(echo "$out" | sed -n 's/^SOAK requests=\([0-9]*\).*/\1/p')
seen=$(echo "$out" | sed -n 's/.* errors_seen=\([0-9]*\).*/\1/p')
invalid=$(echo "$out" | sed -n 's/.* invalid=\([0-9]*\).*/\1/p')
warm_invalid=$(echo "$warm" | sed -n 's/.* invalid=\([0-9]*\).*/\1/p')
socket=$(echo "$out" | sed -n 's/^SOAK socket_errors //p')
socket_total=$(echo "$socket" | tr ' ' '\n' | awk -F= '{s += $2} END {print s + 0}')
number "wrk's request count" "$requests"; number "wrk's error count" "$seen"; number "wrk's invalid count" "$invalid"
number "the warm-up's invalid count" "$warm_invalid"
counted=$((counter_after - counter_before))
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
p99=$(echo "$out" | awk '$1=="99%" {print $2}')

echo "requests:            $requests in ${duration}s ($rps/s, p99 latency $p99), $connections connections"
echo "status histogram:    $(soak status | awk '{printf "%s%s=%s", sep, $1, $2; sep=" "}')"
echo "invalid responses:   $invalid (warm-up: ${warm_invalid:-?})"
soak invalid-response | sed 's/^/  /'
echo "$warm" | sed -n 's/^SOAK invalid-response /  warm-up: /p'
soak unexercised | sed 's/^/  not exercised: /'
echo "socket errors:       $socket"
echo "error responses:     $seen seen by wrk; errormiddleware.errors moved by $counted"
echo "RSS:                 $rss_before kB after warm-up, $rss_after kB after the soak (threads: $threads_before, $threads_after)"
echo "GC heap (full GC):   $heap_before bytes after warm-up, $heap_after bytes after the soak ($(awk -v a="$heap_before" -v b="$heap_after" 'BEGIN {printf "%+.1f%%", (b - a) * 100 / a}'))"

failed=0
if [ -z "$requests" ] || [ "$requests" -eq 0 ]; then echo "FAIL: no responses"; failed=1; fi
if [ "${invalid:-1}" -ne 0 ] || [ "${warm_invalid:-1}" -ne 0 ]; then echo "FAIL: invalid responses"; failed=1; fi
if [ -n "$(soak unexercised)" ]; then echo "FAIL: request kinds never answered"; failed=1; fi
if [ "${socket_total:-1}" -ne 0 ]; then echo "FAIL: socket errors"; failed=1; fi
# Every error the library wrote and wrk read is counted once. When wrk stops, up to one response per connection may
# have been written but not read: the counter may be ahead by at most that many, never behind.
if [ "$counted" -lt "${seen:-0}" ] || [ "$counted" -gt $(( ${seen:-0} + connections )) ]; then
  echo "FAIL: the counter moved by $counted for $seen error responses"; failed=1
fi
if [ "$heap_after" -gt $(( heap_before + heap_before / 10 )) ]; then
  echo "FAIL: the GC heap grew by more than 10% ($heap_before -> $heap_after bytes)"; failed=1
fi
if [ "$failed" -ne 0 ]; then
  echo "soak: FAILED"; exit 1
fi
echo "soak: passed"
