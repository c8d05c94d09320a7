"""A case from request to close, and every rule of the lifecycle (docs/api.md)."""
import unittest

import harness as h
from harness import API


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


# which actions each state allows (docs/api.md, "The lifecycle")
ALLOWED = {
    'requested': {'decide-funding', 'stop'},
    'funding_decided': {'assign-coordinator', 'stop'},
    'coordinator_assigned': {'assign-coordinator', 'start-preparation', 'stop'},
    'preparation': {'assign-coordinator', 'schedule-conference', 'stop'},  # + record-conference without meeting
    'conference_scheduled': {'assign-coordinator', 'schedule-conference', 'record-conference', 'stop'},
    'conference_held': {'judge-plan', 'close'},
    'plan_judged': {'start-follow-up', 'close'},
    'follow_up': {'close'},
    'closed': set(),
    'stopped': set(),
}
ACTIONS = ['decide-funding', 'assign-coordinator', 'start-preparation', 'schedule-conference',
           'record-conference', 'judge-plan', 'start-follow-up', 'close', 'stop']


def valid_bodies(w):
    return {
        'decide-funding': {'funding_source': 'family_contribution'},
        'assign-coordinator': {'coordinator_id': w.coordinator_id},
        'start-preparation': {},
        'schedule-conference': {'scheduled_on': '2024-04-10', 'place': 'Buurthuis'},
        'record-conference': {'outcome': 'plan', 'held_on': '2024-04-10'},
        'judge-plan': {'safe_and_feasible': True, 'by_name': 'R. Jansen', 'judged_on': '2024-04-20'},
        'start-follow-up': {},
        'close': {},
        'stop': {'reason': 'circumstances'},
    }


def state_changes(transitions):
    return [(t['action'], t['from_state'], t['to_state'])
            for t in transitions if t['from_state'] != t['to_state']]


class FullCase(unittest.TestCase):
    """One family conference, request to close, checking every step."""

    maxDiff = None

    def step(self, rid, action, body, state, actor='alice'):
        r = h.act(rid, action, body, actor=actor)
        self.assertEqual(r.status, 200, '%s: %r' % (action, r))
        req = r.json
        self.assertEqual(req['state'], state, action)
        self.assertEqual(req['id'], rid)
        self.assertEqual(h.etag_of(r), '"%d"' % req['version'], 'ETag after ' + action)
        again = h.get('%s/requests/%d' % (API, rid))
        self.assertEqual(again.json, req, 'GET after %s answers the same request' % action)
        return req

    def test_a_case_walks_through_every_state_to_closed(self):
        r = h.region()
        org = h.organisation(r['id'])
        f = h.funder(type='care_institution')
        a = h.agreement(f['id'], r['id'], tariff_family_cents=412550)
        self.assertEqual(a['tariff_family_cents'], 412550)
        self.assertEqual(a['tariff_learning_cents'], 190000)
        self.assertEqual(a['funder_id'], f['id'])
        c1 = h.coordinator([r['id']], languages=['nl', 'ar'], gender='female')
        c2 = h.coordinator([r['id']], languages=['nl', 'tr'], gender='male')
        self.assertEqual(c1['region_ids'], [r['id']])
        self.assertIs(c1['active'], True)

        body = {
            'requested_on': '2024-03-01', 'region_id': r['id'], 'referrer_type': 'professional',
            'referrer_organisation_id': org['id'], 'referrer_name': 'M. de Vries',
            'kind': 'family', 'track': 'child_protection', 'topics': ['parenting', 'safety', 'housing'],
            'main_persons': ['Fatima B.', 'Youssef B.'], 'minors': 3, 'minors_ages': '4, 7 en 12',
            'consent': True, 'consent_on': '2024-03-02', 'preferred_language': 'ar',
            'preferred_gender': 'female', 'preferred_background': 'Marokkaans',
            'interpreter_needed': True, 'interpreter_language': 'ar',
            'safety_notes': 'Vader niet uitnodigen (contactverbod).',
        }
        cr = h.post(API + '/requests', body, actor='alice')
        self.assertEqual(cr.status, 201, cr)
        req = cr.json
        rid = req['id']
        for k, v in body.items():
            self.assertEqual(req[k], v, k)
        self.assertEqual(req['state'], 'requested')
        for k in ('id', 'version', 'created_at', 'updated_at'):
            self.assertIn(k, req)
        self.assertRegex(req['created_at'], h.TIMESTAMP_RE)
        self.assertTrue(cr.headers.get('Location', '').endswith('/api/v1/requests/%d' % rid), cr.headers)
        self.assertEqual(h.etag_of(cr), '"%d"' % req['version'])

        # the network, and an informant for phase 1
        nm_path = '%s/requests/%d/network-members' % (API, rid)
        cr = h.post(nm_path, {'name': 'Oma Aicha', 'relation': 'grootmoeder', 'contact': '06-12345678'})
        self.assertEqual(cr.status, 201, cr)
        oma = cr.json
        self.assertTrue(cr.headers.get('Location', '').endswith('/api/v1/network-members/%d' % oma['id']), cr.headers)
        self.assertEqual(h.etag_of(cr), '"%d"' % oma['version'])
        self.assertEqual(oma['role'], 'network')
        self.assertEqual(oma['request_id'], rid)
        for flag in ('do_not_invite', 'invited', 'consented', 'attended'):
            self.assertIs(oma[flag], False, flag)
        oom = h.create(nm_path, {'name': 'Oom Karim', 'relation': 'oom', 'invited': True, 'consented': True})
        vader = h.create(nm_path, {'name': 'Vader', 'relation': 'vader', 'do_not_invite': True})
        self.assertIs(vader['do_not_invite'], True)
        informant = h.create(nm_path, {'name': 'J. Bakker', 'relation': 'jeugdbeschermer',
                                       'role': 'informant', 'organisation': 'Jeugdbescherming'})
        self.assertEqual(informant['role'], 'informant')

        # a measure threatened at the time of the request
        measure = h.create('%s/requests/%d/measures' % (API, rid),
                           {'measure': 'out_of_home_placement', 'count': 2, 'at_request': 'threatened'})
        self.assertEqual(measure['count'], 2)

        req = self.step(rid, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': a['id'],
                                                'note': 'past in de overeenkomst'}, 'funding_decided')
        self.assertEqual(req['funding_source'], 'agreement')
        self.assertEqual(req['agreement_id'], a['id'])
        self.assertEqual(req['funder_id'], f['id'], 'the funder is the agreement\'s')

        req = self.step(rid, 'assign-coordinator', {'coordinator_id': c1['id']}, 'coordinator_assigned')
        self.assertEqual(req['coordinator_id'], c1['id'])
        req = self.step(rid, 'start-preparation', {}, 'preparation', actor='coordinator.anna')

        # reassignment during preparation keeps the state
        req = self.step(rid, 'assign-coordinator', {'coordinator_id': c2['id'], 'note': 'taal'}, 'preparation')
        self.assertEqual(req['coordinator_id'], c2['id'])

        # the plan cannot be written before the conference
        h.assert_problem(self, h.post('%s/requests/%d/plan' % (API, rid), {'notes': 'te vroeg'}),
                         409, 'wrong_state')

        req = self.step(rid, 'schedule-conference', {'scheduled_on': '2024-04-15', 'place': 'Buurthuis'},
                        'conference_scheduled')
        conf = h.read('%s/requests/%d/conference' % (API, rid))
        self.assertEqual(conf['scheduled_on'], '2024-04-15')
        self.assertEqual(conf['place'], 'Buurthuis')
        self.assertEqual(conf['request_id'], rid)
        # reschedule
        req = self.step(rid, 'schedule-conference', {'scheduled_on': '2024-04-20', 'place': 'Wijkcentrum Oost'},
                        'conference_scheduled')
        conf = h.read('%s/requests/%d/conference' % (API, rid))
        self.assertEqual((conf['scheduled_on'], conf['place']), ('2024-04-20', 'Wijkcentrum Oost'))

        req = self.step(rid, 'record-conference', {
            'outcome': 'plan', 'held_on': '2024-04-20', 'participants_present': 11,
            'phase1_start': '10:00', 'phase2_start': '11:15', 'phase3_start': '13:30', 'ended_at': '14:45'},
            'conference_held')
        self.assertEqual(req['outcome'], 'plan')
        cr = h.get('%s/requests/%d/conference' % (API, rid))
        self.assertEqual(cr.status, 200, cr)
        conf = cr.json
        self.assertEqual(h.etag_of(cr), '"%d"' % conf['version'])
        expected = {'request_id': rid, 'scheduled_on': '2024-04-20', 'place': 'Wijkcentrum Oost',  # noqa
                    'held_on': '2024-04-20', 'participants_present': 11, 'phase1_start': '10:00',
                    'phase2_start': '11:15', 'phase3_start': '13:30', 'ended_at': '14:45',
                    'outcome': 'plan'}
        self.assertEqual({k: conf.get(k) for k in expected}, expected)
        self.assertEqual(h.read('%s/conferences/%d' % (API, conf['id']))['id'], conf['id'])
        pr = h.patch('%s/conferences/%d' % (API, conf['id']), {'participants_present': 12}, if_match=conf['version'])
        self.assertEqual(pr.status, 200, pr)
        self.assertEqual((pr.json['participants_present'], pr.json['version']), (12, conf['version'] + 1))
        conf = pr.json

        # the plan and its actions
        plan_path = '%s/requests/%d/plan' % (API, rid)
        plan = h.create(plan_path, {'evaluation_on': '2024-07-01', 'fallback': 'Oma vangt de kinderen op.',
                                    'notes': 'Eerste versie.'})
        self.assertEqual(plan['request_id'], rid)
        h.assert_problem(self, h.post(plan_path, {'notes': 'nog een'}), 409, 'already_exists')
        self.assertEqual(h.read(plan_path)['id'], plan['id'])
        pa_path = '%s/requests/%d/plan-actions' % (API, rid)
        pa1 = h.create(pa_path, {'topic': 'parenting', 'what': 'Oma haalt de kinderen drie dagen per week uit school.',
                                 'by': 'network', 'network_member_id': oma['id'], 'due_on': '2024-05-01',
                                 'substitutes_professional': True})
        self.assertEqual((pa1['by'], pa1['network_member_id']), ('network', oma['id']))
        self.assertIs(pa1['done'], False)
        pa2 = h.create(pa_path, {'topic': 'housing', 'what': 'Aanvraag urgentieverklaring.',
                                 'by': 'professional', 'professional': 'Maatschappelijk werk'})
        self.assertIs(pa2['substitutes_professional'], False)
        self.assertEqual(h.total(pa_path), 2)

        # judged not safe: reasons are required; the case stays conference_held
        nope = {'safe_and_feasible': False, 'by_name': 'J. Bakker', 'organisation': 'Jeugdbescherming',
                'judged_on': '2024-04-22'}
        req = self.step(rid, 'judge-plan', dict(nope, reasons='Geen afspraak over de nachten.'),
                        'conference_held', actor='jbakker')
        verdicts = h.list_page('%s/requests/%d/verdicts' % (API, rid))
        self.assertEqual(verdicts['total'], 1)
        v1 = verdicts['items'][0]
        self.assertIs(v1['safe_and_feasible'], False)
        self.assertEqual(v1['reasons'], 'Geen afspraak over de nachten.')

        # the family amends the plan
        pr = h.patch('%s/plans/%d' % (API, plan['id']), {'notes': 'Tweede versie: oom Karim slaapt er.'},
                     if_match=plan['version'])
        self.assertEqual(pr.status, 200, pr)
        self.assertEqual(pr.json['version'], plan['version'] + 1)
        h.create(pa_path, {'topic': 'safety', 'what': 'Oom Karim slaapt de eerste maand in huis.',
                           'by': 'network', 'network_member_id': oom['id']})

        req = self.step(rid, 'judge-plan', dict(nope, safe_and_feasible=True, judged_on='2024-04-29'),
                        'plan_judged', actor='jbakker')
        verdicts = h.list_all('%s/requests/%d/verdicts' % (API, rid))
        self.assertEqual([v['safe_and_feasible'] for v in verdicts], [False, True])
        v2 = h.read('%s/verdicts/%d' % (API, verdicts[1]['id']))
        self.assertEqual((v2['by_name'], v2['judged_on']), ('J. Bakker', '2024-04-29'))
        h.assert_problem(self, h.patch('%s/verdicts/%d' % (API, v2['id']), {'reasons': 'x'},
                                       if_match=v2['version']), 405, 'method_not_allowed')
        h.assert_problem(self, h.delete('%s/verdicts/%d' % (API, v2['id']), if_match=v2['version']),
                         405, 'method_not_allowed')
        done = h.patch('%s/plan-actions/%d' % (API, pa1['id']), {'done': True}, if_match=pa1['version'])
        self.assertEqual(done.status, 200, done)
        self.assertIs(done.json['done'], True)

        req = self.step(rid, 'start-follow-up', {}, 'follow_up')

        # measures at follow-up, the follow-up itself, the costs
        mr = h.patch('%s/measures/%d' % (API, measure['id']), {'at_follow_up': 'prevented'},
                     if_match=measure['version'])
        self.assertEqual(mr.status, 200, mr)
        self.assertEqual(mr.json['at_follow_up'], 'prevented')
        h.create('%s/requests/%d/measures' % (API, rid),
                 {'measure': 'supervision_order', 'count': 1, 'at_request': 'in_place', 'at_follow_up': 'reversed'})
        self.assertEqual(h.total('%s/requests/%d/measures' % (API, rid)), 2)
        fu = h.create('%s/requests/%d/follow-ups' % (API, rid), {
            'follow_up_on': '2024-06-01', 'situation': 'improved', 'satisfaction_main_person': 8,
            'satisfaction_child': 7, 'satisfaction_network': 9, 'satisfaction_professional': 6,
            'actions_done_pct': 80, 'notes': 'Gaat goed.'})
        self.assertEqual(fu['kind'], 'follow_up', 'default kind')
        self.assertEqual((fu['satisfaction_main_person'], fu['satisfaction_professional']), (8, 6))
        h.create('%s/requests/%d/follow-ups' % (API, rid), {'follow_up_on': '2024-10-01', 'kind': 'phone_call',
                                                           'satisfaction_main_person': 10})
        cost_path = '%s/requests/%d/costs' % (API, rid)
        h.create(cost_path, {'kind': 'tariff', 'amount_cents': 412550, 'incurred_on': '2024-04-20'})
        h.create(cost_path, {'kind': 'coordinator_fee', 'amount_cents': 150000})
        h.create(cost_path, {'kind': 'interpreter', 'amount_cents': 12575, 'description': 'tolk Arabisch'})
        costs = h.list_all(cost_path)
        self.assertEqual(sum(c['amount_cents'] for c in costs), 412550 + 150000 + 12575)

        # records that are never deleted
        for path, rec in (('plans', plan), ('conferences', conf)):
            with self.subTest(delete=path), h.unchanged(self, 'DELETE on ' + path):
                h.assert_problem(self, h.delete('%s/%s/%d' % (API, path, rec['id']), if_match=rec['version']),
                                 405, 'method_not_allowed')

        req = self.step(rid, 'close', {'note': 'afgerond'}, 'closed')
        self.assertRegex(req['closed_on'] or '', h.DATE_RE)

        # the history
        tr = h.list_all('%s/requests/%d/transitions' % (API, rid))
        self.assertEqual(state_changes(tr), [
            ('decide-funding', 'requested', 'funding_decided'),
            ('assign-coordinator', 'funding_decided', 'coordinator_assigned'),
            ('start-preparation', 'coordinator_assigned', 'preparation'),
            ('schedule-conference', 'preparation', 'conference_scheduled'),
            ('record-conference', 'conference_scheduled', 'conference_held'),
            ('judge-plan', 'conference_held', 'plan_judged'),
            ('start-follow-up', 'plan_judged', 'follow_up'),
            ('close', 'follow_up', 'closed'),
        ])
        for t in tr:
            self.assertEqual(t['request_id'], rid)
            self.assertRegex(t['at'], h.TIMESTAMP_RE)
            self.assertIn(t['actor'], ('alice', 'coordinator.anna', 'jbakker'))
        self.assertEqual([t['at'] for t in tr], sorted(t['at'] for t in tr), 'history in time order')
        by_action = {(t['action'], t['to_state']): t for t in tr}
        self.assertEqual(by_action[('start-preparation', 'preparation')]['actor'], 'coordinator.anna')
        self.assertEqual(by_action[('judge-plan', 'plan_judged')]['actor'], 'jbakker')
        self.assertEqual(by_action[('decide-funding', 'funding_decided')]['actor'], 'alice')
        self.assertEqual(by_action[('decide-funding', 'funding_decided')]['note'], 'past in de overeenkomst')
        self.assertEqual(by_action[('close', 'closed')]['note'], 'afgerond')

        # nothing after close
        w = h.world()
        for action, b in valid_bodies(w).items():
            with self.subTest(action=action), h.unchanged(self, action + ' after close'):
                h.assert_problem(self, h.act(rid, action, b), 409, 'illegal_transition')


class Lifecycle(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.w = h.world()

    def test_each_step_records_the_date_it_happened(self):
        import datetime
        today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        req = h.new_request(self.w.region_id)
        rid = req['id']
        h.act_ok(rid, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': self.w.agreement_id,
                                         'happened_on': '2024-03-08'})
        h.act_ok(rid, 'assign-coordinator', {'coordinator_id': self.w.coordinator_id})
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'start-preparation', {'happened_on': '2010-01-01'}),
                             422, 'invalid', 'happened_on')
            h.assert_problem(self, h.act(rid, 'start-preparation', {'happened_on': '2024-02-30'}),
                             422, 'invalid_date', 'happened_on')
        h.act_ok(rid, 'start-preparation', {})
        h.act_ok(rid, 'record-conference', {'outcome': 'plan_without_meeting', 'held_on': '2024-04-02'})
        h.create('%s/requests/%d/plan' % (API, rid), {'evaluation_on': '2024-06-01'})
        h.act_ok(rid, 'judge-plan', {'safe_and_feasible': True, 'by_name': 'R. Jansen',
                                     'judged_on': '2024-04-05'})
        closed = h.act_ok(rid, 'close', {'happened_on': '2024-11-30'})
        self.assertEqual(closed['closed_on'], '2024-11-30')
        items = h.list_all('%s/requests/%d/transitions' % (API, rid))
        got = [(t['action'], t['happened_on']) for t in items]
        self.assertEqual(got, [('decide-funding', '2024-03-08'), ('assign-coordinator', today),
                               ('start-preparation', today), ('record-conference', '2024-04-02'),
                               ('judge-plan', '2024-04-05'), ('close', '2024-11-30')])

    def test_a_follow_up_needs_the_conference_held(self):
        req = h.case_in('conference_scheduled')
        path = '%s/requests/%d/follow-ups' % (API, req['id'])
        with h.unchanged(self):
            h.assert_problem(self, h.post(path, {'follow_up_on': '2024-06-01'}), 409, 'wrong_state')
        h.act_ok(req['id'], 'record-conference', {'outcome': 'plan', 'held_on': '2024-04-10'})
        self.assertEqual(h.post(path, {'follow_up_on': '2024-06-01'}).status, 201)

    def test_the_request_date_moves_only_before_the_funding_decision(self):
        req = h.new_request(self.w.region_id)
        path = '%s/requests/%d' % (API, req['id'])
        moved = h.patch(path, {'requested_on': '2024-03-04'}, if_match=req['version'])
        self.assertEqual((moved.status, moved.json['requested_on']), (200, '2024-03-04'))
        req = h.act_ok(req['id'], 'decide-funding', {'funding_source': 'institution'})
        with h.unchanged(self):
            h.assert_problem(self, h.patch(path, {'requested_on': '2024-03-05'}, if_match=req['version']),
                             409, 'wrong_state', 'requested_on')
        same = h.patch(path, {'requested_on': '2024-03-04', 'minors': 2}, if_match=req['version'])
        self.assertEqual(same.status, 200, same)

    def test_stop_with_a_reason_records_it_and_ends_the_case(self):
        req = h.new_request(self.w.region_id, consent=False, consent_on=None)
        rid = req['id']
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'stop', {}), 422, 'required', 'reason')
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'stop', {'reason': 'bored'}), 422, 'unknown_value', 'reason')
        r = h.act(rid, 'stop', {'reason': 'no_consent', 'note': 'moeder tekent niet'}, actor='bob')
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json['state'], 'stopped')
        self.assertEqual(r.json['stop_reason'], 'no_consent')
        self.assertRegex(r.json['closed_on'] or '', h.DATE_RE)
        tr = h.list_all('%s/requests/%d/transitions' % (API, rid))
        self.assertEqual(state_changes(tr), [('stop', 'requested', 'stopped')])
        last = [t for t in tr if t['to_state'] == 'stopped'][0]
        self.assertEqual((last['actor'], last['note']), ('bob', 'moeder tekent niet'))
        self.assertEqual(h.total(API + '/requests', stop_reason='no_consent', region_id=self.w.region_id), 1)

    def test_stop_is_allowed_from_every_state_before_the_conference(self):
        for state in ('requested', 'funding_decided', 'coordinator_assigned', 'preparation',
                      'conference_scheduled'):
            with self.subTest(state=state):
                req = h.case_in(state)
                r = h.act(req['id'], 'stop', {'reason': 'declined_by_family'})
                self.assertEqual(r.status, 200, r)
                self.assertEqual((r.json['state'], r.json['stop_reason']), ('stopped', 'declined_by_family'))

    def test_every_action_not_allowed_in_a_state_answers_409_and_changes_nothing(self):
        bodies = valid_bodies(self.w)
        for state in h.STATES:
            req = h.case_in(state)
            self.assertEqual(req['state'], state)
            for action in ACTIONS:
                if action in ALLOWED[state]:
                    continue
                with self.subTest(state=state, action=action), h.unchanged(self, action + ' in ' + state):
                    h.assert_problem(self, h.act(req['id'], action, bodies[action]), 409, 'illegal_transition')
            self.assertEqual(h.read('%s/requests/%d' % (API, req['id']))['state'], state)

    def test_reassignment_keeps_the_state(self):
        for state in ('coordinator_assigned', 'preparation', 'conference_scheduled'):
            with self.subTest(state=state):
                req = h.case_in(state)
                self.assertEqual(req['coordinator_id'], self.w.coordinator_id)
                after = h.act_ok(req['id'], 'assign-coordinator', {'coordinator_id': self.w.coordinator2_id})
                self.assertEqual(after['state'], state)
                self.assertEqual(after['coordinator_id'], self.w.coordinator2_id)
                tr = h.list_all('%s/requests/%d/transitions' % (API, req['id']))
                self.assertEqual(state_changes(tr)[-1][2], state, 'no state change recorded')

    def test_a_plan_without_meeting_goes_straight_from_preparation_to_conference_held(self):
        req = h.case_in('preparation')
        rid = req['id']
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'record-conference', {'outcome': 'plan', 'held_on': '2024-04-01'}),
                             409, 'illegal_transition')
        after = h.act_ok(rid, 'record-conference', {'outcome': 'plan_without_meeting', 'held_on': '2024-04-01'})
        self.assertEqual((after['state'], after['outcome']), ('conference_held', 'plan_without_meeting'))
        conf = h.read('%s/requests/%d/conference' % (API, rid))
        self.assertEqual((conf['outcome'], conf['held_on']), ('plan_without_meeting', '2024-04-01'))
        tr = h.list_all('%s/requests/%d/transitions' % (API, rid))
        self.assertEqual(state_changes(tr)[-1], ('record-conference', 'preparation', 'conference_held'))
        # and the case can be closed from there
        self.assertEqual(h.act_ok(rid, 'close', {})['state'], 'closed')

    def test_a_follow_up_request_links_to_a_first_request_that_had_its_conference(self):
        first = h.case_in('conference_held')
        fu = h.new_request(self.w.region_id, follow_up_of=first['id'], kind='family')
        self.assertEqual(fu['follow_up_of'], first['id'])
        self.assertEqual(fu['state'], 'requested')
        page = h.list_page(API + '/requests', follow_up_of=first['id'])
        self.assertEqual([i['id'] for i in page['items']], [fu['id']])
        # the link never changes
        with h.unchanged(self):
            h.assert_problem(self, h.patch('%s/requests/%d' % (API, fu['id']), {'follow_up_of': None},
                                           if_match=fu['version']), 422, 'read_only', 'follow_up_of')
        # a first request without a conference cannot have a follow-up
        for state in ('requested', 'stopped'):
            with self.subTest(state=state):
                early = h.case_in(state)
                with h.unchanged(self):
                    r = h.post(API + '/requests', h.request_body(self.w.region_id, follow_up_of=early['id']))
                    self.assertIn(r.status, (409, 422), r)
                    h.assert_problem(self, r, r.status)
        with h.unchanged(self):
            h.assert_problem(self, h.post(API + '/requests', h.request_body(self.w.region_id, follow_up_of=999999)),
                             422, 'unknown_reference', 'follow_up_of')

    def test_the_actor_defaults_to_api(self):
        req = h.new_request(self.w.region_id)
        h.act_ok(req['id'], 'decide-funding', {'funding_source': 'institution'})
        tr = h.list_all('%s/requests/%d/transitions' % (API, req['id']))
        changed = [t for t in tr if t['to_state'] == 'funding_decided']
        self.assertEqual(len(changed), 1)
        self.assertEqual(changed[0]['actor'], 'api')

    def test_decide_funding_rules(self):
        w = self.w
        req = h.new_request(w.region_id, consent=False, consent_on=None)
        rid = req['id']
        with h.unchanged(self, 'decide-funding without consent'):
            r = h.act(rid, 'decide-funding', {'funding_source': 'family_contribution'})
            self.assertIn(r.status, (409, 422), r)
            h.assert_problem(self, r, r.status)
        req = h.new_request(w.region_id)
        rid = req['id']
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'decide-funding', {'funding_source': 'agreement'}),
                             422, 'required', 'agreement_id')
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'decide-funding', {}), 422, 'required', 'funding_source')
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'decide-funding', {'funding_source': 'lottery'}),
                             422, 'unknown_value', 'funding_source')
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': 999999}),
                             422, 'unknown_reference', 'agreement_id')
        old = h.agreement(w.funder_id, w.region_id, starts_on='2023-01-01', ends_on='2023-12-31')
        with h.unchanged(self, 'an agreement whose period does not cover requested_on'):
            h.assert_problem(self, h.act(rid, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': old['id']}),
                             422, field='agreement_id')
        other = h.funder(type='housing_corporation')
        after = h.act_ok(rid, 'decide-funding', {'funding_source': 'other_funder', 'funder_id': other['id']})
        self.assertEqual((after['state'], after['funding_source'], after['funder_id']),
                         ('funding_decided', 'other_funder', other['id']))
        self.assertIsNone(after.get('agreement_id'))
        # an open-ended agreement covers every later date
        open_ended = h.agreement(w.funder_id, w.region_id, starts_on='2020-01-01', ends_on=None)
        req2 = h.new_request(w.region_id)
        after = h.act_ok(req2['id'], 'decide-funding', {'funding_source': 'agreement', 'agreement_id': open_ended['id']})
        self.assertEqual(after['agreement_id'], open_ended['id'])

    def test_assign_coordinator_needs_an_active_coordinator_serving_the_region(self):
        w = self.w
        req = h.case_in('funding_decided')
        rid = req['id']
        elsewhere = h.coordinator([h.region()['id']])
        inactive = h.coordinator([w.region_id], active=False)
        for c, what in ((elsewhere, 'serves another region'), (inactive, 'inactive')):
            with self.subTest(what), h.unchanged(self, 'a coordinator who ' + what):
                h.assert_problem(self, h.act(rid, 'assign-coordinator', {'coordinator_id': c['id']}),
                                 422, field='coordinator_id')
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'assign-coordinator', {}), 422, 'required', 'coordinator_id')
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'assign-coordinator', {'coordinator_id': 999999}),
                             422, 'unknown_reference', 'coordinator_id')

    def test_conference_phases_must_be_in_order(self):
        req = h.case_in('conference_scheduled')
        base = {'outcome': 'plan', 'held_on': '2024-04-10'}
        for times, field in (({'phase1_start': '10:00', 'phase2_start': '09:30'}, 'phase2_start'),
                             ({'phase1_start': '10:00', 'phase2_start': '11:00', 'phase3_start': '10:30'}, 'phase3_start'),
                             ({'phase1_start': '10:00', 'ended_at': '09:00'}, 'ended_at')):
            with self.subTest(times=times), h.unchanged(self):
                h.assert_problem(self, h.act(req['id'], 'record-conference', dict(base, **times)),
                                 422, field=field)

    def test_judge_plan_needs_a_plan_and_a_date_not_before_the_conference(self):
        req = h.case_in('conference_held')
        rid = req['id']
        verdict = {'safe_and_feasible': True, 'by_name': 'R. Jansen', 'judged_on': '2024-04-20'}
        with h.unchanged(self, 'judge-plan without a plan'):
            r = h.act(rid, 'judge-plan', verdict)
            self.assertIn(r.status, (409, 422), r)
            h.assert_problem(self, r, r.status)
        h.create('%s/requests/%d/plan' % (API, rid), {'notes': 'plan'})
        with h.unchanged(self, 'a verdict before the conference'):
            h.assert_problem(self, h.act(rid, 'judge-plan', dict(verdict, judged_on='2024-04-09')),
                             422, field='judged_on')
        self.assertEqual(h.act_ok(rid, 'judge-plan', verdict)['state'], 'plan_judged')

    def test_a_plan_judged_not_safe_needs_reasons(self):
        req = h.case_in('conference_held')
        rid = req['id']
        h.create('%s/requests/%d/plan' % (API, rid), {'notes': 'plan'})
        nope = {'safe_and_feasible': False, 'by_name': 'R. Jansen', 'judged_on': '2024-04-20'}
        for extra in ({}, {'reasons': None}):
            with self.subTest(extra=extra), h.unchanged(self):
                h.assert_problem(self, h.act(rid, 'judge-plan', dict(nope, **extra)), 422, 'required', 'reasons')
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'judge-plan', dict(nope, reasons='')), 422, 'empty', 'reasons')
        self.assertEqual(h.act_ok(rid, 'judge-plan', dict(nope, reasons='Onveilig'))['state'], 'conference_held')

    def test_plan_actions_need_the_conference_and_a_member_of_this_network(self):
        req = h.case_in('preparation')
        rid = req['id']
        nm = h.create('%s/requests/%d/network-members' % (API, rid), {'name': 'Tante', 'relation': 'tante'})
        pa = {'topic': 'school', 'what': 'Huiswerk', 'by': 'network', 'network_member_id': nm['id']}
        with h.unchanged(self):
            h.assert_problem(self, h.post('%s/requests/%d/plan-actions' % (API, rid), pa), 409, 'wrong_state')
        h.act_ok(rid, 'record-conference', {'outcome': 'plan_without_meeting', 'held_on': '2024-04-01'})
        h.create('%s/requests/%d/plan' % (API, rid), {'notes': 'plan'})
        h.create('%s/requests/%d/plan-actions' % (API, rid), pa)
        stranger = h.create('%s/requests/%d/network-members' % (API, h.new_request(self.w.region_id)['id']),
                            {'name': 'Buurman', 'relation': 'buurman'})
        with h.unchanged(self, 'a plan action by a member of another case'):
            h.assert_problem(self, h.post('%s/requests/%d/plan-actions' % (API, rid),
                                          dict(pa, network_member_id=stranger['id'])),
                             422, field='network_member_id')


if __name__ == '__main__':
    unittest.main()
