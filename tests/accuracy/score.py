#!/usr/bin/env python3
"""Score a secret scanner against keylint's labelled accuracy corpus.

The corpus under testdata/accuracy/corpus holds templates: token-shaped
strings are written as {{rand:N:CLASS}} macros and expanded by kl_expand
into a temporary folder, so the repository itself holds no realistic keys.
labels.tsv lists every planted secret (path, line where it starts, family,
client_side); anything a scanner reports on a line that is not labelled is
a false positive.  Several findings on one labelled line count once.

  score.py keylint --keylint BIN --expand BIN [--min-recall R --min-precision P]
  score.py keylint ... --ratchet FILE [--update-ratchet]

A ratchet file lists the labelled secrets keylint misses today and the
lines it wrongly reports today, one `missed|false<TAB>path<TAB>line` a
line.  A new miss or false positive fails the run; so does one that is
gone, which asks for the list to be shortened (--update-ratchet rewrites
it), so the list only ever gets shorter.
  score.py gitleaks --report gitleaks.json --root DIR
  score.py secretlint --report secretlint.json --root DIR
  score.py expand --expand BIN --out DIR     (only expand the corpus)
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(REPO, "testdata", "accuracy", "corpus")
LABELS = os.path.join(REPO, "testdata", "accuracy", "labels.tsv")


def use_set(name):
    """accuracy (the development corpus) or holdout (written by someone
    who never saw the rules, and never used to tune them)."""
    global CORPUS, LABELS
    CORPUS = os.path.join(REPO, "testdata", name, "corpus")
    LABELS = os.path.join(REPO, "testdata", name, "labels.tsv")


def load_labels(path=None):
    labels = {}
    with open(path or LABELS) as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == ["path", "line", "family", "client_side"], header
        for line in f:
            if not line.strip():
                continue
            p, ln, fam, cs = line.rstrip("\n").split("\t")
            key = (p, int(ln))
            # Several secrets on one line (a minified bundle) are scored
            # as that line, once, like findings.
            if key not in labels:
                labels[key] = (fam, cs == "1")
    return labels


def expand(expand_bin, out):
    subprocess.run([expand_bin, CORPUS, out], check=True)


def rel(root, path):
    path = os.path.normpath(path)
    root = os.path.normpath(root)
    if os.path.isabs(path) and path.startswith(root + os.sep):
        path = path[len(root) + 1:]
    return path.replace(os.sep, "/")


def findings_keylint(report):
    out = []
    for f in report["findings"]:
        fam = f["tags"][0] if f["tags"] else f["rule_id"]
        out.append((f["path"], f["line"], f["rule_id"], fam,
                    f["client_side"]))
    return out


def findings_gitleaks(report, root):
    return [(rel(root, f["File"]), f["StartLine"], f["RuleID"],
             f["RuleID"], None) for f in report]


def findings_secretlint(report, root):
    out = []
    for file in report:
        for m in file.get("messages", []):
            line = m.get("loc", {}).get("start", {}).get("line") or \
                m.get("line")
            out.append((rel(root, file["filePath"]), line, m["ruleId"],
                        m["ruleId"], None))
    return out


def score(labels, findings):
    by_line = collections.defaultdict(list)
    for f in findings:
        by_line[(f[0], f[1])].append(f)
    tp = {k for k in labels if k in by_line}
    fn = set(labels) - tp
    fp_lines = [k for k in by_line if k not in labels]
    fam = collections.defaultdict(lambda: [0, 0, 0])  # tp, fn, fp
    for k in tp:
        fam[labels[k][0]][0] += 1
    for k in fn:
        fam[labels[k][0]][1] += 1
    for k in fp_lines:
        fam["(fp) " + by_line[k][0][3]][2] += 1
    # Client-side classification on the secrets that were found.
    cs = [0, 0, 0, 0]  # tp, fp, fn, tn
    cs_known = any(f[4] is not None for f in findings)
    for k in tp:
        want = labels[k][1]
        got = any(f[4] for f in by_line[k])
        cs[(0 if got else 2) if want else (1 if got else 3)] += 1
    return {
        "tp": len(tp), "fn": len(fn), "fp": len(fp_lines),
        "families": fam, "missed": sorted(fn), "false": sorted(fp_lines),
        "by_line": by_line, "client_side": cs if cs_known else None,
    }


def ratio(a, b):
    return a / b if b else 0.0


def summary(res):
    r = ratio(res["tp"], res["tp"] + res["fn"])
    p = ratio(res["tp"], res["tp"] + res["fp"])
    f1 = ratio(2 * p * r, p + r)
    return r, p, f1


def print_report(name, res, labels, verbose):
    r, p, f1 = summary(res)
    print("%s: recall %.3f  precision %.3f  F1 %.3f  (TP %d, FN %d, FP %d)"
          % (name, r, p, f1, res["tp"], res["fn"], res["fp"]))
    cs = res["client_side"]
    if cs:
        ctp, cfp, cfn, ctn = cs
        print("client-side classification of found secrets: recall %.3f  "
              "precision %.3f  (TP %d, FP %d, FN %d, TN %d)"
              % (ratio(ctp, ctp + cfn), ratio(ctp, ctp + cfp), ctp, cfp, cfn,
                 ctn))
    print("%-28s %5s %5s %5s %7s" % ("family", "TP", "FN", "FP", "recall"))
    for fam in sorted(res["families"]):
        t, n, fp = res["families"][fam]
        print("%-28s %5d %5d %5d %7s" % (fam, t, n, fp,
                                          "%.2f" % ratio(t, t + n)
                                          if t + n else "-"))
    if verbose:
        for k in res["missed"]:
            print("missed: %s:%d (%s)" % (k[0], k[1], labels[k][0]))
        for k in res["false"]:
            print("false positive: %s:%d %s" % (
                k[0], k[1], ",".join(sorted({f[2] for f in
                                             res["by_line"][k]}))))


def ratchet(path, res, update):
    now = {("missed", k[0], k[1]) for k in res["missed"]} | \
        {("false", k[0], k[1]) for k in res["false"]}
    if update:
        with open(path, "w") as f:
            for kind, p, ln in sorted(now):
                f.write("%s\t%s\t%d\n" % (kind, p, ln))
        print("wrote %d entries to %s" % (len(now), path))
        return 0
    known = set()
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                kind, p, ln = line.rstrip("\n").split("\t")
                known.add((kind, p, int(ln)))
    worse = sorted(now - known)
    better = sorted(known - now)
    for kind, p, ln in worse:
        print("NEW %s: %s:%d" % ("miss" if kind == "missed" else
                                 "false positive", p, ln))
    for kind, p, ln in better:
        print("FIXED %s: %s:%d: remove its line from %s" % (
            "miss" if kind == "missed" else "false positive", p, ln, path))
    if worse or better:
        print("FAIL: the ratchet %s does not match (%d new, %d fixed); "
              "after a fix, run with --update-ratchet" % (
                  path, len(worse), len(better)))
        return 1
    print("ratchet: %d known misses and false positives, no change"
          % len(known))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["keylint", "gitleaks", "secretlint",
                                     "expand"])
    ap.add_argument("--keylint")
    ap.add_argument("--expand")
    ap.add_argument("--out")
    ap.add_argument("--report")
    ap.add_argument("--root")
    ap.add_argument("--extra", action="append", default=[],
                    help="extra keylint argument")
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--json", help="write the scores here")
    ap.add_argument("--ratchet", help="known misses and false positives")
    ap.add_argument("--update-ratchet", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--set", default="accuracy",
                    choices=["accuracy", "holdout"])
    a = ap.parse_args()
    use_set(a.set)
    labels = load_labels()

    if a.tool == "expand":
        expand(a.expand, a.out)
        return 0
    if a.tool == "keylint":
        with tempfile.TemporaryDirectory(prefix="kl-acc-") as tmp:
            expand(a.expand, tmp)
            p = subprocess.run([a.keylint, "scan", tmp, "--format", "json",
                                "--no-progress"] + a.extra,
                               capture_output=True)
            if p.returncode not in (0, 1):
                sys.stderr.write(p.stderr.decode())
                return 2
            findings = findings_keylint(json.loads(p.stdout))
    else:
        with open(a.report) as f:
            data = json.load(f)
        findings = (findings_gitleaks(data, a.root) if a.tool == "gitleaks"
                    else findings_secretlint(data, a.root))
    res = score(labels, findings)
    print_report(a.tool, res, labels, a.verbose)
    r, p, f1 = summary(res)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"tool": a.tool, "recall": r, "precision": p, "f1": f1,
                       "tp": res["tp"], "fn": res["fn"], "fp": res["fp"],
                       "client_side": res["client_side"]}, f)
    if a.ratchet:
        return ratchet(a.ratchet, res, a.update_ratchet)
    if r < a.min_recall or p < a.min_precision:
        print("FAIL: below recall %.2f or precision %.2f"
              % (a.min_recall, a.min_precision))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
