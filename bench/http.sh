#!/bin/sh
# HTTP benchmark: kring serve against nginx serving a 1 KB file, both on
# loopback, measured in the same run with wrk. Prints requests per second
# (median of RUNS runs) and each figure as a share of nginx. It never fails
# the build: it only prints.
#
#   bench/http.sh            (from the repository root, after make)
#   RUNS=5 DURATION=10 CONNECTIONS=64 bench/http.sh
set -eu

cd "$(dirname "$0")/.."
KRING=${KRING:-build/kring}
RUNS=${RUNS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}

for tool in wrk nginx; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
		echo "bench: $tool is missing; run scripts/install-deps" >&2
		exit 1
	}
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$KRING" ] || { echo "bench: $KRING is missing; run make" >&2; exit 1; }

work=$(mktemp -d)
nginx_pid=""
kring_pid=""
cleanup() {
	[ -n "$kring_pid" ] && kill "$kring_pid" 2>/dev/null && wait "$kring_pid" 2>/dev/null
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
	sleep 0.2
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# ---- nginx serving 1 KB -------------------------------------------------
mkdir -p "$work/www" "$work/nginx"
head -c 1024 /dev/zero | tr '\0' 'k' > "$work/www/1k.txt"
nport=$(free_port)
cat > "$work/nginx.conf" <<CONF
worker_processes $THREADS;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
daemon on;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/nginx;
	proxy_temp_path $work/nginx;
	fastcgi_temp_path $work/nginx;
	uwsgi_temp_path $work/nginx;
	scgi_temp_path $work/nginx;
	keepalive_requests 100000;
	server {
		listen 127.0.0.1:$nport;
		root $work/www;
	}
}
CONF
[ "$(id -u)" -eq 0 ] && sed -i "1i user $(id -un);" "$work/nginx.conf"
"$NGINX" -c "$work/nginx.conf" -p "$work/nginx" 2>"$work/nginx/start.log" || {
	echo "bench: nginx did not start:" >&2; cat "$work/nginx/start.log" >&2; exit 1; }

# ---- kring on the demo data --------------------------------------------
echo "bench: making the demo database..."
"$KRING" demo --db "sqlite:$work/demo.db" >/dev/null
kport=$(free_port)
"$KRING" serve --db "sqlite:$work/demo.db" --listen "127.0.0.1:$kport" --threads "$THREADS" \
	>"$work/kring.out" 2>"$work/kring.err" &
kring_pid=$!
for _ in $(seq 50); do
	curl -fs "http://127.0.0.1:$kport/healthz" >/dev/null 2>&1 && break
	sleep 0.1
done
curl -fs "http://127.0.0.1:$nport/1k.txt" >/dev/null || { echo "bench: nginx does not answer" >&2; exit 1; }

cat > "$work/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"Bench Voorbeeld","relation":"buurman"}'
LUA

# median requests/second of RUNS runs of wrk
measure() {
	url=$1; shift
	for _ in $(seq "$RUNS"); do
		wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" "$@" "$url" 2>/dev/null |
			awk '/^Requests\/sec:/ { print $2 }'
	done | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'
}

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, median of $RUNS runs, $(nproc) cores"
base=$(measure "http://127.0.0.1:$nport/1k.txt")
health=$(measure "http://127.0.0.1:$kport/healthz")
read_case=$(measure "http://127.0.0.1:$kport/api/v1/requests/1")
create=$(measure "http://127.0.0.1:$kport/api/v1/requests/1/network-members" -s "$work/create.lua")

row() {
	awk -v name="$1" -v v="$2" -v b="$base" \
		'BEGIN { printf "%-40s %10.0f req/s  %6.1f%% of nginx\n", name, v, (b > 0 ? 100 * v / b : 0) }'
}
echo
row "nginx, static 1 KB file (baseline)" "$base"
row "kring GET /healthz" "$health"
row "kring GET /api/v1/requests/1" "$read_case"
row "kring POST network member (durable)" "$create"
exit 0
