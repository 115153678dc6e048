#!/usr/bin/env bash
# Throughput of the job queue on PostgreSQL: `uptodate serve
# --no-batch-work` takes a web request of N scale-set domains through the
# batch API, and 1, then 2 `uptodate worker` processes run it; the latency
# relay is on (+25 ms each way) as in bench/batch.sh.
#   bench/workers.sh [N] [BIN]      N scale domains (default 1000), BIN
#                                   (default build/uptodate)
# For each number of workers: wall seconds from the request to "done",
# domains/s, CPU seconds per domain (all worker processes, user + sys),
# and the database work: transactions committed per job (pg_stat_database,
# claims, leases, results, connection slots and the API's polling
# together). Workers run with the same options: --concurrency 500 each,
# --reuse 0 (every run tests anew),
# --web-conns 64 (see BENCHMARKS.md: the scale set puts every domain on 8
# web addresses), shared connection slots on, endpoint cache on.
# Results in build/bench/workers/summary.tsv (BENCH_OUT). Needs root, jq,
# curl and PostgreSQL 15 (tests/pg/pgctl). The testbed is shared: run
# nothing else against it meanwhile.
#
# Environment:
#   BENCH_LATENCY=MS      latency each way (default 25; 0: off)
#   BENCH_WORKERS="1 2"   the worker counts to run
#   BENCH_WORKER_OPTS     more options for every worker
#   BENCH_OUT=DIR         output directory (default build/bench/workers)
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
	echo "bench: $*" >&2
	exit 1
}
N=${1:-1000}
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number"
bin=$(realpath "${2:-build/uptodate}")
lat=${BENCH_LATENCY:-25}
out=${BENCH_OUT:-build/bench/workers}
tb=$PWD/tests/testbed
state=/run/uptodate-testbed
read -r -a counts <<<"${BENCH_WORKERS:-1 2}"
read -r -a extra <<<"${BENCH_WORKER_OPTS:-}"
[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces)"
[ -x "$bin" ] || die "no $bin (make)"
mkdir -p "$out"
out=$(realpath "$out")

started=0 prev_lat=0 pgdir=$out/pg
cleanup() {
	tests/pg/pgctl stop "$pgdir" >/dev/null 2>&1 || true
	if [ $started -eq 1 ]; then "$tb/down" >/dev/null 2>&1 || true
	elif [ "$prev_lat" != 0 ]; then "$tb/latency" on "$prev_lat" >/dev/null 2>&1 || true
	else "$tb/latency" off >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [ ! -f "$state/env" ]; then "$tb/up" >/dev/null; started=1; fi
[ -f "$state/latency" ] && prev_lat=$(cat "$state/latency")
"$tb/scale" "$N" >/dev/null
# shellcheck disable=SC1091
. "$state/env"
if [ "$lat" -gt 0 ]; then "$tb/latency" on "$lat" >/dev/null; else "$tb/latency" off >/dev/null; fi
pgurl=$(tests/pg/pgctl start "$pgdir")
pgsock=$(sed 's/.*host=\([^&]*\).*/\1/' <<<"$pgurl")
xacts="runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -h $pgsock -U postgres -d uptodate -qAtX -c 'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()'"
common=(--root-hints "$UTD_ROOT_HINTS" --trust-anchor "$UTD_TRUST_ANCHOR" --ca-file "$UTD_CA")

printf 'workers\tdomains\twall_s\tdomains_per_s\tcpu_ms_per_domain\txacts_per_job\n' >"$out/summary.tsv"
for k in "${counts[@]}"; do
	cat >"$out/run-$k.sh" <<EOF
set -euo pipefail
db='$pgurl'
echo 'bench-password' | '$bin' user add --db "\$db" bench$k 2>/dev/null
'$bin' serve --db "\$db" --no-batch-work --listen 127.0.0.1:8080 ${common[*]} >'$out/serve-$k.log' 2>&1 &
sp=\$!
for i in \$(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:8080/ && break; sleep 0.1; done
pids=()
for n in \$(seq 1 $k); do
	'$bin' worker --db "\$db" --worker-id bench$k-\$n \
		--concurrency 500 --web-conns 64 --reuse 0 ${common[*]} ${extra[*]} >'$out/worker-$k-'\$n.log 2>&1 &
	pids+=(\$!)
done
x0=\$($xacts)
t0=\$(date +%s.%N)
id=\$(jq -Rn '{type: "web", name: "bench", domains: [inputs | select(length > 0)]}' <'$UTD_SCALE_DOMAINS' |
	curl -s -u bench$k:bench-password --data-binary @- http://127.0.0.1:8080/api/batch/v2/requests |
	jq -r .request.request_id)
while :; do
	st=\$(curl -s -u bench$k:bench-password http://127.0.0.1:8080/api/batch/v2/requests/\$id | jq -r .request.status)
	[ "\$st" = done ] && break
	sleep 0.2
done
t1=\$(date +%s.%N)
x1=\$($xacts)
curl -s -u bench$k:bench-password http://127.0.0.1:8080/api/batch/v2/requests/\$id/results >'$out/results-$k.json'
# CPU of each worker (user + system clock ticks) before it stops
: >'$out/cpu-$k'
for p in "\${pids[@]}"; do awk '{ print \$14 + \$15 }' /proc/\$p/stat >>'$out/cpu-$k'; done
for p in "\${pids[@]}"; do kill -TERM \$p; wait \$p || true; done
kill -TERM \$sp; wait \$sp || true
echo "\$t0 \$t1 \$x0 \$x1" >'$out/span-$k'
EOF
	head -n "$N" "$UTD_SCALE_DOMAINS" >"$out/domains.txt"
	UTD_SCALE_DOMAINS=$out/domains.txt "$tb/exec" bash "$out/run-$k.sh"
	read -r t0 t1 x0 x1 <"$out/span-$k"
	n=$(jq '.domains | length' "$out/results-$k.json")
	cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { print s / hz }' "$out/cpu-$k")
	awk -v k="$k" -v n="$n" -v t0="$t0" -v t1="$t1" -v cpu="$cpu" -v x0="$x0" -v x1="$x1" 'BEGIN {
		w = t1 - t0
		printf "%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\n", k, n, w, n / w, cpu * 1000 / n, (x1 - x0) / n
	}' >>"$out/summary.tsv"
done
column -t "$out/summary.tsv"
