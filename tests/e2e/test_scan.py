"""End-to-end tests of `keylint scan` on trees built at test time."""
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import (RULES, KEYLINT, Git, TempDirTest, Tokens, normalized,
                    report, run, write_tree)

TEST_RULES = ["--no-default-rules", "--rules", RULES]


class ScanBasics(TempDirTest):
    def test_findings_have_spec_fields_and_positions(self):
        t = Tokens(1)
        tok = t.test_token()
        write_tree(self.tmp, {"src/app.py": "import os\n\nKEY = \"%s\"\n" % tok})
        code, rep, _ = report(["scan", self.tmp] + TEST_RULES)
        self.assertEqual(code, 1)
        self.assertEqual(rep["tool"], {"name": "keylint", "version": "0.1.0"})
        self.assertEqual(rep["scan"]["mode"], "scan")
        self.assertEqual(rep["scan"]["targets"], [self.tmp])
        self.assertEqual(rep["scan"]["rules"], 2)
        self.assertEqual(rep["scan"]["files"], 1)
        self.assertEqual(set(rep["scan"]["skipped"]),
                         {"binary", "too_large", "ignored"})
        self.assertEqual(len(rep["findings"]), 1)
        f = rep["findings"][0]
        self.assertEqual(list(f), [
            "rule_id", "description", "severity", "path", "line", "column",
            "end_line", "end_column", "secret", "fingerprint", "secret_hash",
            "entropy", "client_side", "client_side_reason", "tags",
            "decoded", "remediation"])
        self.assertEqual(f["path"], "src/app.py")
        self.assertEqual((f["line"], f["column"]), (3, 8))
        self.assertEqual((f["end_line"], f["end_column"]), (3, 8 + len(tok)))
        self.assertEqual(f["secret"], "klte*****")
        # The fingerprint is RULE:PATH:first 16 digits of the secret hash,
        # which is git's blob id of the secret.
        blob = subprocess.run(["git", "hash-object", "--stdin"],
                              input=tok.encode(), capture_output=True,
                              check=True).stdout.decode().strip()
        self.assertEqual(f["secret_hash"], blob)
        self.assertEqual(f["fingerprint"],
                         "kltest-token:src/app.py:" + blob[:16])
        self.assertEqual(rep["errors"], [])

    def test_secret_never_printed_without_show_secrets(self):
        tok = Tokens(2).test_token()
        write_tree(self.tmp, {"a.txt": "token: %s\n" % tok,
                              "b.env": "X=%s Y=%s\n" % (tok, tok)})
        for fmt in ("json", "text", "sarif", "jsonl"):
            code, out, err = run(["scan", self.tmp, "--format", fmt]
                                 + TEST_RULES)
            self.assertEqual(code, 1, fmt)
            self.assertNotIn(tok, out, fmt)
            self.assertNotIn(tok[7:], out, fmt)
            self.assertNotIn(tok, err, fmt)
        code, out, _ = run(["scan", self.tmp, "--show-secrets"] + TEST_RULES)
        self.assertIn(tok, out)

    def test_placeholders_give_exit_zero(self):
        write_tree(self.tmp, {
            "a.py": 'KEY = "kltest_YOUR_API_KEY_HERE_xxxxxxx"\n',
            "b.env": "TOKEN=${KLTEST_TOKEN}\n"})
        code, rep, _ = report(["scan", self.tmp] + TEST_RULES)
        self.assertEqual(code, 0)
        self.assertEqual(rep["findings"], [])

    def test_exit_codes(self):
        t = Tokens(3)
        write_tree(self.tmp, {"a.txt": t.test_token() + "\n"})
        self.assertEqual(run(["scan", self.tmp, "--exit-code", "7"]
                             + TEST_RULES)[0], 7)
        # Below --min-severity: reported, but the run does not fail.
        code, rep, _ = report(["scan", self.tmp, "--min-severity", "critical"]
                              + TEST_RULES)
        self.assertEqual(code, 0)
        self.assertEqual(len(rep["findings"]), 1)
        write_tree(self.tmp, {"b.txt": "klroot_" + t.rand(32, "0123456789abcdef")})
        self.assertEqual(run(["scan", self.tmp, "--min-severity", "critical"]
                             + TEST_RULES)[0], 1)
        code, _, err = run(["scan", self.path("does-not-exist")] + TEST_RULES)
        self.assertEqual(code, 3)
        self.assertEqual(run(["scan", "--threads", "0", self.tmp])[0], 2)
        self.assertEqual(run(["frobnicate"])[0], 2)

    def test_text_report(self):
        tok = Tokens(4).test_token()
        write_tree(self.tmp, {"dir/x.yml": "a: 1\nkey: %s\n" % tok})
        code, out, _ = run(["scan", self.tmp, "--format", "text"] + TEST_RULES)
        self.assertEqual(code, 1)
        lines = out.splitlines()
        # The path opens from where keylint ran (here: not above tmp;
        # relative or absolute depends on where the checkout is).
        shown, rest = lines[0].split(":", 1)
        self.assertEqual(os.path.realpath(shown),
                         os.path.realpath(self.path("dir", "x.yml")))
        self.assertEqual(rest, "2:6  high  kltest-token  keylint test token")
        self.assertEqual(lines[1], "    key: klte*****")
        self.assertRegex(lines[2], r"^    fingerprint  kltest-token:dir/x\.yml:"
                                   r"[0-9a-f]{16}$")
        self.assertTrue(any(l.startswith("1 finding (1 high) in 1 file")
                            for l in lines))
        self.assertNotIn("\033", out)  # no colour when not a terminal

    def test_stdin(self):
        tok = Tokens(5).test_token()
        code, rep, _ = report(["scan", "-", "--stdin-name", "paste.txt"]
                              + TEST_RULES, input=("x=%s\n" % tok).encode())
        self.assertEqual(code, 1)
        self.assertEqual(rep["findings"][0]["path"], "paste.txt")
        self.assertEqual(rep["scan"]["targets"], ["-"])

    def test_same_bytes_every_run_and_thread_count(self):
        t = Tokens(6)
        files = {}
        for i in range(60):
            files["d%d/f%d.txt" % (i % 7, i)] = "".join(
                "line %d %s\n" % (j, t.test_token() if j % 5 == 0 else "x")
                for j in range(30))
        write_tree(self.tmp, files)
        outs = set()
        for threads in ("1", "2", "4", "1"):
            code, rep, _ = report(["scan", self.tmp, "--threads", threads]
                                  + TEST_RULES)
            self.assertEqual(code, 1)
            outs.add(json.dumps(normalized(rep)))
        self.assertEqual(len(outs), 1)
        rep = json.loads(outs.pop())
        self.assertEqual(len(rep["findings"]), 60 * 6)
        keys = [(f["path"], f["line"], f["column"], f["rule_id"])
                for f in rep["findings"]]
        self.assertEqual(keys, sorted(keys))


class Walking(TempDirTest):
    def test_git_ignore_and_dot_git(self):
        t = Tokens(7)
        g = Git(self.path("repo"))
        g.write(".gitignore", "secret.log\nbuild/\n")
        g.write("kept.txt", t.test_token() + "\n")
        g.write("secret.log", t.test_token() + "\n")
        g.write("build/out.txt", t.test_token() + "\n")
        g.write(".git/extra.txt", t.test_token() + "\n")
        code, rep, _ = report(["scan", g.path] + TEST_RULES)
        self.assertEqual([f["path"] for f in rep["findings"]], ["kept.txt"])
        self.assertEqual(rep["scan"]["skipped"]["ignored"], 2)
        code, rep, _ = report(["scan", "--no-git-ignore", g.path] + TEST_RULES)
        self.assertEqual(sorted(f["path"] for f in rep["findings"]),
                         ["build/out.txt", "kept.txt", "secret.log"])
        # A subfolder of the work tree still honours the ignore rules.
        os.makedirs(g.path + "/sub")
        g.write("sub/secret.log", t.test_token())
        code, rep, _ = report(["scan", g.path + "/sub"] + TEST_RULES)
        self.assertEqual(rep["findings"], [])

    def test_symlinks_are_not_followed(self):
        t = Tokens(8)
        write_tree(self.tmp, {"outside/secret.txt": t.test_token(),
                              "tree/real.txt": "nothing\n"})
        os.symlink(self.path("outside/secret.txt"), self.path("tree/link.txt"))
        os.symlink(self.path("outside"), self.path("tree/linkdir"))
        os.symlink(self.path("tree"), self.path("tree/loop"))
        code, rep, _ = report(["scan", self.path("tree")] + TEST_RULES)
        self.assertEqual(code, 0)
        self.assertEqual(rep["findings"], [])

    def test_binary_and_large_files_are_skipped_and_counted(self):
        t = Tokens(9)
        write_tree(self.tmp, {
            "img.bin": b"\x89PNG\x00\x00" + t.test_token().encode(),
            "big.txt": "x" * 5000 + t.test_token(),
            "small.txt": t.test_token()})
        code, rep, _ = report(["scan", self.tmp, "--max-file-size", "4096"]
                              + TEST_RULES)
        self.assertEqual([f["path"] for f in rep["findings"]], ["small.txt"])
        self.assertEqual(rep["scan"]["skipped"],
                         {"binary": 1, "too_large": 1, "ignored": 0})
        self.assertEqual(rep["scan"]["files"], 1)

    def test_fifo_socket_and_devices_never_hang(self):
        t = Tokens(10)
        write_tree(self.tmp, {"ok.txt": t.test_token()})
        os.mkfifo(self.path("pipe"))
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(self.path("sock"))
        try:
            start = time.time()
            code, rep, _ = report(["scan", self.tmp] + TEST_RULES, timeout=20)
            self.assertEqual(len(rep["findings"]), 1)
            # Named explicitly: an error, not a hang.
            code, rep, _ = report(["scan", self.path("pipe"), "/dev/zero",
                                   self.path("ok.txt")] + TEST_RULES,
                                  timeout=20)
            self.assertEqual(code, 1)
            msgs = {e["path"]: e["message"] for e in rep["errors"]}
            self.assertEqual(msgs["/dev/zero"], "not a regular file, skipped")
            self.assertIn("not a regular file", msgs[self.path("pipe")])
            self.assertLess(time.time() - start, 20)
        finally:
            sock.close()

    def test_unreadable_file_is_reported_and_scan_goes_on(self):
        t = Tokens(11)
        write_tree(self.tmp, {"a/ok.txt": t.test_token(),
                              "a/locked.txt": t.test_token(),
                              "a/lockeddir/x.txt": t.test_token()})
        os.chmod(self.path("a/locked.txt"), 0)
        os.chmod(self.path("a/lockeddir"), 0)
        cmd = ["scan", self.path("a"), "--format", "json"] + TEST_RULES
        if os.geteuid() == 0:
            # root reads everything: run keylint as nobody.
            os.chmod(self.tmp, 0o755)
            p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                                "--clear-groups", KEYLINT] + cmd,
                               capture_output=True, timeout=30)
            code, out = p.returncode, p.stdout.decode()
        else:
            code, out, _ = run(cmd)
        rep = json.loads(out)
        self.assertEqual(code, 1)
        self.assertEqual([f["path"] for f in rep["findings"]], ["ok.txt"])
        self.assertEqual(rep["errors"], [
            {"path": "locked.txt", "message": "permission denied"},
            {"path": "lockeddir", "message": "permission denied"}])


class Suppression(TempDirTest):
    def test_inline_allow_ignore_file_and_config(self):
        t = Tokens(12)
        a, b, c, d = (t.test_token() for _ in range(4))
        write_tree(self.tmp, {
            "src/a.py": "A = '%s'  # keylint:allow\nB = '%s'\n" % (a, b),
            "vendor/lib.js": "var k='%s';\n" % c,
            "docs/x.md": "`%s`\n" % d})
        code, rep, _ = report(["scan", self.tmp] + TEST_RULES)
        self.assertEqual(len(rep["findings"]), 3)
        fp_docs = [f["fingerprint"] for f in rep["findings"]
                   if f["path"] == "docs/x.md"][0]
        write_tree(self.tmp, {
            ".keylintignore": "# reviewed\n%s\n" % fp_docs,
            ".keylint.json": json.dumps({"allow": {"paths": ["vendor/"]}})})
        code, rep, _ = report(["scan", self.tmp] + TEST_RULES)
        self.assertEqual([(f["path"], f["line"]) for f in rep["findings"]],
                         [("src/a.py", 2)])
        self.assertEqual(rep["scan"]["skipped"]["ignored"], 1)
        # Wildcards in the ignore file.
        write_tree(self.tmp, {".keylintignore": "kltest-token:src/*:*\n%s\n"
                              % fp_docs})
        code, rep, _ = report(["scan", self.tmp] + TEST_RULES)
        self.assertEqual((code, rep["findings"]), (0, []))

    def test_config_errors_name_the_key(self):
        write_tree(self.tmp, {".keylint.json": '{"alow": {}}'})
        code, out, err = run(["scan", self.tmp])
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn('unknown key "alow"', err)
        write_tree(self.tmp, {".keylint.json":
                              '{"disabled_rules": ["no-such-rule"]}'})
        code, _, err = run(["scan", self.tmp])
        self.assertEqual(code, 2)
        self.assertIn('no rule "no-such-rule"', err)

    def test_disabled_rules_and_config_rules(self):
        t = Tokens(13)
        write_tree(self.tmp, {
            "a.txt": "%s\nklroot_%s\nacme-%s\n" % (
                t.test_token(), t.rand(32, "0123456789abcdef"), t.rand(20)),
            ".keylint.json": json.dumps({
                "disabled_rules": ["kltest-token"],
                "rules": [{"id": "acme", "description": "Acme key",
                           "severity": "low", "regex": "(acme-[A-Za-z0-9]{20})",
                           "keywords": ["acme-"]}]})})
        code, rep, _ = report(["scan", self.tmp] + TEST_RULES)
        self.assertEqual([f["rule_id"] for f in rep["findings"]],
                         ["kltest-critical", "acme"])

    def test_baseline_reports_only_new_findings(self):
        t = Tokens(14)
        old, new = t.test_token(), t.test_token()
        write_tree(self.tmp, {"a.py": "x = '%s'\n" % old})
        base = self.path("baseline.json")
        run(["scan", self.tmp, "-o", base] + TEST_RULES)
        # The old secret moves down a few lines; a new one appears on its
        # old line.
        write_tree(self.tmp, {"a.py": "x = '%s'\n\n\n# moved\nx = '%s'\n"
                              % (new, old)})
        code, rep, _ = report(["scan", self.tmp, "--baseline", base]
                              + TEST_RULES)
        self.assertEqual(code, 1)
        self.assertEqual([(f["line"], f["secret_hash"][:8])
                          for f in rep["findings"]],
                         [(1, rep["findings"][0]["secret_hash"][:8])])
        self.assertEqual(rep["findings"][0]["line"], 1)
        code, _, err = run(["scan", self.tmp, "--baseline",
                            self.path("a.py")] + TEST_RULES)
        self.assertEqual(code, 2)
        self.assertIn("not a keylint baseline or report", err)


class Output(TempDirTest):
    def test_output_file_is_private_and_atomic(self):
        write_tree(self.tmp, {"t/a.txt": Tokens(15).test_token()})
        out = self.path("report.json")
        code, stdout, _ = run(["scan", self.path("t"), "-o", out] + TEST_RULES)
        self.assertEqual((code, stdout), (1, ""))
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        with open(out) as f:
            self.assertEqual(len(json.load(f)["findings"]), 1)
        self.assertEqual([n for n in os.listdir(self.tmp)
                          if n.startswith(".keylint-report")], [])
        target = self.path("elsewhere.json")
        os.symlink(target, self.path("link.json"))
        code, _, err = run(["scan", self.path("t"), "-o",
                            self.path("link.json")] + TEST_RULES)
        self.assertEqual(code, 3)
        self.assertIn("symbolic link", err)
        self.assertFalse(os.path.exists(target))

    def test_output_to_a_special_file_writes_into_it(self):
        # `-o /dev/null` once renamed a regular file over the device; a
        # FIFO stands in for it here: it must stay a FIFO and get the
        # report.
        write_tree(self.tmp, {"t/a.txt": Tokens(17).test_token()})
        fifo = self.path("pipe")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(
            target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
        reader.start()
        code, _, err = run(["scan", self.path("t"), "-o", fifo] +
                           TEST_RULES)
        reader.join(10)
        self.assertEqual(code, 1, err)
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
        self.assertEqual(len(json.loads(got[0])["findings"]), 1)
        self.assertEqual([n for n in os.listdir(self.tmp)
                          if n.startswith(".keylint-report")], [])
        code, _, err = run(["scan", self.path("t"), "-o", self.tmp] +
                           TEST_RULES)
        self.assertEqual(code, 3)
        self.assertIn("a folder", err)

    def test_hostile_file_names_stay_valid_json_and_inert_text(self):
        t = Tokens(16)
        names = ["new\nline.txt", "esc\x1b[31mred.txt", "bad\xff\xfe.txt"]
        for n in names:
            with open(os.path.join(self.tmp.encode(),
                                   n.encode("utf-8", "surrogateescape")
                                   if "\xff" not in n else
                                   b"bad\xff\xfe.txt"), "w") as f:
                f.write(t.test_token())
        code, rep, _ = report(["scan", self.tmp] + TEST_RULES)
        self.assertEqual(len(rep["findings"]), 3)
        code, out, _ = run(["scan", self.tmp, "--format", "text"] + TEST_RULES)
        self.assertNotIn("\x1b", out)
        self.assertIn("esc\\x1b[31mred.txt", out)
        self.assertIn("new\\nline.txt", out)


class RuleErrors(TempDirTest):
    def test_malformed_rule_file(self):
        bad = self.path("bad.json")
        with open(bad, "w") as f:
            json.dump([{"id": "broken-rule", "description": "d",
                        "severity": "high", "regex": "abc(def"}], f)
        code, out, err = run(["scan", self.tmp, "--rules", bad])
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertEqual(len(err.strip().splitlines()), 1)
        self.assertIn(bad, err)
        self.assertIn('rule "broken-rule"', err)
        self.assertIn("regex error at offset 7", err)
        code, out, err = run(["rules", "--check", bad])
        self.assertEqual(code, 2)

    def test_rules_check_runs_examples(self):
        code, out, err = run(["rules", "--check", RULES])
        self.assertEqual(code, 0, err)
        self.assertIn("checked 2 rules and 8 examples: 0 failures", out)
        failing = self.path("failing.json")
        with open(failing, "w") as f:
            json.dump({"id": "f", "description": "d", "severity": "low",
                       "regex": "(zz[0-9]{4})", "keywords": ["zz"],
                       "examples": {"positive": ["zz12"],
                                    "negative": ["zz9876"]}}, f)
        code, out, err = run(["rules", "--check", failing])
        self.assertEqual(code, 1)
        self.assertIn('rule "f": positive example 1 not found', err)
        self.assertIn('rule "f": negative example 1 matched', err)

    def test_rules_listing(self):
        code, out, _ = run(["rules", "--format", "json"] + TEST_RULES)
        self.assertEqual(code, 0)
        rules = json.loads(out)
        self.assertEqual([r["id"] for r in rules],
                         ["kltest-critical", "kltest-token"])  # sorted
        code, out, _ = run(["rules"])
        self.assertEqual(code, 0)
        self.assertTrue(out.strip().splitlines()[-1].endswith(" rules"))


if __name__ == "__main__":
    unittest.main()
