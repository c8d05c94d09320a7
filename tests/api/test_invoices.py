"""Invoices to funders: one line per conference held in the period at the
agreement's tariff for the kind, totals, numbers without gaps (also after a
refused issue), an issued invoice never changed (the database refuses it),
credit notes, the UBL 2.1 XML validated against the OASIS schema, the PDF's
figures, who may see which invoice, and the CLI.

The XML is validated by tests/ubl_validate (libxml2's xmlSchemaValidateDoc),
built next to the kring binary; when it or the schema is absent the test says
plainly that it skipped and why."""
import collections
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

import harness as h

API = h.API
W = None
ISSUED = '2025-01-15'  # every invoice of this module is issued in 2025 unless it says otherwise
TARIFFS = {'family': 400000, 'restoration': 350000, 'group': 450000, 'learning': 190000}


def setUpModule():
    global W
    h.start()
    W = h.world()


def tearDownModule():
    h.stop()


class Books:
    """A funder of its own with one agreement in the world's region, and a
    coordinator, so that each test counts only its own conferences."""

    def __init__(self, **funder):
        self.funder = h.funder(**funder)
        self.agreement = h.agreement(self.funder['id'], W.region_id, **{'tariff_%s_cents' % k: v
                                                                         for k, v in TARIFFS.items()})
        self.coordinator = h.coordinator([W.region_id])

    def held(self, kind='family', held_on='2024-04-10', outcome='plan'):
        """A new request under the agreement whose conference was held on held_on."""
        rid = h.new_request(W.region_id, kind=kind)['id']
        h.act_ok(rid, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': self.agreement['id']})
        h.act_ok(rid, 'assign-coordinator', {'coordinator_id': self.coordinator['id']})
        h.act_ok(rid, 'start-preparation')
        if outcome == 'plan':
            h.act_ok(rid, 'schedule-conference', {'scheduled_on': held_on, 'place': 'Buurthuis De Kring'})
        h.act_ok(rid, 'record-conference', {'outcome': outcome, 'held_on': held_on, 'participants_present': 9})
        return rid

    def issue(self, frm='2024-04-01', to='2024-04-30', status=201, **over):
        body = dict({'funder_id': self.funder['id'], 'from': frm, 'to': to, 'issued_on': ISSUED}, **over)
        r = h.post(API + '/invoices', body)
        if status is not None:
            self.assert_status(r, status)
        return r

    @staticmethod
    def assert_status(r, status):
        if r.status != status:
            raise AssertionError('expected %d, got %r' % (status, r))


def all_invoices(**params):
    return h.list_all(API + '/invoices', **params)


def db_fails(sql):
    """Runs sql directly on the test database; returns the error the
    database gives (None when it was accepted)."""
    s = h.server()
    if s.on_postgres:
        try:
            h.psql_on(s.db_url, sql)
        except RuntimeError as e:
            return str(e)
        return None
    con = sqlite3.connect(s.db_path, timeout=10)
    try:
        con.execute(sql)
        con.commit()
    except sqlite3.DatabaseError as e:
        return str(e)
    finally:
        con.close()
    return None


def validator():
    """The path of tests/ubl_validate next to the kring binary, or None."""
    path = os.path.join(os.path.dirname(h.KRING_BIN), 'tests', 'ubl_validate')
    return path if os.access(path, os.X_OK) else None


class Issue(unittest.TestCase):

    def test_one_line_per_conference_at_the_agreements_tariff_for_its_kind(self):
        b = Books()
        ids = {kind: b.held(kind) for kind in TARIFFS}
        without = b.held('family', held_on='2024-04-20', outcome='plan_without_meeting')
        outside = b.held('family', held_on='2024-05-02')
        inv = b.issue().json
        self.assertEqual(inv['kind'], 'invoice')
        self.assertRegex(inv['number'], r'^2025-\d{4}$')
        self.assertEqual((inv['issued_on'], inv['due_on']), (ISSUED, '2025-02-14'))
        self.assertEqual((inv['period_from'], inv['period_to']), ('2024-04-01', '2024-04-30'))
        lines = {l['request_id']: l for l in inv['lines']}
        self.assertEqual(sorted(lines), sorted(list(ids.values()) + [without]))
        self.assertNotIn(outside, lines)
        for kind, rid in ids.items():
            self.assertEqual((lines[rid]['kind'], lines[rid]['tariff_cents'], lines[rid]['quantity'],
                              lines[rid]['amount_cents']), (kind, TARIFFS[kind], 1, TARIFFS[kind]))
            self.assertEqual(lines[rid]['agreement_id'], b.agreement['id'])
        self.assertEqual(lines[without]['held_on'], '2024-04-20')
        self.assertEqual(inv['total_cents'], sum(TARIFFS.values()) + TARIFFS['family'])
        self.assertEqual(inv['total_cents'], sum(l['amount_cents'] for l in inv['lines']))
        # the seller's defaults and the funder as they were at issue
        self.assertEqual(inv['buyer_name'], b.funder['name'])
        self.assertTrue(inv['seller_iban'])

    def test_an_issued_invoice_answers_with_its_location(self):
        b = Books()
        b.held()
        r = b.issue()
        self.assertEqual(r.headers.get('Location'), '%s/invoices/%d' % (API, r.json['id']))
        self.assertEqual(h.read(r.headers['Location'])['number'], r.json['number'])

    def test_a_conference_goes_on_one_invoice_only(self):
        b = Books()
        b.held(held_on='2024-04-03')
        b.issue()
        with h.unchanged(self):
            r = b.issue(status=None)
            h.assert_problem(self, r, 422, 'nothing_to_invoice')
        # a wider period takes only what is new
        later = b.held(held_on='2024-05-06')
        inv = b.issue('2024-01-01', '2024-12-31').json
        self.assertEqual([l['request_id'] for l in inv['lines']], [later])

    def test_bad_input_is_refused_and_changes_nothing(self):
        b = Books()
        b.held()
        cases = [
            ({}, 'funder_id'),
            ({'funder_id': b.funder['id'], 'from': '2024-04-01'}, 'to'),
            ({'funder_id': b.funder['id'], 'from': '2024-04-31', 'to': '2024-05-01'}, 'from'),
            ({'funder_id': b.funder['id'], 'from': '2024-05-01', 'to': '2024-04-01'}, 'to'),
            ({'funder_id': 999999, 'from': '2024-04-01', 'to': '2024-04-30'}, 'funder_id'),
            ({'funder_id': b.funder['id'], 'from': '2024-04-01', 'to': '2024-04-30', 'issued_on': '2024-04-15'},
             'issued_on'),
            ({'funder_id': b.funder['id'], 'from': '2024-04-01', 'to': '2024-04-30', 'extra': 1}, 'extra'),
        ]
        for body, field in cases:
            with self.subTest(body=body), h.unchanged(self):
                r = h.post(API + '/invoices', body)
                h.assert_problem(self, r, 422, field=field)

    def test_an_agreement_without_a_tariff_for_the_kind_refuses_the_whole_invoice(self):
        b = Books()
        b.held('family')
        b.held('learning')
        h.must(h.patch('%s/agreements/%d' % (API, b.agreement['id']), {'tariff_learning_cents': None},
                       if_match=b.agreement['version']), 200)
        with h.unchanged(self):
            h.assert_problem(self, b.issue(status=None), 422, 'no_tariff')


class Numbers(unittest.TestCase):

    def test_numbers_have_no_gaps_after_refused_and_concurrent_issues(self):
        books = [Books() for _ in range(4)]
        for b in books:
            b.held()
        first = books[0].issue().json['number']
        # refused: nothing to invoice, bad input; neither takes a number
        books[0].issue(status=422)
        h.assert_problem(self, h.post(API + '/invoices', {'funder_id': books[1].funder['id']}), 422)
        # three at once
        numbers = h.at_once(3, lambda i: books[i + 1].issue().json['number'])
        year, n = first.split('-')
        self.assertEqual(sorted(numbers), ['%s-%04d' % (year, int(n) + k) for k in (1, 2, 3)])
        self.assert_every_year_counts_from_one()

    def test_the_series_starts_again_each_year(self):
        b = Books()
        b.held(held_on='2024-04-11')
        inv = b.issue(issued_on='2031-01-02').json
        self.assertEqual(inv['number'], '2031-0001')
        self.assert_every_year_counts_from_one()

    def assert_every_year_counts_from_one(self):
        by_year = collections.defaultdict(list)
        for inv in all_invoices():
            year, n = inv['number'].split('-')
            by_year[year].append(int(n))
            self.assertEqual(year, inv['issued_on'][:4])
        for year, ns in by_year.items():
            self.assertEqual(sorted(ns), list(range(1, len(ns) + 1)), 'the numbers of %s' % year)


class Immutable(unittest.TestCase):

    def test_the_database_refuses_to_change_or_remove_an_issued_invoice(self):
        b = Books()
        b.held()
        inv = b.issue().json
        before = h.read('%s/invoices/%d' % (API, inv['id']))
        for sql in ('UPDATE invoices SET total_cents = 1 WHERE id = %d' % inv['id'],
                    'DELETE FROM invoices WHERE id = %d' % inv['id'],
                    'UPDATE invoice_lines SET amount_cents = 1, tariff_cents = 1 WHERE invoice_id = %d' % inv['id'],
                    'DELETE FROM invoice_lines WHERE invoice_id = %d' % inv['id'],
                    'UPDATE invoice_counters SET last_number = last_number - 1',
                    'DELETE FROM invoice_counters'):
            with self.subTest(sql=sql):
                self.assertIsNotNone(db_fails(sql), 'the database accepted: %s' % sql)
        self.assertEqual(h.read('%s/invoices/%d' % (API, inv['id'])), before)

    def test_the_api_offers_no_change_or_removal(self):
        b = Books()
        b.held()
        inv = b.issue().json
        for method in ('PATCH', 'DELETE', 'PUT'):
            with self.subTest(method=method), h.unchanged(self):
                r = h.request(method, '%s/invoices/%d' % (API, inv['id']), body={'total_cents': 1}, if_match=1)
                self.assertEqual(r.status, 405, r)


class Credit(unittest.TestCase):

    def test_a_credit_note_negates_the_whole_invoice_and_frees_its_conferences(self):
        b = Books()
        rids = [b.held('family'), b.held('group')]
        inv = b.issue().json
        r = h.post('%s/invoices/%d/credit' % (API, inv['id']), {'reason': 'Verkeerde periode',
                                                                 'issued_on': '2025-01-20'})
        self.assertEqual(r.status, 201, r)
        cn = r.json
        self.assertEqual(r.headers.get('Location'), '%s/invoices/%d' % (API, cn['id']))
        self.assertEqual((cn['kind'], cn['credits_invoice_id'], cn['reason']),
                         ('credit_note', inv['id'], 'Verkeerde periode'))
        self.assertEqual(cn['credits'], {'id': inv['id'], 'number': inv['number'], 'issued_on': ISSUED})
        self.assertEqual(cn['total_cents'], -inv['total_cents'])
        self.assertEqual(cn['funder_id'], inv['funder_id'])
        self.assertEqual([(l['request_id'], l['quantity'], l['amount_cents']) for l in cn['lines']],
                         [(l['request_id'], -1, -l['amount_cents']) for l in inv['lines']])
        again = h.read('%s/invoices/%d' % (API, inv['id']))
        self.assertEqual(again['credited_by']['number'], cn['number'])
        self.assertEqual(again['total_cents'], inv['total_cents'])  # the invoice itself never changes
        # credited once only; a credit note is not credited
        with h.unchanged(self):
            h.assert_problem(self, h.post('%s/invoices/%d/credit' % (API, inv['id']), {'reason': 'x'}), 409,
                             'already_credited')
            h.assert_problem(self, h.post('%s/invoices/%d/credit' % (API, cn['id']), {'reason': 'x'}), 409,
                             'not_an_invoice')
            h.assert_problem(self, h.post('%s/invoices/%d/credit' % (API, inv['id'] + 100000), {'reason': 'x'}),
                             404, 'not_found')
        # the conferences can be invoiced again
        fresh = b.issue().json
        self.assertEqual(sorted(l['request_id'] for l in fresh['lines']), sorted(rids))

    def test_a_credit_note_needs_a_reason(self):
        b = Books()
        b.held()
        inv = b.issue().json
        with h.unchanged(self):
            h.assert_problem(self, h.post('%s/invoices/%d/credit' % (API, inv['id']), {}), 422, 'required',
                             field='reason')


class Files(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        b = Books(address='Stadhuisplein 1', postcode='1234 AB', city='Voorbeeldstad',
                  oin='00000001234567890000', buyer_reference='INK-2024-77')
        for kind in TARIFFS:
            b.held(kind)
        cls.invoice = b.issue().json
        cls.credit = h.must(h.post('%s/invoices/%d/credit' % (API, cls.invoice['id']), {'reason': 'Dubbel'}), 201)
        cls.tmp = tempfile.mkdtemp(prefix='kring-invoices-')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def fetch(self, inv, fmt):
        r = h.get('%s/invoices/%d' % (API, inv['id']), params={'format': fmt})
        self.assertEqual(r.status, 200, r)
        return r

    def test_the_xml_is_ubl_with_the_dutch_profile_the_tariffs_and_the_totals(self):
        r = self.fetch(self.invoice, 'xml')
        self.assertTrue(r.headers['Content-Type'].startswith('application/xml'))
        self.assertIn('attachment; filename="factuur-%s.xml"' % self.invoice['number'],
                      r.headers.get('Content-Disposition', ''))
        x = r.body.decode('utf-8')
        for text in ('<Invoice ', 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
                     '<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0'
                     '</cbc:CustomizationID>',
                     '<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>',
                     '<cbc:ID>%s</cbc:ID>' % self.invoice['number'],
                     '<cbc:IssueDate>%s</cbc:IssueDate>' % ISSUED, '<cbc:DueDate>2025-02-14</cbc:DueDate>',
                     '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
                     '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
                     '<cbc:BuyerReference>INK-2024-77</cbc:BuyerReference>',
                     '<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>',
                     '<cbc:EndpointID schemeID="0190">00000001234567890000</cbc:EndpointID>',
                     '<cbc:PayableAmount currencyID="EUR">13900.00</cbc:PayableAmount>',
                     '<cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>',
                     '<cbc:TaxExemptionReasonCode>VATEX-EU-132-1G</cbc:TaxExemptionReasonCode>',
                     '<cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>'):
            self.assertIn(text, x)
        self.assertEqual(len(re.findall(r'<cac:InvoiceLine>', x)), 4)
        prices = sorted(re.findall(r'<cbc:PriceAmount currencyID="EUR">([0-9.]+)</cbc:PriceAmount>', x))
        self.assertEqual(prices, sorted('%d.00' % (v // 100) for v in TARIFFS.values()))
        for amount in ('LineExtensionAmount', 'TaxExclusiveAmount', 'TaxInclusiveAmount'):
            self.assertIn('<cbc:%s currencyID="EUR">13900.00</cbc:%s>' % (amount, amount), x)
        cx = self.fetch(self.credit, 'xml').body.decode('utf-8')
        for text in ('<CreditNote ', 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"',
                     '<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>',
                     '<cac:BillingReference>', '<cbc:ID>%s</cbc:ID>' % self.invoice['number'],
                     '<cbc:PayableAmount currencyID="EUR">13900.00</cbc:PayableAmount>',
                     '<cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>', '<cbc:Note>Dubbel</cbc:Note>'):
            self.assertIn(text, cx)

    def test_the_xml_validates_against_the_ubl_21_schema(self):
        tool = validator()
        if not tool:
            self.skipTest('SKIPPED: tests/ubl_validate is not built next to %s, so the XML was not validated'
                          % h.KRING_BIN)
        paths = []
        for name, inv in (('invoice.xml', self.invoice), ('credit-note.xml', self.credit)):
            path = os.path.join(self.tmp, name)
            with open(path, 'wb') as f:
                f.write(self.fetch(inv, 'xml').body)
            paths.append(path)
        p = subprocess.run([tool] + paths, capture_output=True, text=True, timeout=60)
        if p.returncode == 77:
            self.skipTest(p.stdout.strip() or 'SKIPPED: the UBL 2.1 schema is absent')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('valid UBL 2.1 Invoice', p.stdout)
        self.assertIn('valid UBL 2.1 CreditNote', p.stdout)

    def test_the_pdf_shows_the_tariffs_the_totals_and_how_to_pay(self):
        r = self.fetch(self.invoice, 'pdf')
        self.assertEqual(r.headers['Content-Type'], 'application/pdf')
        self.assertTrue(r.body.startswith(b'%PDF-'))
        if not shutil.which('pdftotext'):
            self.skipTest('SKIPPED: pdftotext is not installed, so the PDF\'s text was not read')
        path = os.path.join(self.tmp, 'invoice.pdf')
        with open(path, 'wb') as f:
            f.write(r.body)
        text = subprocess.run(['pdftotext', '-layout', path, '-'], capture_output=True, text=True,
                              timeout=60).stdout
        for s in ('Factuur', self.invoice['number'], '15-01-2025', '14-02-2025', 'INK-2024-77',
                  '€ 4.000,00', '€ 3.500,00', '€ 4.500,00', '€ 1.900,00', 'Te betalen', '€ 13.900,00',
                  'Stadhuisplein 1', '1234 AB Voorbeeldstad', self.invoice['seller_iban'], 'Vrijgesteld van btw'):
            self.assertIn(s, text)
        ct = subprocess.run(['pdftotext', '-layout', '-', '-'], input=self.fetch(self.credit, 'pdf').body,
                            capture_output=True, timeout=60).stdout.decode('utf-8')
        for s in ('Creditnota', self.credit['number'], self.invoice['number'], 'Dubbel', '€ -4.000,00'):
            self.assertIn(s, ct)

    def test_a_bad_format_is_refused(self):
        for params in ({'format': 'docx'}, {'lang': 'de'}, {'limit': '3'}):
            with self.subTest(params=params):
                r = h.get('%s/invoices/%d' % (API, self.invoice['id']), params=params)
                h.assert_problem(self, r, 400, 'bad_parameter')


class Scope(unittest.TestCase):
    """Admin and regional managers issue; a manager of some regions only for
    them; a funder reads its own invoices; other roles nothing."""

    @classmethod
    def setUpClass(cls):
        cls.books = Books()
        cls.books.held()
        cls.invoice = cls.books.issue(region_id=W.region_id).json
        other = Books()
        other.held()
        cls.other = other.issue().json  # every region
        srv = h.server()
        cls.tokens = {}
        for name, roles, extra in (
                ('inv-manager', ['regional_manager'], ['--region', str(W.region_id)]),
                ('inv-elsewhere', ['regional_manager'], ['--region', str(h.region()['id'])]),
                ('inv-funder', ['funder'], ['--funder', str(cls.books.funder['id'])]),
                ('inv-intake', ['intake'], ['--region', str(W.region_id)])):
            p = srv.add_user(name, roles=roles, extra=extra)
            assert p.returncode == 0, p.stderr
            cls.tokens[name] = h.must(h.request('POST', API + '/tokens', auth=False,
                                                body={'username': name, 'password': h.TEST_PASSWORD}), 201)['token']

    def call(self, who, method, path, body=h.NOBODY, **kw):
        return h.request(method, path, auth=False, body=body,
                         headers={'Authorization': 'Bearer ' + self.tokens[who]}, **kw)

    def listed(self, who):
        r = self.call(who, 'GET', API + '/invoices', params={'limit': 500})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json['total'], len(r.json['items']))
        return {i['id'] for i in r.json['items']}

    def test_each_account_sees_the_invoices_of_its_scope(self):
        self.assertIn(self.invoice['id'], self.listed('inv-manager'))
        self.assertNotIn(self.other['id'], self.listed('inv-manager'))  # over every region
        self.assertEqual(self.listed('inv-elsewhere'), set())
        self.assertEqual(self.listed('inv-funder'), {self.invoice['id']})
        path = '%s/invoices/%d' % (API, self.invoice['id'])
        self.assertEqual(self.call('inv-funder', 'GET', path).status, 200)
        self.assertEqual(self.call('inv-funder', 'GET', path, params={'format': 'pdf'}).status, 200)
        h.assert_problem(self, self.call('inv-funder', 'GET', '%s/invoices/%d' % (API, self.other['id'])),
                         404, 'not_found')
        h.assert_problem(self, self.call('inv-elsewhere', 'GET', path), 404, 'not_found')
        h.assert_problem(self, self.call('inv-intake', 'GET', API + '/invoices'), 403, 'forbidden')

    def test_only_admin_and_managers_issue_and_credit(self):
        body = {'funder_id': self.books.funder['id'], 'from': '2024-01-01', 'to': '2024-12-31'}
        with h.unchanged(self):
            h.assert_problem(self, self.call('inv-funder', 'POST', API + '/invoices', body), 403, 'forbidden')
            h.assert_problem(self, self.call('inv-intake', 'POST', API + '/invoices', body), 403, 'forbidden')
            h.assert_problem(self, self.call('inv-elsewhere', 'POST', API + '/invoices',
                                             dict(body, region_id=W.region_id)), 403, 'forbidden')
            h.assert_problem(self, self.call('inv-funder', 'POST', '%s/invoices/%d/credit' % (API, self.invoice['id']),
                                             {'reason': 'x'}), 403, 'forbidden')
            h.assert_problem(self, self.call('inv-elsewhere', 'POST',
                                             '%s/invoices/%d/credit' % (API, self.invoice['id']), {'reason': 'x'}),
                             404, 'not_found')
        # a manager of one region invoices that region without naming it
        b = Books()
        b.held()
        r = self.call('inv-manager', 'POST', API + '/invoices',
                      {'funder_id': b.funder['id'], 'from': '2024-04-01', 'to': '2024-04-30'})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json['region_id'], W.region_id)


class Pages(unittest.TestCase):

    def test_issue_view_and_credit_in_the_browser(self):
        b = Books()
        b.held('learning')
        br = h.Browser().login('api')
        page = br.get('/invoices')
        self.assertEqual(page.status, 200)
        r = br.post('/invoices', [('funder_id', str(b.funder['id'])), ('from', '2024-04-01'), ('to', '2024-04-30'),
                                  ('region_id', ''), ('issued_on', ISSUED)])
        self.assertEqual(r.status, 303, r)
        where = r.headers['Location']
        self.assertRegex(where, r'^/invoices/\d+\?saved=invoice_created$')
        shown = br.get(where).body.decode('utf-8')
        self.assertIn('1.900,00', shown)
        self.assertIn('?format=pdf', shown)
        self.assertIn('?format=xml', shown)
        inv_id = int(re.match(r'^/invoices/(\d+)', where).group(1))
        pdf = br.get('/invoices/%d?format=pdf' % inv_id)
        self.assertEqual(pdf.headers['Content-Type'], 'application/pdf')
        confirm = br.get('/invoices/%d/credit' % inv_id)
        self.assertEqual(confirm.status, 200)
        with h.unchanged(self):
            refused = br.post('/invoices/%d/credit' % inv_id, [('reason', '')])
            self.assertEqual(refused.status, 422)
        done = br.post('/invoices/%d/credit' % inv_id, [('reason', 'Verkeerde financier'), ('issued_on', '')])
        self.assertEqual(done.status, 303, done)
        self.assertIn('saved=invoice_credited', done.headers['Location'])
        # the credited conference is invoiced again; then nothing is left, and the form says so
        form = [('funder_id', str(b.funder['id'])), ('from', '2024-04-01'), ('to', '2024-04-30'),
                ('region_id', ''), ('issued_on', '')]
        self.assertEqual(br.post('/invoices', form).status, 303)
        again = br.post('/invoices', form)
        self.assertEqual(again.status, 422, again)
        self.assertIn('nog gefactureerd', again.body.decode('utf-8'))


class Cli(unittest.TestCase):

    def test_create_list_show_and_credit(self):
        b = Books()
        b.held('group', held_on='2024-06-03')
        db = ['--db', h.server().db_url]
        p = h.run_cli(['invoice', 'create', '--funder', str(b.funder['id']), '--from', '2024-06-01',
                       '--to', '2024-06-30', '--issued-on', ISSUED] + db)
        self.assertEqual(p.returncode, 0, p.stderr)
        number, kind, issued, funder, frm, to, total = p.stdout.strip().split('\t')
        self.assertEqual((kind, issued, funder, frm, to, total),
                         ('invoice', ISSUED, str(b.funder['id']), '2024-06-01', '2024-06-30', '4500.00'))
        p = h.run_cli(['invoice', 'create', '--funder', str(b.funder['id']), '--from', '2024-06-01',
                       '--to', '2024-06-30'] + db)
        self.assertEqual(p.returncode, 2)
        self.assertIn('waiting to be invoiced', p.stderr)
        self.assertIn(number, h.run_cli(['invoice', 'list', '--funder', str(b.funder['id'])] + db).stdout)
        xml = h.run_cli(['invoice', 'show', number, '--format', 'xml'] + db)
        self.assertEqual(xml.returncode, 0, xml.stderr)
        self.assertIn('<cbc:ID>%s</cbc:ID>' % number, xml.stdout)
        p = h.run_cli(['invoice', 'credit', number, '--reason', 'Fout bedrag'] + db)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.split('\t')[1], 'credit_note')
        p = h.run_cli(['invoice', 'show', '1999-0001'] + db)
        self.assertEqual(p.returncode, 2)


if __name__ == '__main__':
    unittest.main()
