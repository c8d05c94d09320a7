#!/bin/sh
# Database benchmark: the same read and write load with wrk against
#   (1) kring on SQLite, one node;
#   (2) kring on PostgreSQL, one node;
#   (3) kring on PostgreSQL, two nodes behind nginx (the configuration of
#       docs/operations.md, on loopback and without TLS);
# and nginx serving a 1 KB file in the same run as the baseline. The loads
# are a case read (GET /api/v1/requests/1 on the demo data) and a durable
# create (POST /api/v1/regions, every name new). PostgreSQL is a throwaway
# cluster from scripts/pg-test-cluster --durable (fsync and synchronous
# commit on, like SQLite's synchronous=FULL). Prints requests per second
# (median of RUNS runs), each as a share of nginx, and the ratios between
# the set-ups. Fails when a set-up cannot run, and says which.
#
#   bench/db.sh              (from the repository root, after make)
#   RUNS=5 DURATION=10 CONNECTIONS=64 THREADS=2 bench/db.sh
set -eu

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_init
CASE=1

command -v psql >/dev/null 2>&1 ||
	bench_die "psql is missing (scripts/install-deps installs it); the PostgreSQL part cannot run"
[ -x scripts/pg-test-cluster ] ||
	bench_die "scripts/pg-test-cluster is missing; the PostgreSQL part cannot run"

# PORTS: N free ports, all different
ports() {
	got=""
	while [ "$(echo "$got" | wc -w)" -lt "$1" ]; do
		p=$(free_port)
		case " $got " in *" $p "*) ;; *) got="$got $p" ;; esac
	done
	echo "$got"
}
# shellcheck disable=SC2046 # six words
set -- $(ports 6)
nport=$1 lport=$2 sport=$3 pport=$4 aport=$5 bport=$6

# ---- PostgreSQL ----------------------------------------------------------
# its own directory, open to others: as root the server runs as nobody
pg_dir=$(mktemp -d)
chmod 755 "$pg_dir"
# shellcheck disable=SC2317,SC2034 # run by bench_cleanup
stop_pg() {
	scripts/pg-test-cluster stop "$pg_dir" >/dev/null 2>&1 || true
	rm -rf "$pg_dir"
}
BENCH_ON_EXIT=stop_pg
echo "bench: starting a PostgreSQL cluster..."
pg_url=$(scripts/pg-test-cluster start --durable "$pg_dir" 2>"$WORK/pg-start.log") || {
	cat "$WORK/pg-start.log" >&2
	bench_die "scripts/pg-test-cluster could not start PostgreSQL; the PostgreSQL part cannot run"
}
psql -X -q -d "$pg_url" -c 'CREATE DATABASE kring_bench' >/dev/null 2>"$WORK/psql.log" || {
	cat "$WORK/psql.log" >&2
	bench_die "cannot create the database kring_bench; the PostgreSQL part cannot run"
}
pg_db=${pg_url%/postgres}/kring_bench

# ---- the demo data, the same on both -------------------------------------
echo "bench: making the demo databases (on PostgreSQL every commit waits for the disk)..."
"$KRING" demo --db "sqlite:$WORK/demo.db" >/dev/null
KRING_DB=$pg_db "$KRING" demo >/dev/null 2>"$WORK/pg-demo.err" || {
	tail -n 5 "$WORK/pg-demo.err" >&2
	bench_die "kring demo on PostgreSQL failed; the PostgreSQL part cannot run"
}

# ---- nginx: the 1 KB baseline, and the balancer for two nodes -------------
mkdir -p "$WORK/www"
head -c 1024 /dev/zero | tr '\0' 'k' > "$WORK/www/1k.txt"
bench_start_nginx nginx <<CONF
	server {
		listen 127.0.0.1:$nport;
		root $WORK/www;
	}

	upstream kring {
		server 127.0.0.1:$aport max_fails=3 fail_timeout=10s;
		server 127.0.0.1:$bport max_fails=3 fail_timeout=10s;
		keepalive 32;
	}
	server {
		listen 127.0.0.1:$lport;
		client_max_body_size 64k;
		location / {
			proxy_pass http://kring;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
			proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto \$scheme;
			proxy_connect_timeout 2s;
			proxy_read_timeout 30s;
			proxy_next_upstream error timeout;
			proxy_next_upstream_tries 2;
		}
	}
CONF
curl -fs -o /dev/null "http://127.0.0.1:$nport/1k.txt" || bench_die "nginx does not answer"

# every request a region with a name no other request of this bench used:
# set-up (BENCH_LABEL), run (BENCH_RUN), wrk thread and a counter
cat > "$WORK/region.lua" <<'LUA'
local made = 0
function setup(thread)
	made = made + 1
	thread:set("tid", made)
end
local n = 0
local prefix = ""
function init(args)
	prefix = string.format("Bench %s-%s-%d-", os.getenv("BENCH_LABEL") or "", os.getenv("BENCH_RUN") or "", tid)
end
function request()
	n = n + 1
	return wrk.format("POST", nil, { ["Content-Type"] = "application/json",
		["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") },
		'{"name":"' .. prefix .. n .. '"}')
end
LUA

# check SET-UP BASE_URL: the case reads and a region can be created
check() {
	bench_login "$2"
	curl -fs -o /dev/null -H "$AUTH" "$2/api/v1/requests/$CASE" ||
		bench_die "$1: GET /api/v1/requests/$CASE does not answer 200"
	curl -fs -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' -d "{\"name\":\"Bench check $1\"}" \
		"$2/api/v1/regions" || bench_die "$1: POST /api/v1/regions does not answer 201"
}

# load SET-UP BASE_URL: sets read and create
load() {
	check "$1" "$2"
	read=$(measure "$2/api/v1/requests/$CASE" -H "$AUTH")
	export BENCH_LABEL="$1"
	create=$(measure "$2/api/v1/regions" -s "$WORK/region.lua")
}

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, median of $RUNS runs, $(nproc) cores," \
	"kring serve --threads $THREADS per node"
base=$(measure "http://127.0.0.1:$nport/1k.txt")

bench_start_kring sqlite "sqlite:$WORK/demo.db" "$sport"
load sqlite "http://127.0.0.1:$sport"
sq_read=$read sq_create=$create
bench_stop_kring "$BENCH_PID"

bench_start_kring pg1 "$pg_db" "$pport"
load pg1 "http://127.0.0.1:$pport"
pg1_read=$read pg1_create=$create
bench_stop_kring "$BENCH_PID"

bench_start_kring pg2a "$pg_db" "$aport"
bench_start_kring pg2b "$pg_db" "$bport"
load pg2 "http://127.0.0.1:$lport"
pg2_read=$read pg2_create=$create

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'
}
echo
row "nginx, static 1 KB file (baseline)" "$base" "$base"
row "SQLite, 1 node: GET /requests/$CASE" "$sq_read" "$base"
row "SQLite, 1 node: POST /regions (durable)" "$sq_create" "$base"
row "PostgreSQL, 1 node: GET /requests/$CASE" "$pg1_read" "$base"
row "PostgreSQL, 1 node: POST /regions (durable)" "$pg1_create" "$base"
row "PostgreSQL, 2 nodes + nginx: GET /requests/$CASE" "$pg2_read" "$base"
row "PostgreSQL, 2 nodes + nginx: POST /regions" "$pg2_create" "$base"
echo
printf '%-46s %8s %8s\n' "ratio" "read" "create"
printf '%-46s %8s %8s\n' "PostgreSQL 1 node / SQLite" \
	"$(ratio "$pg1_read" "$sq_read")" "$(ratio "$pg1_create" "$sq_create")"
printf '%-46s %8s %8s\n' "PostgreSQL 2 nodes / PostgreSQL 1 node" \
	"$(ratio "$pg2_read" "$pg1_read")" "$(ratio "$pg2_create" "$pg1_create")"
exit 0
