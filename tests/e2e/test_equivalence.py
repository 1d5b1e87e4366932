"""Exactness does not bend for speed: 1 thread and N threads, and the
windowed and whole-content matching paths, print byte-identical reports
(apart from duration_ms) on the accuracy corpus and on a scripted history."""
import json
import os
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


if __name__ == "__main__":
    unittest.main()
