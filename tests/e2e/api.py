#!/usr/bin/python3
"""api.py: test the batch API of `uptodate serve` (doc/openapi.yaml).

    api.py --base URL --user U --password P --cli-json FILE
           --type web|mail [--cancel-domains FILE] [--max-domains N]
           DOMAIN...

FILE holds `uptodate web|mail --json DOMAIN...` output (JSON Lines, one
report per domain); the API's results for the same domains must agree with
it (status, score, category and test statuses; the technical results' test
names). Also: authentication, listing, cancelling, the error labels, and
every path and method of the served OpenAPI document. One line per
assertion, "ok ..." or "FAIL ..."; the exit status is 1 if anything failed.
"""

import argparse
import http.client
import io
import json
import re
import select
import socket
import ssl
import sys
import time
import urllib.parse
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tally  # noqa: E402
from tally import check, fail, ok  # noqa: E402,F401

try:
    import yaml
except ImportError:     # checked when needed
    yaml = None

API = "/api/batch/v2/"
OPENAPI = "/api/batch/openapi.yaml"
RESPONSES = 0


def norm(d):
    return d.strip().lower().rstrip(".")


class Resp:
    def __init__(self, method, url, status, headers, body):
        self.method, self.url = method, url
        self.status = status
        self.headers = headers          # http.client.HTTPMessage
        self.body = body
        self.json = None
        self.json_error = None
        try:
            self.json = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            self.json_error = e

    def label(self):
        if isinstance(self.json, dict) and isinstance(
                self.json.get("error"), dict):
            return self.json["error"].get("label")
        return None

    def msg(self):
        if isinstance(self.json, dict) and isinstance(
                self.json.get("error"), dict):
            return self.json["error"].get("msg")
        return None

    def __str__(self):
        b = self.body[:300].decode("utf-8", "replace")
        return "%s %s -> %s %s" % (self.method, self.url, self.status, b)


class _FakeSock:
    def __init__(self, data):
        self.data = data

    def makefile(self, *a, **k):
        return io.BytesIO(self.data)


class Client:
    def __init__(self, base, user, password, timeout=30):
        u = urllib.parse.urlsplit(base)
        if u.scheme not in ("http", "https"):
            sys.exit("--base: http:// or https:// URL expected")
        self.base = base.rstrip("/")
        self.scheme, self.host, self.port = u.scheme, u.hostname, u.port
        self.port = self.port or (443 if u.scheme == "https" else 80)
        if u.path.strip("/") or u.query:
            sys.exit("--base: the server's root, without a path")
        self.prefix = ""
        self.user, self.password = user, password
        self.timeout = timeout

    def auth_header(self, user=None, password=None):
        import base64
        cred = "%s:%s" % (user if user is not None else self.user,
                          password if password is not None
                          else self.password)
        return "Basic " + base64.b64encode(cred.encode()).decode()

    def url(self, path):
        """path: "requests" (under the API) or "/root/relative"."""
        if not path.startswith("/"):
            path = API + path
        return self.prefix + path

    def conn(self):
        if self.scheme == "https":
            ctx = ssl._create_unverified_context()
            return http.client.HTTPSConnection(self.host, self.port,
                                               timeout=self.timeout,
                                               context=ctx)
        return http.client.HTTPConnection(self.host, self.port,
                                          timeout=self.timeout)

    def request(self, method, path, body=None, auth=True, raw=None,
                headers=None, api=True):
        """One request. body: JSON-encoded; raw: bytes as they are.
        api: the response must be JSON with api_version "2.0"."""
        global RESPONSES
        url = self.url(path)
        h = {"Accept": "application/json", "Connection": "close"}
        if auth is True:
            h["Authorization"] = self.auth_header()
        elif isinstance(auth, tuple):
            h["Authorization"] = self.auth_header(*auth)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
        elif raw is not None:
            data = raw
        if data is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        c = self.conn()
        try:
            c.request(method, url, body=data, headers=h)
            r = c.getresponse()
            resp = Resp(method, url, r.status, r.headers, r.read())
        finally:
            c.close()
        if api:
            RESPONSES += 1
            self.check_api_json(resp)
        return resp

    def check_api_json(self, resp):
        if resp.json_error is not None or not isinstance(resp.json, dict):
            fail("%s %s (%s): response is a JSON object: %s" % (
                resp.method, resp.url, resp.status,
                resp.json_error or type(resp.json).__name__))
        elif resp.json.get("api_version") != "2.0":
            fail("%s %s (%s): \"api_version\": \"2.0\": got %r" % (
                resp.method, resp.url, resp.status,
                resp.json.get("api_version")))
        ctype = resp.headers.get("Content-Type", "")
        if "json" not in ctype:
            fail("%s %s (%s): Content-Type is JSON: %r"
                 % (resp.method, resp.url, resp.status, ctype))

    def big(self, method, path, size):
        """Send a body of size bytes the way a client would; stop sending
        as soon as the server answers (it need not read it all)."""
        global RESPONSES
        url = self.url(path)
        filler = b"x" * size
        data = b'{"type":"web","domains":["example.nl"],"name":"' + \
            filler[: max(0, size - 50)] + b'"}'
        head = ("%s %s HTTP/1.1\r\nHost: %s\r\nAuthorization: %s\r\n"
                "Content-Type: application/json\r\nContent-Length: %d\r\n"
                "Connection: close\r\n\r\n"
                % (method, url, self.hostport(), self.auth_header(),
                   len(data))).encode()
        s = socket.create_connection((self.host, self.port),
                                     timeout=self.timeout)
        if self.scheme == "https":
            s = ssl._create_unverified_context().wrap_socket(
                s, server_hostname=self.host)
        got = b""
        sent = 0
        try:
            s.sendall(head)
            view = memoryview(data)
            while sent < len(data):
                r, _, _ = select.select([s], [], [], 0)
                if r:
                    break
                sent += s.send(view[sent: sent + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            s.settimeout(10)
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
        except (ConnectionResetError, socket.timeout, ssl.SSLError) as e:
            if not got:
                s.close()
                fail("%s %s with %d bytes: no response (%s; sent %d "
                     "bytes)" % (method, url, len(data), e, sent))
                return None
        s.close()
        if not got:
            fail("%s %s with %d bytes: connection closed without a "
                 "response (sent %d bytes)" % (method, url, len(data), sent))
            return None
        r = http.client.HTTPResponse(_FakeSock(got), method=method)
        r.begin()
        resp = Resp(method, url, r.status, r.headers, r.read())
        RESPONSES += 1
        self.check_api_json(resp)
        return resp

    def hostport(self):
        h = self.host
        if ":" in h:
            h = "[%s]" % h
        return "%s:%d" % (h, self.port)


def expect_error(resp, statuses, label, what):
    if isinstance(statuses, int):
        statuses = (statuses,)
    good = resp.status in statuses and resp.label() == label
    return check(good, "%s -> %s %s" % (what, "/".join(map(str, statuses)),
                                        label),
                 "got %s %r (%s)" % (resp.status, resp.label(), resp.msg()))


REQ_STATUSES = ("registering", "running", "generating", "done", "cancelled",
                "error")


def check_request_obj(req, what, rtype=None, name=None, ndomains=None):
    """The REQUEST object's fields and types; return request_id."""
    errs = []
    if not isinstance(req, dict):
        fail("%s: request object: got %r" % (what, req))
        return None
    for k, t in (("request_id", str), ("request_type", str), ("name", str),
                 ("status", str), ("submit_date", str), ("domains", int),
                 ("done", int)):
        if not isinstance(req.get(k), t) or isinstance(req.get(k), bool):
            errs.append("%s=%r" % (k, req.get(k)))
    if "finished_date" not in req or not (
            req["finished_date"] is None or
            isinstance(req["finished_date"], str)):
        errs.append("finished_date=%r" % req.get("finished_date"))
    if req.get("status") not in REQ_STATUSES:
        errs.append("status=%r" % req.get("status"))
    if isinstance(req.get("submit_date"), str) and not re.match(
            r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]00:?00)$",
            req["submit_date"]):
        errs.append("submit_date not ISO 8601 UTC: %r" % req["submit_date"])
    if rtype is not None and req.get("request_type") != rtype:
        errs.append("request_type=%r, want %r" % (req.get("request_type"),
                                                 rtype))
    if name is not None and req.get("name") != name:
        errs.append("name=%r, want %r" % (req.get("name"), name))
    if ndomains is not None and req.get("domains") != ndomains:
        errs.append("domains=%r, want %r" % (req.get("domains"), ndomains))
    check(not errs, "%s: request object" % what, "; ".join(errs))
    return req.get("request_id")


# -- a small validator for the OpenAPI 3.0 schema subset the doc uses --------

def resolve(spec, obj):
    seen = 0
    while isinstance(obj, dict) and "$ref" in obj:
        ref = obj["$ref"]
        if not ref.startswith("#/"):
            raise ValueError("external $ref %s" % ref)
        obj = spec
        for part in ref[2:].split("/"):
            obj = obj[part.replace("~1", "/").replace("~0", "~")]
        seen += 1
        if seen > 50:
            raise ValueError("$ref loop")
    return obj


def validate(spec, schema, v, where="$", errs=None):
    if errs is None:
        errs = []
    if len(errs) >= 8:
        return errs
    schema = resolve(spec, schema)
    if not isinstance(schema, dict):
        return errs
    if v is None:
        if not schema.get("nullable") and "type" in schema:
            errs.append("%s: null" % where)
        return errs
    for sub in schema.get("allOf", []):
        validate(spec, sub, v, where, errs)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            if not any(not validate(spec, s, v, where, [])
                       for s in schema[key]):
                errs.append("%s: matches none of %s" % (where, key))
    t = schema.get("type")
    types = {"object": dict, "array": list, "string": str,
             "boolean": bool}
    if t in types and not isinstance(v, types[t]):
        errs.append("%s: %s expected, got %r" % (where, t, v))
        return errs
    if t == "integer" and (not isinstance(v, int) or isinstance(v, bool)):
        errs.append("%s: integer expected, got %r" % (where, v))
        return errs
    if t == "number" and (not isinstance(v, (int, float)) or
                          isinstance(v, bool)):
        errs.append("%s: number expected, got %r" % (where, v))
        return errs
    if "enum" in schema and v not in schema["enum"]:
        errs.append("%s: %r not in %r" % (where, v, schema["enum"]))
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in schema and v < schema["minimum"]:
            errs.append("%s: %r < %r" % (where, v, schema["minimum"]))
        if "maximum" in schema and v > schema["maximum"]:
            errs.append("%s: %r > %r" % (where, v, schema["maximum"]))
    if isinstance(v, dict):
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            if k not in v:
                errs.append("%s: %r missing" % (where, k))
        addl = schema.get("additionalProperties", True)
        for k, x in v.items():
            if k in props:
                validate(spec, props[k], x, "%s.%s" % (where, k), errs)
            elif addl is False:
                errs.append("%s: unexpected %r" % (where, k))
            elif isinstance(addl, dict):
                validate(spec, addl, x, "%s[%r]" % (where, k), errs)
    if isinstance(v, list):
        if "minItems" in schema and len(v) < schema["minItems"]:
            errs.append("%s: fewer than %d items" % (where,
                                                    schema["minItems"]))
        if "items" in schema:
            for i, x in enumerate(v):
                validate(spec, schema["items"], x, "%s[%d]" % (where, i),
                         errs)
    return errs


# -- the test ----------------------------------------------------------------

class Test:
    def __init__(self, args):
        self.a = args
        self.c = Client(args.base, args.user, args.password)
        self.type = args.type
        self.domains = list(dict.fromkeys(norm(d) for d in args.domains))
        self.cli = {}
        self.done_id = None

    def load_cli(self):
        bad = 0
        with open(self.a.cli_json) as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    o = json.loads(line)
                except ValueError:
                    bad += 1
                    continue
                if o.get("test_type", self.type) == self.type:
                    self.cli[norm(o.get("domain", ""))] = o
        missing = [d for d in self.domains if d not in self.cli]
        check(not missing and not bad,
              "CLI reports (%s) for every domain" % self.a.cli_json,
              "missing %s, %d bad lines" % (missing, bad))

    def create(self, domains, name="e2e", rtype=None, what="POST requests"):
        r = self.c.request("POST", "requests",
                           {"type": rtype or self.type, "domains": domains,
                            "name": name})
        if not check(r.status in (200, 201), "%s -> 201" % what, r):
            return None
        if r.status == 200:
            print("     note %s answered 200, the contract says 201" % what)
        return check_request_obj((r.json or {}).get("request"), what,
                                 rtype or self.type, name)

    def get_req(self, rid):
        r = self.c.request("GET", "requests/" + rid)
        if r.status != 200:
            fail("GET requests/%s -> 200: %s" % (rid, r))
            return None
        return (r.json or {}).get("request") or {}

    def poll(self, rid, want, timeout):
        """Until status is in want; the last request object (or None)."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            req = self.get_req(rid)
            if req is None:
                return None
            last = req
            if req.get("status") in want:
                return req
            if req.get("status") in ("cancelled", "error", "done"):
                return req      # final, but not what was wanted
            if time.monotonic() >= deadline:
                return last
            time.sleep(1)

    # -- steps --

    def auth(self):
        r = self.c.request("GET", "requests", auth=False)
        check(r.status == 401 and r.label() == "unauthorized",
              "no credentials -> 401 unauthorized",
              "got %s %r" % (r.status, r.label()))
        wa = r.headers.get("WWW-Authenticate", "")
        check(wa.lower().startswith("basic") and "realm=" in wa,
              "no credentials -> WWW-Authenticate: Basic realm=...",
              repr(wa))
        r = self.c.request("GET", "requests",
                           auth=(self.a.user, self.a.password + "-wrong"))
        check(r.status == 401 and r.label() == "unauthorized",
              "wrong password -> 401 unauthorized",
              "got %s %r" % (r.status, r.label()))
        r = self.c.request("GET", "requests", auth=("nobody-e2e", "x"))
        check(r.status == 401, "unknown user -> 401", r.status)

    def main_request(self, timeout):
        rid = self.create(self.domains)
        if not rid:
            return
        # Not done yet: results must say so (unless it was very quick).
        req = self.get_req(rid)
        if req and req.get("status") != "done":
            r = self.c.request("GET", "requests/%s/results" % rid)
            if r.status == 200:
                print("     note: results answered 200 before done? "
                      "(the request may have just finished)")
            else:
                expect_error(r, 400, "bad-request", "results before done")
        t0 = time.monotonic()
        req = self.poll(rid, ("done",), timeout)
        if not check(req is not None and req.get("status") == "done",
                     "request %s done within %d s" % (rid, timeout),
                     "status %r after %.0f s" % (
                         (req or {}).get("status"), time.monotonic() - t0)):
            return
        ok("request done in %.0f s" % (time.monotonic() - t0))
        check_request_obj(req, "finished request", self.type, "e2e",
                          len(self.domains))
        check(req.get("done") == len(self.domains) and
              req.get("finished_date") is not None,
              "finished request: done == domains, finished_date set",
              "done=%r finished_date=%r" % (req.get("done"),
                                            req.get("finished_date")))
        self.done_id = rid

    def listing(self):
        r = self.c.request("GET", "requests")
        lst = (r.json or {}).get("requests")
        if not check(r.status == 200 and isinstance(lst, list),
                     "GET requests -> 200 with a list", r):
            return
        ids = [x.get("request_id") for x in lst if isinstance(x, dict)]
        check(self.done_id in ids, "GET requests lists %s" % self.done_id,
              ids[:10])
        for x in lst[:20]:
            check_request_obj(x, "GET requests item")
        dates = [x.get("submit_date", "") for x in lst if isinstance(x, dict)]
        check(dates == sorted(dates, reverse=True),
              "GET requests: newest first", dates[:5])
        r = self.c.request("GET", "requests?limit=1")
        lst = (r.json or {}).get("requests")
        check(r.status == 200 and isinstance(lst, list) and len(lst) == 1,
              "GET requests?limit=1 -> one request",
              "%s, %s" % (r.status, len(lst) if isinstance(lst, list)
                          else lst))

    def results(self):
        rid = self.done_id
        r = self.c.request("GET", "requests/%s/results" % rid)
        if not check(r.status == 200, "GET requests/%s/results -> 200" % rid,
                     r):
            return
        j = r.json or {}
        check_request_obj(j.get("request"), "results' request", self.type)
        doms = j.get("domains")
        if not check(isinstance(doms, dict) and
                     set(doms) == set(self.domains),
                     "results: domains are exactly %s" % self.domains,
                     sorted(doms) if isinstance(doms, dict) else doms):
            if not isinstance(doms, dict):
                return
        for d in self.domains:
            res, cli = doms.get(d), self.cli.get(d)
            if not isinstance(res, dict) or cli is None:
                fail("%s: result present (and CLI report)" % d)
                continue
            self.compare(d, res, cli)
            url = (res.get("report") or {}).get("url")
            if not check(isinstance(url, str) and url,
                         "%s: report.url present" % d, url):
                continue
            full = urllib.parse.urljoin(self.c.base + "/", url)
            u = urllib.parse.urlsplit(full)
            page = self.c.request("GET", u.path + ("?" + u.query
                                                   if u.query else ""),
                                  auth=False, api=False,
                                  headers={"Accept": "text/html"})
            check(page.status == 200 and "html" in
                  page.headers.get("Content-Type", ""),
                  "%s: GET %s (no auth) -> 200 HTML" % (d, url),
                  "%s %s" % (page.status,
                             page.headers.get("Content-Type")))

    def compare(self, d, res, cli):
        diffs = []

        def eq(what, a, b):
            if a != b:
                diffs.append("%s: api %r, cli %r" % (what, a, b))

        eq("status", res.get("status"), cli.get("status"))
        if cli.get("status") == "error":
            eq("error.code", (res.get("error") or {}).get("code"),
               (cli.get("error") or {}).get("code"))
        eq("scoring.percentage", (res.get("scoring") or {}).get("percentage"),
           (cli.get("scoring") or {}).get("percentage"))
        rr, cr = res.get("results") or {}, cli.get("results") or {}
        for part in ("categories", "tests"):
            a, b = rr.get(part) or {}, cr.get(part) or {}
            if set(a) != set(b):
                diffs.append("%s names: api only %s, cli only %s" % (
                    part, sorted(set(a) - set(b)), sorted(set(b) - set(a))))
            for k in sorted(set(a) & set(b)):
                eq("%s.%s.status" % (part, k), (a[k] or {}).get("status"),
                   (b[k] or {}).get("status"))
            for k, v in a.items():
                if not isinstance(v, dict) or not isinstance(
                        v.get("verdict"), str):
                    diffs.append("%s.%s: no verdict string" % (part, k))
        if not isinstance(rr.get("custom"), dict):
            diffs.append("results.custom missing")
        check(not diffs, "%s: results equal the CLI's (status, score %s, "
              "%d categories, %d tests)" % (
                  d, (cli.get("scoring") or {}).get("percentage"),
                  len(cr.get("categories") or {}), len(cr.get("tests") or {})),
              "; ".join(diffs[:12]))

    def technical(self):
        rid = self.done_id
        r = self.c.request("GET", "requests/%s/results_technical" % rid)
        if not check(r.status == 200,
                     "GET requests/%s/results_technical -> 200" % rid, r):
            return
        doms = (r.json or {}).get("domains")
        check(isinstance(doms, dict) and set(doms) == set(self.domains),
              "results_technical: domains are exactly %s" % self.domains,
              sorted(doms) if isinstance(doms, dict) else doms)
        for d in self.domains:
            t = (doms or {}).get(d) if isinstance(doms, dict) else None
            cd = (self.cli.get(d) or {}).get("details") or {}
            if not isinstance(t, dict) or not isinstance(t.get("details"),
                                                         dict):
                fail("%s: results_technical has details" % d)
                continue
            check(t.get("status") == (self.cli.get(d) or {}).get("status"),
                  "%s: results_technical status" % d, t.get("status"))
            det = t["details"]
            a, b = set(det.get("tests") or {}), set(cd.get("tests") or {})
            check(a == b, "%s: details.tests names equal the CLI's (%d)"
                  % (d, len(b)), "api only %s, cli only %s"
                  % (sorted(a - b), sorted(b - a)))
            check(set(det) == set(cd), "%s: details keys equal the CLI's"
                  % d, "api %s, cli %s" % (sorted(det), sorted(cd)))

    def metadata(self):
        r = self.c.request("GET", "metadata/report")
        rep = (r.json or {}).get("report") or {}
        if not check(r.status == 200, "GET metadata/report -> 200", r):
            return
        names = {}
        for part in ("categories", "tests"):
            lst = rep.get(part)
            good = isinstance(lst, list) and lst and all(
                isinstance(x, dict) and isinstance(x.get("name"), str) and
                x["name"] for x in lst)
            check(good, "metadata/report: %s non-empty, each with a name"
                  % part, lst if not isinstance(lst, list) else len(lst))
            names[part] = {x.get("name") for x in lst or []
                           if isinstance(x, dict)}
        for part in ("categories", "tests"):
            used = set()
            for c in self.cli.values():
                used |= set(((c.get("results") or {}).get(part)) or {})
            check(used <= names.get(part, set()),
                  "metadata/report: has every %s of the CLI reports" % part,
                  sorted(used - names.get(part, set())))

    def normalisation(self):
        d = self.domains[0]
        forms = [d.upper() + ".", "https://%s/some/path" % d, d]
        r = self.c.request("POST", "requests",
                           {"type": self.type, "domains": forms,
                            "name": "e2e-norm"})
        req = (r.json or {}).get("request") or {}
        check(r.status in (200, 201) and req.get("domains") == 1,
              "POST %s -> one domain (normalised, merged)" % forms,
              "%s domains=%r" % (r.status, req.get("domains")))
        return req.get("request_id")

    def patch_done(self):
        r = self.c.request("PATCH", "requests/" + self.done_id,
                           {"status": "cancelled"})
        st = ((r.json or {}).get("request") or {}).get("status")
        check(r.status == 200 and st == "done",
              "PATCH cancelled on a done request -> 200, stays done",
              "%s status=%r" % (r.status, st))

    def cancel(self):
        if not self.a.cancel_domains:
            print("     note: no --cancel-domains, cancel not tested")
            return
        with open(self.a.cancel_domains) as f:
            doms = [norm(x.split("#")[0]) for x in f]
        doms = [x for x in dict.fromkeys(doms) if x]
        rid = self.create(doms, name="e2e-cancel",
                          what="POST requests (%d domains)" % len(doms))
        if not rid:
            return
        r = self.c.request("PATCH", "requests/" + rid,
                           {"status": "cancelled"})
        st = ((r.json or {}).get("request") or {}).get("status")
        check(r.status == 200, "PATCH requests/%s cancelled -> 200" % rid, r)
        if st != "cancelled":
            req = self.poll(rid, ("cancelled",), 10)
            st = (req or {}).get("status")
        check(st == "cancelled", "request %s cancelled" % rid, st)
        time.sleep(5)
        req = self.get_req(rid) or {}
        check(req.get("status") == "cancelled",
              "request %s still cancelled after 5 s" % rid,
              "status %r, done %r of %r" % (req.get("status"),
                                             req.get("done"),
                                             req.get("domains")))
        r = self.c.request("GET", "requests/%s/results" % rid)
        expect_error(r, 400, "bad-request", "results of a cancelled request")
        check("cancel" in (r.msg() or ""),
              "results of a cancelled request: the message says so",
              r.msg())
        for st in ("done", "running"):
            r = self.c.request("PATCH", "requests/" + rid, {"status": st})
            expect_error(r, 400, "bad-request", "PATCH status %r" % st)

    def errors(self):
        c = self.c
        r = c.request("POST", "requests", raw=b'{"type": "web", "domains": [')
        expect_error(r, 400, "bad-request", "POST malformed JSON")
        r = c.request("POST", "requests", raw=b'[1, 2]')
        expect_error(r, 400, "bad-request", "POST a JSON array")
        for what, body in (
                ("missing domains", {"type": self.type}),
                ("missing type", {"domains": [self.domains[0]]}),
                ("type ftp", {"type": "ftp", "domains": [self.domains[0]]}),
                ("domains []", {"type": self.type, "domains": []}),
                ("domains a string", {"type": self.type,
                                      "domains": self.domains[0]}),
                ("domains [5]", {"type": self.type, "domains": [5]}),
                ("name 5", {"type": self.type,
                            "domains": [self.domains[0]], "name": 5}),
                ("domain 'not a domain!'",
                 {"type": self.type,
                  "domains": [self.domains[0], "not a domain!"]})):
            r = c.request("POST", "requests", body)
            expect_error(r, 400, "bad-request", "POST " + what)
        if self.a.max_domains:
            n = self.a.max_domains + 1
            body = {"type": self.type,
                    "domains": ["d%d.example" % i for i in range(n)]}
            r = c.request("POST", "requests", body)
            expect_error(r, 400, "bad-request", "POST %d domains" % n)
        r = c.request("PATCH", "requests/" + (self.done_id or "x"),
                      raw=b"{nope")
        expect_error(r, 400, "bad-request", "PATCH malformed JSON")
        r = c.request("PATCH", "requests/" + (self.done_id or "x"),
                      {"name": "x"})
        expect_error(r, 400, "bad-request", "PATCH without status")
        for p in ("requests/e2e-no-such-id", "requests/e2e-no-such-id/results",
                  "requests/e2e-no-such-id/results_technical"):
            r = c.request("GET", p)
            expect_error(r, 404, "unknown-request", "GET " + p)
        r = c.request("PATCH", "requests/e2e-no-such-id",
                      {"status": "cancelled"})
        expect_error(r, 404, "unknown-request", "PATCH unknown id")
        for p in ("nope", "requests/%s/nope" % (self.done_id or "x"),
                  "metadata/nope", ""):
            r = c.request("GET", p)
            expect_error(r, 404, "invalid-url", "GET " + c.url(p))
        r = c.request("DELETE", "requests")
        expect_error(r, (404, 405), "invalid-url", "DELETE requests")
        r = c.request("PUT", "metadata/report", {})
        expect_error(r, (404, 405), "invalid-url", "PUT metadata/report")
        r = c.big("POST", "requests", 2 << 20)
        if r is not None:
            expect_error(r, 413, "bad-request", "POST a 2 MiB body")

    def openapi(self, small_domain):
        c = self.c
        r = c.request("GET", OPENAPI, auth=False, api=False,
                      headers={"Accept": "*/*"})
        if not check(r.status == 200, "GET %s (no auth) -> 200" % OPENAPI,
                     r.status):
            return
        if yaml is None:
            fail("python3-yaml is needed for the OpenAPI check")
            return
        try:
            spec = yaml.safe_load(r.body.decode("utf-8"))
        except Exception as e:
            fail("%s parses as YAML: %s" % (OPENAPI, e))
            return
        check(isinstance(spec, dict) and
              str(spec.get("openapi", "")).startswith("3.") and
              spec.get("paths"),
              "%s is an OpenAPI 3 document with paths" % OPENAPI)
        server = ((spec.get("servers") or [{}])[0]).get("url", "")
        root = urllib.parse.urlsplit(
            urllib.parse.urljoin(c.base + "/", server)).path.rstrip("/")
        check(root == c.prefix + API.rstrip("/"),
              "OpenAPI servers url is %s" % API.rstrip("/"), server)
        methods = ("get", "post", "put", "patch", "delete", "head",
                   "options")
        n = 0
        for path, item in (spec.get("paths") or {}).items():
            for m in methods:
                op = (item or {}).get(m)
                if op is None:
                    continue
                n += 1
                self.openapi_op(spec, root, path, m, op, small_domain)
        check(n >= 7, "OpenAPI documents the 7 operations (%d)" % n)

    def openapi_op(self, spec, root, path, m, op, small_domain):
        what = "OpenAPI %s %s" % (m.upper(), path)
        body = None
        rid = self.done_id or "x"
        if m == "patch" and "{id}" in path:
            # a fresh small request, so that cancelling has an effect
            rid = self.create([small_domain], name="e2e-openapi-patch",
                              what="POST requests (for PATCH)") or rid
            body = {"status": "cancelled"}
        elif m == "post" and path.rstrip("/").endswith("/requests"):
            body = {"type": self.type, "domains": [small_domain],
                    "name": "e2e-openapi"}
        elif "requestBody" in op:
            content = resolve(spec, op["requestBody"]).get("content", {})
            ex = (content.get("application/json") or {}).get("example")
            body = ex if ex is not None else {}
        url = root + re.sub(r"\{id\}", rid, path)
        r = self.c.request(m.upper(), url, body)
        if not check(not (r.status == 404 and r.label() == "invalid-url"),
                     "%s: the server knows it" % what, r):
            return
        responses = {str(k): v for k, v in (op.get("responses") or
                                            {}).items()}
        doc = responses.get(str(r.status)) or responses.get(
            "%dXX" % (r.status // 100)) or responses.get("default")
        if not check(doc is not None, "%s -> %s is documented" % (
                what, r.status), "documented: %s; %s" % (
                    sorted(responses), r)):
            return
        doc = resolve(spec, doc)
        schema = ((doc.get("content") or {}).get("application/json")
                  or {}).get("schema")
        if schema is not None and r.json is not None:
            errs = validate(spec, schema, r.json)
            check(not errs, "%s -> %s: body matches the documented schema"
                  % (what, r.status), "; ".join(errs))


def main():
    ap = argparse.ArgumentParser(
        description="Test the batch API of uptodate serve against the CLI's"
        " reports and doc/openapi.yaml.")
    ap.add_argument("--base", required=True,
                    help="server root, e.g. http://[::1]:8080")
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--cli-json", required=True, metavar="FILE",
                    help="`uptodate web|mail --json DOMAIN...` output")
    ap.add_argument("--type", required=True, choices=("web", "mail"))
    ap.add_argument("--cancel-domains", metavar="FILE",
                    help="domains (one a line, e.g. 50) for the cancel test;"
                    " without it cancelling is not tested")
    ap.add_argument("--max-domains", type=int, metavar="N",
                    help="the server's limit: N+1 domains must be refused")
    ap.add_argument("--timeout", type=int, default=180,
                    help="seconds to wait for the request (default 180)")
    ap.add_argument("domains", nargs="+", metavar="DOMAIN")
    args = ap.parse_args()

    t = Test(args)
    t0 = time.monotonic()
    steps = [t.load_cli, t.auth, lambda: t.main_request(args.timeout)]
    for s in steps:
        s()
    if t.done_id:
        for s in (t.listing, t.results, t.technical, t.patch_done):
            s()
    t.metadata()
    t.normalisation()
    t.cancel()
    t.errors()
    t.openapi(t.domains[0])
    print("     %d API responses checked for JSON and api_version" %
          RESPONSES)
    print("%s: %d failure(s) in %.0f s" % ("FAIL" if tally.failed else "ok",
                                          tally.failed, time.monotonic() - t0))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, http.client.HTTPException) as e:
        fail("connection: %s" % e)
        sys.exit(1)
