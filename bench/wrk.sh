#!/usr/bin/env bash
# Error handling under load, side by side: the same Kestrel app (bench/ErrorMiddleware.Benchmarks `serve` mode) in five
# configurations — no error handling, the framework's built-in handling, the library in each dialect — loaded with wrk
# on 127.0.0.1, interleaved: every repetition runs each endpoint against every configuration back to back, in an
# order rotated per repetition, so that each comparison is paired in time. Per run it reads the server's CPU time from
# /proc/<pid>/stat and its allocated bytes from a private endpoint (GC.GetTotalAllocatedBytes(true)) before and after,
# and divides by the requests wrk completed. Prints markdown tables (medians, paired median ratios) for docs/benchmarks.md.
#
# Usage: bash bench/wrk.sh [SECONDS_PER_RUN] [REPETITIONS]      (defaults: 3 s, 3 repetitions: about 7 minutes)
# Bounded: refuses settings estimated over 10 minutes; every server it started is killed on exit, whatever happens.
set -euo pipefail

cd "$(dirname "$0")/.."
duration="${1:-3}"
reps="${2:-3}"
[[ "$duration" =~ ^[1-9][0-9]*$ && "$reps" =~ ^[1-9][0-9]*$ ]] && ((reps >= 3)) || {
  echo "usage: bash bench/wrk.sh [SECONDS_PER_RUN] [REPETITIONS] (positive integers; at least 3 repetitions, for paired medians)" >&2
  exit 2
}
for tool in wrk curl python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed${tool/#wrk/: apt-get install -y wrk}" >&2; exit 1; }
done

configs=(None BuiltIn BusinessCode Wanqing ProblemDetails)
endpoints=(ok floor catch result throw missing validate)
skip() { [[ "$1" == None && "$2" == result ]]; }   # no middleware has no non-throwing error result
pairs=0
for e in "${endpoints[@]}"; do for c in "${configs[@]}"; do skip "$c" "$e" || pairs=$((pairs + 1)); done; done
estimate=$((30 + pairs * 2 + pairs * reps * (duration + 1)))
if ((estimate > 600)); then
  echo "$pairs endpoint/configuration pairs × $reps repetitions × ${duration}s would take about ${estimate}s: over the 10-minute bound." >&2
  exit 2
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dotnet build bench/ErrorMiddleware.Benchmarks -c Release -v q -nologo >/dev/null
dll=bench/ErrorMiddleware.Benchmarks/bin/Release/net10.0/ErrorMiddleware.Benchmarks.dll
cat > "$work/validate.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"","quantity":0}'
wrk.headers["Content-Type"] = "application/json"
LUA

declare -A port pid_of
base=5391
for i in "${!configs[@]}"; do
  c=${configs[$i]}
  port[$c]=$((base + i))
  DOTNET_gcServer=0 dotnet "$dll" serve "$c" "${port[$c]}" >"$work/$c.log" 2>&1 &
  pids+=($!)
  pid_of[$c]=$!
done
for c in "${configs[@]}"; do
  for _ in $(seq 1 75); do curl -s -m 2 -o /dev/null "http://127.0.0.1:${port[$c]}/ok" && break; sleep 0.2; done
  curl -s -m 2 -o /dev/null "http://127.0.0.1:${port[$c]}/ok" || { echo "server $c did not start:" >&2; cat "$work/$c.log" >&2; exit 1; }
done

url() { echo "http://127.0.0.1:${port[$1]}/$2"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
allocated() { curl -s -m 5 "$(url "$1" _bench/allocated)"; }

# The response each pair answers (status, header bytes, body bytes), once.
: >"$work/responses.tsv"
for e in "${endpoints[@]}"; do
  for c in "${configs[@]}"; do
    skip "$c" "$e" && continue
    body=()
    [[ "$e" == validate ]] && body=(-H 'Content-Type: application/json' --data '{"name":"","quantity":0}')
    printf '%s\t%s\t%s\n' "$e" "$c" "$(curl -s -m 5 -o /dev/null -w '%{http_code}\t%{size_header}\t%{size_download}' "${body[@]}" "$(url "$c" "$e")")" >>"$work/responses.tsv"
  done
done

load() { # configuration endpoint seconds -> wrk output
  local script=()
  [[ "$2" == validate ]] && script=(-s "$work/validate.lua")
  timeout $(($3 + 15)) wrk -t1 -c32 -d"$3s" "${script[@]}" "$(url "$1" "$2")"
}

started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up: 1 s per pair" >&2
for e in "${endpoints[@]}"; do for c in "${configs[@]}"; do skip "$c" "$e" || load "$c" "$e" 1 >/dev/null; done; done

clk=$(getconf CLK_TCK)
printf 'rep\tendpoint\tconfig\trequests\trps\tcpu_ticks\tallocated\tsocket_errors\n' >"$work/runs.tsv"
for rep in $(seq 1 "$reps"); do
  echo "repetition $rep of $reps" >&2
  # Rotate the configurations' order each repetition, so that no configuration always runs first.
  order=("${configs[@]:$(((rep - 1) % ${#configs[@]}))}" "${configs[@]:0:$(((rep - 1) % ${#configs[@]}))}")
  for e in "${endpoints[@]}"; do
    for c in "${order[@]}"; do
      skip "$c" "$e" && continue
      p=${pid_of[$c]}
      a0=$(allocated "$c"); t0=$(cpu_ticks "$p")
      out=$(load "$c" "$e" "$duration")
      t1=$(cpu_ticks "$p"); a1=$(allocated "$c")
      kill -0 "$p" 2>/dev/null || { echo "server $c died under load:" >&2; cat "$work/$c.log" >&2; exit 1; }
      requests=$(echo "$out" | awk '/requests in/ {print $1}')
      rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
      errors=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$e" "$c" "$requests" "$rps" "$((t1 - t0))" "$((a1 - a0))" "${errors:-0}" >>"$work/runs.tsv"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$work/runs.tsv" "$work/responses.tsv" "$clk" "$started" "$load_before" "$load_after" "$duration" "$reps" <<'PY'
import csv, statistics, sys, os, re
runs_path, responses_path, clk, started, load_before, load_after, duration, reps = sys.argv[1:]
clk = int(clk)
configs = ["None", "BuiltIn", "BusinessCode", "Wanqing", "ProblemDetails"]
library = ["BusinessCode", "Wanqing", "ProblemDetails"]
endpoints = ["ok", "floor", "catch", "result", "throw", "missing", "validate"]
label = {
    "ok": "`/ok` success",
    "floor": "`/floor` hand-written `Results.Json` 402",
    "catch": "`/catch` throw caught in the handler + `Results.Json`",
    "result": "`/result` non-throwing result",
    "throw": "`/throw` thrown `QuotaExceededException`",
    "missing": "`/missing` unmatched route",
    "validate": "`POST /validate` FluentValidation failure",
}
runs = {}
for row in csv.DictReader(open(runs_path), delimiter="\t"):
    n = int(row["requests"])
    runs[(int(row["rep"]), row["endpoint"], row["config"])] = {
        "rps": float(row["rps"]),
        "cpu": int(row["cpu_ticks"]) / clk * 1e6 / n,       # µs of server CPU per request
        "alloc": int(row["allocated"]) / n,                  # bytes allocated per request
        "errors": int(row["socket_errors"]),
    }
responses = {}
for e, c, status, header, body in csv.reader(open(responses_path), delimiter="\t"):
    responses[(e, c)] = (status, int(header), int(body))
repetitions = sorted({k[0] for k in runs})

def values(e, c, key):
    return [runs[(r, e, c)][key] for r in repetitions if (r, e, c) in runs]

def median(e, c, key):
    v = values(e, c, key)
    return statistics.median(v) if v else None

def paired(e1, c1, e2, c2, f):
    v = [f(runs[(r, e1, c1)], runs[(r, e2, c2)]) for r in repetitions if (r, e1, c1) in runs and (r, e2, c2) in runs]
    return v

def ratio_cell(v):
    if not v:
        return "—"
    return f"{statistics.median(v):.2f} ({min(v):.2f}–{max(v):.2f})" if len(v) > 1 else f"{v[0]:.2f}"

def table(title, header, rows):
    print(f"**{title}**\n")
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()

def fmt(x, spec):
    return "—" if x is None else format(x, spec)

cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
print(f"Run {started}: `bash bench/wrk.sh {duration} {reps}` — {len(repetitions)} repetitions × {duration} s per pair, "
      f"wrk `-t1 -c32` on 127.0.0.1, workstation GC. Machine: {os.cpu_count()} × {cpu_model}; "
      f"load average {load_before} before, {load_after} after (other work on the machine included).\n")

table("Requests per second (median)", ["endpoint"] + configs,
      [[label[e]] + [fmt(median(e, c, "rps"), ",.0f") for c in configs] for e in endpoints])
table("Server CPU per request, µs (median; utime+stime of the server process ÷ requests)", ["endpoint"] + configs,
      [[label[e]] + [fmt(median(e, c, "cpu"), ".1f") for c in configs] for e in endpoints])
rows = [[label[e]] + [fmt(median(e, c, "alloc"), ",.0f") for c in configs] for e in endpoints]
rows.insert(1, ["`/ok`: added to no middleware"] + [
    fmt(statistics.median(paired("ok", c, "ok", "None", lambda a, b: a["alloc"] - b["alloc"])), "+,.0f") if c != "None" else "—"
    for c in configs])
table("Bytes allocated per request (median; GC.GetTotalAllocatedBytes(true) ÷ requests)", ["endpoint"] + configs, rows)
table("CPU ratio to the floor: server CPU per request of `/floor` ÷ that of the endpoint, same configuration and "
      "repetition (1.00 = as cheap as a hand-written error; median (min–max) of the paired ratios)",
      ["endpoint"] + configs[1:],
      [[label[e]] + [ratio_cell(paired("floor", c, e, c, lambda f, x: f["cpu"] / x["cpu"])) for c in configs[1:]]
       for e in ["catch", "result", "throw", "missing", "validate"]])
table("The library ÷ the built-in handling, same endpoint and repetition: requests/s ratio · CPU ratio "
      "(built-in CPU per request ÷ the library's; above 1.00 the library is cheaper)",
      ["endpoint"] + library,
      [[label[e]] + [
          ratio_cell(paired(e, c, e, "BuiltIn", lambda a, b: a["rps"] / b["rps"])) + " · " +
          ratio_cell(paired(e, "BuiltIn", e, c, lambda b, a: b["cpu"] / a["cpu"])) for c in library]
       for e in ["ok", "result", "throw", "missing", "validate"]])
table("Response: status, header bytes + body bytes", ["endpoint"] + configs,
      [[label[e]] + [(lambda r: f"{r[0]}, {r[1]} + {r[2]}")(responses[(e, c)]) if (e, c) in responses else "—" for c in configs]
       for e in endpoints])
errors = sum(r["errors"] for r in runs.values())
print(f"Socket errors over all runs: {errors}.")
PY
