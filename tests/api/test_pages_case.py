"""The case page (GET /requests/{id}), the forms of the lifecycle actions,
the records of a case and the printable plan, as a browser uses them: the
session cookie and the CSRF token come from the API's browser login
(POST /api/v1/session), forms are posted as application/x-www-form-urlencoded."""
import html as htmllib
import re
import unittest
import urllib.parse

import harness as h

COOKIE = '__Host-kring'


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


class Page:
    """A browser session on the pages, opened through POST /api/v1/session."""

    def __init__(self, name, roles=h.ALL_ROLES, extra=('--all-regions',)):
        srv = h.server()
        p = srv.add_user(name, roles=roles, extra=extra)
        assert p.returncode == 0 or 'already' in p.stderr, p.stderr[-500:]
        r = srv.request('POST', h.API + '/session', auth=False,
                        body={'username': name, 'password': h.TEST_PASSWORD})
        assert r.status == 201, r
        self.csrf = r.json['csrf_token']
        self.cookie = None
        for k, v in r.headers.items():
            if k.lower() == 'set-cookie' and v.startswith(COOKIE + '='):
                self.cookie = v.split(';', 1)[0].split('=', 1)[1]
        assert self.cookie

    def get(self, path):
        r = h.server().request('GET', path, auth=False, headers={'Cookie': '%s=%s' % (COOKIE, self.cookie),
                                                                 'Accept-Language': 'nl'})
        r.text = r.body.decode('utf-8', 'replace')
        return r

    def post(self, path, fields):
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        pairs.append(('csrf', self.csrf))
        r = h.server().request('POST', path, raw=urllib.parse.urlencode(pairs).encode('utf-8'),
                               content_type='application/x-www-form-urlencoded', auth=False,
                               headers={'Cookie': '%s=%s' % (COOKIE, self.cookie), 'Accept-Language': 'nl'})
        r.text = r.body.decode('utf-8', 'replace')
        return r


def hidden(text, name):
    m = re.search(r'<input type="hidden" name="%s" value="([^"]*)"' % re.escape(name), text)
    return m.group(1) if m else None


def input_value(text, name):
    m = re.search(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % re.escape(name), text)
    return htmllib.unescape(m.group(1)) if m else None


class CasePage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = h.world()
        cls.b = Page('pages-case')

    def test_a_fresh_request_shows_the_main_person_the_state_and_the_next_step(self):
        req = h.new_request(self.w.region_id, main_persons=['Fam. Bakker'])
        r = self.b.get('/requests/%d' % req['id'])
        self.assertEqual(r.status, 200, r)
        self.assertIn('Fam. Bakker', r.text)
        self.assertIn('dossier %d' % req['id'], r.text)
        self.assertIn('aria-current="step"', r.text)
        # the next step is the funding decision, as the primary button
        self.assertRegex(r.text, r'utrecht-button-link--primary-action"\s*href="/requests/%d/decide-funding"'
                         % req['id'])
        self.assertIn('href="/requests/%d/stop"' % req['id'], r.text)
        # steps that cannot be taken yet are not offered
        self.assertNotIn('/requests/%d/close"' % req['id'], r.text)
        for anchor in ('request', 'network', 'conference', 'plan', 'verdicts', 'measures',
                       'follow-ups', 'costs', 'history'):
            self.assertIn('id="%s"' % anchor, r.text)

    def test_a_case_is_carried_through_every_step_by_the_action_forms(self):
        w = self.w
        rid = h.new_request(w.region_id, main_persons=['Fam. Doorloop'])['id']
        steps = [
            ('decide-funding', {'funding_source': 'agreement', 'agreement_id': str(w.agreement_id)}),
            ('assign-coordinator', {'coordinator_id': str(w.coordinator_id)}),
            ('start-preparation', {'note': 'Begonnen'}),
            ('schedule-conference', {'scheduled_on': '2024-04-10', 'place': 'Buurthuis'}),
            ('record-conference', {'outcome': 'plan', 'held_on': '10-04-2024', 'participants_present': '9'}),
            ('plan', {'evaluation_on': '2024-06-01', 'fallback': 'Oma belt de buurvrouw'}),
            ('judge-plan', {'safe_and_feasible': 'true', 'by_name': 'R. Jansen', 'judged_on': '2024-04-12'}),
            ('start-follow-up', {}),
            ('close', {}),
        ]
        for action, fields in steps:
            if action == 'plan':
                form = self.b.get('/requests/%d/plan/edit' % rid)
                self.assertEqual(form.status, 200, form)
                r = self.b.post('/requests/%d/plan/edit' % rid, fields)
                self.assertEqual(r.status, 303, r)
                self.assertEqual(r.headers['Location'], '/requests/%d?saved=plan#plan' % rid)
                continue
            form = self.b.get('/requests/%d/%s' % (rid, action))
            self.assertEqual(form.status, 200, (action, form))
            self.assertIn('data-kring-guard', form.text)
            version = hidden(form.text, 'version')
            self.assertIsNotNone(version, action)
            r = self.b.post('/requests/%d/%s' % (rid, action), dict(fields, version=version))
            self.assertEqual(r.status, 303, (action, r))
            self.assertEqual(r.headers['Location'], '/requests/%d?saved=action' % rid)
        self.assertEqual(h.read('%s/requests/%d' % (h.API, rid))['state'], 'closed')
        page = self.b.get('/requests/%d?saved=action' % rid)
        self.assertEqual(page.status, 200)
        self.assertIn('De stap is gezet.', page.text)
        history = page.text.split('id="history"', 1)[1].split('</ol>', 1)[0]
        self.assertEqual(history.count('<li'), 8)
        self.assertNotIn('aria-current="step"', page.text)
        self.assertIn('Oma belt de buurvrouw', self.b.get('/requests/%d/plan/print' % rid).text)

    def test_a_refused_action_form_comes_back_with_what_was_typed(self):
        req = h.case_in('preparation')
        rid = req['id']
        r = self.b.post('/requests/%d/schedule-conference' % rid,
                        {'scheduled_on': '2024-05-02', 'place': '', 'note': 'Met "oma" <b>',
                         'version': str(req['version'])})
        self.assertEqual(r.status, 422, r)
        self.assertIn('id="error-summary"', r.text)
        self.assertIn('value="2024-05-02"', r.text)
        self.assertIn('Met &quot;oma&quot; &lt;b&gt;', r.text)
        self.assertIn('aria-invalid="true"', r.text)
        self.assertEqual(h.read('%s/requests/%d' % (h.API, rid))['state'], 'preparation')

    def test_an_action_not_possible_now_is_explained(self):
        req = h.new_request(self.w.region_id)
        r = self.b.post('/requests/%d/close' % req['id'], {'version': str(req['version'])})
        self.assertEqual(r.status, 409, r)
        self.assertIn('role="alert"', r.text)
        self.assertEqual(self.b.get('/requests/%d/close' % req['id']).status, 409)

    def test_the_verdict_needs_a_choice_of_yes_or_no(self):
        req = h.case_in('conference_held')
        h.create('%s/requests/%d/plan' % (h.API, req['id']), {'evaluation_on': '2024-06-01'})
        r = self.b.post('/requests/%d/judge-plan' % req['id'], {'by_name': 'R. Jansen', 'judged_on': '2024-04-12'})
        self.assertEqual(r.status, 422, r)
        self.assertIn('value="R. Jansen"', r.text)
        r = self.b.post('/requests/%d/judge-plan' % req['id'],
                        {'safe_and_feasible': 'false', 'by_name': 'R. Jansen', 'judged_on': '2024-04-12',
                         'reasons': 'Geen opvang geregeld'})
        self.assertEqual(r.status, 303, r)
        after = h.read('%s/requests/%d' % (h.API, req['id']))
        self.assertEqual(after['state'], 'conference_held')
        verdicts = h.read('%s/requests/%d/verdicts' % (h.API, req['id']))['items']
        self.assertEqual([v['safe_and_feasible'] for v in verdicts], [False])

    def test_a_stale_network_member_change_shows_both_versions(self):
        req = h.new_request(self.w.region_id)
        m = h.create('%s/requests/%d/network-members' % (h.API, req['id']), {'name': 'Tante Ria', 'relation': 'tante'})
        form = self.b.get('/network-members/%d/edit' % m['id'])
        self.assertEqual(form.status, 200, form)
        version = hidden(form.text, 'version')
        # someone else changes the relation meanwhile
        h.must(h.patch('%s/network-members/%d' % (h.API, m['id']), {'relation': 'oom'}, if_match=m['version']), 200)
        r = self.b.post('/network-members/%d/edit' % m['id'],
                        {'name': 'Tante Ria', 'relation': 'nicht', 'role': 'network', 'version': version})
        self.assertEqual(r.status, 409, r)
        table = r.text.split('kring-conflict', 1)[1].split('</table>', 1)[0]
        self.assertIn('nicht', table)
        self.assertIn('oom', table)
        self.assertEqual(input_value(r.text, 'relation'), 'nicht')
        self.assertEqual(hidden(r.text, 'version'), str(m['version'] + 1))
        # saving again overwrites deliberately
        r = self.b.post('/network-members/%d/edit' % m['id'],
                        {'name': 'Tante Ria', 'relation': 'nicht', 'role': 'network',
                         'version': hidden(r.text, 'version')})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.headers['Location'], '/requests/%d?saved=record#network' % req['id'])
        self.assertEqual(h.read('%s/network-members/%d' % (h.API, m['id']))['relation'], 'nicht')

    def test_records_are_added_and_removed_through_the_forms(self):
        req = h.new_request(self.w.region_id)
        rid = req['id']
        self.assertEqual(self.b.get('/requests/%d/costs/new' % rid).status, 200)
        r = self.b.post('/requests/%d/costs' % rid, {'kind': 'venue', 'amount_cents': '1.250,50'})
        self.assertEqual(r.status, 303, r)
        r = self.b.post('/requests/%d/costs' % rid, {'kind': 'travel', 'amount_cents': '49,50'})
        self.assertEqual(r.status, 303, r)
        page = self.b.get('/requests/%d' % rid)
        self.assertIn('€ 1.300,00', page.text)
        r = self.b.post('/requests/%d/costs' % rid, {'kind': 'venue', 'amount_cents': 'veel'})
        self.assertEqual(r.status, 422, r)
        self.assertIn('value="veel"', r.text)
        cost = h.read('%s/requests/%d/costs' % (h.API, rid))['items'][0]
        r = self.b.post('/costs/%d/delete' % cost['id'], {'version': str(cost['version'])})
        self.assertEqual(r.status, 200, r)  # asks first
        r = self.b.post('/costs/%d/delete' % cost['id'], {'version': str(cost['version']), 'confirm': '1'})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(h.total('%s/requests/%d/costs' % (h.API, rid)), 1)

    def test_the_conference_form_explains_when_there_is_none(self):
        req = h.new_request(self.w.region_id)
        r = self.b.get('/requests/%d/conference/edit' % req['id'])
        self.assertEqual(r.status, 200)
        self.assertNotIn('name="place"', r.text)

    def test_typed_markup_comes_back_escaped_on_the_case_page_and_the_printed_plan(self):
        req = h.case_in('conference_held', main_persons=['<script>alert(1)</script> "Fam."'])
        rid = req['id']
        evil = '<script>alert("x")</script>'
        r = self.b.post('/requests/%d/network-members' % rid,
                        {'name': evil, 'relation': "o'om", 'role': 'network', 'do_not_invite': '1'})
        self.assertEqual(r.status, 303, r)
        member = h.read('%s/requests/%d/network-members' % (h.API, rid))['items'][0]
        self.assertEqual(self.b.post('/requests/%d/plan/edit' % rid, {'fallback': evil}).status, 303)
        r = self.b.post('/requests/%d/plan-actions' % rid,
                        {'topic': 'safety', 'what': evil, 'by': 'network',
                         'network_member_id': str(member['id']), 'substitutes_professional': '1'})
        self.assertEqual(r.status, 303, r)
        for path in ('/requests/%d' % rid, '/requests/%d/plan/print' % rid):
            page = self.b.get(path)
            self.assertEqual(page.status, 200, path)
            self.assertNotIn('<script>alert', page.text, path)
            self.assertIn('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;', page.text, path)
        case = self.b.get('/requests/%d' % rid).text
        self.assertIn('Niet uitnodigen', case)
        printed = self.b.get('/requests/%d/plan/print' % rid).text
        self.assertIn('kring-print', printed)
        self.assertIn('Plan van &lt;script&gt;', printed)
        self.assertNotIn('/network-members/', printed)

    def test_a_coordinator_of_another_case_gets_not_found(self):
        req = h.case_in('preparation')
        b = Page('pages-case-coord', roles=('coordinator',), extra=('--coordinator', str(self.w.coordinator2_id)))
        self.assertEqual(b.get('/requests/%d' % req['id']).status, 404)
        self.assertEqual(b.get('/requests/%d/plan/print' % req['id']).status, 404)
        self.assertEqual(b.get('/requests/%d/schedule-conference' % req['id']).status, 404)
        r = b.post('/requests/%d/network-members' % req['id'], {'name': 'X', 'relation': 'Y'})
        self.assertEqual(r.status, 404)

    def test_without_a_session_the_browser_goes_to_the_login(self):
        req = h.new_request(self.w.region_id)
        r = h.get('/requests/%d' % req['id'], auth=False)
        self.assertEqual(r.status, 303)
        self.assertTrue(r.headers['Location'].startswith('/login'))


if __name__ == '__main__':
    unittest.main()
