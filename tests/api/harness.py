"""Harness for kring's HTTP API tests: a real `kring serve` on a loopback port.

Every test module starts its own server on a fresh database:

    import harness as h
    def setUpModule(): h.start()
    def tearDownModule(): h.stop()

and then talks to it with h.get/post/patch/delete, which return a Resp: a
(status, headers, json) tuple that also has .status, .headers, .json and
.body (the raw bytes).

The binary comes from $KRING_BIN (default: build/kring of this checkout). The
server's stdout and stderr go to files in its temporary directory; stop()
fails (AssertionError) if the server did not exit cleanly on SIGTERM or if its
stderr holds a sanitizer report. Standard library only.

The backend is chosen by $KRING_TEST_BACKEND: `sqlite` (the default; every
server gets a new SQLite file) or `postgres` (every server gets a new
database `kring_t_<hex>` on the cluster named by $KRING_TEST_PG_URL, which
`scripts/pg-test-cluster start DIR` prints; the server drops it when it
stops; $KRING_TEST_KEEP keeps it). BACKEND holds the choice; tests that
only make sense on one backend are marked with sqlite_only(reason) or
postgres_only(reason). PostgreSQL is reached with psql (pg_admin, psql_on,
psql_query), as the standard library has no driver.
"""
import atexit
import contextlib
import datetime
import http.client
import itertools
import json
import os
import re
import secrets
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import types
import unittest
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
KRING_BIN = os.path.abspath(os.environ.get('KRING_BIN') or os.path.join(ROOT, 'build', 'kring'))

# generous: the sanitizer build starts and answers more slowly
START_TIMEOUT = float(os.environ.get('KRING_TEST_START_TIMEOUT', '20'))
STOP_TIMEOUT = float(os.environ.get('KRING_TEST_STOP_TIMEOUT', '20'))
HTTP_TIMEOUT = float(os.environ.get('KRING_TEST_HTTP_TIMEOUT', '20'))
KEEP_TMP = bool(os.environ.get('KRING_TEST_KEEP'))

SANITIZER_MARKERS = ('ERROR: AddressSanitizer', 'runtime error:', 'LeakSanitizer')

TIMESTAMP_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$')
DATE_RE = re.compile(r'^\d{4}-\d{2}-\d{2}$')

API = '/api/v1'
NOBODY = object()

# Every API request logs in: as DEFAULT_USER unless a test names another
# (actor=NAME). Test accounts hold every role and this password; their
# passwords are hashed at the lowest cost, because argon2id at its real
# cost takes seconds under valgrind.
DEFAULT_USER = 'api'
TEST_PASSWORD = 'kring-test-password-1'
ALL_ROLES = ('admin', 'intake', 'regional_manager', 'coordinator', 'funder', 'researcher')
PASSWORD_COST = 'minimum'
# bookkeeping of logins that a request may touch without changing data:
# left out of snapshots
SNAPSHOT_SKIP = ('sessions',)

BACKEND = (os.environ.get('KRING_TEST_BACKEND') or 'sqlite').strip().lower()
if BACKEND not in ('sqlite', 'postgres'):
    raise RuntimeError('KRING_TEST_BACKEND must be sqlite or postgres, not %r' % BACKEND)
PG_URL = os.environ.get('KRING_TEST_PG_URL', '').strip()
PSQL = os.environ.get('KRING_TEST_PSQL') or 'psql'
PSQL_TIMEOUT = float(os.environ.get('KRING_TEST_PSQL_TIMEOUT', '60'))


def sqlite_only(reason):
    """Skips the test (or class) unless the suite runs on SQLite."""
    return unittest.skipUnless(BACKEND == 'sqlite', 'SQLite only: ' + reason)


def postgres_only(reason):
    """Skips the test (or class) unless the suite runs on PostgreSQL."""
    return unittest.skipUnless(BACKEND == 'postgres', 'PostgreSQL only: ' + reason)


# ---- PostgreSQL ------------------------------------------------------------

def pg_url_for(url, dbname):
    """url with its database replaced by dbname (same host, port, user,
    password and parameters)."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path='/' + urllib.parse.quote(dbname, safe='')))


def pg_password(url):
    """The password in a postgres:// URL ('' when there is none)."""
    return urllib.parse.unquote(urllib.parse.urlsplit(url).password or '')


def pg_dbname(url):
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path.lstrip('/'))


def _psql_env():
    env = dict(os.environ)
    for name in ('PGPASSWORD', 'PGPASSFILE', 'PGSERVICE', 'PGOPTIONS'):
        env.pop(name, None)
    env.setdefault('PGCONNECT_TIMEOUT', '10')
    env['PGTZ'] = 'UTC'
    env['PGCLIENTENCODING'] = 'UTF8'
    return env


def psql_on(url, sql, timeout=PSQL_TIMEOUT):
    """Runs sql with psql on the database of url; returns its output
    (unaligned, tuples only). Raises RuntimeError when psql fails."""
    try:
        p = subprocess.run([PSQL, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, env=_psql_env())
    except FileNotFoundError:
        raise RuntimeError('psql is not installed (the PostgreSQL tests need it)') from None
    if p.returncode != 0:
        raise RuntimeError('psql failed (exit %d) on %s: %s\nSQL: %s' % (
            p.returncode, pg_dbname(url), p.stderr.decode('utf-8', 'replace').strip()[-2000:], sql[:500]))
    return p.stdout.decode('utf-8')


def pg_admin(sql):
    """Runs sql on the cluster's maintenance database ($KRING_TEST_PG_URL)."""
    if not PG_URL:
        raise RuntimeError('KRING_TEST_PG_URL is not set: start a cluster with '
                           '`scripts/pg-test-cluster start DIR` and export the URL it prints')
    return psql_on(PG_URL, sql)


def pg_quote_ident(name):
    return '"%s"' % name.replace('"', '""')


def new_pg_database():
    """Creates a new, empty database kring_t_<random hex> on the cluster and
    returns its URL (the cluster's credentials, the new database's name)."""
    name = 'kring_t_' + secrets.token_hex(8)
    pg_admin('CREATE DATABASE %s' % pg_quote_ident(name))
    return pg_url_for(PG_URL, name)


class _KeptPsql:
    """One psql kept running on a database, for queries asked often (the
    snapshots around every refused request): a new psql costs a process and a
    connection each time. query() sends SQL and reads its output up to a
    marker line; an error ends it and raises."""

    def __init__(self, url):
        self.url = url
        self.err = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen([PSQL, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err,
                                         env=_psql_env())
        except FileNotFoundError:
            self.err.close()
            raise RuntimeError('psql is not installed (the PostgreSQL tests need it)') from None
        self.buf = b''

    def query(self, sql, timeout=PSQL_TIMEOUT):
        marker = ('-- kring end of answer %s --' % secrets.token_hex(8)).encode()
        try:
            self.proc.stdin.write(sql.encode('utf-8') + b'\n;\n\\echo ' + marker + b'\n')
            self.proc.stdin.flush()
        except OSError:
            self.fail(sql)
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while True:
            if self.buf == marker + b'\n' or self.buf.endswith(b'\n' + marker + b'\n'):
                out, self.buf = self.buf[:-len(marker) - 1], b''
                return out.decode('utf-8')
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.close()
                raise RuntimeError('psql gave no answer within %gs on %s\nSQL: %s'
                                   % (timeout, pg_dbname(self.url), sql[:500]))
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                self.fail(sql)
            self.buf += chunk

    def fail(self, sql):
        self.close()
        self.err.seek(0)
        text = self.err.read().decode('utf-8', 'replace').strip()
        raise RuntimeError('psql failed (exit %s) on %s: %s\nSQL: %s' % (
            self.proc.returncode, pg_dbname(self.url), text[-2000:], sql[:500]))

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        _kept.pop(self.url, None)


_kept = {}


def psql_query(url, sql, timeout=PSQL_TIMEOUT):
    """Like psql_on, on a psql that stays connected to url between calls."""
    kept = _kept.get(url)
    if kept is None or kept.proc.poll() is not None:
        kept = _kept[url] = _KeptPsql(url)
    return kept.query(sql, timeout)


def close_kept_psql(url=None):
    """Ends the kept psql of url (of every database when url is None)."""
    for key in [url] if url is not None else list(_kept):
        kept = _kept.get(key)
        if kept is not None:
            kept.close()


atexit.register(close_kept_psql)


def drop_pg_database(url):
    """Drops the database of url, closing its connections."""
    close_kept_psql(url)
    pg_admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % pg_quote_ident(pg_dbname(url)))


# columns whose type has no ordering are ordered by their text
_PG_UNORDERED = {'json', 'xml', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle'}


def pg_snapshot(url):
    """Every table of schema public of the database at url: its rows as text,
    ordered by their columns (first column first), plus the schema (each
    table's columns and each index). Sequence values are left out: PostgreSQL
    spends an id on an insert that is rolled back, which changes no data."""
    schema = json.loads(psql_query(url, """
        SELECT json_build_object(
          'columns', (SELECT coalesce(json_agg(json_build_array(
                         table_name, ordinal_position, column_name, data_type, is_nullable,
                         column_default) ORDER BY table_name, ordinal_position), '[]')
                      FROM information_schema.columns WHERE table_schema = 'public'),
          'tables', (SELECT coalesce(json_agg(table_name ORDER BY table_name), '[]')
                     FROM information_schema.tables
                     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'),
          'indexes', (SELECT coalesce(json_agg(json_build_array(tablename, indexname, indexdef)
                                      ORDER BY tablename, indexname), '[]')
                      FROM pg_indexes WHERE schemaname = 'public'))"""))
    snap = {'information_schema.columns': [tuple(c) for c in schema['columns']],
            'pg_indexes': [tuple(i) for i in schema['indexes']]}
    columns = {}
    for table, _, column, data_type, _, _ in schema['columns']:
        columns.setdefault(table, []).append((column, data_type))
    tables = sorted(t for t in schema['tables'] if t not in SNAPSHOT_SKIP)
    if not tables:
        return snap
    parts = []
    for t in tables:
        cols = columns.get(t, [])
        row = 'to_json(ARRAY[%s]::text[])' % ', '.join('r.%s::text' % pg_quote_ident(c) for c, _ in cols)
        order = ', '.join(('r.%s::text' if typ in _PG_UNORDERED else 'r.%s') % pg_quote_ident(c)
                          for c, typ in cols)
        parts.append("(%s, (SELECT coalesce(json_agg(%s ORDER BY %s), '[]') FROM %s r))" % (
            "'%s'" % t.replace("'", "''"), row if cols else "'[]'::json", order or '1',
            pg_quote_ident(t)))
    data = json.loads(psql_query(url, 'SELECT json_object_agg(t, v) FROM (VALUES %s) AS s(t, v)'
                              % ', '.join(parts)))
    for t in tables:
        snap[t] = [tuple(r) for r in data.get(t) or []]
    return snap


# ---- processes ---------------------------------------------------------

def sanitizer_findings(text):
    """Lines of text that carry a sanitizer report (empty when clean)."""
    return [line for line in text.splitlines() if any(m in line for m in SANITIZER_MARKERS)]


def run_cli(args, timeout=120, check_sanitizers=True, env=None, cwd=None, input=None):
    """Runs `kring ARGS...`; returns the CompletedProcess (text output).
    env holds extra environment variables; input is text for its stdin.

    Raises AssertionError when its stderr holds a sanitizer report."""
    full_env = dict(os.environ)
    full_env.setdefault('KRING_PASSWORD_COST', PASSWORD_COST)
    full_env.update(env or {})
    p = subprocess.run([KRING_BIN] + list(args),
                       stdin=subprocess.DEVNULL if input is None else None,
                       input=None if input is None else input.encode('utf-8'),
                       capture_output=True, timeout=timeout, env=full_env, cwd=cwd)
    p.stdout = p.stdout.decode('utf-8', 'replace')
    p.stderr = p.stderr.decode('utf-8', 'replace')
    if check_sanitizers:
        found = sanitizer_findings(p.stderr)
        if found:
            raise AssertionError('sanitizer report from kring %s:\n%s' %
                                 (' '.join(args), p.stderr[-4000:]))
    return p


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Resp(tuple):
    """(status, headers, json) plus .body, the raw answer bytes."""

    def __new__(cls, status, headers, data, body):
        t = tuple.__new__(cls, (status, headers, data))
        t.body = body
        return t

    status = property(lambda self: self[0])
    headers = property(lambda self: self[1])
    json = property(lambda self: self[2])

    def __repr__(self):
        text = self.body[:600].decode('utf-8', 'replace') if self.body else ''
        return 'Resp(%d, %r)' % (self.status, text)


class Server:
    """One `kring serve` on a new database of the backend, or on the database
    named by db_url or db_path (an SQLite file).

    db_url is the URL the server is given; db_path is the SQLite file (None on
    PostgreSQL). A database the server created is removed when it stops (on
    PostgreSQL: dropped), unless stop(cleanup=False)."""

    def __init__(self, db_path=None, init=True, db_url=None, auto_login=True):
        if db_path is not None and db_url is not None:
            raise ValueError('give db_path or db_url, not both')
        self.tmp = tempfile.mkdtemp(prefix='kring-api-')
        self.init = init
        self.proc = None
        self.port = None
        self.stdout_path = os.path.join(self.tmp, 'serve.stdout')
        self.stderr_path = os.path.join(self.tmp, 'serve.stderr')
        self.owns_db = False
        self.tokens = {}
        self.tokens_lock = threading.Lock()
        self.auto_login = auto_login
        if db_url is not None:
            self.db_url = db_url
            self.db_path = db_url[len('sqlite:'):] if db_url.startswith('sqlite:') else None
        elif db_path is not None or BACKEND == 'sqlite':
            self.db_path = db_path or os.path.join(self.tmp, 'kring.db')
            self.db_url = 'sqlite:' + self.db_path
        else:
            self.db_path = None
            try:
                self.db_url = new_pg_database()
            except Exception:
                shutil.rmtree(self.tmp, ignore_errors=True)
                raise
            self.owns_db = True

    @property
    def on_postgres(self):
        return self.db_url.startswith(('postgres://', 'postgresql://'))

    # -- start and stop --

    def start(self):
        if self.init:
            p = run_cli(['init', '--db', self.db_url])
            if p.returncode != 0:
                raise RuntimeError('kring init failed (exit %d): %s' % (p.returncode, p.stderr[-2000:]))
        last = ''
        for _ in range(3):  # a port taken between free_port() and bind: try another
            port = free_port()
            out = open(self.stdout_path, 'ab')
            err = open(self.stderr_path, 'ab')
            try:
                env = dict(os.environ)
                env.setdefault('KRING_PASSWORD_COST', PASSWORD_COST)
                # test accounts hold every role; test_second_factor starts its
                # own servers with the second factor required
                env.setdefault('KRING_SECOND_FACTOR', 'optional')
                self.proc = subprocess.Popen(
                    [KRING_BIN, 'serve', '--db', self.db_url, '--listen', '127.0.0.1:%d' % port],
                    stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
            finally:
                out.close()
                err.close()
            self.port = port
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    if self.request('GET', '/healthz', timeout=2).status == 200:
                        if self.auto_login:
                            self.token_for(DEFAULT_USER)
                        return self
                except (OSError, http.client.HTTPException):
                    pass
                time.sleep(0.02)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError('kring serve did not answer /healthz within %gs; stderr:\n%s'
                                   % (START_TIMEOUT, self.stderr_text()[-3000:]))
            last = 'kring serve exited with status %d before answering /healthz; stderr:\n%s' % (
                self.proc.returncode, self.stderr_text()[-3000:])
        raise RuntimeError(last)

    def stderr_text(self):
        try:
            with open(self.stderr_path, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except OSError:
            return ''

    def stdout_text(self):
        try:
            with open(self.stdout_path, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except OSError:
            return ''

    def stop(self, cleanup=True):
        """SIGTERM, wait; raises AssertionError on an unclean exit or a
        sanitizer report in the server's stderr."""
        problems = []
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    rc = self.proc.wait(timeout=STOP_TIMEOUT)
                    if rc != 0:
                        problems.append('kring serve exited with status %d after SIGTERM '
                                        '(expected a clean exit 0)' % rc)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
                    problems.append('kring serve did not stop within %gs of SIGTERM' % STOP_TIMEOUT)
            else:
                problems.append('kring serve died during the tests (exit status %d)'
                                % self.proc.returncode)
            self.proc = None
        text = self.stderr_text()
        found = sanitizer_findings(text)
        if found:
            problems.append('sanitizer report in the server\'s stderr:\n' + text[-6000:])
        elif problems:
            problems.append('server stderr (tail):\n' + text[-2000:])
        if problems:
            problems.append('(kept %s%s)' % (self.tmp, ' and database %s' % pg_dbname(self.db_url)
                                             if self.owns_db else ''))
            raise AssertionError('\n'.join(problems))
        if cleanup and not KEEP_TMP:
            if self.owns_db:
                drop_pg_database(self.db_url)
                self.owns_db = False
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- accounts --

    def add_user(self, name, roles=ALL_ROLES, password=TEST_PASSWORD, extra=('--all-regions',)):
        """Creates the account NAME with `kring user add` (by default a
        manager of every region); returns the CompletedProcess."""
        args = ['user', 'add', name, '--db', self.db_url, '--name', 'Test %s' % name]
        for r in roles:
            args += ['--role', r]
        return run_cli(args + list(extra), input=password + '\n')

    def token_for(self, name):
        """An API token of the account NAME (created with every role when
        it does not exist yet, also by another server on the database)."""
        with self.tokens_lock:
            if name in self.tokens:
                return self.tokens[name]
            p = self.add_user(name)
            if p.returncode != 0 and 'already' not in p.stderr:
                raise RuntimeError('kring user add %s failed: %s' % (name, p.stderr[-1000:]))
            r = self.request('POST', API + '/tokens', auth=False,
                             body={'username': name, 'password': TEST_PASSWORD, 'label': 'tests'})
            if r.status != 201:
                raise RuntimeError('logging in as %s failed: %r' % (name, r))
            self.tokens[name] = r.json['token']
            return self.tokens[name]

    # -- HTTP --

    def request(self, method, path, body=NOBODY, raw=None, headers=None,
                content_type='application/json', actor=None, if_match=None,
                idem=None, params=None, chunked=False, timeout=HTTP_TIMEOUT, auth=None):
        """One HTTP exchange on a fresh connection.

        body: a Python value sent as JSON (UTF-8, not ASCII-escaped);
        raw: bytes sent as they are; if_match: an int (sent as "N") or a
        string (sent as is); params: dict or list of pairs for the query;
        chunked: send the body with Transfer-Encoding: chunked. API paths
        carry the bearer token of the account actor (default DEFAULT_USER)
        unless auth=False or headers give Authorization."""
        if auth is None:
            auth = path.startswith('/api/')
        if auth and 'Authorization' not in (headers or {}):
            headers = dict(headers or {})
            headers['Authorization'] = 'Bearer ' + self.token_for(actor or DEFAULT_USER)
        if params:
            path = path + ('&' if '?' in path else '?') + urllib.parse.urlencode(params)
        data = None
        if raw is not None:
            data = raw
        elif body is not NOBODY:
            data = json.dumps(body, ensure_ascii=False).encode('utf-8')
        hdrs = {}
        if data is not None and content_type:
            hdrs['Content-Type'] = content_type
        if if_match is not None:
            hdrs['If-Match'] = if_match if isinstance(if_match, str) else '"%d"' % if_match
        if idem is not None:
            hdrs['Idempotency-Key'] = idem
        hdrs.update(headers or {})
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        send = data
        if chunked and data is not None:
            send = (data[i:i + 4096] for i in range(0, len(data), 4096))
            hdrs['Transfer-Encoding'] = 'chunked'
        try:
            try:
                conn.request(method, path, body=send, headers=hdrs, encode_chunked=chunked)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered (413) before reading all of the body
            r = conn.getresponse()
            payload = r.read()
            status, rheaders = r.status, r.headers
        finally:
            conn.close()
        parsed = None
        ctype = (rheaders.get('Content-Type') or '').lower()
        if payload and 'json' in ctype:
            try:
                parsed = json.loads(payload.decode('utf-8'))
            except ValueError:
                parsed = None
        return Resp(status, rheaders, parsed, payload)

    # -- the database --

    def db_snapshot(self):
        """Every table of the database, rows in rowid order (on PostgreSQL: in
        the order of their columns), plus the schema."""
        if self.on_postgres:
            return pg_snapshot(self.db_url)
        uri = 'file:%s?mode=ro' % urllib.parse.quote(self.db_path)
        con = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            snap = {'sqlite_master': con.execute(
                'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').fetchall()}
            names = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            for name in names:
                if name in SNAPSHOT_SKIP:
                    continue
                q = '"%s"' % name.replace('"', '""')
                try:
                    rows = con.execute('SELECT * FROM %s ORDER BY rowid' % q).fetchall()
                except sqlite3.OperationalError:  # WITHOUT ROWID
                    rows = sorted(con.execute('SELECT * FROM %s' % q).fetchall(), key=repr)
                snap[name] = rows
            return snap
        finally:
            con.close()


# ---- the module's server --------------------------------------------------

_server = None


def start(**kw):
    global _server
    _server = Server(**kw).start()
    return _server


def stop():
    global _server
    s, _server = _server, None
    if s is not None:
        s.stop()


def server():
    if _server is None:
        raise RuntimeError('no server: call harness.start() in setUpModule')
    return _server


def request(method, path, **kw):
    return server().request(method, path, **kw)


def get(path, **kw):
    return server().request('GET', path, **kw)


def post(path, body=NOBODY, **kw):
    if body is NOBODY and 'raw' not in kw:
        body = {}
    return server().request('POST', path, body=body, **kw)


def patch(path, body=NOBODY, **kw):
    return server().request('PATCH', path, body=body, **kw)


def delete(path, **kw):
    return server().request('DELETE', path, **kw)


def db_snapshot():
    return server().db_snapshot()


# ---- assertions ----------------------------------------------------------

def _diff(before, after):
    out = []
    for t in sorted(set(before) | set(after)):
        b, a = before.get(t), after.get(t)
        if b == a:
            continue
        if b is None or a is None:
            out.append('table %s %s' % (t, 'appeared' if b is None else 'vanished'))
            continue
        out.append('table %s: %d rows before, %d after' % (t, len(b), len(a)))
        for rb, ra in itertools.zip_longest(b, a):
            if rb != ra:
                out.append('  before: %r\n  after:  %r' % (rb, ra))
                break
    return '\n'.join(out)


@contextlib.contextmanager
def unchanged(tc, what='the refused request'):
    """Asserts that the database is identical before and after the block."""
    before = db_snapshot()
    yield
    after = db_snapshot()
    if before != after:
        tc.fail('the database changed after %s:\n%s' % (what, _diff(before, after)))


# ---- the access log -------------------------------------------------------

LOG_COLUMNS = ('id', 'event_id', 'at', 'action', 'outcome', 'user_name', 'role', 'on_behalf_of',
               'request_id', 'object_type', 'object_id', 'address', 'prev_hash', 'hash')


def log_entries(after_id=0, srv=None):
    """The access log's entries with id > after_id, oldest first, as dicts
    with the values kring gives (at as YYYY-MM-DDTHH:MM:SSZ)."""
    srv = srv or server()
    if srv.on_postgres:
        cols = ', '.join("'%s', %s" % (c, "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                                       if c == 'at' else c) for c in LOG_COLUMNS)
        out = psql_query(srv.db_url, "SELECT coalesce(json_agg(json_build_object(%s) ORDER BY id), '[]') "
                                     "FROM access_log WHERE id > %d" % (cols, int(after_id)))
        return json.loads(out)
    con = sqlite3.connect('file:%s?mode=ro' % urllib.parse.quote(srv.db_path), uri=True, timeout=10)
    try:
        rows = con.execute('SELECT %s FROM access_log WHERE id > ? ORDER BY id' % ', '.join(LOG_COLUMNS),
                           (int(after_id),)).fetchall()
    finally:
        con.close()
    return [dict(zip(LOG_COLUMNS, r)) for r in rows]


def log_last_id(srv=None):
    """The id of the newest entry (0 when there is none)."""
    srv = srv or server()
    sql = 'SELECT coalesce(max(id), 0) FROM access_log'
    if srv.on_postgres:
        return int(psql_query(srv.db_url, sql).strip())
    con = sqlite3.connect('file:%s?mode=ro' % urllib.parse.quote(srv.db_path), uri=True, timeout=10)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def _split_log(snap):
    rest = dict(snap)
    log = rest.pop('access_log', [])
    if 'sqlite_sequence' in rest:
        rest['sqlite_sequence'] = [r for r in rest['sqlite_sequence'] if r[0] != 'access_log']
    return rest, sorted(log, key=lambda r: int(r[0]))


@contextlib.contextmanager
def unchanged_but_logged(tc, what='the request'):
    """Like unchanged, for a request that only discloses records: the
    database is identical afterwards except for entries appended to the
    access log, which the block gets in the list it binds (filled when it
    ends) to check."""
    before, log_before = _split_log(db_snapshot())
    added = []
    yield added
    after, log_after = _split_log(db_snapshot())
    if before != after:
        tc.fail('the database changed after %s:\n%s' % (what, _diff(before, after)))
    if log_after[:len(log_before)] != log_before:
        tc.fail('the access log changed after %s, beyond new entries' % what)
    added.extend(log_entries(after_id=int(log_before[-1][0]) if log_before else 0))


def assert_problem(tc, r, status, code=None, field=None, codes=None, fields=None):
    """A problem+json answer with this status, code (or one of codes) and field
    (or one of fields)."""
    tc.assertEqual(r.status, status, 'expected %d, got %r' % (status, r))
    ctype = (r.headers.get('Content-Type') or '').split(';')[0].strip().lower()
    tc.assertEqual(ctype, 'application/problem+json', 'content type of %r' % (r,))
    tc.assertIsInstance(r.json, dict, 'problem body of %r' % (r,))
    p = r.json
    if code is not None:
        tc.assertEqual(p.get('code'), code, 'code in %r' % (p,))
    if codes is not None:
        tc.assertIn(p.get('code'), codes, 'code in %r' % (p,))
    if field is not None:
        tc.assertEqual(p.get('field'), field, 'field in %r' % (p,))
    if fields is not None:
        tc.assertIn(p.get('field'), fields, 'field in %r' % (p,))
    tc.assertEqual(p.get('status'), status, 'status member in %r' % (p,))
    tc.assertIsInstance(p.get('title'), str, 'title in %r' % (p,))
    tc.assertIn('type', p, 'type in %r' % (p,))
    return p


def etag_of(r):
    return r.headers.get('ETag')


# ---- building records ------------------------------------------------------

_counter = itertools.count(1)


def uniq(prefix):
    return '%s %d' % (prefix, next(_counter))


def must(r, status, what=''):
    if r.status != status:
        raise AssertionError('%s: expected %d, got %r' % (what or 'request', status, r))
    return r.json


def create(path, body, **kw):
    """POST that must answer 201; returns the record."""
    return must(post(path, body, **kw), 201, 'POST %s %s' % (path, json.dumps(body, ensure_ascii=False)[:300]))


def read(path):
    return must(get(path), 200, 'GET %s' % path)


def list_page(path, **params):
    return must(get(path, params=params), 200, 'GET %s %r' % (path, params))


def list_all(path, limit=500, **params):
    """Every item of a list, following `next`."""
    items, after = [], None
    for _ in range(10000):
        q = dict(params, limit=limit)
        if after is not None:
            q['after'] = after
        page = list_page(path, **q)
        items.extend(page['items'])
        after = page.get('next')
        if after is None:
            return items
    raise AssertionError('list %s does not end' % path)


def total(path, **params):
    return list_page(path, limit=1, **params)['total']


def region(**over):
    return create(API + '/regions', dict({'name': uniq('Regio')}, **over))


def funder(**over):
    return create(API + '/funders', dict({'name': uniq('Gemeente'), 'type': 'municipality'}, **over))


def organisation(region_id, **over):
    return create(API + '/organisations', dict(
        {'name': uniq('Jeugdzorg'), 'type': 'youth_care', 'region_id': region_id}, **over))


def agreement(funder_id, region_id=None, **over):
    body = {'funder_id': funder_id, 'name': uniq('Overeenkomst'), 'starts_on': '2024-01-01',
            'ends_on': '2024-12-31', 'tariff_family_cents': 400000,
            'tariff_restoration_cents': 350000, 'tariff_group_cents': 450000,
            'tariff_learning_cents': 190000}
    if region_id is not None:
        body['region_id'] = region_id
    body.update(over)
    return create(API + '/agreements', _drop_none(body))


def coordinator(region_ids, **over):
    """An active coordinator whom matching lets take cases: trained today,
    room for many cases (assign-coordinator applies its hard rules)."""
    return create(API + '/coordinators', dict(
        {'name': uniq('Coordinator'), 'gender': 'female', 'languages': ['nl', 'ar'],
         'backgrounds': ['Marokkaans'], 'region_ids': list(region_ids), 'active': True,
         'fee_cents': 150000, 'course_on': datetime.date.today().isoformat(), 'capacity': 50}, **over))


REQUESTED_ON = '2024-03-01'


def _drop_none(body):
    return {k: v for k, v in body.items() if v is not None}


def request_body(region_id, **over):
    """A valid request; keys given as None are left out."""
    return _drop_none(dict({'requested_on': REQUESTED_ON, 'region_id': region_id,
                 'referrer_type': 'professional', 'kind': 'family', 'track': 'youth_voluntary',
                 'main_persons': [uniq('Hoofdpersoon')], 'consent': True,
                 'consent_on': REQUESTED_ON}, **over))


def new_request(region_id, **over):
    return create(API + '/requests', request_body(region_id, **over))


def world():
    """Shared reference data of the module's server: a region, a funder with an
    agreement for 2024, two coordinators serving the region."""
    srv = server()
    if getattr(srv, 'world', None) is None:
        r = region()
        f = funder()
        a = agreement(f['id'], r['id'])
        c1 = coordinator([r['id']])
        c2 = coordinator([r['id']], gender='male', languages=['nl', 'tr'])
        srv.world = types.SimpleNamespace(region_id=r['id'], funder_id=f['id'],
                                          agreement_id=a['id'], coordinator_id=c1['id'],
                                          coordinator2_id=c2['id'])
    return srv.world


def act(request_id, action, body=None, **kw):
    """POST /api/v1/requests/{id}/{action}."""
    return post('%s/requests/%d/%s' % (API, request_id, action), {} if body is None else body, **kw)


def act_ok(request_id, action, body=None, **kw):
    return must(act(request_id, action, body, **kw), 200, '%s on request %d' % (action, request_id))


# the path from `requested` to each state, with valid bodies
def _steps(w):
    return [
        ('funding_decided', 'decide-funding', {'funding_source': 'agreement', 'agreement_id': w.agreement_id}),
        ('coordinator_assigned', 'assign-coordinator', {'coordinator_id': w.coordinator_id}),
        ('preparation', 'start-preparation', {}),
        ('conference_scheduled', 'schedule-conference', {'scheduled_on': '2024-04-10', 'place': 'Buurthuis De Kring'}),
        ('conference_held', 'record-conference', {'outcome': 'plan', 'held_on': '2024-04-10',
                                                  'participants_present': 9}),
        ('plan_judged', 'judge-plan', {'safe_and_feasible': True, 'by_name': 'R. Jansen',
                                       'judged_on': '2024-04-12'}),
        ('follow_up', 'start-follow-up', {}),
        ('closed', 'close', {}),
    ]


STATES = ['requested', 'funding_decided', 'coordinator_assigned', 'preparation',
          'conference_scheduled', 'conference_held', 'plan_judged', 'follow_up', 'closed', 'stopped']


def case_in(state, **over):
    """A new request (in the world's region) brought to `state`; returns it."""
    w = world()
    req = new_request(w.region_id, **over)
    rid = req['id']
    if state == 'requested':
        return req
    if state == 'stopped':
        return act_ok(rid, 'stop', {'reason': 'circumstances'})
    for to, action, body in _steps(w):
        if action == 'judge-plan':
            create('%s/requests/%d/plan' % (API, rid), {'evaluation_on': '2024-06-01'})
        req = act_ok(rid, action, body)
        if req.get('state') != to:
            raise AssertionError('%s should lead to %s: %r' % (action, to, req))
        if to == state:
            return req
    raise ValueError(state)


def at_once(n, call):
    """Runs call(i) for i in 0..n-1 in n threads released together; returns
    the results in order. An exception in a thread fails the caller."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def worker(i):
        barrier.wait()
        try:
            results[i] = call(i)
        except Exception as e:  # noqa: BLE001 - raised below
            results[i] = e

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for r in results:
        if isinstance(r, Exception) or r is None:
            raise AssertionError('a concurrent request failed: %r' % (r,))
    return results


# ---- the HTML pages, as a browser uses them ---------------------------------

class Browser:
    """A browser session on the HTML pages of srv (default: the module's
    server): the session cookie after logging in (through POST /login, the
    way a person does), and the CSRF token every form of a logged-in page
    carries, which post() adds unless csrf=False.

        b = h.Browser().login('api')
        r = b.get('/requests/new')
        r = b.post('/requests', [('requested_on', '2026-01-05'), ...])
        r.status == 303 and r.headers['Location'] == '/requests/7'

    Redirects are not followed; b.follow(r) does. Pages come back as
    Resp with .text (the HTML as str)."""

    def __init__(self, srv=None, lang=None):
        self.srv = srv or server()
        self.cookie = None
        self.csrf = None
        self.lang = lang

    def _headers(self, extra=None):
        hdrs = {}
        if self.cookie:
            hdrs['Cookie'] = '%s=%s' % (SESSION_COOKIE, self.cookie)
        if self.lang:
            hdrs['Accept-Language'] = self.lang
        hdrs.update(extra or {})
        return hdrs

    def _keep_cookie(self, r):
        for name, value in r.headers.items():
            if name.lower() != 'set-cookie' or not value.startswith(SESSION_COOKIE + '='):
                continue
            v = value.split(';', 1)[0].split('=', 1)[1]
            self.cookie = v or None

    def get(self, path, headers=None):
        r = self.srv.request('GET', path, headers=self._headers(headers), auth=False)
        self._keep_cookie(r)
        r.text = r.body.decode('utf-8', 'replace')
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text)
        if m:
            self.csrf = m.group(1)
        return r

    def post(self, path, fields=(), csrf=True, headers=None):
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf and self.csrf:
            pairs.append(('csrf', self.csrf))
        data = urllib.parse.urlencode(pairs, doseq=False).encode('utf-8')
        r = self.srv.request('POST', path, raw=data, content_type='application/x-www-form-urlencoded',
                             headers=self._headers(headers), auth=False)
        self._keep_cookie(r)
        r.text = r.body.decode('utf-8', 'replace')
        return r

    def follow(self, r):
        """The page a 303 leads to."""
        assert r.status == 303, 'expected 303, got %d: %s' % (r.status, r.body[:300])
        return self.get(r.headers['Location'])

    def login(self, name, password=TEST_PASSWORD, create=True):
        """Log in through the login page; creates the test account name
        (every role, every region) first unless create is False or it
        exists. Returns self."""
        if create:
            p = self.srv.add_user(name)
            assert p.returncode == 0 or 'already' in p.stderr, p.stderr[-500:]
        r = self.post('/login', [('username', name), ('password', password)], csrf=False)
        assert r.status == 303, 'login as %s failed: %d %s' % (name, r.status, r.body[:300])
        self.get('/')
        return self


SESSION_COOKIE = '__Host-kring'
