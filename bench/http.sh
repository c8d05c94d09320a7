#!/bin/sh
# HTTP benchmark: kring serve against nginx serving a 1 KB file, both on
# loopback, measured in the same run with wrk. Prints requests per second
# (median of RUNS runs) and each figure as a share of nginx. It never fails
# the build: it only prints.
#
#   bench/http.sh            (from the repository root, after make)
#   RUNS=5 DURATION=10 CONNECTIONS=64 bench/http.sh
set -eu

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_init

# ---- nginx serving 1 KB -------------------------------------------------
mkdir -p "$WORK/www"
head -c 1024 /dev/zero | tr '\0' 'k' > "$WORK/www/1k.txt"
nport=$(free_port)
bench_start_nginx static <<CONF
	server {
		listen 127.0.0.1:$nport;
		root $WORK/www;
	}
CONF

# ---- kring on the demo data --------------------------------------------
echo "bench: making the demo database..."
"$KRING" demo --db "sqlite:$WORK/demo.db" >/dev/null
kport=$(free_port)
bench_start_kring kring "sqlite:$WORK/demo.db" "$kport"
curl -fs "http://127.0.0.1:$nport/1k.txt" >/dev/null || bench_die "nginx does not answer"

bench_login "http://127.0.0.1:$kport"
cat > "$WORK/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = '{"name":"Bench Voorbeeld","relation":"buurman"}'
LUA

# a browser's session: the case page as the demo account sees it, and the
# same bytes from nginx
COOKIE=$(curl -fs -o /dev/null -D - -d 'username=demo&password=kring-demo-2010' "http://127.0.0.1:$kport/login" |
	sed -n 's/^Set-Cookie: \(__Host-kring=[^;]*\);.*/\1/p')
[ -n "$COOKIE" ] || bench_die "logging in on /login failed"
curl -fs -H "Cookie: $COOKIE" "http://127.0.0.1:$kport/requests/1" > "$WORK/www/case.html" ||
	bench_die "the case page does not answer"
echo "bench: the case page is $(wc -c < "$WORK/www/case.html") bytes"

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, median of $RUNS runs, $(nproc) cores"
base=$(measure "http://127.0.0.1:$nport/1k.txt")
page_base=$(measure "http://127.0.0.1:$nport/case.html")
page=$(measure "http://127.0.0.1:$kport/requests/1" -H "Cookie: $COOKIE")
health=$(measure "http://127.0.0.1:$kport/healthz")
read_case=$(measure "http://127.0.0.1:$kport/api/v1/requests/1" -H "$AUTH")
create=$(measure "http://127.0.0.1:$kport/api/v1/requests/1/network-members" -s "$WORK/create.lua")

echo
row "nginx, static 1 KB file (baseline)" "$base" "$base"
row "kring GET /healthz" "$health" "$base"
row "kring GET /api/v1/requests/1" "$read_case" "$base"
row "kring POST network member (durable)" "$create" "$base"
echo
row "nginx, the case page's bytes (baseline)" "$page_base" "$page_base"
row "kring GET /requests/1 (the case page)" "$page" "$page_base"
exit 0
