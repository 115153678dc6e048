# Shared definitions for the uptodate testbed scripts (sourced, not run).
# shellcheck shell=bash disable=SC2034

TESTBED_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
UTD_STATE=/run/uptodate-testbed
UTD_LOCK=/run/uptodate-testbed.lock

# Network namespaces: client -- router -- servers.
NS_CLI=utd-cli
NS_RT=utd-rt
NS_SRV=utd-srv

# The connection test's client namespaces (README.md, "Connection test"):
# each its own link to the router.  One line each:
#   NAMESPACE ROUTER-SIDE-IF IPV4-LINK(/30 network) IPV6-LINK(/64 prefix, or -
#   for none) RESOLVER-HOST (catalogue host in resolv.conf, its IPv4 address)
# On a link the router is .1 / ::1 of the subnet, the client .2 / ::2.
CONN_CLIENTS=(
	"utd-c-good   rt-c-good   198.51.100.176 2001:db8:fffd:: resolver"
	"utd-c-noval  rt-c-noval  198.51.100.180 2001:db8:fffc:: resolver-noval"
	"utd-c-v4only rt-c-v4only 198.51.100.184 -               resolver"
	"utd-c-resv4  rt-c-resv4  198.51.100.188 2001:db8:fffb:: resolver-v4"
)
NS_CONN=()
for _c in "${CONN_CLIENTS[@]}"; do
	read -r _n _ <<<"$_c"
	NS_CONN+=("$_n")
done
unset _c _n
# Every namespace the testbed creates (client namespaces first).
NS_ALL=("$NS_CLI" "${NS_CONN[@]}" "$NS_RT" "$NS_SRV")

# Routing protocol number that tags the unreachable routes put into the
# host's own namespace, so that "down" can find them even without state.
HOST_ROUTE_PROTO=117

# Policy routing table and tun device used by "latency on".
LAT_TABLE=100
LAT_DEV=utd-tun

die() {
	echo "testbed: error: $*" >&2
	exit 1
}

note() {
	echo "testbed: $*"
}

need_root() {
	[ "$(id -u)" -eq 0 ] || die "must run as root"
}

# need_cmd CMD... -- fail clearly when a tool is missing.
need_cmd() {
	local c missing=()
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || missing+=("$c")
	done
	[ ${#missing[@]} -eq 0 ] ||
		die "missing command(s): ${missing[*]} (run scripts/install-deps)"
}

ns_exists() {
	[ -e "/run/netns/$1" ]
}

# Process tracking.  Every process the testbed starts is recorded in
# $UTD_STATE/pids/NAME.pid as "PID STARTTIME" (field 22 of /proc/PID/stat),
# so a recycled pid is never mistaken for ours.
# proc_starttime PID -- prints the start time of a live (not zombie) process.
proc_starttime() {
	local stat rest
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	rest=${stat##*) }
	# shellcheck disable=SC2086
	set -- $rest
	# A zombie has exited; init may take a while to reap it.
	case $1 in Z | X | x) return 1 ;; esac
	echo "${20}"
}

pid_record() { # NAME PID
	local st
	st=$(proc_starttime "$2") || die "process $1 (pid $2) died at start; see $UTD_STATE/logs/"
	mkdir -p "$UTD_STATE/pids"
	echo "$2 $st" >"$UTD_STATE/pids/$1.pid"
}

# pid_of NAME -- prints the pid if NAME's recorded process is still alive.
pid_of() {
	local f=$UTD_STATE/pids/$1.pid pid st now
	[ -f "$f" ] || return 1
	read -r pid st <"$f" || return 1
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	now=$(proc_starttime "$pid") || return 1
	[ "$now" = "$st" ] || return 1
	echo "$pid"
}

# pid_reaped PID STARTTIME -- true once /proc no longer shows that process
# (not even as a zombie waiting for init to reap it).
pid_reaped() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	# shellcheck disable=SC2086
	set -- "$2" ${stat##*) }
	[ "${21}" != "$1" ]
}

# pids_stop NAME... -- SIGTERM every recorded process, SIGKILL those still
# alive after 5 s, then wait (up to 3 s) until init has reaped them all.
pids_stop() {
	local name pid st i j alive
	local -a pids=() starts=()
	for name in "$@"; do
		if pid=$(pid_of "$name"); then
			read -r _ st <"$UTD_STATE/pids/$name.pid"
			pids+=("$pid")
			starts+=("$st")
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done
	for ((i = 0; i < 50; i++)); do
		alive=0
		for name in "$@"; do
			pid_of "$name" >/dev/null && alive=1
		done
		[ $alive -eq 0 ] && break
		sleep 0.1
	done
	for name in "$@"; do
		if pid=$(pid_of "$name"); then
			echo "testbed: $name (pid $pid) ignored SIGTERM, killing" >&2
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
	for ((i = 0; i < 30; i++)); do
		alive=0
		for ((j = 0; j < ${#pids[@]}; j++)); do
			pid_reaped "${pids[j]}" "${starts[j]}" || alive=1
		done
		[ $alive -eq 0 ] && break
		sleep 0.1
	done
	for name in "$@"; do
		rm -f "$UTD_STATE/pids/$name.pid"
	done
}

pid_stop() {
	pids_stop "$1"
}

# start_bg NAME NETNS CMD... -- start CMD in NETNS in the background, output
# to $UTD_STATE/logs/NAME.out, and record its pid.  "ip netns exec" execs
# CMD, so $! is the daemon itself.  The lock fd 9 is not inherited.
start_bg() {
	local name=$1 netns=$2
	shift 2
	mkdir -p "$UTD_STATE/logs"
	ip netns exec "$netns" "$@" </dev/null >>"$UTD_STATE/logs/$name.out" 2>&1 9>&- &
	pid_record "$name" "$!"
}

# wait_until SECONDS DESCRIPTION CMD... -- poll CMD every 0.1 s.
wait_until() {
	local secs=$1 what=$2 i
	shift 2
	for ((i = 0; i < secs * 10; i++)); do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	echo "testbed: timed out after ${secs}s waiting for $what" >&2
	return 1
}

# conn_link NET4 NET6 -- the addresses of a connection-test client link:
# sets CL_R4 CL_C4 (router, client: .1 and .2 of the /30) and CL_R6 CL_C6
# (::1 and ::2 of the /64; empty when NET6 is "-").
conn_link() {
	local o=${1##*.}
	CL_R4=${1%.*}.$((o + 1))
	CL_C4=${1%.*}.$((o + 2))
	CL_R6="" CL_C6=""
	if [ "$2" != - ]; then
		CL_R6=${2}1
		CL_C6=${2}2
	fi
}
