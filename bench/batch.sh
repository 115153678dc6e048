#!/usr/bin/env bash
# Throughput of uptodate's batch command over the testbed's scale set, with
# the latency relay on (+25 ms each way: a round trip of about 50 ms).
#   bench/batch.sh [N] [BIN]        N scale domains (default 1000), BIN
#                                   (default build/uptodate)
# Brings the testbed up if it is not (and down again at the end), builds the
# scale set (tests/testbed/scale N), turns the latency on, and runs:
#   - "uptodate batch" over the N domains: web with the endpoint cache at
#     the shipped politeness (4 connections at once per web server address),
#     web with the cache and 64 per address (the scale set puts N domains on
#     8 web addresses, where a real list spreads over many: this shows what
#     the program does when politeness is not the bound), web without the
#     cache (64 per address), mail with the cache; then a run with 2000
#     tests in flight (peak RSS); for each the
#     domains reported (and how many complete: status ok, no category in
#     error), wall seconds,
#     domains/s, CPU seconds per domain (user + sys), peak RSS, and TCP
#     connections per server endpoint: the SYNs the client namespace sends
#     to port 443 (web) or 25 (mail), counted by tcpdump, divided by the
#     number of distinct address:port they went to;
#   - one domain's full website test ("uptodate web", median of 5 runs), its
#     wall time and connections per endpoint;
#   - testssl.sh (-p -E, as tests/oracle runs it) on 3 web endpoints of the
#     scale set, one after the other: wall time and connections per
#     endpoint, and their ratio to uptodate's single-domain figures.
# Restores the latency as it was (off unless it was on before).  Outputs,
# captures and a summary.tsv go to build/bench/batch/ (BENCH_OUT).  Needs
# root, jq, tcpdump, testssl and /usr/bin/time.  The testbed is shared: run
# nothing else against it meanwhile.
#
# Environment:
#   BENCH_LATENCY=MS    latency each way (default 25; 0: off)
#   BENCH_BATCH_OPTS    more options for every batch run (e.g. "--threads 1")
#   BENCH_OUT=DIR       output directory (default build/bench/batch)
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
out=${BENCH_OUT:-build/bench/batch}
tb=$PWD/tests/testbed
state=/run/uptodate-testbed
read -r -a batch_opts <<<"${BENCH_BATCH_OPTS:-}"

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces)"
for c in jq tcpdump testssl /usr/bin/time realpath; do
	command -v "$c" >/dev/null || die "missing $c (scripts/install-deps)"
done
[ -x "$bin" ] || die "no $bin (make)"
"$bin" batch --help >/dev/null 2>&1 || die "$bin has no batch command"
[[ $lat =~ ^[0-9]+$ ]] || die "BENCH_LATENCY must be a number of ms"

mkdir -p "$out"
out=$(realpath "$out")
rm -f "$out"/*

# --- testbed, scale set, latency; restored on exit ------------------------------
started=0
prev_lat=""
dump=""
cleanup() {
	local rc=$?
	if [ -n "$dump" ]; then kill -INT "$dump" 2>/dev/null || true; wait "$dump" 2>/dev/null || true; fi
	if [ -n "$prev_lat" ]; then
		"$tb/latency" on "$prev_lat" >/dev/null 2>&1 || true
	else
		"$tb/latency" off >/dev/null 2>&1 || true
	fi
	if [ $started -eq 1 ]; then "$tb/down" >/dev/null 2>&1 || true; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ ! -f "$state/env" ]; then
	started=1
	"$tb/up" >/dev/null || die "the testbed did not come up"
fi
[ -f "$state/latency" ] && prev_lat=$(cat "$state/latency")
"$tb/scale" "$N" | sed 's/^/# /'
# shellcheck source=/dev/null
. "$state/env"
list=$UTD_SCALE_DOMAINS
[ "$(wc -l <"$list")" -eq "$N" ] || die "$list does not hold $N domains"
mapfile -t domains <"$list"
first=${domains[0]}

if [ "$lat" -gt 0 ]; then
	"$tb/latency" on "$lat" >/dev/null
else
	"$tb/latency" off >/dev/null
fi
web1=$("$tb/exec" dig +short +time=3 "@$UTD_RESOLVER4" "$first" A | head -n 1)
[ -n "$web1" ] || die "$first has no address"
rtt=$("$tb/exec" ping -c 5 -i 0.2 -q "$web1" | awk -F/ '/^rtt/ { print $5 }')

common=(--root-hints "$UTD_ROOT_HINTS" --trust-anchor "$UTD_TRUST_ANCHOR" --ca-file "$UTD_CA"
	--timeout 6000 --probe-timeout 2000 --http-timeout 4000)

# --- SYN counting in the client namespace ----------------------------------------
# syn_start PORT FILE -- tcpdump the SYNs (not SYN-ACKs) the client sends to
# PORT into FILE, one line each
syn_start() {
	: >"$2.err"
	"$tb/exec" tcpdump -i any -n -l -U -B 8192 \
		"dst port $1 and ((ip and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn) or
		 (ip6 and ip6[6] == 6 and ip6[53] & 0x12 == 0x02))" >"$2" 2>"$2.err" &
	dump=$!
	for _ in $(seq 100); do
		grep -q 'listening on' "$2.err" && return 0
		sleep 0.1
	done
	die "tcpdump did not start: $(cat "$2.err")"
}
syn_stop() { # FILE
	sleep 0.5
	kill -INT "$dump" 2>/dev/null || true
	wait "$dump" 2>/dev/null || true
	dump=""
	local d
	d=$(awk '/dropped by kernel/ { print $1 }' "$1.err")
	[ "${d:-0}" -eq 0 ] || echo "# warning: tcpdump dropped $d packets in $(basename "$1"): counts are low" >&2
}
# syn_endpoints FILE -> "SYNS ENDPOINTS": SYN lines and distinct address.port
syn_endpoints() {
	awk '{ for (i = 1; i < NF; i++) if ($i == ">") { e = $(i + 1); sub(/:$/, "", e); seen[e] = 1; n++ } }
	     END { k = 0; for (e in seen) k++; print n + 0, k }' "$1"
}

# --- one run: time, memory, connections ------------------------------------------
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' run domains complete wall_s domains_per_s cpu_s_per_domain \
	peak_rss_mib syns endpoints conns_per_endpoint >"$out/summary.tsv"
# measure NAME PORT RESULT_FILE CMD... -- CMD in the client namespace under
# /usr/bin/time with the SYNs to PORT counted; RESULT_FILE: the JSON records
measure() {
	local name=$1 port=$2 res=$3 rc=0 wall u s rss syns eps total ok
	shift 3
	syn_start "$port" "$out/$name.syn"
	"$tb/exec" /usr/bin/time -f '%e %U %S %M' -o "$out/$name.time" "$@" \
		>"$out/$name.stdout" 2>"$out/$name.stderr" || rc=$?
	syn_stop "$out/$name.syn"
	[ $rc -le 1 ] || echo "# warning: $name exited $rc; see $out/$name.stderr" >&2
	read -r wall u s rss < <(tail -n 1 "$out/$name.time")
	read -r syns eps < <(syn_endpoints "$out/$name.syn")
	total=$(jq -c 'select(type == "object") | .status' "$res" 2>/dev/null | wc -l) || total=0
	# complete: status ok and no category in error (a lookup that timed out
	# still gives status ok, with every test in error)
	ok=$(jq -c 'select(type == "object" and .status == "ok" and
		((.results.categories // {}) | all(.status != "error")))' "$res" 2>/dev/null | wc -l) || ok=0
	awk -v n="$name" -v d="$total" -v ok="$ok" -v w="$wall" -v u="$u" -v s="$s" -v r="$rss" -v sy="$syns" -v e="$eps" \
		'BEGIN { printf "%s\t%d\t%d\t%.2f\t%.1f\t%.4f\t%.1f\t%d\t%d\t%.1f\n", n, d, ok, w, (w > 0 ? d / w : 0),
		         (d > 0 ? (u + s) / d : 0), r / 1024, sy, e, (e > 0 ? sy / e : 0) }' >>"$out/summary.tsv"
}

# batch KIND NAME [OPTION...] -- one batch run over the scale set
batch() {
	local kind=$1 name=$2 port=25
	shift 2
	[ "$kind" = web ] && port=443
	measure "$name" "$port" "$out/$name.jsonl" "$bin" batch --type "$kind" --format jsonl \
		--overwrite --no-progress --output "$out/$name.jsonl" "${common[@]}" "${batch_opts[@]}" "$@" "$list"
}

echo "# $N scale domains, latency +$lat ms each way (ping RTT ${rtt:-?} ms to $web1), $bin"

# --- one domain's website test: median of 5 -----------------------------------------
syn_start 443 "$out/single.syn"
for i in 1 2 3 4 5; do
	"$tb/exec" /usr/bin/time -f '%e' -o "$out/single.$i.time" "$bin" web --json "${common[@]}" "$first" \
		>"$out/single.$i.stdout" 2>"$out/single.$i.stderr" || true
done
syn_stop "$out/single.syn"
single_wall=$(for i in 1 2 3 4 5; do tail -n 1 "$out/single.$i.time"; done | sort -n | sed -n 3p)
read -r single_syns single_eps < <(syn_endpoints "$out/single.syn")
single_conns=$(awk -v s="$single_syns" -v e="$single_eps" 'BEGIN { printf "%.1f", (e > 0 ? s / e / 5 : 0) }')

# --- the batch runs ------------------------------------------------------------------
batch web web-cache
batch web web-cache-64 --web-conns 64
batch web web-nocache-64 --no-endpoint-cache --web-conns 64
batch mail mail-cache
batch web web-2000-in-flight --web-conns 64 --concurrency 2000

# --- testssl.sh on 3 endpoints of the scale set ----------------------------------------
eps=()
for i in 0 1 2; do
	d=${domains[$((i % N))]}
	t=A
	[ $i -eq 1 ] && t=AAAA
	a=$("$tb/exec" dig +short +time=3 "@$UTD_RESOLVER4" "$d" "$t" | head -n 1)
	[ -n "$a" ] && eps+=("$d@$a")
done
syn_start 443 "$out/testssl.syn"
: >"$out/testssl.tsv"
for ep in "${eps[@]}"; do
	d=${ep%@*} a=${ep#*@} fam=()
	[[ $a == *:* ]] && fam=(-6)
	rm -f "$out/testssl.$ep.json"
	t0=$(date +%s.%N)
	"$tb/exec" testssl "${fam[@]}" --ip "$a" --nodns none -p -E --warnings off --quiet --color 0 \
		--connect-timeout 10 --openssl-timeout 10 --jsonfile "$out/testssl.$ep.json" "$d:443" \
		>"$out/testssl.$ep.log" 2>&1 || true
	t1=$(date +%s.%N)
	printf '%s\t%s\t%s\n' "$ep" "$a" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" >>"$out/testssl.tsv"
done
syn_stop "$out/testssl.syn"
while IFS=$'\t' read -r ep a secs; do
	printf '%s\t%s\t%s\n' "$ep" "$secs" "$(grep -cF " > $a.443: " "$out/testssl.syn" || true)"
done <"$out/testssl.tsv" >"$out/testssl.per-endpoint.tsv"
read -r ts_wall ts_conns < <(awk -F'\t' '{ w += $2; c += $3; n++ } END { printf "%.1f %.1f\n", n ? w / n : 0, n ? c / n : 0 }' "$out/testssl.per-endpoint.tsv")

# --- report ------------------------------------------------------------------------------
echo
column -t -s $'\t' "$out/summary.tsv"
echo
echo "one domain's website test ($first, uptodate web, median of 5): ${single_wall:-?} s wall," \
	"$single_conns connections per endpoint ($single_eps endpoints)"
echo "testssl.sh -p -E, ${#eps[@]} endpoints one after the other: $ts_wall s and $ts_conns connections per endpoint"
awk -v tw="$ts_wall" -v tc="$ts_conns" -v uw="${single_wall:-0}" -v uc="$single_conns" 'BEGIN {
	printf "  ratio testssl.sh / uptodate (one endpoint against one whole website test): wall %sx, connections %sx\n",
	       (uw > 0 ? sprintf("%.1f", tw / uw) : "?"), (uc > 0 ? sprintf("%.1f", tc / uc) : "?") }'
echo "(outputs, captures and summary.tsv in $out)"
