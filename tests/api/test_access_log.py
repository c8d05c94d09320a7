"""The access log (NEN 7513): every read and change of personal data leaves
one entry (who, in which role, from where, what, about which case and
record), a refused request leaves none, records without personal data are
not logged; the entries form a hash chain that `kring audit verify` checks
and that finds an entry altered, removed or inserted in the database by
hand; the database refuses to change or remove entries; `kring audit person`
lists who viewed or changed a case."""
import hashlib
import json
import re
import shutil
import sqlite3
import unittest

import harness as h
from harness import API

HASHED = [c for c in h.LOG_COLUMNS if c not in ('id', 'hash')]
GENESIS = '0' * 64


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def entry_hash(e):
    """SHA-256 over prev_hash and the canonical content, computed here as
    store/audit.h documents it."""
    content = json.dumps({c: e.get(c) for c in HASHED}, sort_keys=True, separators=(',', ':'),
                         ensure_ascii=False)
    return hashlib.sha256((e['prev_hash'] + content).encode('utf-8')).hexdigest()


def personal(entries):
    """The entries about records (logins, object type session, left out)."""
    return [e for e in entries if e['object_type'] != 'session']


def brief(entries):
    return [(e['action'], e['object_type'], e['object_id'], e['request_id']) for e in personal(entries)]


def verify(url):
    return h.run_cli(['audit', 'verify', '--db', url])


class Entries(unittest.TestCase):

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.w = h.world()

    def since(self, mark):
        return h.log_entries(after_id=mark)

    def test_each_read_and_change_of_a_case_leaves_one_entry(self):
        mark = h.log_last_id()
        req = h.new_request(self.w.region_id)
        rid = req['id']
        self.assertEqual(brief(self.since(mark)), [('create', 'request', rid, rid)])

        mark = h.log_last_id()
        h.read('%s/requests/%d' % (API, rid))
        self.assertEqual(brief(self.since(mark)), [('read', 'request', rid, rid)])

        # a list: one entry per record it gives, none for the rest
        mark = h.log_last_id()
        page = h.list_page(API + '/requests', limit=2)
        self.assertEqual(brief(self.since(mark)), [('read', 'request', r['id'], r['id']) for r in page['items']])

        mark = h.log_last_id()
        req = h.act_ok(rid, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': self.w.agreement_id})
        self.assertEqual(brief(self.since(mark)), [('update', 'request', rid, rid)])

        mark = h.log_last_id()
        r = h.patch('%s/requests/%d' % (API, rid), {'minors': 3}, if_match=req['version'])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(brief(self.since(mark)), [('update', 'request', rid, rid)])

        # records of the case name the case
        path = '%s/requests/%d/network-members' % (API, rid)
        mark = h.log_last_id()
        m1 = h.create(path, {'name': 'Oma Ans', 'relation': 'oma'})
        m2 = h.create(path, {'name': 'Buurman Kees', 'relation': 'buurman'})
        h.list_all(path)
        r = h.delete('%s/network-members/%d' % (API, m2['id']), if_match=m2['version'])
        self.assertEqual(r.status, 204, r)
        self.assertEqual(brief(self.since(mark)), [
            ('create', 'network_member', m1['id'], rid), ('create', 'network_member', m2['id'], rid),
            ('read', 'network_member', m1['id'], rid), ('read', 'network_member', m2['id'], rid),
            ('delete', 'network_member', m2['id'], rid)])

        # who, how and from where
        for e in personal(h.log_entries()):
            self.assertEqual(e['outcome'], 'success')
            self.assertEqual(e['address'], '127.0.0.1')
            self.assertRegex(e['at'], h.TIMESTAMP_RE)
            self.assertRegex(e['event_id'], r'^[0-9a-f]{32}$')
            self.assertIsNone(e['on_behalf_of'])
            self.assertIsInstance(e['role'], str)
        self.assertEqual({e['user_name'] for e in personal(self.since(mark))}, {h.DEFAULT_USER})
        mark = h.log_last_id()
        h.must(h.get('%s/requests/%d' % (API, rid), actor='anna.devries'), 200)
        self.assertEqual([e['user_name'] for e in personal(self.since(mark))], ['anna.devries'])

    def test_a_case_record_read_alone_and_a_coordinator_are_logged(self):
        req = h.case_in('conference_scheduled')
        rid = req['id']
        conf = h.read('%s/requests/%d/conference' % (API, rid))
        mark = h.log_last_id()
        h.read('%s/requests/%d/conference' % (API, rid))
        h.read('%s/conferences/%d' % (API, conf['id']))
        h.read('%s/coordinators/%d' % (API, self.w.coordinator_id))
        self.assertEqual(brief(self.since(mark)), [
            ('read', 'conference', conf['id'], rid), ('read', 'conference', conf['id'], rid),
            ('read', 'coordinator', self.w.coordinator_id, None)])

    def test_a_refused_request_leaves_no_entry(self):
        req = h.new_request(self.w.region_id)
        rid = req['id']
        with h.unchanged(self, 'refused requests'):
            h.assert_problem(self, h.post(API + '/requests', {'region_id': self.w.region_id}), 422)
            h.assert_problem(self, h.patch('%s/requests/%d' % (API, rid), {'minors': 1},
                                           if_match=req['version'] + 5), 412)
            h.assert_problem(self, h.act(rid, 'close'), 409, 'illegal_transition')
            h.assert_problem(self, h.get('%s/requests/%d' % (API, 999999)), 404)
            h.assert_problem(self, h.get('%s/requests/%d/plan' % (API, rid)), 404)
            h.assert_problem(self, h.get(API + '/requests', params={'limit': 0}), 400)

    def test_records_without_personal_data_are_not_logged(self):
        with h.unchanged(self, 'reading a region, a funder and an agreement'):
            h.read('%s/regions/%d' % (API, self.w.region_id))
            h.list_all(API + '/regions')
            h.read('%s/funders/%d' % (API, self.w.funder_id))
            h.read('%s/agreements/%d' % (API, self.w.agreement_id))

    def test_entries_form_a_hash_chain_that_kring_audit_verify_checks(self):
        h.new_request(self.w.region_id)
        entries = h.log_entries()
        self.assertGreater(len(entries), 3)
        prev = GENESIS
        for e in entries:
            self.assertEqual(e['prev_hash'], prev, 'entry %d' % e['id'])
            self.assertEqual(e['hash'], entry_hash(e), 'entry %d' % e['id'])
            prev = e['hash']
        p = verify(h.server().db_url)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        m = re.search(r'^kring audit: (\d+) entries, chain intact$', p.stdout, re.M)
        self.assertIsNotNone(m, p.stdout)
        self.assertGreaterEqual(int(m.group(1)), len(entries))

    def test_kring_audit_person_lists_who_viewed_or_changed_a_case(self):
        req = h.new_request(self.w.region_id)
        rid = req['id']
        h.read('%s/requests/%d' % (API, rid))
        h.must(h.get('%s/requests/%d' % (API, rid), actor='jan.smit'), 200)
        h.create('%s/requests/%d/costs' % (API, rid), {'kind': 'interpreter', 'amount_cents': 5000})
        other = h.new_request(self.w.region_id)
        h.read('%s/requests/%d' % (API, other['id']))

        p = h.run_cli(['audit', 'person', str(rid), '--db', h.server().db_url])
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = [line.split('\t') for line in p.stdout.splitlines()]
        self.assertTrue(all(len(r) == 8 for r in rows), p.stdout)
        got = [(user, action, outcome, otype, oid, address)
               for _, user, _, action, outcome, otype, oid, address in rows]
        self.assertEqual(got[0], (h.DEFAULT_USER, 'create', 'success', 'request', str(rid), '127.0.0.1'))
        self.assertEqual(got[1:3], [(h.DEFAULT_USER, 'read', 'success', 'request', str(rid), '127.0.0.1'),
                                    ('jan.smit', 'read', 'success', 'request', str(rid), '127.0.0.1')])
        self.assertEqual(got[3][1:4], ('create', 'success', 'cost'))
        self.assertEqual(len(got), 4, p.stdout)
        times = [r[0] for r in rows]
        self.assertEqual(times, sorted(times), 'oldest first')
        for t in times:
            self.assertRegex(t, h.TIMESTAMP_RE)

        p = h.run_cli(['audit', 'person', '987654', '--db', h.server().db_url])
        self.assertEqual((p.returncode, p.stdout), (0, ''))
        for bad in (['person'], ['person', 'x'], ['person', '0'], ['verify', 'extra'], ['nonsense'], []):
            with self.subTest(args=bad):
                p = h.run_cli(['audit'] + bad + ['--db', h.server().db_url])
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)


class Tampering(unittest.TestCase):
    """The database of a stopped server edited by hand, past kring."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.srv = h.Server().start()
        try:
            w = cls.srv
            r = w.request('POST', API + '/regions', body={'name': 'Regio Knoeien'})
            region = h.must(r, 201)
            for i in range(4):
                req = h.must(w.request('POST', API + '/requests', body=h.request_body(region['id'])), 201)
                h.must(w.request('GET', '%s/requests/%d' % (API, req['id'])), 200)
        finally:
            cls.srv.stop(cleanup=False)
        cls.url = cls.srv.db_url
        cls.entries = personal(h.log_entries(srv=cls.srv))

    @classmethod
    def tearDownClass(cls):
        if cls.srv.on_postgres:
            h.drop_pg_database(cls.url)
        shutil.rmtree(cls.srv.tmp, ignore_errors=True)

    def sql(self, statements, bypass=True):
        """Runs SQL on the database; bypass: with the triggers that guard
        the log out of the way (and back afterwards)."""
        if self.srv.on_postgres:
            if bypass:
                statements = ('ALTER TABLE access_log DISABLE TRIGGER USER; %s; '
                              'ALTER TABLE access_log ENABLE TRIGGER USER' % statements)
            h.psql_on(self.url, statements)
            return
        con = sqlite3.connect(self.srv.db_path, timeout=10, isolation_level=None)
        try:
            triggers = con.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                   "AND tbl_name = 'access_log'").fetchall()
            if bypass:
                for (text,) in triggers:
                    name = re.match(r'CREATE TRIGGER (\w+)', text).group(1)
                    con.execute('DROP TRIGGER %s' % name)
            try:
                con.executescript(statements)
            finally:
                if bypass:
                    for (text,) in triggers:
                        con.execute(text)
        finally:
            con.close()

    def assert_broken_at(self, entry_id, words):
        p = verify(self.url)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        lines = p.stdout.strip().splitlines()
        self.assertEqual(len(lines), 1, p.stdout)
        self.assertRegex(lines[0], r'^kring audit: chain broken at entry %d \(event [0-9a-f]{32}\): ' % entry_id)
        self.assertIn(words, lines[0])

    def assert_intact(self):
        p = verify(self.url)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('chain intact', p.stdout)

    def values(self, e):
        def lit(v):
            if v is None:
                return 'NULL'
            if isinstance(v, int):
                return str(v)
            return "'%s'" % str(v).replace("'", "''")
        return '(%s)' % ', '.join(lit(e[c]) for c in h.LOG_COLUMNS)

    def insert(self, e):
        over = ' OVERRIDING SYSTEM VALUE' if self.srv.on_postgres else ''
        return 'INSERT INTO access_log (%s)%s VALUES %s' % (', '.join(h.LOG_COLUMNS), over, self.values(e))

    def test_1_the_untouched_log_verifies(self):
        self.assertGreaterEqual(len(self.entries), 8)
        self.assert_intact()

    def test_2_an_altered_entry_is_named(self):
        e = self.entries[3]
        self.sql("UPDATE access_log SET role = 'admin-forged' WHERE id = %d" % e['id'])
        self.assert_broken_at(e['id'], 'its content was altered')
        self.sql("UPDATE access_log SET role = '%s' WHERE id = %d" % (e['role'].replace("'", "''"), e['id']))
        self.assert_intact()

    def test_3_a_removed_entry_is_named_by_the_one_after_it(self):
        e, after = self.entries[4], self.entries[5]
        self.sql('DELETE FROM access_log WHERE id = %d' % e['id'])
        self.assert_broken_at(after['id'], 'does not follow entry %d' % self.entries[3]['id'])
        self.sql(self.insert(e))
        self.assert_intact()

    def test_4_an_inserted_entry_is_named(self):
        last = self.entries[-1]
        forged = dict(last, id=last['id'] + 1, event_id='f' * 32, user_name='nobody', prev_hash='1' * 64)
        forged['hash'] = entry_hash(forged)  # right for its content, but it follows no entry
        self.sql(self.insert(forged))
        self.assert_broken_at(forged['id'], 'inserted by hand')
        self.sql('DELETE FROM access_log WHERE id = %d' % forged['id'])
        self.assert_intact()
        # one in the place of a removed entry: the entry after it no longer follows
        e, after = self.entries[2], self.entries[3]
        forged = dict(e, user_name='nobody')
        forged['hash'] = entry_hash(forged)
        self.sql('DELETE FROM access_log WHERE id = %d; %s' % (e['id'], self.insert(forged)))
        self.assert_broken_at(after['id'], 'does not follow entry %d' % e['id'])
        self.sql('DELETE FROM access_log WHERE id = %d; %s' % (e['id'], self.insert(e)))
        self.assert_intact()

    def test_5_the_database_refuses_to_change_or_remove_entries(self):
        e = self.entries[1]
        attempts = ["UPDATE access_log SET role = 'x' WHERE id = %d" % e['id'],
                    'DELETE FROM access_log WHERE id = %d' % e['id'],
                    'DELETE FROM access_log']
        if self.srv.on_postgres:
            attempts.append('TRUNCATE access_log')
        for sql in attempts:
            with self.subTest(sql=sql):
                with self.assertRaises((RuntimeError, sqlite3.DatabaseError)) as cm:
                    self.sql(sql, bypass=False)
                self.assertIn('append-only', str(cm.exception))
        self.assertEqual(personal(h.log_entries(srv=self.srv)), self.entries)
        self.assert_intact()


if __name__ == '__main__':
    unittest.main()
