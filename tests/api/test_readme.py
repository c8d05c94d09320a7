"""The README's walk through a case with curl alone works as written, on the
demo data that `make run` serves."""
import json
import os
import re
import subprocess
import unittest

import harness as h

SERVER = None


def setUpModule():
    global SERVER
    SERVER = h.Server(init=False)
    p = h.run_cli(['demo', '--db', SERVER.db_url])
    if p.returncode != 0:
        raise RuntimeError('kring demo failed: %s' % p.stderr[-2000:])
    SERVER.start()


def tearDownModule():
    SERVER.stop()


def readme_commands():
    """The commands of the README's curl walk-through, one string each."""
    with open(os.path.join(h.ROOT, 'README.md'), encoding='utf-8') as f:
        text = f.read()
    section = text.split('## Walking a case through with curl', 1)[1]
    block = re.search(r'```sh\n(.*?)```', section, re.S).group(1)
    commands, current = [], ''
    for line in block.splitlines():
        current = (current + ' ' + line.strip()) if current else line.strip()
        # a quoted body may go on over several lines
        if current.count("'") % 2 == 0:
            commands.append(current)
            current = ''
    return [c for c in commands if c and not c.startswith('#')]


class Readme(unittest.TestCase):

    def test_the_curl_walk_through_takes_a_new_case_from_request_to_closed(self):
        cmds = readme_commands()
        self.assertGreater(len(cmds), 10)
        env = dict(os.environ)
        rid = None
        for cmd in cmds:
            names = re.findall(r'(?:^|;\s*)([A-Z]+)=', cmd)
            if names and re.match(r'^[A-Z]+=', cmd):
                # a line of settings: run it as written, keep what it set
                cmd = cmd.replace('http://127.0.0.1:8080', 'http://127.0.0.1:%d' % SERVER.port)
                show = ' '.join('"$%s"' % n for n in names)
                p = subprocess.run(['sh', '-c', cmd + "\nprintf '%s\\0' " + show], env=env,
                                   capture_output=True, text=True, timeout=30)
                self.assertEqual(p.returncode, 0, (cmd, p.stderr))
                values = p.stdout.split('\0')[:len(names)]
                for name, value in zip(names, values):
                    self.assertTrue(value, (cmd, name, p.stdout))
                    env[name] = value
                continue
            if 'ID' in cmd:
                self.assertIsNotNone(rid, 'a command names ID before the request was created')
                cmd = cmd.replace('/ID/', '/%d/' % rid)
            p = subprocess.run(['sh', '-c', cmd + ' -w "\\n%{http_code}"'], env=env,
                               capture_output=True, text=True, timeout=30)
            body, _, status = p.stdout.rpartition('\n')
            self.assertEqual(p.returncode, 0, (cmd, p.stderr))
            self.assertTrue(status.startswith('2'), (cmd, status, body))
            if rid is None and '-d' in cmd and '$U/requests' in cmd and cmd.rstrip().endswith('$U/requests'):
                rid = json.loads(body)['id']
        self.assertIsNotNone(rid)
        req = SERVER.request('GET', '%s/requests/%d' % (h.API, rid))
        self.assertEqual(req.json['state'], 'closed')
        hist = SERVER.request('GET', '%s/requests/%d/transitions' % (h.API, rid))
        self.assertEqual([t['to_state'] for t in hist.json['items']],
                         ['funding_decided', 'coordinator_assigned', 'preparation', 'conference_scheduled',
                          'conference_held', 'plan_judged', 'follow_up', 'closed'])
