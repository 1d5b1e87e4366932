#!/usr/bin/env python3
"""Build keylint's benchmark corpora from text every Debian machine has.

  corpus.py [--dir DIR] [--tree-mb 520] [--tree-files 50000]
            [--commits 5000] [--repo-mb 1050] [--small]

Creates, under DIR (default $KL_BENCH_DIR or /tmp/keylint-bench):

  tree/   a working tree of real text (C headers, documentation, Python and
          Perl libraries), copied in a fixed order and cycled with a copy
          number in the path until it has --tree-mb MiB in --tree-files
          files, with a fixed set of planted fake secrets;
  repo/   a git repository built with git fast-import: a first commit with
          part of the tree, then --commits commits that edit, add, rename
          and delete files (and add and remove planted secrets), until the
          unique blob data reaches --repo-mb MiB; the author and committer
          dates are fixed, so the repository is the same on every run;
  repo/   also gets a staged change of ten files for `keylint staged`;
  repo-packed/
          a bare clone of repo/ repacked with `git repack -adf`: the same
          objects with the deeper deltas a clone from a server has.

Binary files (a NUL in the first 8000 bytes) and compressed files are not
copied.  Everything is deterministic given the same source files.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys

from run import blob_bytes  # bench/run.py, next to this script

SOURCES = ["/usr/include", "/usr/share/doc", "/usr/lib/python3.11",
           "/usr/lib/python3", "/usr/share/perl", "/usr/share/perl5",
           "/usr/share/X11", "/usr/share/common-licenses",
           "/usr/share/pkgconfig", "/usr/share/vim", "/usr/share/zsh",
           "/usr/share/bash-completion", "/etc"]
SKIP_EXT = (".gz", ".bz2", ".xz", ".zst", ".zip", ".png", ".jpg", ".gif",
            ".ico", ".pyc", ".so", ".a", ".o", ".mo", ".jar", ".ttf")
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def text_files():
    """(path, size) of readable text files under SOURCES, sorted."""
    seen = set()
    out = []
    for root in SOURCES:
        if not os.path.isdir(root):
            continue
        for dirpath, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                p = os.path.join(dirpath, name)
                if name.endswith(SKIP_EXT) or os.path.islink(p):
                    continue
                try:
                    real = os.path.realpath(p)
                    if real in seen:
                        continue
                    st = os.stat(p)
                    if not (0 < st.st_size <= 4 << 20):
                        continue
                    with open(p, "rb") as f:
                        head = f.read(8000)
                except OSError:
                    continue
                if b"\0" in head:
                    continue
                seen.add(real)
                out.append((p, st.st_size))
    return out


class Secrets:
    """Planted fake secrets in real formats, built at run time."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def rand(self, n, a=ALNUM):
        return "".join(self.r.choice(a) for _ in range(n))

    def line(self, i):
        kinds = [
            lambda: 'GITHUB_TOKEN = "gh' + 'p_%s"' % self.rand(36),
            lambda: "aws_access_key_id = AK" + "IA" + self.rand(
                16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            lambda: 'stripe.api_key = "sk_' + 'live_%s"' % self.rand(24),
            lambda: "SLACK_BOT_TOKEN=xo" + "xb-%s-%s-%s" % (
                self.rand(11, "0123456789"), self.rand(13, "0123456789"),
                self.rand(24)),
            lambda: 'OPENAI_API_KEY="sk-' + 'proj-%s"' % self.rand(64),
            lambda: "DATABASE_URL=postgres://app:%s@db.prod.internal/app"
            % self.rand(16),
        ]
        return kinds[i % len(kinds)]()


def build_tree(dest, files, mb, nfiles, secrets):
    os.makedirs(dest)
    want = mb << 20
    total = count = 0
    i = 0
    while total < want or count < nfiles:
        src, size = files[i % len(files)]
        copy = i // len(files)
        rel = "c%d%s" % (copy, src)
        out = os.path.join(dest, rel.lstrip("/"))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(src, "rb") as f:
            data = f.read()
        if count % 500 == 250:
            data += ("\n# planted %d\n%s\n" % (count, secrets.line(count))
                     ).encode()
        with open(out, "wb") as f:
            f.write(data)
        total += len(data)
        count += 1
        i += 1
    return total, count


def build_repo(dest, files, commits, mb, secrets, base_files):
    """A deterministic history via git fast-import."""
    os.makedirs(dest)
    subprocess.run(["git", "init", "-q", "-b", "main", dest], check=True)
    rng = random.Random(7)
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=dest,
                            stdin=subprocess.PIPE)
    out = proc.stdin
    current = {}  # path -> bytes
    unique = 0
    base = files[:base_files]
    when = 1600000000
    mark = 0

    def blob(data):
        nonlocal mark, unique
        mark += 1
        unique += len(data)
        out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)))
        out.write(data)
        out.write(b"\n")
        return mark

    def commit(msg, changes, deletes=()):
        nonlocal when
        when += 600
        marks = [(p, blob(d)) for p, d in changes]
        out.write(b"commit refs/heads/main\n")
        out.write(b"author Bench Author <bench@example.test> %d +0000\n" % when)
        out.write(b"committer Bench Author <bench@example.test> %d +0000\n"
                  % when)
        m = msg.encode()
        out.write(b"data %d\n%s\n" % (len(m), m))
        for p in deletes:
            out.write(b"D %s\n" % p.encode())
        for p, k in marks:
            out.write(b"M 100644 :%d %s\n" % (k, p.encode()))
        out.write(b"\n")

    first = []
    for src, _ in base:
        with open(src, "rb") as f:
            data = f.read()
        p = src.lstrip("/")
        current[p] = data
        first.append((p, data))
    commit("import", first)
    paths = sorted(current)
    want = mb << 20
    for n in range(1, commits):
        # Spread the remaining volume over the remaining commits.
        left = max(want - unique, 0)
        budget = max(left // (commits - n), 4096)
        changes, deletes, spent = [], [], 0
        while spent < budget:
            p = paths[rng.randrange(len(paths))]
            data = current[p]
            lines = data.split(b"\n")
            at = rng.randrange(len(lines) + 1)
            lines.insert(at, b"edit %d of commit %d" % (rng.randrange(1 << 30),
                                                         n))
            if n % 97 == 0 and not changes:
                lines.insert(at, secrets.line(n).encode())
            data = b"\n".join(lines)
            current[p] = data
            changes.append((p, data))
            spent += len(data)
        if n % 50 == 0:
            # A rename and a deletion now and then.
            victim = paths[rng.randrange(len(paths))]
            if victim not in dict(changes):
                newp = "moved/%d/%s" % (n, victim)
                current[newp] = current.pop(victim)
                paths[paths.index(victim)] = newp
                deletes.append(victim)
                changes.append((newp, current[newp]))
        commit("commit %d" % n, list(dict(changes).items()), deletes)
    out.close()
    if proc.wait():
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=dest,
                   check=True)
    # A staged change of ten files.
    for i, p in enumerate(paths[:: max(len(paths) // 10, 1)][:10]):
        path = os.path.join(dest, p)
        with open(path, "ab") as f:
            f.write(b"\nstaged change %d\n" % i)
            if i == 3:
                f.write(secrets.line(3).encode() + b"\n")
        subprocess.run(["git", "add", p], cwd=dest, check=True)
    # What git stores, counted by git: unique blobs only.
    unique = blob_bytes(dest)[0]
    return unique, commits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=os.environ.get("KL_BENCH_DIR",
                                                    "/tmp/keylint-bench"))
    ap.add_argument("--tree-mb", type=int, default=520)
    ap.add_argument("--tree-files", type=int, default=50000)
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--repo-mb", type=int, default=1050)
    ap.add_argument("--small", action="store_true",
                    help="tiny corpora, to check that the scripts work")
    a = ap.parse_args()
    if a.small:
        a.tree_mb, a.tree_files, a.commits, a.repo_mb = 8, 300, 40, 12
    if os.path.exists(a.dir):
        shutil.rmtree(a.dir)
    os.makedirs(a.dir)
    files = text_files()
    if not files:
        raise SystemExit("no text files found under " + " ".join(SOURCES))
    secrets = Secrets(2026)
    tb, tn = build_tree(os.path.join(a.dir, "tree"), files, a.tree_mb,
                        a.tree_files, secrets)
    rb, rc = build_repo(os.path.join(a.dir, "repo"), files, a.commits,
                        a.repo_mb, secrets,
                        300 if a.small else len(files) // 2)
    packed = os.path.join(a.dir, "repo-packed")
    subprocess.run(["git", "clone", "-q", "--no-local", "--bare",
                    os.path.join(a.dir, "repo"), packed], check=True)
    subprocess.run(["git", "-C", packed, "repack", "-adfq"], check=True)
    summary = ("tree: %d files, %.1f MiB\nrepo: %d commits, %.1f MiB of "
               "unique blob data\nsource files: %d\n"
               % (tn, tb / 1048576, rc, rb / 1048576, len(files)))
    with open(os.path.join(a.dir, "corpus.txt"), "w") as f:
        f.write(summary)
    sys.stdout.write(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
