"""Health endpoints and the command line: --help, unknown subcommands, init
twice, and the demo data."""
import os
import signal
import time
import unittest

import harness as h
from harness import API


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def new_db_url(d, name, made):
    """The URL of a database that does not exist yet (SQLite: the file d/NAME.db)
    or is still empty (PostgreSQL: a new database, appended to made)."""
    if h.BACKEND == 'sqlite':
        return 'sqlite:%s/%s.db' % (d, name)
    url = h.new_pg_database()
    made.append(url)
    return url


def first_migration(backend):
    """The SQL of migration 0001 for backend: 0001_initial.BACKEND.sql, or
    0001_initial.sql where one file serves (SQLite's, before PostgreSQL)."""
    d = os.path.join(h.ROOT, 'src', 'store', 'migrations')
    for name in ('0001_initial.%s.sql' % backend, '0001_initial.sql'):
        path = os.path.join(d, name)
        if os.path.exists(path) and (name != '0001_initial.sql' or backend == 'sqlite'):
            with open(path, encoding='utf-8') as f:
                return f.read()
    raise AssertionError('no migration 0001 for %s in %s' % (backend, d))


def initialized(url):
    """Whether the database at url exists and has been through `kring init`."""
    if url.startswith('sqlite:'):
        import sqlite3
        path = url[len('sqlite:'):]
        if not os.path.exists(path):
            return False
        db = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
        try:
            return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                              "AND name = 'schema_migrations'").fetchone()[0] == 1
        finally:
            db.close()
    return h.psql_on(url, "SELECT to_regclass('public.schema_migrations') IS NOT NULL").strip() == 't'


class Health(unittest.TestCase):

    def test_healthz_and_readyz_answer_200(self):
        for path in ('/healthz', '/readyz'):
            with self.subTest(path=path):
                self.assertEqual(h.get(path).status, 200)

    def test_serve_prints_one_line_once_listening(self):
        deadline = time.monotonic() + 5
        while True:  # the line may follow the first answer by a moment
            lines = [line for line in h.server().stdout_text().splitlines() if line.strip()]
            if lines or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(len(lines), 1, lines)


    def test_success_answers_are_application_json(self):
        for r in (h.get(API + '/regions'), h.post(API + '/regions', {'name': 'Json'})):
            ctype = (r.headers.get('Content-Type') or '').split(';')[0].strip().lower()
            self.assertEqual(ctype, 'application/json', r)


    def test_every_answer_forbids_caching_and_sniffing(self):
        # case data must not stay in a shared cache or a browser's; errors too
        answers = (h.get('/healthz'), h.get(API + '/regions'), h.get(API + '/regions/999999'),
                   h.post(API + '/regions', {'name': 'Koppen'}), h.get('/nosuch'))
        for r in answers:
            with self.subTest(status=r.status):
                self.assertEqual(r.headers.get('Cache-Control'), 'no-store')
                self.assertEqual(r.headers.get('X-Content-Type-Options'), 'nosniff')
                self.assertIn("frame-ancestors 'none'", r.headers.get('Content-Security-Policy') or '')
                self.assertEqual(r.headers.get('Referrer-Policy'), 'no-referrer')


class Cli(unittest.TestCase):

    def test_serve_stops_cleanly_on_sigint(self):
        s = h.Server().start()
        try:
            s.proc.send_signal(signal.SIGINT)
            rc = s.proc.wait(timeout=h.STOP_TIMEOUT)
            s.proc = None  # stopped here; stop() still checks its stderr
            self.assertEqual(rc, 0)
        finally:
            s.stop()

    def test_help_lists_the_subcommands_and_exits_0(self):
        p = h.run_cli(['--help'])
        self.assertEqual(p.returncode, 0, p.stderr)
        for sub in ('init', 'serve', 'demo'):
            self.assertIn(sub, p.stdout)

    def test_an_unknown_subcommand_exits_non_zero_with_a_message_on_stderr(self):
        p = h.run_cli(['nosuch'])
        self.assertNotEqual(p.returncode, 0)
        self.assertTrue(p.stderr.strip(), 'a message on stderr')

    def test_init_twice_is_fine_and_keeps_the_data(self):
        s = h.Server(init=False)
        try:
            for _ in range(2):
                p = h.run_cli(['init', '--db', s.db_url])
                self.assertEqual(p.returncode, 0, p.stderr)
            s.init = False
            s.start()
            reg = s.request('POST', API + '/regions', body={'name': 'Bewaard'})
            self.assertEqual(reg.status, 201, reg)
            s.stop(cleanup=False)
            before = s.db_snapshot()
            p = h.run_cli(['init', '--db', s.db_url])
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(s.db_snapshot(), before, 'init on an up-to-date database changes nothing')
            s.start()
            got = s.request('GET', '%s/regions/%d' % (API, reg.json['id']))
            self.assertEqual((got.status, got.json['name']), (200, 'Bewaard'))
        finally:
            s.stop()

    def test_init_upgrades_an_older_schema_and_keeps_the_data(self):
        # a database as the first release left it: only migration 0001
        s = h.Server(init=False)
        try:
            first = first_migration(h.BACKEND)
            if s.db_path is not None:
                import sqlite3
                db = sqlite3.connect(s.db_path)
                db.executescript(first)
                db.executescript('CREATE TABLE "schema_migrations" ("version" INTEGER PRIMARY KEY, '
                                 '"name" TEXT NOT NULL, "applied_at" TEXT NOT NULL);'
                                 "INSERT INTO schema_migrations VALUES (1, 'initial', '2025-01-01T00:00:00Z');"
                                 "INSERT INTO regions (version, created_at, updated_at, name) "
                                 "VALUES (1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'Oud-Regio');")
                db.commit()
                db.close()
            else:
                h.psql_on(s.db_url, first + ';\n'
                          'CREATE TABLE "schema_migrations" ("version" INTEGER PRIMARY KEY, '
                          '"name" TEXT NOT NULL, "applied_at" TIMESTAMPTZ NOT NULL);'
                          "INSERT INTO schema_migrations VALUES (1, 'initial', '2025-01-01T00:00:00Z');"
                          "INSERT INTO regions (version, created_at, updated_at, name) "
                          "VALUES (1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'Oud-Regio');")
            p = h.run_cli(['init', '--db', s.db_url])
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn('from schema version 1 to', p.stdout)
            if s.db_path is not None:
                import sqlite3
                db = sqlite3.connect(s.db_path)
                versions = [r[0] for r in db.execute('SELECT version FROM schema_migrations ORDER BY 1')]
                indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
                db.close()
            else:
                versions = [int(v) for v in h.psql_on(
                    s.db_url, 'SELECT version FROM schema_migrations ORDER BY 1').split()]
                indexes = set(h.psql_on(
                    s.db_url, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'").split())
            self.assertEqual(versions[:2], [1, 2])
            self.assertIn('requests_requested_on', indexes)
            s.start()
            got = s.request('GET', API + '/regions')
            self.assertEqual([r['name'] for r in got.json['items']], ['Oud-Regio'])
        finally:
            s.stop()

    def test_settings_come_from_the_flag_then_the_environment_then_the_config_file(self):
        import tempfile
        made = []
        try:
            with tempfile.TemporaryDirectory() as d:
                file_db, env_db, flag_db = (new_db_url(d, name, made)
                                            for name in ('from-file', 'from-env', 'from-flag'))
                conf = os.path.join(d, 'kring.conf')
                with open(conf, 'w') as f:
                    f.write('# kring settings\ndb = %s\n' % file_db)
                env = {'KRING_CONFIG': conf, 'KRING_DB': ''}
                p = h.run_cli(['init'], env=env, cwd=d)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertTrue(initialized(file_db))
                env['KRING_DB'] = env_db
                p = h.run_cli(['init'], env=env, cwd=d)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertTrue(initialized(env_db))
                p = h.run_cli(['init', '--db', flag_db], env=env, cwd=d)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertTrue(initialized(flag_db))
                p = h.run_cli(['--config', os.path.join(d, 'missing.conf'), 'init'], env=env, cwd=d)
                self.assertNotEqual(p.returncode, 0)
                self.assertIn('missing.conf', p.stderr)
        finally:
            for url in made:
                h.drop_pg_database(url)

    def test_serve_refuses_a_database_that_kring_init_has_not_prepared(self):
        import tempfile
        made = []
        try:
            with tempfile.TemporaryDirectory() as d:
                p = h.run_cli(['serve', '--db', new_db_url(d, 'new', made), '--listen', '127.0.0.1:0'],
                              timeout=30)
                self.assertNotEqual(p.returncode, 0)
                self.assertIn('kring init', p.stderr)
        finally:
            for url in made:
                h.drop_pg_database(url)

    def test_demo_fills_every_state(self):
        s = h.Server(init=False)
        try:
            p = h.run_cli(['demo', '--db', s.db_url], timeout=300)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertTrue(initialized(s.db_url))
            if s.db_path is not None:
                self.assertTrue(os.path.exists(s.db_path))
            s.start()

            def total(path, **params):
                r = s.request('GET', API + path, params=dict(params, limit=1))
                self.assertEqual(r.status, 200, r)
                return r.json['total']

            for state in h.STATES:
                with self.subTest(state=state):
                    self.assertGreaterEqual(total('/requests', state=state), 1)
            self.assertGreaterEqual(total('/regions'), 3)
            self.assertGreaterEqual(total('/coordinators'), 35)
            self.assertGreaterEqual(total('/requests'), len(h.STATES))
        finally:
            s.stop()


if __name__ == '__main__':
    unittest.main()
