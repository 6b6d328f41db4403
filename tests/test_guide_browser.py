"""The HTML guide in a real browser: every page opens in headless Chromium from file://, with the network
off, without console errors, with every formula rendered as MathML and every image loaded.

Chromium is driven through its DevTools protocol over a pipe (``--remote-debugging-pipe``: JSON messages
separated by NUL on file descriptors 3 and 4), so no driver package is needed. Screenshots go to
``results/guide_screenshots/`` (or ``$SYNTHOVER_ARTIFACTS``). Skipped, with the reason, only when no
Chromium is installed (.ci/run installs Debian's ``chromium``).
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from synthover.paper_checks.guide import site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
ARTIFACTS = Path(os.environ.get("SYNTHOVER_ARTIFACTS", ROOT / "results")) / "guide_screenshots"

MATHML_CORE = {"math", "mi", "mn", "mo", "mtext", "mspace", "ms", "mrow", "mfrac", "msqrt", "mroot", "msub", "msup",
               "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr",
               "mtd", "mstyle", "mpadded", "mphantom", "merror", "semantics", "annotation", "annotation-xml"}
CHECK = """(() => {
  const core = new Set(%s);
  const maths = [...document.querySelectorAll('math')];
  const bad = [], unknown = new Set();
  for (const m of maths) {
    const r = m.getBoundingClientRect(), disp = getComputedStyle(m).display;
    if (!(m instanceof MathMLElement) || r.width <= 0 || r.height <= 0 || !disp.includes('math'))
      bad.push(m.textContent.slice(0, 60));
    for (const el of m.querySelectorAll('*')) if (!core.has(el.localName)) unknown.add(el.localName);
  }
  const images = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);
  const tex = /\\\\(frac|left|right|operatorname)/.test(document.body.innerText);
  return JSON.stringify({maths: maths.length, bad, unknown: [...unknown], images, tex,
                         title: document.title, text: document.body.innerText.length});
})()""" % json.dumps(sorted(MATHML_CORE))


class DevTools:
    """A minimal Chrome DevTools Protocol client over --remote-debugging-pipe."""

    def __init__(self, profile: Path):
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()
        hi_r, hi_w = (fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in (cmd_r, out_w))

        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--no-first-run",
                "--disable-background-networking", "--disable-extensions", "--disable-dev-shm-usage",
                "--window-size=1200,900", f"--user-data-dir={profile}", "about:blank"]
        # the pipe must be fds 3 (commands in) and 4 (replies out): bash moves them there, then execs
        # chromium (no preexec_fn: this process runs threads)
        shell = f'exec "$0" "$@" 3<&{hi_r} 4>&{hi_w} {hi_r}<&- {hi_w}>&-'
        self.proc = subprocess.Popen(["bash", "-c", shell, *args], pass_fds=(hi_r, hi_w),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (cmd_r, out_w, hi_r, hi_w):
            os.close(fd)
        self._buffer, self._next, self.events = b"", 0, []

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no message from chromium")
            chunk = os.read(self._out_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 60) -> dict:
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read(timeout)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 60) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read(timeout))

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    report = ROOT / "results" / "check.json"
    start = time.perf_counter()
    pages = site.build(out, report_path=report if report.exists() else None)
    print(f"guide built: {len(pages)} pages in {time.perf_counter() - start:.1f} s")
    return pages


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    tools = DevTools(tmp_path_factory.mktemp("profile"))
    target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        tools.send(f"{domain}.enable", session=session)
    yield tools, session
    tools.close()


def _errors(events: list[dict]) -> list[str]:
    found = []
    for e in events:
        p = e.get("params", {})
        if e.get("method") == "Runtime.exceptionThrown":
            found.append(f"exception: {p['exceptionDetails'].get('text')}")
        elif e.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            found.append(f"console.{p['type']}: {[a.get('value') for a in p.get('args', [])]}")
        elif e.get("method") == "Log.entryAdded" and p["entry"].get("level") == "error":
            found.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
    return found


def test_every_page_renders_in_chromium(guide, browser):
    tools, session = browser
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems, total_math = [], 0
    for page in sorted(guide):
        tools.events.clear()
        tools.send("Page.navigate", {"url": page.as_uri()}, session=session)
        tools.wait_for("Page.loadEventFired")
        result = json.loads(tools.send("Runtime.evaluate", {"expression": CHECK, "returnByValue": True},
                                       session=session)["result"]["value"])
        height = tools.send("Page.getLayoutMetrics", session=session)["cssContentSize"]["height"]
        clip = {"x": 0, "y": 0, "width": 1200, "height": min(height, 4000), "scale": 1}  # top 4000 px of the page
        shot = tools.send("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True},
                          session=session)["data"]
        (ARTIFACTS / f"{page.stem}.png").write_bytes(base64.b64decode(shot))
        total_math += result["maths"]
        issues = _errors(tools.events)
        if result["bad"]:
            issues.append(f"unrendered math: {result['bad'][:3]}")
        if result["unknown"]:
            issues.append(f"non-core MathML elements: {result['unknown']}")
        if result["images"]:
            issues.append(f"images not loaded: {result['images']}")
        if result["tex"]:
            issues.append("raw LaTeX in the page text")
        if result["text"] < 50:
            issues.append("page nearly empty")
        problems += [f"{page.name}: {issue}" for issue in issues]
    assert not problems, "\n".join(problems)
    assert total_math > 100, f"only {total_math} formulas across the guide"


def test_guide_has_no_network_links(guide):
    for page in guide:
        text = page.read_text()
        assert "http://" not in text.replace("http://www.w3.org/1998/Math/MathML", ""), page.name
        assert "https://" not in text and "<script" not in text, page.name
