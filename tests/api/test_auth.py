"""Logging in: every route but the open ones needs an account; sessions and
API tokens, their time-outs, logout; throttled and locked logins that never
tell whether an account exists."""
import os
import sqlite3
import unittest

import yaml

import harness as h

API = h.API
OPEN = {('GET', '/healthz'), ('GET', '/readyz'), ('POST', API + '/session'), ('POST', API + '/tokens')}
PASSWORD = 'een-lang-wachtwoord-42'


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def db_exec(sql):
    """Runs sql on the test server's database, past kring (as someone with
    access to the database would)."""
    s = h.server()
    if s.on_postgres:
        h.psql_on(s.db_url, sql)
    else:
        con = sqlite3.connect(s.db_path, timeout=10)
        try:
            con.execute(sql)
            con.commit()
        finally:
            con.close()


def login(name, password=PASSWORD, kind='tokens', **kw):
    return h.request('POST', API + '/' + kind, auth=False,
                     body={'username': name, 'password': password}, **kw)


def new_user(roles=('coordinator',)):
    name = h.uniq('user').replace(' ', '-')
    p = h.server().add_user(name, roles=roles, password=PASSWORD)
    assert p.returncode == 0, p.stderr
    return name


def bearer(token):
    return {'Authorization': 'Bearer ' + token}


def ago(minutes):
    """an ISO timestamp minutes before now (UTC)"""
    import datetime
    t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=minutes)
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


class EveryRouteNeedsALogin(unittest.TestCase):

    def test_every_described_route_but_the_open_ones_answers_401_without_a_token(self):
        with open(os.path.join(h.ROOT, 'docs', 'openapi.yaml'), encoding='utf-8') as f:
            doc = yaml.safe_load(f)
        checked = 0
        for path, ops in doc['paths'].items():
            concrete = path.replace('{id}', '1')
            for method in ops:
                if method.upper() not in ('GET', 'POST', 'PATCH', 'DELETE'):
                    continue
                if (method.upper(), path) in OPEN:
                    continue
                with self.subTest(method=method, path=path), h.unchanged(self):
                    r = h.request(method.upper(), concrete, auth=False, body={})
                    h.assert_problem(self, r, 401, 'unauthenticated')
                    self.assertEqual(r.headers.get('WWW-Authenticate'), 'Bearer realm="kring"')
                checked += 1
        self.assertGreater(checked, 50)

    def test_forged_or_malformed_tokens_are_refused(self):
        for header in ('Bearer ' + 'A' * 43, 'Bearer x', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer ' + 'é' * 30):
            with self.subTest(header=header):
                r = h.request('GET', API + '/regions', headers={'Authorization': header})
                self.assertEqual(r.status, 401, r)

    def test_a_kring_actor_header_does_not_change_who_acted(self):
        w = h.world()
        req = h.new_request(w.region_id)
        r = h.act(req['id'], 'stop', {'reason': 'other'}, headers={'Kring-Actor': 'someone-else'})
        self.assertEqual(r.status, 200, r)
        hist = h.list_all('%s/requests/%d/transitions' % (API, req['id']))
        self.assertEqual(hist[-1]['actor'], h.DEFAULT_USER)


class Sessions(unittest.TestCase):

    def test_a_browser_login_sets_a_host_only_http_only_strict_cookie_and_logout_ends_it(self):
        name = new_user()
        r = login(name, kind='session')
        self.assertEqual(r.status, 201, r)
        cookie = r.headers.get('Set-Cookie')
        self.assertTrue(cookie.startswith('__Host-kring='), cookie)
        for attr in ('Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict'):
            self.assertIn(attr, cookie)
        self.assertNotIn('Domain', cookie)
        self.assertNotIn('password', r.body.decode())  # no hash, no password
        self.assertNotIn('token', r.json)  # the browser's token is only in the cookie
        self.assertEqual(r.json['user']['username'], name)
        jar = {'Cookie': cookie.split(';')[0]}
        me = h.request('GET', API + '/session', auth=False, headers=jar)
        self.assertEqual(me.status, 200, me)
        self.assertEqual(me.json['user']['username'], name)
        self.assertNotIn('password_hash', me.json['user'])
        self.assertEqual(me.json['csrf_token'], r.json['csrf_token'])
        # a change through the cookie needs the session's CSRF token
        csrf = r.json['csrf_token']
        self.assertRegex(csrf, r'^[0-9a-f]{64}$')
        for forged in (None, '0' * 64, csrf[:-1] + ('0' if csrf[-1] != '0' else '1'), csrf.upper()):
            with self.subTest(forged=forged), h.unchanged(self):
                hdrs = dict(jar)
                if forged is not None:
                    hdrs['X-CSRF-Token'] = forged
                bad = h.request('DELETE', API + '/session', auth=False, headers=hdrs)
                h.assert_problem(self, bad, 403, 'csrf_failed', field='X-CSRF-Token')
                bad = h.request('POST', API + '/regions', auth=False, headers=hdrs, body={'name': h.uniq('Regio')})
                h.assert_problem(self, bad, 403, 'csrf_failed')
        out = h.request('DELETE', API + '/session', auth=False, headers=dict(jar, **{'X-CSRF-Token': csrf}))
        self.assertEqual(out.status, 204, out)
        self.assertIn('Max-Age=0', out.headers.get('Set-Cookie'))
        again = h.request('GET', API + '/session', auth=False, headers=jar)
        self.assertEqual(again.status, 401, again)

    def test_an_api_token_is_shown_once_and_works_until_logout(self):
        name = new_user()
        r = login(name)
        self.assertEqual(r.status, 201, r)
        token = r.json['token']
        self.assertEqual(len(token), 43)
        self.assertEqual(h.request('GET', API + '/regions', auth=False, headers=bearer(token)).status, 200)
        self.assertEqual(h.request('DELETE', API + '/session', auth=False, headers=bearer(token)).status, 204)
        self.assertEqual(h.request('GET', API + '/regions', auth=False, headers=bearer(token)).status, 401)

    def test_the_token_is_stored_only_as_its_hash(self):
        name = new_user()
        token = login(name).json['token']
        s = h.server()
        if s.on_postgres:
            rows = h.psql_on(s.db_url, 'SELECT token_hash FROM sessions')
        else:
            con = sqlite3.connect(s.db_path)
            rows = '\n'.join(r[0] for r in con.execute('SELECT token_hash FROM sessions'))
            con.close()
        self.assertNotIn(token, rows)
        import hashlib
        self.assertIn(hashlib.sha256(token.encode()).hexdigest(), rows)

    def test_a_browser_session_idle_for_30_minutes_is_refused(self):
        name = new_user()
        r = login(name, kind='session')
        jar = {'Cookie': r.headers.get('Set-Cookie').split(';')[0]}
        uid = r.json['user']['id']
        db_exec("UPDATE sessions SET last_seen_at = '%s' WHERE user_id = %d" % (ago(29), uid))
        self.assertEqual(h.request('GET', API + '/session', auth=False, headers=jar).status, 200)
        db_exec("UPDATE sessions SET last_seen_at = '%s' WHERE user_id = %d" % (ago(31), uid))
        r = h.request('GET', API + '/session', auth=False, headers=jar)
        h.assert_problem(self, r, 401, 'session_expired')
        # gone for good, also when it looks fresh again
        db_exec("UPDATE sessions SET last_seen_at = '%s' WHERE user_id = %d" % (ago(0), uid))
        self.assertEqual(h.request('GET', API + '/session', auth=False, headers=jar).status, 401)

    def test_a_session_past_its_absolute_end_is_refused(self):
        name = new_user()
        r = login(name, kind='session')
        jar = {'Cookie': r.headers.get('Set-Cookie').split(';')[0]}
        db_exec("UPDATE sessions SET expires_at = '%s' WHERE user_id = %d" % (ago(1), r.json['user']['id']))
        h.assert_problem(self, h.request('GET', API + '/session', auth=False, headers=jar), 401, 'session_expired')

    def test_disabling_an_account_or_a_new_password_ends_its_sessions(self):
        for how in ('disable', 'passwd'):
            with self.subTest(how=how):
                name = new_user()
                token = login(name).json['token']
                args = ['user', how, name, '--db', h.server().db_url]
                p = h.run_cli(args, input='een-ander-wachtwoord-7\n' if how == 'passwd' else None)
                self.assertEqual(p.returncode, 0, p.stderr)
                r = h.request('GET', API + '/regions', auth=False, headers=bearer(token))
                self.assertEqual(r.status, 401, r)
                if how == 'passwd':
                    self.assertEqual(login(name).status, 401)
                    self.assertEqual(login(name, 'een-ander-wachtwoord-7').status, 201)
                else:
                    self.assertEqual(login(name).status, 401)


class FailedLogins(unittest.TestCase):

    def setUp(self):
        # every test logs in from 127.0.0.1: start each with a clean count
        db_exec('DELETE FROM login_throttles')

    def tearDown(self):
        db_exec('DELETE FROM login_throttles')

    def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(self):
        name = new_user()
        wrong = login(name, 'niet-het-wachtwoord')
        unknown = login('bestaat-niet-' + name, 'niet-het-wachtwoord')
        for r in (wrong, unknown):
            h.assert_problem(self, r, 401, 'login_failed')
        self.assertEqual(wrong.json, unknown.json)

    def test_after_five_failures_further_attempts_wait_whether_or_not_the_account_exists(self):
        for exists in (True, False):
            with self.subTest(exists=exists):
                name = new_user() if exists else h.uniq('niemand').replace(' ', '-')
                for _ in range(5):
                    self.assertEqual(login(name, 'fout-fout-fout').status, 401)
                r = login(name, PASSWORD)
                h.assert_problem(self, r, 429, 'too_many_attempts')
                self.assertGreaterEqual(int(r.headers.get('Retry-After')), 1)

    def test_twenty_failures_lock_the_account_until_an_admin_unlocks_it(self):
        name = new_user()
        for i in range(20):
            # the waits between attempts, which grow, are moved into the past
            db_exec("UPDATE login_throttles SET last_failed_at = '2000-01-01T00:00:00Z'")
            r = login(name, 'fout-%d-fout-fout' % i)
            self.assertEqual(r.status, 401, (i, r))
        db_exec("UPDATE login_throttles SET last_failed_at = '2000-01-01T00:00:00Z'")
        r = login(name, PASSWORD)
        h.assert_problem(self, r, 401, 'login_failed')  # locked, and says no more than that
        listed = h.run_cli(['user', 'list', '--db', h.server().db_url])
        self.assertIn('locked', [l for l in listed.stdout.splitlines() if l.startswith(name + ' ')][0])
        p = h.run_cli(['user', 'unlock', name, '--db', h.server().db_url])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(login(name, PASSWORD).status, 201)

    def test_a_name_no_account_can_have_is_refused_before_it_is_counted_or_logged(self):
        for name in ('evil\nkring audit: 0 entries', 'Hoofdletter', 'x' * 65, 'a'):
            with self.subTest(name=name), h.unchanged(self):
                r = h.request('POST', API + '/tokens', auth=False,
                              body={'username': name, 'password': 'fout-fout-fout'})
                h.assert_problem(self, r, 422, 'rule', field='username')

    def test_bad_login_bodies_name_the_field(self):
        for body, field in (({'password': 'x' * 12}, 'username'), ({'username': 'a'}, 'password'),
                            ({'username': 5, 'password': 'x'}, 'username')):
            with self.subTest(body=body), h.unchanged(self):
                r = h.request('POST', API + '/tokens', auth=False, body=body)
                h.assert_problem(self, r, 422, field=field)


class LoginsAreLogged(unittest.TestCase):

    def test_logins_failed_logins_and_logouts_are_in_the_access_log(self):
        db_exec('DELETE FROM login_throttles')
        name = new_user()
        self.assertEqual(login(name, 'fout-fout-fout').status, 401)
        token = login(name).json['token']
        self.assertEqual(h.request('DELETE', API + '/session', auth=False, headers=bearer(token)).status, 204)
        s = h.server()
        sql = ("SELECT action || ' ' || outcome || ' ' || user_name FROM access_log "
               "WHERE object_type = 'session' AND user_name = '%s' ORDER BY id" % name)
        if s.on_postgres:
            rows = h.psql_on(s.db_url, sql).split()
        else:
            con = sqlite3.connect(s.db_path)
            rows = ' '.join(r[0] for r in con.execute(sql)).split()
            con.close()
        self.assertEqual(rows, ['login_failed', 'failed', name, 'login', 'success', name,
                                'logout', 'success', name])
        p = h.run_cli(['audit', 'verify', '--db', s.db_url])
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


class Accounts(unittest.TestCase):

    def run_user(self, args, password=None):
        return h.run_cli(['user'] + args + ['--db', h.server().db_url],
                         input=None if password is None else password + '\n')

    def test_bad_accounts_are_refused_with_one_line(self):
        cases = [
            (['add', 'Hoofdletters', '--role', 'admin'], PASSWORD),
            (['add', 'kort-wachtwoord', '--role', 'admin'], 'kort'),
            (['add', 'geen-rol'], PASSWORD),
            (['add', 'rare-rol', '--role', 'koning'], PASSWORD),
            (['add', 'zelfde-naam', '--role', 'admin'], 'zelfde-naam'),
            (['add', 'onbekende-regio', '--role', 'intake', '--region', '999999'], PASSWORD),
            (['passwd', 'bestaat-niet'], PASSWORD),
        ]
        for args, password in cases:
            with self.subTest(args=args):
                p = self.run_user(args, password)
                self.assertNotEqual(p.returncode, 0)
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
                self.assertNotIn(password, p.stderr + p.stdout)

    def test_a_second_account_with_the_same_name_is_refused(self):
        name = new_user()
        p = self.run_user(['add', name, '--role', 'admin'], PASSWORD)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('already', p.stderr)


if __name__ == '__main__':
    unittest.main()
