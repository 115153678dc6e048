#!/usr/bin/env bash
# `uptodate serve` against the testbed (run by tests/integration/run with
# the testbed up):
#   tests/integration/serve.sh BIN WORK [browser]
# On SQLite, then on a real PostgreSQL (tests/pg/pgctl, started here):
#  1. with "browser" (SQLite only): headless Chromium runs a website and an
#     email test from the home page and checks the score and the category
#     statuses the case files (the testbed's design) give, a test with page
#     script off, and the Hall of Fame (tests/e2e/browser.py); screenshots
#     in build/test-artefacts/e2e; then the form shows a recent report
#     again instead of testing anew;
#  2. the batch API (tests/e2e/api.py): a request of web and one of mail
#     case domains polled to done, results equal to the CLI's --json reports
#     of the same domains, 401 without or with wrong credentials, cancel,
#     every error label, every operation of the served OpenAPI document;
#  3. the target policy: a server that allows only the testbed's IPv4 range
#     refuses good.test (its addresses include 2001:db8::/32, documentation)
#     with a message that names the address and the range, for the web
#     host and for the mail server; one that allows the web host but not
#     the name servers refuses it naming a name server;
#  4. misuse of serve and user: one clear line and the documented status;
#  5. privileges: bound to port 80 as root, serve runs as nobody and its
#     tests work; headers larger than --max-header are refused.
# Everything that talks to the testbed runs inside its client namespace.
set -uo pipefail
bin=$(realpath "$1") work=$2 browser=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tb=$top/tests/testbed
# shellcheck disable=SC1091
. /run/uptodate-testbed/env

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL serve: $*"; }

if [ "${SERVE_INNER:-}" != 1 ]; then
	# Outside: the PostgreSQL server (a Unix socket, reachable from any
	# network namespace), then the rest inside the testbed's client
	# namespace.
	w=$work/serve
	rm -rf "$w"
	mkdir -p "$w"
	pgurl=$("$top/tests/pg/pgctl" start "$w/pg" 2>"$w/pgctl.log") || {
		echo "FAIL serve: PostgreSQL did not start: $(tail -3 "$w/pgctl.log")"
		exit 1
	}
	# The store's unit tests on this PostgreSQL too (the unit run has
	# SQLite only), with the binary's own build.
	ts=$(dirname "$bin")/tests/test_store
	if [ -x "$ts" ]; then
		if UTD_PG_URL=$pgurl "$ts" >"$w/test_store_pg.log" 2>&1; then ok
		else bad "test_store on PostgreSQL"; grep -E 'FAIL|Sanitizer' "$w/test_store_pg.log" | head; fi
		echo "  serve: store on PostgreSQL: $(tail -1 "$w/test_store_pg.log")"
	fi
	"$tb/exec" env SERVE_INNER=1 SERVE_PGURL="$pgurl" bash "$0" "$bin" "$work" "$browser"
	rc=$?
	"$top/tests/pg/pgctl" stop "$w/pg" >>"$w/pgctl.log" 2>&1
	[ $fail -eq 0 ] && exit $rc
	exit 1
fi
w=$work/serve
py=/usr/bin/python3
common=(--root-hints "$UTD_ROOT_HINTS" --trust-anchor "$UTD_TRUST_ANCHOR" --ca-file "$UTD_CA"
	--timeout 6000 --http-timeout 4000 --probe-timeout 2000)
testbed_ranges=198.51.100.0/24,2001:db8::/32
password=e2e-secret-password

web_domains=(good.test appsec-none.test dsmismatch.test tls-nohsts.test)
mail_domains=(good.test dmarc-none.test mx-nostarttls.test)
for d in "${web_domains[@]}"; do [ -f "$here/cases/web/$d" ] || bad "no web case $d"; done
for d in "${mail_domains[@]}"; do [ -f "$here/cases/mail/$d" ] || bad "no mail case $d"; done

# Domains for the cancel test: the other web case domains, enough work to
# be still running when the cancel comes.
ls "$here/cases/web" | grep -vxF -f <(printf '%s\n' "${web_domains[@]}") >"$w/cancel.txt"

# The CLI's reports of the same domains, the API's reference.
"$bin" web --json "${common[@]}" "${web_domains[@]}" >"$w/cli-web.jsonl" 2>"$w/cli.err"
"$bin" mail --json "${common[@]}" --dkim-selector sel1 "${mail_domains[@]}" \
	>"$w/cli-mail.jsonl" 2>>"$w/cli.err"
[ "$(wc -l <"$w/cli-web.jsonl")" = ${#web_domains[@]} ] && ok || bad "CLI web reports missing"
[ "$(wc -l <"$w/cli-mail.jsonl")" = ${#mail_domains[@]} ] && ok || bad "CLI mail reports missing"

serve_pid=
# start_serve DB LOG EXTRA... -- a server on 127.0.0.1:8080 and [::1]:8080
start_serve() {
	local db=$1 log=$2 i
	shift 2
	"$bin" serve --db "$db" --listen 127.0.0.1:8080 --listen '[::1]:8080' \
		"${common[@]}" --dkim-selector sel1 --concurrency 4 "$@" >"$log" 2>&1 &
	serve_pid=$!
	for i in $(seq 1 100); do
		curl -s -o /dev/null http://127.0.0.1:8080/ && return 0
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.1
	done
	bad "serve did not start: $(tail -3 "$log")"
	return 1
}
# stop_serve LOG -- SIGTERM; it must stop at once, cleanly, with no
# sanitizer report.
stop_serve() {
	local log=$1 rc
	kill -TERM "$serve_pid"
	wait "$serve_pid"
	rc=$?
	[ $rc -eq 0 ] && ok || bad "serve exit $rc after SIGTERM: $(tail -3 "$log")"
	if grep -qE "Sanitizer|runtime error" "$log"; then
		bad "sanitizer report from serve"; grep -A30 -E "Sanitizer|runtime error" "$log" | head -40
	else ok; fi
}

# expect CASEFILE -> "SCORE:cat=status,..." from the case file (the design)
expect() {
	local f=$1 score cats
	score=$(awk '$1 == "score" {print $2}' "$f")
	cats=$(awk '$1 == "category" {printf "%s%s=%s", sep, $2, $3; sep=","}' "$f")
	echo "$score:$cats"
}

# wait_test BASE site|mail DOMAIN OUT -- poll the progress JSON into OUT
# until the test is done or in error (30 s at most); its state on stdout
wait_test() {
	local base=$1 word=$2 dom=$3 out=$4 st= i
	for i in $(seq 1 150); do
		curl -s "$base/api/progress/$word/$dom" >"$out"
		st=$(jq -r .state "$out")
		[ "$st" = done ] || [ "$st" = error ] && break
		sleep 0.2
	done
	echo "$st"
}

run_api() { # BACKEND DB
	local backend=$1 db=$2 t
	"$bin" user add --db "$db" e2e <<<"$password" 2>"$w/user.log" && ok ||
		bad "$backend: user add: $(cat "$w/user.log")"
	start_serve "$db" "$w/serve-$backend.log" --allow-targets "$testbed_ranges" || return
	if [ "$backend" = sqlite ] && [ "$browser" = browser ]; then
		local shots=$top/build/test-artefacts/e2e
		mkdir -p "$shots"
		if $py "$top/tests/e2e/browser.py" --base http://127.0.0.1:8080 --shots "$shots" \
			--web "good.test:$(expect "$here/cases/web/good.test")" \
			--web "dsmismatch.test:$(expect "$here/cases/web/dsmismatch.test")" \
			--mail "good.test:$(expect "$here/cases/mail/good.test")" \
			--web-nojs "appsec-none.test:$(expect "$here/cases/web/appsec-none.test" | cut -d: -f1)" \
			--hof-web good.test >"$w/browser.log" 2>&1; then ok
		else
			bad "browser tests"; grep -E '^FAIL|Error|Traceback' "$w/browser.log" | head -20
		fi
		echo "  serve browser: $(grep -c '^ok' "$w/browser.log") checks passed, screenshots in $shots"
	fi
	# Live progress: web-deadv6.test waits for probes of a dead IPv6 web
	# address, so its test runs for seconds; while it runs, the progress
	# JSON shows operations started per category and some categories
	# finished before others; at the end every category is finished.
	if [ "$backend" = sqlite ]; then
		curl -s -o /dev/null -d domain=web-deadv6.test http://127.0.0.1:8080/test/site
		: >"$w/progress.jsonl"
		for i in $(seq 1 300); do
			curl -s http://127.0.0.1:8080/api/progress/site/web-deadv6.test >>"$w/progress.jsonl"
			echo >>"$w/progress.jsonl"
			[ "$(tail -1 "$w/progress.jsonl" | jq -r .state)" = done ] && break
			sleep 0.1
		done
		jq -s -e 'map(select(.state == "running" and ([.categories[].started] | add) > 0
			and any(.categories[]; .finished) and any(.categories[]; .finished | not))) | length > 0' \
			"$w/progress.jsonl" >/dev/null && ok ||
			bad "no running snapshot with partial progress: $(head -c 600 "$w/progress.jsonl")"
		tail -1 "$w/progress.jsonl" | jq -e '.state == "done" and (.report_url | test("^/site/web-deadv6.test/[0-9a-f]{32}/$"))
			and all(.categories[]; .finished and .done == .started)' >/dev/null && ok ||
			bad "progress did not end done and finished: $(tail -1 "$w/progress.jsonl")"
	fi
	# A report younger than --reuse (200 s) is shown again: once good.test
	# has a report, the form goes straight to it.
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' -d domain=good.test http://127.0.0.1:8080/test/site)
	for i in $(seq 1 150); do
		case $loc in */test/site/good.test/) ;; *) break ;; esac
		[ "$(curl -s http://127.0.0.1:8080/api/progress/site/good.test | jq -r .state)" = done ] && break
		sleep 0.2
	done
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' -d domain=good.test http://127.0.0.1:8080/test/site)
	case $loc in
	*/site/good.test/*/) ok ;;
	*) bad "$backend: a recent report is not reused: POST /test/site went to '$loc'" ;;
	esac
	for t in web mail; do
		local -n doms=${t}_domains
		if $py "$top/tests/e2e/api.py" --base http://127.0.0.1:8080 --user e2e \
			--password "$password" --cli-json "$w/cli-$t.jsonl" --type "$t" \
			--cancel-domains "$w/cancel.txt" --max-domains 5000 "${doms[@]}" \
			>"$w/api-$backend-$t.log" 2>&1; then ok
		else
			bad "$backend $t: API tests"; grep -E '^FAIL|Error|Traceback' "$w/api-$backend-$t.log" | head -20
		fi
		echo "  serve $backend API $t: $(grep -c '^ok' "$w/api-$backend-$t.log") checks passed"
	done
	stop_serve "$w/serve-$backend.log"
}

# Live progress per category (tests/tools/progress, normal build only):
# every category's counts only grow and end finished with done == started.
prog=$(dirname "$bin")/tools/progress
if [ -x "$prog" ]; then
	for t in "web good.test" "mail good.test" "web dsmismatch.test"; do
		# shellcheck disable=SC2086
		if "$prog" -q $t >"$w/progress.log" 2>&1; then ok
		else bad "progress of $t: $(tail -3 "$w/progress.log")"; fi
	done
fi

run_api sqlite "$w/serve.db"
run_api postgres "$SERVE_PGURL"

# 3. The target policy: without 2001:db8::/32 allowed, good.test is refused.
start_serve "$w/refuse.db" "$w/serve-refuse.log" --allow-targets 198.51.100.0/24 && {
	code=$(curl -s -o /dev/null -w '%{http_code}' -d domain=good.test http://127.0.0.1:8080/test/site)
	[ "$code" = 303 ] && ok || bad "refusal: POST /test/site gave $code"
	state=$(wait_test http://127.0.0.1:8080 site good.test "$w/refuse.json")
	[ "$state" = error ] && ok || bad "refusal: state $state, want error"
	jq -r .error "$w/refuse.json" | grep -q 'resolves to 2001:db8:.*documentation address; this server tests only public' &&
		ok || bad "refusal message: $(jq -r .error "$w/refuse.json")"
	# the email test: good.test's mail server has an address in
	# 2001:db8::/32 too; the refusal names it
	curl -s -o /dev/null -d domain=good.test http://127.0.0.1:8080/test/mail
	state=$(wait_test http://127.0.0.1:8080 mail good.test "$w/refuse-mail.json")
	[ "$state" = error ] && jq -r .error "$w/refuse-mail.json" |
		grep -q '^mx[^ ]*good.test resolves to 2001:db8:.*documentation address' && ok ||
		bad "mail refusal: $state: $(jq -r .error "$w/refuse-mail.json")"
	# a name that is not a domain: the home page says why, 400
	code=$(curl -s -o "$w/bad.html" -w '%{http_code}' -d 'domain=not a domain' http://127.0.0.1:8080/test/site)
	[ "$code" = 400 ] && grep -q 'id="notice"' "$w/bad.html" && ok || bad "bad domain: $code"
	stop_serve "$w/serve-refuse.log"
}
# ... and a name whose web server is allowed but whose name servers are
# not (good.test: web 2001:db8::80 allowed, ns1/ns2 at 2001:db8::31/32 not):
# refused, naming the name server.
start_serve "$w/refuse-ns.db" "$w/serve-refuse-ns.log" \
	--allow-targets 198.51.100.0/24,2001:db8::80/128 && {
	curl -s -o /dev/null -d domain=good.test http://127.0.0.1:8080/test/site
	state=$(wait_test http://127.0.0.1:8080 site good.test "$w/refuse-ns.json")
	[ "$state" = error ] && jq -r .error "$w/refuse-ns.json" |
		grep -q '^ns[12]\.good\.test resolves to 2001:db8::3[12], a documentation address' && ok ||
		bad "NS refusal: $state: $(jq -r .error "$w/refuse-ns.json")"
	stop_serve "$w/serve-refuse-ns.log"
}

# 5. Privileges and limits: bound to port 80 as root, then running as
# nobody (uid, gid and groups), the tests still work (files read and the
# database written as nobody); a request whose headers do not fit
# --max-header is refused.
pdir=$(mktemp -d /tmp/utd-serve-priv.XXXXXX)
chmod 755 "$pdir"
chown nobody "$pdir"
start_port80() {
	"$bin" serve --db "$pdir/p.db" --user nobody --listen 127.0.0.1:80 --max-header 8192 \
		"${common[@]}" --allow-targets "$testbed_ranges" >"$w/serve-priv.log" 2>&1 &
	serve_pid=$!
	for i in $(seq 1 100); do
		curl -s -o /dev/null http://127.0.0.1:80/ && return 0
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.1
	done
	bad "serve --user nobody on port 80 did not start: $(tail -3 "$w/serve-priv.log")"
	return 1
}
if start_port80; then
	ids=$(awk '/^Uid:|^Gid:/ { printf "%s %s %s %s ", $2, $3, $4, $5 } /^Groups:/ { $1 = ""; printf "groups%s", $0 }' \
		"/proc/$serve_pid/status")
	[ "$ids" = "65534 65534 65534 65534 65534 65534 65534 65534 groups 65534" ] && ok ||
		bad "serve --user nobody runs with ids '$ids'"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" \
		http://127.0.0.1:80/)
	case $code in 431|413) ok ;; *) bad "a 20 kB header with --max-header 8192 gave $code" ;; esac
	curl -s -o /dev/null -d domain=good.test http://127.0.0.1:80/test/site
	state=$(wait_test http://127.0.0.1:80 site good.test "$w/priv.json")
	[ "$state" = done ] && ok || bad "a test as nobody ended '$state': $(tail -3 "$w/serve-priv.log")"
	[ "$(stat -c %U "$pdir/p.db")" = nobody ] && ok || bad "the database is not nobody's"
	stop_serve "$w/serve-priv.log"
fi
rm -rf "$pdir"

# 4. Misuse.
misuse() { # WANT_RC TEXT CMD...
	local want=$1 text=$2 rc
	shift 2
	"$@" >"$w/misuse.out" 2>&1 </dev/null
	rc=$?
	[ $rc -eq "$want" ] && grep -q -- "$text" "$w/misuse.out" && ok ||
		bad "misuse '$*': exit $rc, want $want with '$text': $(head -2 "$w/misuse.out")"
}
misuse 2 "serve takes no arguments" "$bin" serve extra
misuse 3 "want ADDRESS:PORT" "$bin" serve --db "$w/m.db" --listen nonsense
misuse 3 "no such user" "$bin" serve --db "$w/m.db" --listen 127.0.0.1:8099 --user no-such-user-here
misuse 2 "not an option of 'serve'" "$bin" serve --output x
misuse 3 "allow-targets" "$bin" serve --db "$w/m.db" --allow-targets 10.0.0.0/99
misuse 2 "shorter than 8" bash -c "echo short | '$bin' user add --db '$w/m.db' bob"
misuse 1 "exists already" bash -c "echo '$password' | '$bin' user add --db '$w/serve.db' e2e"
misuse 1 "no user" "$bin" user del --db "$w/m.db" nobody
misuse 2 "user name" bash -c "echo '$password' | '$bin' user add --db '$w/m.db' 'a b'"
"$bin" user list --db "$w/serve.db" | grep -q '^e2e ' && ok || bad "user list lacks e2e"
misuse 0 "removed" "$bin" user del --db "$w/serve.db" e2e

echo "serve: $pass passed, $fail failed"
[ $fail -eq 0 ]
