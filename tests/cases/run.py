#!/usr/bin/env python3
"""Data-driven cases: input files and the findings keylint must report.

Each folder tests/cases/NAME/ holds:

  input/        files to scan; {{rand:N:CLASS}} and {{b64:TEXT}} macros are
                expanded by kl_expand, so token-shaped strings exist only
                at test time (the folder may be missing when setup.sh builds
                everything)
  setup.sh      optional: runs in the expanded folder before keylint (to
                build a git repository): `git_init` makes one, `commit MSG`
                commits everything with a fixed, increasing date, so commit
                ids are stable; `pack ARGS` runs bsdtar with fixed times, so
                archives have fixed bytes; $KL_REPO is the repository root
  args          keylint's arguments, one line (default: scan .); @REPO@
                stands for the repository root; `< FILE` feeds FILE to
                standard input
  ignore        optional: names of counts to leave out of the first line,
                one a line (the bytes of archives whose format keeps
                access times, such as zip and 7z)
  expected.jsonl
                the normalised result: a first line with the exit code,
                counts and errors, then one line per finding (or per SARIF
                result, or per text line; for HTML, the elements and
                scripts of the page, then the text of each finding)

  run.py --keylint BIN --expand BIN [NAME...]
  KL_CASES_UPDATE=1 run.py ...     rewrite expected.jsonl (review the diff)
"""
import argparse
import difflib
import html.parser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

SETUP_LIB = r"""
set -eu
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Case Author" GIT_AUTHOR_EMAIL=author@example.test
export GIT_COMMITTER_NAME="Case Committer"
export GIT_COMMITTER_EMAIL=committer@example.test
KL_TICK=1700000000
commit() {
	KL_TICK=$((KL_TICK + 60))
	git add -A
	GIT_AUTHOR_DATE="$KL_TICK +0000" GIT_COMMITTER_DATE="$KL_TICK +0000" \
		git commit -q --allow-empty -m "$1"
}
# Archives with fixed bytes: fixed times on every file, no timestamp in
# gzip headers.
pack() {
	find . -path ./.git -prune -o -exec touch -h -d @1700000000 {} +
	out= prev=
	for a; do [ "$prev" = -cf ] && out=$a; prev=$a; done
	case "$out" in
	*.gz | *.tgz) set -- --options 'gzip:!timestamp' "$@" ;;
	esac
	bsdtar "$@"
}
# Commit at a given date, for ties between branches.
commit_at() {
	git add -A
	GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000" \
		git commit -q --allow-empty -m "$2"
}
git_init() {
	git init -q -b main .
	git config commit.gpgsign false
	git config core.autocrlf false
}
"""


def normalise_json(code, rep):
    head = {"exit": code, "mode": rep["scan"]["mode"],
            "counts": {k: rep["scan"][k] for k in
                       ("files", "commits", "blobs", "bytes")},
            "skipped": rep["scan"]["skipped"], "errors": rep["errors"]}
    lines = [head]
    lines.extend(rep["findings"])
    return lines


def normalise_sarif(code, rep):
    run = rep["runs"][0]
    head = {"exit": code, "columnKind": run.get("columnKind"),
            "rules": len(run["tool"]["driver"]["rules"])}
    lines = [head]
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        line = {"ruleId": r["ruleId"], "level": r["level"],
                "uri": loc["artifactLocation"]["uri"],
                "region": loc.get("region"),
                "partialFingerprints": r.get("partialFingerprints"),
                "properties": r.get("properties")}
        if "logicalLocations" in r["locations"][0]:
            line["logicalLocations"] = r["locations"][0]["logicalLocations"]
        lines.append(line)
    return lines


class _Html(html.parser.HTMLParser):
    """What the HTML report shows, for comparing: the elements it uses,
    its scripts, and the text of each finding, as a browser renders it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.csp = set(), 0, None
        self.findings, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        self.scripts += tag == "script"
        if tag == "meta" and attrs.get("http-equiv") == \
                "Content-Security-Policy":
            self.csp = re.sub(r"'sha256-[^']*'", "'sha256-…'",
                              attrs.get("content", ""))
        if tag == "article":
            self.findings.append("")
            self.depth = 1
        elif self.depth and tag not in ("meta", "br"):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            self.findings[-1] += " "

    def handle_data(self, data):
        if self.depth:
            self.findings[-1] += data


def normalise_html(code, out):
    p = _Html()
    p.feed(out)
    p.close()
    lines = [{"exit": code, "tags": sorted(p.tags), "scripts": p.scripts,
              "csp": p.csp}]
    lines.extend({"finding": " ".join(f.split())} for f in p.findings)
    return lines


def normalise(code, out, fmt, ignore=()):
    if fmt == "text":
        # The summary's duration is the only part that changes.
        return [{"exit": code}] + [{"line": re.sub(r"\b\d+ ms$", "N ms", ln)}
                                   for ln in out.splitlines()]
    if fmt == "html":
        return normalise_html(code, out)
    if fmt == "jsonl":
        return [{"exit": code}] + [json.loads(ln) for ln in out.splitlines()
                                   if ln.strip()]
    rep = json.loads(out)
    if fmt == "sarif":
        return normalise_sarif(code, rep)
    lines = normalise_json(code, rep)
    for k in ignore:
        lines[0]["counts"].pop(k, None)
    return lines


def run_case(name, keylint, expand, update):
    case = os.path.join(HERE, name)
    args_file = os.path.join(case, "args")
    args = "scan ."
    if os.path.exists(args_file):
        with open(args_file) as f:
            args = f.read().strip()
    with tempfile.TemporaryDirectory(prefix="kl-case-") as tmp:
        work = os.path.join(tmp, "work")
        if os.path.isdir(os.path.join(case, "input")):
            subprocess.run([expand, os.path.join(case, "input"), work],
                           check=True)
        else:
            os.makedirs(work)
        env = dict(os.environ, HOME=tmp, LC_ALL="C", TZ="UTC", KL_REPO=REPO)
        env.pop("NO_COLOR", None)
        setup = os.path.join(case, "setup.sh")
        if os.path.exists(setup):
            with open(setup) as f:
                script = SETUP_LIB + f.read()
            p = subprocess.run(["sh", "-c", script], cwd=work, env=env,
                               capture_output=True)
            if p.returncode:
                return "setup.sh failed:\n" + p.stderr.decode()
        argv = shlex.split(args.replace("@REPO@", REPO))
        stdin = None
        if "<" in argv:
            i = argv.index("<")
            with open(os.path.join(work, argv[i + 1]), "rb") as f:
                stdin = f.read()
            argv = argv[:i] + argv[i + 2:]
        fmt = "json"
        if "--format" in argv:
            fmt = argv[argv.index("--format") + 1]
        else:
            argv += ["--format", "json"]
        p = subprocess.run([keylint] + argv + ["--no-progress"], cwd=work,
                           env=env, input=stdin, capture_output=True,
                           timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        ignore = []
        if os.path.exists(os.path.join(case, "ignore")):
            with open(os.path.join(case, "ignore")) as f:
                ignore = f.read().split()
        try:
            got = normalise(p.returncode, out, fmt, ignore)
        except (ValueError, KeyError, IndexError) as e:
            return "cannot read keylint's output (%s), exit %d:\n%s\n%s" % (
                e, p.returncode, out[:2000],
                p.stderr.decode("utf-8", "replace")[:2000])
    text = "".join(json.dumps(x, sort_keys=True, ensure_ascii=False) + "\n"
                   for x in got)
    expected = os.path.join(case, "expected.jsonl")
    if update:
        with open(expected, "w") as f:
            f.write(text)
        return None
    if not os.path.exists(expected):
        return "no expected.jsonl (run with KL_CASES_UPDATE=1 and review)"
    with open(expected) as f:
        want = f.read()
    if want == text:
        return None
    return "".join(difflib.unified_diff(
        want.splitlines(True), text.splitlines(True), "expected.jsonl",
        "keylint"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keylint", required=True)
    ap.add_argument("--expand", required=True)
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    a.keylint = os.path.abspath(a.keylint)
    a.expand = os.path.abspath(a.expand)
    names = a.cases or sorted(
        d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d)))
    update = os.environ.get("KL_CASES_UPDATE") == "1"
    failed = 0
    for name in names:
        msg = run_case(name, a.keylint, a.expand, update)
        if msg:
            failed += 1
            print("FAIL %s\n%s" % (name, msg))
        else:
            print("ok   %s%s" % (name, " (updated)" if update else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
