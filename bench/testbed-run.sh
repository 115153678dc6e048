#!/usr/bin/env bash
# Wall time and work of one uptodate run over every testbed domain of the
# integration cases, with the testbed's latency relay off and on.
#   bench/testbed-run.sh [BIN] [LATENCY_MS...]
# Prints, per latency: domains, wall seconds, DNS queries, direct name-server
# queries and TCP probes (from details.stats), peak RSS of the process.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/uptodate}")
shift || true
lats=("$@")
[ ${#lats[@]} -gt 0 ] || lats=(0 25)
tb=tests/testbed
started=0
[ -f /run/uptodate-testbed/env ] || { $tb/up >/dev/null; started=1; }
trap '$tb/latency off >/dev/null 2>&1 || true; [ $started -eq 1 ] && $tb/down >/dev/null' EXIT
. /run/uptodate-testbed/env
opts=(--root-hints "$UTD_ROOT_HINTS" --trust-anchor "$UTD_TRUST_ANCHOR" --ca-file "$UTD_CA" --timeout 6000 --probe-timeout 2000 --http-timeout 4000)
printf '%-6s %-5s %-8s %-9s %-9s %-9s %-8s\n' kind lat_ms domains wall_s dns_q ns_probes tcp_probes
for lat in "${lats[@]}"; do
	if [ "$lat" -gt 0 ]; then $tb/latency on "$lat" >/dev/null; else $tb/latency off >/dev/null 2>&1 || true; fi
	for kind in web mail; do
		# lame.test only measures the lookup deadline: left out.
		mapfile -t doms < <(ls tests/integration/cases/$kind | grep -v '^lame')
		out=$(mktemp)
		t0=$(date +%s.%N)
		$tb/exec /usr/bin/time -f '%M' -o "$out.rss" "$bin" "$kind" --json "${opts[@]}" "${doms[@]}" >"$out" || true
		t1=$(date +%s.%N)
		read -r q p t < <(jq -s '[map(.details.stats // {}) | (map(.dns_queries // 0) | add), (map(.dns_probes // 0) | add), (map(.tcp_probes // 0) | add)] | @tsv' -r "$out")
		printf '%-6s %-5s %-8s %-9.2f %-9s %-9s %-8s rss=%sKiB\n' "$kind" "$lat" "${#doms[@]}" \
			"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$q" "$p" "$t" "$(tail -1 "$out.rss")"
		rm -f "$out" "$out.rss"
	done
done
