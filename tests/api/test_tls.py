"""HTTPS: `kring serve --tls-cert FILE --tls-key FILE` serves TLS 1.2 and 1.3
only, every answer carries Strict-Transport-Security, and a certificate or key
that cannot be used is refused with one line before anything is served.

The certificates are throwaway ones, made with the openssl command line in a
temporary directory."""
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
import warnings

import harness as h
from harness import API

HSTS = 'max-age=31536000; includeSubDomains'
# a refused start must end quickly (more for the sanitizer build)
REFUSE_TIMEOUT = 30

TMP = None
DB = None      # holds the database (its server is never started)
SRV = None     # the module's HTTPS server


def openssl(*args):
    try:
        p = subprocess.run(['openssl'] + list(args), stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=60)
    except FileNotFoundError:
        raise RuntimeError('the openssl command is not installed (scripts/install-deps installs it)') from None
    if p.returncode != 0:
        raise RuntimeError('openssl %s failed: %s' % (' '.join(args), p.stderr.decode('utf-8', 'replace')))


def make_cert(name, cn):
    """A self-signed certificate for 127.0.0.1 and its key: (cert path, key path)."""
    cert, key = path(name + '.crt'), path(name + '.key')
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
            '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=' + cn,
            '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost')
    return cert, key


def path(name):
    return os.path.join(TMP, name)


def write(name, data):
    p = path(name)
    with open(p, 'wb') as f:
        f.write(data)
    return p


def client_context(cert, minimum=None, maximum=None):
    """A client context that trusts only cert; minimum/maximum bound the TLS
    versions it offers (old ones need security level 0 in OpenSSL 3)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cert)
    if minimum is not None or maximum is not None:
        ctx.set_ciphers('DEFAULT:@SECLEVEL=0')
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            if minimum is not None:
                ctx.minimum_version = minimum
            if maximum is not None:
                ctx.maximum_version = maximum
    return ctx


class TlsServer:
    """One `kring serve` with a certificate and key on a free loopback port,
    on the module's database; flags or env give the certificate and key."""

    def __init__(self, cert, key, env=None):
        self.cert = cert
        self.tls_args = [] if env else ['--tls-cert', cert, '--tls-key', key]
        self.env = dict(os.environ, **(env or {}))
        self.env.setdefault('KRING_PASSWORD_COST', h.PASSWORD_COST)
        self.proc = None
        self.port = None
        self.dir = tempfile.mkdtemp(prefix='kring-tls-', dir=TMP)
        self.stdout_path = os.path.join(self.dir, 'serve.stdout')
        self.stderr_path = os.path.join(self.dir, 'serve.stderr')

    def start(self):
        for _ in range(3):  # a port taken between free_port() and bind: try another
            self.port = h.free_port()
            with open(self.stdout_path, 'ab') as out, open(self.stderr_path, 'ab') as err:
                self.proc = subprocess.Popen(
                    [h.KRING_BIN, 'serve', '--db', DB.db_url, '--listen', '127.0.0.1:%d' % self.port]
                    + self.tls_args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=self.env)
            deadline = time.monotonic() + h.START_TIMEOUT
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if self.request('GET', '/healthz', timeout=2)[0] == 200:
                        return self
                except (OSError, http.client.HTTPException):
                    pass
                time.sleep(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError('kring serve did not answer /healthz over HTTPS within %gs; stderr:\n%s'
                                   % (h.START_TIMEOUT, self.text(self.stderr_path)[-3000:]))
        raise RuntimeError('kring serve exited with status %d; stderr:\n%s'
                           % (self.proc.returncode, self.text(self.stderr_path)[-3000:]))

    def stop(self):
        """SIGTERM; raises AssertionError unless it exits 0 with no sanitizer report."""
        problems = []
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    rc = self.proc.wait(timeout=h.STOP_TIMEOUT)
                    if rc != 0:
                        problems.append('kring serve exited with status %d after SIGTERM' % rc)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
                    problems.append('kring serve did not stop within %gs of SIGTERM' % h.STOP_TIMEOUT)
            else:
                problems.append('kring serve died (exit status %d)' % self.proc.returncode)
            self.proc = None
        text = self.text(self.stderr_path)
        if h.sanitizer_findings(text):
            problems.append('sanitizer report in the server\'s stderr:\n' + text[-6000:])
        elif problems:
            problems.append('server stderr (tail):\n' + text[-2000:])
        if problems:
            raise AssertionError('\n'.join(problems))

    @staticmethod
    def text(p):
        try:
            with open(p, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except OSError:
            return ''

    def request(self, method, target, body=None, headers=None, timeout=h.HTTP_TIMEOUT, context=None):
        """One HTTPS exchange on a fresh connection: (status, headers, body)."""
        conn = http.client.HTTPSConnection('127.0.0.1', self.port, timeout=timeout,
                                           context=context or client_context(self.cert))
        try:
            hdrs = dict(headers or {})
            if body is not None:
                hdrs['Content-Type'] = 'application/json'
            conn.request(method, target, body=body, headers=hdrs)
            r = conn.getresponse()
            return r.status, r.headers, r.read()
        finally:
            conn.close()

    def handshake(self, context):
        """The TLS version agreed with context (raises ssl.SSLError when refused)."""
        with socket.create_connection(('127.0.0.1', self.port), timeout=h.HTTP_TIMEOUT) as s:
            with context.wrap_socket(s, server_hostname='127.0.0.1') as t:
                return t.version()


def setUpModule():
    global TMP, DB, SRV
    TMP = tempfile.mkdtemp(prefix='kring-tls-')
    try:
        make_cert('server', 'localhost')
        make_cert('other', 'other')
        DB = h.Server()
        p = h.run_cli(['init', '--db', DB.db_url])
        if p.returncode != 0:
            raise RuntimeError('kring init failed: %s' % p.stderr[-2000:])
        SRV = TlsServer(path('server.crt'), path('server.key')).start()
    except BaseException:
        tearDownModule()
        raise


def tearDownModule():
    global TMP, DB, SRV
    try:
        if SRV is not None:
            s, SRV = SRV, None
            s.stop()
    finally:
        if DB is not None:
            d, DB = DB, None
            d.stop()
        if TMP is not None and not h.KEEP_TMP:
            shutil.rmtree(TMP, ignore_errors=True)
        TMP = None


class Https(unittest.TestCase):

    def assert_security_headers(self, headers):
        self.assertEqual(headers.get('Strict-Transport-Security'), HSTS)
        self.assertEqual(headers.get('Cache-Control'), 'no-store')
        self.assertEqual(headers.get('X-Content-Type-Options'), 'nosniff')
        self.assertIn("frame-ancestors 'none'", headers.get('Content-Security-Policy') or '')
        self.assertEqual(headers.get('Referrer-Policy'), 'no-referrer')

    def test_healthz_over_https_answers_200_with_hsts_and_the_security_headers(self):
        status, headers, body = SRV.request('GET', '/healthz')
        self.assertEqual(status, 200, body)
        self.assertEqual(body, b'{"status":"ok"}')
        self.assert_security_headers(headers)

    def test_every_answer_over_https_carries_hsts_errors_too(self):
        for target in ('/readyz', '/nosuch', API + '/regions'):
            with self.subTest(target=target):
                status, headers, body = SRV.request('GET', target)
                self.assertIn(status, (200, 401, 404), body)
                self.assert_security_headers(headers)

    def test_a_login_over_https_gives_a_token_that_the_api_accepts(self):
        p = h.run_cli(['user', 'add', 'tls', '--db', DB.db_url, '--name', 'Test TLS', '--role', 'admin',
                       '--all-regions'], input=h.TEST_PASSWORD + '\n')
        self.assertEqual(p.returncode, 0, p.stderr)
        status, _, body = SRV.request('POST', API + '/tokens', body=(
            '{"username":"tls","password":"%s","label":"tls"}' % h.TEST_PASSWORD).encode())
        self.assertEqual(status, 201, body)
        token = json.loads(body)['token']
        status, headers, body = SRV.request('GET', API + '/regions',
                                            headers={'Authorization': 'Bearer ' + token})
        self.assertEqual(status, 200, body)
        self.assert_security_headers(headers)

    def test_the_startup_line_says_https(self):
        deadline = time.monotonic() + 5
        while True:  # the line may follow the first answer by a moment
            lines = [x for x in SRV.text(SRV.stdout_path).splitlines() if x.strip()]
            if lines or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(len(lines), 1, lines)
        self.assertIn('serving https://127.0.0.1:%d ' % SRV.port, lines[0])

    def test_a_certificate_the_client_does_not_trust_fails_the_handshake(self):
        with self.assertRaises(ssl.SSLCertVerificationError):
            SRV.handshake(client_context(path('other.crt')))

    def test_plain_http_to_the_tls_port_gets_no_http_answer(self):
        with socket.create_connection(('127.0.0.1', SRV.port), timeout=5) as s:
            s.sendall(b'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
            got = b''
            try:
                while len(got) < 4096:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    got += chunk
            except (socket.timeout, ConnectionResetError):
                pass
        self.assertFalse(got.startswith(b'HTTP/'), got[:200])
        self.assertNotIn(b'"status"', got)
        # and the server still serves HTTPS afterwards
        self.assertEqual(SRV.request('GET', '/healthz')[0], 200)

    def test_tls_1_2_and_1_3_are_accepted(self):
        cert = SRV.cert
        for version, name in ((ssl.TLSVersion.TLSv1_2, 'TLSv1.2'), (ssl.TLSVersion.TLSv1_3, 'TLSv1.3')):
            with self.subTest(version=name):
                self.assertEqual(SRV.handshake(client_context(cert, version, version)), name)

    def test_tls_1_1_and_lower_are_refused(self):
        ctx = client_context(SRV.cert, ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1)
        try:
            version = SRV.handshake(ctx)
        except ssl.SSLError as e:
            # a client that cannot offer TLS 1.1 at all proves nothing about the server
            if 'NO_PROTOCOLS_AVAILABLE' in str(e).upper():
                self.skipTest('this OpenSSL cannot offer TLS 1.1: %s' % e)
            return
        except (ConnectionResetError, BrokenPipeError):
            return
        self.fail('the server accepted %s' % version)

    def test_a_cbc_cipher_is_refused_over_tls_1_2(self):
        ctx = client_context(SRV.cert, ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_2)
        ctx.set_ciphers('ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:@SECLEVEL=0')
        with self.assertRaises((ssl.SSLError, ConnectionResetError)):
            SRV.handshake(ctx)

    def test_the_settings_come_from_the_environment_too(self):
        s = TlsServer(path('server.crt'), None, env={'KRING_TLS_CERT': path('server.crt'),
                                                     'KRING_TLS_KEY': path('server.key')}).start()
        try:
            status, headers, _ = s.request('GET', '/healthz')
            self.assertEqual(status, 200)
            self.assertEqual(headers.get('Strict-Transport-Security'), HSTS)
        finally:
            s.stop()

    def test_the_server_exits_0_on_sigterm(self):
        s = TlsServer(path('server.crt'), path('server.key')).start()
        s.request('GET', '/healthz')
        s.proc.send_signal(signal.SIGTERM)
        rc = s.proc.wait(timeout=h.STOP_TIMEOUT)
        s.proc = None  # stopped here; stop() still checks its stderr
        s.stop()
        self.assertEqual(rc, 0)


class Refused(unittest.TestCase):
    """A certificate or key that cannot be used: one line on stderr starting
    with "kring serve: ", a non-zero exit, and nothing served."""

    def refused(self, args, env=None):
        started = time.monotonic()
        p = h.run_cli(['serve', '--db', DB.db_url, '--listen', '127.0.0.1:0'] + args,
                      env=env, timeout=REFUSE_TIMEOUT)
        self.assertLess(time.monotonic() - started, REFUSE_TIMEOUT)
        self.assertNotEqual(p.returncode, 0, p.stdout)
        lines = [x for x in p.stderr.splitlines() if x.strip()]
        self.assertEqual(len(lines), 1, p.stderr)
        self.assertTrue(lines[0].startswith('kring serve: '), lines)
        self.assertNotIn('serving', p.stdout)
        return lines[0]

    def test_a_missing_file_is_refused(self):
        line = self.refused(['--tls-cert', path('nosuch.crt'), '--tls-key', path('server.key')])
        self.assertIn('nosuch.crt', line)
        line = self.refused(['--tls-cert', path('server.crt'), '--tls-key', path('nosuch.key')])
        self.assertIn('nosuch.key', line)

    def test_only_one_of_the_two_is_refused(self):
        self.assertIn('--tls-key', self.refused(['--tls-cert', path('server.crt')]))
        self.assertIn('--tls-cert', self.refused(['--tls-key', path('server.key')]))
        self.assertIn('--tls-cert', self.refused([], env={'KRING_TLS_KEY': path('server.key')}))

    def test_garbage_instead_of_pem_is_refused(self):
        junk = write('junk.pem', b'this is not a certificate\n')
        self.assertIn('junk.pem', self.refused(['--tls-cert', junk, '--tls-key', path('server.key')]))
        self.assertIn('junk.pem', self.refused(['--tls-cert', path('server.crt'), '--tls-key', junk]))

    def test_pem_armour_around_garbage_is_refused(self):
        cert = write('armour.crt', b'-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n')
        key = write('armour.key', b'-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n')
        bad_base64 = write('base64.crt', b'-----BEGIN CERTIFICATE-----\nnot base64 at all!\n'
                                         b'-----END CERTIFICATE-----\n')
        with open(path('server.crt'), 'rb') as good, open(cert, 'rb') as junk:
            chain = write('chain.crt', good.read() + junk.read())  # a good one, then garbage
        for bad in (cert, bad_base64, chain):
            with self.subTest(cert=os.path.basename(bad)):
                self.assertIn(bad, self.refused(['--tls-cert', bad, '--tls-key', path('server.key')]))
        self.refused(['--tls-cert', path('server.crt'), '--tls-key', key])

    def test_certificate_and_key_swapped_are_refused(self):
        self.refused(['--tls-cert', path('server.key'), '--tls-key', path('server.crt')])

    def test_the_key_of_another_certificate_is_refused(self):
        line = self.refused(['--tls-cert', path('server.crt'), '--tls-key', path('other.key')])
        self.assertIn('other.key', line)

    def test_an_empty_file_is_refused(self):
        empty = write('empty.crt', b'')
        self.assertIn('empty', self.refused(['--tls-cert', empty, '--tls-key', path('server.key')]))

    def test_a_file_over_1_mib_is_refused(self):
        with open(path('server.crt'), 'rb') as f:
            pem = f.read()
        big = write('big.crt', pem + b'\n' * (1024 * 1024))
        self.assertIn('1 MiB', self.refused(['--tls-cert', big, '--tls-key', path('server.key')]))

    def test_a_directory_is_refused(self):
        self.refused(['--tls-cert', TMP, '--tls-key', path('server.key')])

    def test_an_unreadable_key_is_refused(self):
        if os.geteuid() == 0:
            self.skipTest('root reads any file')
        with open(path('server.key'), 'rb') as f:
            key = write('unreadable.key', f.read())
        os.chmod(key, 0)
        self.assertIn('unreadable.key', self.refused(['--tls-cert', path('server.crt'), '--tls-key', key]))

    def test_an_encrypted_key_is_refused(self):
        key = path('encrypted.key')
        openssl('pkey', '-in', path('server.key'), '-out', key, '-aes256', '-passout', 'pass:secret')
        self.assertIn('encrypted', self.refused(['--tls-cert', path('server.crt'), '--tls-key', key]))


class PlainHttp(unittest.TestCase):

    def test_a_server_without_tls_sends_no_hsts(self):
        s = h.Server().start()
        try:
            for target in ('/healthz', API + '/regions', '/nosuch'):
                with self.subTest(target=target):
                    r = s.request('GET', target)
                    self.assertIn(r.status, (200, 404), r)
                    self.assertIsNone(r.headers.get('Strict-Transport-Security'), r.headers)
                    self.assertEqual(r.headers.get('X-Content-Type-Options'), 'nosniff')
            self.assertIn('serving http://', s.stdout_text())
        finally:
            s.stop()


if __name__ == '__main__':
    unittest.main()
