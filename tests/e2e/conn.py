#!/usr/bin/python3
"""conn.py: the connection test in headless Chromium, as a visitor.

    conn.py --url http://uptodate.test/connection/ --shots DIR --tag NAME
        --cat NAME=STATUS ... --test NAME=STATUS ... [--score N]

Run it inside a client namespace of the testbed (ip netns exec NS ...):
Chromium resolves names with that namespace's resolv.conf, so the
visitor's resolver is the namespace's. Opens the page, waits until the
page's script has fetched every probe and gone to /connection/result/ID/
(60 s at most; the test itself takes a second or two, so no screenshot of
it running: one taken while the page navigates may never be answered),
then asserts data-status of each
section.category[data-category=NAME] named by --cat and each
details.test[data-test=NAME] named by --test, and the score (p#score data-score) when --score is
given. A screenshot of the result goes to DIR. One line
per assertion; exit status 1 if anything failed.
"""

import argparse
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CDPError  # noqa: E402
import tally  # noqa: E402
from tally import check, fail, ok  # noqa: E402

RESULT = re.compile(r"^/connection/result/[0-9a-f]{20}/$")


def expect_arg(s):
    k, sep, v = s.partition("=")
    if not sep or not k or not v:
        raise argparse.ArgumentTypeError("want NAME=STATUS, not %r" % s)
    return k, v


def run(page, args):
    tag = args.tag
    try:
        page.navigate(args.url)
    except CDPError as e:
        fail("%s: open %s: %s" % (tag, args.url, e))
        return
    # The page's script may finish the test and navigate to the result
    # within a few milliseconds (every probe fails or arrives at once), so
    # a DOM query can meet a document that is being replaced: such a
    # query counts as "not yet", never as an answer.
    def attrs(sel):
        try:
            return page.attributes(sel)
        except CDPError:
            return None

    def at_result():
        path = urllib.parse.urlsplit(page.url()).path
        if RESULT.match(path) and attrs("p#score") is not None:
            return path
        st = attrs("main#conn")
        if st is not None and st.get("data-state") == "error":
            return "error"
        return None
    try:
        path = page.wait_until(at_result, timeout=60.0,
                               what="the result page")
    except CDPError as e:
        fail("%s: no result page within 60 s (at %s): %s" %
             (tag, page.url(), e))
        page.screenshot(os.path.join(args.shots, "%s-stuck.png" % tag))
        return
    if not check(path != "error", "%s: the test ran to its result" % tag,
                 page.evaluate("(document.getElementById('conn-state')||{})"
                               ".textContent")):
        return
    ok("%s: result at %s" % (tag, path))
    page.screenshot(os.path.join(args.shots, "%s-result.png" % tag))
    if args.score is not None:
        s = attrs("p#score") or {}
        check(s.get("data-score") == str(args.score),
              "%s: score %s" % (tag, args.score), "shown %s" %
              s.get("data-score"))
    wanted = [('section.category[data-category="%s"]' % n, n, v)
              for n, v in args.cat]
    wanted += [('details.test[data-test="%s"]' % n, n, v)
               for n, v in args.test]
    for sel, name, want in wanted:
        at = attrs(sel)
        got = at.get("data-status") if at is not None else None
        check(got == want, "%s: %s is %s" % (tag, name, want),
              "shown %s" % got)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--shots", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--score", type=int)
    ap.add_argument("--cat", action="append", default=[], type=expect_arg,
                    metavar="NAME=STATUS")
    ap.add_argument("--test", action="append", default=[], type=expect_arg,
                    metavar="NAME=STATUS")
    ap.add_argument("--chromium", default="chromium")
    args = ap.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    t0 = time.monotonic()
    # Chromium asks its own resolver for AAAA only when it believes IPv6
    # reaches the Internet; it finds that out by routing to a public
    # address, which the testbed has no route to. The reachability
    # override decides from the namespace's own addresses instead; no
    # DNS-over-HTTPS upgrade.
    extra = ["--enable-features=EnableIPv6ReachabilityOverride",
             "--disable-features=DnsOverHttps,DnsHttpssvc"]
    try:
        with Browser(binary=args.chromium, extra_args=extra) as b:
            run(b.page(), args)
    except CDPError as e:
        fail("%s: browser: %s" % (args.tag, e))
    print("%s: %d failure(s) in %.0f s" % ("FAIL" if tally.failed else "ok",
                                          tally.failed, time.monotonic() - t0))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
