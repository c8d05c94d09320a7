"""Roles and record scope: every route of the API description, tried by an
account of every role, on a case in the right region with the right
coordinator and by accounts of another region or another coordinator.

MATRIX holds one row per route (method and path as docs/openapi.yaml names
them); a route without a row fails the test, so a new route cannot arrive
without its rules. In a row, per account:

    ok         the role may use the route here (the answer is neither 401,
               403 nor 404; writes are sent stale or empty, so they change
               nothing: 412, 422 or 409)
    forbidden  403: no role of the account allows this at all
    hidden     404: allowed in general, but this record is outside the
               account's scope, and the answer does not tell it exists
"""
import contextlib
import os
import unittest

import yaml

import harness as h

API = h.API
ACCOUNTS = ('admin', 'intake', 'manager', 'manager_elsewhere', 'coordinator', 'coordinator_other',
            'funder', 'researcher')

REF_READ = 'admin:ok intake:ok manager:ok manager_elsewhere:ok coordinator:ok coordinator_other:ok ' \
           'funder:forbidden researcher:forbidden'
REF_WRITE = 'admin:ok intake:forbidden manager:forbidden manager_elsewhere:forbidden ' \
            'coordinator:forbidden coordinator_other:forbidden funder:forbidden researcher:forbidden'
REFERRER_WRITE = 'admin:ok intake:forbidden manager:ok manager_elsewhere:ok coordinator:forbidden ' \
                 'coordinator_other:forbidden funder:forbidden researcher:forbidden'
# the case is in the manager's region and assigned to the coordinator, so
# past intake
CASE = 'admin:forbidden intake:hidden manager:ok manager_elsewhere:hidden coordinator:ok ' \
       'coordinator_other:hidden funder:forbidden researcher:forbidden'
CASE_NO_INTAKE = 'admin:forbidden intake:forbidden manager:ok manager_elsewhere:hidden coordinator:ok ' \
                 'coordinator_other:hidden funder:forbidden researcher:forbidden'
MANAGER_ACTION = 'admin:forbidden intake:forbidden manager:ok manager_elsewhere:hidden ' \
                 'coordinator:forbidden coordinator_other:forbidden funder:forbidden researcher:forbidden'
# lists are narrowed to what the account may see, not refused
REQUEST_LIST = 'admin:forbidden intake:ok manager:ok manager_elsewhere:ok coordinator:ok ' \
               'coordinator_other:ok funder:forbidden researcher:forbidden'
REQUEST_CREATE = 'admin:forbidden intake:ok manager:ok manager_elsewhere:ok coordinator:forbidden ' \
                 'coordinator_other:forbidden funder:forbidden researcher:forbidden'
EVERYONE = ' '.join('%s:ok' % a for a in ACCOUNTS)
OPEN = 'open'

MATRIX = {
    ('GET', '/healthz'): OPEN,
    ('GET', '/readyz'): OPEN,
    ('POST', API + '/session'): OPEN,
    ('POST', API + '/tokens'): OPEN,
    ('GET', API + '/session'): EVERYONE,
    ('DELETE', API + '/session'): EVERYONE,
}
for ref in ('regions', 'organisations', 'funders', 'agreements', 'coordinators'):
    write = REFERRER_WRITE if ref == 'organisations' else REF_WRITE
    MATRIX[('GET', '%s/%s' % (API, ref))] = REF_READ
    MATRIX[('GET', '%s/%s/{id}' % (API, ref))] = REF_READ
    MATRIX[('POST', '%s/%s' % (API, ref))] = write
    MATRIX[('PATCH', '%s/%s/{id}' % (API, ref))] = write
MATRIX[('GET', API + '/requests')] = REQUEST_LIST
MATRIX[('POST', API + '/requests')] = REQUEST_CREATE
MATRIX[('GET', API + '/requests/{id}')] = CASE
MATRIX[('PATCH', API + '/requests/{id}')] = CASE
for child in ('network-members', 'measures'):
    MATRIX[('GET', '%s/requests/{id}/%s' % (API, child))] = CASE
    MATRIX[('POST', '%s/requests/{id}/%s' % (API, child))] = CASE
    for m in ('GET', 'PATCH', 'DELETE'):
        MATRIX[(m, '%s/%s/{id}' % (API, child))] = CASE
for child in ('plan-actions', 'follow-ups', 'costs'):
    MATRIX[('GET', '%s/requests/{id}/%s' % (API, child))] = CASE_NO_INTAKE
    MATRIX[('POST', '%s/requests/{id}/%s' % (API, child))] = CASE_NO_INTAKE
    for m in ('GET', 'PATCH', 'DELETE'):
        MATRIX[(m, '%s/%s/{id}' % (API, child))] = CASE_NO_INTAKE
for route in (('GET', 'requests/{id}/plan'), ('POST', 'requests/{id}/plan'), ('GET', 'plans/{id}'),
              ('PATCH', 'plans/{id}'), ('GET', 'requests/{id}/conference'), ('GET', 'conferences/{id}'),
              ('PATCH', 'conferences/{id}'), ('GET', 'requests/{id}/verdicts'), ('GET', 'verdicts/{id}'),
              ('GET', 'requests/{id}/transitions'), ('GET', 'requests/{id}/coordinator-choices'),
              ('GET', 'coordinator-choices/{id}')):
    MATRIX[(route[0], '%s/%s' % (API, route[1]))] = CASE_NO_INTAKE
for action in ('decide-funding', 'assign-coordinator'):
    MATRIX[('POST', '%s/requests/{id}/%s' % (API, action))] = MANAGER_ACTION
# the AVG right of access: only the regional manager of the case's region
MATRIX[('GET', API + '/requests/{id}/export')] = MANAGER_ACTION
# matching: the shortlist is for whoever assigns the case's coordinator
MATRIX[('GET', API + '/requests/{id}/matches')] = MANAGER_ACTION
# funding: the proposals for a case's funding decision are the deciding
# manager's; budgets are shown to those who account for the money (a
# manager's narrowed to their regions, a funder's to its own agreements)
MATRIX[('GET', API + '/requests/{id}/funding-options')] = MANAGER_ACTION
MATRIX[('GET', API + '/budgets')] = 'admin:ok intake:forbidden manager:ok manager_elsewhere:ok ' \
                                    'coordinator:forbidden coordinator_other:forbidden funder:ok ' \
                                    'researcher:forbidden'
# reports: aggregates for the roles that account for the work; a manager's
# are narrowed to their regions, a funder's to its agreements
REPORT = 'admin:ok intake:forbidden manager:ok manager_elsewhere:ok coordinator:forbidden ' \
         'coordinator_other:forbidden funder:ok researcher:ok'
for name in ('annual', 'outcomes', 'costs'):
    MATRIX[('GET', '%s/reports/%s' % (API, name))] = REPORT
# invoices: admin and regional managers issue and credit (a manager those of
# their regions); a funder reads its own (this one's account names none); the
# sample invoice is for the manager's region
INVOICE_LIST = 'admin:ok intake:forbidden manager:ok manager_elsewhere:ok coordinator:forbidden ' \
               'coordinator_other:forbidden funder:ok researcher:forbidden'
INVOICE_ISSUE = 'admin:ok intake:forbidden manager:ok manager_elsewhere:ok coordinator:forbidden ' \
                'coordinator_other:forbidden funder:forbidden researcher:forbidden'
MATRIX[('GET', API + '/invoices')] = INVOICE_LIST
MATRIX[('POST', API + '/invoices')] = INVOICE_ISSUE
MATRIX[('GET', API + '/invoices/{id}')] = 'admin:ok intake:forbidden manager:ok manager_elsewhere:hidden ' \
                                          'coordinator:forbidden coordinator_other:forbidden funder:hidden ' \
                                          'researcher:forbidden'
MATRIX[('POST', API + '/invoices/{id}/credit')] = 'admin:ok intake:forbidden manager:ok ' \
                                                  'manager_elsewhere:hidden coordinator:forbidden ' \
                                                  'coordinator_other:forbidden funder:forbidden researcher:forbidden'
for action in ('start-preparation', 'schedule-conference', 'record-conference', 'judge-plan',
               'start-follow-up', 'close', 'stop'):
    MATRIX[('POST', '%s/requests/{id}/%s' % (API, action))] = CASE_NO_INTAKE

W = None
IDS = {}
TOKENS = {}


def setUpModule():
    global W
    h.start()
    W = h.world()
    other_region = h.region()
    srv = h.server()
    accounts = {
        'admin': (['admin'], []),
        'intake': (['intake'], ['--region', str(W.region_id)]),
        'manager': (['regional_manager'], ['--region', str(W.region_id)]),
        'manager_elsewhere': (['regional_manager'], ['--region', str(other_region['id'])]),
        'coordinator': (['coordinator'], ['--coordinator', str(W.coordinator_id)]),
        'coordinator_other': (['coordinator'], ['--coordinator', str(W.coordinator2_id)]),
        'funder': (['funder'], []),
        'researcher': (['researcher'], []),
    }
    for name, (roles, extra) in accounts.items():
        p = srv.add_user('role-' + name.replace('_', '-'), roles=roles, extra=extra)
        assert p.returncode == 0, p.stderr
        r = srv.request('POST', API + '/tokens', auth=False,
                        body={'username': 'role-' + name.replace('_', '-'), 'password': h.TEST_PASSWORD})
        assert r.status == 201, r
        TOKENS[name] = r.json['token']

    # a case past intake, in the manager's region, with the coordinator, and
    # a record of every kind under it
    case = h.case_in('plan_judged')
    rid = case['id']
    IDS['requests'] = rid
    IDS['network-members'] = h.create('%s/requests/%d/network-members' % (API, rid),
                                      {'name': 'Oma Fatima', 'relation': 'grandmother',
                                       'role': 'network'})['id']
    IDS['measures'] = h.create('%s/requests/%d/measures' % (API, rid),
                               {'measure': 'supervision_order', 'count': 1, 'at_request': 'threatened'})['id']
    IDS['plan-actions'] = h.create('%s/requests/%d/plan-actions' % (API, rid),
                                   {'topic': 'parenting', 'what': 'Oma haalt de kinderen op', 'by': 'network',
                                    'network_member_id': IDS['network-members']})['id']
    IDS['costs'] = h.create('%s/requests/%d/costs' % (API, rid),
                            {'kind': 'coordinator_fee', 'amount_cents': 150000})['id']
    IDS['plans'] = h.read('%s/requests/%d/plan' % (API, rid))['id']
    IDS['conferences'] = h.read('%s/requests/%d/conference' % (API, rid))['id']
    IDS['verdicts'] = h.list_all('%s/requests/%d/verdicts' % (API, rid))[0]['id']
    IDS['coordinator-choices'] = h.list_all('%s/requests/%d/coordinator-choices' % (API, rid))[0]['id']
    h.act_ok(rid, 'start-follow-up')
    IDS['follow-ups'] = h.create('%s/requests/%d/follow-ups' % (API, rid),
                                 {'follow_up_on': '2024-09-01', 'kind': 'phone_call'})['id']
    IDS['regions'] = W.region_id
    IDS['funders'] = W.funder_id
    IDS['agreements'] = W.agreement_id
    IDS['coordinators'] = W.coordinator_id
    IDS['organisations'] = h.organisation(W.region_id)['id']
    IDS['invoices'] = h.create(API + '/invoices', {'funder_id': W.funder_id, 'from': '2024-04-01',
                                                   'to': '2024-04-30', 'region_id': W.region_id})['id']


def tearDownModule():
    h.stop()


def db_rows(sql):
    """the first column of each row of sql on the test database"""
    s = h.server()
    if s.on_postgres:
        return [line for line in h.psql_on(s.db_url, sql).splitlines() if line]
    import sqlite3
    con = sqlite3.connect(s.db_path, timeout=10)
    try:
        return [r[0] for r in con.execute(sql)]
    finally:
        con.close()


def described_routes():
    with open(os.path.join(h.ROOT, 'docs', 'openapi.yaml'), encoding='utf-8') as f:
        doc = yaml.safe_load(f)
    for path, ops in doc['paths'].items():
        for method in ops:
            if method.upper() in ('GET', 'POST', 'PATCH', 'DELETE', 'PUT'):
                yield method.upper(), path


def concrete(path):
    """the path with {id} as the sample record of its kind"""
    parts = path[len(API) + 1:].split('/') if path.startswith(API) else []
    if '{id}' not in path:
        return path
    kind = parts[0]
    return path.replace('{id}', str(IDS[kind]))


def expectations(row):
    out = {}
    for item in row.split():
        name, want = item.split(':')
        out[name] = want
    return out


class Matrix(unittest.TestCase):

    maxDiff = None

    def test_every_described_route_has_a_row(self):
        missing = sorted(set(described_routes()) - set(MATRIX))
        self.assertEqual(missing, [], 'routes without rules in MATRIX (tests/api/test_roles.py)')
        stale = sorted(set(MATRIX) - set(described_routes()))
        self.assertEqual(stale, [], 'rows for routes that do not exist')

    def test_every_route_for_every_role(self):
        for method, path in sorted(described_routes()):
            row = MATRIX.get((method, path))
            if row is None or row == OPEN:
                continue
            want = expectations(row)
            self.assertEqual(sorted(want), sorted(ACCOUNTS), (method, path))
            for account in ACCOUNTS:
                # a refusal changes nothing; an allowed read is logged, an
                # allowed write is sent stale or incomplete
                guard = contextlib.nullcontext() if want[account] == 'ok' else h.unchanged(self)
                with self.subTest(method=method, path=path, account=account), guard:
                    token = TOKENS[account]
                    if (method, path) == ('DELETE', API + '/session'):
                        # a token of its own to end, so the account keeps its own
                        token = h.request('POST', API + '/tokens', auth=False, body={
                            'username': 'role-' + account.replace('_', '-'),
                            'password': h.TEST_PASSWORD}).json['token']
                    r = h.request(method, concrete(path), auth=False, body={} if method != 'GET' else h.NOBODY,
                                  headers={'Authorization': 'Bearer ' + token},
                                  if_match=999999 if method in ('PATCH', 'DELETE', 'POST') else None)
                    got = {403: 'forbidden', 404: 'hidden', 401: 'unauthenticated'}.get(r.status, 'ok')
                    self.assertEqual(got, want[account], '%s %s as %s: %r' % (method, path, account, r))
                    if got == 'forbidden':
                        h.assert_problem(self, r, 403, 'forbidden')
                    if got == 'hidden':
                        h.assert_problem(self, r, 404, 'not_found')


class Scope(unittest.TestCase):
    """What the matrix does not show: lists narrowed to the scope, intake
    until a coordinator is assigned, and the role recorded."""

    def get(self, account, path, **params):
        return h.request('GET', path, auth=False, params=params or None,
                         headers={'Authorization': 'Bearer ' + TOKENS[account]})

    def test_request_lists_hold_only_what_the_account_may_see(self):
        rid = IDS['requests']
        mine = [i['id'] for i in self.get('coordinator', API + '/requests', limit=500).json['items']]
        self.assertIn(rid, mine)
        others = self.get('coordinator_other', API + '/requests', limit=500).json
        self.assertNotIn(rid, [i['id'] for i in others['items']])
        self.assertEqual(others['total'], len(others['items']))
        elsewhere = self.get('manager_elsewhere', API + '/requests', limit=500).json
        self.assertEqual((elsewhere['total'], elsewhere['items']), (0, []))
        managed = self.get('manager', API + '/requests', limit=500).json
        self.assertIn(rid, [i['id'] for i in managed['items']])
        for item in managed['items']:
            self.assertEqual(item['region_id'], W.region_id)

    def test_list_entries_in_the_access_log_name_the_role_that_allowed_them(self):
        for account, role in (('manager', 'regional_manager'), ('coordinator', 'coordinator')):
            with self.subTest(account=account):
                seen = self.get(account, API + '/requests', limit=500).json['items']
                self.assertTrue(seen)
                rows = db_rows("SELECT DISTINCT role FROM access_log WHERE user_name = 'role-%s' "
                               "AND action = 'read' AND object_type = 'request'" % account)
                self.assertEqual(rows, [role])

    def test_intake_sees_a_request_until_a_coordinator_is_assigned(self):
        req = h.request('POST', API + '/requests', auth=False, body=h.request_body(W.region_id),
                        headers={'Authorization': 'Bearer ' + TOKENS['intake']})
        self.assertEqual(req.status, 201, req)
        rid = req.json['id']
        self.assertEqual(self.get('intake', '%s/requests/%d' % (API, rid)).status, 200)
        listed = [i['id'] for i in self.get('intake', API + '/requests', limit=500).json['items']]
        self.assertIn(rid, listed)
        self.assertNotIn(IDS['requests'], listed)
        h.act_ok(rid, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': W.agreement_id})
        self.assertEqual(self.get('intake', '%s/requests/%d' % (API, rid)).status, 200)
        h.act_ok(rid, 'assign-coordinator', {'coordinator_id': W.coordinator_id})
        self.assertEqual(self.get('intake', '%s/requests/%d' % (API, rid)).status, 404)
        self.assertNotIn(rid, [i['id'] for i in self.get('intake', API + '/requests', limit=500).json['items']])

    def test_intake_may_not_register_a_request_in_another_region(self):
        other = h.region()
        with h.unchanged(self):
            r = h.request('POST', API + '/requests', auth=False, body=h.request_body(other['id']),
                          headers={'Authorization': 'Bearer ' + TOKENS['intake']})
            h.assert_problem(self, r, 403, 'forbidden')

    def test_the_account_acting_is_recorded_with_the_transition(self):
        rid = h.case_in('funding_decided')['id']
        r = h.request('POST', '%s/requests/%d/assign-coordinator' % (API, rid), auth=False,
                      body={'coordinator_id': W.coordinator_id},
                      headers={'Authorization': 'Bearer ' + TOKENS['manager']})
        self.assertEqual(r.status, 200, r)
        hist = h.list_all('%s/requests/%d/transitions' % (API, rid))
        self.assertEqual(hist[-1]['actor'], 'role-manager')


if __name__ == '__main__':
    unittest.main()
