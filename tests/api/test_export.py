"""The AVG right of access (GET /api/v1/requests/{id}/export and `kring
export person`: everything held on one case, the access log about it
included, keys sorted, the export itself logged) and `kring export
research` (JSON Lines of the anonymous facts with HMAC-SHA-256 pseudonyms
under a key that never leaves kring)."""
import hashlib
import hmac
import json
import unittest

import harness as h
from harness import API
from avg_cases import full_case

KEY1 = 'research-key-one-0123456789abcdef-0123'
KEY2 = 'research-key-two-0123456789abcdef-0123'
CHILD_TABLES = ('network_members', 'conferences', 'plans', 'plan_actions', 'verdicts', 'measures', 'follow_ups',
                'costs', 'transitions', 'coordinator_choices')


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def keys_sorted_everywhere(text):
    """True when every object in the JSON text has its keys in sorted order"""
    bad = []

    def hook(pairs):
        keys = [k for k, _ in pairs]
        if keys != sorted(keys):
            bad.append(keys)
        return dict(pairs)
    json.loads(text, object_pairs_hook=hook)
    return not bad


def pseudonym(key, kind, id_):
    return hmac.new(key.encode(), ('%s:%d' % (kind, id_)).encode(), hashlib.sha256).hexdigest()


class PersonExport(unittest.TestCase):

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.rid, cls.secrets = full_case('youth_voluntary', '2023-01-10', '2023-06-01')

    def records_of(self, rid):
        base = '%s/requests/%d' % (API, rid)
        return {
            'request': h.read(base),
            'network_members': h.list_all(base + '/network-members'),
            'measures': h.list_all(base + '/measures'),
            'plan_actions': h.list_all(base + '/plan-actions'),
            'follow_ups': h.list_all(base + '/follow-ups'),
            'costs': h.list_all(base + '/costs'),
            'verdicts': h.list_all(base + '/verdicts'),
            'transitions': h.list_all(base + '/transitions'),
            'coordinator_choices': h.list_all(base + '/coordinator-choices'),
            'plans': [h.read(base + '/plan')],
            'conferences': [h.read(base + '/conference')],
        }

    def test_the_manager_gets_everything_held_on_the_case_with_its_access_log(self):
        rid = self.rid
        want = self.records_of(rid)
        log_before = [e for e in h.log_entries() if e['request_id'] == rid]
        mark = h.log_last_id()
        r = h.get('%s/requests/%d/export' % (API, rid))
        self.assertEqual(r.status, 200, r)
        self.assertTrue(keys_sorted_everywhere(r.body.decode('utf-8')), 'keys are sorted')
        doc = r.json
        self.assertEqual(sorted(doc), sorted(('generated_at', 'schema_version', 'request', 'access_log')
                                             + CHILD_TABLES))
        self.assertRegex(doc['generated_at'], h.TIMESTAMP_RE)
        self.assertIsInstance(doc['schema_version'], int)
        self.assertGreaterEqual(doc['schema_version'], 5)
        for name, records in want.items():
            self.assertEqual(doc[name], records, name)
        for text in self.secrets.values():
            self.assertIn(text, r.body.decode('utf-8'))
        self.assertEqual(doc['access_log'], log_before)
        # the export itself is one entry, by the manager
        added = [(e['action'], e['outcome'], e['user_name'], e['role'], e['object_type'], e['object_id'],
                  e['request_id']) for e in h.log_entries(after_id=mark)]
        self.assertEqual(added, [('export', 'success', h.DEFAULT_USER, 'regional_manager', 'request', rid, rid)])

    def test_a_refused_export_leaves_nothing(self):
        srv = h.server()
        other = h.region()
        for name, roles, extra, status in (
                ('export-elsewhere', ['regional_manager'], ['--region', str(other['id'])], 404),
                ('export-coordinator', ['coordinator'], ['--coordinator', str(h.world().coordinator_id)], 403),
                ('export-admin', ['admin'], [], 403)):
            with self.subTest(account=name):
                p = srv.add_user(name, roles=roles, extra=extra)
                self.assertEqual(p.returncode, 0, p.stderr)
                token = h.request('POST', API + '/tokens', auth=False,
                                  body={'username': name, 'password': h.TEST_PASSWORD}).json['token']
                with h.unchanged(self):
                    r = h.request('GET', '%s/requests/%d/export' % (API, self.rid), auth=False,
                                  headers={'Authorization': 'Bearer ' + token})
                    h.assert_problem(self, r, status)
        h.assert_problem(self, h.get('%s/requests/%d/export' % (API, 987654)), 404, 'not_found')

    def test_kring_export_person_prints_the_same_document(self):
        rid = self.rid
        api = h.get('%s/requests/%d/export' % (API, rid)).json
        mark = h.log_last_id()
        p = h.run_cli(['export', 'person', str(rid), '--db', h.server().db_url])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(keys_sorted_everywhere(p.stdout))
        doc = json.loads(p.stdout)
        for name in ('request',) + CHILD_TABLES:
            self.assertEqual(doc[name], api[name], name)
        # what the API export logged is in it now
        self.assertEqual(doc['access_log'][:len(api['access_log'])], api['access_log'])
        self.assertEqual(doc['access_log'][-1]['action'], 'export')
        added = [(e['action'], e['user_name'], e['role'], e['request_id'], e['address'])
                 for e in h.log_entries(after_id=mark)]
        self.assertEqual(added, [('export', 'cli', 'system', rid, '')])

    def test_kring_export_person_refuses_bad_arguments_with_one_line(self):
        url = h.server().db_url
        for args, code in ((['person', '987654', '--db', url], 1), (['person', 'x', '--db', url], 2),
                           (['person', '--db', url], 2), (['person', '1', '2', '--db', url], 2),
                           (['nonsense'], 2), ([], 2), (['person', '1', '--bogus'], 2)):
            with self.subTest(args=args), h.unchanged(self):
                p = h.run_cli(['export'] + args)
                self.assertEqual(p.returncode, code, p.stdout + p.stderr)
                self.assertEqual(p.stdout, '')
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)


class ResearchExport(unittest.TestCase):

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        # the only cases requested in 1995; one more in 1996
        cls.first, cls.s1 = full_case('child_protection', '1995-02-01', '1995-08-01')
        cls.second, cls.s2 = full_case('adult', '1995-05-01', '1995-06-01', stopped=True)
        cls.later, cls.s3 = full_case('eviction', '1996-01-01', '1996-05-01')

    def export(self, key=KEY1, frm='1995-01-01', to='1995-12-31', expect=0):
        p = h.run_cli(['export', 'research', '--from', frm, '--to', to, '--db', h.server().db_url],
                      env={'KRING_RESEARCH_KEY': key} if key is not None else {'KRING_RESEARCH_KEY': ''})
        self.assertEqual(p.returncode, expect, p.stderr)
        return p

    def lines(self, p):
        return [json.loads(line) for line in p.stdout.splitlines()]

    def test_one_line_per_case_of_the_period_with_keyed_pseudonyms(self):
        p = self.export()
        self.assertTrue(all(keys_sorted_everywhere(line) for line in p.stdout.splitlines()))
        cases = self.lines(p)
        self.assertEqual([c['request']['id'] for c in cases],
                         [pseudonym(KEY1, 'request', self.first), pseudonym(KEY1, 'request', self.second)])
        self.assertIn('2 cases', p.stderr)
        first = cases[0]
        self.assertEqual(sorted(first), sorted(('request',) + CHILD_TABLES))
        req = first['request']
        self.assertEqual(req['coordinator_id'], pseudonym(KEY1, 'coordinator', h.world().coordinator_id))
        self.assertEqual((req['track'], req['requested_on'], req['closed_on'], req['minors'], req['state']),
                         ('child_protection', '1995-02-01', '1995-08-01', 2, 'closed'))
        members = h.list_all('%s/requests/%d/network-members' % (API, self.first))
        self.assertEqual([m['id'] for m in first['network_members']],
                         [pseudonym(KEY1, 'network_member', m['id']) for m in members])
        by_member = [a['network_member_id'] for a in first['plan_actions'] if a['by'] == 'network']
        self.assertEqual(by_member, [pseudonym(KEY1, 'network_member', members[0]['id'])])
        for table in CHILD_TABLES:
            for rec in first[table]:
                self.assertEqual(rec['request_id'], req['id'], table)
        self.assertEqual(sum(c['amount_cents'] for c in first['costs']), 550000)
        self.assertEqual([f['satisfaction_child'] for f in first['follow_ups']], [7])
        self.assertEqual([t['action'] for t in first['transitions']],
                         ['decide-funding', 'assign-coordinator', 'start-preparation', 'schedule-conference',
                          'record-conference', 'judge-plan', 'start-follow-up', 'close'])
        self.assertEqual(cases[1]['request']['stop_reason'], 'declined_by_family')
        self.assertIsNone(cases[1]['request']['coordinator_id'])

    def test_no_names_free_text_ids_or_times_of_writing_leave_kring(self):
        p = self.export()
        for secrets in (self.s1, self.s2):
            for what, text in secrets.items():
                self.assertNotIn(text, p.stdout, what)
        self.assertNotIn('verwijderd', p.stdout)
        for case in self.lines(p):
            for table, recs in case.items():
                for rec in recs if isinstance(recs, list) else [recs]:
                    for field in ('version', 'created_at', 'updated_at', 'actor', 'at', 'main_persons', 'name',
                                  'contact', 'notes', 'what', 'by_name', 'place', 'safety_notes',
                                  'minors_ages', 'referrer_name', 'note', 'description', 'relation'):
                        self.assertNotIn(field, rec, '%s.%s' % (table, field))
                    if 'id' in rec:
                        self.assertIn(table, ('request', 'network_members'))
                        self.assertRegex(rec['id'], r'^[0-9a-f]{64}$')

    def test_pseudonyms_are_stable_per_key_and_the_key_is_never_written(self):
        one, again, other = self.export(KEY1), self.export(KEY1), self.export(KEY2)
        self.assertEqual(one.stdout, again.stdout)
        self.assertNotEqual(one.stdout, other.stdout)
        a, b = self.lines(one), self.lines(other)
        self.assertEqual([c['request']['id'] for c in b],
                         [pseudonym(KEY2, 'request', self.first), pseudonym(KEY2, 'request', self.second)])
        # the same facts under other pseudonyms
        strip = json.dumps([c['request']['track'] for c in a]), json.dumps([c['costs'] for c in a]).count('amount')
        self.assertEqual(strip, (json.dumps([c['request']['track'] for c in b]),
                                 json.dumps([c['costs'] for c in b]).count('amount')))
        for p, key in ((one, KEY1), (other, KEY2)):
            self.assertNotIn(key, p.stdout)
            self.assertNotIn(key, p.stderr)
            self.assertNotIn(hashlib.sha256(key.encode()).hexdigest(), p.stdout)

    def test_each_case_exported_is_logged(self):
        mark = h.log_last_id()
        self.export(frm='1996-01-01', to='1996-12-31')
        self.assertEqual([(e['action'], e['user_name'], e['role'], e['request_id'])
                          for e in h.log_entries(after_id=mark)],
                         [('export', 'cli', 'system', self.later)])

    def test_a_missing_or_short_key_or_a_bad_period_is_refused_with_one_line(self):
        for key, frm, to in ((None, '1995-01-01', '1995-12-31'), ('short-key', '1995-01-01', '1995-12-31'),
                             ('x' * 31, '1995-01-01', '1995-12-31'), (KEY1, '1995-13-01', '1995-12-31'),
                             (KEY1, '1995-12-31', '1995-01-01'), (KEY1, '', '1995-01-01')):
            with self.subTest(key=key, frm=frm, to=to), h.unchanged(self):
                p = self.export(key, frm, to, expect=2)
                self.assertEqual(p.stdout, '')
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
                if key:
                    self.assertNotIn(key, p.stderr)
        with h.unchanged(self):
            p = h.run_cli(['export', 'research', '--to', '1995-12-31', '--db', h.server().db_url],
                          env={'KRING_RESEARCH_KEY': KEY1})
            self.assertEqual(p.returncode, 2, p.stderr)


if __name__ == '__main__':
    unittest.main()
