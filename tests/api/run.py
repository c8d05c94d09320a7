#!/usr/bin/env python3
"""Runs kring's API test suite against $KRING_BIN (default build/kring).

    tests/api/run.py                     every test_*.py here
    tests/api/run.py test_versions       one module (or Module.Class.test)

Ends with exactly one line `API: N passed, N failed, N skipped` on stdout and
exits non-zero when anything failed. A test that could not run because its
module's server did not start counts as failed; a sanitizer report or an
unclean server exit found when a module ends counts as one more failure.
"""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


class Result(unittest.TextTestResult):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def main(argv):
    loader = unittest.TestLoader()
    if argv:
        suite = loader.loadTestsFromNames(argv)
    else:
        suite = loader.discover(HERE, pattern='test_*.py', top_level_dir=HERE)
    planned = suite.countTestCases()
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=Result)
    started = time.monotonic()
    result = runner.run(suite)
    # errors raised outside a test (setUpModule, tearDownModule, ...) are held by
    # _ErrorHolder; tests that never ran because a setUp failed count as failed
    fixture_errors = [t for t, _ in result.errors if type(t).__name__ == '_ErrorHolder']
    teardown_errors = [t for t in fixture_errors if 'tearDown' in str(t)]
    skipped = len(result.skipped)
    passed = result.passed
    failed = max(planned - passed - skipped, 0) + len(teardown_errors)
    if failed == 0 and not result.wasSuccessful():
        failed = 1
    sys.stderr.write('API suite took %.1fs against %s\n' % (
        time.monotonic() - started, os.environ.get('KRING_BIN', 'build/kring')))
    sys.stderr.flush()
    print('API: %d passed, %d failed, %d skipped' % (passed, failed, skipped), flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
