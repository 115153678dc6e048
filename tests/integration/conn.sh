#!/usr/bin/env bash
# The connection test against the testbed (run by tests/integration/run
# with the testbed up):
#   tests/integration/conn.sh BIN WORK [browser]
# `uptodate serve` runs in the server namespace on the site host
# (198.51.100.170, 2001:db8::170), port 80 and DNS port 53, as nobody,
# with the keys whose DS the testbed put into uptodate.test. Then:
#  1. DNS through the testbed's resolvers, from the client namespaces:
#     the probe names validate (ad), their NODATA answers too, the bogus
#     name is SERVFAIL for a validating resolver and data for the one that
#     does not validate, the IPv6-only delegation fails for the resolver
#     without IPv6; TCP straight to the server;
#  2. each client namespace runs a visit the way the page does (curl for
#     the probes, the namespace's resolver for the names) and the verdicts
#     are those section 5 of the spec gives for that kind of connection
#     (the testbed's design, tests/testbed/README.md):
#       good    IPv4+IPv6, validating resolver       everything passed, 100
#       noval   resolver that does not validate       DNSSEC failed, 50
#       v4only  no IPv6                               IPv6 failed (20), 60
#       resv4   resolver without IPv6                 resolver test failed, 90
#  3. with "browser": headless Chromium in each client namespace opens
#     http://uptodate.test/connection/ and the result page it reaches shows
#     the same verdicts (tests/e2e/conn.py), screenshots in
#     build/test-artefacts/e2e-conn;
#  4. the server's log holds no client or resolver address; a visit is
#     forgotten after --conn-keep; misuse of the options fails with one line.
set -uo pipefail
bin=$(realpath "$1") work=$2 browser=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck disable=SC1091
. /run/uptodate-testbed/env
Z=${UTD_CONN_ZONE:-uptodate.test}
S4=198.51.100.170 S6=2001:db8::170
w=$work/conn
rm -rf "$w"
mkdir -p "$w"
# serve runs as nobody: its database lives where nobody can write (the
# work directory's parents may be closed to others)
ddir=$(mktemp -d /tmp/utd-conn-db.XXXXXX)
chmod 755 "$ddir"
chown nobody "$ddir"

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL conn: $*"; }
expect() { # WHAT GOT WANT
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}
cx() { local ns=$1; shift; ip netns exec "utd-c-$ns" "$@"; }

spid= nstart=0 log=
start_serve() {
	nstart=$((nstart + 1))
	log=$w/serve.$nstart.log
	ip netns exec utd-srv "$bin" serve --db "$ddir/db.sqlite" \
		--listen "$S4:80" --listen "[$S6]:80" --conn-zone "$Z" \
		--conn-addr "$S4" --conn-addr "$S6" --conn-keys "$UTD_CONNKEYS" \
		--user nobody --no-batch-work "$@" >"$log" 2>&1 &
	spid=$!
	local i
	for i in $(seq 100); do
		grep -q "serving on \[$S6\]:80" "$log" && return 0
		kill -0 "$spid" 2>/dev/null || break
		sleep 0.1
	done
	bad "serve did not start: $(tail -3 "$log")"
	return 1
}
stop_serve() { # it must stop on SIGTERM with status 0 and no sanitizer report
	[ -n "$spid" ] || return 0
	kill "$spid" 2>/dev/null
	wait "$spid"
	expect "serve $nstart stops on SIGTERM" "$?" 0
	if grep -q 'Sanitizer' "$log"; then bad "sanitizer report in $log"; grep -m3 'ERROR' "$log"; else ok; fi
	spid=
}
trap 'stop_serve; rm -rf "$ddir"' EXIT

# dig from a client namespace through its resolver: "STATUS FLAGS|ANSWER"
q() { # NS NAME TYPE [dig options]
	local ns=$1 name=$2 type=$3 out
	shift 3
	out=$(cx "$ns" dig +time=3 +tries=2 "$@" "$name" "$type" 2>&1)
	printf '%s|%s|%s\n' \
		"$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' <<<"$out" | head -1)" \
		"$(sed -n 's/^;; flags: \([a-z ]*\);.*/\1/p' <<<"$out" | head -1)" \
		"$(awk '/^;; ANSWER SECTION/{a=1;next} /^$/{a=0} a && $4=="'"$type"'" {print $5}' <<<"$out" | sort | tr '\n' ' ' | sed 's/ $//')"
}
has_ad() { case " $1 " in *" ad "*) echo yes ;; *) echo no ;; esac; }

# A visit as the page makes it: start, fetch every probe, ask the verdict.
# Prints the result JSON; the id in $w/id.NS.
visit() { # NS
	local ns=$1 start id url
	start=$(cx "$ns" curl -s -m 10 -X POST "http://$Z/api/connection/start") || return 1
	id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$start" 2>/dev/null) || {
		bad "$ns: start gave $start"
		return 1
	}
	echo "$id" >"$w/id.$ns"
	for url in $(python3 -c 'import json,sys
for p in json.loads(sys.argv[1])["probes"]: print(p["url"])' "$start"); do
		cx "$ns" curl -s -m 8 -o /dev/null "$url"
	done
	cx "$ns" curl -s -m 10 "http://$Z/api/connection/result/$id"
}
field() { # JSON python-expression-on-r
	python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null
}
st_cat() { field "$1" "r['results']['categories']['$2']['status']"; }
st_test() { field "$1" "r['results']['tests']['$2']['status']"; }

# --- misuse: one line, exit 3, before anything is bound ---------------------
msg=$(ip netns exec utd-srv "$bin" serve --db "$w/x.db" --listen "$S4:8081" \
	--conn-zone "$Z" --conn-addr "$S4" 2>&1)
expect "serve without an IPv6 --conn-addr exits" "$?" 3
grep -q "needs an IPv6 address" <<<"$msg" && ok || bad "no-IPv6 message: $msg"
msg=$(ip netns exec utd-srv "$bin" serve --db "$w/x.db" --listen "$S4:8081" \
	--conn-zone "$Z" --conn-addr "$S6" 2>&1)
expect "serve with --conn-addr not listened on exits" "$?" 3
grep -q "no --listen on that address" <<<"$msg" && ok || bad "no-listen message: $msg"
msg=$(ip netns exec utd-srv "$bin" serve --db "$w/x.db" --conn-addr a --conn-addr b \
	--conn-addr c 2>&1)
expect "three --conn-addr" "$?" 2
msg=$(ip netns exec utd-srv "$bin" serve --db "$w/x.db" --conn-keep 1 2>&1)
expect "--conn-keep 1" "$?" 2
for r in -1 1000001 x; do
	msg=$(ip netns exec utd-srv "$bin" serve --db "$w/x.db" --conn-dns-rate "$r" 2>&1)
	expect "--conn-dns-rate $r" "$?" 2
	grep -q "conn-dns-rate" <<<"$msg" && ok || bad "--conn-dns-rate $r message: $msg"
done

start_serve || { echo "conn: $pass passed, $fail failed"; exit 1; }
# the delegation it prints is the one the testbed put into $Z
ds_printed=$(awk '$4=="DS" {print $1, $5, $6, $7, $8}' "$log" | sort)
ds_served=$(cx good dig +short +nosplit "conn.$Z" DS | awk -v z="conn.$Z." '{print z, $1, $2, $3, $4}'
	cx good dig +short +nosplit "conn6.$Z" DS | awk -v z="conn6.$Z." '{print z, $1, $2, $3, $4}')
ds_served=$(sort <<<"$ds_served" | tr 'A-F' 'a-f')
expect "DS printed at start = DS in the parent" "$(tr 'A-F' 'a-f' <<<"$ds_printed")" "$ds_served"

# --- 1. DNS --------------------------------------------------------------------
id=0123456789abcdef0123
r=$(q good "$id.aaaa.conn.$Z" AAAA +dnssec)
expect "aaaa name via validating resolver" "${r%%|*}|$(has_ad "$(cut -d'|' -f2 <<<"$r")")|${r##*|}" "NOERROR|yes|$S6"
r=$(q good "$id.aaaa.conn.$Z" A +dnssec)
expect "aaaa name has no A, proven (ad)" "${r%%|*}|$(has_ad "$(cut -d'|' -f2 <<<"$r")")|${r##*|}" "NOERROR|yes|"
r=$(q good "$id.a.conn.$Z" A +dnssec)
expect "a name" "${r%%|*}|$(has_ad "$(cut -d'|' -f2 <<<"$r")")|${r##*|}" "NOERROR|yes|$S4"
r=$(q good "nosuch.conn.$Z" A +dnssec)
expect "a name that does not exist: secure NODATA" "${r%%|*}|$(has_ad "$(cut -d'|' -f2 <<<"$r")")" "NOERROR|yes"
r=$(q good "$id.bogus.conn.$Z" A)
expect "bogus name via validating resolver" "${r%%|*}" SERVFAIL
r=$(q good "$id.bogus.conn.$Z" A +cd)
expect "bogus name with checking disabled" "${r%%|*}|${r##*|}" "NOERROR|$S4"
r=$(q noval "$id.bogus.conn.$Z" A)
expect "bogus name via the resolver that does not validate" "${r%%|*}|$(has_ad "$(cut -d'|' -f2 <<<"$r")")|${r##*|}" "NOERROR|no|$S4"
r=$(q good "$id.a-aaaa.conn6.$Z" AAAA +dnssec)
expect "conn6 name via a resolver with IPv6" "${r%%|*}|$(has_ad "$(cut -d'|' -f2 <<<"$r")")|${r##*|}" "NOERROR|yes|$S6"
r=$(q resv4 "$id.a-aaaa.conn6.$Z" A)
expect "conn6 name via the resolver without IPv6" "${r%%|*}" SERVFAIL
r=$(q resv4 "$id.a.conn.$Z" A +dnssec)
expect "a name via the resolver without IPv6" "${r%%|*}|$(has_ad "$(cut -d'|' -f2 <<<"$r")")|${r##*|}" "NOERROR|yes|$S4"
r=$(q good "$id.a.conn.$Z" A +tcp +norec "@$S4")
expect "TCP straight to the server: authoritative" "${r%%|*}|$(case " $(cut -d'|' -f2 <<<"$r") " in *" aa "*) echo aa ;; esac)|${r##*|}" "NOERROR|aa|$S4"
r=$(q good "good.test" A +norec "@$S6")
expect "a name outside its zones" "${r%%|*}" REFUSED

# --- 2. visits ------------------------------------------------------------------
for spec in "good 100 passed passed info passed passed passed passed passed passed" \
	"noval 50 passed failed info passed passed passed passed passed failed" \
	"v4only 60 failed passed info failed failed passed not_tested passed passed" \
	"resv4 90 failed passed info passed passed failed passed passed passed"; do
	read -r ns score c6 cd c4 tn tl tr tp t4 td <<<"$spec"
	res=$(visit "$ns")
	[ -n "$res" ] || { bad "$ns: no result"; continue; }
	echo "$res" >"$w/result.$ns.json"
	expect "$ns: score" "$(field "$res" "r['scoring']['percentage']")" "$score"
	expect "$ns: conn_ipv6" "$(st_cat "$res" conn_ipv6)" "$c6"
	expect "$ns: conn_dnssec" "$(st_cat "$res" conn_dnssec)" "$cd"
	expect "$ns: conn_ipv4" "$(st_cat "$res" conn_ipv4)" "$c4"
	expect "$ns: conn_ipv6_name" "$(st_test "$res" conn_ipv6_name)" "$tn"
	expect "$ns: conn_ipv6_literal" "$(st_test "$res" conn_ipv6_literal)" "$tl"
	expect "$ns: conn_ipv6_resolver" "$(st_test "$res" conn_ipv6_resolver)" "$tr"
	expect "$ns: conn_ipv6_privacy" "$(st_test "$res" conn_ipv6_privacy)" "$tp"
	expect "$ns: conn_ipv4_reach" "$(st_test "$res" conn_ipv4_reach)" "$t4"
	expect "$ns: conn_dnssec_validation" "$(st_test "$res" conn_dnssec_validation)" "$td"
done
# The DNS side saw the good client's resolver ask for the conn6 name over
# IPv6, and the resolver without IPv6 ask the other names over IPv4 only;
# addresses truncated.
r=$(cat "$w/result.good.json" 2>/dev/null)
expect "good: resolver seen over IPv6 for conn6" \
	"$(field "$r" "sorted(set(d['family'] for d in r['details']['tests']['conn_ipv6_resolver']['evidence']['dns']))")" "['IPv6']"
expect "good: resolver address truncated" \
	"$(field "$r" "sorted(set(d['resolver'] for d in r['details']['tests']['conn_ipv6_resolver']['evidence']['dns']))")" "['2001:db8::/32']"
expect "good: client address truncated" \
	"$(field "$r" "r['details']['tests']['conn_ipv6_name']['evidence']['http']['client']")" "2001:db8::/32"
r=$(cat "$w/result.resv4.json" 2>/dev/null)
expect "resv4: resolver asked the A name over IPv4" \
	"$(field "$r" "sorted(set(d['family'] for d in r['details']['tests']['conn_ipv4_reach']['evidence']['dns']))")" "['IPv4']"
expect "resv4: resolver address truncated" \
	"$(field "$r" "sorted(set(d['resolver'] for d in r['details']['tests']['conn_ipv4_reach']['evidence']['dns']))")" "['198.51.0.0/16']"
# The result page of a visit (server-rendered) shows the same.
id=$(cat "$w/id.noval" 2>/dev/null)
page=$(cx noval curl -s -m 10 "http://$Z/connection/result/$id/")
grep -q 'data-category="conn_dnssec" data-status="failed"' <<<"$page" && ok ||
	bad "noval: result page does not show DNSSEC failed"
grep -q 'id="score" data-score="50"' <<<"$page" && ok || bad "noval: result page score"
# A probe for an unknown visit, and a probe host of another id.
code=$(cx good curl -s -o /dev/null -w '%{http_code}' -m 5 \
	"http://fedcba9876543210fedc.a.conn.$Z/connection/probe/fedcba9876543210fedc")
expect "probe of an unknown visit" "$code" 404
code=$(cx good curl -s -o /dev/null -w '%{http_code}' -m 5 \
	"http://fedcba9876543210fedc.a.conn.$Z/connection/probe/$id")
expect "probe whose host and path ids differ" "$code" 404
code=$(cx good curl -s -o /dev/null -w '%{http_code}' -m 5 -X GET "http://$Z/api/connection/start")
expect "start with GET" "$code" 405

# --- 3. the browser ---------------------------------------------------------------
if [ -n "$browser" ]; then
	shots=$top/build/test-artefacts/e2e-conn
	mkdir -p "$shots"
	for spec in "good 100 conn_ipv6=passed conn_dnssec=passed conn_ipv4=info" \
		"noval 50 conn_ipv6=passed conn_dnssec=failed conn_ipv4=info" \
		"v4only 60 conn_ipv6=failed conn_dnssec=passed conn_ipv4=info" \
		"resv4 90 conn_ipv6=failed conn_dnssec=passed conn_ipv4=info"; do
		read -r ns score c1 c2 c3 <<<"$spec"
		tests=()
		case $ns in
		good) tests=(conn_ipv6_name=passed conn_ipv6_literal=passed conn_ipv6_resolver=passed
			conn_ipv6_privacy=passed conn_ipv4_reach=passed conn_dnssec_validation=passed) ;;
		noval) tests=(conn_dnssec_validation=failed conn_ipv6_name=passed) ;;
		v4only) tests=(conn_ipv6_name=failed conn_ipv6_literal=failed conn_ipv6_resolver=passed
			conn_ipv4_reach=passed conn_dnssec_validation=passed) ;;
		resv4) tests=(conn_ipv6_resolver=failed conn_ipv6_name=passed conn_ipv6_literal=passed) ;;
		esac
		targs=()
		for t in "${tests[@]}"; do targs+=(--test "$t"); done
		if cx "$ns" python3 "$top/tests/e2e/conn.py" --url "http://$Z/connection/" \
			--shots "$shots" --tag "$ns" --score "$score" --cat "$c1" --cat "$c2" \
			--cat "$c3" "${targs[@]}" >"$w/browser.$ns.log" 2>&1; then
			ok
		else
			bad "browser in utd-c-$ns:"
			grep -E '^FAIL' "$w/browser.$ns.log" | head -8
		fi
		echo "  conn: browser $ns: $(tail -1 "$w/browser.$ns.log")"
	done
fi

# --- 4. privacy, expiry ---------------------------------------------------------------
stop_serve
# Client addresses of the testbed's connection-test clients and resolvers
# (README address plan): none may appear in the log whole.
if grep -nE '198\.51\.100\.(5[345]|1(7[6-9]|8[0-9]|9[01]))|2001:db8:ff[f][a-f]::|2001:db8::5[345]' \
	"$w"/serve.*.log; then
	bad "the log holds a client or resolver address"
else
	ok
fi
start_serve --conn-keep 10 --conn-dns-rate 3 || { echo "conn: $pass passed, $fail failed"; exit 1; }
# 30 UDP queries at once straight to its DNS from one client: 3 answers
# (and what the bucket gets back meanwhile, 3 a second), then TC for every
# second one, nothing for the others; TCP is still answered (dig goes
# there after TC).
burst() { # ADDR -> "FULL TC"
	cx good python3 - "$1" "ns.conn.$Z" <<'PY'
import socket, struct, sys, time
addr, name = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET, socket.SOCK_DGRAM)
s.connect((addr, 53))
qn = b''.join(bytes([len(l)]) + l.encode() for l in name.split('.') if l) + b'\0'
for i in range(30):
    s.send(struct.pack('>HHHHHH', i, 0x0100, 1, 0, 0, 0) + qn + b'\0\1\0\1')
full = tc = 0
s.settimeout(0.5)
try:
    while True:
        r = s.recv(4096)
        if r[2] & 0x02:
            tc += 1
        elif r[2] & 0x84 == 0x84:
            full += 1
except socket.timeout:
    pass
print(full, tc)
PY
}
for a in "$S4" "$S6"; do
	read -r full tc <<<"$(burst "$a")"
	if [ "${full:-0}" -ge 3 ] && [ "$full" -le 6 ] && [ "${tc:-0}" -eq $(( (30 - full + 1) / 2 )) ]; then
		ok
	else
		bad "burst of 30 to $a at --conn-dns-rate 3: $full full, $tc TC"
	fi
done
# The resolver is in the same /24 as the client: it meets the limit too,
# and still gets a (new, so uncached) name, by TCP after TC.
r=$(q good "$(openssl rand -hex 10).a.conn.$Z" A)
expect "a resolver past the limit still gets its answer" "${r%%|*}|$(has_ad "$(cut -d'|' -f2 <<<"$r")")|${r##*|}" "NOERROR|yes|$S4"
start=$(cx good curl -s -m 10 -X POST "http://$Z/api/connection/start")
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$start" 2>/dev/null)
code=$(cx good curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$Z/api/connection/result/$id")
expect "a visit right after it started" "$code" 200
sleep 11
code=$(cx good curl -s -o /dev/null -w '%{http_code}' -m 5 "http://$Z/api/connection/result/$id")
expect "the same visit after --conn-keep 10" "$code" 404
# It ran as nobody (uid 65534) with the DNS on port 53.
uid=$(awk '/^Uid:/ {print $2}' "/proc/$spid/status" 2>/dev/null)
expect "serve with the connection test runs as nobody" "$uid" 65534
stop_serve

echo "conn: $pass passed, $fail failed"
[ $fail -eq 0 ]
