"""The admin pages: reference data (regions, referrers, funders, agreements,
coordinators) and accounts."""
import html
import re
import unittest

import harness as h


def setUpModule():
    h.start()


def tearDownModule():
    h.stop()


def admin():
    return h.Browser().login('beheerder')


def field_value(text, name):
    m = re.search(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % re.escape(name), text)
    return html.unescape(m.group(1)) if m else None


class Index(unittest.TestCase):
    def test_the_index_links_every_list_with_its_count(self):
        r = admin().get('/admin')
        self.assertEqual(r.status, 200)
        for href in ('/regions', '/organisations', '/funders', '/agreements', '/coordinators', '/users'):
            self.assertIn('href="%s"' % href, r.text)

    def test_a_funder_gets_no_admin_pages(self):
        h.server().add_user('alleenfinancier', roles=('funder',), extra=())
        b = h.Browser().login('alleenfinancier', create=False)
        self.assertEqual(b.get('/admin').status, 403)
        self.assertEqual(b.get('/regions').status, 403)


class Regions(unittest.TestCase):
    def test_a_region_is_created_and_its_name_is_escaped_on_the_list(self):
        b = admin()
        self.assertEqual(b.get('/regions/new').status, 200)
        name = '<script>alert(1)</script> "Regio" \'Zuid\' & Co'
        r = b.post('/regions', [('name', name)])
        self.assertEqual((r.status, r.headers['Location']), (303, '/regions?saved=record'))
        r = b.follow(r)
        self.assertIn('De gegevens zijn opgeslagen.', r.text)
        self.assertNotIn('<script>alert(1)', r.text)
        self.assertIn('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Regio&quot; &#39;Zuid&#39; &amp; Co', r.text)
        self.assertTrue(any(x['name'] == name for x in h.list_all(h.API + '/regions')))

    def test_a_missing_name_re_shows_the_form_with_the_error(self):
        b = admin()
        before = h.db_snapshot()
        r = b.post('/regions', [('name', '')])
        self.assertEqual(r.status, 422)
        self.assertIn('Controleer deze velden', r.text)
        self.assertIn('href="#f-name"', r.text)
        self.assertIn('aria-invalid="true"', r.text)
        self.assertEqual(h.db_snapshot(), before)

    def test_a_stale_change_shows_the_conflict_and_the_version_now(self):
        b = admin()
        rid = h.create(h.API + '/regions', {'name': h.uniq('Oud')})['id']
        page = b.get('/regions/%d/edit' % rid)
        self.assertEqual(field_value(page.text, 'version'), '1')
        h.must(h.patch(h.API + '/regions/%d' % rid, {'name': 'Gewijzigd door een ander'}, if_match=1), 200)
        r = b.post('/regions/%d/edit' % rid, [('version', '1'), ('name', 'Mijn naam')])
        self.assertEqual(r.status, 409)
        self.assertIn('Iemand anders heeft dit intussen gewijzigd', r.text)
        self.assertIn('Gewijzigd door een ander', r.text)
        self.assertEqual(field_value(r.text, 'name'), 'Mijn naam')
        self.assertEqual(field_value(r.text, 'version'), '2')
        # saving again is deliberate and wins
        r = b.post('/regions/%d/edit' % rid, [('version', '2'), ('name', 'Mijn naam')])
        self.assertEqual(r.status, 303)
        self.assertEqual(h.read(h.API + '/regions/%d' % rid)['name'], 'Mijn naam')


class Agreements(unittest.TestCase):
    def test_money_typed_the_dutch_way_is_stored_in_cents_and_shown_in_euros(self):
        b = admin()
        fid = h.funder()['id']
        name = h.uniq('Leervragen')
        r = b.post('/agreements', [('funder_id', str(fid)), ('name', name), ('starts_on', '2026-01-01'),
                                   ('tariff_learning_cents', '1.900,00'), ('tariff_family_cents', '4000')])
        self.assertEqual(r.status, 303, r.text[:2000])
        stored = [a for a in h.list_all(h.API + '/agreements') if a['name'] == name]
        self.assertEqual(len(stored), 1)
        self.assertEqual(stored[0]['tariff_learning_cents'], 190000)
        self.assertEqual(stored[0]['tariff_family_cents'], 400000)
        text = b.follow(r).text
        self.assertIn('€ 1.900,00', text)
        self.assertIn('€ 4.000,00', text)
        # the edit form shows the amount to type again
        page = b.get('/agreements/%d/edit' % stored[0]['id'])
        self.assertEqual(field_value(page.text, 'tariff_learning_cents'), '1900,00')

    def test_a_validation_error_keeps_everything_typed(self):
        b = admin()
        fid = h.funder()['id']
        before = h.db_snapshot()
        r = b.post('/agreements', [('funder_id', str(fid)), ('name', 'Getypt "en" bewaard'),
                                   ('starts_on', '2026-01-01'), ('tariff_learning_cents', 'negentienhonderd'),
                                   ('tariff_family_cents', '4.000,00')])
        self.assertEqual(r.status, 422)
        self.assertIn('Dit is geen bedrag', r.text)
        self.assertEqual(field_value(r.text, 'name'), 'Getypt "en" bewaard')
        self.assertEqual(field_value(r.text, 'tariff_learning_cents'), 'negentienhonderd')
        self.assertEqual(field_value(r.text, 'tariff_family_cents'), '4.000,00')
        self.assertEqual(field_value(r.text, 'starts_on'), '2026-01-01')
        self.assertRegex(r.text, r'<option value="%d" selected>' % fid)
        self.assertEqual(h.db_snapshot(), before)


class Roles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        h.server().add_user('alleencoordinator', roles=('coordinator',), extra=())
        cls.b = h.Browser().login('alleencoordinator', create=False)

    def test_a_coordinator_may_read_the_lists_but_not_change_them(self):
        r = self.b.get('/regions')
        self.assertEqual(r.status, 200)
        self.assertNotIn('href="/regions/new"', r.text)
        self.assertEqual(self.b.get('/regions/new').status, 403)
        before = h.db_snapshot()
        r = self.b.post('/regions', [('name', 'Mag niet')])
        self.assertEqual(r.status, 403)
        self.assertEqual(h.db_snapshot(), before)

    def test_a_coordinator_gets_no_accounts(self):
        self.assertEqual(self.b.get('/users').status, 403)
        self.assertEqual(self.b.get('/users/new').status, 403)
        before = h.db_snapshot()
        r = self.b.post('/users', [('username', 'stiekem'), ('display_name', 'Stiekem'), ('roles', 'admin'),
                                   ('password', 'een lang wachtwoord'), ('password_again', 'een lang wachtwoord')])
        self.assertEqual(r.status, 403)
        self.assertEqual(h.db_snapshot(), before)
        r = self.b.post('/users/1/edit', [('display_name', 'X'), ('roles', 'admin')])
        self.assertEqual(r.status, 403)


class Users(unittest.TestCase):
    def test_the_list_shows_accounts_with_their_roles(self):
        h.server().add_user('inlijst', roles=('intake', 'regional_manager'))
        r = admin().get('/users')
        self.assertEqual(r.status, 200)
        self.assertIn('inlijst', r.text)
        self.assertIn('Intake, Regiomanager', r.text)

    def test_a_new_account_made_on_the_page_can_log_in(self):
        b = admin()
        rid = h.create(h.API + '/regions', {'name': h.uniq('Accountregio')})['id']
        self.assertEqual(b.get('/users/new').status, 200)
        pw = 'een heel goed wachtwoord'
        # the passwords differ: nothing typed is lost but the passwords
        r = b.post('/users', [('username', 'nieuwe.collega'), ('display_name', 'Nieuwe <Collega>'),
                              ('roles', 'intake'), ('region_ids', str(rid)), ('language', 'en'),
                              ('password', pw), ('password_again', pw + '!')])
        self.assertEqual(r.status, 422)
        self.assertEqual(field_value(r.text, 'username'), 'nieuwe.collega')
        self.assertEqual(field_value(r.text, 'display_name'), 'Nieuwe <Collega>')
        self.assertRegex(r.text, r'value="intake"[^>]*checked')
        self.assertNotIn(pw, r.text)
        r = b.post('/users', [('username', 'nieuwe.collega'), ('display_name', 'Nieuwe <Collega>'),
                              ('roles', 'intake'), ('region_ids', str(rid)), ('language', 'en'),
                              ('password', pw), ('password_again', pw)])
        self.assertEqual((r.status, r.headers['Location']), (303, '/users?saved=user_new'))
        self.assertIn('Nieuwe &lt;Collega&gt;', b.follow(r).text)
        c = h.Browser().login('nieuwe.collega', password=pw, create=False)
        r = c.get('/account')
        self.assertIn('<html lang="en"', r.text)
        self.assertIn('Intake', r.text)
        # the same name again is refused at the field
        r = b.post('/users', [('username', 'nieuwe.collega'), ('display_name', 'Nog een'),
                              ('password', pw), ('password_again', pw)])
        self.assertEqual(r.status, 422)
        self.assertIn('Dit bestaat al.', r.text)

    def test_an_admin_changes_an_account_and_disables_it(self):
        h.server().add_user('wordtgewijzigd', roles=('intake',))
        b = admin()
        uid = [u for u in self.users(b) if u[1] == 'wordtgewijzigd'][0][0]
        page = b.get('/users/%s/edit' % uid)
        self.assertEqual(page.status, 200)
        c = h.Browser().login('wordtgewijzigd', create=False)
        r = b.post('/users/%s/edit' % uid, [('display_name', 'Andere naam'), ('roles', 'coordinator'),
                                            ('language', 'nl'), ('disabled', 'on')])
        self.assertEqual(r.status, 303)
        self.assertIn('Andere naam', b.follow(r).text)
        # a disabled account is out at once
        self.assertEqual(c.get('/account').status, 303)
        self.assertEqual(b.get('/users/999999/edit').status, 404)

    def users(self, b):
        text = b.get('/users').text
        return re.findall(r'href="/users/(\d+)/edit">([^<]+)</a>', text)


if __name__ == '__main__':
    unittest.main()
