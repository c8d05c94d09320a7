"""kring report annual|outcomes|costs: synthetic cases built to match the
published figures (tests/api/report_data.py, loaded with kring import) come
out of the reports exactly, on the backend under test; every percentage
names its denominator; the filters (year, from/to, region, funder, track)
change the population as they say; the shipped unit costs discount at
2.25%; bad filters and bad unit costs are refused naming what is wrong."""
import json
import os
import tempfile
import unittest

import harness as h
import report_data as data

TMP = {}


def setUpModule():
    h.start()
    TMP['dir'] = tempfile.mkdtemp(prefix='kring-reports-')
    path = os.path.join(TMP['dir'], 'cases.jsonl')
    data.write(path, data.amsterdam() + data.annual())
    p = h.run_cli(['import', '--db', h.server().db_url, path])
    if p.returncode != 0:
        raise RuntimeError('kring import failed (exit %d): %s' % (p.returncode, p.stderr[-2000:]))
    TMP['unit_costs'] = os.path.join(TMP['dir'], 'amsterdam-unit-costs.json')
    with open(TMP['unit_costs'], 'w', encoding='utf-8') as f:
        json.dump(data.AMSTERDAM_UNIT_COSTS, f)


def tearDownModule():
    h.stop()


def report(*args, ok=True):
    p = h.run_cli(['report'] + list(args) + ['--db', h.server().db_url])
    if not ok:
        return p
    if p.returncode != 0:
        raise AssertionError('kring report %s failed (exit %d): %s' % (' '.join(args), p.returncode, p.stderr))
    return json.loads(p.stdout)


def pct(count, of, p):
    return {'count': count, 'of': of, 'pct': p}


class Annual(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = report('annual', '--year', '2010', '--region', 'Utrecht')

    def test_requests_grew_by_a_fifth_and_adult_requests_by_27_percent(self):
        req = self.r['requests']
        self.assertEqual((req['total'], req['previous_year'], req['growth_pct']), (600, 500, 20.0))
        adult = req['by_track']['adult']
        self.assertEqual(adult, {'total': 127, 'previous_year': 100, 'growth_pct': 27.0})
        self.assertEqual(list(req['by_track']), list(data.TRACKS))
        self.assertEqual(sum(t['total'] for t in req['by_track'].values()), 600)

    def test_over_90_percent_of_plans_are_judged_safe_and_feasible(self):
        self.assertEqual(self.r['plans']['safe_and_feasible'], pct(182, 200, 91.0))

    def test_two_thirds_improved_and_5_percent_got_worse(self):
        fu = self.r['follow_up']
        self.assertEqual(fu['improved'], pct(40, 60, 66.7))
        self.assertEqual(fu['same'], pct(17, 60, 28.3))
        self.assertEqual(fu['worse'], pct(3, 60, 5.0))

    def test_outcomes_add_up_to_the_year_s_requests(self):
        o = self.r['outcomes']
        self.assertEqual(o['plan'], pct(180, 600, 30.0))
        self.assertEqual(o['plan_without_meeting'], pct(20, 600, 3.3))
        self.assertEqual(o['stopped'], pct(30, 600, 5.0))
        self.assertEqual(o['open'], pct(370, 600, 61.7))

    def test_participants_and_satisfaction(self):
        self.assertEqual(self.r['participants'], {'total': 1800, 'mean': 10.0, 'conferences': 180})
        s = self.r['satisfaction']
        self.assertEqual(s['main_person'], {'mean': 7.5, 'of': 60})
        self.assertEqual(s['network'], {'mean': 9.0, 'of': 60})
        self.assertEqual(s['child'], {'mean': None, 'of': 0})

    def test_the_report_names_what_was_asked_and_who_is_counted(self):
        self.assertEqual(self.r['report'], 'annual')
        self.assertEqual(self.r['year'], 2010)
        self.assertEqual(self.r['filters'], {'from': '2010-01-01', 'to': '2010-12-31', 'year': 2010,
                                             'region': 'Utrecht', 'funder': None, 'track': None})
        self.assertIn('region Utrecht', self.r['population'])
        self.assertIs(self.r['suppressed'], False)
        self.assertNotIn('generated_at', self.r)

    def test_the_same_data_gives_the_same_bytes(self):
        args = ['report', 'annual', '--year', '2010', '--db', h.server().db_url]
        self.assertEqual(h.run_cli(args).stdout, h.run_cli(args).stdout)

    def test_a_track_narrows_every_figure_to_it(self):
        r = report('annual', '--year', '2010', '--track', 'adult')
        self.assertEqual((r['requests']['total'], r['requests']['previous_year'], r['requests']['growth_pct']),
                         (127, 100, 27.0))
        self.assertEqual(r['requests']['by_track']['eviction']['total'], 0)
        self.assertEqual(r['filters']['track'], 'adult')
        # the first 127 requests of 2010 are the adult ones: 127 of the 200 plans
        self.assertEqual(r['outcomes']['plan']['count'], 127)

    def test_another_region_has_none_of_these_requests(self):
        r = report('annual', '--year', '2010', '--region', 'Amsterdam')
        self.assertEqual(r['requests']['total'], 0)
        self.assertIsNone(r['requests']['growth_pct'])
        self.assertEqual(r['outcomes']['plan'], pct(0, 0, None))


class Outcomes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = report('outcomes', '--year', '2011')

    def test_100_conferences_with_1300_people(self):
        self.assertEqual(self.r['conferences'], 100)
        self.assertEqual(self.r['participants'], 1300)

    def test_threatened_supervision_orders_not_happened_for_22_of_24_children(self):
        so = self.r['measures']['supervision_order']
        self.assertEqual(so['threatened'], 24)
        self.assertEqual(so['prevented'], pct(22, 24, 91.7))
        self.assertEqual(so['happened'], pct(2, 24, 8.3))

    def test_placements_prevented_for_44_and_reversed_for_14(self):
        m = self.r['measures']['out_of_home_placement']
        self.assertEqual(m['prevented'], pct(44, 50, 88.0))
        self.assertEqual(m['in_place'], 20)
        self.assertEqual(m['reversed'], pct(14, 20, 70.0))
        self.assertEqual(self.r['measures']['eviction'],
                         {'threatened': 0, 'prevented': pct(0, 0, None), 'happened': pct(0, 0, None),
                          'in_place': 0, 'reversed': pct(0, 0, None)})

    def test_19_percent_substitution_86_percent_by_the_network(self):
        a = self.r['actions']
        self.assertEqual(a['total'], 500)
        self.assertEqual(a['substituting_professional'], pct(95, 500, 19.0))
        self.assertEqual(a['by_network'], pct(430, 500, 86.0))

    def test_41_of_100_plans_ask_no_professional_care(self):
        self.assertEqual(self.r['plans_without_professional_care'], pct(41, 100, 41.0))

    def test_a_period_counts_only_its_requests(self):
        # ams-000..099 are spread over the months: i % 12 == 0 .. 2 fall in January to March
        r = report('outcomes', '--from', '2011-01-01', '--to', '2011-03-31')
        expected = sum(1 for i in range(100) if i % 12 < 3)
        self.assertEqual(r['conferences'], expected)
        self.assertEqual(r['participants'], 13 * expected)
        self.assertEqual(r['filters']['from'], '2011-01-01')
        self.assertIsNone(r['filters']['year'])

    def test_a_funder_by_name_or_id_counts_its_cases(self):
        by_name = report('outcomes', '--funder', data.AMSTERDAM_FUNDER)
        self.assertEqual(by_name['conferences'], 100)
        self.assertEqual(by_name['filters']['funder'], data.AMSTERDAM_FUNDER)
        funders = h.must(h.get(h.API + '/funders'), 200)['items']
        fid = [f['id'] for f in funders if f['name'] == data.AMSTERDAM_FUNDER][0]
        self.assertEqual(report('outcomes', '--funder', str(fid)), by_name)
        # the Utrecht cases have no funder: all conferences together are 300
        self.assertEqual(report('outcomes')['conferences'], 300)


class Costs(unittest.TestCase):
    def test_17000_euro_net_per_conference_at_4000_euro_each(self):
        r = report('costs', '--year', '2011', '--unit-costs', TMP['unit_costs'])
        self.assertEqual(r['conferences'], 100)
        self.assertEqual(r['costs_cents'], 40000000)
        self.assertEqual(r['gross_savings_cents'], 210000000)
        self.assertEqual(r['net_savings_cents'], 170000000)
        self.assertEqual(r['net_per_conference_cents'], 1700000)
        self.assertEqual(r['net_per_100_cents'], 170000000)
        self.assertEqual(r['unit_costs'], {'currency': 'EUR', 'horizon_years': 1, 'discount_rate_pct': 2.25,
                                           'file': TMP['unit_costs']})
        lines = {l['item']: l for l in r['lines']}
        self.assertEqual(list(lines), list(data.AMSTERDAM_UNIT_COSTS['items']))
        self.assertEqual(lines['supervision_order.prevented']['quantity'], 22)
        self.assertEqual(lines['out_of_home_placement.prevented']['quantity'], 44)
        self.assertEqual(lines['out_of_home_placement.reversed']['quantity'], 14)
        self.assertEqual(lines['substituted_action']['quantity'], 95)
        self.assertEqual(lines['substituted_action']['source'], 'test: professional hours')
        # low: 22 x 15,000 + 44 x 10,000 + 14 x 21,000 + 0 = EUR 1,064,000
        self.assertEqual(r['range']['low']['gross_savings_cents'], 106400000)
        self.assertEqual(r['range']['low']['net_per_conference_cents'], 664000)
        # high: 22 x 45,000 + 44 x 30,000 + 14 x 21,000 + 95 x 5,600 = EUR 3,136,000
        self.assertEqual(r['range']['high']['gross_savings_cents'], 313600000)

    def test_the_shipped_unit_costs_discount_at_2_25_percent(self):
        with open(os.path.join(h.ROOT, 'data', 'unit-costs.json'), encoding='utf-8') as f:
            shipped = json.load(f)
        r = report('costs', '--year', '2011')
        years, rate = shipped['horizon_years'], shipped['discount_rate_pct']
        self.assertEqual(rate, 2.25)
        factor = round(sum((1 + rate / 100) ** -t for t in range(years)), 6)
        self.assertEqual(r['unit_costs']['file'], 'data/unit-costs.json')
        quantities = {'supervision_order.prevented': 22, 'out_of_home_placement.prevented': 44,
                      'out_of_home_placement.reversed': 14, 'substituted_action': 95}
        gross = 0
        for line in r['lines']:
            item = shipped['items'][line['item']]
            self.assertEqual(line['factor'], factor)
            self.assertEqual(line['unit_cents'], item['base_cents'])
            self.assertTrue(line['source'])
            self.assertEqual(line['quantity'], quantities.get(line['item'], 0))
            exact = line['quantity'] * item['base_cents'] * factor
            self.assertEqual(line['amount_cents'], int(exact + 0.5))
            gross += line['amount_cents']
        self.assertEqual(len(r['lines']), len(shipped['items']))
        self.assertEqual(r['gross_savings_cents'], gross)
        self.assertEqual(r['net_savings_cents'], gross - 40000000)

    def test_without_conferences_there_is_nothing_per_conference(self):
        r = report('costs', '--year', '2008')
        self.assertEqual((r['conferences'], r['costs_cents'], r['gross_savings_cents']), (0, 0, 0))
        self.assertIsNone(r['net_per_conference_cents'])
        self.assertIsNone(r['net_per_100_cents'])

    def test_bad_unit_costs_are_refused_naming_the_key(self):
        bad = dict(data.AMSTERDAM_UNIT_COSTS)
        bad['items'] = {'substituted_action': {'base_cents': 5, 'low_cents': 6, 'high_cents': 7, 'source': 'x'}}
        path = os.path.join(TMP['dir'], 'bad.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(bad, f)
        p = report('costs', '--unit-costs', path, ok=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn('items.substituted_action.low_cents', p.stderr)
        self.assertEqual(p.stdout, '')
        # the setting works like the flag
        p = h.run_cli(['report', 'costs', '--db', h.server().db_url], env={'KRING_UNIT_COSTS': path})
        self.assertEqual(p.returncode, 2)
        self.assertIn('items.substituted_action.low_cents', p.stderr)


class BadRequests(unittest.TestCase):
    def assert_refused(self, args, words):
        p = report(*args, ok=False)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(p.stdout, '')
        for w in words:
            self.assertIn(w, p.stderr)

    def test_each_bad_filter_is_named(self):
        self.assert_refused(['annual'], ['year'])
        self.assert_refused(['annual', '--year', '2010', '--from', '2010-01-01'], ['year'])
        self.assert_refused(['outcomes', '--from', '2010-02-30'], ['from'])
        self.assert_refused(['outcomes', '--from', '2011-01-01', '--to', '2010-01-01'], ['to'])
        self.assert_refused(['outcomes', '--track', 'space'], ['track'])
        self.assert_refused(['outcomes', '--region', 'Atlantis'], ['region', 'Atlantis'])
        self.assert_refused(['outcomes', '--funder', '999999'], ['funder'])
        self.assert_refused(['weekly'], ['annual, outcomes and costs'])
        self.assert_refused(['outcomes', '--format', 'docx'], ['--format'])


if __name__ == '__main__':
    unittest.main()
