"""The second factor: TOTP (RFC 6238) and recovery codes, required for the
accounts that see personal data unless second_factor is optional."""
import base64
import hashlib
import hmac
import os
import re
import struct
import time
import unittest

import harness as h

API = h.API


def setUpModule():
    # this module's server runs with the default: the second factor required
    old = os.environ.get('KRING_SECOND_FACTOR')
    os.environ['KRING_SECOND_FACTOR'] = 'required'
    try:
        h.start(auto_login=False)  # the test accounts hold every role
    finally:
        if old is None:
            del os.environ['KRING_SECOND_FACTOR']
        else:
            os.environ['KRING_SECOND_FACTOR'] = old


def tearDownModule():
    h.stop()


def totp(secret, at=None):
    """RFC 6238 with SHA-1, 30-second steps, six digits, written from the RFC"""
    key = base64.b32decode(secret + '=' * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, struct.pack('>Q', counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return '%06d' % (value % 1000000)


def login(name, code=None):
    body = {'username': name, 'password': h.TEST_PASSWORD}
    if code is not None:
        body['code'] = code
    return h.request('POST', API + '/tokens', auth=False, body=body)


def new_account(roles):
    name = h.uniq('factor').replace(' ', '-')
    p = h.server().add_user(name, roles=roles)
    assert p.returncode == 0, p.stderr
    return name


def enrol(name, remove=False):
    args = ['user', 'totp', name, '--db', h.server().db_url] + (['--remove'] if remove else [])
    p = h.run_cli(args)
    assert p.returncode == 0, p.stderr
    if remove:
        return None, []
    uri = re.search(r'otpauth://totp/kring:[^?\s]+\?secret=([A-Z2-7]+)&issuer=kring', p.stdout)
    codes = re.findall(r'^  ([a-z2-7]{4}-[a-z2-7]{4})$', p.stdout, re.M)
    assert uri and len(codes) == 10, p.stdout
    return uri.group(1), codes


class SecondFactor(unittest.TestCase):

    def setUp(self):
        h.server()  # the module's server
        from test_auth import db_exec  # noqa: E402 - the same way past kring
        db_exec('DELETE FROM login_throttles')

    def test_an_account_that_sees_personal_data_cannot_log_in_without_one(self):
        for roles in (['coordinator'], ['intake'], ['regional_manager'], ['admin', 'coordinator']):
            with self.subTest(roles=roles):
                r = login(new_account(roles))
                h.assert_problem(self, r, 401, 'second_factor_not_set_up')
        # an account without personal data may
        self.assertEqual(login(new_account(['admin'])).status, 201)

    def test_a_totp_code_opens_a_session_once(self):
        name = new_account(['coordinator'])
        secret, _ = enrol(name)
        h.assert_problem(self, login(name), 401, 'second_factor_required', field='code')
        h.assert_problem(self, login(name, '000000' if totp(secret) != '000000' else '111111'), 401, 'login_failed')
        code = totp(secret)
        r = login(name, code)
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json['user']['second_factor'])
        for hidden in ('totp_secret', 'recovery_codes', 'totp_last_step', 'password_hash'):
            self.assertNotIn(hidden, r.json['user'])
        self.assertNotIn(secret, r.body.decode())
        # the same code again is refused: a code works once
        h.assert_problem(self, login(name, code), 401, 'login_failed')
        # the next step's code works (a clock a little ahead)
        self.assertEqual(login(name, totp(secret, time.time() + 30)).status, 201)

    def test_a_recovery_code_works_once_in_any_spelling(self):
        name = new_account(['regional_manager'])
        _, codes = enrol(name)
        self.assertEqual(login(name, codes[0].upper().replace('-', ' ')).status, 201)
        h.assert_problem(self, login(name, codes[0]), 401, 'login_failed')
        self.assertEqual(login(name, codes[1]).status, 201)
        h.assert_problem(self, login(name, 'abcd-efgh'), 401, 'login_failed')

    def test_a_new_enrolment_replaces_the_old_secret_and_codes_and_remove_ends_it(self):
        name = new_account(['coordinator'])
        old_secret, old_codes = enrol(name)
        secret, codes = enrol(name)
        self.assertNotEqual(old_secret, secret)
        h.assert_problem(self, login(name, old_codes[0]), 401, 'login_failed')
        self.assertEqual(login(name, codes[0]).status, 201)
        enrol(name, remove=True)
        h.assert_problem(self, login(name), 401, 'second_factor_not_set_up')

    def test_wrong_codes_count_as_failed_logins(self):
        name = new_account(['coordinator'])
        secret, _ = enrol(name)
        wrong = '123456' if totp(secret) != '123456' else '654321'
        for _ in range(5):
            h.assert_problem(self, login(name, wrong), 401, 'login_failed')
        h.assert_problem(self, login(name, totp(secret)), 429, 'too_many_attempts')


if __name__ == '__main__':
    unittest.main()


class SetUpAtLogin(unittest.TestCase):
    """An account that needs a second factor and has none sets one up on
    the login page: the key to put into the app, then the password again
    with the app's first code; the recovery codes are shown once."""

    def login_page(self, b, fields):
        return b.post('/login', fields, csrf=False)

    def test_the_login_page_sets_up_the_second_factor_with_the_first_code(self):
        name = new_account(['coordinator'])
        b = h.Browser()
        r = self.login_page(b, [('username', name), ('password', h.TEST_PASSWORD)])
        self.assertEqual(r.status, 401)
        secret = re.search(r'name="new_secret" value="([A-Z2-7]{32})"', r.text).group(1)
        self.assertIn('otpauth://totp/kring:%s?secret=%s' % (name, secret), r.text.replace('&amp;', '&'))
        self.assertIsNone(b.cookie)
        # a code that is not the app's keeps the same key on the page
        wrong = '%06d' % ((int(totp(secret)) + 1) % 1000000)
        r = self.login_page(b, [('username', name), ('password', h.TEST_PASSWORD), ('new_secret', secret),
                                ('code', wrong)])
        self.assertEqual(r.status, 422)
        self.assertIn('value="%s"' % secret, r.text)
        self.assertIsNone(b.cookie)
        # a wrong password sets nothing up
        r = self.login_page(b, [('username', name), ('password', 'not the password'), ('new_secret', secret),
                                ('code', totp(secret))])
        self.assertEqual(r.status, 401)
        self.assertIsNone(b.cookie)
        r = self.login_page(b, [('username', name), ('password', h.TEST_PASSWORD), ('new_secret', secret),
                                ('code', totp(secret))])
        self.assertEqual(r.status, 200, r)
        codes = re.findall(r'<code class="utrecht-code">([a-z2-7]{4}-[a-z2-7]{4})</code>', r.text)
        self.assertEqual(len(codes), 10)
        self.assertIsNotNone(b.cookie)
        self.assertEqual(b.get('/').status, 200)
        # from now on the account logs in with the app's codes and the recovery codes
        h.assert_problem(self, login(name), 401, 'second_factor_required', field='code')
        self.assertEqual(login(name, codes[0]).status, 201)
        # and a key of someone else's choosing cannot replace the factor
        other = 'A' * 32
        r = self.login_page(b, [('username', name), ('password', h.TEST_PASSWORD), ('new_secret', other),
                                ('code', totp(other))])
        self.assertIn(r.status, (401, 422))
        self.assertEqual(login(name, totp(other)).status, 401)
