#!/usr/bin/env bash
# CLI behaviour on bad input: one clear line on stderr, the documented exit
# status, never a crash. Needs no network: every case fails before any query.
#   tests/integration/cli.sh BIN WORKDIR
set -uo pipefail
bin=$1 work=$2
pass=0 fail=0

# expect EXIT PATTERN -- ARGS...: exit status EXIT, exactly one stderr line
# matching the glob PATTERN, nothing on stdout.
expect() {
	local want=$1 pat=$2; shift 3
	"$bin" "$@" >"$work/cli.out" 2>"$work/cli.err"
	local rc=$? lines
	lines=$(wc -l <"$work/cli.err")
	# shellcheck disable=SC2053
	if [ $rc -eq "$want" ] && [ "$lines" -eq 1 ] && [[ "$(cat "$work/cli.err")" == $pat ]] &&
		[ ! -s "$work/cli.out" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL cli: uptodate $*: exit $rc (want $want), stderr: $(head -3 "$work/cli.err")"
	fi
}

expect 2 "*say what to test*" --
expect 2 "*unknown command 'http'*" -- http example.nl
expect 2 "*no domain given*" -- web
expect 2 "*unknown option '--frobnicate'*" -- web --frobnicate good.test
expect 2 "*needs a value*" -- web good.test --root-hints
expect 2 "*'bad..name' is not a domain name*" -- web bad..name
expect 2 "*'-x-' is not a domain name*" -- mail -- -x-
expect 2 "*is not a domain name*A-label*" -- web bücher.example
expect 2 "*is not a domain name*IP address*" -- web 198.51.100.7
expect 2 "*is not a domain name*" -- web "$(printf 'a%.0s' $(seq 64)).test"
expect 2 "*--timeout wants milliseconds*" -- web --timeout 0 good.test
expect 2 "*--probe-timeout wants milliseconds*" -- web --probe-timeout 12x good.test
expect 2 "*--max-conns-per-address wants a number from 1 to 64*" -- web --max-conns-per-address 0 good.test
expect 3 "*--ca-file /nonexistent/ca.pem: No such file or directory*" -- \
	web --ca-file /nonexistent/ca.pem good.test
expect 3 "*--root-hints /nonexistent/root.hints: No such file or directory*" -- \
	web --root-hints /nonexistent/root.hints good.test
expect 3 "*--trust-anchor /nonexistent/root.key: No such file or directory*" -- \
	web --trust-anchor /nonexistent/root.key good.test

# batch: bad usage and bad files, before any query.
printf 'good.test\n' >"$work/cli-list.txt"
printf 'done\n' >"$work/cli-existing.jsonl"
expect 2 "*--type wants web, mail or both, not 'http'*" -- batch --type http "$work/cli-list.txt"
expect 2 "*--format wants jsonl or csv, not 'xml'*" -- batch --format xml "$work/cli-list.txt"
expect 2 "*--json is not an option of 'batch'*" -- batch --json "$work/cli-list.txt"
expect 2 "*--concurrency wants a number from 1 to 100000, not '0'*" -- batch --concurrency 0 "$work/cli-list.txt"
expect 2 "*--deadline wants milliseconds*" -- batch --deadline 5 "$work/cli-list.txt"
expect 2 "*batch reads one list of domains; got 2 arguments*" -- batch "$work/cli-list.txt" "$work/cli-list.txt"
expect 2 "*--resume continues an --output FILE*" -- batch --resume "$work/cli-list.txt"
expect 2 "*--resume and --overwrite exclude each other*" -- \
	batch --resume --overwrite --output "$work/x.jsonl" "$work/cli-list.txt"
expect 2 "*summarize: unknown option '--jobs'*" -- summarize --jobs 3 x.jsonl
expect 3 "*/nonexistent/list.txt: No such file or directory*" -- batch --no-summary /nonexistent/list.txt
expect 3 "*cli-existing.jsonl exists: --resume continues it, --overwrite replaces it*" -- \
	batch --no-summary --output "$work/cli-existing.jsonl" "$work/cli-list.txt"

# --help teaches and succeeds; --version prints one line.
# (each help read whole first: grep -q closing the pipe early would make
# the writer fail under pipefail)
help_has() { local pat=$1 h; shift; h=$("$bin" "$@" 2>&1) && grep -q -- "$pat" <<<"$h"; }
if help_has "Exit status" --help && help_has "--root-hints" web --help &&
	help_has "--resume" batch --help && help_has "--compare" summarize --help; then
	pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL cli: --help"; fi
if [ "$("$bin" --version | wc -l)" -eq 1 ]; then
	pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL cli: --version"; fi

echo "  cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
