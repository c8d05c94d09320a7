"""The command line on a database it cannot use: `kring init --db URL` and
`kring serve --db URL` exit non-zero within a few seconds and say why in
exactly one line on stderr that starts with `kring ` and never holds the
password. Malformed URLs, an unreachable server, wrong credentials, a
database that does not exist, and a database whose schema is newer than
this kring."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.parse

import harness as h

# how long a refusal may take (the sanitizer and valgrind builds start slower)
WITHIN = float(os.environ.get('KRING_TEST_REFUSE_WITHIN', '10'))

FUTURE_VERSION = 999


def commands(url):
    """The two commands that open a database, with url."""
    return (('init', ['init', '--db', url]),
            ('serve', ['serve', '--db', url, '--listen', '127.0.0.1:0']))


def run(args):
    """Runs kring ARGS in an empty directory with no KRING_* settings from the
    environment; returns (CompletedProcess with text output, seconds taken).
    A kring that does not exit within WITHIN seconds (a serve that serves)
    is killed and counts as a failure."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('KRING_')}
    # neither a libpq default nor a password file may rescue a bad URL
    for k in ('PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'PGSERVICE', 'PGPASSFILE'):
        env.pop(k, None)
    env['PGCONNECT_TIMEOUT'] = '5'
    cwd = tempfile.mkdtemp(prefix='kring-dberr-')
    started = time.monotonic()
    try:
        p = subprocess.run([h.KRING_BIN] + args, stdin=subprocess.DEVNULL, capture_output=True,
                           env=env, cwd=cwd, timeout=WITHIN + 20)
    except subprocess.TimeoutExpired as e:
        raise AssertionError('kring %s did not exit within %gs; stderr: %r' % (
            ' '.join(args), WITHIN + 20, (e.stderr or b'')[-1000:])) from None
    finally:
        took = time.monotonic() - started
        left = os.listdir(cwd) if os.path.isdir(cwd) else []
        shutil.rmtree(cwd, ignore_errors=True)
    p.stdout = p.stdout.decode('utf-8', 'replace')
    p.stderr = p.stderr.decode('utf-8', 'replace')
    p.left_behind = left
    found = h.sanitizer_findings(p.stderr)
    if found:
        raise AssertionError('sanitizer report from kring %s:\n%s' % (' '.join(args), p.stderr[-4000:]))
    return p, took


class Refusals(unittest.TestCase):

    def refused(self, args, secrets=(), mentions=()):
        """kring ARGS must fail quickly with one line on stderr; returns the line."""
        p, took = run(args)
        what = 'kring %s' % ' '.join(args)
        for secret in secrets:
            if secret:
                self.assertNotIn(secret, p.stderr, '%s: the password in stderr' % what)
                self.assertNotIn(secret, p.stdout, '%s: the password in stdout' % what)
        self.assertNotEqual(p.returncode, 0, '%s exited 0; stdout %r, stderr %r' % (what, p.stdout, p.stderr))
        self.assertLess(took, WITHIN, '%s took %.1fs to refuse' % (what, took))
        text = p.stderr[:-1] if p.stderr.endswith('\n') else p.stderr
        lines = text.split('\n')
        self.assertEqual(len(lines), 1, '%s: exactly one line on stderr, got %r' % (what, p.stderr))
        line = lines[0]
        self.assertTrue(line.startswith('kring '), '%s: the line starts with "kring ": %r' % (what, line))
        self.assertGreater(len(line.strip()), len('kring '), '%s: the line says why' % what)
        for m in mentions:
            self.assertIn(m.lower(), line.lower(), '%s: the line mentions %r' % (what, m))
        self.assertEqual(p.left_behind, [], '%s made files in its directory' % what)
        return line

    def refused_by_both(self, url, secrets=(), mentions=()):
        for name, args in commands(url):
            with self.subTest(command=name, url=url):
                self.refused(args, secrets, mentions)

    def test_malformed_urls(self):
        cases = [
            ('postgres://user@host:notaport/db', ()),
            ('postgres://kring:malformed-secret-42@host:notaport/db', ('malformed-secret-42',)),
            ('postgresql://kring:malformed-secret-43@127.0.0.1:99999/db', ('malformed-secret-43',)),
            ('mysql://x', ()),
            ('mysql://kring:malformed-secret-44@127.0.0.1/db', ('malformed-secret-44',)),
            ('sqlite:', ()),
            ('', ()),
        ]
        for url, secrets in cases:
            self.refused_by_both(url, secrets)

    def test_an_unreachable_server(self):
        port = h.free_port()  # bound and released: nothing listens there
        secret = 'unreachable-secret-31'
        self.refused_by_both('postgres://kring:%s@127.0.0.1:%d/x' % (secret, port), (secret,))

    @h.postgres_only('needs the test cluster ($KRING_TEST_PG_URL)')
    def test_wrong_credentials(self):
        parts = urllib.parse.urlsplit(h.PG_URL)
        real = h.pg_password(h.PG_URL)
        self.assertTrue(real, 'the cluster URL holds a password')
        wrong = 'wrong-secret-123'
        netloc = '%s:%s@%s:%d' % (parts.username, wrong, parts.hostname, parts.port)
        url = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
        self.refused_by_both(url, (wrong, real))
        # a user that does not exist, with the real password
        netloc = 'nosuchuser:%s@%s:%d' % (urllib.parse.quote(real, safe=''), parts.hostname, parts.port)
        self.refused_by_both(urllib.parse.urlunsplit(parts._replace(netloc=netloc)), (real,))

    @h.postgres_only('needs the test cluster ($KRING_TEST_PG_URL)')
    def test_a_database_that_does_not_exist(self):
        url = h.pg_url_for(h.PG_URL, 'kring_t_missing_%s' % os.urandom(6).hex())
        self.refused_by_both(url, (h.pg_password(h.PG_URL),))
        # and kring did not create it
        self.assertEqual(h.pg_admin("SELECT count(*) FROM pg_database WHERE datname = '%s'"
                                    % h.pg_dbname(url)).strip(), '0')

    def test_a_database_at_a_newer_schema_version(self):
        s = h.Server(init=False)
        try:
            p = h.run_cli(['init', '--db', s.db_url])
            self.assertEqual(p.returncode, 0, p.stderr)
            if s.db_path is not None:
                import sqlite3
                db = sqlite3.connect(s.db_path)
                db.execute("INSERT INTO schema_migrations (version, name, applied_at) "
                           "VALUES (?, 'from_a_newer_kring', '2099-01-01T00:00:00Z')", (FUTURE_VERSION,))
                db.commit()
                db.close()
            else:
                h.psql_on(s.db_url, "INSERT INTO schema_migrations (version, name, applied_at) "
                          "VALUES (%d, 'from_a_newer_kring', now())" % FUTURE_VERSION)
            before = s.db_snapshot()
            secrets = (h.pg_password(s.db_url),) if s.db_path is None else ()
            for name, args in commands(s.db_url):
                with self.subTest(command=name):
                    line = self.refused(args, secrets, mentions=('schema', str(FUTURE_VERSION)))
                    self.assertIn('version', line.lower(), line)
                    self.assertEqual(s.db_snapshot(), before, 'kring %s changed the database' % name)
        finally:
            s.stop()


if __name__ == '__main__':
    unittest.main()
