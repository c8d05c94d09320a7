"""What every HTML page shares: the way in without a session, the headers,
the styles from kring itself, the CSRF token of forms, the language, and
error pages instead of crashes."""
import re
import unittest

import harness as h


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


class WithoutSession(unittest.TestCase):
    def test_a_page_sends_the_browser_to_the_login_page_and_back(self):
        r = h.get('/requests/new', auth=False)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers['Location'], '/login?next=/requests/new')
        r = h.get('/', auth=False)
        self.assertEqual((r.status, r.headers['Location']), (303, '/login'))

    def test_an_ended_session_cookie_is_cleared_on_the_way_to_the_login(self):
        r = h.get('/', auth=False, headers={'Cookie': '__Host-kring=not-a-session'})
        self.assertEqual(r.status, 303)
        self.assertIn('Max-Age=0', r.headers['Set-Cookie'])

    def test_a_form_posted_without_a_session_changes_nothing(self):
        before = h.db_snapshot()
        r = h.post('/requests', raw=b'requested_on=2026-01-01', auth=False,
                   content_type='application/x-www-form-urlencoded')
        self.assertEqual(r.status, 303)
        self.assertTrue(r.headers['Location'].startswith('/login'))
        self.assertEqual(h.db_snapshot(), before)


class Frame(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.b = h.Browser().login('frame')

    def test_pages_carry_a_strict_content_security_policy_and_are_never_cached(self):
        r = self.b.get('/')
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers['Content-Type'].startswith('text/html'))
        csp = r.headers['Content-Security-Policy']
        self.assertIn("script-src 'self'", csp)
        self.assertIn("style-src 'self'", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn('unsafe-inline', csp)
        self.assertEqual(r.headers['Cache-Control'], 'no-store')
        # the address of a page (a case number) never goes to another site;
        # kring's own forms carry their origin, which the login checks
        self.assertEqual(r.headers['Referrer-Policy'], 'same-origin')

    def test_no_inline_script_or_style_on_a_page(self):
        text = self.b.get('/').text
        self.assertNotRegex(text, r'<script(?![^>]*\bsrc=)[^>]*>')
        self.assertNotIn('<style', text)
        self.assertNotRegex(text, r'\sstyle="')
        self.assertNotRegex(text, r'\son[a-z]+="')

    def test_the_styles_come_from_kring_and_may_be_kept_by_their_hash(self):
        text = self.b.get('/').text
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
        self.assertEqual([l.split('?')[0] for l in links],
                         ['/static/utrecht-theme.css', '/static/utrecht-components.css', '/static/kring.css'])
        for link in links:
            r = h.get(link, auth=False)
            self.assertEqual(r.status, 200, link)
            self.assertTrue(r.headers['Content-Type'].startswith('text/css'))
            self.assertIn('immutable', r.headers['Cache-Control'])
            again = h.get(link.split('?')[0], auth=False, headers={'If-None-Match': r.headers['ETag']})
            self.assertEqual(again.status, 304)
        self.assertIn(b'.utrecht-button', h.get(links[1].split('?')[0], auth=False).body)
        self.assertEqual(h.get('/static/nothing.css', auth=False).status, 404)

    def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(self):
        before = h.db_snapshot()
        r = self.b.post('/regions', [('name', 'Zonder token')], csrf=False)
        self.assertEqual(r.status, 403)
        self.assertIn('text/html', r.headers['Content-Type'])
        r = self.b.post('/regions', [('name', 'Verkeerd token'), ('csrf', '0' * 64)], csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(h.db_snapshot(), before)

    def test_a_form_that_is_no_form_gets_an_error_page(self):
        r = self.b.srv.request('POST', '/regions', raw=b'{"name": "x"}', content_type='application/json',
                               headers=self.b._headers(), auth=False)
        self.assertEqual(r.status, 415)
        r = self.b.post('/regions', [('name', 'a\x00b')])
        self.assertIn(r.status, (400, 422))
        r = self.b.srv.request('POST', '/regions', raw=b'name=%ff%fe&csrf=' + self.b.csrf.encode(),
                               content_type='application/x-www-form-urlencoded',
                               headers=self.b._headers(), auth=False)
        self.assertEqual(r.status, 400)

    def test_an_unknown_case_is_a_page_that_says_so(self):
        r = self.b.get('/requests/999999')
        self.assertEqual(r.status, 404)
        self.assertIn('text/html', r.headers['Content-Type'])
        self.assertIn('<h1', r.text)
        self.assertIn('href="/"', r.text)

    def test_dutch_by_default_english_when_the_browser_asks(self):
        self.assertIn('<html lang="nl"', self.b.get('/').text)
        self.assertIn('Uitloggen', self.b.get('/').text)
        en = self.b.get('/', headers={'Accept-Language': 'en-GB,en;q=0.9'}).text
        self.assertIn('<html lang="en"', en)
        self.assertIn('Log out', en)

    def test_every_page_has_one_main_landmark_a_skip_link_and_one_h1(self):
        for path in ('/', '/requests', '/requests/new', '/account', '/admin', '/regions', '/users',
                     '/accessibility', '/privacy'):
            text = self.b.get(path).text
            self.assertEqual(len(re.findall(r'<main\b', text)), 1, path)
            self.assertEqual(len(re.findall(r'<h1\b', text)), 1, path)
            self.assertIn('href="#main"', text, path)


if __name__ == '__main__':
    unittest.main()
