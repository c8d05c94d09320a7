"""kring backup: an online copy of a live SQLite database.

The copy is taken from the demo data while `kring serve` runs on it and
writers keep creating regions; a second server on the copy must read back
everything that was committed before the copy began, and the copy must be
one consistent snapshot (in every table, a prefix of the live rows)."""
import os
import re
import shutil
import tempfile
import threading
import time
import unittest

import harness as h
from harness import API

OUT_LINE = re.compile(r'^kring backup: .+ copied to (.+) \((\d+) bytes, integrity ok, schema version (\d+)\)$')

# the top-level lists compared between the live server and the one on the copy
COLLECTIONS = ('regions', 'organisations', 'funders', 'agreements', 'coordinators', 'requests')

tmp = None
live = None  # the server on the live database


def setUpModule():
    global tmp, live
    tmp = tempfile.mkdtemp(prefix='kring-backup-')
    if h.BACKEND != 'sqlite':
        return  # only the refusals run
    p = h.run_cli(['demo', '--db', 'sqlite:' + os.path.join(tmp, 'live.db')])
    if p.returncode != 0:
        raise RuntimeError('kring demo failed: %s' % p.stderr[-2000:])
    live = h.Server(db_path=os.path.join(tmp, 'live.db'), init=False).start()


def tearDownModule():
    if live is not None:
        live.stop()
    if tmp and not h.KEEP_TMP:
        shutil.rmtree(tmp, ignore_errors=True)


def list_all(srv, path):
    items, after = [], None
    while True:
        params = {'limit': 500}
        if after is not None:
            params['after'] = after
        page = h.must(srv.request('GET', API + path, params=params), 200, 'GET %s' % path)
        items.extend(page['items'])
        after = page.get('next')
        if after is None:
            return items


def api_view(srv):
    """Every record of the top-level lists, and the history of every tenth case."""
    view = {name: list_all(srv, '/' + name) for name in COLLECTIONS}
    for req in view['requests'][::10]:
        path = '/requests/%d/transitions' % req['id']
        view[path] = list_all(srv, path)
    return view


def backup(*args, env=None):
    return h.run_cli(['backup'] + list(args), env=env)


def one_line(p):
    lines = p.stderr.splitlines()
    return lines[0] if len(lines) == 1 else None


class Writers:
    """Threads that create regions on srv until stopped; each answer is kept
    as (sent, answered, status, record)."""

    def __init__(self, srv, n=3):
        self.srv = srv
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.log = []
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(n)]

    def run(self, i):
        k = 0
        while not self.done.is_set():
            k += 1
            sent = time.monotonic()
            try:
                r = self.srv.request('POST', API + '/regions', body={'name': 'Backup %d-%d' % (i, k)})
                entry = (sent, time.monotonic(), r.status, r.json)
            except Exception as e:  # noqa: BLE001 - reported by the test
                entry = (sent, time.monotonic(), None, repr(e))
            with self.lock:
                self.log.append(entry)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        for t in self.threads:
            t.join(60)

    def answered(self):
        with self.lock:
            return len(self.log)


@h.sqlite_only('kring backup copies SQLite databases')
class OnlineCopy(unittest.TestCase):

    def test_a_copy_taken_during_writes_holds_everything_committed_before_it(self):
        out = os.path.join(tmp, 'copy.db')
        before = api_view(live)
        with Writers(live) as w:
            deadline = time.monotonic() + 30
            while w.answered() < 10 and time.monotonic() < deadline:
                time.sleep(0.01)
            started = time.monotonic()
            p = backup('--db', live.db_url, out)
            ended = time.monotonic()
            time.sleep(0.2)  # writes go on after the copy
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, '')
        lines = p.stdout.splitlines()
        self.assertEqual(len(lines), 1, p.stdout)
        m = OUT_LINE.match(lines[0])
        self.assertIsNotNone(m, lines[0])
        self.assertEqual(m.group(1), out)
        self.assertEqual(int(m.group(2)), os.path.getsize(out))

        # the server kept answering every write, during the copy too
        failed = [e for e in w.log if e[2] != 201]
        self.assertEqual(failed, [], 'writes that failed while the copy was taken')
        self.assertGreater(len(w.log), 10)
        committed_before = [e[3] for e in w.log if e[1] < started]
        after_it = [e[3] for e in w.log if e[0] > ended]
        self.assertTrue(committed_before and after_it, 'writes before and after the copy')

        # the copy as kring backup wrote it: a server on it logs what it reads
        copy = h.Server(db_path=out, init=False)
        snap = copy.db_snapshot()
        copy.start()
        try:
            view = api_view(copy)
        finally:
            copy.stop()
        live_snap = live.db_snapshot()
        self.assertEqual(int(m.group(3)), max(r[0] for r in live_snap['schema_migrations']))

        # what the live server answered before the copy began reads back the same
        for name, records in before.items():
            if name == 'regions':
                continue
            self.assertEqual(view[name], records, name)
        regions = {r['id']: r for r in view['regions']}
        for r in before['regions'] + committed_before:
            self.assertEqual(regions.get(r['id']), r, 'region %d in the copy' % r['id'])
        self.assertFalse(any(r['id'] in regions for r in after_it),
                         'a region created after the copy ended is in it')

        # one snapshot: every table of the copy is a prefix of the live table
        self.assertEqual(snap['sqlite_master'], live_snap['sqlite_master'])
        for table, rows in snap.items():
            if table in ('sqlite_master', 'sqlite_sequence'):
                continue
            self.assertEqual(rows, live_snap[table][:len(rows)], 'table %s' % table)
        self.assertEqual(len(snap['regions']), len(view['regions']))
        seq = dict(snap.get('sqlite_sequence', []))
        self.assertEqual(seq.get('regions'), max(regions))

    def test_the_database_may_be_named_by_kring_db(self):
        out = os.path.join(tmp, 'from-env.db')
        p = backup(out, env={'KRING_DB': live.db_url})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout.strip(), OUT_LINE)
        self.assertEqual(oct(os.stat(out).st_mode & 0o777), oct(0o600), 'a backup holds every case')


class Refusals(unittest.TestCase):

    def assertRefused(self, p, *words):
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(p.stdout, '')
        line = one_line(p)
        self.assertIsNotNone(line, 'one line on stderr: %r' % p.stderr)
        self.assertTrue(line.startswith('kring backup: '), line)
        for word in words:
            self.assertIn(word, line)
        return line

    @h.sqlite_only('kring backup copies SQLite databases')
    def test_an_existing_out_is_refused_and_left_as_it_was(self):
        out = os.path.join(tmp, 'precious.db')
        with open(out, 'wb') as f:
            f.write(b'not to be overwritten')
        p = backup('--db', live.db_url, out)
        self.assertEqual(p.returncode, 1)
        self.assertRefused(p, out, 'exists')
        with open(out, 'rb') as f:
            self.assertEqual(f.read(), b'not to be overwritten')

    def test_a_postgres_url_is_refused_with_one_line_naming_pg_dump(self):
        out = os.path.join(tmp, 'pg.db')
        for url in ('postgres://kring:s3cret@127.0.0.1:5432/kring', 'postgresql://', 'postgres://'):
            with self.subTest(url=url):
                p = backup('--db', url, out)
                line = self.assertRefused(p, 'pg_dump')
                self.assertNotIn('s3cret', line)
                self.assertFalse(os.path.exists(out))

    def test_a_missing_database_is_refused_and_leaves_no_file(self):
        out = os.path.join(tmp, 'none-copy.db')
        p = backup('--db', 'sqlite:' + os.path.join(tmp, 'nosuch.db'), out)
        self.assertRefused(p, 'nosuch.db')
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(os.path.join(tmp, 'nosuch.db')), 'the source is never created')

    def test_a_file_that_is_no_database_is_refused_and_leaves_no_file(self):
        src = os.path.join(tmp, 'text.db')
        with open(src, 'w') as f:
            f.write('hello\n' * 200)
        out = os.path.join(tmp, 'text-copy.db')
        p = backup('--db', 'sqlite:' + src, out)
        self.assertRefused(p, 'not a database')
        self.assertFalse(os.path.exists(out))

    def test_no_out_or_two_are_usage_errors(self):
        for args in ([], ['a.db', 'b.db'], ['--nosuch', 'a.db']):
            with self.subTest(args=args):
                self.assertRefused(backup(*args))


if __name__ == '__main__':
    unittest.main()
