"""Browser tests: Playwright driving Debian's Chromium against a live server.

`make test` installs Chromium and axe-core when they are missing; a browser that
still cannot start fails these tests. They skip (with the reason) only when asked
to, with SKIP_BROWSER_TESTS=1. Each module
sets BROWSER_TEST as its pytestmark: a live server needs committed data, and
the serialized rollback puts back what the migrations made after each flush.
"""

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_SUMMARY = ROOT / "test-artifacts" / "axe-summary.txt"
IMPACTS = ("critical", "serious", "moderate", "minor")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason):
    """A missing browser or axe-core fails the test: a skipped test was not run. Opting out is explicit."""
    if os.environ.get("SKIP_BROWSER_TESTS") == "1":
        pytest.skip(f"{reason}; SKIP_BROWSER_TESTS=1")
    pytest.fail(f"{reason}. Set SKIP_BROWSER_TESTS=1 to skip the browser tests on purpose.")


@pytest.fixture
def browser(demo_site):
    """A Chromium for one test.

    While Playwright's sync API runs, Django sees a fresh context (its
    connections are context-local), so Playwright starts after the test's
    database set-up and stops before its tear-down; that keeps the flush and the
    serialized rollback working on the connections they were made for.
    """
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        # Connections the test opened between browser steps belong to Playwright's
        # context; close them now, or PostgreSQL cannot drop the test database.
        connections.close_all()
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The demo content, served by a live server; yields the server's base URL."""
    call_command("load_demo_content", verbosity=0)
    return live_server.url


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# Accessibility: axe-core (from npm, `make install`) injected into the page under test.
_AXE_RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return {
        version: axe.version,
        rulesRun: results.passes.length + results.violations.length + results.incomplete.length,
        violations: results.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map((n) => n.target.join(" ")),
        })),
    };
}"""
_axe_results = {}  # page name -> {impact: (rules, nodes)}, reported at the end of the run


class Axe:
    """Runs axe-core on the page a test has open and keeps a per-page summary for the run's report."""

    blocking = ("critical", "serious")

    def run(self, page, name):
        """The page's violations, each {id, impact, help, targets}."""
        # Evaluated through the DevTools protocol, which the page's Content Security Policy does not
        # govern: add_script_tag would insert an inline <script>, which the policy rightly blocks.
        page.evaluate(AXE_SCRIPT.read_text())
        result = page.evaluate(_AXE_RUN)
        assert result["rulesRun"] > 10, f"axe-core ran only {result['rulesRun']} rules on {name}"
        violations = result["violations"]
        rules, nodes = Counter(), Counter()
        for violation in violations:
            rules[violation["impact"]] += 1
            nodes[violation["impact"]] += len(violation["targets"])
        _axe_results[name] = {impact: (rules[impact], nodes[impact]) for impact in IMPACTS}
        _axe_results[name]["version"] = result["version"]
        return violations

    @classmethod
    def describe(cls, violations):
        return "\n".join(
            f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['targets'])}x: {', '.join(v['targets'][:3])})"
            for v in violations
        )


@pytest.fixture
def axe():
    """axe-core for the page under test (from npm, `make install`)."""
    if not AXE_SCRIPT.exists():
        _missing(f"axe-core not found at {AXE_SCRIPT} (run `make install`, which runs `npm ci`)")
    return Axe()


def pytest_terminal_summary(terminalreporter):
    """Print the per-page axe summary (violated rules, and elements, by impact) and keep a copy with the artifacts."""
    if not _axe_results:
        return
    version = next(iter(_axe_results.values()))["version"]
    lines = [f"axe-core {version}: violated rules (elements) by impact, per page"]
    width = max(len(name) for name in _axe_results)
    for name, counts in _axe_results.items():
        cells = "  ".join(f"{impact} {counts[impact][0]} ({counts[impact][1]})" for impact in IMPACTS)
        lines.append(f"  {name.ljust(width)}  {cells}")
    terminalreporter.write_sep("-", "accessibility (axe-core)")
    for line in lines:
        terminalreporter.write_line(line)
    AXE_SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    AXE_SUMMARY.write_text("\n".join(lines) + "\n")
    AXE_SUMMARY.with_suffix(".json").write_text(json.dumps(_axe_results, indent=2))
