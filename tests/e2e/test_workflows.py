"""The three places teams run keylint, end to end: a pre-commit hook run by
the real pre-commit framework, a CI gate on a pull request's commits (with
SARIF checked by the official validator when it is installed), and adopting
keylint on a repository that already has findings (baselines)."""
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import (KEYLINT, RULES, Git, TempDirTest, Tokens, report, run,
                    write_tree)

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TEST_RULES = ["--no-default-rules", "--rules", RULES]


def sarif_validator():
    """The @microsoft/sarif-multitool binary, if installed (tests/ci.sh
    installs it outside the repository)."""
    path = os.environ.get("SARIF_MULTITOOL")
    if path and os.access(path, os.X_OK):
        return path
    return shutil.which("sarif-multitool")


@unittest.skipUnless(shutil.which("pre-commit"), "pre-commit not installed")
class PreCommit(TempDirTest):
    def setUp(self):
        super().setUp()
        # The hook repository: a clone of this project at the commit under
        # test.
        self.hooks = self.path("hookrepo")
        subprocess.run(["git", "clone", "-q", SOURCE, self.hooks], check=True)
        self.rev = subprocess.run(["git", "-C", self.hooks, "rev-parse",
                                   "HEAD"], capture_output=True, check=True,
                                  text=True).stdout.strip()
        self.env = {"PRE_COMMIT_HOME": self.path("pc-home"),
                    "KEYLINT_HOOK_CACHE": self.path("hook-cache"),
                    "HOME": self.tmp}

    def user_repo(self, hook_id, extra_env=None):
        g = Git(self.path("user-" + hook_id))
        g.write(".pre-commit-config.yaml",
                "repos:\n- repo: %s\n  rev: %s\n  hooks:\n  - id: %s\n"
                % (self.hooks, self.rev, hook_id))
        g("add", ".pre-commit-config.yaml")
        env = dict(self.env)
        env.update(extra_env or {})
        subprocess.run(["pre-commit", "install"], cwd=g.path, check=True,
                       capture_output=True, env=dict(os.environ, **env))
        return g, env

    def commit(self, g, env, files, msg):
        for rel, content in files.items():
            g.write(rel, content)
        g("add", "-A")
        p = subprocess.run(["git", "commit", "-m", msg], cwd=g.path,
                           capture_output=True, text=True, timeout=900,
                           env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1",
                                    **env))
        return p.returncode, p.stdout + p.stderr

    def check_hook(self, hook_id, extra_env=None):
        t = Tokens(300)
        g, env = self.user_repo(hook_id, extra_env)
        code, out = self.commit(g, env, {"docs/readme.md": "hello\n"},
                                "clean commit")
        self.assertEqual(code, 0, out)
        key = t.github()
        code, out = self.commit(g, env, {
            "src/client.py": "import os\n\nTOKEN = \"%s\"\n" % key},
            "add client")
        self.assertNotEqual(code, 0, out)
        self.assertIn("src/client.py:3:10  high  github-pat-classic", out)
        self.assertIn("github-pat", out)
        self.assertIn("ghp_*****", out)
        self.assertNotIn(key, out)
        # The commit did not happen.
        self.assertEqual(g("rev-list", "--count", "HEAD"), "1")
        # Replacing the key with an environment lookup lets it through.
        code, out = self.commit(g, env, {
            "src/client.py": "import os\n\nTOKEN = os.environ[\"TOKEN\"]\n"},
            "add client")
        self.assertEqual(code, 0, out)

    def test_hook_that_builds_keylint(self):
        self.check_hook("keylint")
        # Built once, cached by commit.
        self.assertTrue(os.access(os.path.join(self.env["KEYLINT_HOOK_CACHE"],
                                               self.rev, "keylint"),
                                  os.X_OK))

    def test_hook_with_installed_keylint(self):
        bindir = self.path("bin")
        os.makedirs(bindir)
        shutil.copy(KEYLINT, os.path.join(bindir, "keylint"))
        self.check_hook("keylint-system",
                        {"PATH": bindir + os.pathsep + os.environ["PATH"]})


class PullRequestGate(TempDirTest):
    """What docs/ci.md tells CI to run on a pull request."""

    def setUp(self):
        super().setUp()
        t = Tokens(400)
        self.old, self.new, self.low = (t.test_token(), t.test_token(),
                                        t.rand(8))
        g = self.g = Git(self.path("repo"))
        g.commit("base", **{"app.py": "KEY = '%s'\n" % self.old})
        self.base = g("rev-parse", "HEAD")
        g("checkout", "-q", "-b", "feature")
        g.commit("feature work", **{"feature.py": "T = '%s'\n" % self.new})
        g("checkout", "-q", "main")
        g.commit("unrelated main work", **{"main.txt": "x\n"})

    def test_only_the_branch_secret_is_reported_and_gates(self):
        code, rep, _ = report(["history", self.g.path, "main..feature"]
                              + TEST_RULES)
        self.assertEqual(code, 1)
        self.assertEqual([f["path"] for f in rep["findings"]], ["feature.py"])
        self.assertEqual(rep["findings"][0]["reachable_from"],
                         ["refs/heads/feature"])
        # The merge base is what a PR compares against.
        base = self.g("merge-base", "main", "feature")
        code, rep, _ = report(["history", self.g.path, base + "..feature"]
                              + TEST_RULES)
        self.assertEqual([f["path"] for f in rep["findings"]], ["feature.py"])
        # Gating on critical only: the high finding is reported, not fatal.
        code, rep, _ = report(["history", self.g.path, "main..feature",
                               "--min-severity", "critical"] + TEST_RULES)
        self.assertEqual((code, len(rep["findings"])), (0, 1))
        # A clean PR passes.
        self.g("checkout", "-q", "-b", "clean", "main")
        self.g.commit("docs", **{"README": "no secrets\n"})
        code, rep, _ = report(["history", self.g.path, "main..clean"]
                              + TEST_RULES)
        self.assertEqual((code, rep["findings"]), (0, []))

    def test_sarif_is_valid(self):
        out = self.path("history.sarif")
        code, _, err = run(["history", self.g.path, "--format", "sarif",
                            "-o", out] + TEST_RULES)
        self.assertEqual(code, 1, err)
        with open(out) as f:
            sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        run0 = sarif["runs"][0]
        self.assertEqual([r["id"] for r in run0["tool"]["driver"]["rules"]],
                         ["kltest-token", "kltest-critical"])
        res = sorted(run0["results"],
                     key=lambda r: r["locations"][0]["physicalLocation"]
                     ["artifactLocation"]["uri"])
        self.assertEqual(len(res), 2)
        self.assertEqual(res[0]["ruleId"], "kltest-token")
        self.assertTrue(res[0]["partialFingerprints"]["keylint/v1"]
                        .startswith("kltest-token:app.py:"))
        self.assertNotIn(self.old, json.dumps(sarif))
        validator = sarif_validator()
        if not validator:
            self.skipTest("sarif-multitool not installed")
        self.assert_valid(validator, out)

    def assert_valid(self, validator, path):
        log = path + ".validation.sarif"
        p = subprocess.run([validator, "validate", "--output", log, path],
                           capture_output=True, text=True, timeout=300)
        with open(log) as f:
            results = json.load(f)["runs"][0].get("results", [])
        bad = [r for r in results if r.get("level", "warning") in
               ("error", "warning")]
        self.assertEqual(bad, [], p.stdout + p.stderr)


class SarifOfTheDemo(TempDirTest):
    def test_demo_sarif_is_valid(self):
        out = self.path("demo.sarif")
        code, _, err = run(["scan", os.path.join(SOURCE, "testdata", "demo"),
                            "--format", "sarif", "-o", out])
        self.assertEqual(code, 1, err)
        with open(out) as f:
            sarif = json.load(f)
        rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        self.assertGreater(len(rules), 100)
        for r in rules:
            self.assertIn("security-severity", r["properties"])
        validator = sarif_validator()
        if not validator:
            self.skipTest("sarif-multitool not installed")
        PullRequestGate.assert_valid(self, validator, out)


class SarifOfArchivesAndEncodedText(TempDirTest):
    """A finding inside an archive member and one in decoded text, in a
    SARIF log the official validator accepts."""

    def test_members_and_decoded_text_are_valid(self):
        import base64
        import zipfile
        t = Tokens(501)
        root = self.path("t")
        os.makedirs(root)
        with zipfile.ZipFile(os.path.join(root, "app.jar"), "w") as z:
            z.writestr("conf/app.properties", "k=%s\n" % t.test_token())
        with open(os.path.join(root, "env.sh"), "w") as f:
            f.write("export X=%s\n" % base64.b64encode(
                ("key %s" % t.test_token()).encode()).decode())
        out = self.path("out.sarif")
        code, _, err = run(["scan", root, "--format", "sarif", "-o", out]
                           + TEST_RULES)
        self.assertEqual(code, 1, err)
        with open(out) as f:
            res = json.load(f)["runs"][0]["results"]
        by_uri = {r["locations"][0]["physicalLocation"]["artifactLocation"]
                  ["uri"]: r for r in res}
        self.assertEqual(set(by_uri), {"app.jar", "env.sh"})
        member = by_uri["app.jar"]
        self.assertEqual(member["properties"]["archiveMember"],
                         "conf/app.properties")
        self.assertEqual(member["locations"][0]["logicalLocations"][0]
                         ["fullyQualifiedName"], "app.jar!conf/app.properties")
        self.assertEqual(by_uri["env.sh"]["properties"]["decoded"],
                         ["base64"])
        validator = sarif_validator()
        if not validator:
            self.skipTest("sarif-multitool not installed")
        PullRequestGate.assert_valid(self, validator, out)


class Adoption(TempDirTest):
    """Baseline workflow: record today's findings, fail only on new ones."""

    def test_history_baseline(self):
        t = Tokens(500)
        old, new = t.test_token(), t.test_token()
        g = Git(self.path("repo"))
        g.commit("legacy", **{"legacy.py": "K = '%s'\n" % old})
        base = self.path("repo", "keylint-baseline.json")
        code, _, _ = run(["history", g.path, "-o", base] + TEST_RULES)
        self.assertEqual(code, 1)
        g.commit("add baseline", **{})
        code, rep, _ = report(["history", g.path, "--baseline", base]
                              + TEST_RULES)
        self.assertEqual((code, rep["findings"]), (0, []))
        # Edits that move the old secret do not bring it back.
        g.commit("move it", **{"legacy.py": "# header\n\n\nK = '%s'\n" % old})
        code, rep, _ = report(["scan", g.path, "--baseline", base]
                              + TEST_RULES)
        self.assertEqual((code, rep["findings"]), (0, []))
        # A different secret on the same line still fails.
        g.commit("new key", **{"legacy.py": "# header\n\n\nK = '%s'\n" % new})
        code, rep, _ = report(["history", g.path, "--baseline", base]
                              + TEST_RULES)
        self.assertEqual(code, 1)
        self.assertEqual([(f["path"], f["line"]) for f in rep["findings"]],
                         [("legacy.py", 4)])

    def test_jsonl_streams_one_finding_per_line(self):
        t = Tokens(501)
        write_tree(self.tmp, {"d%d/f.txt" % i: t.test_token() + "\n"
                              for i in range(20)})
        code, out, _ = run(["scan", self.tmp, "--format", "jsonl"]
                           + TEST_RULES)
        self.assertEqual(code, 1)
        lines = out.splitlines()
        self.assertEqual(len(lines), 20)
        for line in lines:
            f = json.loads(line)
            self.assertEqual(f["rule_id"], "kltest-token")
            self.assertEqual(f["secret"], "klte*****")
        code, out, _ = run(["history", self.tmp, "--format", "jsonl"])
        self.assertEqual(code, 3)


if __name__ == "__main__":
    unittest.main()
