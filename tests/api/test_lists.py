"""Lists: equality filters, id order, cursor pagination that stays stable while
records are added, `total`, `next` null on the last page."""
import unittest

import harness as h
from harness import API


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


class Lists(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.w = h.world()

    def test_list_shape(self):
        page = h.list_page(API + '/regions')
        self.assertEqual(set(page), {'items', 'next', 'total'})
        self.assertIsInstance(page['items'], list)
        self.assertIsInstance(page['total'], int)
        for item in page['items']:
            for k in ('id', 'version', 'created_at', 'updated_at', 'name'):
                self.assertIn(k, item)

    def test_requests_filter_by_a_period_of_request_dates_inclusive(self):
        reg = h.region()['id']
        days = ['2024-12-31', '2025-01-01', '2025-07-15', '2025-12-31', '2026-01-01']
        ids = [h.new_request(reg, requested_on=d, consent_on=None)['id'] for d in days]

        def listed(**params):
            page = h.list_page(API + '/requests', limit=500, region_id=reg, **params)
            self.assertEqual(page['total'], len(page['items']))
            return [i['id'] for i in page['items']]

        self.assertEqual(listed(requested_on_from='2025-01-01', requested_on_to='2025-12-31'), ids[1:4])
        self.assertEqual(listed(requested_on_from='2025-07-15'), ids[2:])
        self.assertEqual(listed(requested_on_to='2025-01-01'), ids[:2])
        self.assertEqual(listed(requested_on='2025-07-15'), [ids[2]])
        self.assertEqual(listed(requested_on_from='2026-01-02'), [])
        for bad in ({'requested_on_from': '2025-02-30'}, {'requested_on_to': 'gisteren'},
                    {'kind_from': 'family'}, {'minors_to': '3'}):
            with self.subTest(bad=bad):
                r = h.get(API + '/requests', params=bad)
                h.assert_problem(self, r, 400, 'bad_parameter', list(bad)[0])

    def test_filters_on_state_region_and_kind(self):
        reg = h.region()['id']
        other = h.region()['id']
        c = h.coordinator([reg, other])
        ids = {}
        for kind in ('family', 'family', 'family', 'group', 'learning'):
            ids.setdefault(kind, []).append(h.new_request(reg, kind=kind)['id'])
        elsewhere = h.new_request(other, kind='family')['id']
        h.act_ok(ids['family'][0], 'decide-funding', {'funding_source': 'institution'})
        h.act_ok(ids['family'][0], 'assign-coordinator', {'coordinator_id': c['id']})
        h.act_ok(ids['group'][0], 'decide-funding', {'funding_source': 'institution'})
        h.act_ok(elsewhere, 'decide-funding', {'funding_source': 'institution'})

        def listed(**params):
            page = h.list_page(API + '/requests', limit=500, **params)
            got = [i['id'] for i in page['items']]
            self.assertEqual(page['total'], len(got), params)
            for item in page['items']:
                for k, v in params.items():
                    self.assertEqual(str(item[k]), str(v), (params, item))
            return got

        self.assertEqual(listed(region_id=reg), sorted(sum(ids.values(), [])))
        self.assertEqual(listed(region_id=reg, kind='family'), ids['family'])
        self.assertEqual(listed(region_id=reg, kind='learning'), ids['learning'])
        self.assertEqual(listed(region_id=reg, state='funding_decided'), [ids['group'][0]])
        self.assertEqual(listed(region_id=reg, state='coordinator_assigned'), [ids['family'][0]])
        self.assertEqual(listed(region_id=reg, state='requested', kind='family'), ids['family'][1:])
        self.assertEqual(listed(region_id=other), [elsewhere])
        self.assertEqual(listed(region_id=reg, kind='restoration'), [])
        self.assertEqual(listed(coordinator_id=c['id']), [ids['family'][0]])
        self.assertEqual(listed(kind='group', region_id=reg, state='stopped'), [])

    def test_other_filters(self):
        reg = h.region()['id']
        active = h.coordinator([reg])
        inactive = h.coordinator([reg], active=False)
        page = h.list_page(API + '/coordinators', active='false', limit=500)
        self.assertIn(inactive['id'], [i['id'] for i in page['items']])
        self.assertNotIn(active['id'], [i['id'] for i in page['items']])
        self.assertTrue(all(i['active'] is False for i in page['items']))
        org = h.organisation(reg, type='police')
        page = h.list_page(API + '/organisations', region_id=reg, type='police')
        self.assertEqual([i['id'] for i in page['items']], [org['id']])

        req = h.new_request(self.w.region_id)
        path = '%s/requests/%d/network-members' % (API, req['id'])
        net = [h.create(path, {'name': n, 'relation': 'familie'})['id'] for n in ('A', 'B', 'C')]
        inf = h.create(path, {'name': 'D', 'relation': 'leerkracht', 'role': 'informant'})['id']
        self.assertEqual([i['id'] for i in h.list_page(path, role='informant')['items']], [inf])
        self.assertEqual([i['id'] for i in h.list_page(path, role='network')['items']], net)
        self.assertEqual(h.list_page(path)['total'], 4)
        # a child list holds only the records of its request
        other = h.new_request(self.w.region_id)
        h.create('%s/requests/%d/network-members' % (API, other['id']), {'name': 'E', 'relation': 'buur'})
        self.assertEqual(h.list_page(path)['total'], 4)

    def test_pages_return_every_record_once_in_id_order_while_records_are_added(self):
        reg = h.region()['id']
        existing = [h.organisation(reg)['id'] for _ in range(7)]
        seen, added, after, pages = [], [], None, 0
        while True:
            params = {'region_id': reg, 'limit': 3}
            if after is not None:
                params['after'] = after
            page = h.list_page(API + '/organisations', **params)
            pages += 1
            self.assertLessEqual(len(page['items']), 3)
            seen.extend(i['id'] for i in page['items'])
            self.assertEqual(page['total'], len(existing) + len(added), 'total counts every match')
            after = page['next']
            if after is None:
                break
            self.assertIsInstance(after, str)
            if len(added) < 4:  # records added between pages come later in id order
                added.append(h.organisation(reg)['id'])
            self.assertLess(pages, 50)
        self.assertEqual(seen, sorted(seen), 'id order')
        self.assertEqual(len(seen), len(set(seen)), 'no record twice')
        self.assertEqual(seen, sorted(existing + added), 'every record once')

    def test_the_last_page_has_next_null(self):
        reg = h.region()['id']
        ids = [h.organisation(reg)['id'] for _ in range(5)]
        page = h.list_page(API + '/organisations', region_id=reg, limit=2)
        self.assertEqual(([i['id'] for i in page['items']], page['total']), (ids[:2], 5))
        self.assertIsNotNone(page['next'])
        page = h.list_page(API + '/organisations', region_id=reg, limit=2, after=page['next'])
        self.assertEqual([i['id'] for i in page['items']], ids[2:4])
        page = h.list_page(API + '/organisations', region_id=reg, limit=2, after=page['next'])
        self.assertEqual([i['id'] for i in page['items']], ids[4:])
        self.assertIsNone(page['next'])
        self.assertEqual(page['total'], 5)
        # everything on one page
        page = h.list_page(API + '/organisations', region_id=reg, limit=10)
        self.assertEqual(([i['id'] for i in page['items']], page['next'], page['total']), (ids, None, 5))
        # nothing matches
        page = h.list_page(API + '/organisations', region_id=h.region()['id'])
        self.assertEqual(page, {'items': [], 'next': None, 'total': 0})
        # exactly full pages: at most one more page, and it is empty and last
        page = h.list_page(API + '/organisations', region_id=reg, limit=5)
        self.assertEqual([i['id'] for i in page['items']], ids)
        if page['next'] is not None:
            page = h.list_page(API + '/organisations', region_id=reg, limit=5, after=page['next'])
            self.assertEqual((page['items'], page['next']), ([], None))

    def test_default_limit_is_50_and_500_is_allowed(self):
        reg = h.region()['id']
        ids = [h.organisation(reg)['id'] for _ in range(52)]
        page = h.list_page(API + '/organisations', region_id=reg)
        self.assertEqual([i['id'] for i in page['items']], ids[:50])
        self.assertEqual(page['total'], 52)
        self.assertIsNotNone(page['next'])
        page = h.list_page(API + '/organisations', region_id=reg, limit=500)
        self.assertEqual(([i['id'] for i in page['items']], page['next']), (ids, None))
        page = h.list_page(API + '/organisations', region_id=reg, limit=1)
        self.assertEqual(([i['id'] for i in page['items']], page['total']), (ids[:1], 52))


if __name__ == '__main__':
    unittest.main()


class TextSearch(unittest.TestCase):
    """NAME_contains finds a part of a name: a-z in either case, '%' and '_'
    only as themselves; only the cases found are read (and logged)."""

    def test_requests_by_a_part_of_a_main_persons_name(self):
        reg = h.region()['id']
        names = {'jansen': ['Fam. Jansen'], 'vries': ['Sanne de Vries', 'Piet Jansma'],
                 'odd': ['Ünal 100%_x'], 'plain': ['Ünal 1000 ax']}
        ids = {k: h.new_request(reg, main_persons=v)['id'] for k, v in names.items()}

        def found(text):
            page = h.list_page(API + '/requests', limit=500, region_id=reg, main_persons_contains=text)
            self.assertEqual(page['total'], len(page['items']))
            return sorted(i['id'] for i in page['items'])

        self.assertEqual(found('jans'), sorted([ids['jansen'], ids['vries']]))
        self.assertEqual(found('JANSEN'), [ids['jansen']])
        self.assertEqual(found('de vries'), [ids['vries']])
        self.assertEqual(found('100%_'), [ids['odd']])
        self.assertEqual(found('1%0'), [])
        self.assertEqual(found('Ünal'), sorted([ids['odd'], ids['plain']]))
        self.assertEqual(found('nobody like this'), [])

    def test_only_the_cases_found_are_logged_as_read(self):
        reg = h.region()['id']
        wanted = h.new_request(reg, main_persons=['Gezocht Zoekmans'])['id']
        for _ in range(3):
            h.new_request(reg, main_persons=['Niet Gezocht'])
        before = h.log_last_id()
        page = h.list_page(API + '/requests', region_id=reg, main_persons_contains='zoekmans')
        self.assertEqual([i['id'] for i in page['items']], [wanted])
        reads = [e for e in h.log_entries(before) if e['object_type'] == 'request']
        self.assertEqual([e['object_id'] for e in reads], [wanted])

    def test_coordinators_by_a_part_of_their_name(self):
        reg = h.region()['id']
        c = h.coordinator([reg], name='Fatima Zoekbaar')['id']
        page = h.list_page(API + '/coordinators', name_contains='zoekBAAR', limit=500)
        self.assertEqual([i['id'] for i in page['items']], [c])

    def test_a_search_that_is_no_text_or_too_long_is_refused(self):
        for value in ('x' * 201,):
            r = h.get(API + '/requests', params={'main_persons_contains': value})
            h.assert_problem(self, r, 400, 'bad_parameter', field='main_persons_contains')
        # only the fields marked for it are searched
        r = h.get(API + '/requests', params={'safety_notes_contains': 'x'})
        h.assert_problem(self, r, 400, 'bad_parameter', field='safety_notes_contains')
