"""Helpers for keylint's end-to-end tests.

Token-shaped strings are generated here at test time from a seeded random
generator, so no file in this repository holds something that looks like a
real key.  Repositories are built with fixed author and committer dates, so
commit ids are the same on every run.
"""
import json
import os
import random
import subprocess
import tempfile
import time
import unittest

KEYLINT = os.environ.get("KEYLINT", "keylint")
HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "rules.json")

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
HEX = "0123456789abcdef"


class Tokens:
    """Deterministic fake tokens in real formats."""

    def __init__(self, seed=1):
        self.rng = random.Random(seed)

    def rand(self, n, alphabet=ALNUM):
        while True:
            s = "".join(self.rng.choice(alphabet) for _ in range(n))
            # Avoid the rare draw that looks like a placeholder run.
            if not any(c * 4 in s.lower() for c in "x0a1") :
                return s

    def github(self):
        return "gh" + "p_" + self.rand(36)

    def aws_id(self):
        return "AK" + "IA" + self.rand(16, UPPER32)

    def stripe(self):
        return "sk_" + "live_" + self.rand(24)

    def slack_bot(self):
        return ("xo" + "xb-" + self.rand(11, "0123456789") + "-" +
                self.rand(13, "0123456789") + "-" + self.rand(24))

    def test_token(self):
        """A token for the test-only rules in tests/e2e/rules.json."""
        return "kltest_" + self.rand(24)


def run(args, cwd=None, input=None, env=None, timeout=60, check_json=True,
        usage=None):
    """Run keylint; returns (exit code, stdout, stderr).  With a list as
    usage, appends this one process's peak resident set in MiB (not the
    largest of every child so far, which RUSAGE_CHILDREN would give)."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    # KEYLINT_WRAPPER runs keylint under a tool, e.g. valgrind, and
    # KEYLINT_EXTRA_ARGS adds options to every scan (--no-jit there).
    wrapper = os.environ.get("KEYLINT_WRAPPER", "").split()
    if wrapper:
        timeout *= 20
    args = list(args)
    if args and args[0] in ("scan", "history", "staged", "rules"):
        args += os.environ.get("KEYLINT_EXTRA_ARGS", "").split()
    if usage is not None and input is None:
        return run_measured(wrapper + [KEYLINT] + args, cwd, full_env,
                            timeout, usage)
    p = subprocess.run(wrapper + [KEYLINT] + args, cwd=cwd,
                       input=input, capture_output=True, timeout=timeout,
                       env=full_env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def run_measured(argv, cwd, env, timeout, usage):
    """Runs argv with its output in temporary files and reaps it with
    wait4, whose resource usage is that of this one child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                os.wait4(p.pid, 0)
                raise subprocess.TimeoutExpired(argv, timeout)
            time.sleep(0.02)
        p.returncode = os.waitstatus_to_exitcode(status)
        usage.append(ru.ru_maxrss / 1024)
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read().decode("utf-8", "replace"), \
            err.read().decode("utf-8", "replace")


def report(args, cwd=None, **kw):
    """Run keylint with JSON output and parse the report."""
    code, out, err = run(list(args) + ["--format", "json"], cwd=cwd, **kw)
    try:
        return code, json.loads(out), err
    except ValueError:
        raise AssertionError("not JSON (exit %d): %r / %r" % (code, out, err))


def write_tree(root, files):
    for rel, content in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(path, mode) as f:
            f.write(content)


def normalized(rep):
    """A report without the fields that change between runs."""
    rep = json.loads(json.dumps(rep))
    rep["scan"].pop("duration_ms", None)
    return rep


class Git:
    """A scripted repository with fixed dates (git's test_tick)."""

    def __init__(self, path):
        self.path = path
        self.tick = 1700000000
        os.makedirs(path, exist_ok=True)
        self("init", "-q", "-b", "main")
        self("config", "user.name", "Test Author")
        self("config", "user.email", "author@example.test")
        self("config", "commit.gpgsign", "false")
        self("config", "core.autocrlf", "false")

    def __call__(self, *args, env=None, input=None):
        e = dict(os.environ)
        date = "%d +0000" % self.tick
        e.update({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                  "GIT_AUTHOR_NAME": e.get("KL_AUTHOR", "Test Author"),
                  "GIT_AUTHOR_EMAIL": "author@example.test",
                  "GIT_COMMITTER_NAME": "Test Committer",
                  "GIT_COMMITTER_EMAIL": "committer@example.test",
                  "GIT_CONFIG_NOSYSTEM": "1", "HOME": self.path})
        if env:
            e.update(env)
        p = subprocess.run(["git"] + list(args), cwd=self.path, env=e,
                           capture_output=True, input=input)
        if p.returncode:
            raise RuntimeError("git %s: %s" % (args, p.stderr.decode()))
        return p.stdout.decode().strip()

    def mv(self, src, dst):
        os.makedirs(os.path.dirname(os.path.join(self.path, dst)),
                    exist_ok=True)
        self("mv", src, dst)

    def write(self, rel, content):
        write_tree(self.path, {rel: content})

    def commit(self, msg, author=None, **files):
        for rel, content in files.items():
            self.write(rel.replace("__", "/"), content)
        self("add", "-A")
        self.tick += 60
        env = {"GIT_AUTHOR_NAME": author} if author else None
        self("commit", "-q", "--allow-empty", "-m", msg, env=env)
        return self("rev-parse", "HEAD")


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kl-e2e-")
        os.chmod(self.tmp, 0o755)

    def tearDown(self):
        # chmod/rm, not os.walk: some tests nest folders 1,000 deep.
        subprocess.run(["chmod", "-R", "u+rwx", self.tmp],
                       capture_output=True)
        subprocess.run(["rm", "-rf", self.tmp], capture_output=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)
