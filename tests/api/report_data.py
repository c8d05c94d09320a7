"""Synthetic cases in the interchange format kring-case/1, built so that the
reports must reproduce the published figures of ../shared/design/DOMAIN.md
exactly (tests/api/test_reports.py loads them with `kring import`).

amsterdam(): the Amsterdam study (Schuurman & Mulder 2012): 100 conferences
  in 2011 with 1,300 people; a threatened supervision order (OTS) for 24
  children, 22 of them not happened at follow-up; out-of-home placement
  threatened for 50 children and not happened for 44, in place for 20 and
  reversed for 14; 500 plan actions, 19% substituting professional care and
  86% done by the network; 41 of the 100 plans ask no professional care at
  all; every conference cost EUR 4,000. AMSTERDAM_UNIT_COSTS makes that EUR
  17,000 net per conference (EUR 2.1 million gross over the 100). Plus 10
  requests of 2011 that stopped or are still open.
annual(): the annual figures 2010 against 2009 (region Utrecht): requests
  +20% (500 -> 600), adult requests +27% (100 -> 127), 182 of 200 plans
  judged safe and feasible (91%), at the last follow-up 40 of 60 improved
  (two thirds) and 3 of 60 worse (5%).
"""
import json

TRACKS = ('youth_voluntary', 'child_protection', 'youth_probation', 'adult', 'eviction', 'education',
          'neighbourhood', 'other')

AMSTERDAM_FUNDER = 'Gemeente Amsterdam'
AMSTERDAM_UNIT_COSTS = {
    'currency': 'EUR',
    'horizon_years': 1,
    'discount_rate_pct': 2.25,
    'items': {
        'supervision_order.prevented': {'base_cents': 3000000, 'low_cents': 1500000, 'high_cents': 4500000,
                                        'source': 'test: a year of an OTS'},
        'out_of_home_placement.prevented': {'base_cents': 2000000, 'low_cents': 1000000,
                                            'high_cents': 3000000, 'source': 'test: a year of care'},
        'out_of_home_placement.reversed': {'base_cents': 2100000, 'low_cents': 2100000,
                                           'high_cents': 2100000, 'source': 'test: a year of care'},
        'substituted_action': {'base_cents': 280000, 'low_cents': 0, 'high_cents': 560000,
                               'source': 'test: professional hours'},
    },
}


def case(ref, track, requested_on, region, **extra):
    c = {'ref': ref, 'kind': 'family', 'track': track, 'region': region, 'requested_on': requested_on,
         'referrer': {'type': 'professional', 'organisation': 'Jeugdzorg ' + region},
         'topics': ['parenting'], 'minors': 2, 'measures': []}
    c.update(extra)
    return c


def amsterdam():
    cases = []
    network_actions = 0
    for i in range(100):
        # 48 plans with one professional action, 11 with two, 41 with none
        professional = 1 if i < 48 else 2 if i < 59 else 0
        actions = []
        for k in range(5):
            by = 'professional' if k < professional else 'network'
            substitutes = False
            if by == 'network':
                substitutes = network_actions < 95
                network_actions += 1
            actions.append({'topic': 'parenting', 'by': by, 'substitutes_professional': substitutes,
                            'what': 'actie %d' % k})
        measures = []
        if i < 24:   # OTS threatened for 24 children, 22 not happened
            measures.append({'measure': 'supervision_order', 'count': 1, 'at_request': 'threatened',
                             'at_follow_up': 'prevented' if i < 22 else 'happened'})
        if i < 25:   # placement threatened for 50 children (2 each), 44 not happened
            measures.append({'measure': 'out_of_home_placement', 'count': 2, 'at_request': 'threatened',
                             'at_follow_up': 'prevented' if i < 22 else 'happened'})
        if 50 <= i < 60:  # placement in place for 20 children (2 each), 14 reversed
            measures.append({'measure': 'out_of_home_placement', 'count': 2, 'at_request': 'in_place',
                             'at_follow_up': 'reversed' if i < 57 else 'continued'})
        day = '2011-%02d-%02d' % (1 + i % 12, 1 + i % 28)
        cases.append(case('ams-%03d' % i, 'child_protection', day, 'Amsterdam',
                          funder=AMSTERDAM_FUNDER, agreement='Amsterdam 2011',
                          outcome='plan', conference_on=day, participants=13, costs_cents=400000,
                          plan={'safe_and_feasible': True, 'actions': actions}, measures=measures))
    for i in range(10):
        extra = {'outcome': 'stopped', 'stop_reason': 'declined_by_family'} if i < 6 else {}
        cases.append(case('ams-x%02d' % i, 'child_protection', '2011-03-%02d' % (i + 1), 'Amsterdam',
                          funder=AMSTERDAM_FUNDER, agreement='Amsterdam 2011', **extra))
    return cases


def annual():
    """2009: 500 requests (adult 100); 2010: 600 (adult 127)."""
    cases = []
    others = [t for t in TRACKS if t != 'adult']

    def spread(year, adult, total):
        out = []
        for i in range(total):
            track = 'adult' if i < adult else others[i % len(others)]
            out.append((track, '%d-%02d-%02d' % (year, 1 + i % 12, 1 + i % 28)))
        return out

    for n, (track, day) in enumerate(spread(2009, 100, 500)):
        cases.append(case('u09-%03d' % n, track, day, 'Utrecht'))
    for n, (track, day) in enumerate(spread(2010, 127, 600)):
        extra = {}
        if n < 200:
            # 180 conferences of 10 people and 20 plans without a meeting;
            # 182 of the 200 plans judged safe and feasible
            extra['outcome'] = 'plan' if n < 180 else 'plan_without_meeting'
            if n < 180:
                extra['conference_on'] = day
                extra['participants'] = 10
            extra['plan'] = {'safe_and_feasible': n < 182, 'actions': []}
            if n < 60:
                # 40 improved, 17 same, 3 worse
                situation = 'improved' if n < 40 else 'same' if n < 57 else 'worse'
                extra['follow_up'] = {'on': '2011-%02d-01' % (1 + n % 12), 'situation': situation,
                                      'satisfaction': {'main_person': 8 if n % 2 else 7, 'network': 9}}
        elif n < 230:
            extra['outcome'] = 'stopped'
            extra['stop_reason'] = 'no_funding'
        cases.append(case('u10-%03d' % n, track, day, 'Utrecht', **extra))
    return cases


def write(path, cases):
    with open(path, 'w', encoding='utf-8') as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False, sort_keys=True) + '\n')
