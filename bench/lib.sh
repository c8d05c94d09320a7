# Shared by the benchmarks in bench/ (POSIX sh; sourced, not run).
#
# bench_init checks the tools, goes to the repository root and sets:
#   KRING RUNS DURATION CONNECTIONS THREADS   (from the environment or defaults)
#   NGINX   the nginx binary
#   WORK    a temporary directory, removed at exit
# Everything started with bench_start_kring or bench_start_nginx is stopped
# at exit; a script that starts anything else names a function to stop it
# in BENCH_ON_EXIT (it runs after the kring nodes are stopped).

bench_die() {
	echo "bench: $*" >&2
	exit 1
}

bench_init() {
	cd "$(dirname "$0")/.." || exit 1
	KRING=${KRING:-build/kring}
	RUNS=${RUNS:-3}
	DURATION=${DURATION:-5}
	CONNECTIONS=${CONNECTIONS:-64}
	THREADS=${THREADS:-2}
	for tool in wrk nginx curl; do
		command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
			bench_die "$tool is missing; run scripts/install-deps"
	done
	NGINX=$(command -v nginx || echo /usr/sbin/nginx)
	[ -x "$KRING" ] || bench_die "$KRING is missing; run make"
	WORK=$(mktemp -d)
	BENCH_KRING_PIDS=""
	BENCH_NGINX_DIRS=""
	BENCH_ON_EXIT=""
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

bench_cleanup() {
	set +e
	for pid in $BENCH_KRING_PIDS; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for dir in $BENCH_NGINX_DIRS; do
		[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null
	done
	[ -z "$BENCH_ON_EXIT" ] || "$BENCH_ON_EXIT"
	sleep 0.2
	rm -rf "$WORK"
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# bench_wait_ok URL: wait up to 10 s for URL to answer 2xx
bench_wait_ok() {
	for _ in $(seq 100); do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.1
	done
	return 1
}

# bench_start_nginx NAME: start nginx (prefix $WORK/NAME, with its pid file
# and logs there) with the server and upstream blocks read from stdin inside
# its http block
bench_start_nginx() {
	dir=$WORK/$1
	mkdir -p "$dir/tmp"
	{
		# as root, workers run as root too: they must read files in $WORK (0700)
		if [ "$(id -u)" -eq 0 ]; then echo "user $(id -un);"; fi
		cat <<CONF
worker_processes $THREADS;
pid $dir/nginx.pid;
error_log $dir/error.log;
daemon on;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $dir/tmp;
	proxy_temp_path $dir/tmp;
	fastcgi_temp_path $dir/tmp;
	uwsgi_temp_path $dir/tmp;
	scgi_temp_path $dir/tmp;
	keepalive_requests 100000;
CONF
		cat
		echo "}"
	} > "$dir/nginx.conf"
	"$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/start.log" || {
		cat "$dir/start.log" >&2
		bench_die "nginx ($1) did not start"
	}
	BENCH_NGINX_DIRS="$BENCH_NGINX_DIRS $dir"
}

# bench_start_kring NAME DB_URL PORT: kring serve in the background until
# /readyz answers; its pid in BENCH_PID. The URL goes in the environment,
# not on the command line, where ps would show a password.
bench_start_kring() {
	KRING_DB=$2 KRING_SECOND_FACTOR=optional "$KRING" serve --listen "127.0.0.1:$3" --threads "$THREADS" \
		>"$WORK/$1.out" 2>"$WORK/$1.err" &
	BENCH_PID=$!
	BENCH_KRING_PIDS="$BENCH_KRING_PIDS $BENCH_PID"
	bench_wait_ok "http://127.0.0.1:$3/readyz" || {
		tail -n 5 "$WORK/$1.err" >&2
		bench_die "kring serve ($1) did not become ready on port $3"
	}
}

# bench_login BASE_URL: an API token of the demo account (kring demo makes
# it) into BENCH_TOKEN, exported for wrk's Lua scripts; AUTH holds the
# header for curl and wrk
bench_login() {
	BENCH_TOKEN=$(curl -fs -H 'Content-Type: application/json' \
		-d '{"username":"demo","password":"kring-demo-2010","label":"bench"}' "$1/api/v1/tokens" |
		sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	[ -n "$BENCH_TOKEN" ] || bench_die "logging in as demo on $1 failed"
	export BENCH_TOKEN
	AUTH="Authorization: Bearer $BENCH_TOKEN"
}

# bench_stop_kring PID: stop one node now (so that it takes no core from
# what is measured next)
bench_stop_kring() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	rest=""
	for pid in $BENCH_KRING_PIDS; do
		[ "$pid" = "$1" ] || rest="$rest $pid"
	done
	BENCH_KRING_PIDS=$rest
}

# measure URL [WRK OPTIONS...]: median requests/second of RUNS runs of wrk.
# Each run gets BENCH_RUN=1..RUNS in its environment (for Lua scripts that
# make names unique); answers that were not 2xx/3xx and socket errors are
# reported on stderr, as they make a figure meaningless.
measure() {
	url=$1
	shift
	run=0
	while [ "$run" -lt "$RUNS" ]; do
		run=$((run + 1))
		BENCH_RUN=$run wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" "$@" "$url" \
			>"$WORK/wrk.out" 2>&1 || true
		awk -v url="$url" '
			/^Requests\/sec:/ { print $2 }
			/Non-2xx or 3xx responses:/ { printf "bench: %s: %s answers were not 2xx or 3xx\n", url, $NF > "/dev/stderr" }
			/Socket errors:/ { printf "bench: %s: %s\n", url, $0 > "/dev/stderr" }
		' "$WORK/wrk.out"
	done | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'
}

# row NAME VALUE BASELINE: one line of results
row() {
	awk -v name="$1" -v v="$2" -v b="$3" \
		'BEGIN { printf "%-46s %10.0f req/s  %6.1f%% of nginx\n", name, v, (b > 0 ? 100 * v / b : 0) }'
}
