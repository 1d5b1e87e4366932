"""keylint in a real terminal: tmux runs a shell, the test types commands
with send-keys and reads the screen with capture-pane, colours included."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from kltest import KEYLINT, TempDirTest, Tokens, write_tree

TMUX = shutil.which("tmux")


@unittest.skipUnless(TMUX, "tmux is not installed")
class Terminal(TempDirTest):
    def setUp(self):
        super().setUp()
        # A server of its own per test, on a socket outside the scanned
        # folder: a name shared between tests met the previous test's
        # server while it was still shutting down ("server exited
        # unexpectedly").
        self.sockdir = tempfile.mkdtemp(prefix="kl-tmux-")
        self.sock = os.path.join(self.sockdir, "s")
        tok = Tokens(19)
        write_tree(self.path("t"), {
            "app.py": 'token = "%s"\n' % tok.github(),
            "notes.txt": "nothing to see\n"})
        env = dict(os.environ, TERM="xterm-256color", PS1="$ ")
        env.pop("NO_COLOR", None)
        subprocess.run([TMUX, "-S", self.sock, "-f", "/dev/null",
                        "new-session", "-d", "-x", "160", "-y", "50",
                        "-c", self.tmp, "sh"], check=True, env=env)
        self.keys("export PATH=%s:$PATH" % os.path.dirname(KEYLINT))
        self.keys("clear")

    def tearDown(self):
        subprocess.run([TMUX, "-S", self.sock, "kill-server"],
                       capture_output=True)
        shutil.rmtree(self.sockdir, ignore_errors=True)
        super().tearDown()

    def keys(self, *keys, enter=True):
        subprocess.run([TMUX, "-S", self.sock, "send-keys", "-t", "0"] +
                       list(keys) + (["Enter"] if enter else []),
                       check=True)

    def screen(self, colours=False):
        args = [TMUX, "-S", self.sock, "capture-pane", "-p", "-t", "0"]
        if colours:
            args.append("-e")
        return subprocess.run(args, capture_output=True, check=True
                              ).stdout.decode("utf-8", "replace")

    def wait_for(self, text, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            s = self.screen()
            if text in s:
                return s
            time.sleep(0.1)
        self.fail("%r never appeared; the screen:\n%s" % (text,
                                                         self.screen()))

    def wait_for_handler(self, args, timeout=20):
        """Wait until the keylint run with these arguments started in this
        test's folder (other suites may run the same command at the same
        time) catches SIGINT (bit 2 of SigCgt in /proc/PID/status)."""
        here = os.path.realpath(self.tmp)
        end = time.time() + timeout
        while time.time() < end:
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    with open("/proc/%s/cmdline" % pid, "rb") as f:
                        argv = f.read().split(b"\0")[:-1]
                    if not argv or \
                            not argv[0].endswith(b"keylint") or \
                            [a.decode() for a in argv[1:]] != args or \
                            os.path.realpath("/proc/%s/cwd" % pid) != here:
                        continue
                    with open("/proc/%s/status" % pid) as f:
                        for line in f:
                            if line.startswith("SigCgt:") and \
                                    int(line.split()[1], 16) & 2:
                                return
                except OSError:
                    continue
            time.sleep(0.05)
        self.fail("keylint %s never caught SIGINT" % " ".join(args))

    def test_findings_in_colour_and_the_summary_last(self):
        self.keys("keylint scan t --progress; echo ex\"\"it=$?")
        screen = self.wait_for("exit=")
        self.assertIn("exit=1", screen)
        self.assertIn("t/app.py:1:", screen)
        self.assertIn("github-pat-classic", screen)
        self.assertIn("fingerprint", screen)
        # The progress line made way for the summary line.
        self.assertNotIn("matches", screen)
        lines = [l for l in screen.splitlines() if l.strip()]
        last = lines.index("exit=1")
        self.assertEqual(lines[last - 1],
                         "keylint: 1 finding (1 high) in 2 files")
        # The secret is redacted on screen too.
        self.assertRegex(screen, r'token = "ghp_\*{5}"')
        coloured = self.screen(colours=True)
        # Severity in red, the path in bold.
        self.assertRegex(coloured, r"\x1b\[[0-9;]*31m[^\n]*high")
        self.assertRegex(coloured, r"\x1b\[[0-9;]*1m[^\n]*t/app\.py")

    def test_no_colour_when_asked(self):
        self.keys("NO_COLOR=1 keylint scan t; echo ex\"\"it=$?")
        self.wait_for("exit=")
        self.assertNotRegex(self.screen(colours=True), r"\x1b\[[0-9;]*31m")

    def test_ctrl_c_says_how_far_it_got(self):
        # Standard input from the terminal never ends until typed.
        self.keys("keylint scan - -o r.json; echo ex\"\"it=$?")
        # Ctrl-C before keylint has its handler would only reach the
        # shell, whatever the machine's load: wait for the handler.
        self.wait_for_handler(["scan", "-", "-o", "r.json"])
        self.keys("C-c", enter=False)
        screen = self.wait_for("exit=")
        self.assertIn("keylint: interrupted after 0 files", screen)
        self.assertIn("exit=130", screen)
        self.assertEqual(os.listdir(self.tmp), ["t"])


if __name__ == "__main__":
    unittest.main()
