"""The reports over HTTP: GET /api/v1/reports/{annual,outcomes,costs} and the
report pages /reports/NAME. The figures are the same as `kring report`
gives; who sees which cases follows the roles (a regional manager their
regions, a funder its own agreements with counts below 5 withheld); the
files come as attachments; the page shows every figure with its
denominator and the charts as images."""
import csv
import io
import json
import os
import tempfile
import unittest

import harness as h
from harness import API

SRV = None
IDS = {}


def case(ref, region, funder, agreement, track='youth_voluntary', requested_on='2010-03-01', outcome='plan',
         safe=True, threatened=0, prevented=0, situation='improved'):
    """one kring-case/1 line"""
    line = {
        'ref': ref, 'kind': 'family', 'track': track, 'region': region, 'requested_on': requested_on,
        'referrer': {'type': 'professional', 'organisation': 'Wijkteam Noord'},
        'topics': ['parenting'], 'minors': 2, 'measures': [],
    }
    if funder:
        line['funder'] = funder
        line['agreement'] = agreement
    if outcome:
        line['outcome'] = outcome
        if outcome == 'stopped':
            line['stop_reason'] = 'declined_by_family'
        else:
            line['conference_on'] = requested_on[:5] + '05-01'
            line['participants'] = 10
            line['plan'] = {'safe_and_feasible': safe, 'actions': [
                {'topic': 'parenting', 'by': 'network', 'substitutes_professional': False}]}
            line['follow_up'] = {'on': requested_on[:5] + '11-01', 'situation': situation}
    if threatened:
        line['measures'] = [{'measure': 'supervision_order', 'count': threatened, 'at_request': 'threatened',
                             'at_follow_up': 'prevented'}]
        if prevented < threatened:
            line['measures'][0]['count'] = prevented
            line['measures'].append({'measure': 'supervision_order', 'count': threatened - prevented,
                                     'at_request': 'threatened', 'at_follow_up': 'happened'})
    return line


def setUpModule():
    """Two funders in two regions: Gemeente Noord pays for 12 cases in Noord
    (3 of them stopped), Gemeente Zuid for 20 cases in Zuid."""
    global SRV
    SRV = h.start()
    lines = []
    for i in range(12):
        lines.append(case('N-%02d' % i, 'Noord', 'Gemeente Noord', 'Noord 2010',
                          outcome='stopped' if i < 3 else 'plan', threatened=2 if i == 5 else 0,
                          prevented=1 if i == 5 else 0))
    for i in range(20):
        lines.append(case('Z-%02d' % i, 'Zuid', 'Gemeente Zuid', 'Zuid 2010', track='adult',
                          safe=i % 10 != 0))
    d = tempfile.mkdtemp(prefix='kring-reports-api-')
    path = os.path.join(d, 'cases.jsonl')
    with open(path, 'w', encoding='utf-8') as f:
        for line in lines:
            f.write(json.dumps(line) + '\n')
    p = h.run_cli(['import', '--db', SRV.db_url, path])
    assert p.returncode == 0, p.stderr
    regions = {r['name']: r['id'] for r in h.list_all(API + '/regions')}
    funders = {f['name']: f['id'] for f in h.list_all(API + '/funders')}
    IDS.update(regions=regions, funders=funders)
    accounts = {
        'rep-manager': (['regional_manager'], ['--region', str(regions['Noord'])]),
        'rep-funder': (['funder'], ['--funder', str(funders['Gemeente Noord'])]),
        'rep-researcher': (['researcher'], []),
        'rep-intake': (['intake'], ['--region', str(regions['Noord'])]),
        'rep-coordinator': (['coordinator'], []),
    }
    for name, (roles, extra) in accounts.items():
        p = SRV.add_user(name, roles=roles, extra=extra)
        assert p.returncode == 0, p.stderr


def tearDownModule():
    h.stop()


def as_user(name, path, **kw):
    r = SRV.request('POST', API + '/tokens', auth=False,
                    body={'username': name, 'password': h.TEST_PASSWORD, 'label': 'reports'})
    assert r.status == 201, r
    hdrs = dict(kw.pop('headers', None) or {})
    hdrs['Authorization'] = 'Bearer ' + r.json['token']
    return SRV.request('GET', path, headers=hdrs, auth=False, **kw)


class Api(unittest.TestCase):

    maxDiff = None

    def test_the_api_gives_what_the_command_gives(self):
        for name, query, args in (('annual', '?year=2010', ['--year', '2010']),
                                  ('outcomes', '?from=2010-01-01&to=2010-12-31',
                                   ['--from', '2010-01-01', '--to', '2010-12-31']),
                                  ('costs', '', [])):
            r = h.get('%s/reports/%s%s' % (API, name, query))
            self.assertEqual(r.status, 200, r)
            p = h.run_cli(['report', name, '--db', SRV.db_url, '--format', 'json'] + args)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(r.json, json.loads(p.stdout), name)

    def test_every_percentage_names_its_denominator(self):
        r = h.get(API + '/reports/annual?year=2010')
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json['requests']['total'], 32)
        self.assertEqual(r.json['outcomes']['stopped'], {'count': 3, 'of': 32, 'pct': 9.4})
        self.assertEqual(r.json['outcomes']['plan'], {'count': 29, 'of': 32, 'pct': 90.6})
        self.assertEqual(r.json['plans']['safe_and_feasible'], {'count': 27, 'of': 29, 'pct': 93.1})
        self.assertFalse(r.json['suppressed'])

    def test_filters_narrow_the_figures(self):
        r = h.get(API + '/reports/annual?year=2010&region=Zuid')
        self.assertEqual(r.json['requests']['total'], 20)
        r = h.get(API + '/reports/annual?year=2010&track=youth_voluntary')
        self.assertEqual(r.json['requests']['total'], 12)
        r = h.get('%s/reports/annual?year=2010&funder=%d' % (API, IDS['funders']['Gemeente Noord']))
        self.assertEqual(r.json['requests']['total'], 12)

    def test_bad_filters_name_the_field(self):
        h.assert_problem(self, h.get(API + '/reports/annual?year=twenty'), 400, field='year')
        h.assert_problem(self, h.get(API + '/reports/annual?year=2010&colour=red'), 400)
        h.assert_problem(self, h.get(API + '/reports/annual?year=2010&format=doc'), 400, field='format')
        h.assert_problem(self, h.get(API + '/reports/annual?year=2010&track=sailing'), 422, field='track')
        h.assert_problem(self, h.get(API + '/reports/outcomes?from=2010-02-30'), 422, field='from')
        h.assert_problem(self, h.get(API + '/reports/annual?year=2010&region=Atlantis'), 422, field='region')

    def test_files_come_as_attachments(self):
        for fmt, mime, magic in (('csv', 'text/csv', None), ('xlsx', 'application/vnd.openxmlformats', b'PK'),
                                 ('pdf', 'application/pdf', b'%PDF')):
            r = h.get('%s/reports/annual?year=2010&format=%s' % (API, fmt))
            self.assertEqual(r.status, 200, r)
            self.assertTrue(r.headers['Content-Type'].startswith(mime), r.headers['Content-Type'])
            self.assertEqual(r.headers['Content-Disposition'], 'attachment; filename="kring-annual-2010.%s"' % fmt)
            if magic:
                self.assertTrue(r.body.startswith(magic), r.body[:20])
        r = h.get(API + '/reports/outcomes', headers={'Accept': 'text/csv'})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers['Content-Type'].startswith('text/csv'))
        rows = list(csv.reader(io.StringIO(r.body.decode('utf-8-sig'))))
        figures = {row[2]: row for row in rows if len(row) == 8 and row[0] != 'section'}
        # the 29 conferences of the 32 requests, as a count in its own column
        self.assertEqual(figures['conferences'][3], '29', rows)
        self.assertEqual(figures['conferences'][4], 'count', rows)


class ServerUnitCosts(unittest.TestCase):

    def test_a_server_uses_the_unit_costs_of_its_setting_and_refuses_bad_ones(self):
        shipped = h.get(API + '/reports/costs').json
        self.assertEqual(shipped['unit_costs']['file'], 'data/unit-costs.json')
        d = tempfile.mkdtemp(prefix='kring-unit-costs-')
        path = os.path.join(d, 'costs.json')
        doc = {'currency': 'EUR', 'horizon_years': 1, 'discount_rate_pct': 0, 'items': {}}
        for m in ('supervision_order', 'out_of_home_placement', 'eviction', 'admission'):
            for what in ('prevented', 'reversed'):
                doc['items']['%s.%s' % (m, what)] = {'base_cents': 100000, 'low_cents': 100000,
                                                     'high_cents': 100000, 'source': 'test tariff'}
        doc['items']['substituted_action'] = {'base_cents': 0, 'low_cents': 0, 'high_cents': 0,
                                              'source': 'test tariff'}
        with open(path, 'w') as f:
            json.dump(doc, f)
        old = os.environ.get('KRING_UNIT_COSTS')
        os.environ['KRING_UNIT_COSTS'] = path
        try:
            srv = h.Server(db_url=SRV.db_url, init=False)
            srv.start()
            try:
                r = srv.request('GET', API + '/reports/costs')
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json['unit_costs']['file'], path)
                # one supervision order prevented, valued at EUR 1,000 for one year
                self.assertEqual(r.json['gross_savings_cents'], 100000)
            finally:
                srv.stop(cleanup=False)
            with open(path, 'w') as f:
                f.write('{"currency": "EUR"}')
            p = h.run_cli(['serve', '--db', SRV.db_url, '--listen', '127.0.0.1:%d' % h.free_port()], timeout=30)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn('unit costs', p.stderr)
        finally:
            if old is None:
                del os.environ['KRING_UNIT_COSTS']
            else:
                os.environ['KRING_UNIT_COSTS'] = old


class Roles(unittest.TestCase):

    def test_a_manager_sees_their_regions_only(self):
        r = as_user('rep-manager', API + '/reports/annual?year=2010')
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json['requests']['total'], 12)
        r = as_user('rep-manager', API + '/reports/annual?year=2010&region=Zuid')
        self.assertEqual(r.status, 403, r)

    def test_a_funder_sees_its_own_agreements_with_small_counts_withheld(self):
        r = as_user('rep-funder', API + '/reports/annual?year=2010')
        self.assertEqual(r.status, 200, r)
        rep = r.json
        self.assertTrue(rep['suppressed'])
        self.assertEqual(rep['requests']['total'], 12)
        # 3 stopped of 12: the count is withheld and so is its percentage
        self.assertEqual(rep['outcomes']['stopped']['count'], '<5')
        self.assertIsNone(rep['outcomes']['stopped']['pct'])
        self.assertEqual(rep['outcomes']['plan'], {'count': 9, 'of': 12, 'pct': 75.0})
        # no figure of the other funder's cases
        self.assertEqual(rep['requests']['by_track']['adult']['total'], 0)
        r = as_user('rep-funder', API + '/reports/outcomes')
        so = r.json['measures']['supervision_order']
        self.assertEqual(so['threatened'], '<5')
        self.assertIsNone(so['prevented']['pct'])

    def test_a_researcher_sees_everything_and_intake_and_coordinators_nothing(self):
        r = as_user('rep-researcher', API + '/reports/annual?year=2010')
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json['requests']['total'], 32)
        self.assertFalse(r.json['suppressed'])
        for name in ('rep-intake', 'rep-coordinator'):
            self.assertEqual(as_user(name, API + '/reports/annual?year=2010').status, 403, name)


class Pages(unittest.TestCase):

    def test_the_annual_page_shows_figures_with_denominators_and_charts(self):
        b = h.Browser().login('api')
        r = b.get('/reports/annual?year=2010')
        self.assertEqual(r.status, 200, r)
        self.assertIn('29 van 32', r.text)
        self.assertIn('data:image/svg+xml;base64,', r.text)
        self.assertIn('href="/reports/annual?year=2010&amp;format=pdf"', r.text)
        r = b.get('/reports/annual?year=2010&format=pdf')
        self.assertEqual(r.status, 200)
        self.assertTrue(r.body.startswith(b'%PDF'))
        self.assertEqual(r.headers['Content-Type'], 'application/pdf')

    def test_a_bad_filter_is_named_and_what_was_typed_stays(self):
        b = h.Browser().login('api')
        r = b.get('/reports/outcomes?from=2010-13-01&region=Zuid')
        self.assertEqual(r.status, 200, r)
        self.assertIn('aria-invalid="true"', r.text)
        self.assertIn('value="2010-13-01"', r.text)

    def test_the_reports_are_in_the_navigation_of_those_who_may_see_them(self):
        b = h.Browser().login('rep-funder')
        r = b.get('/')
        self.assertIn('href="/reports"', r.text)
        self.assertIn('href="/reports/costs"', r.text)
        r = b.get('/reports/outcomes')
        self.assertEqual(r.status, 200, r)
        self.assertIn('&lt;5', r.text)
        b = h.Browser().login('rep-intake')
        self.assertNotIn('href="/reports"', b.get('/').text)
        self.assertEqual(b.get('/reports/annual').status, 403)


if __name__ == '__main__':
    unittest.main()
