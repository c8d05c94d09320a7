"""Logging in and out through the pages, my account (language, password),
and the open pages (accessibility and privacy statements)."""
import html
import re
import urllib.parse
import unittest

import harness as h


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def new_account(name, roles=h.ALL_ROLES):
    p = h.server().add_user(name, roles=roles)
    assert p.returncode == 0, p.stderr[-500:]
    return name


def main_text(r):
    """the text of the page's <main>, unescaped"""

    m = re.search(r'<main[^>]*>(.*)</main>', r.text, re.S)
    return html.unescape(re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', m.group(1) if m else r.text)))


class LoginPage(unittest.TestCase):
    def test_the_login_page_is_a_dutch_form_without_csrf_token(self):
        r = h.Browser().get('/login')
        self.assertEqual(r.status, 200)
        self.assertIn('<html lang="nl"', r.text)
        self.assertIn('Inloggen', r.text)
        self.assertIn('action="/login"', r.text)
        self.assertIn('name="username"', r.text)
        self.assertIn('name="password"', r.text)
        self.assertIn('type="password"', r.text)
        self.assertIn('name="code"', r.text)
        self.assertNotIn('name="csrf"', r.text)

    def test_accept_language_english_gives_an_english_login_page(self):
        r = h.Browser(lang='en-GB,en;q=0.9').get('/login')
        self.assertEqual(r.status, 200)
        self.assertIn('<html lang="en"', r.text)
        self.assertIn('User name', r.text)

    def test_a_wrong_password_is_refused_keeping_the_name_but_not_the_password(self):
        name = new_account('wrongpw')
        b = h.Browser()
        r = b.post('/login', [('username', name), ('password', 'not-the-password-1')], csrf=False)
        self.assertEqual(r.status, 401)
        self.assertIn('Inloggen is niet gelukt', r.text)
        self.assertIn('value="%s"' % name, r.text)
        self.assertNotIn('not-the-password-1', r.text)
        self.assertIsNone(b.cookie)
        # an unknown name gets the very same message
        r2 = b.post('/login', [('username', 'nobody-here'), ('password', 'not-the-password-1')], csrf=False)
        self.assertEqual(r2.status, 401)
        self.assertEqual(main_text(r).replace(name, 'X'), main_text(r2).replace('nobody-here', 'X'))

    def test_too_many_wrong_passwords_make_the_browser_wait(self):
        name = new_account('throttled')
        b = h.Browser()
        for _ in range(5):
            r = b.post('/login', [('username', name), ('password', 'wrong-password-again')], csrf=False)
            self.assertEqual(r.status, 401)
        r = b.post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False)
        self.assertEqual(r.status, 429)
        self.assertIn('Wacht', r.text)
        self.assertIn('seconden', r.text)
        self.assertGreaterEqual(int(r.headers['Retry-After']), 1)
        self.assertIn('value="%s"' % name, r.text)
        self.assertIsNone(b.cookie)

    def test_empty_fields_are_shown_at_the_fields(self):
        r = h.Browser().post('/login', [('username', 'iemand'), ('password', '')], csrf=False)
        self.assertEqual(r.status, 422)
        self.assertIn('Vul uw wachtwoord in.', r.text)
        self.assertIn('href="#f-password"', r.text)

    def test_a_good_login_sets_the_session_cookie_and_opens_the_pages(self):
        name = new_account('goodlogin')
        b = h.Browser()
        self.assertEqual(b.get('/account').status, 303)
        r = b.post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers['Location'], '/')
        cookie = r.headers['Set-Cookie']
        self.assertTrue(cookie.startswith('__Host-kring='))
        for part in ('Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict'):
            self.assertIn(part, cookie)
        r = b.get('/account')
        self.assertEqual(r.status, 200)
        self.assertIn('Test %s' % name, r.text)
        # logged in, the login page goes on to the start page
        r = b.get('/login')
        self.assertEqual((r.status, r.headers['Location']), (303, '/'))

    def test_next_is_honoured_only_for_a_path_of_kring_itself(self):
        name = new_account('nextlogin')
        for nxt, want in (('/regions', '/regions'), ('//evil.example', '/'),
                          ('http://evil.example/', '/'), ('/\\evil.example', '/'),
                          ('javascript:alert(1)', '/')):
            b = h.Browser()
            page = b.get('/login?next=' + urllib.parse.quote(nxt, safe=''))
            if want == '/':
                self.assertNotIn('name="next"', page.text, nxt)
            r = b.post('/login', [('username', name), ('password', h.TEST_PASSWORD), ('next', nxt)],
                       csrf=False)
            self.assertEqual((r.status, r.headers['Location']), (303, want), nxt)

    def test_a_login_posted_from_another_site_is_refused(self):
        name = new_account('originlogin')
        b = h.Browser()
        r = b.post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False,
                   headers={'Origin': 'https://evil.example'})
        self.assertEqual(r.status, 403)
        self.assertIsNone(b.cookie)
        host = '127.0.0.1:%d' % h.server().port
        r = b.post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False,
                   headers={'Origin': 'http://' + host})
        self.assertEqual(r.status, 303)
        # behind a proxy that passes the host name without its port
        r = h.Browser().post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False,
                             headers={'Origin': 'https://kring.example:8443', 'Host': 'kring.example'})
        self.assertEqual(r.status, 303)
        r = h.Browser().post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False,
                             headers={'Origin': 'https://evil.example:8443', 'Host': 'kring.example'})
        self.assertEqual(r.status, 403)
        r = h.Browser().post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False,
                             headers={'Origin': 'null'})
        self.assertEqual(r.status, 403)

    def test_logout_ends_the_session(self):
        b = h.Browser().login('logoutuser')
        old = b.cookie
        r = b.post('/logout')
        self.assertEqual((r.status, r.headers['Location']), (303, '/login?saved=logout'))
        self.assertIn('Max-Age=0', r.headers['Set-Cookie'])
        r = b.follow(r)
        self.assertIn('U bent uitgelogd', r.text)
        # the old cookie opens nothing any more
        r = h.get('/account', headers={'Cookie': '__Host-kring=' + old})
        self.assertEqual(r.status, 303)
        self.assertTrue(r.headers['Location'].startswith('/login'))

    def test_logout_needs_the_csrf_token(self):
        b = h.Browser().login('logoutcsrf')
        r = b.post('/logout', csrf=False)
        self.assertEqual(r.status, 403)
        self.assertEqual(b.get('/account').status, 200)


class Account(unittest.TestCase):
    def test_my_account_shows_name_roles_and_regions(self):
        name = new_account('showme', roles=('intake', 'regional_manager'))
        b = h.Browser().login(name, create=False)
        r = b.get('/account')
        self.assertEqual(r.status, 200)
        text = main_text(r)
        for part in ('Test showme', 'showme', 'Intake', 'Regiomanager', "Alle regio's",
                     'Wachtwoord wijzigen', 'Tweede factor'):
            self.assertIn(part, text)

    def test_switching_the_language_to_english_makes_the_pages_english(self):
        b = h.Browser().login('speaksen')
        r = b.post('/account', [('display_name', 'Engelse <Naam> "x"'), ('language', 'en')])
        self.assertEqual((r.status, r.headers['Location']), (303, '/account?saved=settings'))
        r = b.follow(r)
        self.assertIn('<html lang="en"', r.text)
        self.assertIn('My account', r.text)
        self.assertIn('Engelse &lt;Naam&gt; &quot;x&quot;', r.text)
        self.assertNotIn('<Naam>', r.text)
        # even with a browser asking for Dutch
        self.assertIn('<html lang="en"', b.get('/account', headers={'Accept-Language': 'nl'}).text)
        r = b.post('/account', [('display_name', 'Weer Nederlands'), ('language', 'nl')])
        self.assertIn('<html lang="nl"', b.follow(r).text)

    def test_settings_with_an_empty_name_are_refused_keeping_the_language(self):
        b = h.Browser().login('noname')
        r = b.post('/account', [('display_name', '  '), ('language', 'en')])
        self.assertEqual(r.status, 422)
        self.assertIn('href="#f-display_name"', r.text)
        self.assertRegex(r.text, r'value="en"[^>]*checked')

    def test_changing_the_password(self):
        name = new_account('changepw')
        b = h.Browser().login(name, create=False)
        new = 'een nieuw en lang wachtwoord'
        # a wrong current password is refused
        r = b.post('/account/password', [('current_password', 'not-my-password-at-all'),
                                          ('new_password', new), ('new_password_again', new)])
        self.assertEqual(r.status, 422)
        self.assertIn('Dit is niet uw huidige wachtwoord.', r.text)
        self.assertNotIn(new, r.text)
        # two different new ones are refused
        r = b.post('/account/password', [('current_password', h.TEST_PASSWORD),
                                          ('new_password', new), ('new_password_again', new + 'x')])
        self.assertEqual(r.status, 422)
        self.assertIn('niet gelijk', r.text)
        # too short
        r = b.post('/account/password', [('current_password', h.TEST_PASSWORD),
                                          ('new_password', 'kort'), ('new_password_again', 'kort')])
        self.assertEqual(r.status, 422)
        self.assertIn('12 tot 200 tekens', r.text)
        self.assertEqual(b.get('/account').status, 200)
        # the right one: every session ends, and the browser logs in again
        r = b.post('/account/password', [('current_password', h.TEST_PASSWORD),
                                          ('new_password', new), ('new_password_again', new)])
        self.assertEqual((r.status, r.headers['Location']), (303, '/login?saved=password'))
        self.assertIn('gewijzigd', b.follow(r).text)
        self.assertEqual(b.get('/account').status, 303)
        r = h.Browser().post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False)
        self.assertEqual(r.status, 401)
        h.Browser().login(name, password=new, create=False)

    def test_setting_up_and_removing_the_second_factor(self):
        name = new_account('factor')
        b = h.Browser().login(name, create=False)
        r = b.post('/account/second-factor', [('do', 'setup'), ('factor_password', 'wrong-password-here')])
        self.assertEqual(r.status, 422)
        r = b.post('/account/second-factor', [('do', 'setup'), ('factor_password', h.TEST_PASSWORD)])
        self.assertEqual(r.status, 200)
        self.assertIn('otpauth://totp/kring:%s?secret=' % name, html.unescape(r.text))
        codes = re.findall(r'<code class="utrecht-code">([a-z2-7]{4}-[a-z2-7]{4})</code>', r.text)
        self.assertEqual(len(codes), 10)
        # now the login asks for the code; a recovery code does it
        b2 = h.Browser()
        r = b2.post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False)
        self.assertEqual(r.status, 401)
        self.assertIn('tweede factor', r.text)
        self.assertIn('<details class="kring-field" open>', r.text)
        r = b2.post('/login', [('username', name), ('password', h.TEST_PASSWORD), ('code', codes[0])],
                    csrf=False)
        self.assertEqual(r.status, 303)
        # and it can be removed again
        self.assertIn('hebt een tweede factor ingesteld', b.get('/account').text)
        r = b.post('/account/second-factor', [('do', 'remove'), ('factor_password', h.TEST_PASSWORD)])
        self.assertEqual((r.status, r.headers['Location']), (303, '/account?saved=factor_removed'))
        r = h.Browser().post('/login', [('username', name), ('password', h.TEST_PASSWORD)], csrf=False)
        self.assertEqual(r.status, 303)


class OpenPages(unittest.TestCase):
    def test_accessibility_and_privacy_need_no_login(self):
        for path, words in (('/accessibility', ('Toegankelijkheidsverklaring', 'WCAG 2.1', 'axe-core', '360')),
                            ('/privacy', ('Privacyverklaring', 'NEN 7513', '20 jaar', '5 jaar', 'Jeugdwet'))):
            r = h.Browser().get(path)
            self.assertEqual(r.status, 200, path)
            text = main_text(r)
            for w in words:
                self.assertIn(w, text, path)
        r = h.Browser(lang='en').get('/privacy')
        self.assertIn('Privacy statement', r.text)

    def test_the_open_pages_know_a_logged_in_account(self):
        b = h.Browser().login('openpages')
        r = b.get('/privacy')
        self.assertEqual(r.status, 200)
        self.assertIn('action="/logout"', r.text)


if __name__ == '__main__':
    unittest.main()
