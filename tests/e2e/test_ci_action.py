"""The GitHub Action (action.yml) and the GitLab CI template
(ci/keylint.gitlab-ci.yml), run here the way their hosts would run them.

Neither host is available to a test, so this runs their shell steps: the
composite action's `run:` steps in order, with the `${{ }}` expressions
of their `env:` resolved from the inputs, a pull_request event and the
earlier steps' outputs, and the GitLab job's before_script and script with
its variables and the CI_* variables of a merge-request pipeline.  Each
runs against a scripted repository checked out as CI checks it out: a
pull request that adds a secret, on a base branch that got another secret
of its own meanwhile.  The tests check the exit code, the SARIF report,
the Markdown summary and the step outputs.  The SARIF upload step itself
(github/codeql-action/upload-sarif) cannot run here: the test only checks
that it would run, on the scan's report, even after a failing scan.
"""
import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kltest import KEYLINT, RULES, Git, TempDirTest, Tokens

try:
    import yaml
except ImportError:  # tests/ci.sh installs python3-yaml
    yaml = None

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ARGS = "--no-default-rules --rules " + RULES
EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def lookup(ctx, expr):
    """The value of a property path such as inputs.min-severity; only
    what action.yml uses in env: and with: is supported."""
    node = ctx
    for part in expr.split("."):
        if not isinstance(node, dict):
            return ""
        node = node.get(part, "")
    return "" if node is None else str(node)


def resolve(value, ctx):
    return EXPR.sub(lambda m: lookup(ctx, m.group(1)), str(value))


def read_outputs(path):
    out = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    out[k] = v
    return out


@unittest.skipUnless(yaml, "python3-yaml not installed")
class Scenario(TempDirTest):
    """origin: main gets a clean base commit; feature (the pull request)
    adds a secret; main then gets a secret of its own.  ws: the checkout
    CI makes, with origin/* refs and, for GitHub, the merge commit of the
    pull request into main checked out (refs/pull/N/merge)."""

    def setUp(self):
        super().setUp()
        t = Tokens(900)
        self.pr_secret, self.base_secret = t.test_token(), t.test_token()
        self.critical = "klroot_" + t.rand(32, "0123456789abcdef")
        g = self.origin = Git(self.path("origin"))
        g.commit("base", **{"README.md": "shop\n", "app.py": "X = 1\n"})
        self.fork = g("rev-parse", "HEAD")
        g("checkout", "-q", "-b", "feature")
        self.pr_commit = g.commit("add the client", **{
            "src/client.py": "import os\n\nTOKEN = '%s'\n" % self.pr_secret})
        g.commit("docs", **{"docs/use.md": "use the client\n"})
        self.pr_head = g("rev-parse", "HEAD")
        g("checkout", "-q", "main")
        g.commit("main's own key", **{
            "config/main.py": "KEY = '%s'\n" % self.base_secret})
        self.base_tip = g("rev-parse", "HEAD")
        g("checkout", "-q", "-b", "clean", self.fork)
        g.commit("clean work", **{"notes.txt": "nothing secret\n"})
        g("checkout", "-q", "main")
        self.runner = self.path("runner")
        os.makedirs(self.runner)

    def checkout(self, branch, merge=True):
        """Clone origin as actions/checkout does (fetch-depth: 0); with
        merge, check out the merge of branch into main, as GitHub does
        for pull_request events."""
        ws = Git.__new__(Git)
        ws.path, ws.tick = self.path("ws-" + branch), self.origin.tick + 600
        subprocess.run(["git", "clone", "-q", self.origin.path, ws.path],
                       check=True, capture_output=True)
        ws("config", "user.name", "GitHub")
        ws("config", "user.email", "noreply@example.test")
        if merge:
            ws("checkout", "-q", "--detach", "origin/main")
            ws("merge", "-q", "--no-ff", "-m", "Merge %s into main" % branch,
               "origin/" + branch)
        else:
            ws("checkout", "-q", "--detach", "origin/" + branch)
        return ws

    # -- checks shared by both hosts ------------------------------------

    def check_sarif(self, path, paths):
        with open(path) as f:
            sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertIn("sarif-2.1.0", sarif["$schema"])
        results = sarif["runs"][0]["results"]
        self.assertEqual(
            sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]
                   ["uri"] for r in results), paths)
        text = json.dumps(sarif)
        self.assertNotIn(self.pr_secret, text)
        self.assertNotIn(self.base_secret, text)
        return results

    def check_summary(self, text, expect_row):
        self.assertNotIn(self.pr_secret, text)
        self.assertNotIn(self.base_secret, text)
        self.assertNotIn("config/main.py", text)  # the base's own secret
        rows = [line for line in text.splitlines()
                if line.startswith("| ") and "kltest-token" in line]
        if not expect_row:
            self.assertEqual(rows, [], text)
            return
        self.assertEqual(len(rows), 1, text)
        row = rows[0]
        self.assertIn("`src/client.py:3`", row)
        # Redacted as in the report; * is escaped for Markdown.
        self.assertIn("klte\\*\\*\\*\\*\\*", row)
        self.assertIn("`%s`" % self.pr_commit[:12], row)  # it added it
        self.assertIn("| Severity | Rule | Location | Commit | Finding |",
                      text)


class GitHubAction(Scenario):
    def load_action(self):
        with open(os.path.join(SOURCE, "action.yml")) as f:
            action = yaml.safe_load(f)
        self.assertEqual(action["runs"]["using"], "composite")
        return action

    def run_action(self, ws, event_name="pull_request", head_ref="feature",
                   sha=None, event=None, **inputs):
        """Runs action.yml's steps as the runner would; returns (exit
        code of the first failing step or 0, step summary, outputs of the
        scan step, the upload step's sarif_file or None)."""
        action = self.load_action()
        ctx_inputs = {k: str(v.get("default", ""))
                      for k, v in action["inputs"].items()}
        for k, v in inputs.items():
            k = k.replace("_", "-")
            self.assertIn(k, ctx_inputs, "action.yml has no input %s" % k)
            ctx_inputs[k] = v
        if event is None:
            event = {"pull_request": {"base": {"sha": self.base_tip},
                                      "head": {"sha": self.pr_head}}}
        ctx = {"inputs": ctx_inputs, "github": {"event": event},
               "steps": {}}
        event_path = self.path("event.json")
        with open(event_path, "w") as f:
            json.dump(event, f)
        summary = self.path("step-summary.md")
        env = dict(os.environ,
                   HOME=self.tmp, GIT_CONFIG_NOSYSTEM="1", CI="true",
                   GITHUB_ACTIONS="true", GITHUB_EVENT_NAME=event_name,
                   GITHUB_EVENT_PATH=event_path,
                   GITHUB_BASE_REF="main" if event_name.startswith(
                       "pull_request") else "",
                   GITHUB_HEAD_REF=head_ref if event_name.startswith(
                       "pull_request") else "",
                   GITHUB_REF="refs/pull/7/merge",
                   GITHUB_SHA=sha or ws("rev-parse", "HEAD"),
                   GITHUB_WORKSPACE=ws.path, GITHUB_STEP_SUMMARY=summary,
                   GITHUB_ACTION_PATH=SOURCE, RUNNER_TEMP=self.runner,
                   PATH="/usr/bin:/bin")
        status, upload = 0, None
        for i, step in enumerate(action["runs"]["steps"]):
            if "uses" in step:
                self.assertIn("upload-sarif", step["uses"])
                # It must run after a failing scan too, on its report.
                self.assertIn("always()", step.get("if", ""))
                if resolve("${{ steps.scan.outputs.sarif-file }}", ctx):
                    upload = resolve(step["with"]["sarif_file"], ctx)
                continue
            if status:
                continue  # a failed step skips the next run: steps
            self.assertEqual(step["shell"], "bash")
            outputs = self.path("output-%d" % i)
            step_env = dict(env, GITHUB_OUTPUT=outputs)
            step_env.update({k: resolve(v, ctx)
                             for k, v in step.get("env", {}).items()})
            p = subprocess.run(["bash", "--noprofile", "--norc", "-eo",
                                "pipefail", "-c", step["run"]],
                               cwd=ws.path, env=step_env, capture_output=True,
                               text=True, timeout=300)
            self.log = getattr(self, "log", "") + p.stderr
            if "id" in step:
                ctx["steps"][step["id"]] = {"outputs": read_outputs(outputs)}
            status = p.returncode
        text = ""
        if os.path.exists(summary):
            with open(summary) as f:
                text = f.read()
        return (status, text, ctx["steps"].get("scan", {}).get("outputs", {}),
                upload)

    def test_pull_request_that_adds_a_secret_fails(self):
        ws = self.checkout("feature")
        code, summary, out, upload = self.run_action(
            ws, keylint_path=KEYLINT, args=ARGS)
        self.assertEqual(code, 1, self.log)
        sarif = os.path.join(ws.path, "keylint.sarif")
        self.assertEqual(upload, sarif)
        self.assertEqual(out, {"exit-code": "1", "findings": "1",
                               "sarif-file": sarif})
        results = self.check_sarif(sarif, ["src/client.py"])
        self.assertEqual(results[0]["ruleId"], "kltest-token")
        self.assertEqual(results[0]["properties"]["commit"], self.pr_commit)
        self.check_summary(summary, expect_row=True)
        self.assertIn("1 finding, 1 at or above high", summary)
        self.assertIn("the commits of this pull request", summary)

    def test_findings_below_min_severity_pass(self):
        ws = self.checkout("feature")
        code, summary, out, upload = self.run_action(
            ws, keylint_path=KEYLINT, args=ARGS, min_severity="critical")
        self.assertEqual(code, 0, self.log)
        self.assertEqual((out["exit-code"], out["findings"]), ("0", "1"))
        self.check_sarif(out["sarif-file"], ["src/client.py"])
        self.check_summary(summary, expect_row=True)
        self.assertIn("1 finding, 0 at or above critical", summary)

    def test_clean_pull_request_passes(self):
        # main's own secret is in the merge commit's tree, but not the
        # pull request's doing.
        ws = self.checkout("clean")
        code, summary, out, upload = self.run_action(
            ws, head_ref="clean", keylint_path=KEYLINT, args=ARGS,
            sarif_file="reports/keylint.sarif")
        self.assertEqual(code, 0, self.log)
        sarif = os.path.join(ws.path, "reports", "keylint.sarif")
        self.assertEqual(upload, sarif)
        self.check_sarif(sarif, [])
        self.check_summary(summary, expect_row=False)
        self.assertIn("### keylint: no findings", summary)

    def test_pull_request_target_scans_the_head(self):
        # pull_request_target checks out the base; the head comes from the
        # event.
        ws = self.checkout("feature", merge=False)
        ws("checkout", "-q", "--detach", "origin/main")
        code, summary, out, _ = self.run_action(
            ws, event_name="pull_request_target", sha=self.base_tip,
            keylint_path=KEYLINT, args=ARGS)
        self.assertEqual(code, 1, self.log)
        self.check_sarif(out["sarif-file"], ["src/client.py"])
        self.check_summary(summary, expect_row=True)

    def test_push_scans_the_pushed_commits(self):
        ws = self.checkout("feature", merge=False)
        event = {"before": self.origin("rev-parse", "feature~1")}
        code, summary, out, _ = self.run_action(
            ws, event_name="push", event=event, keylint_path=KEYLINT,
            args=ARGS)
        # Only "docs" was pushed: the secret came earlier.
        self.assertEqual(code, 0, self.log)
        self.assertIn("the commits of this push", summary)
        event = {"before": self.fork}
        code, summary, out, _ = self.run_action(
            ws, event_name="push", event=event, keylint_path=KEYLINT,
            args=ARGS)
        self.assertEqual(code, 1, self.log)
        self.check_summary(summary, expect_row=True)
        # The first push of a branch has no "before": its whole history.
        os.remove(self.path("step-summary.md"))
        code, summary, out, _ = self.run_action(
            ws, event_name="push", event={"before": "0" * 40},
            keylint_path=KEYLINT, args=ARGS)
        self.assertEqual(code, 1, self.log)
        self.assertIn("the history of", summary)

    def test_path_input_scans_a_folder(self):
        ws = self.checkout("feature", merge=False)
        code, summary, out, _ = self.run_action(
            ws, keylint_path=KEYLINT, args=ARGS, path=".")
        self.assertEqual(code, 1, self.log)
        self.check_sarif(out["sarif-file"], ["src/client.py"])
        self.assertIn("`.` as it is on disk", summary)
        self.assertIn("| **high** | `kltest-token` | `src/client.py:3` |",
                      summary)

    def test_shallow_checkout_is_an_error_that_says_so(self):
        ws = Git.__new__(Git)
        ws.path, ws.tick = self.path("shallow"), 0
        subprocess.run(["git", "clone", "-q", "--depth", "1",
                        "--branch", "feature", "file://" + self.origin.path,
                        ws.path], check=True, capture_output=True)
        code, summary, out, upload = self.run_action(
            ws, keylint_path=KEYLINT, args=ARGS)
        self.assertEqual(code, 2, self.log)
        self.assertIn("fetch-depth: 0", self.log)
        self.assertIsNone(upload)

    def test_builds_keylint_when_none_is_given(self):
        # No keylint-path and none on PATH: the action builds keylint from
        # its own source (the build packages are installed here, so it does
        # not call apt-get).
        ws = self.checkout("feature")
        code, summary, out, _ = self.run_action(ws, args=ARGS)
        self.assertEqual(code, 1, self.log)
        self.assertIn("building keylint from " + SOURCE, self.log)
        self.assertTrue(os.access(os.path.join(self.runner, "keylint-build",
                                               "keylint"), os.X_OK))
        self.check_summary(summary, expect_row=True)

    def test_bad_keylint_path_fails_the_install_step(self):
        ws = self.checkout("feature")
        code, _, _, upload = self.run_action(
            ws, keylint_path=self.path("nope"), args=ARGS)
        self.assertEqual(code, 2)
        self.assertIn("is not an executable", self.log)
        self.assertIsNone(upload)


class GitLabTemplate(Scenario):
    def run_job(self, ws, variables):
        with open(os.path.join(SOURCE, "ci", "keylint.gitlab-ci.yml")) as f:
            job = yaml.safe_load(f)[".keylint"]
        self.assertEqual(job["variables"]["GIT_DEPTH"], "0")
        env = dict(os.environ, HOME=self.tmp, GIT_CONFIG_NOSYSTEM="1",
                   CI="true", GITLAB_CI="true", CI_PROJECT_DIR=ws.path,
                   PATH="/usr/bin:/bin",
                   # keylint's source and binary are already here, so the
                   # job neither clones nor builds.
                   KEYLINT_SRC=SOURCE, KEYLINT_BIN=KEYLINT)
        env.update({k: str(v) for k, v in job["variables"].items()})
        env["KEYLINT_ARGS"] = ARGS
        env.update(variables)
        script = "\n".join(job["before_script"] + job["script"])
        # The runner runs the job's lines in one shell that stops at the
        # first failing command.
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo",
                            "pipefail", "-c", script], cwd=ws.path, env=env,
                           capture_output=True, text=True, timeout=300)
        self.log = p.stderr
        paths = [os.path.join(ws.path, resolve_gitlab(a, env))
                 for a in job["artifacts"]["paths"]]
        self.assertEqual(job["artifacts"]["when"], "always")
        return p.returncode, paths

    def mr_variables(self, ws, branch):
        return {"CI_PIPELINE_SOURCE": "merge_request_event",
                "CI_COMMIT_SHA": ws("rev-parse", "HEAD"),
                "CI_COMMIT_BEFORE_SHA": "0" * 40,
                "CI_MERGE_REQUEST_DIFF_BASE_SHA": ws(
                    "merge-base", "origin/main", "HEAD"),
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": branch,
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}

    def test_merge_request_that_adds_a_secret_fails(self):
        ws = self.checkout("feature", merge=False)
        code, (sarif, summary) = self.run_job(
            ws, self.mr_variables(ws, "feature"))
        self.assertEqual(code, 1, self.log)
        self.check_sarif(sarif, ["src/client.py"])
        with open(summary) as f:
            text = f.read()
        self.check_summary(text, expect_row=True)
        self.assertIn("the commits of this merge request", text)
        # The job log shows the summary too.
        self.assertIn("| Severity | Rule |", self.log)

    def test_merged_results_pipeline_blames_only_the_merge_request(self):
        # A merged-results pipeline runs on the merge of the source
        # branch into the target, whose tree holds main's own secret too.
        ws = self.checkout("feature", merge=True)
        v = self.mr_variables(ws, "feature")
        v["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = self.fork
        v["CI_MERGE_REQUEST_EVENT_TYPE"] = "merged_result"
        code, (sarif, summary) = self.run_job(ws, v)
        self.assertEqual(code, 1, self.log)
        self.check_sarif(sarif, ["src/client.py"])
        with open(summary) as f:
            self.check_summary(f.read(), expect_row=True)

    def test_merge_request_below_min_severity_passes(self):
        ws = self.checkout("feature", merge=False)
        v = self.mr_variables(ws, "feature")
        v["KEYLINT_MIN_SEVERITY"] = "critical"
        code, (sarif, summary) = self.run_job(ws, v)
        self.assertEqual(code, 0, self.log)
        self.check_sarif(sarif, ["src/client.py"])

    def test_clean_merge_request_passes(self):
        ws = self.checkout("clean", merge=False)
        code, (sarif, summary) = self.run_job(
            ws, self.mr_variables(ws, "clean"))
        self.assertEqual(code, 0, self.log)
        self.check_sarif(sarif, [])
        with open(summary) as f:
            self.check_summary(f.read(), expect_row=False)

    def test_branch_pipeline_scans_the_pushed_commits(self):
        ws = self.checkout("feature", merge=False)
        code, _ = self.run_job(ws, {
            "CI_PIPELINE_SOURCE": "push",
            "CI_COMMIT_SHA": ws("rev-parse", "HEAD"),
            "CI_COMMIT_BEFORE_SHA": self.origin("rev-parse", "feature~1")})
        self.assertEqual(code, 0, self.log)
        code, (sarif, _) = self.run_job(ws, {
            "CI_PIPELINE_SOURCE": "push",
            "CI_COMMIT_SHA": ws("rev-parse", "HEAD"),
            "CI_COMMIT_BEFORE_SHA": self.fork})
        self.assertEqual(code, 1, self.log)
        self.check_sarif(sarif, ["src/client.py"])


def resolve_gitlab(value, env):
    return re.sub(r"\$(\w+)", lambda m: env.get(m.group(1), ""), value)


if __name__ == "__main__":
    unittest.main()
