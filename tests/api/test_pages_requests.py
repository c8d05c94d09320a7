"""The start page (GET /) and the request pages (GET /requests, the request
form: GET /requests/new, POST /requests, GET/POST /requests/{id}/edit), as
a browser uses them: a session cookie, form posts with the CSRF token,
303 redirects, forms shown again with what was typed."""
import html as htmlmod
import re
import unittest
import urllib.parse

import harness as h

API = h.API
XSS = '<script>alert("x")</script>\'q"'
XSS_ESCAPED = htmlmod.escape(XSS, quote=True).replace('&#x27;', '&#39;')


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


# ---- a browser --------------------------------------------------------------

_sessions = {}


def account(name, roles, *extra):
    """The account NAME with exactly these roles (kring user add)."""
    p = h.server().add_user(name, roles=roles, extra=tuple(str(x) for x in extra))
    if p.returncode != 0 and 'already' not in p.stderr:
        raise AssertionError('kring user add %s: %s' % (name, p.stderr[-800:]))
    return name


def login(name):
    """(cookie, csrf token) of a browser session of NAME."""
    if name not in _sessions:
        r = h.request('POST', API + '/session', body={'username': name, 'password': h.TEST_PASSWORD}, auth=False)
        if r.status != 201:
            raise AssertionError('logging in as %s: %r' % (name, r))
        cookie = r.headers['Set-Cookie'].split(';')[0]
        _sessions[name] = (cookie, r.json['csrf_token'])
    return _sessions[name]


def get(path, who='api'):
    return h.request('GET', path, headers={'Cookie': login(who)[0]}, auth=False)


def post(path, fields, who='api'):
    """POST a form (a list of pairs) with the session's CSRF token."""
    cookie, csrf = login(who)
    data = urllib.parse.urlencode([('csrf', csrf)] + list(fields)).encode('utf-8')
    return h.request('POST', path, raw=data, headers={'Cookie': cookie}, auth=False,
                     content_type='application/x-www-form-urlencoded')


def text(r):
    return r.body.decode('utf-8')


def case_links(page):
    """The case ids the page links to, in order (without repeats)."""
    seen = []
    for m in re.finditer(r'href="/requests/(\d+)"', page):
        if int(m.group(1)) not in seen:
            seen.append(int(m.group(1)))
    return seen


def form_fields(region_id, **over):
    """A valid request form as pairs; a value None leaves the field out, a
    list gives the field once per item."""
    base = {'requested_on': '2024-05-02', 'region_id': str(region_id), 'referrer_type': 'professional',
            'referrer_name': 'J. Verwijzer', 'kind': 'family', 'track': 'youth_voluntary',
            'main_persons': h.uniq('Fam. Formulier'), 'minors': '2', 'minors_ages': '4 en 7',
            'topics': ['parenting', 'housing'], 'safety_notes': 'Oom niet uitnodigen', 'consent': '1',
            'consent_on': '2024-05-02'}
    base.update(over)
    out = []
    for k, v in base.items():
        if v is None:
            continue
        for item in (v if isinstance(v, list) else [v]):
            out.append((k, item))
    return out


class StartPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = h.world()
        cls.scheduled = h.case_in('conference_scheduled')  # the world's first coordinator
        cls.requested = h.case_in('requested')
        cls.coordinator = account('home_coord', ('coordinator',), '--coordinator', cls.w.coordinator_id)
        cls.manager = account('home_mgr', ('regional_manager',), '--region', cls.w.region_id)

    def test_coordinator_sees_own_cases_with_next_step(self):
        r = get('/', self.coordinator)
        self.assertEqual(r.status, 200, r)
        page = text(r)
        self.assertIn('id="home-coordinator"', page)
        self.assertNotIn('id="home-queue"', page)
        self.assertNotIn('id="home-intake"', page)
        self.assertIn(self.scheduled['id'], case_links(page))
        self.assertNotIn(self.requested['id'], case_links(page))  # not assigned to them
        self.assertIn(htmlmod.escape(self.scheduled['main_persons'][0]), page)
        # the conference (10-04-2024) has passed: marked in words, with the date
        self.assertRegex(page, r'kring-overdue">[^<]*10-04-2024')

    def test_manager_sees_the_queue(self):
        r = get('/', self.manager)
        self.assertEqual(r.status, 200, r)
        page = text(r)
        self.assertIn('id="home-queue"', page)
        self.assertNotIn('id="home-coordinator"', page)
        self.assertIn(self.requested['id'], case_links(page))
        self.assertIn('href="/requests?state=requested"', page)

    def test_everyone_sees_a_page_and_funders_no_cases(self):
        funder = account('home_funder', ('funder',))
        r = get('/', funder)
        self.assertEqual(r.status, 200, r)
        self.assertIn('id="home-reports"', text(r))
        self.assertEqual(case_links(text(r)), [])


class RequestList(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.region = h.region()['id']
        cls.ids = [h.new_request(cls.region)['id'] for _ in range(51)]
        h.act_ok(cls.ids[3], 'stop', {'reason': 'circumstances'})
        cls.xss = h.new_request(cls.region, main_persons=[XSS])['id']

    def test_filters_and_pages(self):
        r = get('/requests?region_id=%d' % self.region)
        self.assertEqual(r.status, 200, r)
        page = text(r)
        self.assertIn('52 aanvragen', page)
        first = case_links(page)
        self.assertEqual(first, sorted(self.ids + [self.xss])[:50])
        m = re.search(r'<a class="utrecht-link" rel="next" href="([^"]+)"', page)
        self.assertIsNotNone(m, 'no next link')
        nxt = htmlmod.unescape(m.group(1))
        self.assertIn('region_id=%d' % self.region, nxt)
        r2 = get(nxt)
        self.assertEqual(r2.status, 200, r2)
        self.assertEqual(case_links(text(r2)), sorted(self.ids + [self.xss])[50:])

        r3 = get('/requests?region_id=%d&state=stopped' % self.region)
        self.assertEqual(case_links(text(r3)), [self.ids[3]])
        self.assertIn('1 aanvraag', text(r3))
        # the filter form keeps the choice
        self.assertRegex(text(r3), r'<option value="stopped" selected>')

    def test_name_search_and_escaping(self):
        r = get('/requests?region_id=%d&q=%s' % (self.region, urllib.parse.quote('SCRIPT>ALERT')))
        self.assertEqual(r.status, 200, r)
        page = text(r)
        self.assertEqual(case_links(page), [self.xss])
        self.assertFalse('<script>alert' in page, 'a name came back unescaped')
        self.assertTrue(XSS_ESCAPED in page, 'the name is not in the list')
        # what was searched for comes back escaped in the search box
        self.assertTrue('value="SCRIPT&gt;ALERT"' in page)

    def test_bad_filter_keeps_the_form(self):
        r = get('/requests?state=nonsense')
        self.assertEqual(r.status, 400, r)
        self.assertIn('role="search"', text(r))

    def test_logged_out_goes_to_login(self):
        for path in ('/requests?state=requested', '/requests/new', '/requests/1/edit'):
            r = h.request('GET', path, auth=False)
            self.assertEqual(r.status, 303, r)
            self.assertTrue(r.headers['Location'].startswith('/login?next='), r.headers['Location'])
        r = h.request('GET', '/', auth=False)
        self.assertEqual(r.status, 303, r)
        self.assertTrue(r.headers['Location'].startswith('/login'), r.headers['Location'])
        r = h.request('POST', '/requests', raw=b'kind=family', auth=False,
                      content_type='application/x-www-form-urlencoded')
        self.assertEqual(r.status, 303, r)
        self.assertTrue(r.headers['Location'].startswith('/login'), r.headers['Location'])


class RequestForm(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = h.world()
        cls.intake = account('form_intake', ('intake',), '--region', cls.w.region_id)

    def test_new_form_shows_every_group(self):
        r = get('/requests/new', self.intake)
        self.assertEqual(r.status, 200, r)
        page = text(r)
        for name in ('requested_on', 'region_id', 'kind', 'track', 'referrer_type', 'referrer_organisation_id',
                     'referrer_name', 'main_persons', 'minors', 'minors_ages', 'topics', 'preferred_language',
                     'preferred_gender', 'preferred_background', 'interpreter_needed', 'interpreter_language',
                     'safety_notes', 'consent', 'consent_on', 'measure_1', 'count_4', 'at_request_4'):
            self.assertIn('name="%s"' % name, page, name)
        self.assertIn('data-kring-guard', page)
        self.assertEqual(page.count('<h2 class="utrecht-heading-2">'), 7)

    def test_create_with_measures(self):
        name = h.uniq('Fam. Nieuw')
        r = post('/requests', form_fields(self.w.region_id, main_persons=name + '\nTweede Persoon',
                                          measure_1='out_of_home_placement', count_1='2',
                                          at_request_1='threatened'), self.intake)
        self.assertEqual(r.status, 303, r)
        m = re.match(r'^/requests/(\d+)\?saved=request$', r.headers['Location'])
        self.assertIsNotNone(m, r.headers['Location'])
        rid = int(m.group(1))
        rec = h.read('%s/requests/%d' % (API, rid))
        self.assertEqual(rec['main_persons'], [name, 'Tweede Persoon'])
        self.assertEqual(sorted(rec['topics']), ['housing', 'parenting'])
        self.assertEqual(rec['minors'], 2)
        self.assertTrue(rec['consent'])
        measures = h.list_page('%s/requests/%d/measures' % (API, rid))['items']
        self.assertEqual([(x['measure'], x['count'], x['at_request']) for x in measures],
                         [('out_of_home_placement', 2, 'threatened')])

    def test_errors_show_the_form_again(self):
        before = h.total(API + '/requests')
        r = post('/requests', form_fields(self.w.region_id, kind=None, requested_on='31-02-2024',
                                          main_persons='Fam. "Getypt"', safety_notes='Let op <oom>',
                                          measure_2='eviction', count_2='veel'), self.intake)
        self.assertEqual(r.status, 422, r)
        page = text(r)
        self.assertIn('id="error-summary"', page)
        self.assertIn('href="#f-kind"', page)
        self.assertIn('href="#f-requested_on"', page)
        self.assertIn('href="#f-count_2"', page)
        self.assertIn('href="#f-at_request_2"', page)
        self.assertIn('Fam. &quot;Getypt&quot;', page)
        self.assertIn('Let op &lt;oom&gt;', page)
        self.assertIn('value="veel"', page)
        self.assertRegex(page, r'<option value="eviction" selected>')
        self.assertIn('31-02-2024', page)
        self.assertEqual(h.total(API + '/requests'), before, 'nothing may be written')

    def test_every_text_field_escaped_on_the_form(self):
        texts = ('referrer_name', 'main_persons', 'minors_ages', 'preferred_background', 'safety_notes')
        r = post('/requests', form_fields(self.w.region_id, kind=None, follow_up_of=XSS,
                                          **{t: XSS for t in texts}), self.intake)
        self.assertEqual(r.status, 422, r)
        page = text(r)
        self.assertNotIn('<script>alert', page)
        self.assertNotIn('"x")', page)
        self.assertGreaterEqual(page.count(XSS_ESCAPED), len(texts) + 1)

        r = post('/requests', form_fields(self.w.region_id, **{t: XSS for t in texts}), self.intake)
        self.assertEqual(r.status, 303, r)
        rid = int(re.match(r'^/requests/(\d+)', r.headers['Location']).group(1))
        page = text(get('/requests/%d/edit' % rid, self.intake))
        self.assertNotIn('<script>alert', page)
        self.assertGreaterEqual(page.count(XSS_ESCAPED), len(texts))

    def test_coordinator_cannot_register(self):
        coord = account('form_coord', ('coordinator',), '--coordinator', self.w.coordinator_id)
        self.assertEqual(get('/requests/new', coord).status, 403)
        self.assertEqual(post('/requests', form_fields(self.w.region_id), coord).status, 403)

    def test_edit_and_stale_edit(self):
        rec = h.new_request(self.w.region_id)
        rid = rec['id']
        page = text(get('/requests/%d/edit' % rid))
        self.assertIn('name="version" value="1"', page)
        self.assertIn('action="/requests/%d/edit"' % rid, page)
        # someone else changes it meanwhile
        h.must(h.patch('%s/requests/%d' % (API, rid), {'referrer_name': 'Ander'}, if_match=1), 200)
        fields = form_fields(self.w.region_id, main_persons='Fam. Mijn Versie') + [('version', '1')]
        r = post('/requests/%d/edit' % rid, fields)
        self.assertEqual(r.status, 409, r)
        page = text(r)
        self.assertIn('kring-conflict', page)
        self.assertIn('Fam. Mijn Versie', page)
        self.assertIn('name="version" value="2"', page)
        self.assertEqual(h.read('%s/requests/%d' % (API, rid))['referrer_name'], 'Ander')
        # saving again overwrites deliberately
        fields[-1] = ('version', '2')
        r = post('/requests/%d/edit' % rid, fields)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.headers['Location'], '/requests/%d?saved=request' % rid)
        after = h.read('%s/requests/%d' % (API, rid))
        self.assertEqual(after['main_persons'], ['Fam. Mijn Versie'])
        self.assertEqual(after['version'], 3)

    def test_edit_validation_error(self):
        rid = h.new_request(self.w.region_id)['id']
        fields = form_fields(self.w.region_id, main_persons='', safety_notes='Blijft "staan"') + [('version', '1')]
        r = post('/requests/%d/edit' % rid, fields)
        self.assertEqual(r.status, 422, r)
        self.assertIn('href="#f-main_persons"', text(r))
        self.assertIn('Blijft &quot;staan&quot;', text(r))


if __name__ == '__main__':
    unittest.main()
