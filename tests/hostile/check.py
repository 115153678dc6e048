#!/usr/bin/python3
"""check.py LABEL REPORT.json HITS.json EXPECTATION...: one line per
expectation ("ok ..." or "FAIL ..."); exit 1 when any failed. The
expectation syntax is described at the top of tests/hostile/cases."""
import glob
import json
import os
import sys

label, report, hitsfile = sys.argv[1:4]
bad = 0


def say(ok, what, why=""):
    global bad
    if not ok:
        bad += 1
    print("%s %s: %s%s" % ("ok" if ok else "FAIL", label, what, "" if ok else " (" + why + ")"))


try:
    with open(report) as f:
        r = json.load(f)
except (OSError, ValueError) as e:
    say(False, "report is JSON", str(e))
    sys.exit(1)
# HITS.json, plus hits-*.json beside it (the redirect-private target runs
# as a process of its own in the testbed's client namespace)
hits = {}
for hf in [hitsfile] + sorted(glob.glob(os.path.join(os.path.dirname(hitsfile), "hits-*.json"))):
    try:
        with open(hf) as f:
            for k, v in json.load(f).items():
                hits[k] = hits.get(k, 0) + v
    except (OSError, ValueError):
        pass
for e in sys.argv[4:]:
    if e.startswith("hits:"):
        key, _, n = e[5:].rpartition("<=")
        say(hits.get(key, 0) <= int(n), e, "%d requests" % hits.get(key, 0))
    elif e.startswith("custom:"):
        k, _, v = e[7:].partition("=")
        got = r.get("results", {}).get("custom", {}).get(k)
        say(str(got) == v, e, "got %s" % got)
    elif e.startswith("status="):
        got = r.get("status")
        say(got == e[7:], e, "got %s %s" % (got, r.get("error")))
    else:
        test, _, want = e.partition("=")
        sts, _, codes = want.partition("/")
        sts, codes = sts.split(","), codes.split(",")
        st = r.get("results", {}).get("tests", {}).get(test, {}).get("status")
        d = r.get("details", {}).get("tests", {}).get(test, {})
        code = d.get("code")
        typed = code not in (None, "", "error")
        ok = st in sts and typed and ("*" in codes or code in codes)
        say(ok, e, "got %s/%s: %s" % (st, code, d.get("detail", "")[:200]))
sys.exit(1 if bad else 0)
