"""Two `kring serve` processes on one PostgreSQL database act as one service:
what one writes the other reads, a session opened on one works on the other,
a stale write loses on either node, an Idempotency-Key holds across nodes,
and a case's history is shared."""
import unittest
import uuid

import harness as h
from harness import API

ROUNDS = 20


def key():
    return 'nodes-' + uuid.uuid4().hex


def ctype(r):
    return (r.headers.get('Content-Type') or '').split(';')[0].strip().lower()


@h.postgres_only('two servers share one database only on PostgreSQL; '
                 'an SQLite file belongs to one server')
class TwoNodes(unittest.TestCase):

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        # node A creates the database and runs `kring init` on it, once;
        # node B serves the same database
        cls.a = h.start()
        try:
            cls.b = h.Server(db_url=cls.a.db_url, init=False).start()
        except BaseException:
            h.stop()
            raise
        cls.nodes = (cls.a, cls.b)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.b.stop()
        finally:
            h.stop()  # node A, which drops the database

    def read(self, node, path):
        return h.must(node.request('GET', path), 200, 'GET %s on port %d' % (path, node.port))

    def total(self, node, path, **params):
        r = node.request('GET', path, params=dict(params, limit=1))
        return h.must(r, 200, 'GET %s' % path)['total']

    # (a)
    def test_a_record_created_on_one_node_is_read_on_the_other(self):
        for writer, reader in ((self.a, self.b), (self.b, self.a)):
            with self.subTest(written_on=writer.port):
                before = self.total(reader, API + '/regions')
                cr = writer.request('POST', API + '/regions', body={'name': h.uniq('Gedeeld')})
                self.assertEqual(cr.status, 201, cr)
                path = '%s/regions/%d' % (API, cr.json['id'])
                got = reader.request('GET', path)
                self.assertEqual(got.status, 200, got)
                self.assertEqual(got.json, cr.json)
                self.assertEqual(h.etag_of(got), h.etag_of(cr))
                self.assertEqual(self.total(reader, API + '/regions'), before + 1)
                listed = reader.request('GET', API + '/regions', params={'limit': 500})
                self.assertIn(cr.json['id'], [i['id'] for i in listed.json['items']])
                # a change made on the reader is seen by the writer
                ch = reader.request('PATCH', path, body={'name': h.uniq('Gewijzigd')},
                                    if_match=cr.json['version'])
                self.assertEqual(ch.status, 200, ch)
                self.assertEqual(self.read(writer, path), ch.json)

    # sessions live in the database
    def test_a_session_opened_on_one_node_works_on_the_other_until_logout_on_either(self):
        name = h.uniq('knooppunt').replace(' ', '-')
        p = self.a.add_user(name, roles=('coordinator',))
        self.assertEqual(p.returncode, 0, p.stderr)
        for opened, other in ((self.a, self.b), (self.b, self.a)):
            with self.subTest(opened_on=opened.port):
                r = opened.request('POST', API + '/session', auth=False,
                                   body={'username': name, 'password': h.TEST_PASSWORD})
                self.assertEqual(r.status, 201, r)
                jar = {'Cookie': r.headers.get('Set-Cookie').split(';')[0]}
                me = other.request('GET', API + '/session', auth=False, headers=jar)
                self.assertEqual(me.status, 200, me)
                self.assertEqual(me.json['user']['username'], name)
                self.assertEqual(other.request('GET', API + '/regions', auth=False, headers=jar).status, 200)
                # logging out on the other node ends it on both; the CSRF
                # token made on one node holds on the other
                out = other.request('DELETE', API + '/session', auth=False,
                                    headers=dict(jar, **{'X-CSRF-Token': r.json['csrf_token']}))
                self.assertEqual(out.status, 204, out)
                for node in self.nodes:
                    self.assertEqual(node.request('GET', API + '/session', auth=False, headers=jar).status, 401)

    # (b)
    def test_concurrent_patches_with_the_same_if_match_on_both_nodes_one_wins(self):
        for rnd in range(ROUNDS):
            with self.subTest(round=rnd):
                reg = h.must(self.a.request('POST', API + '/regions', body={'name': h.uniq('Wedloop')}),
                             201, 'POST region')
                path = '%s/regions/%d' % (API, reg['id'])
                names = [h.uniq('Wedloop A'), h.uniq('Wedloop B')]
                results = h.at_once(2, lambda i: self.nodes[i].request(
                    'PATCH', path, body={'name': names[i]}, if_match=reg['version']))
                statuses = sorted(r.status for r in results)
                self.assertEqual(statuses, [200, 412], 'one PATCH wins, the other is stale: %r' % (results,))
                won = [i for i, r in enumerate(results) if r.status == 200][0]
                lost = results[1 - won]
                h.assert_problem(self, lost, 412, 'version_mismatch')
                self.assertEqual(results[won].json['version'], reg['version'] + 1)
                self.assertEqual(results[won].json['name'], names[won])
                for node in self.nodes:
                    final = self.read(node, path)
                    self.assertEqual(final, results[won].json)

    # (c)
    def same_key_on_both_nodes(self, records, make_body):
        """ROUNDS times: one POST /api/v1/RECORDS with one Idempotency-Key and
        one body sent to both nodes at once creates one record, and both
        answers are that record (one of them the replay)."""
        for rnd in range(ROUNDS):
            with self.subTest(records=records, round=rnd):
                k = key()
                body = make_body()
                before = self.total(self.a, API + '/' + records)
                results = h.at_once(2, lambda i: self.nodes[i].request(
                    'POST', API + '/' + records, body=body, idem=k))
                self.assertEqual([r.status for r in results], [201, 201], results)
                for r in results:
                    self.assertEqual(ctype(r), 'application/json', r)
                ids = {r.json['id'] for r in results}
                self.assertEqual(len(ids), 1, 'both answers name the same record: %r' % (results,))
                self.assertEqual(results[0].json, results[1].json)
                self.assertEqual(results[0].headers.get('Location'), results[1].headers.get('Location'))
                self.assertEqual(h.etag_of(results[0]), h.etag_of(results[1]))
                replayed = sorted((r.headers.get('Idempotent-Replayed') or '').lower() == 'true'
                                  for r in results)
                self.assertEqual(replayed, [False, True], 'one answer is the first, one its replay')
                rec_path = '%s/%s/%d' % (API, records, results[0].json['id'])
                for node in self.nodes:
                    self.assertEqual(self.total(node, API + '/' + records), before + 1)
                    self.assertEqual(self.read(node, rec_path), results[0].json)
                # and sent again later, to either node, it is replayed
                for node in self.nodes:
                    again = node.request('POST', API + '/' + records, body=body, idem=k)
                    self.assertEqual((again.status, again.json), (201, results[0].json))
                    self.assertEqual(again.headers.get('Idempotent-Replayed'), 'true')

    def test_one_idempotency_key_sent_to_both_nodes_at_once_creates_one_record(self):
        # a region's name is unique: the second insert meets the first one's
        # name before it meets the key
        self.same_key_on_both_nodes('regions', lambda: {'name': h.uniq('Eenmalig')})

    def test_one_idempotency_key_sent_to_both_nodes_at_once_creates_one_record_without_unique_fields(self):
        # nothing but the key keeps two organisations with the same body apart
        self.same_key_on_both_nodes('organisations', lambda: {'name': h.uniq('Eenmalig'), 'type': 'police'})

    # (d)
    def test_a_lifecycle_transition_on_one_node_is_seen_on_the_other_with_its_history(self):
        w = h.world()  # made through node A
        req = h.new_request(w.region_id)
        rid = req['id']
        path = '%s/requests/%d' % (API, rid)
        steps = [
            (self.a, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': w.agreement_id},
             'funding_decided'),
            (self.b, 'assign-coordinator', {'coordinator_id': w.coordinator_id}, 'coordinator_assigned'),
            (self.a, 'start-preparation', {}, 'preparation'),
            (self.a, 'schedule-conference', {'scheduled_on': '2024-04-10', 'place': 'Buurthuis'},
             'conference_scheduled'),
        ]
        done = []
        for node, action, body, state in steps:
            other = self.b if node is self.a else self.a
            with self.subTest(action=action):
                r = node.request('POST', '%s/%s' % (path, action), body=body, actor='node-%d' % node.port)
                self.assertEqual(r.status, 200, '%s: %r' % (action, r))
                self.assertEqual(r.json['state'], state)
                done.append((action, state, 'node-%d' % node.port))
                seen = other.request('GET', path)
                self.assertEqual(seen.status, 200, seen)
                self.assertEqual(seen.json, r.json, 'the other node reads the request as it is now')
                self.assertEqual(h.etag_of(seen), h.etag_of(r))
                hist = self.read(other, path + '/transitions')
                self.assertEqual(hist['total'], len(done))
                self.assertEqual([(t['action'], t['to_state'], t['actor']) for t in hist['items']], done)
                for t in hist['items']:
                    self.assertEqual(t['request_id'], rid)
                    self.assertRegex(t['at'], h.TIMESTAMP_RE)
                self.assertEqual(hist, self.read(node, path + '/transitions'),
                                 'both nodes give the same history')
        conf_a = self.read(self.a, path + '/conference')
        self.assertEqual(self.read(self.b, path + '/conference'), conf_a)
        self.assertEqual(conf_a['place'], 'Buurthuis')
        # an action that is illegal now is refused on either node, and changes nothing
        for node in self.nodes:
            r = node.request('POST', path + '/start-preparation', body={})
            h.assert_problem(self, r, 409, 'illegal_transition')
        self.assertEqual(self.read(self.b, path + '/transitions')['total'], len(done))


if __name__ == '__main__':
    unittest.main()
