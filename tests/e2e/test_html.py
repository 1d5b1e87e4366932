"""The HTML report in a real browser: headless Chromium loads the report of
a scripted history whose file names, commit messages and rule descriptions
are hostile, and the test reads the DOM after the page's own script ran.

Chromium missing is a skip here, and a failure when KEYLINT_REQUIRE_BROWSER=1
(tests/ci.sh sets it).  The report and a screenshot are kept in
KEYLINT_ARTEFACTS (build/Testing/artefacts under ctest)."""
import base64
import hashlib
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import Git, TempDirTest, Tokens, run

# Each would set a marker on the page if it ever ran.
MARK = "document.documentElement.setAttribute('data-pwned','%s')"
HOSTILE_FILE = "<img src=x onerror=\"%s\">.js" % (MARK % "file")
HOSTILE_MSG = 'config </script><script>%s</script> & "done"' % (MARK % "msg")
HOSTILE_DESC = "<img src=x onerror=\"%s\"> token </style>" % (MARK % "rule")
HOSTILE_APP = "apps/<b id=injected>web</b>"


def browser():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def find_all(self, tag=None, **attrs):
        return [n for n in self.walk()
                if (tag is None or n.tag == tag) and
                all(n.attrs.get(k.replace("_", "-")) == v
                    for k, v in attrs.items())]

    def by_id(self, ident):
        found = [n for n in self.walk() if n.attrs.get("id") == ident]
        return found[0] if found else None


VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col",
        "area", "base", "embed", "param", "track"}


class Tree(html.parser.HTMLParser):
    """The DOM as Chromium serialised it, as a tree of Nodes."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


class HtmlReportTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.artefacts = os.environ.get("KEYLINT_ARTEFACTS",
                                        self.path("artefacts"))
        os.makedirs(self.artefacts, exist_ok=True)
        self.tok = Tokens(seed=15)
        self.build_repo()

    def build_repo(self):
        t = self.tok
        self.shared = t.aws_id()
        self.gone = t.github()
        self.hostile = "klhost_" + t.rand(20, "abcdefghij0123456789")
        self.repo = self.path("mono")
        g = Git(self.repo)
        g.commit("billing", **{
            "services/billing/package.json": '{"name": "billing"}\n',
            "services/billing/config.py": 'AWS_KEY = "%s"\n' % self.shared})
        g.tick += 40 * 86400  # the next month
        g.commit(HOSTILE_MSG, **{
            HOSTILE_APP.replace("/", "__") + "__go.mod": "module web\n",
            HOSTILE_APP.replace("/", "__") + "__" + HOSTILE_FILE:
                'const key = "%s";\n' % self.shared,
            "old__deploy.txt": "token: %s\n" % self.gone,
            "tools__probe.txt": "probe = %s\n" % self.hostile})
        g.tick += 40 * 86400
        os.remove(os.path.join(self.repo, "old", "deploy.txt"))
        g.commit("remove the deploy token")
        self.rules = self.path("hostile-rules.json")
        with open(self.rules, "w") as f:
            json.dump({"rules": [{
                "id": "kltest-hostile", "description": HOSTILE_DESC,
                "severity": "medium",
                "regex": "\\b(klhost_[a-j0-9]{20})\\b",
                "keywords": ["klhost_"], "tags": ["test"]}]}, f)

    def keylint(self, *extra):
        return run(["history", self.repo, "--rules", self.rules,
                    "--no-progress"] + list(extra), timeout=120)

    def need_browser(self):
        self.chromium = browser()
        if self.chromium:
            return
        if os.environ.get("KEYLINT_REQUIRE_BROWSER") == "1":
            self.fail("chromium is not installed, and "
                      "KEYLINT_REQUIRE_BROWSER=1: install Debian's "
                      "chromium package")
        self.skipTest("chromium is not installed: the HTML report is not "
                      "checked in a browser (apt-get install chromium)")

    def chrome(self, *args):
        profile = self.path("chromium-profile")
        p = subprocess.run(
            [self.chromium, "--headless", "--disable-gpu", "--no-sandbox",
             "--no-first-run", "--disable-extensions",
             "--enable-logging=stderr", "--v=0",
             "--user-data-dir=" + profile] + list(args),
            capture_output=True, timeout=180, cwd=self.tmp)
        err = p.stderr.decode("utf-8", "replace")
        self.assertEqual(p.returncode, 0, err[-2000:])
        # The page's console: a script error, or anything the policy
        # blocked (an injected handler, a load), is logged there.
        self.assertEqual([ln for ln in err.splitlines() if ":CONSOLE" in ln],
                         [])
        return p.stdout.decode("utf-8")

    def test_report_in_chromium(self):
        self.need_browser()
        code, out, err = self.keylint("--format", "json")
        self.assertEqual(code, 1, err)
        rep = json.loads(out)
        page = os.path.join(self.artefacts, "report.html")
        code, _, err = self.keylint("-o", page)
        self.assertEqual(code, 1, err)
        with open(page, encoding="utf-8") as f:
            raw = f.read()

        # What the file holds, before any browser: self-contained, a
        # policy, no secret.
        self.assertIn('http-equiv="Content-Security-Policy"', raw)
        self.assertIn("default-src 'none'", raw)
        for ref in ("src=\"http", "href=\"http", "<link", "@import",
                    "url("):
            self.assertNotIn(ref, raw)
        for secret in (self.shared, self.gone, self.hostile):
            self.assertNotIn(secret, raw)
        self.assertEqual(raw.count("<script"), 1)

        dom = Tree(self.chrome("--dump-dom", "file://" + page)).root
        html_el = dom.find_all("html")[0]
        # The shipped script ran: the policy names it by the right hash.
        self.assertEqual(html_el.attrs.get("data-kl-script"), "ran")
        # Nothing else ran and nothing was injected.
        for n in dom.walk():
            self.assertNotIn("data-pwned", n.attrs, n.tag)
            self.assertFalse([a for a in n.attrs if a.startswith("on")],
                             n.tag)
        self.assertEqual(dom.find_all("img"), [])
        self.assertEqual(dom.find_all("b"), [])
        self.assertEqual(len(dom.find_all("script")), 1)
        self.assertIsNone(dom.by_id("injected"))
        # The hostile strings are there, as text.
        text = dom.text()
        self.assertIn(HOSTILE_FILE, text)
        self.assertIn(HOSTILE_MSG, text)
        self.assertIn(HOSTILE_DESC, text)
        self.assertIn(HOSTILE_APP, text)

        # Counts: every finding once, the summary agrees.
        findings = rep["findings"]
        articles = dom.find_all("article")
        self.assertEqual(len(articles), len(findings))
        self.assertEqual(dom.by_id("kl-total").text(), str(len(findings)))
        self.assertEqual(dom.by_id("kl-shown").text(), str(len(findings)))
        self.assertEqual(sorted(a.attrs["data-rule"] for a in articles),
                         sorted(f["rule_id"] for f in findings))
        by_rule = {}
        for f in findings:
            by_rule[f["rule_id"]] = by_rule.get(f["rule_id"], 0) + 1
        rows = dom.by_id("kl-by-rule").find_all("tr")[1:]
        self.assertEqual({r.find_all("td")[0].text():
                          int(r.find_all("td")[3].text()) for r in rows},
                         by_rule)
        for f in findings:
            self.assertTrue(f["remediation"])
        fixes = [n.text() for n in dom.find_all("dd", **{"class": "fix"})]
        self.assertEqual(sorted(fixes),
                         sorted(f["remediation"] for f in findings))

        # Reuse: the one shared key, in its two applications.
        self.assertEqual(len(rep["reuse"]), 1)
        groups = dom.find_all("div", **{"class": "group"})
        self.assertEqual(len(groups), 1)
        places = [[c.text() for c in r.find_all("td")]
                  for r in groups[0].find_all("tr")[1:]]
        self.assertEqual(
            sorted((p[1], p[2]) for p in places),
            sorted((p["application"], p["path"])
                   for p in rep["reuse"][0]["places"]))
        self.assertIn(HOSTILE_APP, [p[1] for p in places])
        self.assertIn(self.shared[:4] + "*****", groups[0].text())

        # Timeline: two months, two commits that brought secrets.
        months = dom.by_id("kl-months").find_all("tr")[1:]
        self.assertEqual(len(months), 2)
        commits = dom.by_id("kl-commits").children
        self.assertEqual(len([c for c in commits if isinstance(c, Node)]),
                         2)
        # At HEAD against history only.
        gone = [f for f in findings if not f["present_at_head"]]
        self.assertEqual([f["path"] for f in gone], ["old/deploy.txt"])
        purge = dom.by_id("kl-purge").find_all("tr")[1:]
        self.assertEqual(len(purge), 1)
        self.assertIn("old/deploy.txt", purge[0].text())
        at_head = dom.by_id("kl-at-head").find_all("tr")[1:]
        self.assertEqual(len(at_head), len(findings) - 1)

        # The filters: filled by the script, and set from the link.
        form = dom.by_id("kl-filters")
        self.assertNotIn("hidden", form.attrs)
        options = [o.text() for o in dom.by_id("kl-f-rule").find_all(
            "option")]
        self.assertEqual(options, ["all"] + sorted(by_rule))
        sevs = [o.text() for o in dom.by_id("kl-f-sev").find_all("option")]
        self.assertEqual(sevs[0], "all")
        dom = Tree(self.chrome("--dump-dom",
                               "file://" + page + "#rule=kltest-hostile")).root
        shown = [a for a in dom.find_all("article")
                 if "hidden" not in a.attrs]
        self.assertEqual([a.attrs["data-rule"] for a in shown],
                         ["kltest-hostile"])
        self.assertEqual(dom.by_id("kl-shown").text(), "1")

        # A screenshot among the artefacts, for a person to look at.
        shot = os.path.join(self.artefacts, "report.png")
        if os.path.exists(shot):
            os.remove(shot)
        self.chrome("--screenshot=" + shot, "--window-size=1280,2000",
                    "--hide-scrollbars", "file://" + page)
        with open(shot, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(shot), 10000)

    def test_policy_names_the_blocks_it_ships(self):
        """The policy's hashes are those of the one style and the one
        script, byte for byte (what a browser checks), and it allows
        nothing else."""
        code, out, err = self.keylint("--format", "html")
        self.assertEqual(code, 1, err)
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" '
                        r'content="([^"]*)">', out).group(1)
        policy = dict((d.split(" ", 1) + [""])[:2]
                      for d in csp.split("; "))
        for tag, directive in (("style", "style-src"),
                               ("script", "script-src")):
            blocks = re.findall(r"<%s>(.*?)</%s>" % (tag, tag), out,
                                re.S)
            self.assertEqual(len(blocks), 1)
            digest = base64.b64encode(hashlib.sha256(
                blocks[0].encode()).digest()).decode()
            self.assertEqual(policy[directive], "'sha256-%s'" % digest)
        self.assertEqual(policy["default-src"], "'none'")
        self.assertEqual(policy["base-uri"], "'none'")
        self.assertEqual(policy["form-action"], "'none'")

    def test_show_secrets_and_no_script(self):
        """--show-secrets shows them; without script (the page as the
        file holds it: Chromium's --dump-dom needs script) every finding
        is listed and only the filters stay hidden."""
        page = self.path("shown.html")
        code, _, err = self.keylint("--show-secrets", "-o", page)
        self.assertEqual(code, 1, err)
        with open(page, encoding="utf-8") as f:
            raw = f.read()
        self.assertIn(self.shared, raw)
        self.assertIn("Secrets are shown in full", raw)
        dom = Tree(raw).root
        articles = dom.find_all("article")
        self.assertTrue(articles)
        self.assertFalse([a for a in articles if "hidden" in a.attrs])
        self.assertIn("hidden", dom.by_id("kl-filters").attrs)


if __name__ == "__main__":
    unittest.main()
