"""Versions: ETag on every record, If-Match on PATCH and DELETE (and optionally
on lifecycle actions); a stale write never goes through."""
import unittest

import harness as h
from harness import API


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def etag(version):
    return '"%d"' % version


class Versions(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.w = h.world()

    def test_etag_on_create_and_read_equals_the_version(self):
        reg = h.post(API + '/regions', {'name': h.uniq('Regio')})
        self.assertEqual(reg.status, 201, reg)
        self.assertEqual(h.etag_of(reg), etag(reg.json['version']))
        self.assertIsInstance(reg.json['version'], int)
        req = h.case_in('conference_held')
        nm = h.create('%s/requests/%d/network-members' % (API, req['id']), {'name': 'Oma', 'relation': 'oma'})
        h.create('%s/requests/%d/plan' % (API, req['id']), {'notes': 'plan'})
        for path in ('/regions/%d' % reg.json['id'], '/requests/%d' % req['id'],
                     '/network-members/%d' % nm['id'], '/requests/%d/conference' % req['id'],
                     '/requests/%d/plan' % req['id'], '/coordinators/%d' % self.w.coordinator_id,
                     '/agreements/%d' % self.w.agreement_id):
            with self.subTest(path=path):
                r = h.get(API + path)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(h.etag_of(r), etag(r.json['version']))

    def test_patch_without_if_match_is_428_and_changes_nothing(self):
        reg = h.region()
        with h.unchanged(self):
            h.assert_problem(self, h.patch('%s/regions/%d' % (API, reg['id']), {'name': 'Nieuw'}),
                             428, 'if_match_required')

    def test_patch_with_a_stale_version_is_412_and_changes_nothing(self):
        reg = h.region()
        path = '%s/regions/%d' % (API, reg['id'])
        ok = h.patch(path, {'name': h.uniq('Regio')}, if_match=reg['version'])
        self.assertEqual(ok.status, 200, ok)
        for stale in (reg['version'], reg['version'] + 5, 0):
            with self.subTest(stale=stale), h.unchanged(self):
                h.assert_problem(self, h.patch(path, {'name': 'Oud'}, if_match=stale), 412, 'version_mismatch')
        self.assertEqual(h.read(path), ok.json)

    def test_patch_with_the_right_version_is_200_and_adds_one(self):
        req = h.new_request(self.w.region_id, minors=1)
        path = '%s/requests/%d' % (API, req['id'])
        r = h.patch(path, {'minors': 2, 'minors_ages': '3 en 5'}, if_match=req['version'])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json['version'], req['version'] + 1)
        self.assertEqual(h.etag_of(r), etag(req['version'] + 1))
        self.assertEqual((r.json['minors'], r.json['minors_ages']), (2, '3 en 5'))
        self.assertEqual(r.json['kind'], req['kind'], 'other fields are kept')
        self.assertEqual(r.json['created_at'], req['created_at'])
        self.assertRegex(r.json['updated_at'], h.TIMESTAMP_RE)
        self.assertGreaterEqual(r.json['updated_at'], req['updated_at'])
        got = h.get(path)
        self.assertEqual(got.json, r.json)
        self.assertEqual(h.etag_of(got), etag(req['version'] + 1))
        # a weak or list form of the same tag is not needed; the plain one again works
        r2 = h.patch(path, {'minors': 3}, if_match=etag(r.json['version']))
        self.assertEqual(r2.status, 200, r2)
        self.assertEqual(r2.json['version'], req['version'] + 2)

    def test_a_malformed_if_match_is_400_bad_header(self):
        reg = h.region()
        for value in ('abc', '"abc"', '"1', ''):
            with self.subTest(value=value), h.unchanged(self):
                h.assert_problem(self, h.patch('%s/regions/%d' % (API, reg['id']), {'name': 'X'},
                                               if_match=value), 400, 'bad_header')

    def test_delete_needs_the_right_version(self):
        req = h.new_request(self.w.region_id)
        list_path = '%s/requests/%d/network-members' % (API, req['id'])
        nm = h.create(list_path, {'name': 'Buurvrouw', 'relation': 'buurvrouw'})
        path = '%s/network-members/%d' % (API, nm['id'])
        with h.unchanged(self):
            h.assert_problem(self, h.delete(path), 428, 'if_match_required')
        with h.unchanged(self):
            h.assert_problem(self, h.delete(path, if_match=nm['version'] + 1), 412, 'version_mismatch')
        r = h.patch(path, {'invited': True}, if_match=nm['version'])
        self.assertEqual(r.status, 200, r)
        with h.unchanged(self):
            h.assert_problem(self, h.delete(path, if_match=nm['version']), 412, 'version_mismatch')
        self.assertEqual(h.total(list_path), 1)
        r = h.delete(path, if_match=r.json['version'])
        self.assertEqual(r.status, 204, r)
        self.assertEqual(r.body, b'')
        h.assert_problem(self, h.get(path), 404, 'not_found')
        self.assertEqual(h.total(list_path), 0)
        with h.unchanged(self):
            h.assert_problem(self, h.delete(path, if_match=nm['version'] + 5), 404, 'not_found')

    def test_delete_of_other_child_records(self):
        req = h.case_in('conference_held')
        rid = req['id']
        h.create('%s/requests/%d/plan' % (API, rid), {'notes': 'plan'})
        for kind, body in (('plan-actions', {'topic': 'money', 'what': 'Budgetplan', 'by': 'professional',
                                             'professional': 'Schuldhulp'}),
                           ('measures', {'measure': 'eviction', 'count': 1, 'at_request': 'threatened'}),
                           ('costs', {'kind': 'venue', 'amount_cents': 5000}),
                           ('follow-ups', {'follow_up_on': '2024-06-01'})):
            with self.subTest(kind=kind):
                rec = h.create('%s/requests/%d/%s' % (API, rid, kind), body)
                r = h.delete('%s/%s/%d' % (API, kind, rec['id']), if_match=rec['version'])
                self.assertEqual(r.status, 204, r)
                self.assertEqual(h.total('%s/requests/%d/%s' % (API, rid, kind)), 0)

    def test_concurrent_patches_with_the_same_if_match_one_wins(self):
        reg = h.region()
        path = '%s/regions/%d' % (API, reg['id'])
        n = 8
        names = [h.uniq('Gelijktijdig') for _ in range(n)]
        results = h.at_once(n, lambda i: h.patch(path, {'name': names[i]}, if_match=reg['version']))
        statuses = sorted(r.status for r in results)
        won = [i for i, r in enumerate(results) if r.status == 200]
        self.assertEqual(len(won), 1, 'exactly one PATCH succeeds: %r' % statuses)
        for r in results:
            if r.status != 200:
                self.assertIn(r.status, (412, 503), r)
                h.assert_problem(self, r, r.status, codes=('version_mismatch', 'busy'))
        final = h.read(path)
        self.assertEqual(final['version'], reg['version'] + 1)
        self.assertEqual(final['name'], names[won[0]])

    def test_if_match_on_a_lifecycle_action_must_match_when_sent(self):
        req = h.new_request(self.w.region_id)
        rid = req['id']
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'decide-funding', {'funding_source': 'institution'},
                                         if_match=req['version'] + 1), 412, 'version_mismatch')
        r = h.act(rid, 'decide-funding', {'funding_source': 'institution'}, if_match=req['version'])
        self.assertEqual(r.status, 200, r)
        self.assertGreater(r.json['version'], req['version'])
        self.assertEqual(h.etag_of(r), etag(r.json['version']))
        # without If-Match it is fine too
        r2 = h.act(rid, 'assign-coordinator', {'coordinator_id': self.w.coordinator_id})
        self.assertEqual(r2.status, 200, r2)
        self.assertGreater(r2.json['version'], r.json['version'])


if __name__ == '__main__':
    unittest.main()
