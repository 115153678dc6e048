#!/usr/bin/env bash
# Load on `uptodate serve`: wrk against a report page and a batch API
# status endpoint, each for DURATION seconds on loopback, inside a network
# namespace of its own with no other interface (unshare -n: nothing can
# leave the machine). The database (SQLite) holds one report (a website
# report of the testbed's good.test, bench/fixtures/report-web.json) and
# one finished batch request.
#   bench/load.sh [DURATION] [BIN]   (default 60 s, build/uptodate)
# For each endpoint: requests/s, p50 and p99 latency, errors (non-2xx and
# socket errors), and serve's resident memory every 5 s (first, last and
# highest sample: the run must not grow). Results in
# build/bench/load/summary.tsv (BENCH_OUT). Needs root (unshare), wrk,
# curl, python3.
#
# Environment:
#   BENCH_CONNS=N       wrk connections (default 64)
#   BENCH_THREADS=N     wrk threads (default 2)
#   BENCH_OUT=DIR       output directory (default build/bench/load)
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
	echo "bench: $*" >&2
	exit 1
}
dur=${1:-60}
[[ $dur =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive number of seconds"
bin=$(realpath "${2:-build/uptodate}")
out=${BENCH_OUT:-build/bench/load}
conns=${BENCH_CONNS:-64}
threads=${BENCH_THREADS:-2}
[ "$(id -u)" -eq 0 ] || die "must run as root (unshare -n)"
for c in wrk curl python3; do command -v "$c" >/dev/null || die "missing $c"; done
[ -x "$bin" ] || die "no $bin (make)"
mkdir -p "$out"
out=$(realpath "$out")
fixture=$(realpath bench/fixtures/report-web.json)

if [ "${LOAD_INNER:-}" != 1 ]; then
	exec unshare -n env LOAD_INNER=1 bash "$0" "$@"
fi
ip link set lo up

db=$out/load.db
rm -f "$db" "$db"-wal "$db"-shm
echo 'load-test-password' | "$bin" user add --db "$db" load 2>/dev/null
# one report, as the server stores them (the schema is the program's: the
# first start below creates it; insert after)
"$bin" serve --db "$db" --listen 127.0.0.1:8080 >"$out/serve.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:8080/ && break; sleep 0.1; done
rid=$(curl -s -u load:load-test-password -d '{"type":"web","domains":["nowhere.invalid"]}' \
	http://127.0.0.1:8080/api/batch/v2/requests | python3 -c 'import json,sys; print(json.load(sys.stdin)["request"]["request_id"])')
for i in $(seq 1 100); do
	st=$(curl -s -u load:load-test-password "http://127.0.0.1:8080/api/batch/v2/requests/$rid" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["request"]["status"])')
	[ "$st" = done ] && break
	sleep 0.2
done
[ "$st" = done ] || die "the batch request did not finish ($st)"
id=$(python3 - "$db" "$fixture" <<'EOF'
import json, secrets, sqlite3, sys, time
db, fixture = sys.argv[1], sys.argv[2]
rep = json.load(open(fixture))
rid = secrets.token_hex(16)
c = sqlite3.connect(db, timeout=10)
c.execute("INSERT INTO reports (id, domain, type, score, ok, version, created, json)"
          " VALUES (?, ?, ?, ?, 1, 'bench', ?, ?)",
          (rid, rep["domain"], rep["test_type"], rep["scoring"]["percentage"],
           int(time.time()), json.dumps(rep)))
c.commit()
print(rid)
EOF
)
report=http://127.0.0.1:8080/site/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["domain"])' "$fixture")/$id/
[ "$(curl -s -o /dev/null -w '%{http_code}' "$report")" = 200 ] || die "the report page does not answer 200"
auth=$(printf 'load:load-test-password' | base64)

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
printf 'endpoint\trequests_per_s\tp50_ms\tp99_ms\terrors\trss_first_kb\trss_last_kb\trss_max_kb\n' \
	>"$out/summary.tsv"
run() { # NAME URL [HEADER]
	local name=$1 url=$2 first last max=0 r
	shift 2
	first=$(rss)
	wrk -t"$threads" -c"$conns" -d"${dur}s" --latency "$@" "$url" >"$out/wrk-$name.txt" &
	local wpid=$!
	: >"$out/rss-$name.txt"
	while kill -0 "$wpid" 2>/dev/null; do
		r=$(rss)
		echo "$r" >>"$out/rss-$name.txt"
		[ "$r" -gt "$max" ] && max=$r
		sleep 5
	done
	wait "$wpid"
	last=$(rss)
	python3 - "$out/wrk-$name.txt" "$name" "$first" "$last" "$max" >>"$out/summary.tsv" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)', v)
    n = float(m.group(1))
    return n / 1000 if m.group(2) == 'us' else n * 1000 if m.group(2) == 's' else n
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
p50 = ms(re.search(r'\n\s+50%\s+(\S+)', text).group(1))
p99 = ms(re.search(r'\n\s+99%\s+(\S+)', text).group(1))
errs = 0
m = re.search(r'Non-2xx or 3xx responses: (\d+)', text)
errs += int(m.group(1)) if m else 0
m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', text)
errs += sum(int(x) for x in m.groups()) if m else 0
print("%s\t%.0f\t%.2f\t%.2f\t%d\t%s\t%s\t%s" % (sys.argv[2], rps, p50, p99, errs,
      sys.argv[3], sys.argv[4], sys.argv[5]))
EOF
}
run report "$report"
run api-status "http://127.0.0.1:8080/api/batch/v2/requests/$rid" -H "Authorization: Basic $auth"
kill -TERM "$pid"
wait "$pid" || true
column -t "$out/summary.tsv"
