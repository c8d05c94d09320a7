"""Idempotency-Key on POST: a retried request returns the first answer and
creates nothing; a key reused for another body is refused."""
import unittest
import uuid

import harness as h
from harness import API


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def key():
    return 'test-' + uuid.uuid4().hex


class Idempotency(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.w = h.world()

    def test_the_same_post_twice_is_answered_once(self):
        k = key()
        body = {'name': h.uniq('Regio')}
        before = h.total(API + '/regions')
        first = h.post(API + '/regions', body, idem=k)
        self.assertEqual(first.status, 201, first)
        self.assertNotEqual((first.headers.get('Idempotent-Replayed') or '').lower(), 'true')
        second = h.post(API + '/regions', body, idem=k)
        self.assertEqual(second.status, first.status)
        self.assertEqual(second.json, first.json)
        self.assertEqual(second.headers.get('Idempotent-Replayed'), 'true')
        self.assertEqual(second.headers.get('Location'), first.headers.get('Location'))
        self.assertEqual(h.etag_of(second), h.etag_of(first))
        self.assertEqual(h.total(API + '/regions'), before + 1)

    def test_a_child_record_post_is_replayed_too(self):
        req = h.new_request(self.w.region_id)
        path = '%s/requests/%d/network-members' % (API, req['id'])
        k = key()
        body = {'name': 'Opa', 'relation': 'opa'}
        first = h.post(path, body, idem=k)
        self.assertEqual(first.status, 201, first)
        # the answer discloses the record again: an access-log entry, nothing else
        with h.unchanged_but_logged(self, 'a replayed POST') as logged:
            second = h.post(path, body, idem=k)
        self.assertEqual([(e['action'], e['object_type'], e['object_id'], e['request_id']) for e in logged],
                         [('read', 'network_member', first.json['id'], req['id'])])
        self.assertEqual((second.status, second.json), (201, first.json))
        self.assertEqual(second.headers.get('Idempotent-Replayed'), 'true')
        self.assertEqual(h.total(path), 1)

    def test_different_keys_create_different_records(self):
        body = {'name': 'Tweeling', 'type': 'school'}
        a = h.post(API + '/organisations', body, idem=key())
        b = h.post(API + '/organisations', body, idem=key())
        self.assertEqual((a.status, b.status), (201, 201))
        self.assertNotEqual(a.json['id'], b.json['id'])

    def test_the_same_key_with_another_body_is_422_idempotency_key_reused(self):
        k = key()
        name = h.uniq('Regio')
        self.assertEqual(h.post(API + '/regions', {'name': name}, idem=k).status, 201)
        with h.unchanged(self):
            h.assert_problem(self, h.post(API + '/regions', {'name': name + ' B'}, idem=k),
                             422, 'idempotency_key_reused')

    def test_a_replayed_lifecycle_action_transitions_once(self):
        req = h.new_request(self.w.region_id)
        rid = req['id']
        k = key()
        body = {'funding_source': 'agreement', 'agreement_id': self.w.agreement_id}
        first = h.act(rid, 'decide-funding', body, idem=k)
        self.assertEqual(first.status, 200, first)
        self.assertEqual(first.json['state'], 'funding_decided')
        with h.unchanged_but_logged(self, 'a replayed lifecycle action') as logged:
            second = h.act(rid, 'decide-funding', body, idem=k)
        self.assertEqual([(e['action'], e['object_type'], e['object_id'], e['request_id']) for e in logged],
                         [('read', 'request', rid, rid)])
        self.assertEqual((second.status, second.json), (200, first.json))
        self.assertEqual(second.headers.get('Idempotent-Replayed'), 'true')
        tr = h.list_all('%s/requests/%d/transitions' % (API, rid))
        self.assertEqual(len([t for t in tr if t['action'] == 'decide-funding']), 1)
        # a reschedule (allowed twice) under one key also happens once
        sched = h.case_in('conference_scheduled')
        before = h.list_page('%s/requests/%d/transitions' % (API, sched['id']))['total']
        k2 = key()
        body = {'scheduled_on': '2024-05-01', 'place': 'Bibliotheek'}
        r1 = h.act(sched['id'], 'schedule-conference', body, idem=k2)
        self.assertEqual(r1.status, 200, r1)
        mid = h.list_page('%s/requests/%d/transitions' % (API, sched['id']))['total']
        r2 = h.act(sched['id'], 'schedule-conference', body, idem=k2)
        self.assertEqual((r2.status, r2.json), (200, r1.json))
        self.assertEqual(h.list_page('%s/requests/%d/transitions' % (API, sched['id']))['total'], mid)
        self.assertLessEqual(mid - before, 1)
        # and the key, used for another action, is refused
        with h.unchanged(self):
            h.assert_problem(self, h.act(sched['id'], 'schedule-conference',
                                         {'scheduled_on': '2024-05-02', 'place': 'Bibliotheek'}, idem=k2),
                             422, 'idempotency_key_reused')

    def test_concurrent_identical_posts_with_one_key_create_one_record(self):
        k = key()
        body = {'name': h.uniq('Gelijktijdig'), 'type': 'police'}
        before = h.total(API + '/organisations', type='police')
        results = h.at_once(8, lambda i: h.post(API + '/organisations', body, idem=k))
        created = [r for r in results if r.status == 201]
        self.assertTrue(created, [r.status for r in results])
        for r in results:
            if r.status == 201:
                self.assertEqual(r.json, created[0].json)
            else:  # still running under the same key: "try again"
                h.assert_problem(self, r, 503, 'busy')
        self.assertEqual(h.total(API + '/organisations', type='police'), before + 1)

    def test_keys_must_be_1_to_200_visible_ascii_characters(self):
        for bad in ('', 'x' * 201, 'with space', 'tab\there', 'caf\u00e9'):
            with self.subTest(key=bad[:20]), h.unchanged(self):
                r = h.request('POST', API + '/regions', raw=('{"name": "%s"}' % h.uniq('Regio')).encode(),
                              headers={'Idempotency-Key': bad.encode('utf-8').decode('latin-1')})
                h.assert_problem(self, r, 400, 'bad_header')
        ok = h.post(API + '/regions', {'name': h.uniq('Regio')}, idem='~' * 200)
        self.assertEqual(ok.status, 201, ok)
        ok = h.post(API + '/regions', {'name': h.uniq('Regio')}, idem='!')
        self.assertEqual(ok.status, 201, ok)


if __name__ == '__main__':
    unittest.main()
