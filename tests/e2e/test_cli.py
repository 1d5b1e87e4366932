"""The command line as people meet it: outputs, the summary line, paths
inside a repository, baselines, other scanners' markers, hygiene and
interruption (issue 14)."""
import json
import os
import pty
import re
import resource
import signal
import subprocess
import time
import unittest

from kltest import (KEYLINT, Git, TempDirTest, Tokens, report, run,
                    write_tree)


def slurp(path):
    with open(path) as f:
        return f.read()


def on_terminal(args, cwd):
    """Run keylint with standard output on a pseudo-terminal; returns
    (exit code, what the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.environ.pop("NO_COLOR", None)
        os.execv(KEYLINT, [KEYLINT] + args)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), \
        b"".join(chunks).decode("utf-8", "replace")


class Outputs(TempDirTest):
    def setUp(self):
        super().setUp()
        self.tok = Tokens(14)
        write_tree(self.path("t"), {
            "a.py": 'key = "%s"\n' % self.tok.github(),
            "b.env": "AWS_ACCESS_KEY_ID=%s\n" % self.tok.aws_id(),
        })

    def test_text_on_a_terminal_json_otherwise(self):
        code, screen = on_terminal(["scan", "--no-progress", "t"],
                                   cwd=self.tmp)
        self.assertEqual(code, 1)
        self.assertIn("t/a.py:1:", screen)
        self.assertIn("fingerprint", screen)
        self.assertNotIn('"findings"', screen)
        code, out, err = run(["scan", "t"], cwd=self.tmp)
        self.assertEqual(code, 1)
        self.assertEqual(len(json.loads(out)["findings"]), 2)

    def test_several_outputs_and_the_summary_line(self):
        code, out, err = run(["scan", "t", "-o", "r.sarif", "-o", "r.jsonl",
                              "-o", "r.txt", "-o", "r.json"], cwd=self.tmp)
        self.assertEqual(code, 1)
        self.assertEqual(out, "")  # -o without --format: files only
        self.assertEqual(
            err.strip().splitlines()[-1],
            "keylint: 2 findings (2 high) in 2 files; report in r.sarif, "
            "r.jsonl, r.txt, r.json")
        sarif = json.loads(slurp(self.path("r.sarif")))
        self.assertEqual(sarif["version"], "2.1.0")
        lines = slurp(self.path("r.jsonl")).splitlines()
        self.assertEqual(len(lines), 2)
        self.assertIn("2 findings (2 high)", slurp(self.path("r.txt")))
        self.assertEqual(len(json.loads(slurp(self.path("r.json")))
                             ["findings"]), 2)
        for name in ("r.sarif", "r.jsonl", "r.txt", "r.json"):
            self.assertEqual(os.stat(self.path(name)).st_mode & 0o777,
                             0o600)
        # --format still decides standard output.
        code, out, err = run(["scan", "t", "--format", "jsonl", "-o",
                              "r.sarif"], cwd=self.tmp)
        self.assertEqual(len(out.splitlines()), 2)
        # -q: nothing on standard error.
        code, out, err = run(["scan", "t", "-q", "-o", "r.json"],
                             cwd=self.tmp)
        self.assertEqual((code, err), (1, ""))

    def test_jsonl_files_are_sorted_and_stable(self):
        tok = Tokens(20)
        write_tree(self.path("many"), {
            "d%d/f%d.py" % (i % 5, i): 'k = "%s"\n' % tok.github()
            for i in range(40)})
        outs = []
        for _ in range(3):
            run(["scan", "many", "--threads", "4", "-o", "r.jsonl"],
                cwd=self.tmp)
            outs.append(slurp(self.path("r.jsonl")))
        self.assertEqual(outs[0], outs[1])
        self.assertEqual(outs[0], outs[2])
        keys = [(f["path"], f["line"]) for f in
                map(json.loads, outs[0].splitlines())]
        self.assertEqual(keys, sorted(keys))
        self.assertEqual(len(keys), 40)

    def test_summary_singular_and_clean(self):
        write_tree(self.path("clean"), {"x.txt": "nothing here\n"})
        code, out, err = run(["scan", "clean"], cwd=self.tmp)
        self.assertEqual(code, 0)
        self.assertEqual(err.strip(), "keylint: no findings in 1 file")

    def test_text_counts_by_rule_and_says_how_to_silence(self):
        code, out, err = run(["scan", "t", "--format", "text"], cwd=self.tmp)
        self.assertIn("by rule: aws-access-key-id 1, github-pat-classic 1",
                      out)
        self.assertRegex(out, r"fingerprint +github-pat-classic:a\.py:"
                              r"[0-9a-f]{16}")
        self.assertIn("keylint:allow", out)
        self.assertIn(">> t/.keylintignore", out)
        self.assertIn("keylint baseline scan t -o", out)
        self.assertIn("fix          rotate", out)
        rep = json.loads(run(["scan", "t"], cwd=self.tmp)[1])
        self.assertTrue(all(f["remediation"].startswith("rotate")
                            for f in rep["findings"]))


class RepositoryPaths(TempDirTest):
    """Inside a git work tree, paths are the repository's whatever folder
    is scanned, and the repository's side files apply."""

    def setUp(self):
        super().setUp()
        self.tok = Tokens(15)
        self.git = Git(self.path("repo"))
        self.git.commit("app", **{
            "web__ruby__app.rb": 'TOKEN = "%s"\n' % self.tok.github(),
            "web__ruby__known.rb": 'KEY = "%s"\n' % self.tok.stripe(),
            "lib__x.py": 'k = "%s"\n' % self.tok.aws_id()})

    def test_subfolder_paths_and_ignore_file(self):
        code, rep, _ = report(["scan", "."], cwd=self.path("repo"))
        known = [f["fingerprint"] for f in rep["findings"]
                 if f["path"] == "web/ruby/known.rb"]
        write_tree(self.path("repo"), {".keylintignore": known[0] + "\n"})
        for cwd, target in (("repo", "web/ruby"), ("repo/web", "ruby"),
                            ("repo/web/ruby", "."), ("", "repo/web/ruby")):
            code, rep, err = report(["scan", target],
                                    cwd=self.path(cwd) if cwd else self.tmp)
            self.assertEqual([f["path"] for f in rep["findings"]],
                             ["web/ruby/app.rb"], (cwd, target, err))
        # Text names files as they open from where keylint runs.
        code, out, _ = run(["scan", "ruby", "--format", "text"],
                           cwd=self.path("repo/web"))
        self.assertTrue(out.startswith("ruby/app.rb:1:"), out)
        code, out, _ = run(["scan", ".", "--format", "text"],
                           cwd=self.path("repo/lib"))
        self.assertIn("x.py:1:", out)
        code, out, _ = run(["scan", "repo/web", "--format", "text"],
                           cwd=self.tmp)
        self.assertTrue(out.startswith("repo/web/ruby/app.rb:1:"), out)


class Baselines(TempDirTest):
    def setUp(self):
        super().setUp()
        self.tok = Tokens(16)
        self.gh = self.tok.github()
        self.git = Git(self.path("repo"))
        self.git.commit("one", **{
            "src__a.py": 'token = "%s"\n' % self.gh,
            "conf__db.ini": "[db]\npassword = Summer2024!\n"})

    def test_baseline_holds_only_rule_and_digest(self):
        code, out, err = run(["baseline", "scan", ".", "-o", "kb.json"],
                             cwd=self.path("repo"))
        self.assertEqual(code, 0, err)
        self.assertIn("baseline of 2 findings", err)
        text = slurp(self.path("repo", "kb.json"))
        base = json.loads(text)
        self.assertEqual(base["keylint_baseline"], 1)
        for e in base["entries"]:
            self.assertEqual(sorted(e), ["digest", "rule"])
        self.assertNotIn("src/a.py", text)
        code, rep, err = report(["scan", ".", "--baseline", "kb.json"],
                                cwd=self.path("repo"))
        self.assertEqual((code, rep["findings"]), (0, []), err)

    def test_a_renamed_file_stays_known_a_new_secret_does_not(self):
        run(["baseline", "scan", ".", "-o", "../kb.json"],
            cwd=self.path("repo"))
        self.git.mv("src/a.py", "lib/renamed.py")
        code, rep, err = report(["scan", ".", "--baseline", "../kb.json"],
                                cwd=self.path("repo"))
        self.assertEqual(rep["findings"], [], err)
        other = self.tok.github()
        self.git.write("lib/renamed.py",
                       'token = "%s"; other = "%s"\n' % (self.gh, other))
        code, rep, err = report(["scan", ".", "--baseline", "../kb.json"],
                                cwd=self.path("repo"))
        self.assertEqual(code, 1)
        self.assertEqual(len(rep["findings"]), 1)
        self.assertEqual(rep["findings"][0]["column"],
                         len('token = "%s"; other = "' % self.gh) + 1)

    def test_a_weak_password_cannot_be_confirmed_from_the_baseline(self):
        run(["baseline", "scan", ".", "-o", "../kb.json"],
            cwd=self.path("repo"))
        digests = {e["digest"] for e in
                   json.loads(slurp(self.path("kb.json")))["entries"]}
        fast = subprocess.run(["git", "hash-object", "--stdin"],
                              input=b"Summer2024!", capture_output=True
                              ).stdout.decode().strip()
        self.assertNotIn(fast[:16], digests)
        # The token, strong, keeps the git blob id anyone can reproduce.
        strong = subprocess.run(["git", "hash-object", "--stdin"],
                                input=self.gh.encode(), capture_output=True
                                ).stdout.decode().strip()
        self.assertIn(strong[:16], digests)

    def test_stale_entries_and_unknown_rules_are_warned(self):
        run(["baseline", "scan", ".", "-o", "../kb.json"],
            cwd=self.path("repo"))
        self.git.write("src/a.py", "token = None\n")
        write_tree(self.path("repo"),
                   {".keylintignore": "github-pat:docs/*:*\n"})
        code, out, err = run(["scan", ".", "--baseline", "../kb.json"],
                             cwd=self.path("repo"))
        self.assertIn('.keylintignore:1: no rule "github-pat", so this '
                      'entry matches nothing (did you mean '
                      'github-pat-classic?)', err)
        self.assertIn("kb.json: 1 of 2 entries matched no finding", err)
        # A partial scan says nothing about entries it did not reach.
        code, out, err = run(["scan", "conf", "--baseline", "../kb.json"],
                             cwd=self.path("repo"))
        self.assertNotIn("matched no finding", err)

    def test_old_report_baselines_still_work(self):
        run(["scan", ".", "-o", "../old.json"], cwd=self.path("repo"))
        self.git.mv("src/a.py", "moved.py")
        code, rep, err = report(["scan", ".", "--baseline", "../old.json"],
                                cwd=self.path("repo"))
        self.assertEqual((code, rep["findings"]), (0, []), err)


class OtherScannersMarkers(TempDirTest):
    def test_markers_silence_their_line_unless_switched_off(self):
        tok = Tokens(17)
        lines = ['a = "%s"  # gitleaks:allow' % tok.github(),
                 'b = "%s"  # trufflehog:ignore' % tok.github(),
                 'c = "%s"  # pragma: allowlist secret' % tok.github(),
                 'd = "%s"  // secretlint-disable-line' % tok.github(),
                 '# pragma: allowlist nextline secret',
                 'e = "%s"' % tok.github(),
                 'f = "%s"' % tok.github()]
        write_tree(self.path("t"), {"a.py": "\n".join(lines) + "\n"})
        code, rep, _ = report(["scan", "t"], cwd=self.tmp)
        self.assertEqual([f["line"] for f in rep["findings"]], [7])
        write_tree(self.path("t"),
                   {".keylint.json": '{"inline_markers": "keylint"}'})
        code, rep, _ = report(["scan", "t"], cwd=self.tmp)
        self.assertEqual([f["line"] for f in rep["findings"]],
                         [1, 2, 3, 4, 6, 7])


class Hygiene(TempDirTest):
    def test_bare_keylint_is_a_usage_error(self):
        code, out, err = run([])
        self.assertEqual((code, out), (2, ""))
        self.assertIn("usage: keylint <command>", err)

    def test_suggestions_and_options_that_do_not_apply(self):
        code, out, err = run(["scan", "--formt", "json"])
        self.assertEqual(code, 2)
        self.assertIn("did you mean --format?", err)
        code, out, err = run(["hsitory"])
        self.assertIn("did you mean history?", err)
        code, out, err = run(["history", "--no-git-ignore"])
        self.assertEqual(code, 2)
        self.assertIn("does not apply", err)
        code, out, err = run(["version", "--format", "sarif"])
        self.assertEqual(code, 2)

    def test_not_a_repository(self):
        code, out, err = run(["history", "/nonexistent"])
        self.assertEqual(code, 2)
        self.assertIn("not a repository", err)
        os.makedirs(self.path("plain"))
        code, out, err = run(["history", self.path("plain")])
        self.assertEqual(code, 3)
        self.assertIn("not a git repository (nor inside one)", err)

    def test_sizes(self):
        write_tree(self.path("t"), {"big.txt": "x" * 20000 + "\n"})
        code, rep, _ = report(["scan", "t", "--max-file-size", "10k"],
                              cwd=self.tmp)
        self.assertEqual(rep["scan"]["skipped"]["too_large"], 1)
        code, rep, _ = report(["scan", "t", "--max-file-size", "10MB"],
                              cwd=self.tmp)
        self.assertEqual(rep["scan"]["skipped"]["too_large"], 0)

    def test_rules_sorted(self):
        code, out, err = run(["rules", "--format", "json"])
        ids = [r["id"] for r in json.loads(out)]
        self.assertEqual(ids, sorted(ids))

    def test_shallow_clone_is_said_once(self):
        git = Git(self.path("src"))
        for i in range(4):
            git.commit("c%d" % i, **{"f%d.txt" % i: "x%d\n" % i})
        subprocess.run(["git", "clone", "-q", "--depth", "1",
                        "file://" + self.path("src"), self.path("sh")],
                       check=True, capture_output=True)
        code, rep, err = report(["history", self.path("sh")])
        # One entry in the report, with the way out, and nothing per
        # missing parent.
        self.assertEqual(len(rep["errors"]), 1, rep["errors"])
        self.assertEqual(rep["errors"][0]["path"], "")
        self.assertIn("git fetch --unshallow", rep["errors"][0]["message"])
        self.assertNotIn("error: :", err)


class MovingFromGitleaks(TempDirTest):
    """config import, --config .gitleaks.toml and .gitleaksignore."""

    TOML = """
[extend]
useDefault = true
[[rules]]
id = "acme-key"
description = "Acme key"
regex = '''acme_[a-z0-9]{32}'''
keywords = ["acme_"]
[allowlist]
paths = ['''^vendor/''']
"""

    def setUp(self):
        super().setUp()
        tok = Tokens(23)
        self.acme = "acme_" + tok.rand(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        write_tree(self.path("t"), {
            ".gitleaks.toml": self.TOML,
            "app.py": 'K = "%s"\nG = "%s"\n' % (self.acme, tok.github()),
            "vendor/lib.py": 'K = "%s"\n' % self.acme,
        })

    def test_import_writes_a_config_that_loads_and_never_overwrites(self):
        code, out, err = run(["config", "import", "t/.gitleaks.toml", "-o",
                              "t/.keylint.json"], cwd=self.tmp)
        self.assertEqual(code, 0, err)
        self.assertIn("medium", err)  # the severity note
        conf = json.loads(slurp(self.path("t", ".keylint.json")))
        self.assertEqual([r["id"] for r in conf["rules"]], ["acme-key"])
        code, rep, _ = report(["scan", "t"], cwd=self.tmp)
        got = sorted((f["rule_id"], f["path"]) for f in rep["findings"])
        self.assertIn(("acme-key", "app.py"), got)
        self.assertNotIn(("acme-key", "vendor/lib.py"), got)
        code, out, err = run(["config", "import", "t/.gitleaks.toml", "-o",
                              "t/.keylint.json"], cwd=self.tmp)
        self.assertEqual(code, 3)
        self.assertIn("does not replace", err)
        self.assertEqual(run(["config"])[0], 2)

    def test_config_toml_is_converted_for_the_run(self):
        code, rep, err = report(["scan", "t", "--config",
                                 "t/.gitleaks.toml"], cwd=self.tmp)
        self.assertEqual(code, 1, err)
        got = sorted((f["rule_id"], f["path"]) for f in rep["findings"])
        self.assertIn(("acme-key", "app.py"), got)
        self.assertNotIn(("acme-key", "vendor/lib.py"), got)
        self.assertIn("config import", err)
        self.assertNotIn("invalid JSON", err)

    def test_gitleaksignore_silences_what_it_lists(self):
        code, rep, _ = report(["scan", "t"], cwd=self.tmp)
        gh = [f for f in rep["findings"] if f["path"] == "app.py" and
              f["rule_id"].startswith("github")]
        self.assertEqual(len(gh), 1)
        # gitleaks' id for the rule and its line; a wrong line keeps it.
        write_tree(self.path("t"), {".gitleaksignore":
                                    "# accepted\napp.py:github-pat:9\n"})
        code, rep, _ = report(["scan", "t"], cwd=self.tmp)
        self.assertIn(gh[0]["line"], [f["line"] for f in rep["findings"]
                                      if f["path"] == "app.py"])
        write_tree(self.path("t"), {".gitleaksignore":
                                    "app.py:github-pat:%d\n" % gh[0]["line"]})
        code, rep, _ = report(["scan", "t"], cwd=self.tmp)
        self.assertNotIn(gh[0]["line"], [f["line"] for f in rep["findings"]
                                         if f["path"] == "app.py"])


class Explain(TempDirTest):
    """keylint explain PATH[:LINE] and --explain: every candidate, and why
    it was kept or dropped."""

    def setUp(self):
        super().setUp()
        tok = Tokens(31)
        self.tok = tok.github()
        other = tok.github()
        write_tree(self.path("t"), {"app.py": "".join([
            'token = "%s"\n' % self.tok,               # 1 kept
            'other = "%s"  # gitleaks:allow\n' % other,  # 2 marker
            'password = "changeme"\n',                   # 3 placeholder
            'x = 1\n'])})                                # 4 nothing

    def explain(self, *args):
        code, out, err = run(["explain", "--color", "never"] + list(args),
                             cwd=self.path("t"))
        self.assertEqual(code, 0, err)
        return out

    def verdicts(self, out):
        """(line, rule, verdict) of each candidate line."""
        got = []
        for l in out.splitlines():
            m = re.match(r"\s+app\.py:(\d+):\d+  (\S+)  \S+  "
                         r"(kept|dropped \(([a-z-]+)\))", l)
            if m:
                got.append((int(m.group(1)), m.group(2),
                            m.group(4) or "kept"))
        return got

    def test_every_candidate_with_its_verdict(self):
        got = self.verdicts(self.explain("app.py"))
        self.assertIn((1, "github-pat-classic", "kept"), got)
        self.assertIn((1, "generic-token", "overlap"), got)
        self.assertIn((2, "github-pat-classic", "inline-marker"), got)
        self.assertIn((3, "generic-password", "placeholder"), got)
        self.assertNotIn(self.tok, self.explain("app.py"))
        self.assertEqual({l for l, _, _ in
                          self.verdicts(self.explain("app.py:2"))}, {2})
        self.assertIn("no candidate", self.explain("app.py:4"))

    def test_ignore_file_and_baseline_verdicts(self):
        code, _, err = run(["baseline", "scan", ".", "-o", "../bl.json"],
                           cwd=self.path("t"))
        self.assertEqual(code, 0, err)
        got = self.verdicts(self.explain("app.py:1", "--baseline",
                                         "../bl.json"))
        self.assertIn((1, "github-pat-classic", "baseline"), got)
        write_tree(self.path("t"),
                   {".keylintignore": "github-pat-classic:app.py:*\n"})
        got = self.verdicts(self.explain("app.py:1"))
        self.assertIn((1, "github-pat-classic", "ignore-file"), got)

    def test_explain_option_adds_dropped_to_reports(self):
        code, rep, _ = report(["scan", "."], cwd=self.path("t"))
        self.assertNotIn("dropped", rep)
        code, rep, _ = report(["scan", ".", "--explain"],
                              cwd=self.path("t"))
        self.assertEqual([f["line"] for f in rep["findings"]], [1])
        got = {(d["line"], d["rule_id"], d["verdict"])
               for d in rep["dropped"]}
        self.assertIn((2, "github-pat-classic", "inline-marker"), got)
        self.assertTrue(all(d["reason"] and "*****" in d["secret"]
                            for d in rep["dropped"]))
        git = Git(self.path("t"))
        git.commit("add", **{"app.py": slurp(self.path("t", "app.py"))})
        code, rep, _ = report(["history", ".", "--explain"],
                              cwd=self.path("t"))
        self.assertIn(("app.py", 3, "placeholder"),
                      {(d["path"], d["line"], d["verdict"])
                       for d in rep["dropped"]})

    def test_bad_arguments(self):
        self.assertEqual(run(["explain"])[0], 2)
        code, _, err = run(["explain", "nope.py:3"], cwd=self.path("t"))
        self.assertEqual(code, 2)
        self.assertIn("no such file", err)
        self.assertEqual(run(["explain", "app.py", "--threads", "2"],
                             cwd=self.path("t"))[0], 2)


class Interruption(TempDirTest):
    def start_blocked_scan(self, out):
        """keylint reading a standard input that never ends."""
        r, w = os.pipe()
        p = subprocess.Popen([KEYLINT, "scan", "-", "-o", out], stdin=r,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=self.tmp)
        os.close(r)
        os.write(w, b"x = 1\n" * 1000)
        time.sleep(0.5)
        return p, w

    def check_interrupted(self, sig, code):
        with open(self.path("r.json"), "w") as f:
            f.write("previous report\n")
        p, w = self.start_blocked_scan("r.json")
        p.send_signal(sig)
        out, err = p.communicate(timeout=30)
        os.close(w)
        self.assertEqual(p.returncode, code)
        self.assertIn(b"interrupted after", err)
        self.assertEqual(slurp(self.path("r.json")),
                         "previous report\n")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["r.json"])

    def test_sigint(self):
        self.check_interrupted(signal.SIGINT, 130)

    def test_sigterm(self):
        self.check_interrupted(signal.SIGTERM, 143)

    def test_unwritable_output_is_found_before_the_scan(self):
        os.makedirs(self.path("ro"))
        os.chmod(self.path("ro"), 0o500)
        targets = ["missing/r.json"]
        if not os.access(self.path("ro"), os.W_OK):  # root writes anyway
            targets.append("ro/r.json")
        for target in targets:
            r, w = os.pipe()
            # Standard input never ends: the error must come before the
            # scan reads anything.
            p = subprocess.Popen([KEYLINT, "scan", "-", "-o", target],
                                 stdin=r, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, cwd=self.tmp)
            os.close(r)
            out, err = p.communicate(timeout=30)
            os.close(w)
            self.assertEqual(p.returncode, 3, err)
            self.assertIn(target.encode() + b": cannot create", err)

    def test_a_failed_write_keeps_the_previous_report(self):
        write_tree(self.path("t"), {"a.py": "k = '%s'\n" %
                                    Tokens(18).github() * 200})
        with open(self.path("r.json"), "w") as f:
            f.write("previous report\n")

        def small_files():
            # Writes past 4 KiB fail (EFBIG) instead of killing keylint.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

        p = subprocess.run([KEYLINT, "scan", "t", "-o", "r.json"],
                           cwd=self.tmp, capture_output=True,
                           preexec_fn=small_files, timeout=60)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn(b"cannot write", p.stderr)
        self.assertEqual(slurp(self.path("r.json")),
                         "previous report\n")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["r.json", "t"])


if __name__ == "__main__":
    unittest.main()
