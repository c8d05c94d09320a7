#!/usr/bin/env python3
"""Checks that every catalogue key the pages write literally exists.

    python3 tests/check-catalogue.py        (from the repository root)

tr() shows the key itself when the catalogue lacks it, so a typo in a key
("case.nxet_step") gives a page with a key on it and no error anywhere. This
reads src/web/*.c and src/web/pages/*.c and collects the string literals
given as the key of

    T(p, "key")  page_t(p, "key")  page_tf(p, "key", ...)
    tr(lang, "key")  tr_maybe(lang, "key")  (also: cond ? "key1" : "key2")
    tr3(lang, "a", "b", "c")  tr3_maybe(...)   (when all parts are literals)
    page_fail_key(p, status, "key")
    page_open(p, title, "nav.key")  page_open_noh1(...)
    "...?saved=KEY" in a redirect: saved.KEY, which page_saved_notice shows;
        only a warning when missing, since a page may show its own text
        for ?saved=KEY instead

and, since keys also sit in tables and helpers' arguments
(`{ "case.col_date", ... }`, `set_error(p, errors, "name", "error.required")`,
`cond ? "nav.a" : "nav.b"`), every other string literal shaped like a key
(a-z0-9_ and '-' in parts joined by dots) whose first part is a namespace of
the catalogue ("case", "error", "nav", ...), unless it is only the prefix
of keys (`.prefix = "admin.user"` for "admin.user.username"). Each must
exist in po/nl/*.po and po/en/*.po (parsed the way scripts/embed-po.py
parses them). Keys built at run time (field.ENTITY.FIELD,
value.VALUE, ...) are checked by tests/unit/test_catalogue.c instead.

Prints every missing key with file:line, then one line
`catalogue: N passed, N failed` (keys found, keys missing); exit 1 when
any is missing.
"""
import glob
import importlib.util
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
LANGS = ("nl", "en")

STR = r'"((?:[^"\\\n]|\\.)*)"'
ARG = r'[^,;"{}]*?'  # an argument before the key: p, &p, (p)->lang, req->lang ...
PATTERNS = [
    # T / page_t / page_tf / tr / tr_maybe: the key is the second argument
    re.compile(r'\b(?:T|page_t|page_tf|tr|tr_maybe)\s*\(' + ARG + r',\s*' + STR),
    # the same with a choice between two literal keys
    re.compile(r'\b(?:T|page_t|page_tf|tr|tr_maybe)\s*\(' + ARG + r',\s*[^,;"]*\?\s*' + STR + r'\s*:\s*' + STR),
    # page_fail_key(p, status, "key")
    re.compile(r'\bpage_fail_key\s*\(' + ARG + r',' + ARG + r',\s*' + STR),
]
TR3 = re.compile(r'\btr3(?:_maybe)?\s*\(' + ARG + r',\s*' + STR + r'\s*,\s*(?:' + STR + r'|NULL)\s*,\s*(?:' + STR + r'|NULL)\s*\)')
PAGE_OPEN = re.compile(r'\bpage_open(?:_noh1)?\s*\(')
NAV = re.compile(r'"(nav\.[a-z0-9_.-]+)"')
SAVED = re.compile(r'"[^"\n]*[?&]saved=([a-z0-9_.-]+)[^"\n]*"')
KEY = re.compile(r'^[a-z0-9_.-]+$')
# a key-shaped literal: at least two parts
KEY_SHAPED = re.compile(r'^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$')
LITERAL = re.compile(STR)


def load_embed_po():
    spec = importlib.util.spec_from_file_location("embed_po", os.path.join(ROOT, "scripts", "embed-po.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def catalogues():
    parse = load_embed_po().parse
    cats = {}
    for lang in LANGS:
        keys = set()
        for path in sorted(glob.glob(os.path.join(ROOT, "po", lang, "*.po"))):
            keys |= set(parse(path))
        cats[lang] = keys
    return cats


def strip_comments(src):
    """The source with comments replaced by spaces (newlines kept, so that
    offsets still give the right line); string and character literals are
    left alone."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if c in "\"'":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_args(src, start):
    """The text of the call whose '(' ends the match at start, up to its
    closing ')'."""
    depth, i = 1, start
    while i < len(src) and depth:
        if src[i] in "\"'":
            q = src[i]
            i += 1
            while i < len(src) and src[i] != q:
                i += 2 if src[i] == "\\" else 1
        elif src[i] == "(":
            depth += 1
        elif src[i] == ")":
            depth -= 1
        i += 1
    return src[start:i]


def keys_in(path):
    """(key, line) for every literal key in the C file path."""
    with open(path, encoding="utf-8") as f:
        src = strip_comments(f.read())

    def line(pos):
        return src.count("\n", 0, pos) + 1

    found = []
    for pat in PATTERNS:
        for m in pat.finditer(src):
            for g in m.groups():
                if g is not None:
                    found.append((g, line(m.start())))
    for m in TR3.finditer(src):
        parts = [g for g in m.groups() if g is not None]
        found.append((".".join(parts), line(m.start())))
    for m in PAGE_OPEN.finditer(src):
        for k in NAV.finditer(call_args(src, m.end())):
            found.append((k.group(1), line(m.start())))
    soft = [("saved." + m.group(1), line(m.start())) for m in SAVED.finditer(src)]
    # a literal with a C escape or a format directive is no plain key
    strict = [(k, ln) for k, ln in found if KEY.match(k)]
    literals = [(m.group(1), line(m.start())) for m in LITERAL.finditer(src) if KEY_SHAPED.match(m.group(1))]
    return strict, literals, soft


def main():
    cats = catalogues()
    sources = sorted(glob.glob(os.path.join(ROOT, "src", "web", "*.c")) +
                     glob.glob(os.path.join(ROOT, "src", "web", "pages", "*.c")))
    found = {os.path.relpath(path, ROOT): keys_in(path) for path in sources}
    # the namespaces of keys, and the prefixes keys are built from
    spaces = {k.split(".")[0] for lang in LANGS for k in cats[lang]}
    spaces |= {k.split(".")[0] for strict, _, _ in found.values() for k, _ in strict}
    known = set(cats[LANGS[0]]) | {k for _, lits, _ in found.values() for k, _ in lits}
    prefixes = {k[:i] for k in known for i in range(len(k)) if k[i] == "."}
    passed = failed = 0
    seen = set()
    for rel, (strict, literals, soft) in found.items():
        for key, ln in soft:
            if any(key not in cats[lang] for lang in LANGS):
                print("%s:%d: warning: no %r: page_saved_notice shows nothing for it" % (rel, ln, key))
        loose = [(k, ln) for k, ln in literals if k.split(".")[0] in spaces and k not in prefixes]
        for key, ln in strict + loose:
            if (rel, ln, key) in seen:
                continue
            seen.add((rel, ln, key))
            lacking = [lang for lang in LANGS if key not in cats[lang]]
            if lacking:
                print("%s:%d: %r is missing from %s" % (rel, ln, key, " and ".join("po/%s/*.po" % l for l in lacking)))
                failed += 1
            else:
                passed += 1
    print("catalogue: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
