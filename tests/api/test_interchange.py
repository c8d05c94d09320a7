"""kring import and kring export cases: the interchange format kring-case/1
(docs/import-format.md). Export, import into an empty database and export
again give the same bytes, with and without person data, as JSON Lines and
as CSV; importing a ref again changes that case instead of adding one; one
bad line refuses the whole file with its line, key and reason, and leaves
the database as it was; names kring does not know become records; every
exported line fits the JSON Schema in docs/kring-case-1.schema.json. On the
backend the suite runs on."""
import copy
import csv
import json
import os
import re
import shutil
import tempfile
import unittest

import harness as h
from harness import API

SCHEMA_PATH = os.path.join(h.ROOT, 'docs', 'kring-case-1.schema.json')


def case(ref, **kw):
    """a minimal case in canonical form (as kring exports it)"""
    c = {'ref': ref, 'kind': 'family', 'track': 'adult', 'region': 'Regio Import',
         'requested_on': '2023-01-10', 'referrer': {'type': 'self'}, 'topics': [], 'minors': 0,
         'measures': []}
    c.update(kw)
    return c


# every key of the format, each case in the form export gives back exactly
FULL = [
    case('IX-1', kind='family', track='child_protection', region='Regio Noord',
         requested_on='2023-02-01', referrer={'type': 'professional', 'organisation': 'Jeugdzorg Noord'},
         funder='Gemeente Noord', agreement='Raamcontract 2023', topics=['parenting', 'school'], minors=2,
         coordinator='Fatima Bouzid', outcome='plan', conference_on='2023-03-15', participants=11,
         plan={'safe_and_feasible': True, 'evaluation_on': '2023-06-01', 'fallback': 'oma springt in, "zo nodig"',
               'actions': [{'topic': 'school', 'by': 'network', 'substitutes_professional': True,
                            'what': 'brengt de kinderen naar school, elke dag', 'due': '2023-04-01',
                            'done': True},
                           {'topic': 'parenting', 'by': 'professional', 'substitutes_professional': False,
                            'what': 'opvoedondersteuning', 'done': False}]},
         measures=[{'measure': 'supervision_order', 'count': 2, 'at_request': 'threatened',
                    'at_follow_up': 'prevented'},
                   {'measure': 'out_of_home_placement', 'count': 1, 'at_request': 'in_place',
                    'at_follow_up': 'reversed'}],
         costs_cents=400000,
         follow_up={'on': '2023-09-01', 'situation': 'improved', 'actions_done_pct': 80,
                    'satisfaction': {'main_person': 8, 'child': 7, 'network': 9, 'professional': 6}},
         main_persons=['Anna de Vries', 'Kees de Vries'],
         network=[{'name': 'Oma Jansen', 'relation': 'grootmoeder', 'role': 'network'},
                  {'name': 'Meester Ali', 'relation': 'leerkracht', 'role': 'informant'}]),
    case('IX-2', kind='restoration', track='youth_probation', outcome='stopped', stop_reason='no_network',
         referrer={'type': 'professional', 'organisation': 'Jeugdzorg Noord'},
         measures=[{'measure': 'admission', 'count': 1, 'at_request': 'threatened'}]),
    case('IX-3', kind='group', track='neighbourhood', outcome='plan_without_meeting', conference_on='2023-02-20',
         funder='Gemeente Noord', agreement='Raamcontract 2023', requested_on='2022-12-05',
         plan={'safe_and_feasible': None, 'actions': []}),
    case('IX-4', kind='learning', track='eviction', funder='Woonstichting Thuis', coordinator='Fatima Bouzid',
         topics=['housing', 'money'], minors=3,
         plan={'safe_and_feasible': False, 'actions': [
             {'topic': 'money', 'by': 'network', 'substitutes_professional': False, 'what': '=SUM(A1)',
              'done': False}]}, outcome='plan', participants=0),
    case('IX-5', track='other', requested_on='2024-02-29',
         follow_up={'on': '2024-06-01'}, outcome='plan', costs_cents=0),
]


def line(c):
    return json.dumps(c, sort_keys=True, separators=(',', ':'), ensure_ascii=False)


class Db:
    """a new, empty database of the suite's backend, initialised"""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix='kring-ix-')
        if h.BACKEND == 'postgres':
            self.url = h.new_pg_database()
        else:
            self.url = 'sqlite:' + os.path.join(self.tmp, 'kring.db')
        p = h.run_cli(['init', '--db', self.url])
        assert p.returncode == 0, p.stderr

    def close(self):
        if h.BACKEND == 'postgres':
            h.drop_pg_database(self.url)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def file(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, 'w', encoding='utf-8', newline='') as f:
            f.write(text)
        return path

    def import_(self, path):
        return h.run_cli(['import', '--db', self.url, path])

    def export(self, *args):
        p = h.run_cli(['export', 'cases', '--db', self.url] + list(args))
        assert p.returncode == 0, p.stderr
        return p.stdout


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def validate(tc, value, schema, path='', root=None):
    """the subset of JSON Schema 2020-12 the format's schema uses"""
    root = root or schema
    types = schema.get('type')
    if types is not None:
        types = types if isinstance(types, list) else [types]
        ok = {'object': dict, 'array': list, 'string': str, 'boolean': bool, 'null': type(None)}
        matched = any((t == 'integer' and isinstance(value, int) and not isinstance(value, bool)) or
                      (t in ok and isinstance(value, ok[t])) for t in types)
        tc.assertTrue(matched, '%s: %r is not %s' % (path, value, types))
    if 'enum' in schema:
        tc.assertIn(value, schema['enum'], path)
    if 'const' in schema:
        tc.assertEqual(value, schema['const'], path)
    if isinstance(value, int) and not isinstance(value, bool):
        tc.assertGreaterEqual(value, schema.get('minimum', value), path)
        tc.assertLessEqual(value, schema.get('maximum', value), path)
    if isinstance(value, str):
        tc.assertGreaterEqual(len(value), schema.get('minLength', 0), path)
        tc.assertLessEqual(len(value), schema.get('maxLength', len(value)), path)
        if 'pattern' in schema:
            tc.assertRegex(value, schema['pattern'], path)
    if isinstance(value, list):
        tc.assertLessEqual(len(value), schema.get('maxItems', len(value)), path)
        if schema.get('uniqueItems'):
            tc.assertEqual(len(value), len({json.dumps(v, sort_keys=True) for v in value}), path)
        for i, v in enumerate(value):
            validate(tc, v, schema.get('items', {}), '%s[%d]' % (path, i), root)
    if isinstance(value, dict):
        props = schema.get('properties', {})
        for k in schema.get('required', []):
            tc.assertIn(k, value, '%s: %s is required' % (path, k))
        for k, v in value.items():
            if schema.get('additionalProperties') is False:
                tc.assertIn(k, props, '%s: %s is not in the schema' % (path, k))
            if k in props:
                validate(tc, v, props[k], (path + '.' if path else '') + k, root)
        for k, needs in schema.get('dependentRequired', {}).items():
            if k in value:
                for n in needs:
                    tc.assertIn(n, value, '%s: %s needs %s' % (path, k, n))
        if 'if' in schema:
            cond = schema['if']
            holds = all(k in value for k in cond.get('required', [])) and all(
                k not in value or value[k] == s.get('const', value[k]) for k, s in cond.get('properties', {}).items())
            branch = schema.get('then') if holds else schema.get('else')
            if branch:
                validate(tc, value, branch, path, root)


class RoundTrip(unittest.TestCase):
    """export -> import into an empty database -> export: the same bytes"""

    @classmethod
    def setUpClass(cls):
        cls.a, cls.b, cls.c = Db(), Db(), Db()
        cls.src = cls.a.file('full.jsonl', ''.join(line(c) + '\n' for c in FULL))
        cls.imported = cls.a.import_(cls.src)
        cls.first = cls.a.export()

    @classmethod
    def tearDownClass(cls):
        for d in (cls.a, cls.b, cls.c):
            d.close()

    def test_import_reports_the_cases_it_made(self):
        self.assertEqual(self.imported.returncode, 0, self.imported.stderr)
        self.assertIn('5 cases (5 new, 0 updated)', self.imported.stdout)

    def test_export_gives_back_every_key_as_imported(self):
        got = [json.loads(x) for x in self.first.splitlines()]
        self.assertEqual(got, FULL)
        self.assertEqual(self.first, ''.join(line(c) + '\n' for c in FULL))

    def test_export_import_export_is_byte_identical(self):
        path = self.b.file('first.jsonl', self.first)
        p = self.b.import_(path)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.b.export(), self.first)

    def test_without_persons_leaves_out_the_names_and_round_trips(self):
        anon = self.a.export('--without-persons')
        self.assertNotIn('Anna de Vries', anon)
        self.assertNotIn('Oma Jansen', anon)
        self.assertNotIn('main_persons', anon)
        self.assertNotIn('"network":[', anon)
        expect = [{k: v for k, v in c.items() if k not in ('main_persons', 'network')} for c in FULL]
        self.assertEqual([json.loads(x) for x in anon.splitlines()], expect)
        d = Db()
        try:
            p = d.import_(d.file('anon.jsonl', anon))
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(d.export(), anon)
        finally:
            d.close()

    def test_csv_round_trip_gives_the_same_cases(self):
        out = os.path.join(self.c.tmp, 'csv')
        os.mkdir(out)
        self.a.export('--format', 'csv', '--out', out)
        names = sorted(os.listdir(out))
        self.assertEqual(names, ['cases-actions.csv', 'cases-measures.csv', 'cases-network.csv', 'cases.csv'])
        with open(os.path.join(out, 'cases.csv'), encoding='utf-8-sig', newline='') as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r['ref'] for r in rows], ['IX-%d' % i for i in range(1, 6)])
        self.assertEqual(rows[0]['follow_up.satisfaction.child'], '7')
        self.assertEqual(rows[0]['referrer.organisation'], 'Jeugdzorg Noord')
        self.assertEqual(rows[0]['topics'], 'parenting;school')
        self.assertEqual(rows[0]['plan.fallback'], 'oma springt in, "zo nodig"')
        self.assertEqual(rows[2]['plan.safe_and_feasible'], 'null')
        with open(os.path.join(out, 'cases-actions.csv'), encoding='utf-8-sig', newline='') as f:
            actions = list(csv.DictReader(f))
        # a formula is written as text, so that a spreadsheet does not run it
        self.assertIn("'=SUM(A1)", [a['what'] for a in actions])
        with open(os.path.join(out, 'cases.csv'), 'rb') as f:
            raw = f.read()
        self.assertTrue(raw.startswith(b'\xef\xbb\xbfref,kind,'))
        self.assertIn(b'\r\n', raw)
        p = self.c.import_(os.path.join(out, 'cases.csv'))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.c.export(), self.first)

    def test_every_exported_line_fits_the_schema(self):
        with open(SCHEMA_PATH, encoding='utf-8') as f:
            schema = json.load(f)
        for text in self.first.splitlines():
            validate(self, json.loads(text), schema)
        # and the schema catches what it should
        bad = copy.deepcopy(FULL[0])
        bad['plan']['actions'][0]['by'] = 'prof'
        with self.assertRaises(AssertionError):
            validate(self, bad, schema)

    def test_the_schema_file_is_what_kring_prints(self):
        p = h.run_cli(['import', '--schema'])
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(SCHEMA_PATH, encoding='utf-8') as f:
            self.assertEqual(json.loads(p.stdout), json.load(f))


class Import(unittest.TestCase):
    """on the module's server database, seen through the API"""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='kring-ix-')
        self.url = h.server().db_url

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, cases):
        path = os.path.join(self.tmp, name)
        with open(path, 'w', encoding='utf-8') as f:
            for c in cases:
                f.write((c if isinstance(c, str) else line(c)) + '\n')
        return path

    def run_import(self, path):
        return h.run_cli(['import', '--db', self.url, path])

    def by_ref(self, ref):
        items = h.list_page(API + '/requests', ref=ref)['items']
        return items

    def test_the_same_ref_again_changes_that_case(self):
        ref = h.uniq('SAME')
        p = self.run_import(self.write('one.jsonl', [case(ref, plan={'safe_and_feasible': True, 'actions': [
            {'topic': 'school', 'by': 'network', 'substitutes_professional': False, 'what': 'x', 'done': False}]},
            outcome='plan')]))
        self.assertEqual(p.returncode, 0, p.stderr)
        first = self.by_ref(ref)
        self.assertEqual(len(first), 1)
        self.assertEqual(first[0]['state'], 'plan_judged')
        rid = first[0]['id']
        p = self.run_import(self.write('two.jsonl', [case(ref, outcome='stopped', stop_reason='no_consent',
                                                          track='eviction')]))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('(0 new, 1 updated)', p.stdout)
        again = self.by_ref(ref)
        self.assertEqual([r['id'] for r in again], [rid])
        self.assertEqual(again[0]['state'], 'stopped')
        self.assertEqual(again[0]['track'], 'eviction')
        self.assertEqual(again[0]['stop_reason'], 'no_consent')
        # the plan's action of the first import is gone: replaced, not added
        self.assertEqual(h.list_all('%s/requests/%d/plan-actions' % (API, rid)), [])
        self.assertEqual(h.get('%s/requests/%d/plan' % (API, rid)).status, 404)

    def test_a_ref_twice_in_one_file_is_refused(self):
        ref = h.uniq('TWICE')
        with h.unchanged(self, 'a file with a ref twice'):
            p = self.run_import(self.write('twice.jsonl', [case(ref), case(ref)]))
        self.assertEqual(p.returncode, 1)
        self.assertIn('line 2: ref: %s appears twice in the file (first at line 1)' % ref, p.stderr)

    def test_a_bad_line_refuses_the_whole_file(self):
        good = [case(h.uniq('GOOD')) for _ in range(3)]
        bad = case(h.uniq('BAD'), outcome='plan', plan={'safe_and_feasible': True, 'actions': [
            {'topic': 'school', 'by': 'prof', 'substitutes_professional': False}]})
        path = self.write('bad.jsonl', good[:2] + [bad] + good[2:])
        with h.unchanged(self, 'a file with a bad line'):
            p = self.run_import(path)
        self.assertEqual(p.returncode, 1)
        self.assertIn('line 3: plan.actions[0].by: must be one of network, professional', p.stderr)
        self.assertIn('nothing was imported', p.stderr)
        for c in good:
            self.assertEqual(self.by_ref(c['ref']), [])

    def test_errors_name_line_key_and_reason(self):
        cases = [
            ('{"ref": "x",', 'line 1: not JSON'),
            (line({k: v for k, v in case('E1').items() if k != 'track'}), 'line 1: track: is required'),
            (line(case('E2', requested_on='2023-02-30')), 'line 1: requested_on: must be a date YYYY-MM-DD'),
            (line(case('E3', minors=51)), 'line 1: minors: must be a whole number from 0 to 50'),
            (line(case('E4', colour='red')), 'line 1: colour: is not a key of kring-case/1'),
            (line(case('E5', stop_reason='other')), 'line 1: stop_reason: is only given with outcome stopped'),
            (line(case('E6', measures=[{'measure': 'eviction', 'count': 1, 'at_request': 'in_place',
                                        'at_follow_up': 'prevented'}])),
             'line 1: measures[0].at_follow_up: must be reversed or continued'),
            (line(case('E7', follow_up={'on': '2024-01-01', 'satisfaction': {'child': 0}})),
             'line 1: follow_up.satisfaction.child: must be a whole number from 1 to 10'),
        ]
        for i, (text, message) in enumerate(cases):
            with self.subTest(message=message):
                with h.unchanged(self):
                    p = self.run_import(self.write('e%d.jsonl' % i, [text]))
                self.assertEqual(p.returncode, 1)
                self.assertIn(message, p.stderr)

    def test_unknown_names_are_made(self):
        suffix = h.uniq('')
        region, org, funder, coord = ('Regio ' + suffix, 'Org ' + suffix, 'Fonds ' + suffix, 'Coord ' + suffix)
        cases = [case(h.uniq('NAMES'), region=region, referrer={'type': 'professional', 'organisation': org},
                      funder=funder, agreement='Afspraak', coordinator=coord, requested_on=d)
                 for d in ('2023-05-01', '2021-03-04', '2022-01-01')]
        p = self.run_import(self.write('names.jsonl', cases))
        self.assertEqual(p.returncode, 0, p.stderr)
        regions = [r for r in h.list_all(API + '/regions') if r['name'] == region]
        self.assertEqual(len(regions), 1)
        orgs = [o for o in h.list_all(API + '/organisations') if o['name'] == org]
        self.assertEqual([o['type'] for o in orgs], ['other'])
        funders = [f for f in h.list_all(API + '/funders') if f['name'] == funder]
        self.assertEqual([f['type'] for f in funders], ['other'])
        agreements = [a for a in h.list_all(API + '/agreements') if a['funder_id'] == funders[0]['id']]
        self.assertEqual([(a['name'], a['starts_on']) for a in agreements], [('Afspraak', '2021-03-04')])
        coords = [c for c in h.list_all(API + '/coordinators') if c['name'] == coord]
        self.assertEqual(len(coords), 1)
        req = self.by_ref(cases[0]['ref'])[0]
        self.assertEqual((req['region_id'], req['referrer_organisation_id'], req['funder_id'],
                          req['agreement_id'], req['coordinator_id'], req['funding_source'], req['state']),
                         (regions[0]['id'], orgs[0]['id'], funders[0]['id'], agreements[0]['id'], coords[0]['id'],
                          'agreement', 'coordinator_assigned'))
        # a second file with the same names makes nothing new
        p = self.run_import(self.write('names2.jsonl', [case(h.uniq('NAMES'), region=region, funder=funder,
                                                             agreement='Afspraak', coordinator=coord)]))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len([r for r in h.list_all(API + '/regions') if r['name'] == region]), 1)
        self.assertEqual(len([c for c in h.list_all(API + '/coordinators') if c['name'] == coord]), 1)

    def test_an_import_is_one_entry_in_the_access_log(self):
        mark = h.log_last_id()
        p = self.run_import(self.write('log.jsonl', [case(h.uniq('LOG')) for _ in range(4)]))
        self.assertEqual(p.returncode, 0, p.stderr)
        entries = h.log_entries(after_id=mark)
        self.assertEqual([(e['action'], e['user_name'], e['object_type']) for e in entries],
                         [('create', 'cli', 'request')])
        v = h.run_cli(['audit', 'verify', '--db', self.url])
        self.assertEqual(v.returncode, 0, v.stderr)


class Demo(unittest.TestCase):
    def test_demo_requests_makes_plausible_cases_the_same_each_time(self):
        dbs = [Db(), Db()]
        try:
            outs = []
            for d in dbs:
                p = h.run_cli(['demo', '--db', d.url, '--requests', '400', '--seed', '7', '--until', '2023'])
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertIn('400 generated cases requested from 2019 to 2023', p.stdout)
                outs.append(d.export())
            self.assertEqual(outs[0], outs[1])
            cases = [json.loads(x) for x in outs[0].splitlines()]
            self.assertEqual(len(cases), 400)
            with open(SCHEMA_PATH, encoding='utf-8') as f:
                schema = json.load(f)
            for c in cases:
                validate(self, c, schema)
            years = {c['requested_on'][:4] for c in cases}
            self.assertEqual(years, {'2019', '2020', '2021', '2022', '2023'})
            plans = [c for c in cases if c.get('outcome') in ('plan', 'plan_without_meeting')]
            self.assertTrue(0.7 < len(plans) / len(cases) < 0.95, len(plans))
            actions = [a for c in plans for a in c['plan']['actions']]
            by_network = sum(a['by'] == 'network' for a in actions) / len(actions)
            self.assertTrue(0.8 < by_network < 0.92, by_network)
            self.assertEqual(len({c['track'] for c in cases}), 8)
        finally:
            for d in dbs:
                d.close()


if __name__ == '__main__':
    unittest.main()
