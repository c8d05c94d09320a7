"""Funding: the agreements proposed for a request's funding decision (those
that fit with what they have left, those that do not with why), the
decision committing the agreement's tariff and refusing it when the budget
or the number of conferences is used up, a stopped case freeing its money,
the budgets of the agreements for those who may see them, and concurrent
approvals that never overspend a budget."""
import datetime
import unittest

import harness as h
from harness import API

W = None


def setUpModule():
    global W
    h.start()
    r = h.region()
    f = h.funder()
    W = type('World', (), {})()
    W.region_id, W.funder_id = r['id'], f['id']
    # trained this year, so that matching's hard rules let them take the case
    W.coordinator_id = h.coordinator([r['id']], course_on=datetime.date.today().isoformat())['id']


def tearDownModule():
    h.stop()


TARIFF = 400000  # the harness's family tariff


def agreement(**over):
    """an agreement of the module's funder for 2024 in the module's region"""
    return h.agreement(over.pop('funder_id', W.funder_id), over.pop('region_id', W.region_id), **over)


def new_request(**over):
    return h.new_request(W.region_id, **over)


def decide(rid, agreement_id, **kw):
    return h.act(rid, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': agreement_id}, **kw)


def options(rid, **kw):
    return h.get('%s/requests/%d/funding-options' % (API, rid), **kw)


def budget_of(agreement_id, **kw):
    r = h.get(API + '/budgets', **kw)
    assert r.status == 200, r
    found = [b for b in r.json['items'] if b['agreement_id'] == agreement_id]
    return found[0] if found else None


def committed_on(agreement_id):
    """the sum of committed_cents over the cases funded under the agreement"""
    return sum(c['committed_cents'] for c in h.list_all(API + '/requests', agreement_id=agreement_id))


class Proposals(unittest.TestCase):

    def test_the_agreements_that_fit_come_with_what_they_have_left(self):
        general = agreement(region_id=None, budget_cents=10 * TARIFF)
        regional = agreement(budget_cents=3 * TARIFF, max_conferences=5)
        local = agreement(municipalities=['Utrecht'])
        used = new_request()
        h.act_ok(used['id'], 'decide-funding', {'funding_source': 'agreement', 'agreement_id': regional['id']})
        rid = new_request(municipality='utrecht')['id']
        r = options(rid)
        self.assertEqual(r.status, 200, r)
        got = {o['agreement_id']: o for o in r.json['options']}
        for a in (general, regional, local):
            self.assertIn(a['id'], got)
        # most specific first: the municipality's, then the region's, then the general one
        order = [o['agreement_id'] for o in r.json['options']]
        self.assertLess(order.index(local['id']), order.index(regional['id']))
        self.assertLess(order.index(regional['id']), order.index(general['id']))
        o = got[regional['id']]
        self.assertEqual((o['tariff_cents'], o['budget_cents'], o['committed_cents'], o['cases']),
                         (TARIFF, 3 * TARIFF, TARIFF, 1))
        self.assertEqual((o['remaining_cents'], o['remaining_after_cents']), (2 * TARIFF, TARIFF))
        self.assertEqual((o['max_conferences'], o['conferences_left'], o['conferences_left_after']), (5, 4, 3))
        self.assertEqual(o['funder_id'], W.funder_id)
        self.assertTrue(o['funder_name'])
        self.assertIsNone(got[local['id']]['budget_cents'])
        self.assertIsNone(got[local['id']]['remaining_after_cents'])

    def test_the_agreements_that_do_not_fit_say_why(self):
        other_region = h.region()['id']
        cases = {
            'period_ended': agreement(starts_on='2023-01-01', ends_on='2023-12-31'),
            'period_not_started': agreement(starts_on='2024-06-01', ends_on=None),
            'region': agreement(region_id=other_region),
            'municipality': agreement(municipalities=['Zeist']),
            'kind': agreement(kinds=['learning', 'group']),
            'track': agreement(tracks=['eviction']),
            'no_tariff': agreement(tariff_family_cents=None),
            'budget_exhausted': agreement(budget_cents=TARIFF - 1),
            'conferences_exhausted': agreement(max_conferences=0),
        }
        rid = new_request(municipality='Utrecht')['id']
        r = options(rid)
        self.assertEqual(r.status, 200, r)
        misfits = {o['agreement_id']: o for o in r.json['not_fitting']}
        fitting = {o['agreement_id'] for o in r.json['options']}
        for code, a in cases.items():
            with self.subTest(code=code):
                self.assertNotIn(a['id'], fitting)
                reasons = misfits[a['id']]['reasons']
                self.assertEqual([x['code'] for x in reasons], [code])
                self.assertTrue(reasons[0]['detail'])
        # every reason at once
        many = agreement(region_id=other_region, kinds=['group'], ends_on='2023-12-31', starts_on='2023-01-01')
        r = options(rid)
        codes = [x['code'] for x in {o['agreement_id']: o for o in r.json['not_fitting']}[many['id']]['reasons']]
        self.assertEqual(codes, ['period_ended', 'region', 'kind'])

    def test_only_the_deciding_manager_sees_the_proposals_and_it_is_logged(self):
        rid = new_request()['id']
        before = h.log_last_id()
        self.assertEqual(options(rid).status, 200)
        entries = [e for e in h.log_entries(before) if e['request_id'] == rid]
        self.assertEqual([(e['action'], e['object_type']) for e in entries], [('read', 'request')])
        h.assert_problem(self, options(999999), 404, 'not_found')


class Decision(unittest.TestCase):

    def test_approval_commits_the_tariff_and_a_stop_frees_it(self):
        a = agreement(budget_cents=2 * TARIFF)
        first, second, third = new_request(), new_request(), new_request()
        done = h.must(decide(first['id'], a['id']), 200)
        self.assertEqual((done['committed_cents'], done['funder_id'], done['funding_source']),
                         (TARIFF, W.funder_id, 'agreement'))
        h.must(decide(second['id'], a['id']), 200)
        with h.unchanged(self, 'an approval beyond the budget'):
            p = h.assert_problem(self, decide(third['id'], a['id']), 409, 'budget_exhausted', 'agreement_id')
        self.assertIn('left', p['detail'])
        stopped = h.act_ok(first['id'], 'stop', {'reason': 'declined_by_family'})
        self.assertEqual((stopped['committed_cents'], stopped['agreement_id']), (0, a['id']))
        h.must(decide(third['id'], a['id']), 200)
        self.assertEqual(committed_on(a['id']), 2 * TARIFF)

    def test_a_case_whose_conference_was_held_keeps_its_money_as_spent(self):
        a = agreement(budget_cents=10 * TARIFF, max_conferences=10)
        rid = new_request()['id']
        h.must(decide(rid, a['id']), 200)
        b = budget_of(a['id'])
        self.assertEqual((b['committed_cents'], b['spent_cents'], b['remaining_cents']), (TARIFF, 0, 9 * TARIFF))
        self.assertEqual((b['conferences_running'], b['conferences_held'], b['conferences_left']), (1, 0, 9))
        h.act_ok(rid, 'assign-coordinator', {'coordinator_id': W.coordinator_id})
        h.act_ok(rid, 'start-preparation')
        h.act_ok(rid, 'record-conference', {'outcome': 'plan_without_meeting', 'held_on': '2024-04-02'})
        b = budget_of(a['id'])
        self.assertEqual((b['committed_cents'], b['spent_cents'], b['remaining_cents']), (0, TARIFF, 9 * TARIFF))
        self.assertEqual((b['conferences_running'], b['conferences_held'], b['conferences_left']), (0, 1, 9))

    def test_an_agreement_that_does_not_fit_is_refused_with_its_reason(self):
        a = agreement(kinds=['learning'])
        rid = new_request()['id']
        with h.unchanged(self):
            p = h.assert_problem(self, decide(rid, a['id']), 422, 'invalid', 'agreement_id')
        self.assertIn('kind', p['detail'])

    def test_split_funding_needs_a_note_that_is_kept(self):
        rid = new_request()['id']
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'decide-funding', {'funding_source': 'split'}),
                             422, 'required', 'funding_note')
        note = 'Gemeente betaalt 3.000, de woningcorporatie 1.000'
        done = h.act_ok(rid, 'decide-funding', {'funding_source': 'split', 'funding_note': note})
        self.assertEqual((done['funding_source'], done['funding_note'], done['committed_cents']),
                         ('split', note, 0))

    def test_a_request_without_approved_funding_gets_no_coordinator(self):
        rid = new_request()['id']
        with h.unchanged(self):
            h.assert_problem(self, h.act(rid, 'assign-coordinator', {'coordinator_id': W.coordinator_id}),
                             409, 'illegal_transition')


class Concurrency(unittest.TestCase):
    """N+k approvals at once against a budget of exactly N tariffs: exactly N
    get it, the others 409, and the money committed never exceeds it."""

    N, K, ROUNDS = 3, 3, 3

    def race(self, a, n_ok):
        reqs = [new_request()['id'] for _ in range(self.N + self.K)]
        results = h.at_once(len(reqs), lambda i: decide(reqs[i], a['id']))
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [200] * n_ok + [409] * (len(reqs) - n_ok), [r for r in results])
        for r in results:
            if r.status == 409:
                h.assert_problem(self, r, 409, 'budget_exhausted', 'agreement_id')
        won = [reqs[i] for i, r in enumerate(results) if r.status == 200]
        lost = [reqs[i] for i, r in enumerate(results) if r.status == 409]
        for rid in lost:
            self.assertEqual(h.read('%s/requests/%d' % (API, rid))['state'], 'requested')
        return won, lost

    def test_concurrent_approvals_never_overspend_a_budget(self):
        for rnd in range(self.ROUNDS):
            with self.subTest(round=rnd):
                a = agreement(budget_cents=self.N * TARIFF)
                won, lost = self.race(a, self.N)
                self.assertEqual(committed_on(a['id']), self.N * TARIFF)
                b = budget_of(a['id'])
                self.assertEqual((b['remaining_cents'], b['committed_cents']), (0, self.N * TARIFF))
                self.assertIn('budget_exhausted', [w['code'] for w in b['warnings']])
                # stopping one frees its money: the next approval succeeds, the one after not
                h.act_ok(won[0], 'stop', {'reason': 'circumstances'})
                self.assertEqual(committed_on(a['id']), (self.N - 1) * TARIFF)
                h.must(decide(lost[0], a['id']), 200)
                h.assert_problem(self, decide(lost[1], a['id']), 409, 'budget_exhausted')
                self.assertEqual(committed_on(a['id']), self.N * TARIFF)

    def test_concurrent_approvals_never_exceed_the_number_of_conferences(self):
        for rnd in range(self.ROUNDS):
            with self.subTest(round=rnd):
                a = agreement(max_conferences=self.N)
                won, lost = self.race(a, self.N)
                self.assertEqual(len(h.list_all(API + '/requests', agreement_id=a['id'])), self.N)
                h.act_ok(won[-1], 'stop', {'reason': 'no_consent'})
                h.must(decide(lost[-1], a['id']), 200)
                h.assert_problem(self, decide(lost[0], a['id']), 409, 'budget_exhausted')
                self.assertEqual(budget_of(a['id'])['conferences_left'], 0)


class Budgets(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        srv = h.server()
        cls.own_funder = h.funder()
        cls.other_funder = h.funder()
        cls.elsewhere = h.region()['id']
        cls.mine = h.agreement(cls.own_funder['id'], W.region_id, budget_cents=100 * TARIFF)
        cls.theirs = h.agreement(cls.other_funder['id'], cls.elsewhere, budget_cents=100 * TARIFF)
        cls.everywhere = h.agreement(cls.other_funder['id'], None)
        for name, roles, extra in (('budget-funder', ['funder'], ['--funder', str(cls.own_funder['id'])]),
                                   ('budget-manager', ['regional_manager'], ['--region', str(W.region_id)]),
                                   ('budget-intake', ['intake'], ['--region', str(W.region_id)]),
                                   ('budget-researcher', ['researcher'], [])):
            p = srv.add_user(name, roles=roles, extra=extra)
            assert p.returncode == 0, p.stderr

    def ids(self, actor, **params):
        r = h.get(API + '/budgets', actor=actor, params=params or None)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json['total'], len(r.json['items']))
        return {b['agreement_id'] for b in r.json['items']}

    def test_each_role_sees_the_agreements_it_accounts_for(self):
        everything = self.ids('api')
        self.assertTrue({self.mine['id'], self.theirs['id'], self.everywhere['id']} <= everything)
        self.assertEqual(self.ids('budget-funder'), {self.mine['id']})
        managed = self.ids('budget-manager')
        self.assertIn(self.mine['id'], managed)
        self.assertIn(self.everywhere['id'], managed)
        self.assertNotIn(self.theirs['id'], managed)
        self.assertEqual(self.ids('api', funder_id=self.other_funder['id']),
                         {self.theirs['id'], self.everywhere['id']})

    def test_other_roles_and_other_funders_are_refused(self):
        for actor in ('budget-intake', 'budget-researcher'):
            h.assert_problem(self, h.get(API + '/budgets', actor=actor), 403, 'forbidden')
        h.assert_problem(self, h.get(API + '/budgets', actor='budget-funder',
                                     params={'funder_id': self.other_funder['id']}), 403, 'forbidden', 'funder_id')
        h.assert_problem(self, h.get(API + '/budgets', params={'funder_id': 'x'}), 400, 'bad_parameter', 'funder_id')
        h.assert_problem(self, h.get(API + '/budgets', params={'colour': 'red'}), 400, 'bad_parameter')

    def test_a_budget_running_low_says_so_in_words(self):
        a = agreement(budget_cents=10 * TARIFF, warn_below_pct=25)
        for _ in range(8):
            h.must(decide(new_request()['id'], a['id']), 200)
        b = budget_of(a['id'])
        self.assertEqual(b['remaining_cents'], 2 * TARIFF)
        self.assertEqual([w['code'] for w in b['warnings']], ['budget_low'])
        self.assertTrue(all(w['detail'] for w in b['warnings']))
        h.must(decide(new_request()['id'], a['id']), 200)
        h.must(decide(new_request(kind='learning')['id'], a['id']), 200)
        b = budget_of(a['id'])
        # 2,100.00 left: a learning question (1,900.00) still fits, a family conference not
        self.assertEqual(b['remaining_cents'], TARIFF - 190000)
        self.assertEqual([w['code'] for w in b['warnings']], ['budget_low', 'below_tariff'])
        h.must(decide(new_request(kind='learning')['id'], a['id']), 200)
        b = budget_of(a['id'])
        self.assertEqual(b['remaining_cents'], TARIFF - 2 * 190000)
        self.assertEqual([w['code'] for w in b['warnings']], ['budget_low', 'budget_exhausted'])


class Pages(unittest.TestCase):
    """The funding decision's form proposes the agreements with what each
    has left and says why the others do not fit; the budgets page shows
    every agreement's money and its warnings in words."""

    @classmethod
    def setUpClass(cls):
        cls.b = h.Browser(lang='nl').login('api')

    def test_the_decision_form_proposes_the_agreements_that_fit(self):
        fits = agreement(name='Jeugdhulp Utrecht 2024', budget_cents=3 * TARIFF)
        misfit = agreement(name='Alleen leervragen', kinds=['learning'])
        rid = new_request()['id']
        r = self.b.get('/requests/%d/decide-funding' % rid)
        self.assertEqual(r.status, 200, r)
        self.assertIn('Jeugdhulp Utrecht 2024', r.text)
        self.assertRegex(r.text, r'name="agreement_id" value="%d"' % fits['id'])
        self.assertNotRegex(r.text, r'name="agreement_id" value="%d"' % misfit['id'])
        self.assertIn('Alleen leervragen', r.text)
        self.assertIn('betaalt deze soort conferentie niet', r.text)
        self.assertIn('na deze aanvraag nog € 8.000,00 over', r.text)
        for source in ('other_funder', 'institution', 'family_contribution', 'split'):
            self.assertIn('name="funding_source" value="%s"' % source, r.text)
        # choosing the agreement commits its tariff
        r = self.b.post('/requests/%d/decide-funding' % rid,
                        {'funding_source': 'agreement', 'agreement_id': str(fits['id'])})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(h.read('%s/requests/%d' % (API, rid))['committed_cents'], TARIFF)

    def test_another_way_to_pay_wins_over_an_agreement_left_ticked(self):
        a = agreement()
        rid = new_request()['id']
        r = self.b.post('/requests/%d/decide-funding' % rid,
                        {'funding_source': 'split', 'agreement_id': str(a['id']),
                         'funding_note': 'Gemeente en familie samen'})
        self.assertEqual(r.status, 303, r)
        req = h.read('%s/requests/%d' % (API, rid))
        self.assertEqual((req['funding_source'], req['agreement_id'], req['funding_note']),
                         ('split', None, 'Gemeente en familie samen'))

    def test_the_agreement_form_holds_what_it_covers_and_its_budget(self):
        r = self.b.get('/agreements/new')
        self.assertEqual(r.status, 200, r)
        for name in ('kinds', 'tracks', 'municipalities', 'budget_cents', 'max_conferences', 'warn_below_pct'):
            self.assertIn('name="%s"' % name, r.text)
        name = h.uniq('Wijkaanpak')
        r = self.b.post('/agreements', [('funder_id', str(W.funder_id)), ('name', name), ('starts_on', '2024-01-01'),
                                        ('kinds', 'group'), ('municipalities', 'Utrecht\nZeist'),
                                        ('budget_cents', '45.000,00'), ('max_conferences', '10'),
                                        ('warn_below_pct', '20'), ('tariff_group_cents', '4.500,00')])
        self.assertEqual(r.status, 303, r)
        stored = [a for a in h.list_all(API + '/agreements') if a['name'] == name][0]
        self.assertEqual((stored['kinds'], stored['municipalities'], stored['budget_cents'],
                          stored['max_conferences'], stored['warn_below_pct']),
                         (['group'], ['Utrecht', 'Zeist'], 4500000, 10, 20))

    def test_the_budgets_page_warns_in_words(self):
        a = agreement(name='Bijna op 2024', budget_cents=TARIFF)
        h.must(decide(new_request()['id'], a['id']), 200)
        r = self.b.get('/budgets')
        self.assertEqual(r.status, 200, r)
        self.assertIn('Bijna op 2024', r.text)
        self.assertIn('Let op:', r.text)
        self.assertIn('niet genoeg voor nog een conferentie', r.text)
        self.assertIn('href="/budgets"', r.text)


if __name__ == '__main__':
    unittest.main()
