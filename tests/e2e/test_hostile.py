"""Hostile repositories and bad input: each case has a time bound and an
expected outcome (a clear message, the right exit code, the rest of the
scan intact), and prints its wall time and peak RSS so the figures can be
quoted.  KL_SLOW_TESTS=1 adds the million-file tree."""
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import KEYLINT, RULES, Git, TempDirTest, Tokens, write_tree

TEST_RULES = ["--no-default-rules", "--rules", RULES]
MEASURED = []


RSS_WRAPPER = ("import resource, subprocess, sys\n"
               "rc = subprocess.call(sys.argv[2:])\n"
               "open(sys.argv[1], 'w').write(str(resource.getrusage("
               "resource.RUSAGE_CHILDREN).ru_maxrss))\n"
               "sys.exit(rc)\n")


def measured(args, timeout, input=None, env=None, cwd=None):
    """Run keylint; returns (code, stdout, stderr, seconds, peak RSS MiB).
    A small Python parent whose only child is keylint reports the child's
    peak RSS."""
    e = dict(os.environ)
    if env:
        e.update(env)
    rssfile = "/tmp/kl-rss-%d" % os.getpid()
    cmd = [sys.executable, "-c", RSS_WRAPPER, rssfile, KEYLINT] + list(args)
    t0 = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout,
                           input=input, env=e, cwd=cwd)
    except subprocess.TimeoutExpired:
        raise AssertionError("keylint %s did not finish in %ds"
                             % (" ".join(args[:3]), timeout))
    secs = time.time() - t0
    try:
        with open(rssfile) as f:
            rss = int(f.read()) / 1024.0
        os.remove(rssfile)
    except (OSError, ValueError):
        rss = -1
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace"), secs, rss


class Hostile(TempDirTest):
    def note(self, case, secs, outcome, rss=None):
        line = "%-55s %6.2f s %s %s" % (case, secs,
                                         "%5.0f MiB" % rss if rss else
                                         "         ", outcome)
        MEASURED.append(line)
        print("\n  measured: " + line, file=sys.stderr)

    def json_of(self, out):
        return json.loads(out)

    # ---- content ---------------------------------------------------------

    def test_catastrophic_user_rule_hits_the_limit(self):
        rule = self.path("slow.json")
        with open(rule, "w") as f:
            json.dump({"id": "evil-backtracking", "description": "d",
                       "severity": "low", "regex": "((x+x+)+)[0-9]",
                       "keywords": ["xx"]}, f)
        t = Tokens(1)
        tok = t.test_token()
        write_tree(self.tmp, {"t/long.txt": "x" * 200000 + "\n",
                              "t/ok.txt": tok + "\n"})
        code, out, err, secs, rss = measured(
            ["scan", self.path("t"), "--rules", rule, "--rules", RULES,
             "--no-default-rules", "--format", "json"], timeout=60)
        self.assertEqual(code, 1)
        self.assertIn('rule "evil-backtracking": regex match limit reached',
                      err)
        self.assertIn("long.txt", err)
        self.assertEqual([f["path"] for f in self.json_of(out)["findings"]],
                         ["ok.txt"])
        self.assertNotIn(tok, err)
        self.note("catastrophic backtracking rule, 200 KB line", secs,
                  "warning names the rule; other file still scanned", rss)

    def test_one_gigabyte_file_without_newline(self):
        big = self.path("t", "huge.bin")
        os.makedirs(os.path.dirname(big))
        with open(big, "wb") as f:
            f.truncate(1 << 30)
        with open(self.path("t", "small.txt"), "w") as f:
            f.write(Tokens(2).test_token())
        code, out, _, secs, rss = measured(
            ["scan", self.path("t"), "--format", "json"] + TEST_RULES, 30)
        rep = self.json_of(out)
        self.assertEqual(rep["scan"]["skipped"]["too_large"], 1)
        self.assertEqual(len(rep["findings"]), 1)
        self.note("1 GiB file, no newline", secs, "skipped as too large",
                  rss)

    def test_minified_bundle_and_many_lines(self):
        t = Tokens(3)
        a, b, c = t.test_token(), t.test_token(), t.test_token()
        filler = "var a=function(b){return b+1};" * (5 * 1024 * 1024 // 30)
        mid = len(filler) // 2
        bundle = a + ";" + filler[:mid] + '"' + b + '";' + filler[mid:] + c
        lines = "".join("l%d\n" % i for i in range(100000 - 1)) + \
            "key=%s\n" % a
        write_tree(self.tmp, {"t/dist/app.min.js": bundle,
                              "t/lines.txt": lines})
        code, out, _, secs, rss = measured(
            ["scan", self.path("t"), "--format", "json"] + TEST_RULES, 60)
        rep = self.json_of(out)
        got = [(f["path"], f["line"], f["column"]) for f in rep["findings"]]
        self.assertEqual(got, [
            ("dist/app.min.js", 1, 1),
            ("dist/app.min.js", 1, len(a) + mid + 3),
            ("dist/app.min.js", 1, len(bundle) - len(c) + 1),
            ("lines.txt", 100000, 5)])
        self.note("5 MB one-line bundle + 100,000-line file", secs,
                  "4 findings at exact columns", rss)

    def test_hundred_thousand_files_in_one_folder(self):
        d = self.path("t", "flat")
        os.makedirs(d)
        for i in range(100000):
            with open(os.path.join(d, "f%06d.txt" % i), "w") as f:
                f.write("x\n")
        with open(os.path.join(d, "secret.txt"), "w") as f:
            f.write(Tokens(4).test_token())
        code, out, _, secs, rss = measured(
            ["scan", self.path("t"), "--format", "json"] + TEST_RULES, 300)
        rep = self.json_of(out)
        self.assertEqual(rep["scan"]["files"], 100001)
        self.assertEqual(len(rep["findings"]), 1)
        self.note("100,000 files in one folder", secs, "all scanned", rss)

    def test_thousand_nested_folders(self):
        parts = ["d"] * 1000
        deep = self.path("t")
        os.mkdir(deep)
        for p in parts:  # os.makedirs recurses once per level
            deep = os.path.join(deep, p)
            os.mkdir(deep)
        with open(os.path.join(deep, "s.txt"), "w") as f:
            f.write(Tokens(5).test_token())
        code, out, _, secs, rss = measured(
            ["scan", self.path("t"), "--format", "json"] + TEST_RULES, 60)
        rep = self.json_of(out)
        self.assertEqual(rep["findings"][0]["path"],
                         "/".join(parts) + "/s.txt")
        self.note("folders nested 1,000 deep", secs, "found at the bottom",
                  rss)

    @unittest.skipUnless(os.environ.get("KL_SLOW_TESTS"), "KL_SLOW_TESTS")
    def test_million_empty_files(self):
        root = self.path("t")
        for i in range(1000):
            d = os.path.join(root, "d%03d" % i)
            os.makedirs(d)
            for j in range(1000):
                os.close(os.open(os.path.join(d, "e%03d" % j),
                                 os.O_CREAT | os.O_WRONLY, 0o644))
        code, out, _, secs, rss = measured(
            ["scan", root, "--format", "json"] + TEST_RULES, 900)
        rep = self.json_of(out)
        self.assertEqual(rep["scan"]["files"], 1000000)
        self.note("1,000,000 empty files", secs, "finished", rss)

    # ---- the file system -------------------------------------------------

    def test_special_files_links_and_vanishing_files(self):
        t = Tokens(6)
        write_tree(self.tmp, {"outside/s.txt": t.test_token(),
                              "t/ok.txt": t.test_token()})
        os.symlink(self.path("outside"), self.path("t", "out"))
        os.symlink(self.path("t"), self.path("t", "loop"))
        os.mkfifo(self.path("t", "fifo"))
        s = socket.socket(socket.AF_UNIX)
        s.bind(self.path("t", "sock"))
        many = self.path("t", "many")
        os.makedirs(many)
        for i in range(3000):
            with open(os.path.join(many, "f%d" % i), "w") as f:
                f.write("y" * 100)

        def remove_some():
            for i in range(0, 3000, 2):
                try:
                    os.remove(os.path.join(many, "f%d" % i))
                except OSError:
                    pass
        th = threading.Thread(target=remove_some)
        th.start()
        try:
            code, out, _, secs, rss = measured(
                ["scan", self.path("t"), "/dev/zero", "--format", "json",
                 "--threads", "2"] + TEST_RULES, 60)
        finally:
            th.join()
            s.close()
        rep = self.json_of(out)
        self.assertEqual(code, 1)
        self.assertEqual([f["path"] for f in rep["findings"]],
                         [self.path("t", "ok.txt")])
        self.assertIn({"path": "/dev/zero",
                       "message": "not a regular file, skipped"},
                      rep["errors"])
        for e in rep["errors"]:
            self.assertIn(e["message"], ("not a regular file, skipped",
                                         "file vanished while scanning"))
        self.note("links out and in loops, FIFO, socket, /dev/zero, "
                  "files deleted mid-scan", secs, "no hang, no follow", rss)

    # ---- repositories ----------------------------------------------------

    def make_repo(self, name="repo"):
        t = Tokens(7)
        g = Git(self.path(name))
        self.tokens = [t.test_token() for _ in range(4)]
        for i, tok in enumerate(self.tokens):
            g.commit("c%d" % i, **{"f%d.txt" % i: "x\n" * i + tok + "\n",
                                   "big%d.txt" % i: "filler %d\n" % i * 2000})
        return g

    def test_corrupt_pack(self):
        g = self.make_repo()
        g("gc", "-q")
        pack = [f for f in os.listdir(g.path + "/.git/objects/pack")
                if f.endswith(".pack")][0]
        path = g.path + "/.git/objects/pack/" + pack
        os.chmod(path, 0o644)
        with open(path, "r+b") as f:
            f.seek(os.path.getsize(path) // 2)
            chunk = f.read(64)
            f.seek(os.path.getsize(path) // 2)
            f.write(bytes(b ^ 0x5a for b in chunk))
        code, out, err, secs, rss = measured(
            ["history", g.path, "--format", "json"] + TEST_RULES, 60)
        rep = self.json_of(out)
        self.assertIn(code, (1, 3))
        self.assertTrue(rep["errors"], "corruption must be reported")
        self.note("corrupt packfile", secs, "exit %d, %d errors, %d findings"
                  % (code, len(rep["errors"]), len(rep["findings"])), rss)

    def test_bare_and_linked_worktree(self):
        g = self.make_repo()
        bare = self.path("bare.git")
        subprocess.run(["git", "clone", "-q", "--bare", g.path, bare],
                       check=True)
        code, out, _, secs, rss = measured(
            ["history", bare, "--format", "json"] + TEST_RULES, 60)
        self.assertEqual((code, len(self.json_of(out)["findings"])), (1, 4))
        wt = self.path("linked")
        g("worktree", "add", "-q", wt)
        code, out, _, _, _ = measured(
            ["scan", wt, "--format", "json"] + TEST_RULES, 60)
        self.assertEqual(len(self.json_of(out)["findings"]), 4)
        code, out, _, _, _ = measured(
            ["history", wt, "--format", "json"] + TEST_RULES, 60)
        self.assertEqual(len(self.json_of(out)["findings"]), 4)
        code, _, err, _, _ = measured(["staged", bare], 30)
        self.assertEqual(code, 3)
        self.assertIn("bare repository", err)
        self.note("bare repository, linked worktree", secs, "scanned", rss)

    @unittest.skipUnless(os.geteuid() == 0, "needs root to chown")
    def test_repository_owned_by_another_user(self):
        g = self.make_repo()
        subprocess.run(["chown", "-R", "65534:65534", g.path], check=True)
        code, out, err, secs, rss = measured(
            ["history", g.path, "--format", "json"] + TEST_RULES, 60)
        self.assertEqual(code, 3)
        self.assertIn("safe.directory", err)
        self.assertIn("--trust-repo", err)
        code, out, err, _, _ = measured(
            ["history", g.path, "--trust-repo", "--format", "json"]
            + TEST_RULES, 60)
        self.assertEqual(code, 1)
        self.note("repository owned by another user", secs,
                  "exit 3 naming safe.directory; --trust-repo scans", rss)

    def test_ten_thousand_refs(self):
        g = self.make_repo()
        head = g("rev-parse", "HEAD")
        first = g("rev-list", "--max-parents=0", "HEAD")
        cmds = "".join("create refs/tags/t%05d %s\n"
                       % (i, head if i % 2 else first) for i in range(10000))
        g("update-ref", "--stdin", input=cmds.encode())
        code, out, _, secs, rss = measured(
            ["history", g.path, "--format", "json"] + TEST_RULES, 120)
        rep = self.json_of(out)
        self.assertEqual(len(rep["findings"]), 4)
        self.assertEqual(len(rep["findings"][0]["reachable_from"]), 10001)
        self.note("10,000 refs", secs, "4 findings, reachable_from complete",
                  rss)

    def test_never_writes_to_or_runs_anything_from_the_repository(self):
        g = self.make_repo()
        marker = self.path("ran")
        hook = "#!/bin/sh\ntouch %s\n" % marker
        for name in ("pre-commit", "post-checkout", "post-index-change",
                     "fsmonitor-watchman", "reference-transaction"):
            p = g.path + "/.git/hooks/" + name
            with open(p, "w") as f:
                f.write(hook)
            os.chmod(p, 0o755)
        g("config", "filter.evil.clean", "touch %s; cat" % marker)
        g("config", "filter.evil.smudge", "touch %s; cat" % marker)
        g("config", "core.fsmonitor", "touch %s" % marker)
        g("config", "core.sshCommand", "touch %s" % marker)
        g.write(".gitattributes", "*.txt filter=evil\n")
        g.write("staged.txt", Tokens(8).test_token())
        g("add", ".gitattributes", "staged.txt", env={"GIT_CONFIG_PARAMETERS": ""})
        if os.path.exists(marker):
            os.remove(marker)  # git itself ran the filter on add

        def snapshot():
            snap = {}
            for root, dirs, files in os.walk(g.path):
                for n in files:
                    p = os.path.join(root, n)
                    st = os.lstat(p)
                    snap[p] = (st.st_size, st.st_mtime_ns, st.st_mode)
            return snap
        before = snapshot()
        for args in (["scan", g.path], ["history", g.path],
                     ["staged", g.path]):
            code, _, _, _, _ = measured(args + TEST_RULES, 60)
            self.assertEqual(code, 1, args)
        self.assertEqual(snapshot(), before)
        self.assertFalse(os.path.exists(marker))
        self.note("hooks, filters, fsmonitor configured in the repository",
                  0, "nothing written, nothing run")

    # ---- bad input files -------------------------------------------------

    def test_malformed_inputs_name_file_and_place(self):
        cases = {
            "rules.json": (["--rules"], '[{"id": "x", "description": "d", '
                           '"severity": "low", "regex": "a[b"}]',
                           ['rules.json: rule "x": regex error at offset 3']),
            "truncated.json": (["--rules"], '{"rules": [{"id": ',
                               ["truncated.json: invalid JSON at line 1"]),
            "config.json": (["--config"], '{"allow": {"pathz": []}}',
                            ['config.json: unknown key "allow.pathz"']),
            "baseline.json": (["--baseline"], '{"findings": [{}]}',
                              ['baseline.json: finding 1 has no '
                               '"fingerprint"']),
        }
        for name, (flag, content, wants) in cases.items():
            p = self.path(name)
            with open(p, "w") as f:
                f.write(content)
            code, out, err, _, _ = measured(["scan", self.tmp] + flag + [p],
                                            30)
            self.assertEqual(code, 2, name)
            self.assertEqual(out, "", name)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            for w in wants:
                self.assertIn(w, err, name)
        write_tree(self.tmp, {"t/.keylintignore": "ok:a:0123456789abcdef\n"
                              "not a fingerprint\n"})
        code, _, err, _, _ = measured(["scan", self.path("t")], 30)
        self.assertEqual(code, 2)
        self.assertIn(".keylintignore:2: expected RULE:PATH:DIGEST", err)

    def test_secrets_never_reach_stderr(self):
        tok = Tokens(9).test_token()
        rule = self.path("slow.json")
        with open(rule, "w") as f:
            json.dump({"id": "slow", "description": "d", "severity": "low",
                       "regex": "((x+x+)+)[0-9]", "keywords": ["xx"]}, f)
        write_tree(self.tmp, {"t/a.txt": tok + "\n" + "x" * 100000})
        code, out, err, _, _ = measured(
            ["scan", self.path("t"), "--progress", "--rules", rule,
             "--rules", RULES, "--no-default-rules", "--format", "text"], 60)
        self.assertEqual(code, 1)
        self.assertNotIn(tok, out + err)
        self.assertNotIn(tok[7:], out + err)


def tearDownModule():
    if MEASURED:
        print("\nhostile cases measured:\n  " + "\n  ".join(MEASURED),
              file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
