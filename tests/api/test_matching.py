"""Matching coordinators to a request, on the demo data (kring demo): a
request whose family wishes for an Arabic-speaking woman of Moroccan
background in the first region. The shortlist (GET
/api/v1/requests/{id}/matches) is led by such coordinators, excludes
everyone linked to the referrer, the funder or the family with that reason,
and explains every candidate; assign-coordinator refuses an excluded
coordinator and keeps the choice with the shortlist of its moment; a
coordinator changes their own availability on /availability and nothing
else."""
import json
import re
import unittest
import urllib.parse

import harness as h

API = h.API
COOKIE = '__Host-kring'
RULES = ['active', 'training_current', 'region', 'municipality', 'capacity', 'available',
         'independent_of_referrer', 'independent_of_funder', 'independent_of_family']
COMPONENTS = ['language', 'gender', 'background', 'load', 'travel']


def setUpModule():
    srv = h.Server(init=False)
    p = h.run_cli(['demo', '--db', srv.db_url], timeout=600)
    if p.returncode != 0:
        raise RuntimeError('kring demo failed: %s' % p.stderr[-2000:])
    h._server = srv.start()


def tearDownModule():
    h.stop()


def showcase_requests():
    """The demo's requests waiting for a coordinator for Amina el Fictief."""
    page = h.list_page(API + '/requests', state='funding_decided', main_persons_contains='Amina el Fictief',
                       limit=500)
    return sorted(page['items'], key=lambda r: r['id'])


class Shortlist(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.req = showcase_requests()[0]
        r = h.get('%s/requests/%d/matches' % (API, cls.req['id']))
        assert r.status == 200, r
        cls.m = r.json
        cls.coords = {c['id']: c for c in h.list_all(API + '/coordinators')}

    def test_the_wishes_are_those_of_the_demo(self):
        self.assertEqual(self.req['preferred_language'], 'ar')
        self.assertEqual(self.req['preferred_gender'], 'female')
        self.assertEqual(self.m['request_id'], self.req['id'])
        self.assertEqual(self.m['wanted_on'], self.req['wanted_on'])
        self.assertTrue(self.m['wanted_on_given'])
        self.assertEqual(self.m['weights'], {'language': 40, 'gender': 25, 'background': 15, 'load': 10,
                                             'travel': 10})
        self.assertEqual(self.m['pool'], len(self.coords))
        self.assertEqual(self.m['candidates_total'] + self.m['excluded_total'], len(self.coords))

    def test_the_shortlist_is_led_by_arabic_speaking_women_who_serve_the_region(self):
        cands = self.m['candidates']
        fits = [c for c in cands if 'ar' in c['languages'] and c['gender'] == 'female']
        self.assertGreaterEqual(len(fits), 3)
        # every such coordinator ranks above every other candidate
        self.assertEqual([c['rank'] for c in fits], list(range(1, len(fits) + 1)), [c['name'] for c in cands[:10]])
        for c in fits:
            co = self.coords[c['coordinator_id']]
            self.assertTrue(co['active'])
            self.assertIn(self.req['region_id'], co['region_ids'])
            self.assertEqual(c['components']['language'], 40)
            self.assertEqual(c['components']['gender'], 25)
        # the first serves the family's municipality and has the most room
        self.assertEqual(cands[0]['name'], 'Samira Bedachtzaam')
        self.assertTrue(cands[0]['municipality_served'])
        self.assertEqual(cands[0]['score'], 100)

    def test_ranks_follow_the_score_then_the_id(self):
        cands = self.m['candidates']
        self.assertEqual([c['rank'] for c in cands], list(range(1, len(cands) + 1)))
        for a, b in zip(cands, cands[1:]):
            self.assertTrue(a['score'] > b['score'] or (a['score'] == b['score']
                                                        and a['coordinator_id'] < b['coordinator_id']), (a, b))

    def test_every_candidate_carries_every_component_and_every_rule_passed(self):
        for c in self.m['candidates']:
            self.assertEqual(sorted(c['components']), sorted(COMPONENTS), c)
            self.assertAlmostEqual(sum(c['components'].values()), c['score'], places=2)
            self.assertEqual(c['passed'], RULES)
            for k in ('name', 'languages', 'languages_basic', 'backgrounds', 'load', 'capacity'):
                self.assertIn(k, c)
            self.assertLess(c['load'], c['capacity'])

    def test_everyone_linked_to_the_referrer_the_funder_or_the_family_is_excluded_with_that_reason(self):
        excluded = {c['coordinator_id']: c for c in self.m['excluded']}
        cand_ids = {c['coordinator_id'] for c in self.m['candidates']}
        org, funder = self.req['referrer_organisation_id'], self.req['funder_id']
        self.assertIsNotNone(org)
        self.assertIsNotNone(funder)
        members = h.list_all('%s/requests/%d/network-members' % (API, self.req['id']))
        people = {n.strip().lower() for n in self.req['main_persons'] + [m['name'] for m in members]}
        linked = 0
        for cid, co in self.coords.items():
            reasons = []
            if org in co['organisation_ids']:
                reasons.append('independent_of_referrer')
            if funder in co['funder_ids']:
                reasons.append('independent_of_funder')
            if any(n.strip().lower() in people for n in co['family_relations']):
                reasons.append('independent_of_family')
            if reasons:
                linked += 1
                self.assertNotIn(cid, cand_ids, co['name'])
                for reason in reasons:
                    self.assertIn(reason, excluded[cid]['reasons'], co['name'])
        self.assertEqual(linked, 3)
        by_name = {c['name']: c['reasons'] for c in self.m['excluded']}
        self.assertEqual(by_name['Fatima de Proefman'], ['independent_of_referrer'])
        self.assertEqual(by_name['Khadija Testerink'], ['independent_of_funder'])
        self.assertEqual(by_name['Malika Dromers'], ['independent_of_family'])

    def test_every_other_hard_rule_excludes_with_its_reason(self):
        by_name = {c['name']: c['reasons'] for c in self.m['excluded']}
        self.assertEqual(by_name['Latifa van Zomaar'], ['training_current'])
        self.assertEqual(by_name['Souad Denkers'], ['available'])
        self.assertEqual(by_name['Yasmina Verbeelding'], ['capacity'])
        self.assertEqual(by_name['Nadia van Ergenshoven'], ['active'])
        for c in self.m['excluded']:
            self.assertTrue(c['reasons'], c)
            self.assertTrue(set(c['reasons']) <= set(RULES), c)

    def test_kring_match_prints_the_same_shortlist(self):
        p = h.run_cli(['match', str(self.req['id']), '--db', h.server().db_url, '--json'])
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        self.assertEqual([c['coordinator_id'] for c in doc['candidates']],
                         [c['coordinator_id'] for c in self.m['candidates']])
        p = h.run_cli(['match', str(self.req['id']), '--db', h.server().db_url, '--all'])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('Samira Bedachtzaam', p.stdout)
        self.assertIn('independent_of_referrer', p.stdout)


class Choice(unittest.TestCase):
    def test_an_excluded_coordinator_is_refused_and_the_choice_is_kept_with_its_shortlist(self):
        req = showcase_requests()[-1]
        base = '%s/requests/%d' % (API, req['id'])
        m = h.get(base + '/matches').json
        linked = next(c for c in m['excluded'] if c['name'] == 'Fatima de Proefman')
        r = h.post(base + '/assign-coordinator', {'coordinator_id': linked['coordinator_id']})
        h.assert_problem(self, r, 422, field='coordinator_id')
        self.assertIn('independent_of_referrer', r.json['detail'])
        self.assertEqual(h.read(base)['state'], 'funding_decided')
        self.assertEqual(h.list_all(base + '/coordinator-choices'), [])

        # the second on the list, with a reason
        second = m['candidates'][1]
        r = h.post(base + '/assign-coordinator', {'coordinator_id': second['coordinator_id'],
                                                   'note': 'Spreekt ook Berbers; de familie kent haar niet.'})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json['coordinator_id'], second['coordinator_id'])
        choices = h.list_all(base + '/coordinator-choices')
        self.assertEqual(len(choices), 1)
        ch = choices[0]
        self.assertEqual(ch['coordinator_id'], second['coordinator_id'])
        self.assertEqual(ch['reason'], 'Spreekt ook Berbers; de familie kent haar niet.')
        self.assertRegex(ch['chosen_on'], h.DATE_RE)
        self.assertTrue(ch['chosen_by'])
        self.assertEqual(json.loads(ch['weights'])['language'], 40)
        kept = json.loads(ch['shortlist'])
        self.assertEqual(kept['chosen']['coordinator_id'], second['coordinator_id'])
        self.assertEqual(kept['chosen']['rank'], 2)
        self.assertEqual([c['coordinator_id'] for c in kept['candidates']],
                         [c['coordinator_id'] for c in m['candidates']])
        self.assertEqual({c['coordinator_id'] for c in kept['excluded']},
                         {c['coordinator_id'] for c in m['excluded']})
        self.assertEqual(h.get('%s/coordinator-choices/%d' % (API, ch['id'])).json, ch)
        # the chosen coordinator now carries one more case
        after = h.get(base + '/matches').json
        again = [c for c in after['candidates'] if c['coordinator_id'] == second['coordinator_id']]
        self.assertEqual(again[0]['load'], second['load'])  # this case does not count against itself

    def test_the_choice_is_read_only(self):
        r = h.post(API + '/requests/1/coordinator-choices', {'coordinator_id': 1})
        self.assertIn(r.status, (404, 405), r)


class Browser:
    """A browser session on the pages (as tests/api/test_pages_case.py)."""

    def __init__(self, name, roles, extra=()):
        srv = h.server()
        p = srv.add_user(name, roles=roles, extra=extra)
        assert p.returncode == 0 or 'already' in p.stderr, p.stderr[-500:]
        r = srv.request('POST', API + '/session', auth=False, body={'username': name, 'password': h.TEST_PASSWORD})
        assert r.status == 201, r
        self.csrf = r.json['csrf_token']
        self.cookie = next(v.split(';', 1)[0].split('=', 1)[1] for k, v in r.headers.items()
                           if k.lower() == 'set-cookie' and v.startswith(COOKIE + '='))

    def get(self, path):
        r = h.server().request('GET', path, auth=False, headers={'Cookie': '%s=%s' % (COOKIE, self.cookie),
                                                                 'Accept-Language': 'nl'})
        r.text = r.body.decode('utf-8', 'replace')
        return r

    def post(self, path, fields):
        pairs = list(fields.items()) + [('csrf', self.csrf)]
        r = h.server().request('POST', path, raw=urllib.parse.urlencode(pairs).encode('utf-8'),
                               content_type='application/x-www-form-urlencoded', auth=False,
                               headers={'Cookie': '%s=%s' % (COOKIE, self.cookie), 'Accept-Language': 'nl'})
        r.text = r.body.decode('utf-8', 'replace')
        return r


class Pages(unittest.TestCase):
    def test_the_assign_form_shows_the_shortlist_with_radio_buttons_and_the_excluded(self):
        req = showcase_requests()[0]
        b = Browser('matchmanager', ['regional_manager'], ('--all-regions',))
        r = b.get('/requests/%d/assign-coordinator' % req['id'])
        self.assertEqual(r.status, 200, r.text[:500])
        self.assertIn('kring-shortlist', r.text)
        self.assertRegex(r.text, r'<input type="radio"[^>]*name="coordinator_id"')
        self.assertIn('Samira Bedachtzaam', r.text)
        self.assertIn('<details class="kring-excluded">', r.text)
        self.assertIn('verbonden aan de aanmelder', r.text)
        self.assertIn('spreekt de gewenste taal', r.text)

    def test_a_coordinator_changes_only_their_own_availability(self):
        coords = {c['name']: c for c in h.list_all(API + '/coordinators')}
        own, other = coords['Aylin Verzinsel'], coords['Agnieszka Schijnveld']
        b = Browser('aylin', ['coordinator'], ('--coordinator', str(own['id'])))
        r = b.get('/availability')
        self.assertEqual(r.status, 200, r.text[:300])
        r = b.post('/availability', {'from': '2031-07-01', 'to': '2031-07-21'})
        self.assertEqual(r.status, 303, r.text[:500])
        after = h.read('%s/coordinators/%d' % (API, own['id']))
        self.assertEqual(after['unavailable'], own['unavailable'] + ['2031-07-01/2031-07-21'])
        # nothing else of the record changed
        for k, v in own.items():
            if k not in ('unavailable', 'version', 'updated_at'):
                self.assertEqual(after[k], v, k)
        self.assertEqual(h.read('%s/coordinators/%d' % (API, other['id'])), other)
        # a period the wrong way round is refused and changes nothing
        r = b.post('/availability', {'from': '2031-08-10', 'to': '2031-08-01'})
        self.assertEqual(r.status, 422)
        self.assertEqual(h.read('%s/coordinators/%d' % (API, own['id'])), after)
        # removing it
        r = b.post('/availability/remove', {'period': '2031-07-01/2031-07-21'})
        self.assertEqual(r.status, 303, r.text[:500])
        self.assertEqual(h.read('%s/coordinators/%d' % (API, own['id']))['unavailable'], own['unavailable'])
        # a coordinator may not change the record through the API
        r = h.patch('%s/coordinators/%d' % (API, own['id']), {'unavailable': []}, actor='aylin',
                    if_match=after['version'] + 1)
        self.assertEqual(r.status, 403, r)

    def test_an_account_without_a_coordinator_gets_no_availability_page(self):
        b = Browser('nocoord', ['regional_manager'], ('--all-regions',))
        self.assertEqual(b.get('/availability').status, 403)


if __name__ == '__main__':
    unittest.main()
