#!/bin/sh
# Reports and import benchmark, on SQLite:
#   (1) kring demo --requests N generates N cases (default 1,000,000) over
#       the five years up to YEAR, and kring export cases writes them as a
#       kring-case/1 file;
#   (2) kring import of that file into an empty database, timed with
#       hyperfine: cases per second;
#   (3) kring report annual --year YEAR --format json on the generated
#       database against the same aggregates run directly in the sqlite3
#       shell (the SQL the annual report runs, store/report_sql.c, with the
#       values written in), both with hyperfine: the report's median as a
#       multiple of the shell's.
# Prints the medians and the ratios. The aim (issue 6): the report within 2x
# of the shell, the import at 50,000 cases per second or more.
#
#   bench/reports.sh                       (from the repository root, after make)
#   REQUESTS=100000 RUNS=5 YEAR=2024 bench/reports.sh
#   IMPORT_RUNS=1 (default) times the import once per run of the script
set -eu

cd "$(dirname "$0")/.."
KRING=${KRING:-build/kring}
REQUESTS=${REQUESTS:-1000000}
YEAR=${YEAR:-2024}
RUNS=${RUNS:-5}
IMPORT_RUNS=${IMPORT_RUNS:-1}

bench_die() {
	echo "bench: $*" >&2
	exit 1
}
for tool in hyperfine sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || bench_die "$tool is missing; run scripts/install-deps"
done
[ -x "$KRING" ] || bench_die "$KRING is missing; run make"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# median SECONDS of the first command of a hyperfine JSON export
median() {
	python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$@"
}

GEN="$WORK/generated.db"
FILE="$WORK/cases.jsonl"
echo "bench: generating $REQUESTS cases (kring demo --requests) ..."
start=$(date +%s)
KRING_PASSWORD_COST=minimum "$KRING" demo --db "sqlite:$GEN" --requests "$REQUESTS" --until "$YEAR" >/dev/null
echo "bench: generated in $(($(date +%s) - start)) s; exporting ..."
"$KRING" export cases --db "sqlite:$GEN" --out "$FILE" 2>/dev/null
echo "bench: $(wc -l <"$FILE") cases, $(($(wc -c <"$FILE") / 1048576)) MiB of kring-case/1"

# (2) the import, into a new database each run
IMP="$WORK/imported.db"
hyperfine --runs "$IMPORT_RUNS" --style basic \
	--prepare "rm -f '$IMP' '$IMP-wal' '$IMP-shm'; '$KRING' init --db 'sqlite:$IMP' >/dev/null" \
	--export-json "$WORK/import.json" \
	"'$KRING' import --db 'sqlite:$IMP' '$FILE'"
import_s=$(median "$WORK/import.json" 0)

# (3) the annual report against its aggregates in the sqlite3 shell
prev=$((YEAR - 1))
cat >"$WORK/annual.sql" <<EOF
SELECT r.track, SUM(CASE WHEN r.requested_on >= '$YEAR-01-01' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.requested_on < '$YEAR-01-01' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.requested_on >= '$YEAR-01-01' AND r.outcome = 'plan' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.requested_on >= '$YEAR-01-01' AND r.outcome = 'plan_without_meeting' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.requested_on >= '$YEAR-01-01' AND r.outcome IS NULL AND r.state = 'stopped' THEN 1 ELSE 0 END)
  FROM requests r WHERE r.requested_on >= '$prev-01-01' AND r.requested_on <= '$YEAR-12-31'
  GROUP BY r.track ORDER BY r.track;
SELECT COUNT(*), SUM(CASE WHEN v.safe_and_feasible = 1 THEN 1 ELSE 0 END)
  FROM requests r JOIN verdicts v ON v.request_id = r.id
  WHERE r.requested_on >= '$YEAR-01-01' AND r.requested_on <= '$YEAR-12-31'
  AND v.id = (SELECT MAX(v2.id) FROM verdicts v2 WHERE v2.request_id = r.id);
SELECT COUNT(c.participants_present), SUM(c.participants_present)
  FROM requests r JOIN conferences c ON c.request_id = r.id
  WHERE r.requested_on >= '$YEAR-01-01' AND r.requested_on <= '$YEAR-12-31';
SELECT SUM(CASE WHEN fu.situation = 'improved' THEN 1 ELSE 0 END),
  SUM(CASE WHEN fu.situation = 'same' THEN 1 ELSE 0 END), SUM(CASE WHEN fu.situation = 'worse' THEN 1 ELSE 0 END)
  FROM requests r JOIN follow_ups fu ON fu.request_id = r.id
  WHERE r.requested_on >= '$YEAR-01-01' AND r.requested_on <= '$YEAR-12-31'
  AND fu.id = (SELECT f2.id FROM follow_ups f2 WHERE f2.request_id = r.id AND f2.situation IS NOT NULL
               ORDER BY f2.follow_up_on DESC, f2.id DESC LIMIT 1);
SELECT SUM(fu.satisfaction_main_person), COUNT(fu.satisfaction_main_person),
  SUM(fu.satisfaction_child), COUNT(fu.satisfaction_child),
  SUM(fu.satisfaction_network), COUNT(fu.satisfaction_network),
  SUM(fu.satisfaction_professional), COUNT(fu.satisfaction_professional)
  FROM requests r JOIN follow_ups fu ON fu.request_id = r.id
  WHERE r.requested_on >= '$YEAR-01-01' AND r.requested_on <= '$YEAR-12-31'
  AND fu.id = (SELECT f2.id FROM follow_ups f2 WHERE f2.request_id = r.id
               AND (f2.satisfaction_main_person IS NOT NULL OR f2.satisfaction_child IS NOT NULL
                    OR f2.satisfaction_network IS NOT NULL OR f2.satisfaction_professional IS NOT NULL)
               ORDER BY f2.follow_up_on DESC, f2.id DESC LIMIT 1);
EOF
report_s="" shell_s=""
if "$KRING" report annual --db "sqlite:$GEN" --year "$YEAR" --format json >"$WORK/annual.json" 2>"$WORK/report.err"; then
	hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$WORK/report.json" \
		"'$KRING' report annual --db 'sqlite:$GEN' --year $YEAR --format json" \
		"sqlite3 '$GEN' <'$WORK/annual.sql'"
	report_s=$(median "$WORK/report.json" 0)
	shell_s=$(median "$WORK/report.json" 1)
else
	echo "bench: kring report annual failed: $(cat "$WORK/report.err")" >&2
fi

echo
echo "== bench/reports.sh: $REQUESTS requests, SQLite, medians =="
python3 - "$REQUESTS" "$import_s" "$report_s" "$shell_s" <<'EOF'
import sys
n, imp, rep, sh = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
print("kring import                    %9.3f s  %10.0f cases/s  (aim: >= 50,000)" % (imp, n / imp))
if rep:
    rep, sh = float(rep), float(sh)
    print("kring report annual --format json %7.3f s" % rep)
    print("the same aggregates in sqlite3  %9.3f s" % sh)
    print("report / shell                  %9.2f x   (aim: <= 2)" % (rep / sh))
EOF
