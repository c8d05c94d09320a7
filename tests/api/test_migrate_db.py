"""Moving a service from SQLite to PostgreSQL with `kring migrate-db`.

The demo database (plus answers kept for idempotency keys) moves into an
empty PostgreSQL database; a server on each answers every list and record
identically, ETags included; ids continue after the copied ones; a target
that holds anything is refused and left as it was.
"""
import os
import re
import tempfile
import shutil
import unittest

import harness as h

TOP = ['regions', 'organisations', 'funders', 'agreements', 'coordinators', 'requests']
CHILD_LISTS = ['network-members', 'plan-actions', 'measures', 'follow-ups', 'costs', 'verdicts',
               'transitions']
CHILD_ONE = ['plan', 'conference']

TMP = None
SRC_URL = None


def setUpModule():
    global TMP, SRC_URL
    if h.BACKEND != 'postgres':
        return
    TMP = tempfile.mkdtemp(prefix='kring-migrate-')
    SRC_URL = 'sqlite:' + os.path.join(TMP, 'demo.db')
    p = h.run_cli(['demo', '--db', SRC_URL], timeout=300)
    if p.returncode != 0:
        raise RuntimeError('kring demo failed: %s' % p.stderr[-2000:])


def tearDownModule():
    if TMP:
        shutil.rmtree(TMP, ignore_errors=True)


def list_all_on(server, path):
    """Every item of a list on server, following `next`."""
    items, after = [], None
    while True:
        params = {'limit': 500}
        if after is not None:
            params['after'] = after
        r = server.request('GET', path, params=params)
        if r.status != 200:
            raise AssertionError('GET %s: %r' % (path, r))
        items.extend(r.json['items'])
        after = r.json.get('next')
        if after is None:
            return items


def answers(server):
    """What the API gives for the whole database: every top-level list, every
    request's child lists and single records, each record read by id with
    its ETag."""
    out = {}
    for name in TOP:
        items = list_all_on(server, '%s/%s' % (h.API, name))
        out[name] = items
    for req in out['requests']:
        rid = req['id']
        for name in CHILD_LISTS:
            out['%s/%s' % (rid, name)] = list_all_on(server, '%s/requests/%d/%s' % (h.API, rid, name))
        for name in CHILD_ONE:
            r = server.request('GET', '%s/requests/%d/%s' % (h.API, rid, name))
            out['%s/%s' % (rid, name)] = (r.status, r.json, r.headers.get('ETag'))
    for name in ('requests', 'coordinators'):
        for rec in out[name]:
            r = server.request('GET', '%s/%s/%d' % (h.API, name, rec['id']))
            out['%s/%d' % (name, rec['id'])] = (r.status, r.json, r.headers.get('ETag'))
    return out


@h.postgres_only('the target of the move is a PostgreSQL database')
class MoveTheDemo(unittest.TestCase):

    def test_the_demo_moves_with_identical_answers_and_is_verified(self):
        # an answer kept for an idempotency key must survive the move
        src = h.Server(db_url=SRC_URL, init=False).start()
        try:
            region = {'name': h.uniq('Regio Verhuisd')}
            first = src.request('POST', h.API + '/regions', body=region, idem='move-key-1')
            self.assertEqual(first.status, 201, first)
            before = answers(src)
        finally:
            src.stop(cleanup=False)
        self.assertEqual(len(before['requests']), 302)  # 300, and the two of the matching showcase

        target = h.new_pg_database()
        p = h.run_cli(['migrate-db', '--from', SRC_URL, '--to', target], timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('tables copied and verified', p.stdout)
        # the password of the target never shows
        password = h.pg_password(target)
        if password:
            self.assertNotIn(password, p.stdout + p.stderr)
        # one line per table with the source's row count
        rows = {}
        for line in p.stdout.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1].isdigit() and len(parts[2]) == 64:
                rows[parts[0]] = int(parts[1])
        self.assertEqual(rows.get('requests'), 302, p.stdout)
        self.assertEqual(rows.get('idempotency_keys'), 1, p.stdout)
        self.assertEqual(rows.get('regions'), len(before['regions']), p.stdout)

        # the access log moved with its hash chain: kring audit verify passes
        # on the target with the same entries (ids, last hash) as the source
        verified = []
        for url in (SRC_URL, target):
            v = h.run_cli(['audit', 'verify', '--db', url])
            self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
            m = re.search(r'^kring audit: (\d+) entries, chain intact$', v.stdout, re.M)
            self.assertIsNotNone(m, v.stdout)
            verified.append((int(m.group(1)), v.stdout))
        self.assertGreater(verified[0][0], 0)
        self.assertEqual(verified[1], verified[0])
        self.assertEqual(rows.get('access_log'), verified[0][0], p.stdout)

        dst = h.Server(db_url=target, init=False).start()
        try:
            after = answers(dst)
            self.assertEqual(sorted(before), sorted(after))
            for key in sorted(before):
                self.assertEqual(before[key], after[key], 'answers differ for %s' % key)

            # the same key on the new database replays the first answer
            again = dst.request('POST', h.API + '/regions', body=region, idem='move-key-1')
            self.assertEqual(again.status, first.status)
            self.assertEqual(again.json, first.json)

            # new ids continue after the copied ones
            top = max(r['id'] for r in after['regions'])
            new = dst.request('POST', h.API + '/regions', body={'name': h.uniq('Regio Nieuw')})
            self.assertEqual(new.status, 201, new)
            self.assertGreater(new.json['id'], top)
            snapshot = dst.db_snapshot()
        finally:
            dst.stop()

        # a second move into the now filled database is refused, one line,
        # and changes nothing
        p = h.run_cli(['migrate-db', '--from', SRC_URL, '--to', target], timeout=300)
        self.assertNotEqual(p.returncode, 0)
        lines = p.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, p.stderr)
        self.assertIn('not empty', lines[0])
        self.assertEqual(h.pg_snapshot(target), snapshot)
        h.drop_pg_database(target)

    def test_missing_or_unreachable_databases_give_one_line(self):
        cases = [
            ['--from', SRC_URL],
            ['--from', 'sqlite:' + os.path.join(TMP, 'does-not-matter.db'),
             '--to', 'postgres://kring:secret-xyz@127.0.0.1:%d/x' % h.free_port()],
            ['--from', 'mysql://x', '--to', 'sqlite:' + os.path.join(TMP, 'x.db')],
        ]
        for args in cases:
            with self.subTest(args=args):
                p = h.run_cli(['migrate-db'] + args, timeout=60)
                self.assertNotEqual(p.returncode, 0)
                lines = p.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, p.stderr)
                self.assertTrue(lines[0].startswith('kring migrate-db: '), lines[0])
                self.assertNotIn('secret-xyz', p.stderr + p.stdout)


if __name__ == '__main__':
    unittest.main()
