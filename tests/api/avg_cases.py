"""Cases with a record of every kind, dated in the past, for the tests of the
AVG rights (test_retention.py, test_export.py): every name, contact detail
and free text planted in them is a distinct string, so that a test can look
for each one in the database or in an export afterwards."""
import datetime
import itertools

import harness as h
from harness import API

_tags = itertools.count(1)


def day(d, n):
    """the date n days after d (YYYY-MM-DD)"""
    return (datetime.date.fromisoformat(d) + datetime.timedelta(days=n)).isoformat()


def full_case(track, requested_on, ends_on, stopped=False, kind='family', idem=None):
    """A request of track requested on requested_on with a network, a measure,
    a cost and (unless stopped) a conference, a plan with two actions, a
    verdict and a follow-up, closed (or stopped) on ends_on. Returns
    (request id, the planted strings). idem: an Idempotency-Key prefix to
    send with some of the POSTs."""
    w = h.world()
    tag = 'Geheim%03d' % next(_tags)
    secrets = {}

    def s(name):
        secrets[name] = '%s-%s' % (name, tag)
        return secrets[name]

    def key(n):
        return None if idem is None else '%s-%s-%s' % (idem, tag, n)

    req = h.create(API + '/requests', h.request_body(
        w.region_id, requested_on=requested_on, consent_on=requested_on, track=track, kind=kind,
        main_persons=[s('hoofdpersoon1'), s('hoofdpersoon2')], referrer_name=s('verwijzer'), minors=2,
        minors_ages=s('leeftijden'), preferred_background=s('achtergrond'), safety_notes=s('veiligheid'),
        topics=['parenting', 'housing']), idem=key(1))
    rid = req['id']
    base = '%s/requests/%d' % (API, rid)
    member = h.create(base + '/network-members', {
        'name': s('netwerklid'), 'relation': s('relatie'), 'organisation': s('organisatie'),
        'contact': s('telefoon'), 'notes': s('netwerknotitie'), 'invited': True, 'consented': True,
        'attended': True}, idem=key(2))
    h.create(base + '/network-members', {'name': s('informant'), 'relation': s('rol'), 'role': 'informant'})
    h.create(base + '/measures', {'measure': 'supervision_order', 'count': 2, 'at_request': 'threatened'})
    h.create(base + '/measures', {'measure': 'eviction', 'count': 1, 'at_request': 'threatened'})
    h.create(base + '/costs', {'kind': 'tariff', 'amount_cents': 400000, 'incurred_on': requested_on,
                               'description': s('kostenomschrijving')})
    if stopped:
        h.act_ok(rid, 'stop', {'reason': 'declined_by_family', 'happened_on': ends_on, 'note': s('stopnotitie')})
        return rid, secrets
    h.act_ok(rid, 'decide-funding', {'funding_source': 'institution', 'happened_on': requested_on,
                                      'note': s('financiering')})
    h.act_ok(rid, 'assign-coordinator', {'coordinator_id': w.coordinator_id, 'happened_on': day(requested_on, 2)})
    h.act_ok(rid, 'start-preparation', {'happened_on': day(requested_on, 3)})
    held = day(requested_on, 30)
    h.act_ok(rid, 'schedule-conference', {'scheduled_on': held, 'place': s('plaats'),
                                           'happened_on': day(requested_on, 10)})
    h.act_ok(rid, 'record-conference', {'outcome': 'plan', 'held_on': held, 'participants_present': 11,
                                         'phase1_start': '19:00', 'phase2_start': '19:45'})
    h.create(base + '/plan', {'evaluation_on': day(held, 60), 'fallback': s('terugval'),
                              'notes': s('plantekst')})
    h.create(base + '/plan-actions', {'topic': 'parenting', 'what': s('actie1'), 'by': 'network',
                                      'network_member_id': member['id'], 'due_on': day(held, 14),
                                      'done': True, 'substitutes_professional': True})
    h.create(base + '/plan-actions', {'topic': 'housing', 'what': s('actie2'), 'by': 'professional',
                                      'professional': s('professional')})
    h.act_ok(rid, 'judge-plan', {'safe_and_feasible': True, 'by_name': s('beoordelaar'),
                                  'organisation': s('beoordelaarorganisatie'), 'judged_on': day(held, 2),
                                  'reasons': s('redenen')})
    h.act_ok(rid, 'start-follow-up', {'happened_on': day(held, 28)})
    h.create(base + '/follow-ups', {'follow_up_on': day(held, 40), 'kind': 'follow_up', 'situation': 'improved',
                                    'satisfaction_main_person': 8, 'satisfaction_child': 7,
                                    'satisfaction_network': 9, 'satisfaction_professional': 6,
                                    'actions_done_pct': 75, 'notes': s('vervolgnotitie')})
    h.create(base + '/costs', {'kind': 'coordinator_fee', 'amount_cents': 150000, 'incurred_on': held})
    h.act_ok(rid, 'close', {'happened_on': ends_on, 'note': s('sluitnotitie')}, idem=key(3))
    return rid, secrets
