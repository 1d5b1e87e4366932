"""Exactness does not bend for speed: 1 thread and N threads, and the
windowed and whole-content matching paths, print byte-identical reports
(apart from duration_ms) on the accuracy corpus and on a scripted history;
`keylint staged` narrowed by the index's cache-tree reports exactly what
the full HEAD-to-index comparison does."""
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import Git, TempDirTest, Tokens, run

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXPAND = os.environ.get("KL_EXPAND")


def report_bytes(args):
    code, out, err = run(args + ["--format", "json", "--no-progress"])
    if code not in (0, 1):
        raise AssertionError("exit %d: %s" % (code, err))
    rep = json.loads(out)
    rep["scan"].pop("duration_ms")
    return json.dumps(rep, sort_keys=False)


class Equivalence(TempDirTest):
    def check(self, base):
        variants = {
            "windowed, 1 thread": base + ["--threads", "1"],
            "windowed, 4 threads": base + ["--threads", "4"],
            "whole, 1 thread": base + ["--threads", "1", "--whole-match"],
            "whole, 3 threads": base + ["--threads", "3", "--whole-match"],
        }
        outs = {k: report_bytes(v) for k, v in variants.items()}
        first = outs["windowed, 1 thread"]
        self.assertGreater(len(json.loads(first)["findings"]), 10)
        for name, out in outs.items():
            self.assertEqual(out, first, name)

    @unittest.skipUnless(EXPAND, "KL_EXPAND (the kl_expand tool) not set")
    def test_accuracy_corpus(self):
        corpus = self.path("corpus")
        subprocess.run([EXPAND, os.path.join(REPO, "testdata", "accuracy",
                                             "corpus"), corpus], check=True)
        self.check(["scan", corpus])

    def test_scripted_history(self):
        t = Tokens(900)
        g = Git(self.path("repo"))
        for i in range(40):
            files = {"f%d/a%d.txt" % (i % 5, i): "x\n" * (i % 7) +
                     "key %s\n" % t.test_token(),
                     "shared.env": "A=%d\nT=%s\nGH=%s\n" % (
                         i, t.test_token(), t.github()),
                     "cfg/app%d.py" % (i % 3): "STRIPE = '%s'\nAWS = '%s'\n"
                     % (t.stripe(), t.aws_id())}
            g.commit("commit %d" % i, **files)
            if i % 9 == 0:
                g("checkout", "-q", "-b", "b%d" % i)
                g.commit("branch %d" % i, **{"b.txt": t.test_token()})
                g("checkout", "-q", "main")
        rules = os.path.join(HERE, "rules.json")
        self.check(["history", g.path, "--no-default-rules", "--rules",
                    rules])
        # And with the built-in rules (more rules, more overlaps).
        self.check(["history", g.path])


class StagedNarrowing(TempDirTest):
    """Random staged changes, each compared with and without the cache-tree
    (--full-diff turns it off)."""

    def staged(self, g, full):
        code, out, err = run(["staged", g.path, "--format", "json",
                              "--no-progress", "--rules",
                              os.path.join(HERE, "rules.json")] +
                             (["--full-diff"] if full else []))
        self.assertIn(code, (0, 1), err)
        rep = json.loads(out)
        rep["scan"].pop("duration_ms")
        return rep

    def test_random_changes(self):
        t = Tokens(77)
        rng = random.Random(2026)
        g = Git(self.path("repo"))
        files = {}
        for d in ("a", "a/b", "a/b/c", "a/d", "e", "e/f/g", "h"):
            for k in range(3):
                files["%s/f%d.txt" % (d, k)] = "plain %s %d\n" % (d, k)
        files["top.txt"] = "top\n"
        g.commit("base", **{k.replace("/", "__"): v
                            for k, v in files.items()})
        dirs = sorted({os.path.dirname(k) for k in files})

        def secret():
            return "key %s\n" % t.test_token()

        def modify():
            f = rng.choice(sorted(files))
            g.write(f, files[f] + secret())
            g("add", f)

        def add_file():
            f = "%s/new%d.txt" % (rng.choice(dirs), rng.randrange(99))
            g.write(f, secret())
            g("add", f)

        def add_folder():
            f = "n%d/x/y/z.txt" % rng.randrange(99)
            g.write(f, secret())
            g("add", f)

        def remove_file():
            g("rm", "-q", rng.choice(sorted(files)))

        def remove_folder():
            g("rm", "-q", "-r", rng.choice(["a/b/c", "e/f", "h"]))

        def move_folder():
            g.mv(rng.choice(["a/d", "e/f/g", "h"]),
                 "moved%d/inner" % rng.randrange(99))

        def move_edit():
            g.mv("a/b/f1.txt", "e/renamed.txt")
            g.write("e/renamed.txt", files["a/b/f1.txt"] + secret())
            g("add", "e/renamed.txt")

        def file_to_folder():
            g("rm", "-q", "top.txt")
            g.write("top.txt/inside.txt", secret())
            g("add", "top.txt/inside.txt")

        def mode_change():
            f = rng.choice(sorted(files))
            os.chmod(os.path.join(g.path, f), 0o755)
            g("add", f)

        def unstage():
            modify()
            g("reset", "-q", "--", rng.choice(sorted(files)))

        ops = [modify, add_file, add_folder, remove_file, remove_folder,
               move_folder, move_edit, file_to_folder, mode_change, unstage]
        found = 0
        for round_ in range(30):
            g("reset", "-q", "--hard")
            g("clean", "-q", "-fdx")
            for op in rng.sample(ops, rng.randint(1, 3)):
                try:
                    op()
                except (RuntimeError, OSError):
                    pass  # e.g. a folder an earlier step removed
            narrowed, full = self.staged(g, False), self.staged(g, True)
            self.assertEqual(narrowed, full, "round %d" % round_)
            found += len(full["findings"])
        g("reset", "-q", "--hard")
        self.assertEqual(self.staged(g, False)["findings"], [])
        self.assertGreater(found, 10)


if __name__ == "__main__":
    unittest.main()
