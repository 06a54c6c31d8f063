#!/usr/bin/env bash
# tests/bench/run-benchmarks.sh BUILD_DIR — Callfloor's benchmarks, printed as a table.
#
# Start-up: cf-mapwait times exec → first GTK paint (the second DAMAGE event on the first
# toplevel; research/performance.md §3) under a private Xvfb and D-Bus session, with the
# cairo renderer; one warm-up, then RUNS measured runs of each program taken in turn, so
# that Callfloor and gnome-calculator share the same conditions; the median is shown.
# Store: bench-store (commit rate, CSV import). Roster: bench-roster (month load, rule
# checks, a paint committed) and bench-grid (the grid's first frame, scroll frames and memory
# under Xvfb). Escalations: bench-escalations (the list's first frame, search and filter
# updates, a detail with 200 entries, under Xvfb; it makes its 100,000-escalation database
# the first time, about half a minute). Handover: bench-handover (signing and verifying one
# sheet, with the password's Argon2id on its own; the Handover view's first frame on 10,000
# sealed sheets, search and a detail, under Xvfb; it makes its database, every signature
# real, the first time, about 20 s).
# Memory: bench-startup's peak RSS once the
# staff view has painted. Sync: bench-sync against the real callfloor-server on 127.0.0.1
# (push and pull rates next to the raw SQLite insert rate, change → other desktop latency,
# the server's memory with live clients and under abuse); its servers die with it.
# Every step has a time limit; Xvfb and D-Bus are ended on exit.
#
# Figures, not assertions: the script fails only when a benchmark cannot run at all.
# RUNS (default 5), STAFF (default 2000) and SYNC_OPS (default 100000; fewer for a quick look)
# can be set in the environment.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi

build=$(cd "$1" && pwd)
bench="$build/tests/bench"
runs=${RUNS:-5}
staff=${STAFF:-2000}
sync_ops=${SYNC_OPS:-100000}
timeout_ms=15000

for exe in cf-mapwait bench-startup bench-store bench-roster bench-grid bench-escalations \
           bench-handover bench-sync; do
  if [ ! -x "$bench/$exe" ]; then
    echo "$bench/$exe is missing: the benchmarks need libx11-dev and libxdamage-dev" \
         "(build-aux/dev bench installs them)" >&2
    exit 1
  fi
done
for tool in Xvfb dbus-daemon timeout; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (packages xvfb, dbus)" >&2; exit 1; }
done
calculator=$(command -v gnome-calculator || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/callfloor-bench.XXXXXX")
xvfb_pid=
dbus_pid=

# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [ -n "$dbus_pid" ]; then kill "$dbus_pid" 2>/dev/null || true; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Waits up to 10 s for a file to have something in it.
wait_for_file() {
  for _ in $(seq 100); do
    [ -s "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

median() {
  sort -n | awk '{ v[NR] = $1 }
                 END { if (NR == 0) exit 1;
                       if (NR % 2) print v[(NR + 1) / 2];
                       else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The value of KEY in "key value unit" lines.
value_of() {
  awk -v k="$1" '$1 == k { print $2 }' "$2"
}

# The value of KEY in bench-sync's lines.
sync_value() {
  value_of "$1" "$tmp/sync.txt"
}

log "Making the demo database ($staff staff)"
db="$tmp/demo-$staff.db"
timeout 60 "$bench/bench-store" --make-demo "$db" "$staff"

log "Starting Xvfb and a D-Bus session"
# Xvfb picks a free display itself and writes its number on fd 3.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" \
  >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
wait_for_file "$tmp/display" || { cat "$tmp/xvfb.log" >&2; echo "Xvfb did not start" >&2; exit 1; }
DISPLAY=":$(head -n1 "$tmp/display")"
export DISPLAY

dbus-daemon --session --nofork --print-address=3 3>"$tmp/dbus-address" \
  >"$tmp/dbus.log" 2>&1 &
dbus_pid=$!
wait_for_file "$tmp/dbus-address" || { echo "dbus-daemon did not start" >&2; exit 1; }
DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$tmp/dbus-address")
export DBUS_SESSION_BUS_ADDRESS

mkdir -m 700 "$tmp/runtime"
unset WAYLAND_DISPLAY
export XDG_RUNTIME_DIR="$tmp/runtime"
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export CALLFLOOR_LOCALEDIR="$build/po"
export NO_AT_BRIDGE=1
export GTK_A11Y=none
export LC_ALL=C.UTF-8

# The programs timed, by name.
declare -A commands=(
  [staff]="$bench/bench-startup --database $db"
  [sign_in]="$build/src/callfloor --database $db"
)
order=(staff sign_in)
if [ -n "$calculator" ]; then
  commands[calculator]="$calculator"
  order=(staff calculator sign_in)
fi

# One timed start; the milliseconds go to $tmp/NAME.times, anything else to $tmp/NAME.log.
time_start() {
  local name=$1 figure
  # shellcheck disable=SC2086 # the command lines are split on purpose
  figure=$(timeout $((timeout_ms / 1000 + 5)) "$bench/cf-mapwait" "$timeout_ms" \
             ${commands[$name]} 2>>"$tmp/$name.log") || true
  if [[ "$figure" =~ ^[0-9.]+$ ]]; then
    echo "$figure" >>"$tmp/$name.times"
  else
    echo "run failed: ${figure:-no output}" >>"$tmp/$name.log"
  fi
}

log "Timing start-up: 1 warm-up and $runs runs each of ${order[*]}"
for name in "${order[@]}"; do
  time_start "$name"
  rm -f "$tmp/$name.times"
done
for _ in $(seq "$runs"); do
  for name in "${order[@]}"; do
    time_start "$name"
  done
done

startup_figure() {
  local name=$1 n
  n=0
  [ -f "$tmp/$name.times" ] && n=$(wc -l <"$tmp/$name.times")
  if [ "$n" -lt $(((runs + 1) / 2)) ]; then
    echo "failed"
    return
  fi
  printf '%.0f ms' "$(median <"$tmp/$name.times")"
}

log "Measuring memory with the staff view shown"
timeout 40 "$bench/bench-startup" --database "$db" --print-rss-after-first-frame \
  >"$tmp/rss.txt" 2>>"$tmp/rss.log" || echo "bench-startup --print-rss-after-first-frame failed" >&2

log "Timing the store"
timeout 120 "$bench/bench-store" >"$tmp/store.txt" 2>>"$tmp/store.log" || \
  echo "bench-store failed" >&2

log "Timing the roster's model ($staff staff)"
mkdir "$tmp/roster"
timeout 300 "$bench/bench-roster" --staff "$staff" "$tmp/roster" >"$tmp/roster.txt" \
  2>>"$tmp/roster.log" || echo "bench-roster failed" >&2

log "Timing the roster grid on screen ($staff staff)"
timeout 120 "$bench/bench-grid" --database "$db" >"$tmp/grid.txt" 2>>"$tmp/grid.log" || \
  echo "bench-grid failed" >&2

log "Timing the Escalations view (100,000 escalations, 1,000,000 entries)"
mkdir "$tmp/escalations"
timeout 300 "$bench/bench-escalations" "$tmp/escalations" >"$tmp/escalations.txt" \
  2>>"$tmp/escalations.log" || echo "bench-escalations failed" >&2

log "Timing handover sheets (signing, verifying; the Handover view on 10,000 sealed sheets)"
mkdir "$tmp/handover"
timeout 300 "$bench/bench-handover" "$tmp/handover" >"$tmp/handover.txt" \
  2>>"$tmp/handover.log" || echo "bench-handover failed" >&2

log "Timing sync against callfloor-server on 127.0.0.1 ($sync_ops ops; about 3 minutes)"
mkdir "$tmp/sync"
# Loopback only: no system proxy settings are consulted.
GIO_USE_PROXY_RESOLVER=dummy timeout 900 "$bench/bench-sync" --ops "$sync_ops" \
  "$build/src/server/callfloor-server" "$tmp/sync" >"$tmp/sync.txt" 2>>"$tmp/sync.log" || \
  echo "bench-sync failed" >&2

# The table.
staff_ms=$(startup_figure staff)
sign_in_ms=$(startup_figure sign_in)
calculator_ms="not installed"
ratio="n/a"
if [ -n "$calculator" ]; then
  calculator_ms=$(startup_figure calculator)
  if [[ "$staff_ms" == *ms && "$calculator_ms" == *ms ]]; then
    ratio=$(awk -v a="${staff_ms% ms}" -v b="${calculator_ms% ms}" 'BEGIN { printf "%.2f", a / b }')
  fi
fi

# VALUE FORMAT: VALUE in FORMAT, or "failed" when there is none.
or_failed() {
  if [ -n "$1" ]; then
    # shellcheck disable=SC2059 # the format is the second argument
    printf "$2" "$1"
  else
    echo "failed"
  fi
}

rss_kb=$(value_of peak_rss "$tmp/rss.txt")
roster_rows=$(value_of roster_rows "$tmp/roster.txt")
grid_rows=$(value_of grid_rows "$tmp/grid.txt")
grid_peak=$(value_of grid_peak_rss "$tmp/grid.txt")
esc_rows=$(value_of escalations "$tmp/escalations.txt")
handover_rows=$(value_of handover_sheets "$tmp/handover.txt")
handover_verify_rows=$(value_of handover_verify_rows "$tmp/handover.txt")
handover_shown=$(value_of handover_shown "$tmp/handover.txt")
sign_in_check=$(value_of sign_in "$tmp/rss.txt")
window_construct=$(value_of window_construct "$tmp/rss.txt")
rows=$(value_of staff_rows "$tmp/rss.txt")
commit_rate=$(value_of commit_rate "$tmp/store.txt")
commit_median=$(value_of commit_median "$tmp/store.txt")
commit_p99=$(value_of commit_p99 "$tmp/store.txt")
import_rows=$(value_of import_rows "$tmp/store.txt")
import_load=$(value_of import_load "$tmp/store.txt")
import_commit=$(value_of import_commit "$tmp/store.txt")
import_total=$(value_of import_total "$tmp/store.txt")
push_rate=$(sync_value sync_push_rate)
pull_rate=$(sync_value sync_pull_rate)
sync_ops_done=$(sync_value sync_ops)
pull_records=$(sync_value sync_pull_records)
live_open=$(sync_value live_clients_open)
live_open_after=$(sync_value live_clients_open_after)
live_close_code=$(sync_value live_close_code)
live_clients=$(sync_value live_clients)
refused=$(sync_value oversized_refused)
slow_cut_off=$(sync_value slow_cut_off)
watcher_close_code=$(sync_value latency_watcher_close_code)

buildtype=$(python3 -c 'import json, sys
opts = json.load(open(sys.argv[1]))
print(next(o["value"] for o in opts if o["name"] == "buildtype"))' \
  "$build/meson-info/intro-buildoptions.json" 2>/dev/null || echo unknown)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)

row() { printf '%-54s %-30s %s\n' "$1" "$2" "${3:-}"; }

# kB (as /proc shows them) → "12.3 MB"
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k * 1024 / 1e6 }'; }

# KEY → "mean / p95 ms" of bench-grid's frames, or "failed"
frame_figure() {
  local mean p95
  mean=$(value_of "${1}_mean" "$tmp/grid.txt")
  p95=$(value_of "${1}_p95" "$tmp/grid.txt")
  if [ -n "$mean" ] && [ -n "$p95" ]; then
    echo "$mean / $p95 ms"
  else
    echo "failed"
  fi
}

# KEY → "p50 …, p95 … ms, n=N" from bench-sync, or "failed"
latency_figure() {
  local p50 p95
  p50=$(sync_value "${1}_p50")
  p95=$(sync_value "${1}_p95")
  if [ -n "$p50" ] && [ -n "$p95" ]; then
    awk -v a="$p50" -v b="$p95" -v n="$(sync_value "${1}_changes")" \
      'BEGIN { f = (b >= 100) ? "%.0f" : "%.1f";
               printf "p50 " f ", p95 " f " ms, n=%s", a, b, n }'
  elif [ -n "$watcher_close_code" ]; then
    echo "none heard (closed: $watcher_close_code)"
  else
    echo "failed"
  fi
}

# KEY [FILE] → "median / worst ms" of bench-escalations (or of FILE), or "failed"
median_worst() {
  local median worst file=${2:-$tmp/escalations.txt}
  median=$(value_of "$1" "$file")
  worst=$(value_of "${1}_max" "$file")
  if [ -n "$median" ] && [ -n "$worst" ]; then
    echo "$median / $worst ms"
  else
    echo "failed"
  fi
}

# KEY → "RSS (peak HWM)" of the server from bench-sync, or "failed"
memory_figure() {
  local rss hwm
  rss=$(sync_value "${1}_rss")
  hwm=$(sync_value "${1}_hwm")
  if [ -n "$rss" ] && [ -n "$hwm" ]; then
    printf '%s (peak %s)' "$(mb "$rss")" "$(mb "$hwm")"
  else
    echo "failed"
  fi
}

echo
echo "Callfloor benchmarks — $(date '+%Y-%m-%d %H:%M'), $(nproc) CPUs${cpu:+ ($cpu)}, $buildtype build"
echo "Start-up: exec → first paint, median of $runs (after 1 warm-up), Xvfb, GSK_RENDERER=cairo"
echo
row "benchmark" "figure" "goal"
row "---------" "------" "----"
row "Start-up to staff view, $staff staff, signed in" "$staff_ms" ""
row "Start-up of gnome-calculator, same run" "$calculator_ms" ""
row "Start-up ratio Callfloor / gnome-calculator" "$ratio" "≤ 1.0"
row "  of which sign-in (one Argon2id check)" "$(or_failed "$sign_in_check" '%.0f ms')" ""
row "  of which making the window (views, $staff rows)" "$(or_failed "$window_construct" '%.0f ms')" ""
row "Start-up to sign-in page (callfloor --database)" "$sign_in_ms" ""
row "Peak RSS, $staff-staff database, staff view shown" \
    "$( [ -n "$rss_kb" ] && awk -v k="$rss_kb" 'BEGIN { printf "%.1f MiB", k / 1024 }' || echo failed)" ""
row "Store: single-op commits (staff patch, cf_store_apply)" "$(or_failed "$commit_rate" '%s /s')" ""
row "  latency per commit, median / p99" \
    "$( [ -n "$commit_median" ] && echo "$commit_median / $commit_p99 ms" || echo failed)" ""
row "Store: import ${import_rows:-?} staff from CSV, load" "$(or_failed "$import_load" '%s ms')" ""
row "Store: import ${import_rows:-?} staff from CSV, commit" "$(or_failed "$import_commit" '%s ms')" ""
row "Store: import ${import_rows:-?} staff from CSV, total" "$(or_failed "$import_total" '%s ms')" "≤ 200 ms"
row "Roster: month load, ${roster_rows:-?} staff × the month's days" \
    "$(or_failed "$(value_of roster_month_load "$tmp/roster.txt")" '%s ms')" "≤ 30 ms"
row "Roster: rule checks of every row of the month" \
    "$(or_failed "$(value_of roster_check_all "$tmp/roster.txt")" '%s ms')" ""
row "Roster: paint of 100 cells committed" \
    "$(or_failed "$(value_of roster_paint_100 "$tmp/roster.txt")" '%s ms')" "≤ 5 ms"
row "Roster grid: first frame after the data, ${grid_rows:-?} rows" \
    "$(or_failed "$(value_of grid_first_frame "$tmp/grid.txt")" '%s ms')" "≤ 150 ms"
row "  of which the month's load" \
    "$(or_failed "$(value_of grid_month_load "$tmp/grid.txt")" '%s ms')" ""
row "Roster grid: scroll by 3 rows, frame mean / p95" "$(frame_figure grid_scroll_small)" \
    "p95 ≤ 16 ms"
row "Roster grid: scroll jumps, frame mean / p95" "$(frame_figure grid_scroll_jump)" \
    "p95 ≤ 16 ms"
row "Roster grid: peak RSS (empty window / first frame)" \
    "$( [ -n "$grid_peak" ] && echo "$(mb "$grid_peak") ($(mb "$(value_of grid_rss_empty_window "$tmp/grid.txt")") / $(mb "$(value_of grid_rss_first_frame "$tmp/grid.txt")"))" || echo failed)" \
    "≤ 150 MB"
row "Escalations: list's first frame, ${esc_rows:-?} escalations" \
    "$(or_failed "$(value_of escalations_first_frame "$tmp/escalations.txt")" '%s ms')" "≤ 350 ms"
row "  of which mapping the view (the read, the filter)" \
    "$(or_failed "$(value_of escalations_map_load "$tmp/escalations.txt")" '%s ms')" ""
row "Escalations: search update, painted (median / worst)" "$(median_worst escalations_search)" \
    "≤ 50 ms"
row "Escalations: filter update, painted (median / worst)" "$(median_worst escalations_filter)" \
    "≤ 50 ms"
row "Escalations: detail with 200 entries, painted" "$(median_worst escalations_detail_200)" \
    "≤ 20 ms"
row "Handover: sign out a sheet, password typed" \
    "$(median_worst handover_sign_out "$tmp/handover.txt")" ""
row "  of which opening the key (Argon2id)" "$(median_worst handover_unseal "$tmp/handover.txt")" ""
row "  of which the Ed25519 signature" \
    "$(median_worst handover_ed25519_sign "$tmp/handover.txt")" ""
row "Handover: countersign a sheet, password typed" \
    "$(median_worst handover_countersign "$tmp/handover.txt")" ""
row "Handover: verify a sealed sheet (digest, 2 signatures)" \
    "$(median_worst handover_verify "$tmp/handover.txt")" ""
row "Handover: verify the newest ${handover_verify_rows:-40} of ${handover_rows:-?} sheets" \
    "$(median_worst handover_verify_history "$tmp/handover.txt")" ""
row "Handover: history's first frame, ${handover_shown:-?} sheets" \
    "$(or_failed "$(value_of handover_first_frame "$tmp/handover.txt")" '%s ms')" "≤ 300 ms"
row "  of which mapping the view (the read)" \
    "$(or_failed "$(value_of handover_map_load "$tmp/handover.txt")" '%s ms')" ""
row "Handover: search update, painted (median / worst)" \
    "$(median_worst handover_search "$tmp/handover.txt")" ""
row "Handover: a row chosen, detail verified and painted" \
    "$(median_worst handover_detail "$tmp/handover.txt")" ""
row "Sync: push ${sync_ops_done:-$sync_ops} staff creates, engine to server" \
    "$(or_failed "$push_rate" '%s ops/s')" ""
row "Sync: pull ${pull_records:-?} records into an empty desktop" \
    "$(or_failed "$pull_rate" '%s records/s')" ""
row "SQLite: prepared INSERT, ${sync_ops_done:-$sync_ops} rows, 1 txn, WAL FULL" \
    "$(or_failed "$(sync_value sqlite_insert_full)" '%s rows/s')" ""
row "SQLite: the same, WAL NORMAL" \
    "$(or_failed "$(sync_value sqlite_insert_normal)" '%s rows/s')" ""
row "  push / raw insert (FULL, as the server)" \
    "$(or_failed "$(sync_value sync_push_vs_raw)" '%s %%')" "≥ 20 %"
row "  pull / raw insert (NORMAL, as a desktop)" \
    "$(or_failed "$(sync_value sync_pull_vs_raw)" '%s %%')" "≥ 20 %"
# Labels stay ASCII where they are padded: printf pads bytes, not characters.
row "Sync: change on A seen on B, incl. 300 ms push delay" "$(latency_figure latency_running)" ""
row "Sync: change on A seen on B, A pushing at once" "$(latency_figure latency_direct)" ""
row "Sync: poke (sent at commit) until seen on B" "$(latency_figure latency_poked)" \
    "p95 ≤ 100 ms"
row "Server RSS, ${live_clients:-?} live clients (${live_open:-?} held open)" \
    "$(memory_figure server_live)" "< 100 MB"
row "Server RSS after ${refused:-?} x 413, ${slow_cut_off:-?} slow clients cut off" \
    "$(memory_figure server_after)" "< 100 MB"
echo
if [ -n "$push_rate" ]; then
  echo "Sync: $sync_ops_done ops pushed in $(sync_value sync_push_time) s (500 a request)," \
       "$pull_records records pulled in $(sync_value sync_pull_time) s; the raw inserts ran" \
       "on the same disk."
  if [ "$sync_ops_done" != 100000 ]; then
    echo "  $sync_ops_done ops, not the 100,000 the goal is stated for (SYNC_OPS was set)."
  fi
fi
if [ -n "$(sync_value latency_running_changes)" ]; then
  echo "Latency: each way stops after 1000 changes or 60 s; B's live connection was open for" \
       "$(sync_value latency_running_live)/$(sync_value latency_running_changes) and" \
       "$(sync_value latency_direct_live)/$(sync_value latency_direct_changes) of the changes;" \
       "the poke is timed on the bench's own live connection."
fi
if [ -n "$live_close_code$watcher_close_code" ]; then
  echo "Live connections: the server closed them" \
       "(close code ${live_close_code:-$watcher_close_code})," \
       "so no poke reached B: the change → seen on B figures are B's reconnect syncs," \
       "not pokes."
fi
if [ -n "$(sync_value server_live_rss)" ]; then
  echo "Server memory: $(mb "$(sync_value server_idle_rss)") idle; the peak includes one" \
       "sign-in's Argon2id (64 MiB). 413 in $(sync_value oversized_time) ms for all;" \
       "slow clients cut off after $(sync_value slow_cut_after) s (socket-timeout-seconds=2);" \
       "live clients still open after: ${live_open_after:-?}."
fi
for name in "${order[@]}"; do
  printf 'runs %-10s %s\n' "$name" "$(tr '\n' ' ' <"$tmp/$name.times" 2>/dev/null || true)"
done
if [ -n "$rows" ]; then
  echo "The staff view showed its $rows active staff in frame $(value_of frames_to_rows "$tmp/rss.txt")" \
       "after mapping (RSS run)."
fi

# Show why something failed.
status=0
for f in "$tmp"/*.log; do
  if grep -q -e 'run failed' -e 'CRITICAL' -e 'bench-' -e 'cf-mapwait' "$f" 2>/dev/null; then
    echo
    echo "--- $(basename "$f")"
    grep -v -e 'currency-provider' "$f" | tail -n 20 || true
  fi
done
for figure in "$staff_ms" "$sign_in_ms" "$rss_kb" "$commit_rate" "$import_total" "$push_rate"; do
  [ -z "$figure" ] || [ "$figure" = failed ] && status=1
done
exit $status
