#!/usr/bin/python3
"""browser.py: drive `uptodate serve`'s pages with headless Chromium.

    browser.py --base URL --shots DIR
        --web DOMAIN:SCORE:cat=status,cat=status...
        --mail DOMAIN:SCORE:cat=status,...
        --hof-web DOMAIN
        [--web-nojs DOMAIN:SCORE[:cat=status,...]]

For each --web (and --mail): open BASE/, fill #web-domain in #web-form
(#mail-domain in #mail-form), submit, follow the progress page
(/test/site/DOMAIN/) until the report (/site/DOMAIN/ID/, /mail/DOMAIN/ID/)
with p#score is shown (90 s at most); assert #score's data-score and each
section.category[data-category=NAME]'s data-status. --web-nojs does the
same with page script disabled: typed and clicked like a user, the progress
page must reach the report by its meta refresh alone. --hof-web asserts
that table#hof on /halloffame/web/ has tr.hof-entry[data-domain=DOMAIN].
Screenshots (PNG) of every stage go to DIR. One line per assertion, "ok
..." or "FAIL ..."; the exit status is 1 if anything failed.
"""

import argparse
import os
import re
import sys
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CDPError  # noqa: E402
import tally  # noqa: E402
from tally import check, fail, ok  # noqa: E402,F401



def parse_spec(s, need_cats=False):
    """DOMAIN:SCORE[:cat=status,...] -> (domain, score, {cat: status})."""
    parts = s.split(":", 2)
    if len(parts) < 2 or not parts[0] or not parts[1].isdigit():
        raise argparse.ArgumentTypeError(
            "expected DOMAIN:SCORE:cat=status,... not %r" % s)
    cats = {}
    if len(parts) == 3 and parts[2]:
        for kv in parts[2].split(","):
            k, sep, v = kv.partition("=")
            if not sep or not k or not v:
                raise argparse.ArgumentTypeError("bad cat=status %r" % kv)
            cats[k] = v
    return parts[0].lower().rstrip("."), int(parts[1]), cats


def css_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Run:
    def __init__(self, page, base, shots):
        self.p = page
        self.base = base.rstrip("/")
        self.shots = shots
        self.n = 0

    def shot(self, name):
        self.n += 1
        path = os.path.join(self.shots, "%02d-%s.png" % (self.n, name))
        try:
            self.p.screenshot(path)
            print("     screenshot " + path, flush=True)
        except CDPError as e:
            fail("screenshot %s: %s" % (path, e))

    def path(self):
        return urllib.parse.urlsplit(self.p.url()).path

    def error_page(self):
        """The code of an error page (main#error) being shown, or None."""
        try:
            a = self.p.attributes("main#error")
        except CDPError:
            return None
        return a.get("data-code", "?") if a is not None else None

    def site_test(self, kind, domain, score, cats, js=True):
        """kind "web" or "mail"; one whole test through the pages."""
        tag = "%s%s-%s" % (kind, "" if js else "-nojs", domain)
        seg = "site" if kind == "web" else "mail"
        form, field = "#%s-form" % kind, "#%s-domain" % kind
        progress_path = "/test/%s/%s/" % (seg, domain)
        report_re = re.compile(r"^/%s/%s/[^/]+/$" % (seg, re.escape(domain)))

        self.p.set_script_enabled(js)
        try:
            self.p.navigate(self.base + "/")
        except CDPError as e:
            fail("%s: open home %s/: %s" % (tag, self.base, e))
            return
        self.shot(tag + "-home")
        if not check(self.p.attributes(form) is not None and
                     self.p.attributes(field) is not None,
                     "%s: home has %s with %s" % (tag, form, field)):
            return

        if js:
            self.p.type(field, domain)
            self.p.submit(form)
        else:
            # As a user without script: type, then click the button.
            self.p.insert_text(field, domain)
            button = ("%s button:not([type=button]):not([type=reset]), "
                      "%s input[type=submit]" % (form, form))
            if self.p.query(button):
                self.p.mouse_click(button)
            else:
                self.p.press_enter()

        seen = {}       # what the wait saw: progress attributes, meta

        def reached():
            path = self.path()
            if path == progress_path and "progress" not in seen:
                a = self.p.attributes("main#progress")
                if a is not None:
                    seen["progress"] = a
                    seen["meta"] = self.p.attributes(
                        'meta[http-equiv="refresh" i]')
                    self.shot(tag + "-progress")
            if report_re.match(path):
                return self.p.attributes("p#score") is not None
            code = self.error_page()
            if code is not None:
                raise RuntimeError("error page %s at %s" % (code, path))
            return False

        try:
            self.p.wait_until(reached, timeout=90, interval=0.3,
                              what="the report /%s/%s/ID/ with #score"
                              % (seg, domain))
        except (CDPError, RuntimeError) as e:
            self.shot(tag + "-stuck")
            fail("%s: report reached: %s (at %s)" % (tag, e, self.p.url()))
            return
        ok("%s: report reached at %s" % (tag, self.path()))

        if "progress" in seen:
            a = seen["progress"]
            check(a.get("data-domain", domain) == domain and
                  a.get("data-type", kind) == kind,
                  "%s: progress page is for %s %s" % (tag, kind, domain),
                  "data-type=%r data-domain=%r" % (a.get("data-type"),
                                                     a.get("data-domain")))
            if not js:
                check(seen["meta"] is not None,
                      "%s: progress page has a meta refresh" % tag)
                ok("%s: progress page went to the report without script"
                   % tag)
        else:
            print("     note %s: progress page not seen (test finished "
                  "before it was shown)%s" % (tag, "" if js else
                                              "; meta refresh not exercised"),
                  flush=True)

        self.shot(tag + "-report")
        a = self.p.attributes("p#score") or {}
        check(a.get("data-score") == str(score),
              "%s: score %s" % (tag, score),
              "data-score=%r" % a.get("data-score"))
        for cat, status in cats.items():
            sel = "section.category[data-category=%s]" % css_str(cat)
            a = self.p.attributes(sel)
            if a is None:
                fail("%s: category %s is %s: no %s" % (tag, cat, status, sel))
                continue
            check(a.get("data-status") == status,
                  "%s: category %s is %s" % (tag, cat, status),
                  "data-status=%r" % a.get("data-status"))

    def hof(self, which, domain):
        tag = "hof-%s-%s" % (which, domain)
        self.p.set_script_enabled(True)
        url = "%s/halloffame/%s/" % (self.base, which)
        try:
            self.p.navigate(url)
        except CDPError as e:
            fail("%s: open %s: %s" % (tag, url, e))
            return
        self.shot(tag)
        check(self.p.attributes("table#hof") is not None,
              "%s: %s has table#hof" % (tag, url))
        check(self.p.attributes("table#hof tr.hof-entry[data-domain=%s]"
                                % css_str(domain)) is not None,
              "%s: %s is in the hall of fame" % (tag, domain))


def main():
    ap = argparse.ArgumentParser(
        description="Test uptodate serve's pages in headless Chromium.")
    ap.add_argument("--base", required=True,
                    help="server root, e.g. http://[::1]:8080")
    ap.add_argument("--shots", required=True, help="directory for PNGs")
    ap.add_argument("--web", action="append", default=[], type=parse_spec,
                    metavar="DOMAIN:SCORE:cat=status,...")
    ap.add_argument("--mail", action="append", default=[], type=parse_spec,
                    metavar="DOMAIN:SCORE:cat=status,...")
    ap.add_argument("--web-nojs", action="append", default=[],
                    type=parse_spec, metavar="DOMAIN:SCORE[:cat=status,...]",
                    help="a website test with page script disabled")
    ap.add_argument("--hof-web", action="append", default=[],
                    metavar="DOMAIN")
    ap.add_argument("--chromium", default="chromium")
    args = ap.parse_args()
    os.makedirs(args.shots, exist_ok=True)

    t0 = time.monotonic()
    try:
        with Browser(binary=args.chromium) as b:
            run = Run(b.page(), args.base, args.shots)
            jobs = [(run.site_test, ("web",) + s) for s in args.web]
            jobs += [(run.site_test, ("mail",) + s) for s in args.mail]
            jobs += [(run.site_test, ("web",) + s + (False,))
                     for s in args.web_nojs]
            jobs += [(run.hof, ("web", d.lower().rstrip(".")))
                     for d in args.hof_web]
            for fn, a in jobs:
                try:
                    fn(*a)
                except Exception as e:   # one broken flow, not all
                    fail("%s%r: %s" % (fn.__name__, a, e))
                    traceback.print_exc()
    except CDPError as e:
        fail("browser: %s" % e)
    print("%s: %d failure(s) in %.0f s" % ("FAIL" if tally.failed else "ok",
                                          tally.failed, time.monotonic() - t0))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
