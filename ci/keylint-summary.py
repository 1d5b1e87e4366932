#!/usr/bin/env python3
"""Writes a short Markdown summary of a keylint SARIF report: one line with
the counts, then a table of the findings, most severe first, secrets
redacted as keylint redacts them in the report.  ci/keylint-ci.sh appends
it to $GITHUB_STEP_SUMMARY (GitHub) or writes it next to the SARIF report
(GitLab).

  keylint-summary.py --sarif FILE --min-severity LEVEL --scanned TEXT
                     [--status N] [--max-rows N]
"""
import argparse
import json
import sys
import urllib.parse

SEVERITIES = ["low", "medium", "high", "critical"]


def cell(text):
    """Text that stays inside one Markdown table cell, shown literally."""
    text = " ".join(str(text).split())
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|~":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def code(text):
    """An inline code span for a cell: backticks and pipes cannot close it
    or the cell, so they are replaced."""
    text = " ".join(str(text).split()).replace("`", "'").replace("|", "\\|")
    return "`%s`" % text if text else ""


def rank(sev):
    return SEVERITIES.index(sev) if sev in SEVERITIES else -1


def findings(sarif):
    rows = []
    for run in sarif.get("runs", []):
        for r in run.get("results", []):
            props = r.get("properties", {})
            loc = (r.get("locations") or [{}])[0].get("physicalLocation", {})
            uri = urllib.parse.unquote(
                loc.get("artifactLocation", {}).get("uri", ""))
            line = loc.get("region", {}).get("startLine")
            rows.append({
                "severity": props.get("severity", r.get("level", "")),
                "rule": r.get("ruleId", ""),
                "location": "%s:%s" % (uri, line) if line else uri,
                "commit": props.get("commit", ""),
                "message": r.get("message", {}).get("text", ""),
            })
    rows.sort(key=lambda f: (-rank(f["severity"]), f["location"], f["rule"]))
    return rows


def summary(rows, min_severity, scanned, status, max_rows):
    gating = [f for f in rows if rank(f["severity"]) >= rank(min_severity)]
    out = []
    if status not in (0, None) and not gating:
        out.append("### keylint: the scan failed (exit %d)" % status)
    elif not rows:
        out.append("### keylint: no findings")
    else:
        out.append("### keylint: %d finding%s, %d at or above %s" % (
            len(rows), "" if len(rows) == 1 else "s", len(gating),
            min_severity))
    out.append("")
    out.append("Scanned %s." % scanned)
    if rows:
        with_commit = any(f["commit"] for f in rows)
        out.append("")
        head = ["Severity", "Rule", "Location"]
        head += ["Commit"] if with_commit else []
        head += ["Finding"]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        for f in rows[:max_rows]:
            sev = cell(f["severity"])
            if rank(f["severity"]) >= rank(min_severity):
                sev = "**%s**" % sev
            row = [sev, code(f["rule"]), code(f["location"])]
            row += [code(f["commit"][:12])] if with_commit else []
            row += [cell(f["message"])]
            out.append("| " + " | ".join(row) + " |")
        if len(rows) > max_rows:
            out.append("")
            out.append("... and %d more in the SARIF report." %
                       (len(rows) - max_rows))
        out.append("")
        if gating:
            out.append("Findings at or above %s fail the check; rotate "
                       "those secrets, then remove them." % min_severity)
        else:
            out.append("Findings below %s are reported but do not fail "
                       "the check." % min_severity)
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sarif", required=True)
    ap.add_argument("--min-severity", default="high", choices=SEVERITIES)
    ap.add_argument("--scanned", default="the repository")
    ap.add_argument("--status", type=int)
    ap.add_argument("--max-rows", type=int, default=100)
    a = ap.parse_args()
    try:
        with open(a.sarif, encoding="utf-8") as f:
            rows = findings(json.load(f))
    except (OSError, ValueError) as e:
        if a.status in (0, 1, None):
            print("keylint-summary: %s: %s" % (a.sarif, e), file=sys.stderr)
            return 1
        rows = []
    sys.stdout.write(summary(rows, a.min_severity, a.scanned, a.status,
                             a.max_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
