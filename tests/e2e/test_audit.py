"""End-to-end tests of `keylint audit` and `keylint merge`: generated
repositories audited from a list of paths and of git:// URLs served by a
`git daemon` on 127.0.0.1, shards run as separate processes and merged,
reuse groups across repositories and applications, and --state."""
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import KEYLINT, RULES, Git, TempDirTest, Tokens, run
from test_html import Tree, browser

TEST_RULES = ["--no-default-rules", "--rules", RULES]
REPOS = ("api", "web", "mono", "lonely", "clean", "tools", "docs")


def records(text):
    return [json.loads(line) for line in text.splitlines() if line]


def normalized(recs):
    """Records without what changes from run to run (durations), and the
    counters that say how much was read rather than what was found."""
    out = []
    for r in recs:
        r = json.loads(json.dumps(r))
        if "scan" in r:
            r["scan"].pop("duration_ms", None)
        out.append(r)
    return out


def findings(recs):
    return [r for r in recs if "rule_id" in r]


def reuse(recs):
    return [r["reuse"] for r in recs if "reuse" in r]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_repos(root, t):
    """Seven repositories; key K in api, web and two applications of
    mono; key L twice in one application of web (not reuse)."""
    k, l = t.test_token(), t.test_token()
    g = Git(os.path.join(root, "api"))
    g.commit("init", **{"config.py": "TOKEN = '%s'\n" % k,
                        "README": "the api\n"})
    g = Git(os.path.join(root, "web"))
    g.commit("init", **{".env": "KEY=%s\n" % k, "a.txt": "t=%s\n" % l,
                        "b__c.txt": "u=%s\n" % l})
    g = Git(os.path.join(root, "mono"))
    g.commit("billing", **{
        "services__billing__package.json": '{"name": "billing"}\n',
        "services__billing__config.js": "const k = '%s';\n" % k})
    g.commit("shop", **{
        "services__shop__package.json": '{"name": "shop"}\n',
        "services__shop__src__key.js": "const k = '%s';\n" % k})
    g = Git(os.path.join(root, "lonely"))
    g.commit("one", **{"s.txt": "x=%s\n" % t.test_token()})
    g.commit("gone", **{"s.txt": "x=1\n"})
    Git(os.path.join(root, "clean")).commit("init", README="hello\n")
    for name in ("tools", "docs"):
        Git(os.path.join(root, name)).commit(
            "init", **{"n.txt": "v=%s\n" % t.test_token()})
    return k


class Audit(TempDirTest):
    def setUp(self):
        super().setUp()
        self.key = make_repos(self.path("repos"), Tokens(15))
        self.list = self.path("repos", "list.txt")
        with open(self.list, "w") as f:
            f.write("# the organisation\n\n")
            for name in REPOS:
                f.write("  %s\n" % name)
            f.write("missing\n")

    def audit(self, *args, list_path=None):
        code, out, err = run(["audit", list_path or self.list] +
                             TEST_RULES + ["--threads", "2"] + list(args))
        return code, records(out), err

    def test_records_carry_the_repository(self):
        code, recs, err = self.audit()
        self.assertEqual(code, 1, err)
        head = recs[0]
        self.assertEqual(head["tool"]["name"], "keylint")
        self.assertEqual(head["audit"]["repositories"], len(REPOS) + 1)
        self.assertEqual(head["audit"]["failed"], 1)
        names = [r["repository"] for r in recs if "repository" in r]
        self.assertEqual(names, sorted(names))
        scanned = {r["repository"] for r in recs if "scan" in r}
        self.assertEqual(scanned, set(REPOS))
        errors = [r for r in recs if "error" in r]
        self.assertEqual([r["repository"] for r in errors], ["missing"])
        fs = findings(recs)
        self.assertEqual(head["audit"]["findings"], len(fs))
        for f in fs:
            self.assertIn(f["repository"], REPOS)
            self.assertIn("commit", f)
            self.assertNotIn(self.key, json.dumps(f))
        lonely = [f for f in fs if f["repository"] == "lonely"]
        self.assertEqual(len(lonely), 1)
        self.assertFalse(lonely[0]["present_at_head"])
        self.assertIn("1 could not be scanned", err)

    def test_reuse_groups(self):
        code, recs, _ = self.audit()
        groups = reuse(recs)
        self.assertEqual(len(groups), 1)
        g = groups[0]
        self.assertNotIn(self.key, json.dumps(g))
        self.assertEqual(
            [(p["repository"], p["application"], p["path"])
             for p in g["places"]],
            [("api", "", "config.py"), ("mono", "services/billing",
                                        "services/billing/config.js"),
             ("mono", "services/shop", "services/shop/src/key.js"),
             ("web", "", ".env")])
        self.assertEqual(recs[0]["audit"]["reuse"], 1)

    def test_shards_merged_equal_unsharded(self):
        n = 3
        code, whole, _ = self.audit("-o", self.path("whole.jsonl"))
        self.assertEqual(code, 1)
        with open(self.path("whole.jsonl")) as f:
            whole = records(f.read())
        procs = [subprocess.Popen(
            [KEYLINT, "audit", self.list, "--shard", "%d/%d" % (k, n),
             "-q", "-o", self.path("shard-%d.jsonl" % k), "--threads", "1"]
            + TEST_RULES) for k in range(1, n + 1)]
        for p in procs:
            self.assertIn(p.wait(timeout=120), (0, 1, 3))
        seen = []
        for k in range(1, n + 1):
            with open(self.path("shard-%d.jsonl" % k)) as f:
                seen += [r["repository"] for r in records(f.read())
                         if "scan" in r or "error" in r]
        self.assertEqual(sorted(seen), sorted(REPOS + ("missing",)))
        code, out, err = run(["merge"] + [self.path("shard-%d.jsonl" % k)
                                          for k in range(n, 0, -1)])
        self.assertEqual(code, 1, err)
        merged = records(out)
        self.assertEqual(normalized(merged), normalized(whole))
        # The same shard twice changes nothing.
        code, out, _ = run(["merge", self.path("shard-1.jsonl")] +
                           [self.path("shard-%d.jsonl" % k)
                            for k in range(1, n + 1)])
        self.assertEqual(normalized(records(out)), normalized(whole))

    PLACES = [("api", "", "config.py"),
              ("mono", "services/billing", "services/billing/config.js"),
              ("mono", "services/shop", "services/shop/src/key.js"),
              ("web", "", ".env")]

    def shards_to(self, n, *outputs):
        """Shards as separate processes, then merge into outputs."""
        procs = [subprocess.Popen(
            [KEYLINT, "audit", self.list, "--shard", "%d/%d" % (k, n),
             "-q", "-o", self.path("part-%d.jsonl" % k), "--threads", "1"]
            + TEST_RULES) for k in range(1, n + 1)]
        for p in procs:
            self.assertIn(p.wait(timeout=120), (0, 1, 3))
        args = ["merge"] + [self.path("part-%d.jsonl" % k)
                            for k in range(1, n + 1)]
        for o in outputs:
            args += ["-o", o]
        code, _, err = run(args, check_json=False)
        self.assertEqual(code, 1, err)

    def check_text(self, text):
        self.assertNotIn(self.key, text)
        # Reuse groups come first, before any finding.
        head = text.split("Reused secrets", 1)
        self.assertEqual(len(head), 2, text)
        group = head[1].split("\n\n", 1)[0]
        self.assertIn(self.key[:4] + "*****", group)
        for repo, app, path in self.PLACES:
            self.assertIn(repo, group)
            self.assertIn(path, group)
            if app:
                self.assertIn(app, group)
        self.assertIn("missing", text)

    def check_html(self, page):
        with open(page, encoding="utf-8") as f:
            raw = f.read()
        self.assertNotIn(self.key, raw)
        self.assertIn("default-src 'none'", raw)
        chromium = browser()
        if not chromium:
            if os.environ.get("KEYLINT_REQUIRE_BROWSER") == "1":
                self.fail("chromium is not installed")
            return
        p = subprocess.run(
            [chromium, "--headless", "--disable-gpu", "--no-sandbox",
             "--no-first-run", "--disable-extensions",
             "--user-data-dir=" + self.path("chromium-profile"),
             "--dump-dom", "file://" + page],
            capture_output=True, timeout=180, cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        dom = Tree(p.stdout.decode("utf-8")).root
        self.assertEqual(dom.find_all("html")[0].attrs.get("data-kl-script"),
                         "ran")
        self.assertNotIn(self.key, dom.text())
        groups = dom.find_all("div", **{"class": "group"})
        self.assertEqual(len(groups), 1)
        self.assertIn(self.key[:4] + "*****", groups[0].text())
        places = [[c.text() for c in r.find_all("td")]
                  for r in groups[0].find_all("tr")[1:]]
        self.assertEqual(sorted(tuple(p[:3]) for p in places),
                         sorted((r, a or "(root)", path)
                                for r, a, path in self.PLACES))

    def check_json(self, path):
        with open(path) as f:
            raw = f.read()
        self.assertNotIn(self.key, raw)
        rep = json.loads(raw)
        self.assertEqual(len(rep["reuse"]), 1)
        self.assertEqual(
            [(p["repository"], p["application"], p["path"])
             for p in rep["reuse"][0]["places"]], self.PLACES)
        self.assertEqual(rep["reuse"][0]["secret"], self.key[:4] + "*****")
        # The rules in force and the time, merged or not.
        with open(RULES) as f:
            self.assertEqual(rep["scan"]["rules"], len(json.load(f)["rules"]))
        self.assertGreater(rep["scan"]["duration_ms"], 0)
        self.assertGreater(rep["scan"]["commits"], 0)

    def test_html_says_whether_secrets_are_shown(self):
        for shown in (False, True):
            jl, page = self.path("a%d.jsonl" % shown), \
                self.path("a%d.html" % shown)
            code, _, err = run(["audit", self.list, "-q", "-o", jl, "-o",
                                page] + TEST_RULES +
                               (["--show-secrets"] if shown else []),
                               check_json=False)
            self.assertEqual(code, 1, err)
            merged = self.path("m%d.html" % shown)
            code, _, err = run(["merge", jl, "-o", merged],
                               check_json=False)
            self.assertEqual(code, 1, err)
            for path in (page, merged):
                with open(path, encoding="utf-8") as f:
                    raw = f.read()
                self.assertEqual(self.key in raw, shown, path)
                self.assertEqual("Secrets are redacted." in raw,
                                 not shown, path)

    def test_reuse_in_every_format_sharded_or_not(self):
        art = os.environ.get("KEYLINT_ARTEFACTS", self.path("artefacts"))
        os.makedirs(art, exist_ok=True)
        whole = [self.path("whole.txt"), os.path.join(art, "audit.html"),
                 self.path("whole.json"), self.path("whole.jsonl")]
        code, _, err = run(["audit", self.list, "-q"] + TEST_RULES +
                           sum((["-o", o] for o in whole), []),
                           check_json=False)
        self.assertEqual(code, 1, err)
        merged = [self.path("merged.txt"), self.path("merged.html"),
                  self.path("merged.json"), self.path("merged.jsonl")]
        self.shards_to(3, *merged)
        for txt, page, js, jl in (whole, merged):
            with open(txt) as f:
                self.check_text(f.read())
            self.check_html(page)
            self.check_json(js)
            with open(jl) as f:
                self.assertNotIn(self.key, f.read())
        with open(whole[3]) as a, open(merged[3]) as b:
            self.assertEqual(normalized(records(a.read())),
                             normalized(records(b.read())))
        # Standard output: --format, and a shard refuses anything but
        # JSON Lines.
        code, out, _ = run(["merge", merged[3], "--format", "text"],
                           check_json=False)
        self.assertEqual(code, 1)
        self.check_text(out)
        code, _, err = run(["audit", self.list, "--shard", "1/2", "-o",
                            self.path("s.html")] + TEST_RULES)
        self.assertEqual(code, 2, err)
        code, _, err = run(["merge", merged[3], "--format", "sarif"])
        self.assertEqual(code, 2, err)

    def test_adding_a_repository_moves_only_its_own_work(self):
        n = 4

        def shards(list_path):
            out = {}
            for k in range(1, n + 1):
                _, recs, _ = self.audit("--shard", "%d/%d" % (k, n),
                                        list_path=list_path)
                for r in recs:
                    if "scan" in r or "error" in r:
                        out[r["repository"]] = k
            return out

        before = shards(self.list)
        bigger = self.path("repos", "bigger.txt")
        shutil.copy(self.list, bigger)
        with open(bigger, "a") as f:
            f.write("newcomer\n")
        after = shards(bigger)
        self.assertIn("newcomer", after)
        del after["newcomer"]
        self.assertEqual(before, after)

    def test_usage(self):
        for args in (["audit"], ["audit", self.list, "--shard", "0/3"],
                     ["audit", self.list, "--shard", "4/3"],
                     ["audit", self.list, "--format", "sarif"],
                     ["merge"], ["audit", self.path("nolist")]):
            code, _, err = run(args)
            self.assertEqual(code, 2, (args, err))
        with open(self.path("bad.jsonl"), "w") as f:
            f.write('{"no": "record"}\n')
        code, _, err = run(["merge", self.path("bad.jsonl")])
        self.assertEqual(code, 2)
        self.assertIn("bad.jsonl:1", err)


def picture(recs):
    """What a report says, without what it cost: durations and the
    counters of what was read."""
    out = []
    for r in normalized(recs):
        if "scan" in r:
            r["scan"] = {"mode": r["scan"]["mode"],
                         "commits": r["scan"]["commits"]}
        out.append(r)
    return out


class State(TempDirTest):
    """--state: the next run reads only what it has not seen, and still
    reports what a full run reports."""

    def setUp(self):
        super().setUp()
        self.t = Tokens(16)
        self.key = make_repos(self.path("repos"), self.t)
        self.list = self.path("repos", "list.txt")
        with open(self.list, "w") as f:
            f.write("".join(n + "\n" for n in REPOS))
        self.state = self.path("state.json")

    def audit(self, *args):
        code, out, err = run(["audit", self.list, "--threads", "2"] +
                             TEST_RULES + list(args))
        self.assertIn(code, (0, 1), err)
        return records(out)

    def git(self, name):
        g = Git.__new__(Git)
        g.path, g.tick = self.path("repos", name), 1800000000
        return g

    def test_unchanged_repositories_read_no_blob(self):
        first = self.audit("--state", self.state)
        self.assertGreater(sum(r["scan"]["blobs"] for r in first
                               if "scan" in r), 0)
        self.assertEqual(os.stat(self.state).st_mode & 0o777, 0o600)
        with open(self.state) as f:
            self.assertNotIn(self.key, f.read())
        second = self.audit("--state", self.state)
        for r in second:
            if "scan" in r:
                self.assertEqual(r["scan"]["blobs"], 0, r)
                self.assertEqual(r["scan"]["bytes"], 0, r)
                self.assertTrue(r["scan"]["from_state"])
        self.assertEqual(picture(second), picture(first))

    def test_a_changed_config_file_scans_again(self):
        config = self.path("keylint.json")
        with open(config, "w") as f:
            f.write('{"allow": {"paths": ["nothing-here/"]}}\n')
        first = self.audit("--state", self.state, "--config", config)
        self.assertTrue(findings(first))
        # Same rules, same refs; only the config's allowlist changed.
        with open(config, "w") as f:
            f.write('{"allow": {"paths": ["*"]}}\n')
        second = self.audit("--state", self.state, "--config", config)
        self.assertEqual(findings(second), [])
        for r in second:
            if "scan" in r:
                self.assertNotIn("from_state", r["scan"], r)
        self.assertEqual(picture(second),
                         picture(self.audit("--config", config)))

    def test_new_commits_and_a_force_push_equal_a_full_run(self):
        # A blob whose reading leaves an error entry (an archive member
        # named with "..") is read again, so the entry stays.
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("x/../y.txt", "nothing\n")
        self.git("api").commit("zip", **{"a.zip": buf.getvalue()})
        first = self.audit("--state", self.state)
        self.assertTrue([r for r in first if r.get("errors")])
        api = self.git("api")
        api.commit("more", **{"more.py": "K2 = '%s'\n" % self.t.test_token(),
                              "big.txt": "nothing here\n" * 50})
        web = self.git("web")
        with open(self.path("repos", "web", "a.txt")) as f:
            web.commit("copy", **{"moved__a.txt": f.read()})
        # lonely's secret leaves every ref: history rewritten without it.
        lonely = self.git("lonely")
        lonely("checkout", "-q", "--orphan", "fresh")
        lonely("rm", "-rq", "--cached", ".")
        lonely.commit("fresh start", **{"s.txt": "x=1\n"})
        lonely("branch", "-D", "main")
        lonely("branch", "-m", "main")
        incremental = self.audit("--state", self.state)
        full = self.audit()
        self.assertEqual(picture(incremental), picture(full))
        self.assertEqual([f for f in findings(full)
                          if f["repository"] == "lonely"], [])
        read = {r["repository"]: r["scan"] for r in incremental
                if "scan" in r}
        whole = {r["repository"]: r["scan"] for r in full if "scan" in r}
        self.assertTrue(read["clean"]["from_state"])
        self.assertLess(sum(r["blobs"] for r in read.values()),
                        sum(r["blobs"] for r in whole.values()))
        self.assertGreater(read["api"]["blobs_known"], 0)
        # And the state after it is as good as a fresh one.
        again = self.audit("--state", self.state)
        self.assertEqual(picture(again), picture(full))
        self.assertTrue(all(r["scan"]["blobs"] == 0 for r in again
                            if "scan" in r))

    def test_history_state(self):
        repo = self.path("repos", "api")

        def history(*args):
            code, out, err = run(["history", repo, "--format", "json"] +
                                 TEST_RULES + list(args))
            self.assertEqual(code, 1, err)
            rep = json.loads(out)
            scan = rep.pop("scan")
            return scan, rep

        scan, first = history("--state", self.state)
        self.assertEqual(scan["blobs"], 2)
        # Only the blob with a finding is read again.
        scan, second = history("--state", self.state)
        self.assertEqual(scan["blobs"], 1)
        self.assertEqual(second, first)
        self.git("api").commit("more", **{
            "n.txt": "n=%s\n" % self.t.test_token(), "o.txt": "clean\n"})
        scan, third = history("--state", self.state)
        self.assertEqual(scan["blobs"], 3)
        self.assertEqual(third, history()[1])


class Daemon(TempDirTest):
    """Repositories by URL from a git daemon this test starts."""

    def setUp(self):
        super().setUp()
        self.key = make_repos(self.path("srv"), Tokens(15))
        self.port = free_port()
        self.daemon = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all",
             "--listen=127.0.0.1", "--port=%d" % self.port,
             "--base-path=" + self.path("srv"), self.path("srv")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                break
            except OSError:
                time.sleep(0.05)

    def tearDown(self):
        self.daemon.terminate()
        self.daemon.wait(timeout=10)
        super().tearDown()

    def url(self, name):
        return "git://127.0.0.1:%d/%s" % (self.port, name)

    def audit(self, lines, *args):
        lst = self.path("list.txt")
        with open(lst, "w") as f:
            f.write("".join(l + "\n" for l in lines))
        code, out, err = run(["audit", lst, "--cache", self.path("cache"),
                              "--threads", "2"] + TEST_RULES + list(args))
        return code, records(out), err

    def test_urls_and_an_unreachable_one(self):
        dead = "git://127.0.0.1:%d/nothing" % free_port()
        code, recs, err = self.audit([self.url(n) for n in REPOS] + [dead])
        self.assertEqual(code, 1, err)
        errors = {r["repository"]: r["error"] for r in recs if "error" in r}
        self.assertEqual(list(errors), [dead])
        self.assertIn("cannot fetch", errors[dead])
        self.assertIn("Connection refused", errors[dead])
        scanned = {r["repository"] for r in recs if "scan" in r}
        self.assertEqual(scanned, {self.url(n) for n in REPOS})
        clones = os.listdir(self.path("cache"))
        self.assertEqual(len(clones), len(REPOS))
        for c in clones:
            self.assertTrue(c.endswith(".git"))
            self.assertTrue(os.path.isfile(self.path("cache", c, "HEAD")))
            # The URL is kept nowhere in the clone (it may hold a token).
            out = subprocess.run(["grep", "-rl", str(self.port),
                                  self.path("cache", c)],
                                 capture_output=True, text=True).stdout
            self.assertEqual(out, "")
        # The same report as the local audit, repository names aside.
        local = self.path("srv", "local.txt")
        with open(local, "w") as f:
            f.write("".join(n + "\n" for n in REPOS))
        _, out, _ = run(["audit", local, "--threads", "2"] + TEST_RULES)
        strip = lambda fs: sorted(
            json.dumps({k: v for k, v in f.items() if k != "repository"},
                       sort_keys=True) for f in fs)
        self.assertEqual(strip(findings(recs)),
                         strip(findings(records(out))))
        self.assertEqual(len(reuse(recs)), 1)

    def test_next_run_fetches_new_and_rewritten_history(self):
        code, recs, _ = self.audit([self.url("clean")])
        self.assertEqual(code, 0)
        g = Git.__new__(Git)
        g.path, g.tick = self.path("srv", "clean"), 1800000000
        secret = Tokens(99).test_token()
        g.commit("oops", **{"k.txt": "k=%s\n" % secret})
        code, recs, _ = self.audit([self.url("clean")])
        self.assertEqual(code, 1)
        self.assertEqual(len(findings(recs)), 1)
        # A force-push that removes the commit from every ref.
        g("reset", "-q", "--hard", "HEAD~1")
        g("reflog", "expire", "--expire=now", "--all")
        code, recs, _ = self.audit([self.url("clean")])
        self.assertEqual(code, 0)
        self.assertEqual(findings(recs), [])


if __name__ == "__main__":
    unittest.main()
