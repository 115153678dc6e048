"""cdp: a minimal Chrome DevTools Protocol driver (stdlib only).

Chromium is started with --remote-debugging-pipe: it reads NUL-terminated
JSON messages on its fd 3 and writes its own on fd 4. One thread (the
caller's) does everything: a command is written, then messages are read
until its answer comes; events read meanwhile are kept for wait_event.
Every wait has a timeout and raises CDPTimeout with what it waited for.

    with Browser() as b:
        page = b.page()
        page.navigate("http://127.0.0.1:8080/")
        page.type("#web-domain", "example.nl")
        page.submit("#web-form")
        page.wait_for("location.pathname.startsWith('/site/')", 90)
        page.screenshot("report.png")
"""

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time


class CDPError(Exception):
    """The browser answered a command with an error, or went away."""


class CDPTimeout(CDPError):
    """A wait ran out of time."""


class JSError(CDPError):
    """An evaluated expression threw."""


def _high_fd(fd):
    """A copy of fd numbered 10 or more (so dup2 to 3 and 4 is safe)."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class Browser:
    def __init__(self, binary="chromium", extra_args=(), timeout=30.0,
                 window=(1280, 900)):
        self.binary = binary
        self.extra_args = list(extra_args)
        self.timeout = timeout          # default for commands
        self.window = window
        self.proc = None
        self.dir = None
        self._next_id = 0
        self._buf = b""
        self._events = []               # (method, params, sessionId)
        self._wfd = self._rfd = None

    # -- process ------------------------------------------------------

    def launch(self):
        self.dir = tempfile.mkdtemp(prefix="cdp-")
        to_r, to_w = os.pipe()          # we write, chromium reads (fd 3)
        from_r, from_w = os.pipe()      # chromium writes (fd 4), we read
        to_r, to_w, from_r, from_w = map(_high_fd, (to_r, to_w, from_r,
                                                     from_w))

        def child():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        args = [self.binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--remote-debugging-pipe",
                "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-extensions",
                "--disable-component-update", "--disable-sync",
                "--window-size=%d,%d" % self.window,
                "--user-data-dir=" + os.path.join(self.dir, "profile")]
        args += self.extra_args + ["about:blank"]
        self.log_path = os.path.join(self.dir, "chromium.log")
        log = open(self.log_path, "wb")
        try:
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                pass_fds=(3, 4), preexec_fn=child)
        except Exception:
            for fd in (to_r, to_w, from_r, from_w):
                os.close(fd)
            shutil.rmtree(self.dir, ignore_errors=True)
            raise
        finally:
            log.close()
        os.close(to_r)
        os.close(from_w)
        self._wfd, self._rfd = to_w, from_r
        # The first answer proves the pipe works.
        self.send("Browser.getVersion", timeout=self.timeout)
        return self

    def close(self, timeout=10.0):
        """Ask the browser to quit; then SIGTERM, then SIGKILL its pid."""
        if self.proc is None:
            return
        if self.proc.poll() is None and self._wfd is not None:
            try:
                self._write({"id": self._new_id(), "method": "Browser.close"})
            except OSError:
                pass
        for sig in (None, "term", "kill"):
            if sig == "term":
                self.proc.terminate()
            elif sig == "kill":
                self.proc.kill()
            try:
                self.proc.wait(timeout=timeout)
                break
            except subprocess.TimeoutExpired:
                continue
        for fd in (self._wfd, self._rfd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._wfd = self._rfd = None
        self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self, n=20):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def __enter__(self):
        return self.launch()

    def __exit__(self, *exc):
        self.close()

    # -- protocol -----------------------------------------------------

    def _new_id(self):
        self._next_id += 1
        return self._next_id

    def _write(self, msg):
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self._wfd, data)
            data = data[n:]

    def _read_one(self, deadline):
        """Read one message (dict) or raise CDPTimeout at deadline."""
        while True:
            i = self._buf.find(b"\0")
            if i >= 0:
                raw, self._buf = self._buf[:i], self._buf[i + 1:]
                return json.loads(raw)
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPTimeout("no message from the browser in time")
            r, _, _ = select.select([self._rfd], [], [], min(left, 1.0))
            if not r:
                if self.proc.poll() is not None:
                    raise CDPError("browser exited (%s); log:\n%s"
                                   % (self.proc.returncode, self.log_tail()))
                continue
            chunk = os.read(self._rfd, 1 << 20)
            if not chunk:
                raise CDPError("browser closed the pipe; log:\n%s"
                               % self.log_tail())
            self._buf += chunk

    def send(self, method, params=None, session=None, timeout=None):
        """Run a command; return its result or raise CDPError."""
        mid = self._new_id()
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._write(msg)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            try:
                m = self._read_one(deadline)
            except CDPTimeout:
                raise CDPTimeout("%s: no answer in %.0f s"
                                 % (method, timeout or self.timeout))
            if m.get("id") == mid:
                if "error" in m:
                    raise CDPError("%s: %s" % (method, m["error"].get(
                        "message", m["error"])))
                return m.get("result", {})
            if "method" in m:
                self._events.append((m["method"], m.get("params", {}),
                                     m.get("sessionId")))

    def pump(self, seconds=0.0):
        """Collect events for a while (0: only what is already there)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                m = self._read_one(deadline if seconds else
                                   time.monotonic() + 0.01)
            except CDPTimeout:
                return
            if "method" in m:
                self._events.append((m["method"], m.get("params", {}),
                                     m.get("sessionId")))

    def wait_event(self, method, session=None, pred=None, timeout=None,
                   what=None):
        """The params of the first (kept or new) event that matches."""
        timeout = timeout or self.timeout
        deadline = time.monotonic() + timeout
        while True:
            for i, (m, p, s) in enumerate(self._events):
                if m == method and (session is None or s == session) and \
                        (pred is None or pred(p)):
                    del self._events[: i + 1]
                    return p
            self._events.clear()
            try:
                m = self._read_one(deadline)
            except CDPTimeout:
                raise CDPTimeout("timed out after %.0f s waiting for %s"
                                 % (timeout, what or method))
            if "method" in m:
                self._events.append((m["method"], m.get("params", {}),
                                     m.get("sessionId")))

    def page(self):
        """Attach to the first page target; return a Page."""
        targets = self.send("Target.getTargets")["targetInfos"]
        pages = [t for t in targets if t["type"] == "page"]
        if pages:
            tid = pages[0]["targetId"]
        else:
            tid = self.send("Target.createTarget",
                            {"url": "about:blank"})["targetId"]
        sid = self.send("Target.attachToTarget",
                        {"targetId": tid, "flatten": True})["sessionId"]
        p = Page(self, tid, sid)
        p.send("Page.enable")
        p.send("Runtime.enable")
        p.send("DOM.enable")
        return p


class Page:
    def __init__(self, browser, target_id, session_id):
        self.b = browser
        self.target_id = target_id
        self.session = session_id

    def send(self, method, params=None, timeout=None):
        return self.b.send(method, params, session=self.session,
                           timeout=timeout)

    # -- navigation ---------------------------------------------------

    def url(self):
        """The current URL (from the target, works with script disabled)."""
        info = self.b.send("Target.getTargetInfo",
                           {"targetId": self.target_id})
        return info["targetInfo"]["url"]

    def navigate(self, url, timeout=30.0):
        """Go to url and wait for its load event."""
        self.b.pump()
        self.b._events = [e for e in self.b._events
                          if e[0] != "Page.loadEventFired"]
        r = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if r.get("errorText"):
            raise CDPError("navigate %s: %s" % (url, r["errorText"]))
        self.b.wait_event("Page.loadEventFired", session=self.session,
                          timeout=timeout, what="the load of " + url)

    def wait_load(self, timeout=30.0):
        """Wait for the next load event (e.g. after a click)."""
        self.b.wait_event("Page.loadEventFired", session=self.session,
                          timeout=timeout, what="a page load")

    def set_script_enabled(self, enabled):
        self.send("Emulation.setScriptExecutionDisabled",
                  {"value": not enabled})

    # -- JavaScript ---------------------------------------------------

    def evaluate(self, expr, timeout=None):
        """The value of a JS expression (returned by value)."""
        r = self.send("Runtime.evaluate",
                      {"expression": expr, "returnByValue": True,
                       "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            ex = d.get("exception", {})
            raise JSError("%s: %s" % (expr[:80], ex.get("description")
                                      or d.get("text")))
        return r.get("result", {}).get("value")

    def wait_for(self, cond, timeout=30.0, interval=0.25, what=None):
        """Poll until the JS expression cond is truthy; return its value.
        Errors while polling (a page being replaced) count as not yet."""
        return self.wait_until(lambda: self.evaluate(cond), timeout,
                               interval, what or cond)

    def wait_until(self, fn, timeout=30.0, interval=0.25, what="condition"):
        """Poll a Python callable until truthy; CDPTimeout with the last
        error if any."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            try:
                v = fn()
                if v:
                    return v
                last = None
            except CDPTimeout:
                raise
            except CDPError as e:
                last = e
            if time.monotonic() >= deadline:
                raise CDPTimeout("timed out after %.0f s waiting for %s%s"
                                 % (timeout, what,
                                    " (last error: %s)" % last if last
                                    else ""))
            self.b.pump(interval)

    def click(self, selector):
        """Click via JS (element.click())."""
        return self.evaluate(
            "(() => { const e = document.querySelector(%s);"
            " if (!e) throw new Error('no element ' + %s);"
            " e.click(); return true; })()"
            % (json.dumps(selector), json.dumps(selector)))

    def submit(self, form_selector):
        """Submit a form via JS (requestSubmit: runs validation and sends
        the submit button's name as a browser would)."""
        return self.evaluate(
            "(() => { const f = document.querySelector(%s);"
            " if (!f) throw new Error('no form ' + %s);"
            " if (f.requestSubmit) f.requestSubmit(); else f.submit();"
            " return true; })()"
            % (json.dumps(form_selector), json.dumps(form_selector)))

    def type(self, selector, text):
        """Set an input's value via JS (with input/change events)."""
        return self.evaluate(
            "(() => { const e = document.querySelector(%s);"
            " if (!e) throw new Error('no element ' + %s);"
            " e.focus(); e.value = %s;"
            " e.dispatchEvent(new Event('input', {bubbles: true}));"
            " e.dispatchEvent(new Event('change', {bubbles: true}));"
            " return true; })()"
            % (json.dumps(selector), json.dumps(selector), json.dumps(text)))

    # -- without page script (DOM and Input domains) --------------------

    def query(self, selector):
        """nodeId of the first match in the current document, or 0."""
        root = self.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        return self.send("DOM.querySelector",
                         {"nodeId": root, "selector": selector})["nodeId"]

    def attributes(self, selector):
        """The attributes of the first match as a dict, or None."""
        nid = self.query(selector)
        if not nid:
            return None
        a = self.send("DOM.getAttributes", {"nodeId": nid})["attributes"]
        return dict(zip(a[::2], a[1::2]))

    def insert_text(self, selector, text):
        """Focus the element and type text as keyboard input."""
        nid = self.query(selector)
        if not nid:
            raise CDPError("no element " + selector)
        self.send("DOM.focus", {"nodeId": nid})
        self.send("Input.insertText", {"text": text})

    def press_enter(self):
        for t in ("keyDown", "keyUp"):
            p = {"type": t, "key": "Enter", "code": "Enter",
                 "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
            if t == "keyDown":
                p["text"] = "\r"
            self.send("Input.dispatchKeyEvent", p)

    def mouse_click(self, selector):
        """A real mouse click in the middle of the element."""
        nid = self.query(selector)
        if not nid:
            raise CDPError("no element " + selector)
        self.send("DOM.scrollIntoViewIfNeeded", {"nodeId": nid})
        q = self.send("DOM.getContentQuads", {"nodeId": nid})["quads"]
        if not q:
            raise CDPError("element not visible: " + selector)
        xs, ys = q[0][0::2], q[0][1::2]
        x, y = sum(xs) / 4, sum(ys) / 4
        self.send("Input.dispatchMouseEvent",
                  {"type": "mouseMoved", "x": x, "y": y})
        for t in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": t, "x": x, "y": y, "button": "left",
                       "clickCount": 1})

    # -- pictures -----------------------------------------------------

    def screenshot(self, path, full_page=True):
        """Write a PNG of the page to path."""
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", params,
                         timeout=60)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return path
