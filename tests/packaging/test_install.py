"""What `cmake --install` gives a user: the binary, which scans the demo
from wherever it was installed; the man page keylint(1), which renders and
covers the commands, options, exit codes and files; and bash and zsh
completions that load and complete.  The man page and both completion
scripts are compared with `keylint --help` and each command's --help, so
they cannot drift from the CLI: an option added to the CLI must be
described and completed, one removed must go from all three.

Environment (set by ctest): KEYLINT (the built binary), KEYLINT_BUILD_DIR,
CMAKE_COMMAND.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
DEMO = os.path.join(SOURCE, "testdata", "demo")
BUILD = os.environ.get("KEYLINT_BUILD_DIR",
                       os.path.join(SOURCE, "build"))
CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")

MAN = os.path.join("share", "man", "man1", "keylint.1")
BASH = os.path.join("share", "bash-completion", "completions", "keylint")
ZSH = os.path.join("share", "zsh", "vendor-completions", "_keylint")

LONG_OPT = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z]")
SHORT_OPT = re.compile(r"(?<![\w-])-[a-z](?![\w-])")


def sh(args, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 120)
    return subprocess.run(args, **kw)


class Cli:
    """The interface as keylint's own help describes it."""

    def __init__(self, keylint):
        self.keylint = keylint
        main = self.help([])
        section = main.split("commands:\n", 1)[1].split("\n\n", 1)[0]
        self.commands = []
        for line in section.splitlines():
            name = line.split()[0]
            if name not in self.commands:
                self.commands.append(name)
        # 'help' is a command too, not listed in its own output.
        self.all_commands = self.commands + ["help"]
        helps = {c: self.help([c]) for c in self.commands}
        self.options = {c: self.options_of(helps[c]) for c in self.commands}
        self.main_options = set(LONG_OPT.findall(main))
        self.known = set(self.main_options) | {"--help", "--version"}
        for opts in self.options.values():
            self.known |= opts
        # Where a command's options are completed, and which: after the
        # words that come before "[options]" in its usage lines, so
        # 'baseline scan' takes baseline's options and scan's.
        self.positions = []
        for c in self.commands:
            prefixes = [m.group(1).split() for m in re.finditer(
                r"keylint ((?:[a-z]+ )+)\[options\]", helps[c])] or [[c]]
            for prefix in prefixes:
                opts = set(self.options[c])
                if prefix[-1] != c:
                    opts |= self.options.get(prefix[-1], set())
                if (c, prefix, opts) not in self.positions:
                    self.positions.append((c, prefix, opts))

    def help(self, cmd):
        p = sh([self.keylint] + cmd + ["--help"])
        if p.returncode != 0 or not p.stdout:
            raise AssertionError("keylint %s --help: exit %d, %r"
                                 % (" ".join(cmd), p.returncode, p.stderr))
        return p.stdout

    @staticmethod
    def options_of(text):
        """Every option a command's help names, long and short."""
        return set(LONG_OPT.findall(text)) | set(SHORT_OPT.findall(text))


class Installed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kl-install-")
        cls.prefix = os.path.join(cls.tmp, "prefix")
        p = sh([CMAKE, "--install", BUILD, "--prefix", cls.prefix])
        if p.returncode:
            raise AssertionError("cmake --install failed:\n" + p.stdout +
                                 p.stderr)
        cls.install_log = p.stdout
        cls.keylint = os.path.join(cls.prefix, "bin", "keylint")
        cls.cli = Cli(cls.keylint)
        with open(os.path.join(cls.prefix, MAN)) as f:
            cls.man = f.read()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, rel):
        return os.path.join(self.prefix, rel)

    # -- the binary ------------------------------------------------------

    def test_installs_binary_man_page_and_completions(self):
        self.assertTrue(os.access(self.keylint, os.X_OK))
        for rel in (MAN, BASH, ZSH):
            self.assertTrue(os.path.isfile(self.path(rel)), rel)
            self.assertIn(rel, self.install_log)

    def test_installed_binary_scans_the_demo(self):
        # From a folder outside the source tree, with an empty PATH
        # apart from the system's: the installed copy needs nothing
        # from the build or the source.
        env = dict(os.environ, PATH="/usr/bin:/bin")
        p = sh([self.keylint, "scan", DEMO, "--format", "json"],
               cwd=self.tmp, env=env)
        self.assertEqual(p.returncode, 1, p.stderr)
        rep = json.loads(p.stdout)
        rules = {f["rule_id"] for f in rep["findings"]}
        self.assertGreaterEqual(len(rep["findings"]), 8)
        for rule in ("github-pat-classic", "stripe-live-secret-key",
                     "private-key-openssh"):
            self.assertIn(rule, rules)
        for f in rep["findings"]:
            self.assertIn("*****", f["secret"])
        p = sh([self.keylint, "version"], env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"^keylint \d+\.\d+\.\d+ ")

    # -- the man page ----------------------------------------------------

    def man_text(self):
        """The roff source with escapes for dashes undone."""
        return self.man.replace("\\-", "-").replace("\\e", "\\")

    def man_section(self, name):
        m = re.search(r"^\.SH \"?%s\"?\n(.*?)(?=^\.SH |\Z)" % name,
                      self.man_text(), re.S | re.M)
        self.assertIsNotNone(m, "no .SH %s in keylint.1" % name)
        return m.group(1)

    def test_man_page_has_the_sections(self):
        self.assertIsNotNone(re.search(r"(?m)^\.TH KEYLINT 1 ", self.man),
                             "no .TH KEYLINT 1 line")
        for name in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS",
                     "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES",
                     "SEE ALSO"):
            self.man_section(name)
        self.assertIn("keylint - ", self.man_section("NAME"))

    def test_man_page_renders_without_warnings(self):
        groff = shutil.which("groff")
        if not groff:
            self.skipTest("groff not installed (tests/ci.sh installs it)")
        p = sh([groff, "-man", "-Tutf8", "-ww", "-z",
                self.path(MAN)])
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        p = sh([groff, "-man", "-Tascii", "-P-cbou", self.path(MAN)],
               env=dict(os.environ, MANWIDTH="80"))
        self.assertEqual(p.returncode, 0, p.stderr)
        for heading in ("NAME", "SYNOPSIS", "COMMANDS", "OPTIONS",
                        "EXIT STATUS", "FILES"):
            self.assertRegex(p.stdout, r"(?m)^%s$" % heading)
        if shutil.which("man"):
            p = sh(["man", "-l", self.path(MAN)],
                   env=dict(os.environ, MANPAGER="cat", PAGER="cat",
                            MANWIDTH="80"))
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("keylint scan", p.stdout)

    def test_man_page_covers_every_command(self):
        commands = self.man_section("COMMANDS")
        synopsis = self.man_section("SYNOPSIS")
        for c in self.cli.all_commands:
            self.assertRegex(commands, r"(?m)^\.B[IR]* \"?%s\b" % c,
                             "command %s not described" % c)
            self.assertRegex(synopsis, r"(?m)^\.B %s\b" % c)

    def test_man_page_covers_every_option(self):
        # Each option is the tag of a paragraph (the line after .TP).
        lines = self.man_section("OPTIONS").splitlines()
        tags = " ".join(lines[i + 1] for i, line in enumerate(lines[:-1])
                        if line.startswith(".TP"))
        described = set(LONG_OPT.findall(tags)) | set(SHORT_OPT.findall(tags))
        for c, opts in sorted(self.cli.options.items()):
            for o in sorted(opts):
                self.assertIn(o, described, "%s (from 'keylint %s --help') "
                              "has no paragraph in OPTIONS of keylint.1"
                              % (o, c))
        for o in sorted(self.cli.main_options):
            self.assertIn(o, self.man_text())
        # Nothing the CLI does not know.
        unknown = set(LONG_OPT.findall(self.man_text())) - self.cli.known
        self.assertEqual(unknown, set(), "keylint.1 names options that "
                         "keylint --help does not")

    def test_man_page_covers_exit_codes_and_files(self):
        status = self.man_section("EXIT STATUS")
        for code in ("0", "1", "2", "3", "130", "143"):
            self.assertRegex(status, r"(?m)^\.BR? (.*\s)?%s\b" % code)
        files = self.man_section("FILES")
        for name in (".keylint.json", ".keylintignore"):
            self.assertIn(name, files)

    # -- bash ------------------------------------------------------------

    def bash_complete(self, *words, cwd=None):
        """COMPREPLY for the command line `words` (the last is the word
        being completed), from the installed script in a clean bash."""
        script = ('source "$1" || exit 90\n'
                  'complete -p keylint >/dev/null || exit 91\n'
                  'shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))\n'
                  'COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}\n'
                  '_keylint keylint "${COMP_WORDS[COMP_CWORD]}" '
                  '"${COMP_WORDS[COMP_CWORD-1]}" || exit 92\n'
                  'printf "%s\\n" "${COMPREPLY[@]}"\n')
        p = sh(["bash", "--norc", "--noprofile", "-c", script, "bash",
                self.path(BASH), "keylint"] + list(words), cwd=cwd)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        return set(p.stdout.splitlines())

    def test_bash_completion_loads_and_completes_commands(self):
        self.assertEqual(self.bash_complete("sc"), {"scan"})
        self.assertEqual(self.bash_complete("hi"), {"history"})
        got = self.bash_complete("")
        self.assertTrue(set(self.cli.all_commands) <= got, got)
        self.assertEqual({w for w in got if not w.startswith("-")},
                         set(self.cli.all_commands))
        self.assertEqual(self.bash_complete("help", "st"), {"staged"})

    def test_bash_completion_offers_every_option(self):
        for c, prefix, opts in self.cli.positions:
            got = self.bash_complete(*prefix, "-")
            where = " ".join(prefix)
            self.assertTrue(opts <= got, "keylint %s: the bash completion "
                            "misses %s" % (where, sorted(opts - got)))
            self.assertTrue(got <= self.cli.known | {"-o", "-q", "-h"},
                            "keylint %s: the bash completion offers "
                            "unknown %s" % (where,
                                            sorted(got - self.cli.known)))
        self.assertEqual(self.bash_complete("baseline", ""),
                         {"scan", "history"})
        self.assertTrue(self.bash_complete("baseline", "-") <=
                        {"--help", "-h"})
        self.assertEqual(self.bash_complete("history", "--tr"),
                         {"--trust-repo"})

    def test_bash_completion_completes_values(self):
        self.assertEqual(self.bash_complete("scan", "--min-severity", "h"),
                         {"high"})
        self.assertEqual(self.bash_complete("scan", "--format", "=", "sa"),
                         {"sarif"})
        self.assertEqual(self.bash_complete("rules", "--format", ""),
                         {"json", "text"})
        self.assertEqual(self.bash_complete("scan", "--color", ""),
                         {"auto", "always", "never"})
        # File names stay whole.
        folder = os.path.join(self.tmp, "files")
        os.makedirs(os.path.join(folder, "my secrets"))
        open(os.path.join(folder, "my file.txt"), "w").close()
        self.assertEqual(self.bash_complete("scan", "my", cwd=folder),
                         {"my file.txt", "my secrets"})
        self.assertEqual(self.bash_complete("staged", "my", cwd=folder),
                         {"my secrets"})
        # History completes revisions of the repository it is in.
        repo = os.path.join(self.tmp, "repo")
        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=self.tmp)
        for args in (["init", "-q", "-b", "main", repo],
                     ["-C", repo, "-c", "user.name=t", "-c",
                      "user.email=t@example.test", "commit", "-q",
                      "--allow-empty", "-m", "x"],
                     ["-C", repo, "branch", "feature"]):
            self.assertEqual(sh(["git"] + args, env=env).returncode, 0)
        self.assertEqual(self.bash_complete("history", "fea", cwd=repo),
                         {"feature"})
        self.assertEqual(self.bash_complete("history", "main..f", cwd=repo),
                         {"main..feature"})

    # -- zsh -------------------------------------------------------------

    def zsh(self):
        z = shutil.which("zsh")
        if not z:
            self.skipTest("zsh not installed (tests/ci.sh installs it)")
        return z

    def zsh_complete(self, line):
        fpath = os.path.dirname(self.path(ZSH))
        p = sh([self.zsh(), "-f", os.path.join(HERE, "zsh-complete.zsh"),
                fpath, line], cwd=self.tmp, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return set(p.stdout.split())

    def test_zsh_completion_is_found_by_compinit(self):
        z = self.zsh()
        p = sh([z, "-n", self.path(ZSH)])
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        fpath = os.path.dirname(self.path(ZSH))
        p = sh([z, "-f", "-c", 'fpath=("$1" $fpath); autoload -Uz compinit;'
                ' compinit -u -D; print -r -- $_comps[keylint]', "zsh",
                fpath])
        self.assertEqual(p.stdout.strip(), "_keylint", p.stderr)

    def test_zsh_completion_completes_commands(self):
        self.zsh()
        self.assertEqual(self.zsh_complete("keylint sc"), {"scan"})
        self.assertEqual(self.zsh_complete("keylint "),
                         set(self.cli.all_commands))

    def test_zsh_completion_offers_every_option(self):
        self.zsh()
        with open(self.path(ZSH)) as f:
            text = f.read()
        unknown = set(LONG_OPT.findall(text)) - self.cli.known
        self.assertEqual(unknown, set(), "_keylint names options that "
                         "keylint --help does not")
        for c, prefix, opts in self.cli.positions:
            where = " ".join(prefix)
            longs = {o for o in opts if o.startswith("--")}
            got = {w for w in self.zsh_complete("keylint %s --" % where)
                   if w.startswith("--")}
            self.assertTrue(longs <= got, "keylint %s: the zsh completion "
                            "misses %s" % (where, sorted(longs - got)))
            self.assertTrue(got <= self.cli.known, "keylint %s: the zsh "
                            "completion offers unknown %s"
                            % (where, sorted(got - self.cli.known)))
        self.assertEqual(self.zsh_complete("keylint baseline "),
                         {"scan", "history"})
        self.assertEqual(self.zsh_complete("keylint scan --min-severity "),
                         {"low", "medium", "high", "critical"})


if __name__ == "__main__":
    unittest.main()
