#!/usr/bin/env bash
# The HTML report, rendered by a real browser: headless Chromium (Debian's
# chromium) opens the report of a testbed domain from disk, in a network
# namespace of its own with no interfaces up (unshare -n: no network at
# all, so no external asset could load), takes a screenshot and dumps the
# DOM it laid out. The score and every category's title must be there.
#   tests/integration/html.sh BIN WORKDIR
set -uo pipefail
bin=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
tb=$here/../testbed
. /run/uptodate-testbed/env
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: html: $*"; }

command -v chromium >/dev/null || { echo "html: chromium is not installed"; exit 1; }
opts=(--root-hints "$UTD_ROOT_HINTS" --trust-anchor "$UTD_TRUST_ANCHOR" --ca-file "$UTD_CA"
	--timeout 6000 --http-timeout 4000 --probe-timeout 2000)

shot() { # HTML PNG -- screenshot and DOM of a file, no network
	unshare -n chromium --headless --no-sandbox --disable-gpu \
		--disable-dev-shm-usage --user-data-dir="$work/chromium" \
		--window-size=1200,2400 --screenshot="$2" "file://$1" >"$work/chromium.log" 2>&1 &&
	unshare -n chromium --headless --no-sandbox --disable-gpu \
		--disable-dev-shm-usage --user-data-dir="$work/chromium" \
		--dump-dom "file://$1" 2>>"$work/chromium.log"
}

# A blank page of the same size: the report's screenshot must hold more.
printf '<!DOCTYPE html><html><body></body></html>\n' >"$work/blank.html"
shot "$work/blank.html" "$work/blank.png" >/dev/null
blank=$(stat -c %s "$work/blank.png" 2>/dev/null || echo 0)

# kind domain score categories... (testbed design: tests/integration/cases)
check() {
	local kind=$1 d=$2 score=$3 html=$work/$1-$2.html png=$work/$1-$2.png dom
	shift 3
	"$tb/exec" "$bin" "$kind" "${opts[@]}" --html "$html" "$d" >/dev/null 2>&1
	[ -s "$html" ] && ok || { bad "$kind $d: no HTML written"; return; }
	# standalone: no external reference of any kind
	if grep -qiE '(src|href)="(https?:)?//' "$html"; then bad "$kind $d: external asset"; else ok; fi
	dom=$(shot "$html" "$png")
	local size
	size=$(stat -c %s "$png" 2>/dev/null || echo 0)
	[ "$size" -gt $((blank * 3)) ] && ok ||
		bad "$kind $d: screenshot of $size bytes looks blank (blank page: $blank)"
	grep -q "<span class=\"score\">$score%</span>" <<<"$dom" && ok ||
		bad "$kind $d: score $score% not rendered"
	for c in "$@"; do
		grep -q "<h2>$c <span" <<<"$dom" && ok || bad "$kind $d: category '$c' not rendered"
	done
}

check web good.test 100 "IPv6" "DNSSEC" "HTTPS"
check mail good.test 100 "IPv6" "DNSSEC" "Mail authenticity" "STARTTLS and DANE"
check web tls-dhe2048.test 97 "IPv6" "DNSSEC" "HTTPS"

echo "  html (chromium): $pass passed, $fail failed"
[ $fail -eq 0 ]
