#!/usr/bin/env python3
"""Time keylint against floors measured in the same run on the same data.

  run.py [--dir DIR] [--keylint BIN] [--runs N] [--out FILE]
         [--only tree,history,staged,rules]

Corpora come from bench/corpus.py (same --dir).  Every scenario runs
--runs times (after one warm-up run, so the page cache is warm) and the
median is reported, with peak RSS and CPU time; ratios compare keylint
with floors that ran in the same invocation:

  tree     `cat` of every file (the cost of reading) and
           `rg -F -i -f KEYWORDS -uuu` with the keywords of every built-in
           rule (the cost of only finding candidates), against
           `keylint scan` with 1 thread and with all threads;
  history  `git cat-file --batch-all-objects --batch` (decompressing every
           object once, one thread) against `keylint history`, on the
           repository as fast-import wrote it and on its repacked clone
           (deeper deltas, as a clone from a server has them);
  staged   `keylint staged` on a ten-file staged change;
  rules    `keylint scan` of testdata/demo with every built-in rule against
           the same scan with 30 of them (the rest disabled by a config);
  pack     on the repacked clone (real deltas): `keylint history` against
           `git cat-file --batch` over the reachable blob ids (the floor:
           every blob materialised once, one process), MiB of reachable
           blob data per CPU-second, peak RSS, and a 20-commit range
           against `git log -p` of the same range; with --before BIN, the
           same commands with that keylint binary too, in turns.

The machine is shared and noisy: read medians and ratios, not single
timings.  Results are written as Markdown to --out (default: stdout).
"""
import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# The foundation's rule set for the rules-scaling figure (ids that exist
# are used, in this order, up to 30).
FOUNDATION = """
    aws-access-key-id aws-secret-access-key aws-session-token
    github-pat-classic github-fine-grained-pat github-oauth-access-token
    github-app-installation-token gitlab-pat slack-bot-token
    slack-user-token slack-webhook-url stripe-live-secret-key
    stripe-restricted-live-key stripe-webhook-secret gcp-api-key
    gcp-service-account-key openai-project-key openai-legacy-user-key
    anthropic-api-key private-key-rsa private-key-ec private-key-openssh
    private-key-pkcs8 jwt url-credentials-http postgres-connection-string
    generic-password generic-secret generic-api-key generic-token
    auth-bearer-header auth-basic-header sendgrid-api-key npm-access-token
""".split()


# keylint with its archive and decoding stages off, for their cost.
OFF = ["--max-archive-depth", "0", "--max-decode-depth", "0"]


class Result:
    def __init__(self, cmd):
        self.cmd = cmd
        self.wall, self.cpu, self.rss = [], [], []

    def median(self, what="wall"):
        return statistics.median(getattr(self, what))


def measure(cmd, runs, stdout=subprocess.DEVNULL, cwd=None, shell=False):
    """Run cmd runs+1 times (the first warms the cache); returns Result."""
    res = Result(cmd)
    for i in range(runs + 1):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL,
                             cwd=cwd, shell=shell)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit("%s exited %d" % (cmd, code))
        if i == 0:
            continue
        res.wall.append(wall)
        res.cpu.append(ru.ru_utime + ru.ru_stime)
        res.rss.append(ru.ru_maxrss / 1024.0)  # MiB
    return res


def measure_turns(cmds, runs, shell=False):
    """Like measure() for several commands, run in turns (one of each per
    round), so that a noisy neighbour weighs on all of them alike."""
    res = [Result(c) for c in cmds]
    for i in range(runs + 1):
        for r in res:
            t0 = time.perf_counter()
            p = subprocess.Popen(r.cmd, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, shell=shell)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                raise SystemExit("%s exited %d" % (r.cmd, code))
            if i == 0:
                continue
            r.wall.append(wall)
            r.cpu.append(ru.ru_utime + ru.ru_stime)
            r.rss.append(ru.ru_maxrss / 1024.0)
    return res


def reachable_blobs(repo, path):
    """Write the ids of the blobs reachable from any ref to path; returns
    their number and total size."""
    objs = subprocess.run(["git", "-C", repo, "rev-list", "--objects",
                           "--all"], capture_output=True, check=True).stdout
    ids = b"\n".join(l.split(b" ")[0] for l in objs.splitlines()) + b"\n"
    out = subprocess.run(["git", "-C", repo, "cat-file", "--batch-check="
                          "%(objecttype) %(objectname) %(objectsize)"],
                         input=ids, capture_output=True,
                         check=True).stdout.decode()
    n = total = 0
    with open(path, "w") as f:
        for line in out.splitlines():
            t, oid, size = line.split()
            if t == "blob":
                f.write(oid + "\n")
                n += 1
                total += int(size)
    return n, total


def pack_bench(a, kl, ncpu, repo, tmp, out):
    """Issue 16's figures; returns the target checks."""
    q = shlex.quote
    ids = os.path.join(tmp, "blob-ids.txt")
    nb, bb = reachable_blobs(repo, ids)
    mib = bb / 1048576.0
    commits = int(subprocess.check_output(
        ["git", "-C", repo, "rev-list", "--count", "--all"]))
    tip = subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"],
                                  text=True).strip()
    rng = "%s~20..%s" % (tip, tip)
    bins = [("after", kl)]
    if a.before:
        bins.insert(0, ("before", os.path.abspath(a.before)))
    floor = "git -C %s cat-file --batch < %s > /dev/null" % (q(repo), q(ids))
    hist = ["%s history %s --threads %d --no-progress --exit-code 0 "
            "> /dev/null" % (q(b), q(repo), ncpu) for _, b in bins]
    res = measure_turns([floor] + hist, a.runs, shell=True)
    logp = "git -C %s log -p %s > /dev/null" % (q(repo), rng)
    rcmds = ["%s history %s %s --threads %d --no-progress --exit-code 0 "
             "> /dev/null" % (q(b), q(repo), rng, ncpu) for _, b in bins]
    rres = measure_turns([logp] + rcmds, max(a.runs, 10), shell=True)
    out("## Issue 16: history on the repacked clone: %d commits, %d "
        "reachable blobs, %.1f MiB of blob data\n" % (commits, nb, mib))
    out("| command | median wall | x floor | CPU s | MiB/CPU-s | peak RSS |")
    out("|---|---|---|---|---|---|")
    rows = [("git cat-file --batch (reachable blob ids)", res[0])]
    rows += [("keylint history, %d threads (%s)" % (ncpu, name), r)
             for (name, _), r in zip(bins, res[1:])]
    for name, r in rows:
        out("| %s | %.3f s | %.2fx | %.2f | %.0f | %.0f MiB |" % (
            name, r.median(), r.median() / res[0].median(),
            r.median("cpu"), mib / r.median("cpu"), r.median("rss")))
    out("")
    out("| 20-commit range | median wall | x git log -p | CPU s | peak RSS |")
    out("|---|---|---|---|---|")
    rrows = [("git log -p", rres[0])]
    rrows += [("keylint history RANGE (%s)" % name, r)
              for (name, _), r in zip(bins, rres[1:])]
    for name, r in rrows:
        out("| %s | %.1f ms | %.2fx | %.3f | %.0f MiB |" % (
            name, r.median() * 1000, r.median() / rres[0].median(),
            r.median("cpu"), r.median("rss")))
    out("")
    out("Commands: `%s`, `%s`, `%s`, `%s` (RANGE = `%s`).\n" % (
        floor.replace(tmp, "$TMP"), hist[-1], logp, rcmds[-1], rng))
    kh, kr = res[-1], rres[-1]
    ratio = kh.median() / res[0].median()
    per_cpu = mib / kh.median("cpu")
    rratio = kr.median() / rres[0].median()
    return [
        ("pack: history wall <= 0.7x the cat-file floor", ratio <= 0.7,
         "%.2fx" % ratio),
        ("pack: >= 550 MiB of blob data per CPU-second", per_cpu >= 550,
         "%.0f MiB" % per_cpu),
        ("pack: peak RSS < 300 MB", kh.median("rss") * 1.048576 < 300,
         "%.0f MiB" % kh.median("rss")),
        ("pack: 20-commit range <= 2x git log -p", rratio <= 2.0,
         "%.2fx" % rratio)]


def keywords_file(rules, tmp):
    kws = sorted({k for r in rules for k in r["keywords"]})
    path = os.path.join(tmp, "keywords.txt")
    with open(path, "w") as f:
        f.write("\n".join(kws) + "\n")
    return path, len(kws)


def tree_bytes(root):
    total = files = 0
    for dirpath, _, names in os.walk(root):
        for n in names:
            total += os.path.getsize(os.path.join(dirpath, n))
            files += 1
    return total, files


def blob_bytes(repo):
    out = subprocess.check_output(
        ["git", "-C", repo, "cat-file", "--batch-all-objects",
         "--batch-check=%(objecttype) %(objectsize)"], text=True)
    total = n = 0
    for line in out.splitlines():
        t, s = line.split()
        if t == "blob":
            total += int(s)
            n += 1
    return total, n


def fmt(x, unit="s"):
    return "%.3f %s" % (x, unit) if unit == "s" else "%.1f %s" % (x, unit)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=os.environ.get("KL_BENCH_DIR",
                                                    "/tmp/keylint-bench"))
    ap.add_argument("--keylint", default=os.path.join(REPO, "build",
                                                      "keylint"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out")
    ap.add_argument("--only", default="tree,history,staged,rules,pack")
    ap.add_argument("--before", help="a keylint binary to compare with "
                    "(the pack scenario)")
    a = ap.parse_args()
    only = set(a.only.split(","))
    kl = os.path.abspath(a.keylint)
    ncpu = os.cpu_count() or 1
    tree = os.path.join(a.dir, "tree")
    repo = os.path.join(a.dir, "repo")
    lines = []
    out = lines.append
    cpu_model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    version = subprocess.check_output([kl, "version"], text=True).strip()
    rules = json.loads(subprocess.check_output([kl, "rules", "--format",
                                                "json"]))
    out("# keylint benchmark results\n")
    out("- machine: %d online CPUs, %s, %s" % (ncpu, cpu_model,
                                               platform.platform()))
    out("- keylint: `%s`" % version)
    out("- date: %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    out("- runs: median of %d after one warm-up run (warm page cache)\n"
        % a.runs)
    checks = []

    with tempfile.TemporaryDirectory(prefix="kl-bench-") as tmp:
        kwfile, nkw = keywords_file(rules, tmp)
        if "tree" in only and os.path.isdir(tree):
            nbytes, nfiles = tree_bytes(tree)
            mib = nbytes / 1048576.0
            cat = measure("find %s -type f -print0 | xargs -0 cat > /dev/null"
                          % shlex.quote(tree), a.runs, shell=True)
            rg = measure(["rg", "-F", "-i", "-f", kwfile, "-uuu", "-c",
                          "--threads", str(ncpu), tree], a.runs)
            k1 = measure([kl, "scan", tree, "--threads", "1", "--no-progress",
                          "--no-git-ignore", "--exit-code", "0"], a.runs)
            kn = measure([kl, "scan", tree, "--threads", str(ncpu),
                          "--no-progress", "--no-git-ignore", "--exit-code",
                          "0"], a.runs)
            koff = measure([kl, "scan", tree, "--threads", str(ncpu),
                            "--no-progress", "--no-git-ignore", "--exit-code",
                            "0"] + OFF, a.runs)
            out("## Working tree: %d files, %.1f MiB\n" % (nfiles, mib))
            out("| command | median wall | MiB/s | CPU s | peak RSS |")
            out("|---|---|---|---|---|")
            for name, r in (("cat every file", cat),
                            ("rg -F -i -f KEYWORDS -uuu (%d keywords, %d "
                             "threads)" % (nkw, ncpu), rg),
                            ("keylint scan, 1 thread", k1),
                            ("keylint scan, %d threads" % ncpu, kn),
                            ("keylint scan, %d threads, no archives or "
                             "decoding" % ncpu, koff)):
                out("| %s | %.3f s | %.0f | %.2f | %.0f MiB |" % (
                    name, r.median(), mib / r.median(), r.median("cpu"),
                    r.median("rss")))
            per_core = mib / kn.median() / ncpu
            ratio_rg = kn.median() / rg.median()
            scale = k1.median() / kn.median()
            out("")
            out("- keylint, %d threads: %.0f MiB/s per core" % (ncpu,
                                                                per_core))
            out("- keylint / ripgrep keyword floor: %.2fx" % ratio_rg)
            out("- keylint / cat floor: %.2fx" % (kn.median() / cat.median()))
            out("- 1 thread / %d threads: %.2fx faster with %d" % (
                ncpu, scale, ncpu))
            out("- archives and decoding on / off: %.2fx wall, %.2fx CPU" % (
                kn.median() / koff.median(),
                kn.median("cpu") / koff.median("cpu")))
            out("")
            checks += [
                ("tree: >= 200 MiB/s per core", per_core >= 200,
                 "%.0f MiB/s" % per_core),
                ("tree: <= 2x the ripgrep keyword floor", ratio_rg <= 2.0,
                 "%.2fx" % ratio_rg),
                ("tree: peak RSS < 150 MB", kn.median("rss") < 150,
                 "%.0f MiB" % kn.median("rss")),
                ("tree: %d threads >= 1.7x 1 thread" % ncpu, scale >= 1.7,
                 "%.2fx" % scale)]
            out("Commands: `%s`, `%s`, `%s`.\n" % (
                cat.cmd, " ".join(rg.cmd).replace(tmp, "$TMP"),
                " ".join(kn.cmd)))

        histories = [("as fast-import wrote it", repo),
                     ("repacked, as a clone has it", repo + "-packed")]
        for label, hrepo in histories:
            if "history" not in only or not os.path.isdir(hrepo):
                continue
            bb, nb = blob_bytes(hrepo)
            commits = int(subprocess.check_output(
                ["git", "-C", hrepo, "rev-list", "--count", "--all"]))
            pack = subprocess.check_output(
                ["git", "-C", hrepo, "count-objects", "-vH"], text=True)
            pack = [l.split(": ")[1] for l in pack.splitlines()
                    if l.startswith("size-pack")][0]
            catf = measure(["git", "-C", hrepo, "cat-file",
                            "--batch-all-objects", "--batch"], a.runs)
            kh = measure([kl, "history", hrepo, "--no-progress",
                          "--exit-code", "0"], a.runs)
            khoff = measure([kl, "history", hrepo, "--no-progress",
                             "--exit-code", "0"] + OFF, a.runs)
            mib = bb / 1048576.0
            out("## History, %s: %d commits, %d blobs, %.1f MiB of unique "
                "blob data, %s pack\n" % (label, commits, nb, mib, pack))
            out("| command | median wall | CPU s | peak RSS |")
            out("|---|---|---|---|")
            for name, r in (("git cat-file --batch-all-objects --batch",
                             catf),
                            ("keylint history (%d threads)" % ncpu, kh),
                            ("keylint history, no archives or decoding",
                             khoff)):
                out("| %s | %.3f s | %.2f | %.0f MiB |" % (
                    name, r.median(), r.median("cpu"), r.median("rss")))
            ratio = kh.median() / catf.median()
            per_cpu = mib / kh.median("cpu")
            out("")
            out("- keylint / cat-file floor (wall): %.2fx" % ratio)
            out("- unique blob data per CPU-second: %.0f MiB" % per_cpu)
            out("- archives and decoding on / off: %.2fx wall, %.2fx CPU" % (
                kh.median() / khoff.median(),
                kh.median("cpu") / khoff.median("cpu")))
            out("")
            out("Commands: `%s`, `%s`.\n" % (" ".join(catf.cmd),
                                            " ".join(kh.cmd)))
            checks += [
                ("history (%s): wall <= 1.0x git cat-file" % label,
                 ratio <= 1.0, "%.2fx" % ratio),
                ("history (%s): >= 150 MiB unique blob data per CPU-second"
                 % label, per_cpu >= 150, "%.0f MiB" % per_cpu),
                ("history (%s): peak RSS < 300 MB" % label,
                 kh.median("rss") < 300, "%.0f MiB" % kh.median("rss"))]

        if "staged" in only and os.path.isdir(repo):
            st = measure([kl, "staged", repo, "--exit-code", "0"],
                         max(a.runs, 10), cwd=repo)
            ms = st.median() * 1000
            out("## Staged: ten staged files in that repository\n")
            out("- `keylint staged`: median %.1f ms wall, %.0f MiB peak RSS\n"
                % (ms, st.median("rss")))
            checks.append(("staged: < 50 ms", ms < 50, "%.1f ms" % ms))

        if "rules" in only:
            ids = [r["id"] for r in rules]
            keep = [i for i in FOUNDATION if i in ids][:30]
            cfg = os.path.join(tmp, "thirty.json")
            with open(cfg, "w") as f:
                json.dump({"disabled_rules": [i for i in ids
                                              if i not in keep]}, f)
            demo = os.path.join(REPO, "testdata", "demo")
            base = [kl, "scan", demo, "--no-progress", "--exit-code", "0"]
            full = measure(base, max(a.runs, 20))
            few = measure(base + ["--config", cfg], max(a.runs, 20))
            ratio = full.median() / few.median()
            out("## Rule count: testdata/demo with %d rules and with %d\n"
                % (len(ids), len(keep)))
            out("- %d rules: median %.1f ms; %d rules: median %.1f ms; "
                "ratio %.2fx\n" % (len(ids), full.median() * 1000, len(keep),
                                   few.median() * 1000, ratio))
            checks.append(("rules: %d rules <= 2x the time of 30"
                           % len(ids), ratio <= 2.0, "%.2fx" % ratio))

        if "pack" in only:
            prepo = repo + "-packed" if os.path.isdir(repo + "-packed") \
                else repo
            if os.path.isdir(prepo):
                checks += pack_bench(a, kl, ncpu, prepo, tmp, out)

    out("## Targets\n")
    out("| target | met | measured |")
    out("|---|---|---|")
    for name, ok, val in checks:
        out("| %s | %s | %s |" % (name, "yes" if ok else "**no**", val))
    text = "\n".join(lines) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
