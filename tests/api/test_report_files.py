"""kring report NAME --format csv|xlsx|pdf --out FILE: the files people
open, checked with readers kring did not write. The XLSX is read by
LibreOffice (headless, every sheet converted to CSV) and by openpyxl
(sheets, numbers stored as numbers, a native chart); the PDF's text
(pdftotext) holds the figures with their denominators and the Dutch labels,
and the unit costs' sources; the CSV reads back with Python's csv module,
with every percentage's count and denominator as plain numbers.

The cases are the synthetic ones of report_data.py (the published figures of
DOMAIN.md), loaded with kring import. LibreOffice, pdftotext and openpyxl
are installed by scripts/install-deps; a missing one fails its test with a
message saying so."""
import csv
import glob
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import harness as h
import report_data as data

TMP = {}

# openpyxl comes from the Debian package (python3-openpyxl), which the
# system's python3 sees; the tests may run under another interpreter
OPENPYXL_CHECK = r'''
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    rows = [[[type(c.value).__name__, c.value if not hasattr(c.value, 'isoformat') else str(c.value),
              c.number_format] for c in row] for row in ws.iter_rows()]
    out[ws.title] = {'rows': rows, 'charts': len(ws._charts)}
print(json.dumps({'sheets': wb.sheetnames, 'detail': out}))
'''


def setUpModule():
    h.start()
    TMP['dir'] = tempfile.mkdtemp(prefix='kring-report-files-')
    probe = h.run_cli(['report', '--help'])
    TMP['have_report'] = 'no such command' not in probe.stderr
    if not TMP['have_report']:
        return
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
    shutil.rmtree(TMP.get('dir', ''), ignore_errors=True)


def need_report(tc):
    if not TMP.get('have_report'):
        tc.skipTest('this kring has no `kring report` command yet')


def report_file(name, fmt, *args):
    """kring report NAME --format FMT --out FILE ARGS...; the file's path"""
    out = os.path.join(TMP['dir'], '%s-%s.%s' % (name, abs(hash(args)), fmt))
    p = h.run_cli(['report', name, '--format', fmt, '--out', out, '--db', h.server().db_url] + list(args))
    if p.returncode != 0:
        raise AssertionError('kring report %s --format %s failed (exit %d): %s' % (name, fmt, p.returncode,
                                                                                  p.stderr))
    return out


def tool(tc, name):
    path = shutil.which(name)
    if not path:
        tc.fail('%s is not installed: scripts/install-deps installs it (package %s)' %
                (name, {'pdftotext': 'poppler-utils', 'soffice': 'libreoffice-calc-nogui'}[name]))
    return path


def pdf_text(tc, path):
    """the PDF's text in reading order, runs of white space as one space
    (a long label wraps in its cell)"""
    p = subprocess.run([tool(tc, 'pdftotext'), path, '-'], capture_output=True, timeout=60)
    tc.assertEqual(p.returncode, 0, p.stderr)
    return ' '.join(p.stdout.decode('utf-8').split())


def openpyxl_read(tc, path):
    """the workbook as openpyxl sees it: sheet names, cells (type, value,
    number format) and the number of charts per sheet"""
    for python in (sys.executable, '/usr/bin/python3'):
        if not os.path.exists(python):
            continue
        p = subprocess.run([python, '-c', OPENPYXL_CHECK, path], capture_output=True, timeout=120)
        if p.returncode == 0:
            return json.loads(p.stdout)
        if b'No module named' not in p.stderr:
            tc.fail('openpyxl could not read %s: %s' % (path, p.stderr.decode()[-2000:]))
    tc.fail('openpyxl is not installed: scripts/install-deps installs it (package python3-openpyxl)')


def soffice_csv(tc, path):
    """every sheet of the workbook as LibreOffice reads it: {sheet: rows}"""
    soffice = tool(tc, 'soffice')
    out = tempfile.mkdtemp(dir=TMP['dir'])
    home = tempfile.mkdtemp(dir=TMP['dir'])  # LibreOffice writes its profile under HOME
    # CSV, comma, quote, UTF-8, from line 1; the last token -1: every sheet
    # to its own file NAME-SHEET.csv
    fmt = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
    p = subprocess.run([soffice, '--headless', '--norestore', '-env:UserInstallation=file://' + home,
                        '--convert-to', fmt, '--outdir', out, path],
                       capture_output=True, timeout=180, env=dict(os.environ, HOME=home))
    tc.assertEqual(p.returncode, 0, p.stderr)
    base = os.path.splitext(os.path.basename(path))[0]
    sheets = {}
    for f in glob.glob(os.path.join(out, '*.csv')):
        sheet = os.path.splitext(os.path.basename(f))[0][len(base) + 1:]
        with open(f, encoding='utf-8', newline='') as fh:
            sheets[sheet] = list(csv.reader(fh))
    tc.assertTrue(sheets, 'LibreOffice wrote no CSV: %s %s' % (p.stdout, p.stderr))
    return sheets


def row_of(rows, label):
    """the row of a figure: below the column heads (a sheet's first line
    may be its title, which can read like a label)"""
    heads = [i for i, r in enumerate(rows) if r and r[0] == 'Omschrijving']
    for r in rows[heads[0] + 1 if heads else 0:]:
        if r and r[0] == label:
            return r
    raise AssertionError('no row %r in %r' % (label, [r[0] for r in rows if r]))


OTS_PREVENTED = 'Ondertoezichtstelling (OTS): dreigend bij aanvraag, niet gebeurd bij follow-up'


class Xlsx(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if TMP.get('have_report'):
            cls.path = report_file('outcomes', 'xlsx', '--year', '2011')

    def setUp(self):
        need_report(self)

    def test_libreoffice_reads_every_sheet_with_the_figures_and_denominators(self):
        sheets = soffice_csv(self, self.path)
        for name in ('Over dit rapport', 'Conferenties', 'Acties in de plannen', 'Maatregelen', 'Grafieken'):
            self.assertIn(name, sheets)
        about = sheets['Over dit rapport']
        self.assertEqual(row_of(about, 'Rapport')[1], 'Uitkomsten')
        self.assertEqual(row_of(about, 'Jaar')[1], '2011')
        ots = row_of(sheets['Maatregelen'], OTS_PREVENTED)
        # value (a percentage), count, of
        self.assertEqual(ots[1:4], ['91.7%', '22', '24'])
        self.assertEqual(row_of(sheets['Conferenties'], 'Conferenties')[1], '100')
        net = row_of(sheets['Acties in de plannen'], 'Acties door het netwerk')
        self.assertEqual(net[2:4], ['430', '500'])

    def test_openpyxl_finds_numbers_as_numbers_and_a_chart(self):
        wb = openpyxl_read(self, self.path)
        self.assertEqual(wb['sheets'][0], 'Over dit rapport')
        rows = [[c for c in r] for r in wb['detail']['Maatregelen']['rows']]
        ots = [r for r in rows if r and r[0][1] == OTS_PREVENTED][0]
        (vt, value, vfmt), (ct, count, _), (ot, of, _) = ots[1:4]
        self.assertEqual((vt, ct, ot), ('float', 'int', 'int'))
        self.assertAlmostEqual(value, 0.917)
        self.assertEqual(vfmt, '0.0%')
        self.assertEqual((count, of), (22, 24))
        self.assertGreaterEqual(wb['detail']['Grafieken']['charts'], 1)

    def test_the_costs_workbook_lists_unit_costs_in_euros_with_their_sources(self):
        path = report_file('costs', 'xlsx', '--year', '2011', '--unit-costs', TMP['unit_costs'])
        wb = openpyxl_read(self, path)
        rows = wb['detail']['Kostprijzen en bronnen']['rows']
        line = [r for r in rows if r and r[0][1] == 'OTS dreigend, niet gebeurd'][0]
        self.assertEqual(line[1][:2], ['int', 22])  # quantity
        self.assertIn(line[2][0], ('int', 'float'))  # unit cost in euros
        self.assertEqual(line[2][1], 30000)
        self.assertEqual(line[-1][1], 'test: a year of an OTS')
        result = wb['detail']['Kosten en besparingen']['rows']
        per = [r for r in result if r and r[0][1] == 'Netto besparing per conferentie'][0]
        self.assertIn(per[1][0], ('int', 'float'))
        self.assertEqual(per[1][1], 17000)
        self.assertGreaterEqual(wb['detail']['Grafieken']['charts'], 1)


class Pdf(unittest.TestCase):
    def setUp(self):
        need_report(self)

    def test_annual_pdf_holds_the_figures_with_their_denominators_in_dutch(self):
        text = pdf_text(self, report_file('annual', 'pdf', '--year', '2010', '--region', 'Utrecht'))
        self.assertTrue(open(report_file('annual', 'pdf', '--year', '2010'), 'rb').read(5) == b'%PDF-')
        for want in ('Jaarcijfers', 'Regio: Utrecht', 'Wie worden geteld', 'Plan veilig en haalbaar geoordeeld',
                     '182 van 200 (91,0%)', 'Volwassenen: groei', '+27,0%', '+20,0%',
                     'Situatie bij follow-up: Verbeterd', '40 van 60 (66,7%)', '3 van 60 (5,0%)',
                     '180 van 600 (30,0%)', '% van 600 aanvragen', 'Pagina 2'):
            self.assertIn(want, text)

    def test_outcomes_pdf_states_facts_not_causes(self):
        text = pdf_text(self, report_file('outcomes', 'pdf', '--year', '2011'))
        self.assertIn(OTS_PREVENTED, text)
        self.assertIn('22 van 24 (91,7%)', text)
        self.assertIn('95 van 500 (19,0%)', text)
        self.assertIn('41 van 100 (41,0%)', text)
        self.assertIn('430 van 500 (86,0%)', text)

    def test_costs_pdf_names_the_unit_costs_and_their_sources(self):
        text = pdf_text(self, report_file('costs', 'pdf', '--year', '2011', '--unit-costs', TMP['unit_costs']))
        for want in ('Kosten en baten', '€ 17.000,00', '€ 2.100.000,00', 'Kostprijzen en bronnen',
                     'test: a year of an OTS', 'test: professional hours', 'Lage schatting'):
            self.assertIn(want, text)

    def test_english_on_request(self):
        text = pdf_text(self, report_file('outcomes', 'pdf', '--year', '2011', '--lang', 'en'))
        self.assertIn('22 of 24 (91.7%)', text)
        self.assertIn('threatened at request, not happened at follow-up', text)


class Csv(unittest.TestCase):
    def setUp(self):
        need_report(self)

    def read(self, *args):
        path = report_file(*args)
        raw = open(path, 'rb').read()
        self.assertTrue(raw.startswith(b'\xef\xbb\xbf'), 'a UTF-8 byte order mark for Excel')
        self.assertNotIn(b'\n', raw.replace(b'\r\n', b''), 'every line ends in CRLF')
        rows = list(csv.reader(io.StringIO(raw.decode('utf-8-sig'), newline='')))
        self.assertEqual(len({len(r) for r in rows}), 1, 'every line has as many cells')
        head = {r[0]: r[1] for r in rows[:rows.index([''] * len(rows[0]))]}
        start = [i for i, r in enumerate(rows) if r[:3] == ['section', 'label', 'key']][0]
        table = [dict(zip(rows[start], r)) for r in rows[start + 1:] if any(r)]
        return head, {r['key']: r for r in table if r.get('key')}

    def test_the_csv_reads_back_with_counts_and_denominators_as_numbers(self):
        head, rows = self.read('outcomes', 'csv', '--year', '2011')
        self.assertEqual((head['report'], head['year'], head['suppressed']), ('outcomes', '2011', 'false'))
        ots = rows['measures.supervision_order.prevented']
        self.assertEqual((ots['value'], ots['unit'], ots['count'], ots['of'], ots['pct']),
                         ('91.7', 'percent', '22', '24', '91.7'))
        self.assertEqual(ots['label'], OTS_PREVENTED)
        self.assertEqual(rows['conferences']['value'], '100')
        # no placement was in place and reversed in the eviction track: no pct
        self.assertEqual(rows['measures.eviction.reversed']['pct'], '')

    def test_a_name_like_a_formula_stays_text(self):
        # a region named like a formula, as an import could bring in
        path = os.path.join(TMP['dir'], 'formula.jsonl')
        data.write(path, [data.case('formula-1', 'adult', '2012-02-02', '=1+2')])
        p = h.run_cli(['import', '--db', h.server().db_url, path])
        self.assertEqual(p.returncode, 0, p.stderr)
        head, rows = self.read('annual', 'csv', '--year', '2012', '--region', '=1+2')
        self.assertEqual(head['region'], "'=1+2")
        self.assertEqual(rows['requests.total']['value'], '1')


if __name__ == '__main__':
    unittest.main()
