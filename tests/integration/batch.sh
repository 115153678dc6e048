#!/usr/bin/env bash
# `uptodate batch` against the testbed (run by tests/integration/run, with
# the testbed up and its env loaded):
#   tests/integration/batch.sh BIN WORK WEB_SINGLE.jsonl MAIL_SINGLE.jsonl
# WEB_SINGLE and MAIL_SINGLE are the single-command (`uptodate web|mail
# --json`) reports of the case domains, made by the same run.
#  1. 200 web domains (every web case domain, then scale-set domains) with
#     bad lines, a duplicate and comments, run at low concurrency, stopped
#     by SIGINT, then finished with --resume: every domain exactly once, the
#     bad lines reported with their line numbers, and each domain's status,
#     score and every category and test status equal to the single command.
#  2. the mail case domains the same way in one batch (no interruption).
#  3. politeness: with --web-conns 2 and no endpoint cache, the most TCP
#     connections open at once to one web server address, counted from the
#     packets (tcpdump at the client), is 2 and never more; on the mail
#     batch, one per mail server address, and mail-one's postfix (which
#     refuses a second simultaneous connection) logged no refusal.
#  4. CSV output has a row per domain with the JSON run's statuses.
set -uo pipefail
bin=$1 work=$2 web_single=$3 mail_single=$4
# shellcheck disable=SC1091
. /run/uptodate-testbed/env
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tb=$top/tests/testbed
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL batch: $*"; }
common=(--root-hints "$UTD_ROOT_HINTS" --trust-anchor "$UTD_TRUST_ANCHOR" --ca-file "$UTD_CA"
	--timeout 6000 --http-timeout 4000 --probe-timeout 2000)
opts=("${common[@]}" --no-progress)
w=$work/batch
mkdir -p "$w"

# Comparable facts of each report, sorted: domain, status, score, every
# category and test status.
digest() {
	jq -r '[.domain, .test_type, .status, (.scoring.percentage | tostring)] +
		[(.results.categories // {}) | to_entries[] | .key + "=" + .value.status] +
		[(.results.tests // {}) | to_entries[] | .key + "=" + .value.status] | join(" ")' "$@" |
		sort
}

# --- 1. 200 web domains, interrupted and resumed ----------------------------
"$tb/scale" 160 >"$w/scale.log" 2>&1 || { bad "tests/testbed/scale 160: $(tail -3 "$w/scale.log")"; }
mapfile -t cases < <(ls "$here/cases/web")
mapfile -t scale < <(head -n $((200 - ${#cases[@]})) "$UTD_STATE/scale-domains.txt")
list=$w/web.txt
{
	echo "# the web batch of the integration tests"
	printf '%s\n' "${cases[@]:0:10}"
	echo "bad..name"                  # line 12
	echo ""
	printf '%s\n' "${cases[@]:10}"
	echo "-x-.test"                   # a bad line after the cases
	echo "${cases[0]}"                # a duplicate
	echo "198.51.100.7"               # an address is not a domain
	printf '%s\n' "${scale[@]}"
} >"$list"
n_want=$(( ${#cases[@]} + ${#scale[@]} ))
[ "$n_want" -eq 200 ] && ok || bad "the list has $n_want domains, want 200"
# line 1 the comment, 2-11 ten cases, 12 bad, 13 blank, then the other
# cases, one bad line, the duplicate, the address
bad1=12 bad2=$(( 13 + ${#cases[@]} - 10 + 1 )) bad3=$(( 13 + ${#cases[@]} - 10 + 3 ))

out=$w/web.jsonl
rm -f "$out"
"$tb/exec" "$bin" batch "${opts[@]}" --concurrency 3 --threads 2 --output "$out" "$list" \
	>"$w/run1.out" 2>"$w/run1.err" &
pid=$!
# stop it once some results are in (a few dozen of 200)
for _ in $(seq 600); do
	[ -f "$out" ] && [ "$(wc -l <"$out")" -ge 30 ] && break
	sleep 0.05
done
kill -INT "$pid" 2>/dev/null
wait "$pid"; rc=$?
got1=$(wc -l <"$out")
[ $rc -eq 130 ] && ok || bad "interrupted run: exit $rc, want 130: $(tail -2 "$w/run1.err")"
[ "$got1" -ge 30 ] && [ "$got1" -lt 200 ] && ok || bad "interrupted run wrote $got1 results"
grep -q "with --resume does the rest" "$w/run1.err" && ok || bad "no resume hint after SIGINT"
"$tb/exec" "$bin" batch "${opts[@]}" --threads 2 --resume --output "$out" "$list" \
	>"$w/run2.out" 2>"$w/run2.err"
rc=$?
[ $rc -eq 1 ] && ok || bad "resumed run: exit $rc, want 1 (bad lines): $(tail -2 "$w/run2.err")"
grep -q "resuming: $got1 results already in" "$w/run2.err" && ok || bad "resume did not count $got1 results: $(head -2 "$w/run2.err")"
for l in $bad1 $bad2 $bad3; do
	grep -q "web.txt:$l: skipped: " "$w/run2.err" && ok || bad "bad line $l not reported: $(grep skipped "$w/run2.err")"
done
[ "$(grep -c 'skipped: ' "$w/run2.err")" -eq 3 ] && ok || bad "bad lines reported: $(grep -c 'skipped: ' "$w/run2.err"), want 3"
grep -q "1 duplicates skipped" "$w/run2.err" && ok || bad "the duplicate was not counted"
[ ! -s "$w/run2.out" ] && ok || bad "results leaked to stdout with --output"
total=$(wc -l <"$out") uniq=$(jq -r .domain "$out" | sort -u | wc -l)
[ "$total" -eq 200 ] && [ "$uniq" -eq 200 ] && ok || bad "after resume: $total lines, $uniq domains, want 200 and 200"
missing=$(comm -23 <(printf '%s\n' "${cases[@]}" "${scale[@]}" | sort) <(jq -r .domain "$out" | sort) | head -3)
[ -z "$missing" ] && ok || bad "missing after resume: $missing"
grep -qE "Sanitizer|runtime error" "$w/run1.err" "$w/run2.err" && bad "sanitizer report: $(grep -hE 'Sanitizer|runtime error' "$w"/run*.err | head -3)" || ok

# the same judgements as the single command
"$tb/exec" "$bin" web --json "${common[@]}" "${scale[@]}" >"$w/scale-single.jsonl" 2>/dev/null
digest "$web_single" "$w/scale-single.jsonl" >"$w/web.single.txt"
digest "$out" >"$w/web.batch.txt"
if diff "$w/web.single.txt" "$w/web.batch.txt" >"$w/web.diff"; then ok
else bad "web batch differs from the single command ($(grep -c '^[<>]' "$w/web.diff") lines):"; head -6 "$w/web.diff" | cut -c1-300; fi

# --- 2. mail, with the packets counted ---------------------------------------
tcpdump_start() {
	"$tb/exec" tcpdump -n -tt -l -i cli0 \
		'(ip and tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0) or (ip6 and tcp and ip6[53] & 0x07 != 0)' \
		>"$1" 2>/dev/null &
	tcpdump_pid=$!
	sleep 1
}
tcpdump_stop() { sleep 0.5; kill -INT "$tcpdump_pid" 2>/dev/null; wait "$tcpdump_pid" 2>/dev/null; }
refusals() { grep -c 'postfix/mail-one/.*Connection concurrency limit exceeded' "$UTD_STATE/logs/postfix.log" 2>/dev/null || true; }

ls "$here/cases/mail" >"$w/mail.txt"
before=$(refusals)
tcpdump_start "$w/mail.pcap.txt"
"$tb/exec" "$bin" batch --type mail --dkim-selector sel1 "${opts[@]}" --overwrite \
	--output "$w/mail.jsonl" "$w/mail.txt" >/dev/null 2>"$w/mail.err"
rc=$?
tcpdump_stop
[ $rc -eq 0 ] && ok || bad "mail batch: exit $rc: $(tail -2 "$w/mail.err")"
sleep 1
[ "$(refusals)" = "$before" ] && ok || bad "mail batch: two connections at once to mail-one"
"$here/conncount" 198.51.100.2,2001:db8:ffff::2 <"$w/mail.pcap.txt" >"$w/mail.conns"
smtp_max=$(awk '$2 == "smtp" { if ($3 > m) m = $3 } END { print m + 0 }' "$w/mail.conns")
smtp_n=$(awk '$2 == "smtp" { n += $4 } END { print n + 0 }' "$w/mail.conns")
[ "$smtp_max" -eq 1 ] && [ "$smtp_n" -gt 20 ] && ok ||
	bad "mail batch: at most $smtp_max SMTP connections at once per address ($smtp_n in all), want 1"
digest "$mail_single" >"$w/mail.single.txt"
digest "$w/mail.jsonl" >"$w/mail.batch.txt"
if diff "$w/mail.single.txt" "$w/mail.batch.txt" >"$w/mail.diff"; then ok
else bad "mail batch differs from the single command:"; head -6 "$w/mail.diff" | cut -c1-300; fi

# --- 3. the web limit, counted from the packets ------------------------------
printf '%s\n' "${scale[@]}" >"$w/scale.txt"
tcpdump_start "$w/web.pcap.txt"
"$tb/exec" "$bin" batch "${opts[@]}" --no-endpoint-cache --web-conns 2 --concurrency 200 \
	--overwrite --output "$w/scale.jsonl" "$w/scale.txt" >/dev/null 2>"$w/scale.err"
rc=$?
tcpdump_stop
[ $rc -eq 0 ] && ok || bad "scale batch: exit $rc: $(tail -2 "$w/scale.err")"
"$here/conncount" 198.51.100.2,2001:db8:ffff::2 <"$w/web.pcap.txt" >"$w/web.conns"
web_max=$(awk '$2 == "web" { if ($3 > m) m = $3 } END { print m + 0 }' "$w/web.conns")
web_busy=$(awk '$2 == "web" && $4 > 100 { n++ } END { print n + 0 }' "$w/web.conns")
[ "$web_max" -eq 2 ] && [ "$web_busy" -ge 2 ] && ok ||
	bad "scale batch: at most $web_max web connections at once per address, want exactly 2 ($(head -3 "$w/web.conns" | tr '\n' ';'))"
digest "$w/scale-single.jsonl" >"$w/scale.single.txt"
digest "$w/scale.jsonl" >"$w/scale.batch.txt"
diff -q "$w/scale.single.txt" "$w/scale.batch.txt" >/dev/null && ok ||
	bad "scale batch without the endpoint cache differs from the single command"

# --- 4. CSV --------------------------------------------------------------
"$tb/exec" "$bin" batch "${opts[@]}" --format csv --overwrite --output "$w/web.csv" \
	"$w/scale.txt" >/dev/null 2>"$w/csv.err"
rows=$(tail -n +2 "$w/web.csv" | wc -l)
[ "$rows" -eq ${#scale[@]} ] && ok || bad "CSV has $rows rows, want ${#scale[@]}"
d=${scale[0]}
want=$(jq -r --arg d "$d" 'select(.domain == $d) | [.domain, .test_type, .status, "", (.scoring.percentage | tostring)] | join(",")' "$w/scale-single.jsonl")
grep -q "^$want," "$w/web.csv" && ok || bad "CSV row of $d does not start '$want'"

echo "  batch: $pass passed, $fail failed (web list of 200 interrupted at $got1; connections at once: web $web_max, smtp $smtp_max)"
[ $fail -eq 0 ]
