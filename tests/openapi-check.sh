#!/bin/sh
# usage: tests/openapi-check.sh KRING_BIN
#
# Checks the committed API description against the program: the output of
# `KRING_BIN openapi` must equal docs/openapi.yaml byte for byte (a diff is
# printed when not: regenerate with `KRING_BIN openapi > docs/openapi.yaml`),
# it must parse as YAML, be OpenAPI 3.1, every $ref must resolve and every
# operationId must be unique. When openapi-spec-validator is installed the
# document is validated against the OpenAPI schema as well.
#
# The last line is `openapi: 1 passed, 0 failed` or `openapi: 0 passed, 1 failed`.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
committed="$root/docs/openapi.yaml"

result() {
	if [ "$1" -eq 0 ]; then
		echo "openapi: 1 passed, 0 failed"
		exit 0
	fi
	echo "openapi: 0 passed, 1 failed"
	exit 1
}

if [ $# -ne 1 ]; then
	echo "usage: $0 KRING_BIN" >&2
	result 1
fi
bin=$1

# a python3 that has PyYAML (Debian: python3-yaml)
py=""
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import yaml' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "openapi-check: no python3 with PyYAML (install python3-yaml)" >&2
	result 1
fi

tmp=$(mktemp -d) || result 1
trap 'rm -rf "$tmp"' EXIT

if ! "$bin" openapi >"$tmp/openapi.yaml" 2>"$tmp/err"; then
	echo "openapi-check: $bin openapi failed:" >&2
	cat "$tmp/err" >&2
	result 1
fi

failed=0
if [ ! -f "$committed" ]; then
	echo "openapi-check: docs/openapi.yaml is missing" >&2
	failed=1
elif ! diff -u "$committed" "$tmp/openapi.yaml"; then
	echo "openapi-check: docs/openapi.yaml differs from '$bin openapi';" \
		"regenerate it with: $bin openapi > docs/openapi.yaml" >&2
	failed=1
fi

if ! "$py" - "$tmp/openapi.yaml" <<'EOF'
import sys

import yaml

path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
except (yaml.YAMLError, UnicodeDecodeError) as e:
    print(f"openapi-check: not valid YAML: {e}", file=sys.stderr)
    sys.exit(1)

errors = []
if not isinstance(doc, dict) or doc.get("openapi") != "3.1.0":
    errors.append("openapi is not \"3.1.0\"")


def resolve(ref):
    """The node a local JSON pointer names, or None."""
    if not ref.startswith("#/"):
        return None
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


op_ids = {}
nrefs = 0


def walk(node, where):
    global nrefs
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                nrefs += 1
                if resolve(v) is None:
                    errors.append(f"{where}: $ref {v} does not resolve")
            walk(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, f"{where}/{i}")


walk(doc, "#")

methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
for p, item in (doc.get("paths") or {}).items():
    for m in methods:
        op = item.get(m) if isinstance(item, dict) else None
        if op is None:
            continue
        oid = op.get("operationId")
        if not oid:
            errors.append(f"{m.upper()} {p}: no operationId")
        elif oid in op_ids:
            errors.append(f"operationId {oid} used by {op_ids[oid]} and {m.upper()} {p}")
        else:
            op_ids[oid] = f"{m.upper()} {p}"
        if not op.get("responses"):
            errors.append(f"{m.upper()} {p}: no responses")

try:
    from openapi_spec_validator import validate
except ImportError:
    validate = None
if validate is not None and not errors:
    try:
        validate(doc)
    except Exception as e:  # the validator's own error types vary by version
        errors.append(f"not a valid OpenAPI document: {str(e).splitlines()[0]}")

for e in errors:
    print(f"openapi-check: {e}", file=sys.stderr)
print(f"openapi-check: {len(op_ids)} operations, {nrefs} $refs checked"
      + ("" if validate else " (openapi-spec-validator not installed: schema not validated)"))
sys.exit(1 if errors else 0)
EOF
then
	failed=1
fi

result "$failed"
