"""Bad input: each class answers its 4xx problem+json with a stable code (and
the field where one applies), and the database is unchanged afterwards."""
import unittest

import harness as h
from harness import API


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


class BadInput(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.w = h.world()
        cls.req = h.new_request(cls.w.region_id)                     # requested
        cls.prep = h.case_in('preparation')
        cls.sched = h.case_in('conference_scheduled')
        cls.fu = h.case_in('follow_up')
        cls.region = h.region()
        cls.org = h.organisation(cls.region['id'])

    def refused(self, r, status, code=None, field=None, **kw):
        return h.assert_problem(self, r, status, code, field, **kw)

    def post_refused(self, path, body, status, code, field=None, **kw):
        with h.unchanged(self, 'POST %s %r' % (path, body)):
            return self.refused(h.post(path, body, **kw), status, code, field)

    # -- the body is not what it should be --

    def test_malformed_json_is_400_malformed_json(self):
        for raw in (b'{', b'{"name": }', b'{"name": "x",}', b"{'name': 'x'}", b'{"name": "x"} trailing',
                    b'nul', b'{"name": "unterminated}', b'[' * 20000, b''):
            with self.subTest(raw=raw[:40]), h.unchanged(self):
                self.refused(h.post(API + '/regions', raw=raw), 400, 'malformed_json')
        with h.unchanged(self):
            self.refused(h.act(self.req['id'], 'stop', None, raw=b'{"reason": '), 400, 'malformed_json')

    def test_a_body_that_is_not_an_object_is_422_not_an_object(self):
        for body in ([], [{'name': 'x'}], 'x', 5, None, True):
            with self.subTest(body=body):
                self.post_refused(API + '/regions', body, 422, 'not_an_object')
        with h.unchanged(self):
            self.refused(h.act(self.req['id'], 'stop', ['circumstances']), 422, 'not_an_object')
        with h.unchanged(self):
            self.refused(h.patch('%s/regions/%d' % (API, self.region['id']), ['x'],
                                 if_match=self.region['version']), 422, 'not_an_object')

    def test_wrong_types_are_422_wrong_type_with_the_field(self):
        rb = lambda **kw: dict(h.request_body(self.w.region_id), **kw)
        cases = [
            (API + '/requests', rb(minors='3'), 'minors'),
            (API + '/requests', rb(minors=2.5), 'minors'),
            (API + '/requests', rb(minors=True), 'minors'),
            (API + '/requests', rb(consent='yes'), 'consent'),
            (API + '/requests', rb(region_id=str(self.w.region_id)), 'region_id'),
            (API + '/requests', rb(topics='parenting'), 'topics'),
            (API + '/requests', rb(main_persons='Fatima'), 'main_persons'),
            (API + '/requests', rb(requested_on=20240301), 'requested_on'),
            (API + '/organisations', {'name': 5, 'type': 'school'}, 'name'),
            (API + '/regions', {'name': ['Noord']}, 'name'),
            (API + '/regions', {'name': {'nl': 'Noord'}}, 'name'),
            (API + '/coordinators', {'name': 'X', 'active': 1}, 'active'),
            ('%s/requests/%d/costs' % (API, self.fu['id']), {'kind': 'venue', 'amount_cents': 12.5}, 'amount_cents'),
            ('%s/requests/%d/costs' % (API, self.fu['id']), {'kind': 'venue', 'amount_cents': '1250'}, 'amount_cents'),
        ]
        for path, body, field in cases:
            with self.subTest(path=path, field=field, value=body.get(field)):
                self.post_refused(path, body, 422, 'wrong_type', field)
        with h.unchanged(self):
            self.refused(h.patch('%s/regions/%d' % (API, self.region['id']), {'name': 7},
                                 if_match=self.region['version']), 422, 'wrong_type', 'name')

    def test_missing_required_fields_are_422_required(self):
        rb = h.request_body(self.w.region_id)
        cases = [(API + '/regions', {}, 'name'),
                 (API + '/regions', {'name': None}, 'name'),
                 (API + '/organisations', {'name': 'Politie Noord'}, 'type'),
                 (API + '/agreements', {'funder_id': self.w.funder_id, 'name': 'X'}, 'starts_on')]
        for field in ('requested_on', 'region_id', 'referrer_type', 'kind', 'track', 'main_persons'):
            cases.append((API + '/requests', {k: v for k, v in rb.items() if k != field}, field))
        fu = self.fu['id']
        cases += [('%s/requests/%d/network-members' % (API, fu), {'name': 'Oma'}, 'relation'),
                  ('%s/requests/%d/measures' % (API, fu), {'measure': 'eviction', 'at_request': 'threatened'}, 'count'),
                  ('%s/requests/%d/costs' % (API, fu), {'kind': 'venue'}, 'amount_cents'),
                  ('%s/requests/%d/follow-ups' % (API, fu), {'kind': 'phone_call'}, 'follow_up_on')]
        for path, body, field in cases:
            with self.subTest(path=path, field=field):
                self.post_refused(path, body, 422, 'required', field)
        with h.unchanged(self):
            self.refused(h.act(self.prep['id'], 'schedule-conference', {'place': 'Buurthuis'}),
                         422, 'required', 'scheduled_on')
        with h.unchanged(self):
            self.refused(h.act(self.sched['id'], 'record-conference', {'held_on': '2024-04-10'}),
                         422, 'required', 'outcome')
        with h.unchanged(self, 'a request without any main person'):
            r = h.post(API + '/requests', h.request_body(self.w.region_id, main_persons=[]))
            self.refused(r, 422, codes=('required', 'empty', 'out_of_range'), field='main_persons')

    def test_unknown_enum_values_are_422_unknown_value(self):
        rb = lambda **kw: h.request_body(self.w.region_id, **kw)
        cases = [(API + '/requests', rb(kind='party'), 'kind'),
                 (API + '/requests', rb(track='none'), 'track'),
                 (API + '/requests', rb(referrer_type='neighbour'), 'referrer_type'),
                 (API + '/requests', rb(kind='Family'), 'kind'),
                 (API + '/requests', rb(preferred_gender='x'), 'preferred_gender'),
                 (API + '/organisations', {'name': 'X', 'type': 'bank'}, 'type'),
                 ('%s/requests/%d/costs' % (API, self.fu['id']), {'kind': 'bribe', 'amount_cents': 5}, 'kind')]
        for path, body, field in cases:
            with self.subTest(path=path, field=field):
                self.post_refused(path, body, 422, 'unknown_value', field)
        with h.unchanged(self):
            self.refused(h.post(API + '/requests', rb(topics=['parenting', 'nope'])), 422, 'unknown_value',
                         fields=('topics', 'topics[1]', 'topics/1', 'topics.1'))
        with h.unchanged(self):
            self.refused(h.act(self.sched['id'], 'record-conference', {'outcome': 'party', 'held_on': '2024-04-10'}),
                         422, 'unknown_value', 'outcome')

    def test_invalid_dates_are_422_invalid_date(self):
        for value in ('2010-02-30', '2010-13-01', 'yesterday', '2011-02-29', '1900-02-29', '2010-1-1',
                      '2010-01-01T00:00:00Z', '01-02-2010', '2010-00-10', '2010-04-31'):
            with self.subTest(value=value):
                self.post_refused(API + '/requests', h.request_body(self.w.region_id, requested_on=value),
                                  422, 'invalid_date', 'requested_on')
        with h.unchanged(self):
            self.refused(h.act(self.prep['id'], 'schedule-conference', {'scheduled_on': '2024-02-30', 'place': 'x'}),
                         422, 'invalid_date', 'scheduled_on')
        # leap days that exist are fine
        for value in ('2012-02-29', '2000-02-29'):
            req = h.new_request(self.w.region_id, requested_on=value, consent_on=None)
            self.assertEqual(req['requested_on'], value)

    def test_invalid_times_are_422_invalid_time(self):
        for value in ('25:00', '10:60', '9:00', 'ten', '10:00:00', '24:01'):
            with self.subTest(value=value), h.unchanged(self):
                self.refused(h.act(self.sched['id'], 'record-conference',
                                   {'outcome': 'plan', 'held_on': '2024-04-10', 'phase1_start': value}),
                             422, 'invalid_time', 'phase1_start')

    def test_a_request_dated_in_the_future_is_refused(self):
        with h.unchanged(self):
            self.post_refused(API + '/requests', h.request_body(self.w.region_id, requested_on='2199-01-01'),
                              422, 'invalid', 'requested_on')

    def test_a_conference_before_its_request_is_refused(self):
        # requested_on is 2024-03-01
        with h.unchanged(self):
            self.refused(h.act(self.prep['id'], 'schedule-conference', {'scheduled_on': '2024-02-29', 'place': 'x'}),
                         422, field='scheduled_on', codes=('out_of_range', 'invalid'))
        with h.unchanged(self):
            self.refused(h.act(self.sched['id'], 'record-conference', {'outcome': 'plan', 'held_on': '2024-02-29'}),
                         422, field='held_on', codes=('out_of_range', 'invalid'))
        with h.unchanged(self):
            self.refused(h.act(self.prep['id'], 'record-conference',
                               {'outcome': 'plan_without_meeting', 'held_on': '2023-12-31'}),
                         422, field='held_on', codes=('out_of_range', 'invalid'))
        # the same day is fine
        req = h.case_in('preparation')
        self.assertEqual(h.act_ok(req['id'], 'schedule-conference',
                                  {'scheduled_on': h.REQUESTED_ON, 'place': 'x'})['state'], 'conference_scheduled')

    def test_grades_outside_1_to_10_are_422_out_of_range(self):
        path = '%s/requests/%d/follow-ups' % (API, self.fu['id'])
        for field in ('satisfaction_main_person', 'satisfaction_child', 'satisfaction_network',
                      'satisfaction_professional'):
            for value in (0, 11, -1):
                with self.subTest(field=field, value=value):
                    self.post_refused(path, {'follow_up_on': '2024-06-01', field: value}, 422, 'out_of_range', field)
        self.post_refused(path, {'follow_up_on': '2024-06-01', 'actions_done_pct': 101}, 422,
                          'out_of_range', 'actions_done_pct')
        fu = h.create(path, {'follow_up_on': '2024-06-01', 'satisfaction_main_person': 1, 'satisfaction_child': 10})
        self.assertEqual((fu['satisfaction_main_person'], fu['satisfaction_child']), (1, 10))

    def test_negative_counts_are_422_out_of_range(self):
        fu = self.fu['id']
        cases = [(API + '/requests', h.request_body(self.w.region_id, minors=-1), 'minors'),
                 (API + '/requests', h.request_body(self.w.region_id, minors=51), 'minors'),
                 ('%s/requests/%d/measures' % (API, fu), {'measure': 'eviction', 'count': 0, 'at_request': 'threatened'}, 'count'),
                 ('%s/requests/%d/measures' % (API, fu), {'measure': 'eviction', 'count': -3, 'at_request': 'threatened'}, 'count'),
                 ('%s/requests/%d/costs' % (API, fu), {'kind': 'venue', 'amount_cents': -5}, 'amount_cents'),
                 (API + '/coordinators', {'name': 'X', 'fee_cents': -1}, 'fee_cents'),
                 (API + '/agreements', {'funder_id': self.w.funder_id, 'name': 'X', 'starts_on': '2024-01-01',
                                        'tariff_family_cents': -400000}, 'tariff_family_cents')]
        for path, body, field in cases:
            with self.subTest(path=path, field=field):
                self.post_refused(path, body, 422, 'out_of_range', field)
        with h.unchanged(self):
            self.refused(h.act(self.sched['id'], 'record-conference',
                               {'outcome': 'plan', 'held_on': '2024-04-10', 'participants_present': -1}),
                         422, 'out_of_range', 'participants_present')
        req = h.new_request(self.w.region_id, minors=0)
        self.assertEqual(req['minors'], 0)

    def test_over_long_strings_are_422_too_long_counting_code_points(self):
        path = API + '/organisations'
        for name in ('x' * 201, 'é' * 201, '€' * 201, '\U0001F46A' * 201):
            with self.subTest(length=len(name), first=name[0]):
                self.post_refused(path, {'name': name, 'type': 'school'}, 422, 'too_long', 'name')
        self.post_refused(API + '/regions', {'name': 'r' * 101}, 422, 'too_long', 'name')
        # exactly the maximum, in 2-, 3- and 4-byte characters, is accepted and comes back whole
        for name in ('é' * 200, '€' * 200, '\U0001F46A' * 200, 'Zoë ' * 50):
            with self.subTest(accepted=name[:4]):
                org = h.create(path, {'name': name, 'type': 'school'})
                self.assertEqual(org['name'], name)
                self.assertEqual(h.read('%s/organisations/%d' % (API, org['id']))['name'], name)

    def test_empty_strings_are_422_empty(self):
        self.post_refused(API + '/regions', {'name': ''}, 422, 'empty', 'name')
        self.post_refused(API + '/organisations', {'name': '', 'type': 'school'}, 422, 'empty', 'name')

    def test_invalid_language_codes_are_422_invalid_language(self):
        for value in ('Dutch', 'NL', 'n', 'nederl', 'n1'):
            with self.subTest(value=value):
                self.post_refused(API + '/requests', h.request_body(self.w.region_id, preferred_language=value),
                                  422, 'invalid_language', 'preferred_language')
        self.post_refused(API + '/coordinators', {'name': 'X', 'languages': ['nl', 'Arabic']}, 422,
                          'invalid_language', None)

    def test_duplicate_list_items_are_422_duplicate_item(self):
        for path, body, field in (
                (API + '/coordinators', {'name': 'X', 'languages': ['nl', 'nl']}, 'languages'),
                (API + '/coordinators', {'name': 'X', 'region_ids': [self.w.region_id, self.w.region_id]}, 'region_ids'),
                (API + '/requests', h.request_body(self.w.region_id, topics=['money', 'money']), 'topics')):
            with self.subTest(field=field), h.unchanged(self):
                self.refused(h.post(path, body), 422, 'duplicate_item',
                             fields=(field, field + '[1]', field + '/1', field + '.1'))

    def test_invalid_utf8_in_the_body_is_400_invalid_utf8(self):
        for bad in (b'\xff', b'\xc0\xaf', b'\xed\xa0\x80', b'\xe2\x82', b'\xf8\x88\x80\x80\x80', b'\xf4\x90\x80\x80'):
            with self.subTest(bytes=bad), h.unchanged(self):
                self.refused(h.post(API + '/regions', raw=b'{"name": "ab' + bad + b'cd"}'), 400, 'invalid_utf8')

    def test_a_body_over_64_kib_is_413(self):
        def padded(size):
            head = b'{"name": "%s"}' % h.uniq('Regio').encode()
            return head + b' ' * (size - len(head))
        for size in (65537, 70000, 1 << 20):
            with self.subTest(size=size), h.unchanged(self):
                self.refused(h.post(API + '/regions', raw=padded(size)), 413, 'body_too_large')
        r = h.post(API + '/regions', raw=padded(65536))
        self.assertEqual(r.status, 201, 'a body of exactly 64 KiB is allowed: %r' % (r,))
        # the limit holds for a chunked body too, whose size is not announced
        with h.unchanged(self, 'a chunked body over 64 KiB'):
            self.refused(h.post(API + '/regions', raw=padded(70000), chunked=True), 413, 'body_too_large')
        r = h.post(API + '/regions', raw=padded(9000), chunked=True)
        self.assertEqual(r.status, 201, 'a small chunked body is fine: %r' % (r,))

    def test_hostile_input_never_answers_5xx(self):
        rid = self.req['id']
        cases = [
            ('POST', API + '/regions', {'raw': b'{"name": "a\\u0000b"}'}),
            ('POST', API + '/regions', {'raw': b'{"name": "a\\ud800b"}'}),
            ('POST', API + '/regions', {'raw': b'{"name": "a\\uZZZZ"}'}),
            ('POST', API + '/requests', {'raw': b'{"minors": 99999999999999999999999}'}),
            ('POST', API + '/requests', {'raw': b'{"minors": 1e400}'}),
            ('POST', API + '/requests', {'raw': b'{"minors": -0.0}'}),
            ('POST', API + '/regions', {'raw': b'{"name": "c", "name": "d"}'}),
            ('POST', API + '/regions', {'raw': b'{"": "c"}'}),
            ('POST', API + '/regions', {'raw': b'{"name": ' + b'[' * 5000 + b']' * 5000 + b'}'}),
            ('POST', API + '/regions', {'raw': b'{' + b','.join(b'"f%d": %d' % (i, i) for i in range(3000)) + b'}'}),
            ('POST', API + '/regions', {'raw': b'{"' + b'k' * 60000 + b'": 1}'}),
            ('POST', API + '/requests', {'body': h.request_body(self.w.region_id, main_persons=['x'] * 5000)}),
            ('POST', API + '/requests', {'body': h.request_body(self.w.region_id, topics=[None, {}, []])}),
            ('POST', '%s/requests/%d/stop' % (API, rid), {'body': {'reason': None, 'note': 'x' * 3000}}),
            ('POST', '%s/requests/%d/stop' % (API, rid), {'body': {'reason': ['other']}}),
            ('GET', API + '/requests?kind=%FF', {}),
            ('GET', API + '/requests?kind=fam%00ily', {}),
            ('GET', API + '/requests?' + '&'.join('kind=family' for _ in range(300)), {}),
            ('GET', API + '/requests?' + '&'.join('a=%d' % i for i in range(400)), {}),
            ('GET', API + '/regions?' + 'a' * 20000, {}),
            ('GET', API + '/regions/1%00', {}),
            ('GET', API + '/regions/99999999999999999999999', {}),
            ('GET', API + '/regions/-1', {}),
            ('GET', API + '/' + 'x/' * 2000, {}),
            ('GET', API + '/requests/%d/transitions?after=' % rid + 'A' * 3000, {}),
            ('PATCH', API + '/regions/%d' % self.region['id'], {'body': {'name': 'x'}, 'if_match': '"' + '9' * 40 + '"'}),
            ('POST', API + '/regions', {'body': {'name': 'x'}, 'idem': 'k' * 5000}),
        ]
        for method, path, kw in cases:
            with self.subTest(method=method, path=path[:60], kw=repr(kw)[:60]), h.unchanged(self):
                r = h.request(method, path, timeout=5, **kw)
                self.assertLess(r.status, 500, r)
                self.assertGreaterEqual(r.status, 400, r)
                self.refused(r, r.status)
        self.assertEqual(h.get('/healthz').status, 200)

    def test_a_request_beyond_the_http_layers_limits_does_not_stop_the_server(self):
        # libmicrohttpd 0.9.75 keeps each request's parsed query in a 32 KiB
        # pool; past about 400 arguments it gives up on the request without an
        # answer and the connection times out. Other clients must not notice.
        try:
            h.request('GET', API + '/requests?' + '&'.join('a=%d' % i for i in range(1000)), timeout=1)
        except Exception:
            pass
        self.assertEqual(h.get('/healthz').status, 200)
        self.assertEqual(h.get(API + '/regions').status, 200)

    # -- the lifecycle --

    def test_illegal_transitions_are_409_illegal_transition(self):
        fresh = h.new_request(self.w.region_id)
        with h.unchanged(self):
            self.refused(h.act(fresh['id'], 'start-preparation', {}), 409, 'illegal_transition')
        held = h.case_in('conference_held')
        with h.unchanged(self):
            self.refused(h.act(held['id'], 'stop', {'reason': 'circumstances'}), 409, 'illegal_transition')
        closed = h.case_in('closed')
        for action, body in (('close', {}), ('stop', {'reason': 'other'}), ('start-follow-up', {}),
                             ('decide-funding', {'funding_source': 'institution'})):
            with self.subTest(action=action), h.unchanged(self):
                self.refused(h.act(closed['id'], action, body), 409, 'illegal_transition')

    # -- what is referred to does not exist --

    def test_unknown_ids_are_404_not_found(self):
        for method, path, kw in (
                ('GET', '/regions/999999', {}),
                ('GET', '/requests/999999', {}),
                ('GET', '/network-members/999999', {}),
                ('GET', '/requests/999999/network-members', {}),
                ('GET', '/requests/999999/transitions', {}),
                ('GET', '/requests/999999/conference', {}),
                ('GET', '/requests/999999/plan', {}),
                ('PATCH', '/regions/999999', {'body': {'name': 'x'}, 'if_match': 1}),
                ('PATCH', '/requests/999999', {'body': {'minors': 1}, 'if_match': 1}),
                ('DELETE', '/network-members/999999', {'if_match': 1}),
                ('POST', '/requests/999999/start-preparation', {'body': {}}),
                ('POST', '/requests/999999/stop', {'body': {'reason': 'other'}}),
                ('POST', '/requests/999999/network-members', {'body': {'name': 'Oma', 'relation': 'oma'}}),
                ('POST', '/requests/999999/plan', {'body': {}})):
            with self.subTest(method=method, path=path), h.unchanged(self):
                self.refused(h.request(method, API + path, **kw), 404, 'not_found')
        # the plan and conference of a request that has none yet
        with h.unchanged(self):
            self.refused(h.get('%s/requests/%d/plan' % (API, self.req['id'])), 404, 'not_found')

    def test_references_to_unknown_records_are_422_unknown_reference(self):
        self.post_refused(API + '/requests', h.request_body(999999), 422, 'unknown_reference', 'region_id')
        self.post_refused(API + '/organisations', {'name': 'X', 'type': 'school', 'region_id': 999999},
                          422, 'unknown_reference', 'region_id')
        self.post_refused(API + '/requests', h.request_body(self.w.region_id, referrer_organisation_id=999999),
                          422, 'unknown_reference', 'referrer_organisation_id')
        self.post_refused(API + '/agreements', {'funder_id': 999999, 'name': 'X', 'starts_on': '2024-01-01'},
                          422, 'unknown_reference', 'funder_id')
        with h.unchanged(self):
            self.refused(h.post(API + '/coordinators', {'name': 'X', 'region_ids': [self.w.region_id, 999999]}),
                         422, 'unknown_reference', fields=('region_ids', 'region_ids[1]', 'region_ids/1', 'region_ids.1'))
        with h.unchanged(self):
            self.refused(h.patch('%s/organisations/%d' % (API, self.org['id']), {'region_id': 999999},
                                 if_match=self.org['version']), 422, 'unknown_reference', 'region_id')

    # -- fields that may not be sent --

    def test_unknown_fields_are_422_unknown_field(self):
        self.post_refused(API + '/regions', {'name': 'X', 'colour': 'red'}, 422, 'unknown_field', 'colour')
        self.post_refused(API + '/requests', h.request_body(self.w.region_id, Kind='family'), 422,
                          'unknown_field', 'Kind')
        with h.unchanged(self):
            self.refused(h.patch('%s/regions/%d' % (API, self.region['id']), {'colour': 'red'},
                                 if_match=self.region['version']), 422, 'unknown_field', 'colour')
        with h.unchanged(self):
            self.refused(h.act(self.req['id'], 'stop', {'reason': 'other', 'why': 'x'}), 422, 'unknown_field', 'why')

    def test_read_only_fields_are_422_read_only(self):
        rb = lambda **kw: h.request_body(self.w.region_id, **kw)
        for field, value in (('state', 'closed'), ('id', 5), ('version', 3), ('created_at', '2024-01-01T00:00:00Z'),
                             ('updated_at', '2024-01-01T00:00:00Z'), ('coordinator_id', self.w.coordinator_id),
                             ('funding_source', 'agreement'), ('stop_reason', 'other'), ('closed_on', '2024-05-01')):
            with self.subTest(field=field):
                self.post_refused(API + '/requests', rb(**{field: value}), 422, 'read_only', field)
        path = '%s/requests/%d' % (API, self.req['id'])
        for field, value in (('state', 'closed'), ('id', 7), ('version', 99), ('coordinator_id', self.w.coordinator_id)):
            with self.subTest(patch=field), h.unchanged(self):
                self.refused(h.patch(path, {field: value}, if_match=self.req['version']), 422, 'read_only', field)
        # immutable after create
        a = h.agreement(self.w.funder_id)
        other = h.funder()
        with h.unchanged(self):
            self.refused(h.patch('%s/agreements/%d' % (API, a['id']), {'funder_id': other['id']},
                                 if_match=a['version']), 422, 'read_only', 'funder_id')

    # -- routes, methods, media types, parameters --

    def test_unknown_routes_are_404_not_found(self):
        for method, path in (('GET', '/nosuch'), ('GET', '/api/v1/nosuch'), ('GET', '/api/v2/regions'),
                             ('POST', '/api/v1/nosuch'), ('GET', '/api/v1/requests/%d/nosuch' % self.req['id']),
                             ('POST', '/api/v1/requests/%d/fly' % self.req['id']),
                             ('GET', '/api/v1/regions/%d/extra' % self.region['id']),
                             ('GET', '/api/v1/regions/abc')):
            with self.subTest(method=method, path=path), h.unchanged(self):
                self.refused(h.request(method, path, body={} if method == 'POST' else h.NOBODY),
                             404, 'not_found')

    def test_wrong_methods_are_405_method_not_allowed(self):
        rid, reg = self.req['id'], self.region['id']
        for method, path in (('PUT', '/regions'), ('DELETE', '/regions'), ('PATCH', '/regions'),
                             ('DELETE', '/regions/%d' % reg), ('POST', '/regions/%d' % reg),
                             ('PUT', '/regions/%d' % reg), ('DELETE', '/requests/%d' % rid),
                             ('GET', '/requests/%d/start-preparation' % rid),
                             ('POST', '/requests/%d/conference' % rid),
                             ('POST', '/requests/%d/verdicts' % rid),
                             ('POST', '/requests/%d/transitions' % rid)):
            with self.subTest(method=method, path=path), h.unchanged(self):
                kw = {'body': {}} if method in ('POST', 'PUT', 'PATCH') else {}
                if method in ('PATCH', 'DELETE', 'PUT'):
                    kw['if_match'] = 1
                self.refused(h.request(method, API + path, **kw), 405, 'method_not_allowed')

    def test_a_body_that_is_not_json_is_415(self):
        for ctype in ('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
                      'application/xml', 'application/jsonx'):
            with self.subTest(ctype=ctype), h.unchanged(self):
                self.refused(h.post(API + '/regions', {'name': h.uniq('Regio')}, content_type=ctype),
                             415, 'unsupported_media_type')
        with h.unchanged(self):
            self.refused(h.patch('%s/regions/%d' % (API, self.region['id']), {'name': 'Y'}, content_type='text/plain',
                                 if_match=self.region['version']), 415, 'unsupported_media_type')
        with h.unchanged(self):
            self.refused(h.act(self.req['id'], 'stop', {'reason': 'other'}, content_type='text/plain'),
                         415, 'unsupported_media_type')
        # parameters on the media type are fine
        r = h.post(API + '/regions', {'name': h.uniq('Regio')}, content_type='application/json; charset=utf-8')
        self.assertEqual(r.status, 201, r)

    def test_bad_query_parameters_are_400_bad_parameter(self):
        for params in ({'limit': 0}, {'limit': 501}, {'limit': -1}, {'limit': 'abc'}, {'limit': ''},
                       {'limit': '10abc'}, {'colour': 'red'}, {'minors': 2}, {'main_persons': 'x'},
                       {'state': 'nosuch'}, {'region_id': 'abc'}, {'after': 'not a cursor!'}):
            with self.subTest(params=params), h.unchanged(self):
                self.refused(h.get(API + '/requests', params=params), 400, 'bad_parameter')
        with h.unchanged(self):
            self.refused(h.get('%s/requests/%d/network-members' % (API, self.req['id']), params={'colour': 'red'}),
                         400, 'bad_parameter')

    def test_zz_the_server_is_still_alive(self):
        self.assertEqual(h.get('/healthz').status, 200)
        self.assertEqual(h.get('%s/regions/%d' % (API, self.region['id'])).status, 200)


if __name__ == '__main__':
    unittest.main()
