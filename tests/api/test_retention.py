"""kring retention: cases closed longer ago than their track's retention
period (youth tracks 20 years, others 5) lose every name, contact detail
and free text, everywhere in the database, while every figure a report
counts stays the same; recent and open cases are untouched; --dry-run lists
the cases and changes nothing; each case leaves one access-log entry and
the chain still verifies."""
import collections
import datetime
import json
import re
import unittest

import harness as h
from harness import API
from avg_cases import full_case

TRACKS = ('youth_voluntary', 'child_protection', 'youth_probation', 'adult', 'eviction', 'education',
          'neighbourhood', 'other')
CHILDREN = ('network-members', 'measures', 'plan-actions', 'follow-ups', 'costs', 'verdicts', 'transitions')

CASES = {}   # name -> (request id, planted strings)
RUNS = {}    # what setUpModule saw: snapshots, figures, command output


def setUpModule():
    h.start()
    today = datetime.date.today()
    # due: closed more than 20 years ago (youth), more than 5 (other tracks)
    CASES['old_youth'] = full_case('child_protection', '2001-03-01', '2002-06-01', idem='old')
    CASES['old_eviction'] = full_case('eviction', '2015-01-10', '2016-02-01')
    CASES['old_stopped'] = full_case('adult', '2012-05-05', '2012-06-01', stopped=True)
    CASES['old_neighbourhood'] = full_case('neighbourhood', '2018-04-04', '2019-05-05', kind='group')
    # not due: a youth case closed 16 years ago, an adult case closed a year
    # ago, a youth case closed exactly 20 years ago today, an open case
    CASES['recent_youth'] = full_case('youth_voluntary', '2010-01-05', '2010-09-01')
    CASES['recent_adult'] = full_case('adult', '2024-03-01', (today - datetime.timedelta(days=300)).isoformat())
    twenty = today.replace(year=today.year - 20) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year - 20, day=28)
    CASES['youth_today'] = full_case('education', (twenty - datetime.timedelta(days=200)).isoformat(),
                                     twenty.isoformat(), kind='learning')
    open_case = h.case_in('preparation')
    h.create('%s/requests/%d/network-members' % (API, open_case['id']),
             {'name': 'Open-Geheim-naam', 'relation': 'tante', 'contact': 'Open-Geheim-contact'})
    CASES['open'] = (open_case['id'], {'naam': 'Open-Geheim-naam', 'contact': 'Open-Geheim-contact'})

    url = h.server().db_url
    RUNS['figures_before'] = figures()
    RUNS['exports_before'] = {n: case_records(CASES[n][0]) for n in CASES}
    RUNS['snap_before_dry'] = h.db_snapshot()
    RUNS['dry'] = h.run_cli(['retention', '--dry-run', '--db', url])
    RUNS['snap_after_dry'] = h.db_snapshot()
    RUNS['log_mark'] = h.log_last_id()
    RUNS['real'] = h.run_cli(['retention', '--db', url])
    RUNS['snap_after'] = h.db_snapshot()
    RUNS['log_after'] = h.log_entries(after_id=RUNS['log_mark'])
    RUNS['figures_after'] = figures()
    RUNS['exports_after'] = {n: case_records(CASES[n][0]) for n in CASES}
    RUNS['again'] = h.run_cli(['retention', '--db', url])


def tearDownModule():
    h.stop()


DUE = ('old_youth', 'old_eviction', 'old_stopped', 'old_neighbourhood')
NOT_DUE = ('recent_youth', 'recent_adult', 'youth_today', 'open')


def case_records(rid):
    """the case and every record under it, as the API gives them"""
    out = {'request': h.read('%s/requests/%d' % (API, rid))}
    for kind in CHILDREN:
        out[kind] = h.list_all('%s/requests/%d/%s' % (API, rid, kind))
    for one in ('plan', 'conference'):
        r = h.get('%s/requests/%d/%s' % (API, rid, one))
        out[one] = r.json if r.status == 200 else None
    return out


def figures():
    """What a report over past years counts, through the API: totals per
    track, state, outcome, stop reason, kind and year; sums and counts over
    every record of every case."""
    f = {}
    for field, values in (('track', TRACKS), ('state', h.STATES), ('outcome', ('plan', 'plan_without_meeting')),
                          ('stop_reason', ('declined_by_family', 'circumstances')),
                          ('kind', ('family', 'group', 'learning'))):
        for v in values:
            f['%s=%s' % (field, v)] = h.total(API + '/requests', **{field: v})
    for year in range(2000, datetime.date.today().year + 1):
        f['closed in %d' % year] = h.total(API + '/requests', closed_on_from='%d-01-01' % year,
                                           closed_on_to='%d-12-31' % year)
        f['requested in %d' % year] = h.total(API + '/requests', requested_on_from='%d-01-01' % year,
                                              requested_on_to='%d-12-31' % year)
    c = collections.Counter()
    for req in h.list_all(API + '/requests'):
        rid = req['id']
        c['main persons'] += len(req['main_persons'])
        c['minors'] += req['minors']
        c['consent %s' % req['consent']] += 1
        c['topics %s' % ','.join(req['topics'])] += 1
        c['coordinator %s' % req['coordinator_id']] += 1
        base = '%s/requests/%d' % (API, rid)
        for cost in h.list_all(base + '/costs'):
            c['cents %s' % cost['kind']] += cost['amount_cents']
            c['costs in %s' % (cost['incurred_on'] or '-')[:4]] += 1
        for m in h.list_all(base + '/measures'):
            c['measure %s %s %s' % (m['measure'], m['at_request'], m['at_follow_up'])] += m['count']
        for m in h.list_all(base + '/network-members'):
            c['network %s attended=%s invited=%s' % (m['role'], m['attended'], m['invited'])] += 1
        for a in h.list_all(base + '/plan-actions'):
            c['action %s %s done=%s substitutes=%s' % (a['topic'], a['by'], a['done'],
                                                     a['substitutes_professional'])] += 1
            c['actions by a member'] += a['network_member_id'] is not None
        for fu in h.list_all(base + '/follow-ups'):
            for g in ('satisfaction_main_person', 'satisfaction_child', 'satisfaction_network',
                      'satisfaction_professional', 'actions_done_pct'):
                c['%s sum' % g] += fu[g] or 0
            c['situation %s' % fu['situation']] += 1
        for v in h.list_all(base + '/verdicts'):
            c['verdict %s' % v['safe_and_feasible']] += 1
        for t in h.list_all(base + '/transitions'):
            c['step %s %s->%s %s' % (t['action'], t['from_state'], t['to_state'], t['happened_on'][:4])] += 1
        conf = h.get(base + '/conference')
        if conf.status == 200:
            c['present'] += conf.json['participants_present'] or 0
            c['held in %s' % (conf.json['held_on'] or '-')[:4]] += 1
    f.update(c)
    return f


def snapshot_text(snap):
    return json.dumps(snap, default=str, ensure_ascii=False)


class Retention(unittest.TestCase):

    maxDiff = None

    def test_dry_run_lists_the_due_cases_and_changes_nothing(self):
        p = RUNS['dry']
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = [line.split('\t') for line in p.stdout.splitlines()]
        want = sorted([str(CASES[n][0]), track, closed, years] for n, track, closed, years in (
            ('old_youth', 'child_protection', '2002-06-01', '20'), ('old_eviction', 'eviction', '2016-02-01', '5'),
            ('old_stopped', 'adult', '2012-06-01', '5'), ('old_neighbourhood', 'neighbourhood', '2019-05-05', '5')))
        self.assertEqual(sorted(rows), want)
        self.assertIn('4 cases due (dry run: nothing changed)', p.stderr)
        if RUNS['snap_before_dry'] != RUNS['snap_after_dry']:
            self.fail('the dry run changed the database:\n' + h._diff(RUNS['snap_before_dry'], RUNS['snap_after_dry']))

    def test_the_run_anonymises_exactly_the_due_cases(self):
        p = RUNS['real']
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sorted(int(line.split('\t')[0]) for line in p.stdout.splitlines()),
                         sorted(CASES[n][0] for n in DUE))
        self.assertRegex(p.stderr, r'kring retention: 4 cases anonymised, \d+ kept answers forgotten')
        today = datetime.date.today().isoformat()
        for n in DUE:
            self.assertEqual(RUNS['exports_after'][n]['request']['anonymised_on'], today, n)
        for n in NOT_DUE:
            self.assertIsNone(RUNS['exports_after'][n]['request']['anonymised_on'], n)
        again = RUNS['again']
        self.assertEqual((again.returncode, again.stdout), (0, ''), again.stderr)
        self.assertIn('0 cases anonymised', again.stderr)

    def test_report_figures_are_identical_before_and_after(self):
        before, after = RUNS['figures_before'], RUNS['figures_after']
        self.assertGreater(before['track=child_protection'], 0)
        self.assertGreater(before['cents tariff'], 0)
        self.assertGreater(before['satisfaction_child sum'], 0)
        self.assertEqual(before, after)

    def test_no_name_contact_or_free_text_of_a_due_case_remains_in_the_database(self):
        before, after = snapshot_text(RUNS['snap_before_dry']), snapshot_text(RUNS['snap_after'])
        for n in DUE:
            for what, text in CASES[n][1].items():
                self.assertIn(text, before, 'the search must see %s before' % what)
                self.assertNotIn(text, after, '%s of %s (%s) is still in the database' % (what, n, text))
        # the idempotent answers that showed the old case are gone too
        self.assertIn('idempotency_keys', RUNS['snap_after'])
        self.assertRegex(RUNS['real'].stderr, r'[1-9]\d* kept answers forgotten')
        for n in NOT_DUE:
            for text in CASES[n][1].values():
                self.assertIn(text, after, 'a case that is not due lost %s' % text)

    def test_anonymised_records_keep_their_facts_and_say_what_was_removed(self):
        rid = CASES['old_youth'][0]
        old, new = RUNS['exports_before']['old_youth'], RUNS['exports_after']['old_youth']
        req = new['request']
        self.assertEqual(req['main_persons'], ['(verwijderd)', '(verwijderd)'])
        for field in ('referrer_name', 'minors_ages', 'preferred_background', 'safety_notes'):
            self.assertEqual(req[field], '(verwijderd)', field)
        for field in ('requested_on', 'track', 'kind', 'topics', 'minors', 'state', 'outcome', 'closed_on',
                      'coordinator_id', 'region_id', 'consent', 'funding_source'):
            self.assertEqual(req[field], old['request'][field], field)
        self.assertGreater(req['version'], old['request']['version'])
        members = new['network-members']
        self.assertEqual([m['name'] for m in members], ['(verwijderd)'] * 2)
        self.assertEqual([m['attended'] for m in members], [m['attended'] for m in old['network-members']])
        self.assertEqual({m['contact'] for m in members}, {'(verwijderd)', None})
        actions = new['plan-actions']
        self.assertEqual([a['network_member_id'] for a in actions],
                         [a['network_member_id'] for a in old['plan-actions']])
        self.assertEqual({a['what'] for a in actions}, {'(verwijderd)'})
        self.assertEqual(new['conference']['place'], '(verwijderd)')
        self.assertEqual(new['conference']['held_on'], old['conference']['held_on'])
        self.assertEqual(new['verdicts'][0]['by_name'], '(verwijderd)')
        self.assertTrue(new['verdicts'][0]['safe_and_feasible'])
        self.assertEqual([t['note'] for t in new['transitions'] if t['note'] is not None],
                         ['(verwijderd)'] * 2)
        self.assertEqual([(t['action'], t['happened_on'], t['actor']) for t in new['transitions']],
                         [(t['action'], t['happened_on'], t['actor']) for t in old['transitions']])
        self.assertEqual(new['measures'], old['measures'])  # nothing to remove: not even a new version
        self.assertEqual(rid, req['id'])

    def test_cases_that_are_not_due_are_untouched(self):
        for n in NOT_DUE:
            self.assertEqual(RUNS['exports_after'][n], RUNS['exports_before'][n], n)

    def test_each_case_leaves_one_access_log_entry_and_the_chain_verifies(self):
        by_retention = [e for e in RUNS['log_after'] if e['user_name'] == 'retention']
        self.assertEqual(sorted((e['action'], e['outcome'], e['role'], e['object_type'], e['object_id'],
                                 e['request_id'], e['address']) for e in by_retention),
                         sorted(('update', 'success', 'system', 'request', CASES[n][0], CASES[n][0], '')
                                for n in DUE))
        p = h.run_cli(['audit', 'verify', '--db', h.server().db_url])
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('chain intact', p.stdout)

    def test_bad_settings_and_arguments_are_refused_with_one_line(self):
        url = h.server().db_url
        for args, env in ((['--db', url, 'extra'], {}), (['--nonsense'], {}),
                          (['--db', url], {'KRING_RETENTION_YOUTH_YEARS': 'twenty'}),
                          (['--db', url], {'KRING_RETENTION_ADULT_YEARS': '0'}),
                          (['--db', url], {'KRING_RETENTION_YOUTH_TRACKS': 'youth_voluntary,kids'})):
            with self.subTest(args=args, env=env), h.unchanged(self):
                p = h.run_cli(['retention', '--dry-run'] + args, env=env)
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertEqual(p.stdout, '')
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
                self.assertTrue(p.stderr.startswith('kring retention: '), p.stderr)

    def test_settings_change_which_cases_are_due(self):
        url = h.server().db_url
        # with ten years for every track and every track a youth track, the
        # youth case closed 16 years ago is due, the one closed a year ago not
        p = h.run_cli(['retention', '--dry-run', '--db', url],
                      env={'KRING_RETENTION_YOUTH_YEARS': '10', 'KRING_RETENTION_YOUTH_TRACKS': ','.join(TRACKS)})
        self.assertEqual(p.returncode, 0, p.stderr)
        ids = [int(re.match(r'^(\d+)\t', line).group(1)) for line in p.stdout.splitlines()]
        self.assertIn(CASES['recent_youth'][0], ids)
        self.assertNotIn(CASES['recent_adult'][0], ids)
        self.assertNotIn(CASES['old_youth'][0], ids)  # anonymised already


if __name__ == '__main__':
    unittest.main()
