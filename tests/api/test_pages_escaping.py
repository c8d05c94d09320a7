"""No page can be made to show typed markup as markup: every text field of
every record (found in the API description, so that a new field is covered
without touching this test) is filled with script and quotes through the
API, the case is carried through every step with the same text in its
notes, and then every page that shows those records must show the text as
text: escaped, never as a tag or an attribute of its own."""
import re
import unittest

import yaml

import harness as h

API = h.API
SCRIPT = '<script>alert(1)</script>'
# closes an attribute, then opens a tag of its own
BREAKOUT = '"><img src=x onerror=alert(2)>'
HOSTILE = SCRIPT + BREAKOUT + "'&"
SHORT = "<b>x</b>\"'&"  # for fields shorter than HOSTILE
RAW = ('<script>alert(', '<img src=x', '<b>x</b>')
ESCAPED = ('&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;b&gt;x&lt;/b&gt;')

SCHEMAS = None
STATE = {}


def hostile_for(prop):
    """the hostile text a text property holds (None: not free text)"""
    types = prop.get('type')
    types = types if isinstance(types, list) else [types]
    if 'string' in types and 'enum' not in prop and 'format' not in prop and 'pattern' not in prop:
        return HOSTILE if prop.get('maxLength', 10 ** 6) >= len(HOSTILE) else SHORT
    if 'array' in types:
        item = prop.get('items', {})
        text = hostile_for(item)
        return [text] if text else None
    return None


def texts(schema_name, **given):
    """an input with every free-text field of the schema hostile, plus given"""
    body = {}
    for name, prop in SCHEMAS[schema_name]['properties'].items():
        value = hostile_for(prop)
        if value is not None:
            body[name] = value
    body.update(given)
    return body


def created(path, body):
    r = h.post(API + path, body)
    assert r.status == 201, (path, r)
    return r.json['id']


def act(case, action, body):
    r = h.post('%s/requests/%d/%s' % (API, case, action), dict(body, note=HOSTILE))
    assert r.status == 200, (action, r)


def setUpModule():
    global SCHEMAS
    h.start()
    with open(h.os.path.join(h.ROOT, 'docs', 'openapi.yaml'), encoding='utf-8') as f:
        SCHEMAS = yaml.safe_load(f)['components']['schemas']
    region = created('/regions', texts('RegionInput'))
    org = created('/organisations', texts('OrganisationInput', type='youth_care', region_id=region))
    funder = created('/funders', texts('FunderInput', type='municipality'))
    agreement = created('/agreements', texts('AgreementInput', funder_id=funder, starts_on='2026-01-01',
                                              region_id=region, tariff_family_cents=190000))
    # dates in its lists, and no declared relation with the case's people:
    # matching lets assign-coordinator give it the case
    coord = created('/coordinators', texts('CoordinatorInput', region_ids=[region], languages=['nl'],
                                           gender='female', active=True, unavailable=[], coaching_dates=[],
                                           refresher_dates=[], family_relations=[],
                                           course_on=h.datetime.date.today().isoformat()))
    case = created('/requests', texts('RequestInput', requested_on='2026-02-02', region_id=region,
                                      referrer_type='professional', referrer_organisation_id=org,
                                      kind='family', track='youth_voluntary', consent=True,
                                      consent_on='2026-02-02', topics=['parenting'],
                                      main_persons=[HOSTILE, SHORT]))
    member = created('/requests/%d/network-members' % case, texts('NetworkMemberInput'))
    created('/requests/%d/measures' % case, {'measure': 'supervision_order', 'count': 1,
                                             'at_request': 'threatened'})
    act(case, 'decide-funding', {'funding_source': 'agreement', 'agreement_id': agreement})
    act(case, 'assign-coordinator', {'coordinator_id': coord})
    act(case, 'start-preparation', {})
    act(case, 'schedule-conference', {'scheduled_on': '2026-03-01', 'place': HOSTILE})
    act(case, 'record-conference', {'outcome': 'plan', 'held_on': '2026-03-01', 'participants_present': 6})
    created('/requests/%d/plan' % case, texts('PlanInput', evaluation_on='2026-06-01'))
    action = created('/requests/%d/plan-actions' % case,
                     texts('PlanActionInput', topic='parenting', by='network', network_member_id=member,
                           due_on='2026-04-01', substitutes_professional=True))
    act(case, 'judge-plan', {'safe_and_feasible': True, 'by_name': HOSTILE, 'organisation': HOSTILE,
                             'judged_on': '2026-03-05', 'reasons': HOSTILE})
    act(case, 'start-follow-up', {})
    follow = created('/requests/%d/follow-ups' % case, texts('FollowUpInput', follow_up_on='2026-06-02',
                                                                situation='improved'))
    cost = created('/requests/%d/costs' % case, texts('CostInput', kind='venue', amount_cents=12500))
    plan = h.get('%s/requests/%d/plan' % (API, case)).json['id']
    STATE.update(region=region, org=org, funder=funder, agreement=agreement, coord=coord, case=case,
                 member=member, action=action, follow=follow, cost=cost, plan=plan)
    # a user whose name shown is hostile too
    p = h.run_cli(['user', 'add', 'escaper', '--db', h.server().db_url, '--name', HOSTILE, '--role', 'admin',
                   '--role', 'regional_manager', '--role', 'coordinator', '--all-regions'],
                  input=h.TEST_PASSWORD + '\n')
    assert p.returncode == 0, p.stderr


def tearDownModule():
    h.stop()


class EveryPageEscapes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.b = h.Browser().login('escaper', create=False)

    def pages(self):
        s = STATE
        c = s['case']
        yield '/', False
        yield '/requests', True
        yield '/requests?state=follow_up', True
        yield '/requests/%d' % c, True
        yield '/requests/%d/plan/print' % c, True
        yield '/requests/%d/edit' % c, True
        yield '/requests/%d/plan/edit' % c, True
        yield '/requests/%d/conference/edit' % c, True
        yield '/requests/%d/close' % c, True
        yield '/requests/%d/plan-actions/new' % c, True
        yield '/network-members/%d/edit' % s['member'], True
        yield '/plan-actions/%d/edit' % s['action'], True
        yield '/follow-ups/%d/edit' % s['follow'], True
        yield '/costs/%d/edit' % s['cost'], True
        for path in ('regions', 'organisations', 'funders', 'agreements', 'coordinators'):
            yield '/' + path, True
            yield '/%s/%d/edit' % (path, s[{'regions': 'region', 'organisations': 'org', 'funders': 'funder',
                                            'agreements': 'agreement', 'coordinators': 'coord'}[path]]), True
        yield '/requests/new', True  # regions, organisations as options
        yield '/users', True
        yield '/account', True

    def test_typed_markup_is_text_on_every_page(self):
        for path, shows in self.pages():
            with self.subTest(page=path):
                r = self.b.get(path)
                self.assertEqual(r.status, 200, r.text[:300])
                for raw in RAW:
                    self.assertNotIn(raw, r.text)
                if shows:
                    # in the page's own content, not only in the header's account name
                    main = re.search(r'<main\b.*</main>', r.text, re.S).group(0)
                    self.assertTrue(any(e in main for e in ESCAPED), 'the hostile text is not shown at all')

    def test_a_form_shown_again_after_a_mistake_escapes_what_was_typed(self):
        c = STATE['case']
        r = self.b.post('/requests/%d/schedule-conference' % c, [('scheduled_on', 'not a date'),
                                                                   ('place', HOSTILE), ('note', HOSTILE)])
        self.assertIn(r.status, (409, 422))
        for raw in RAW:
            self.assertNotIn(raw, r.text)
        r = self.b.post('/regions', [('name', '')])
        self.assertEqual(r.status, 422)
        r = self.b.post('/requests', [('main_persons', HOSTILE), ('safety_notes', HOSTILE),
                                      ('referrer_name', HOSTILE), ('requested_on', '2026-02-30')])
        self.assertEqual(r.status, 422)
        for raw in RAW:
            self.assertNotIn(raw, r.text)
        self.assertIn('&lt;script&gt;alert(1)&lt;/script&gt;', r.text)


if __name__ == '__main__':
    unittest.main()
