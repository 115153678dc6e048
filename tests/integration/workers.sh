#!/usr/bin/env bash
# Scale-out: `uptodate serve` (API only) and `uptodate worker` processes on
# one real PostgreSQL (tests/pg/pgctl), against the testbed (run by
# tests/integration/run with the testbed up):
#   tests/integration/workers.sh BIN WORK
#  1. three workers take a web request (the web case domains and 100 of the
#     scale set) and a mail request (the mail case domains); one worker is
#     killed with SIGKILL in the middle. Every domain has exactly one
#     result, equal (status, score, every category and test status) to the
#     single process's (`uptodate web|mail --json`); no job stays claimed
#     or queued; the survivors stop cleanly on SIGTERM.
#  2. two workers with --web-conns 2 and no endpoint cache over 160 scale
#     domains on four web servers: counted from the packets, never more
#     than 2 connections at once to one web server address over both
#     workers, and exactly 2 reached.
#  3. `uptodate batch --db` puts a list into the same queue, works on it
#     and writes results equal to the single process's.
# Everything that talks to the testbed runs inside its client namespace.
set -uo pipefail
bin=$(realpath "$1") work=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tb=$top/tests/testbed
# shellcheck disable=SC1091
. /run/uptodate-testbed/env
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL workers: $*"; }
w=$work/workers

if [ "${WORKERS_INNER:-}" != 1 ]; then
	rm -rf "$w"
	mkdir -p "$w"
	[ -s "$UTD_STATE/scale-domains.txt" ] && [ "$(wc -l <"$UTD_STATE/scale-domains.txt")" -ge 160 ] ||
		"$tb/scale" 160 >"$w/scale.log" 2>&1 || { echo "FAIL workers: scale set"; exit 1; }
	pgurl=$("$top/tests/pg/pgctl" start "$w/pg" 2>"$w/pgctl.log") || {
		echo "FAIL workers: PostgreSQL did not start: $(tail -3 "$w/pgctl.log")"
		exit 1
	}
	"$tb/exec" env WORKERS_INNER=1 PGURL="$pgurl" bash "$0" "$bin" "$work"
	rc=$?
	"$top/tests/pg/pgctl" stop "$w/pg" >>"$w/pgctl.log" 2>&1
	exit $rc
fi

common=(--root-hints "$UTD_ROOT_HINTS" --trust-anchor "$UTD_TRUST_ANCHOR" --ca-file "$UTD_CA"
	--timeout 6000 --http-timeout 4000 --probe-timeout 2000 --dkim-selector sel1)
password=workers-secret-password
api=http://127.0.0.1:8080/api/batch/v2
auth=(-u "w:$password")

ls "$here/cases/web" >"$w/web.txt"
head -n 100 "$UTD_STATE/scale-domains.txt" >>"$w/web.txt"
ls "$here/cases/mail" >"$w/mail.txt"

# The single process's reports: the reference.
"$bin" web --json "${common[@]}" $(cat "$w/web.txt") >"$w/single-web.jsonl" 2>/dev/null
"$bin" mail --json "${common[@]}" $(cat "$w/mail.txt") >"$w/single-mail.jsonl" 2>/dev/null

# status, score, every category and test status of each domain, sorted
digest() {
	jq -r '[.domain, .status, (.scoring.percentage | tostring)] +
		[(.results.categories // {}) | to_entries[] | .key + "=" + .value.status] +
		[(.results.tests // {}) | to_entries[] | .key + "=" + .value.status] | join(" ")' "$@" | sort
}

"$bin" user add --db "$PGURL" w <<<"$password" 2>/dev/null
"$bin" serve --db "$PGURL" --no-batch-work --listen 127.0.0.1:8080 "${common[@]}" \
	>"$w/serve.log" 2>&1 &
serve_pid=$!
for i in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:8080/ && break; sleep 0.1; done

pids=()
start_worker() { # N EXTRA...
	local n=$1
	shift
	"$bin" worker --db "$PGURL" --worker-id "w$n" --lease 5 --concurrency 8 \
		--metrics "127.0.0.1:$((9180 + n))" "${common[@]}" "$@" >"$w/worker$n.log" 2>&1 &
	pids[$n]=$!
}
submit() { # TYPE FILE -> request id
	jq -Rn --arg t "$1" '{type: $t, name: "workers", domains: [inputs | select(length > 0)]}' <"$2" |
		curl -s "${auth[@]}" -H 'Content-Type: application/json' --data-binary @- "$api/requests" |
		jq -r .request.request_id
}
status() { curl -s "${auth[@]}" "$api/requests/$1" | jq -r '.request.status + " " + (.request.done | tostring)'; }
metric() { # PORT NAME{labels}
	curl -s "http://127.0.0.1:$1/metrics" | awk -v k="$2" '$1 == k { print $2 }'
}

# 1. Three workers, one killed.
for n in 1 2 3; do start_worker $n; done
web_id=$(submit web "$w/web.txt")
mail_id=$(submit mail "$w/mail.txt")
[ -n "$web_id" ] && [ "$web_id" != null ] && [ -n "$mail_id" ] && ok || bad "submitting: '$web_id' '$mail_id'"
n_web=$(wc -l <"$w/web.txt")
killed=0
for i in $(seq 1 600); do
	read -r st done_n < <(status "$web_id")
	if [ $killed -eq 0 ] && [ "${done_n:-0}" -ge $((n_web / 5)) ]; then
		running=$(metric 9182 'uptodate_worker_jobs_total{outcome="claimed"}')
		kill -9 "${pids[2]}"
		wait "${pids[2]}" 2>/dev/null
		killed=1
		echo "  workers: worker 2 killed with SIGKILL at $done_n/$n_web done (it had claimed ${running:-?})"
	fi
	[ "$st" = done ] && [ "$(status "$mail_id" | cut -d' ' -f1)" = done ] && break
	sleep 0.5
done
[ $killed -eq 1 ] && ok || bad "worker 2 was never killed (web request: $st $done_n)"
[ "$st" = done ] && ok || bad "web request not done: $(status "$web_id")"
[ "$(status "$mail_id" | cut -d' ' -f1)" = done ] && ok || bad "mail request not done: $(status "$mail_id")"

for t in web mail; do
	id=${t}_id
	curl -s "${auth[@]}" "$api/requests/${!id}/results" >"$w/results-$t.json"
	# exactly the submitted domains, each once (JSON object keys)
	jq -r '.domains | keys[]' "$w/results-$t.json" | sort >"$w/got-$t.txt"
	sort -u "$w/$t.txt" >"$w/want-$t.txt"
	cmp -s "$w/got-$t.txt" "$w/want-$t.txt" && ok ||
		bad "$t: domains in the results differ: $(diff "$w/want-$t.txt" "$w/got-$t.txt" | head -5 | tr '\n' ' ')"
	jq -c '.domains | to_entries[] | .value + {domain: .key}' "$w/results-$t.json" >"$w/api-$t.jsonl"
	if cmp -s <(digest "$w/single-$t.jsonl") <(digest "$w/api-$t.jsonl"); then ok
	else
		bad "$t: results differ from the single process:"
		diff <(digest "$w/single-$t.jsonl") <(digest "$w/api-$t.jsonl") | head -6
	fi
done
# one report per job in the database: no job written twice
for port in 9181 9183; do
	[ "$(metric $port 'uptodate_jobs{state="running"}')" = 0 ] &&
		[ "$(metric $port 'uptodate_jobs{state="queued"}')" = 0 ] && ok ||
		bad "jobs left claimed or queued (worker on $port): $(curl -s "http://127.0.0.1:$port/metrics" | grep '^uptodate_jobs')"
done
reports=$(metric 9181 'uptodate_reports')
[ "$reports" = $(( $(wc -l <"$w/web.txt") + $(wc -l <"$w/mail.txt") )) ] && ok ||
	bad "reports stored: $reports, want one per job"
l1=$(metric 9181 'uptodate_worker_jobs_total{outcome="lost"}')
l3=$(metric 9183 'uptodate_worker_jobs_total{outcome="lost"}')
lost=$(( ${l1:-0} + ${l3:-0} ))
echo "  workers: $reports reports, $lost late results refused"
for n in 1 3; do
	kill -TERM "${pids[$n]}"
	wait "${pids[$n]}"
	rc=$?
	[ $rc -eq 0 ] && ok || bad "worker $n: exit $rc after SIGTERM: $(tail -2 "$w/worker$n.log")"
	if grep -qE "Sanitizer|runtime error" "$w/worker$n.log"; then
		bad "worker $n: sanitizer report"; grep -A20 -E "Sanitizer|runtime error" "$w/worker$n.log" | head -30
	else ok; fi
done

# 2. Politeness across two workers.
head -n 160 "$UTD_STATE/scale-domains.txt" >"$w/polite.txt"
tcpdump -n -tt -l -i cli0 \
	'(ip and tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0) or (ip6 and tcp and ip6[53] & 0x07 != 0)' \
	>"$w/polite.pcap.txt" 2>/dev/null &
tcpdump_pid=$!
sleep 1
for n in 4 5; do start_worker $n --web-conns 2 --no-endpoint-cache --concurrency 100; done
id=$(submit web "$w/polite.txt")
for i in $(seq 1 600); do
	[ "$(status "$id" | cut -d' ' -f1)" = done ] && break
	sleep 0.5
done
[ "$(status "$id" | cut -d' ' -f1)" = done ] && ok || bad "politeness request not done: $(status "$id")"
sleep 0.5
kill -INT "$tcpdump_pid" 2>/dev/null
wait "$tcpdump_pid" 2>/dev/null
for n in 4 5; do
	busy=$(metric $((9180 + n)) 'uptodate_worker_jobs_total{outcome="finished"}')
	[ "${busy:-0}" -gt 10 ] && ok || bad "worker $n finished only ${busy:-0} jobs: both must work"
	kill -TERM "${pids[$n]}"
	wait "${pids[$n]}"
done
"$here/conncount" 198.51.100.2,2001:db8:ffff::2 <"$w/polite.pcap.txt" >"$w/polite.conns"
web_max=$(awk '$2 == "web" { if ($3 > m) m = $3 } END { print m + 0 }' "$w/polite.conns")
web_busy=$(awk '$2 == "web" && $4 > 100 { n++ } END { print n + 0 }' "$w/polite.conns")
[ "$web_max" -eq 2 ] && [ "$web_busy" -ge 2 ] && ok ||
	bad "two workers: at most $web_max web connections at once per address, want exactly 2 ($(head -3 "$w/polite.conns" | tr '\n' ';'))"
echo "  workers: two workers, most connections at once to one web address: $web_max"

# 3. The command line through the same queue: uptodate batch --db.
head -n 12 "$w/web.txt" >"$w/cli.txt"
"$bin" batch --db "$PGURL" "${common[@]}" --reuse 0 --no-progress --overwrite \
	--output "$w/cli.jsonl" "$w/cli.txt" >/dev/null 2>"$w/cli.err"
rc=$?
[ $rc -eq 0 ] && grep -q 'web tests queued' "$w/cli.err" && ok || bad "batch --db: exit $rc: $(tail -2 "$w/cli.err")"
digest "$w/single-web.jsonl" | awk 'NR == FNR { want[$1] = 1; next } $1 in want' "$w/cli.txt" - >"$w/cli.want"
if cmp -s "$w/cli.want" <(digest "$w/cli.jsonl") && [ "$(wc -l <"$w/cli.want")" -eq 12 ]; then ok
else
	bad "batch --db results differ from the single process"
	diff "$w/cli.want" <(digest "$w/cli.jsonl") | head -4
fi

kill -TERM "$serve_pid"
wait "$serve_pid"
echo "workers: $pass passed, $fail failed"
[ $fail -eq 0 ]
