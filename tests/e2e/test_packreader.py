"""Differential tests of the pack reader: `keylint history` must give the
byte-identical report (apart from duration_ms) whether blobs are read from
the packs directly or one by one through libgit2 (--no-pack-reader), on
repositories with deep delta chains, several packs with loose objects,
REF_DELTA bases, and this project's own history; a damaged pack is an
error in the report, never a crash or a blob silently left out."""
import difflib
import glob
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import RULES, Git, TempDirTest, Tokens, run

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(HERE))

# Real text to edit commit after commit, so git finds deltas between the
# versions the way it does in real repositories.
TEXTS = ["README.md", "docs/ci.md", "docs/rules.md", "scanner/runner.c",
         "scanner/scan.c", "scanner/source/history/treediff.c"]


def text(rel):
    with open(os.path.join(PROJECT, rel), encoding="utf-8") as f:
        return f.read().splitlines(keepends=True)


def both(repo, *extra):
    """The JSON reports of both readers, as bytes without duration_ms, and
    the exit codes."""
    out = []
    for mode in ([], ["--no-pack-reader"]):
        code, stdout, err = run(["history", repo, "--format", "json",
                                 "--threads", "2"] + list(extra) + mode,
                                check_json=False, timeout=600)
        if code not in (0, 1, 3):
            raise AssertionError("exit %d: %s" % (code, err))
        lines = [line for line in stdout.splitlines()
                 if '"duration_ms"' not in line]
        out.append((code, "\n".join(lines), json.loads(stdout)))
    return out


class PackReader(TempDirTest):
    def edits(self, g, commits, seed=7, secrets_every=5):
        """Successive edits of real text, with a fake token now and then,
        one file a commit."""
        t = Tokens(seed)
        docs = {rel: text(rel) for rel in TEXTS}
        for i in range(commits):
            rel = TEXTS[i % len(TEXTS)]
            lines = docs[rel]
            # Edit a few lines in the middle, append one, drop one.
            k = (i * 37) % max(1, len(lines) - 3)
            lines[k] = "# edit %d\n" % i
            lines.insert((k * 7) % len(lines), "line %d of %s\n" % (i, rel))
            if i % secrets_every == 0:
                lines.insert(k, "token = \"%s\"\n" % t.test_token())
            if i % 11 == 0 and len(lines) > 40:
                del lines[k + 2]
            g.commit("edit %d" % i, **{
                "src__" + rel.replace("/", "_"): "".join(lines)})

    def assert_same(self, repo, *extra):
        (c1, a, rep), (c2, b, _) = both(repo, *extra)
        self.assertEqual(c1, c2)
        if a != b:
            self.fail("the readers differ:\n" + "\n".join(
                difflib.unified_diff(b.splitlines(), a.splitlines(),
                                     "libgit2", "pack reader",
                                     lineterm="", n=1)))
        return rep

    def assert_findings(self, repo):
        rep = self.assert_same(repo, "--no-default-rules", "--rules", RULES)
        self.assertNotEqual(rep["findings"], [])
        return rep

    def test_deep_delta_chains(self):
        g = Git(self.path("deep"))
        self.edits(g, 120)
        g("repack", "-adfq", "--depth=50", "--window=250")
        self.assertEqual(glob.glob(self.path("deep/.git/objects/??/*")), [])
        rep = self.assert_findings(g.path)
        self.assertEqual(rep["errors"], [])

    def test_ref_deltas(self):
        g = Git(self.path("ref"))
        self.edits(g, 60, seed=8)
        g("-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq",
          "--depth=50", "--window=250")
        self.assert_findings(g.path)

    def test_several_packs_and_loose_objects(self):
        g = Git(self.path("mixed"))
        self.edits(g, 40, seed=9)
        g("repack", "-dq", "--depth=50", "--window=250")
        self.edits(g, 30, seed=10)
        g("repack", "-dq")
        self.edits(g, 20, seed=11)  # these stay loose
        self.assertGreaterEqual(
            len(glob.glob(self.path("mixed/.git/objects/pack/*.pack"))), 2)
        self.assertNotEqual(
            glob.glob(self.path("mixed/.git/objects/??/*")), [])
        self.assert_findings(g.path)

    def test_this_projects_history(self):
        top = subprocess.run(["git", "-C", PROJECT, "rev-parse",
                              "--show-toplevel"], capture_output=True)
        if top.returncode or not os.path.isdir(os.path.join(PROJECT, ".git")):
            self.skipTest("not run from a git clone of the project")
        clone = self.path("self.git")
        subprocess.run(["git", "clone", "-q", "--bare", "--no-local",
                        PROJECT, clone], check=True, capture_output=True)
        self.assert_same(clone)
        # And the work tree's repository itself, loose objects and all.
        self.assert_same(PROJECT)

    def test_damaged_pack_is_an_error(self):
        g = Git(self.path("bad"))
        self.edits(g, 30, seed=12)
        g("repack", "-adfq", "--depth=50", "--window=250")
        pack = glob.glob(self.path("bad/.git/objects/pack/*.pack"))[0]
        os.chmod(pack, 0o644)
        # Damage the compressed data of the largest blob entry.
        rows = subprocess.run(
            ["git", "verify-pack", "-v", pack[:-5] + ".idx"],
            capture_output=True, check=True).stdout.decode().splitlines()
        blobs = [r.split() for r in rows if " blob " in r]
        blobs.sort(key=lambda r: -int(r[3]))
        off, size = int(blobs[0][4]), int(blobs[0][3])
        with open(pack, "r+b") as f:
            f.seek(off + size // 2)
            b = f.read(1)
            f.seek(off + size // 2)
            f.write(bytes([b[0] ^ 0xff]))
        reports = {}
        for mode in ([], ["--no-pack-reader"]):
            code, out, err = run(["history", g.path, "--format", "json",
                                  "--no-default-rules", "--rules", RULES]
                                 + mode, timeout=600, check_json=False)
            self.assertIn(code, (1, 3), err)
            reports[bool(mode)] = out
        direct, libgit2 = reports[False], reports[True]
        self.assertIn("cannot be read", direct)
        self.assertIn("pack pack-", direct)
        # Every blob libgit2 cannot read is an error with the pack reader
        # too: none is left out silently.
        lost = {e["message"] for e in json.loads(libgit2)["errors"]
                if e["message"].startswith("blob ")}
        got = {e["message"] for e in json.loads(direct)["errors"]}
        self.assertTrue(lost <= got, (lost, got))


if __name__ == "__main__":
    unittest.main()
