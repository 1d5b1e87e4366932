"""End-to-end tests of `keylint history` and `keylint staged` on scripted
repositories with fixed dates."""
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import RULES, Git, TempDirTest, Tokens, normalized, report, run

TEST_RULES = ["--no-default-rules", "--rules", RULES]


def by_secret(rep):
    return {(f["path"], f["secret_hash"]): f for f in rep["findings"]}


def git_hash(secret):
    return subprocess.run(["git", "hash-object", "--stdin"],
                          input=secret.encode(), capture_output=True,
                          check=True).stdout.decode().strip()


class History(TempDirTest):
    """One repository exercising every attribution case at once."""

    def setUp(self):
        super().setUp()
        t = Tokens(100)
        self.s = {k: t.test_token() for k in (
            "deleted", "old", "new", "branch", "merge", "renamed", "tag",
            "reused", "head", "crlf", "latin1", "binary", "edited")}
        s = self.s
        g = self.g = Git(self.path("repo"))
        self.c = c = {}
        c["init"] = g.commit("initial", README="hello\n")
        c["deleted"] = g.commit("add config", **{
            "app__config.py": "DEBUG = True\nTOKEN = '%s'\n" % s["deleted"]})
        c["removed"] = g.commit("remove token", **{
            "app__config.py": "DEBUG = True\n"})
        c["old"] = g.commit("add service key", **{
            "svc.env": "A=1\nKEY=%s\n" % s["old"]})
        c["new"] = g.commit("rotate service key", **{
            "svc.env": "A=1\nKEY=%s\n" % s["new"]})
        c["renamed"] = g.commit("add deploy script", **{
            "deploy__run.sh": "#!/bin/sh\nexport T=%s\n" % s["renamed"],
            "notes.txt": "x\n%s\n" % s["edited"]})
        # A pure rename, and a rename with an edit, in one commit.
        g.mv("deploy/run.sh", "scripts/deploy.sh")
        g.mv("notes.txt", "doc/notes.md")
        g.write("doc/notes.md", "# notes\nx\n%s\n" % s["edited"])
        c["moved"] = g.commit("move deploy script and notes")
        c["reused"] = g.commit("reuse one key", **{
            "a__one.txt": s["reused"] + "\n",
            "b__two.txt": "x\n" + s["reused"] + "\n",
            "c__three.txt": "y\n\n" + s["reused"] + "\n"})
        c["crlf"] = g.commit("windows file", **{
            "win.ini": "[a]\r\nk=1\r\ntoken=%s\r\n" % s["crlf"]})
        c["latin1"] = g.commit("latin-1 file", **{
            "legacy.txt": ("caf\xe9 \xe9t\xe9\ntoken %s\n" % s["latin1"])
            .encode("latin-1")})
        c["binary"] = g.commit("binary blob", **{
            "img.png": b"\x89PNG\r\n\x1a\n\x00\x00" + s["binary"].encode()})
        # A tag on a commit that no branch keeps (the only ref containing
        # it, so the expectation below is exact).
        g("checkout", "-q", "-b", "tagonly")
        c["tag"] = g.commit("release note", **{
            "release.txt": "key %s\n" % s["tag"]})
        g("tag", "v1.0")
        g("checkout", "-q", "main")
        g("branch", "-D", "tagonly")
        # An unmerged branch.
        g("checkout", "-q", "-b", "feature")
        c["branch"] = g.commit("wip feature", **{
            "feature.py": "K = '%s'\n" % s["branch"]})
        g("checkout", "-q", "main")
        # A merge that introduces a secret neither parent had.
        g("checkout", "-q", "-b", "side")
        c["side"] = g.commit("side change", **{"merge.txt": "side\n"})
        g("checkout", "-q", "main")
        c["main2"] = g.commit("main change", **{"merge.txt": "main\n"})
        try:
            g("merge", "-q", "side", "-m", "merge side")
        except RuntimeError:
            pass  # conflict, resolved below
        g.write("merge.txt", "both\ntoken %s\n" % s["merge"])
        g("add", "merge.txt")
        g.tick += 60
        g("commit", "-q", "-m", "merge side")
        c["merge"] = g("rev-parse", "HEAD")
        c["head"] = g.commit("current key", **{
            "current.yml": "key: %s\n" % s["head"]})

    def scan(self, *extra):
        code, rep, err = report(["history", self.g.path] + list(extra)
                                + TEST_RULES)
        return code, rep, err

    def test_attribution(self):
        code, rep, err = self.scan()
        self.assertEqual(code, 1, err)
        s, c = self.s, self.c
        f = by_secret(rep)
        expect = {
            # secret: (path, commit, line, present, head_paths, refs)
            "deleted": ("app/config.py", c["deleted"], 2, False, [],
                        ["refs/heads/main"]),
            "old": ("svc.env", c["old"], 2, False, [], ["refs/heads/main"]),
            "new": ("svc.env", c["new"], 2, True, ["svc.env"],
                    ["refs/heads/main"]),
            "renamed": ("deploy/run.sh", c["renamed"], 2, True,
                        ["scripts/deploy.sh"], ["refs/heads/main"]),
            "edited": ("notes.txt", c["renamed"], 2, True, ["doc/notes.md"],
                       ["refs/heads/main"]),
            "crlf": ("win.ini", c["crlf"], 3, True, ["win.ini"],
                     ["refs/heads/main"]),
            "latin1": ("legacy.txt", c["latin1"], 2, True, ["legacy.txt"],
                       ["refs/heads/main"]),
            "tag": ("release.txt", c["tag"], 1, False, [], ["refs/tags/v1.0"]),
            "branch": ("feature.py", c["branch"], 1, False, [],
                       ["refs/heads/feature"]),
            "merge": ("merge.txt", c["merge"], 2, True, ["merge.txt"],
                      ["refs/heads/main"]),
            "head": ("current.yml", c["head"], 1, True, ["current.yml"],
                     ["refs/heads/main"]),
        }
        for name, (path, commit, line, present, head_paths, refs) in \
                expect.items():
            key = (path, git_hash(s[name]))
            self.assertIn(key, f, name)
            x = f[key]
            self.assertEqual(x["commit"]["id"], commit, name)
            self.assertEqual(x["line"], line, name)
            self.assertEqual(x["present_at_head"], present, name)
            self.assertEqual(x["head_paths"], head_paths, name)
            contains = self.g("for-each-ref", "--contains", commit,
                              "--format=%(refname)").split()
            self.assertEqual(x["reachable_from"], sorted(contains), name)
            self.assertIn(refs[0], x["reachable_from"], name)
        # CRLF: the column counts bytes of that line, \r not included.
        self.assertEqual(f[("win.ini", git_hash(s["crlf"]))]["column"], 7)
        self.assertEqual(f[("legacy.txt", git_hash(s["latin1"]))]["column"], 7)
        # One secret in three files: three findings, one hash.
        reused = [x for x in rep["findings"]
                  if x["secret_hash"] == git_hash(s["reused"])]
        self.assertEqual(sorted((x["path"], x["line"]) for x in reused),
                         [("a/one.txt", 1), ("b/two.txt", 2),
                          ("c/three.txt", 3)])
        self.assertTrue(all(x["commit"]["id"] == c["reused"] for x in reused))
        # Each (rule, path, secret) once; the binary blob is skipped.
        self.assertEqual(len(rep["findings"]), len(expect) + 3)
        self.assertNotIn(git_hash(s["binary"]),
                         [x["secret_hash"] for x in rep["findings"]])
        self.assertEqual(rep["scan"]["skipped"]["binary"], 1)
        self.assertEqual(rep["scan"]["mode"], "history")
        self.assertEqual(rep["scan"]["commits"], 17)
        commit = f[("svc.env", git_hash(s["old"]))]["commit"]
        self.assertEqual(commit["author"], "Test Author")
        self.assertEqual(commit["email"], "author@example.test")
        self.assertEqual(commit["summary"], "add service key")
        self.assertRegex(commit["date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_attribution_agrees_with_git_log_S(self):
        code, rep, _ = self.scan("--show-secrets")
        self.assertGreater(len(rep["findings"]), 10)
        for x in rep["findings"]:
            # -m: also diff merges against each parent, as keylint does.
            out = self.g("log", "--all", "--reverse", "--format=%H", "-m",
                         "-S" + x["secret"], "--", x["path"])
            self.assertEqual(x["commit"]["id"], out.split()[0], x["path"])

    def test_range_reports_only_secrets_introduced_in_it(self):
        code, rep, _ = self.scan("%s..%s" % (self.c["crlf"], self.c["merge"]))
        got = sorted(x["path"] for x in rep["findings"])
        self.assertEqual(got, ["legacy.txt", "merge.txt"])
        code, rep, _ = self.scan("main..feature")
        self.assertEqual([x["path"] for x in rep["findings"]], ["feature.py"])
        code, rep, _ = self.scan("feature", "^main")
        self.assertEqual([x["path"] for x in rep["findings"]], ["feature.py"])
        code, rep, _ = self.scan(self.c["head"] + "..main")
        self.assertEqual((code, rep["findings"]), (0, []))
        code, _, err = run(["history", self.g.path, "no-such-branch"])
        self.assertEqual(code, 2)
        self.assertIn("unknown revision no-such-branch", err)

    def test_deterministic_and_thread_independent(self):
        outs = set()
        for threads in ("1", "3", "1"):
            code, rep, _ = self.scan("--threads", threads)
            outs.add(json.dumps(normalized(rep)))
        self.assertEqual(len(outs), 1)

    def test_works_from_a_subfolder_and_reads_config_from_head(self):
        self.g.commit("ignore the env file", **{
            ".keylint.json": json.dumps({"allow": {"paths": ["*.env"]}})})
        code, rep, _ = report(["history", self.g.path + "/app"] + TEST_RULES)
        self.assertNotIn("svc.env", [x["path"] for x in rep["findings"]])
        self.assertIn("feature.py", [x["path"] for x in rep["findings"]])

    def test_shallow_clone(self):
        clone = self.path("shallow")
        subprocess.run(["git", "clone", "-q", "--depth", "3", "--no-local",
                        "file://" + self.g.path, clone], check=True,
                       capture_output=True)
        code, rep, err = report(["history", clone] + TEST_RULES)
        self.assertEqual(code, 1, err)
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"],
                               cwd=clone, capture_output=True, check=True)
        self.assertEqual(rep["scan"]["commits"], int(count.stdout))
        self.assertTrue(any("shallow clone" in e["message"]
                            for e in rep["errors"]))
        # Everything still in the boundary commit's tree is attributed to
        # the oldest commit that has it.
        paths = {x["path"] for x in rep["findings"]}
        self.assertIn("current.yml", paths)
        self.assertIn("svc.env", paths)

    def test_missing_blob(self):
        s = self.s
        g = self.g
        # Loose objects only: delete the blob that held the old key.
        blob = g("rev-parse", "%s:svc.env" % self.c["old"])
        os.remove(os.path.join(g.path, ".git", "objects", blob[:2], blob[2:]))
        code, rep, err = self.scan()
        self.assertEqual(code, 1, err)
        self.assertTrue(any(blob in e["message"] and e["path"] == "svc.env"
                            for e in rep["errors"]), rep["errors"])
        hashes = {x["secret_hash"] for x in rep["findings"]}
        self.assertNotIn(git_hash(s["old"]), hashes)
        self.assertIn(git_hash(s["new"]), hashes)

    def test_missing_commit(self):
        g = self.g
        commit = self.c["deleted"]
        os.remove(os.path.join(g.path, ".git", "objects", commit[:2],
                               commit[2:]))
        code, rep, err = self.scan()
        self.assertEqual(code, 1, err)
        self.assertTrue(any(commit in e["message"] for e in rep["errors"]))
        self.assertIn(git_hash(self.s["head"]),
                      {x["secret_hash"] for x in rep["findings"]})

    def test_not_a_repository(self):
        os.makedirs(self.path("plain"))
        code, out, err = run(["history", self.path("plain")])
        self.assertEqual(code, 3)
        self.assertIn("not a git repository", err)


class EmptyAndOdd(TempDirTest):
    def test_unborn_repository(self):
        g = Git(self.path("r"))
        code, rep, err = report(["history", g.path] + TEST_RULES)
        self.assertEqual((code, rep["findings"], rep["scan"]["commits"]),
                         (0, [], 0), err)

    def test_gitlinks_are_skipped(self):
        t = Tokens(5)
        g = Git(self.path("r"))
        g.commit("one", **{"a.txt": t.test_token()})
        g("update-index", "--add", "--cacheinfo",
          "160000,%s,sub" % g("rev-parse", "HEAD"))
        g.tick += 60
        g("commit", "-q", "-m", "submodule")
        code, rep, err = report(["history", g.path] + TEST_RULES)
        self.assertEqual([x["path"] for x in rep["findings"]], ["a.txt"])
        self.assertEqual(rep["errors"], [])


class Staged(TempDirTest):
    def test_only_added_staged_lines(self):
        t = Tokens(200)
        committed, staged, unstaged = (t.test_token() for _ in range(3))
        g = Git(self.path("r"))
        g.commit("base", **{"app.py": "A = '%s'\nB = 1\n" % committed,
                            "gone.txt": t.test_token() + "\n"})
        # Stage a new secret two lines down, then change the work tree.
        g.write("app.py", "A = '%s'\nB = 1\n\nC = '%s'\n" % (committed, staged))
        g("add", "app.py")
        g.write("app.py", "A = '%s'\nB = 1\n\nC = '%s'\nD = '%s'\n"
                % (committed, staged, unstaged))
        g("rm", "-q", "gone.txt")
        os.makedirs(g.path + "/sub", exist_ok=True)
        code, rep, err = report(["staged"] + TEST_RULES, cwd=g.path + "/sub")
        self.assertEqual(code, 1, err)
        self.assertEqual(rep["scan"]["mode"], "staged")
        self.assertEqual([(x["path"], x["line"], x["commit"])
                          for x in rep["findings"]], [("app.py", 4, None)])
        self.assertEqual(rep["findings"][0]["secret_hash"], git_hash(staged))

    def test_unborn_rename_binary_and_mode_change(self):
        t = Tokens(201)
        g = Git(self.path("r"))
        a = t.test_token()
        g.write("x/first.txt", "one\n%s\n" % a)
        g.write("bin.dat", b"\x00\x01" + t.test_token().encode())
        g("add", "-A")
        code, rep, err = report(["staged", g.path] + TEST_RULES)
        self.assertEqual([(x["path"], x["line"]) for x in rep["findings"]],
                         [("x/first.txt", 2)], err)
        self.assertEqual(rep["scan"]["skipped"]["binary"], 1)
        g.tick += 60
        g("commit", "-q", "-m", "first")
        # A pure rename adds no lines.
        g.mv("x/first.txt", "y/second.txt")
        code, rep, _ = report(["staged", g.path] + TEST_RULES)
        self.assertEqual((code, rep["findings"]), (0, []))
        # A rename with an added secret reports only that line, at the new
        # path.
        b = t.test_token()
        g.write("y/second.txt", "one\n%s\nnew %s\n" % (a, b))
        os.chmod(g.path + "/y/second.txt", 0o755)
        g("add", "-A")
        code, rep, _ = report(["staged", g.path] + TEST_RULES)
        self.assertEqual([(x["path"], x["line"]) for x in rep["findings"]],
                         [("y/second.txt", 3)])

    def test_config_comes_from_the_index(self):
        t = Tokens(202)
        g = Git(self.path("r"))
        g.write("a.txt", t.test_token())
        g.write(".keylint.json", json.dumps({"allow": {"paths": ["a.txt"]}}))
        g("add", "-A")
        code, rep, _ = report(["staged", g.path] + TEST_RULES)
        self.assertEqual((code, rep["findings"]), (0, []))
        # Unstaged config changes do not count.
        g.write(".keylint.json", "{}")
        code, rep, _ = report(["staged", g.path] + TEST_RULES)
        self.assertEqual(code, 0)

    def test_staged_outside_a_repository(self):
        os.makedirs(self.path("plain"))
        code, _, err = run(["staged", self.path("plain")])
        self.assertEqual(code, 3)


if __name__ == "__main__":
    unittest.main()
