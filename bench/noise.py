#!/usr/bin/env python3
"""Lay out a noise corpus: real code that holds no live secrets.

  noise.py [--dir DIR] [--parts include,python,linux] [--force]

Creates, under DIR (default $KL_NOISE_DIR or /work/noise-corpus), one
folder per part, each scanned and reported on its own:

  include/  the system headers (/usr/include);
  python/   the installed Python's standard library and the packages
            installed with it (sysconfig's stdlib and purelib/platlib;
            site-packages lands in python/stdlib/site-packages when it sits
            inside the standard library, as it does for pyenv builds);
  linux/    the source of the Debian package linux-source-6.1, extracted
            from /usr/src/linux-source-6.1.tar.xz (install it as root with
            `apt-get install linux-source-6.1`; it is not a build
            dependency of keylint).

Only regular text files are copied: symbolic links, compiled Python
(__pycache__, .pyc), shared objects and files with a NUL byte in their first
8000 bytes are left out, so the corpus measures what keylint reads.  Every
part gets a MANIFEST line in DIR/MANIFEST.tsv (part, files, bytes, source),
and a part that is already laid out is kept unless --force.  The same
machine gives the same corpus.
"""
import argparse
import os
import shutil
import subprocess
import sys
import sysconfig

LINUX_TAR = "/usr/src/linux-source-6.1.tar.xz"
SKIP_DIRS = {"__pycache__", ".git"}
SKIP_EXT = (".pyc", ".pyo", ".so", ".a", ".o", ".whl", ".gz", ".xz",
            ".bz2", ".zst", ".zip", ".png", ".jpg", ".gif", ".ico", ".exe",
            ".dll")


def is_text(path):
    try:
        with open(path, "rb") as f:
            return b"\0" not in f.read(8000)
    except OSError:
        return False


def copy_tree(src, dst, stats):
    """Copy the regular text files under src into dst, in sorted order."""
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and
                         not os.path.islink(os.path.join(root, d)))
        rel = os.path.relpath(root, src)
        for name in sorted(files):
            path = os.path.join(root, name)
            if (os.path.islink(path) or not os.path.isfile(path) or
                    name.endswith(SKIP_EXT) or not is_text(path)):
                continue
            out = os.path.normpath(os.path.join(dst, rel, name))
            os.makedirs(os.path.dirname(out), exist_ok=True)
            shutil.copyfile(path, out)
            stats[0] += 1
            stats[1] += os.path.getsize(out)


def python_roots():
    paths = sysconfig.get_paths()
    roots = [("stdlib", paths["stdlib"])]
    for key in ("purelib", "platlib"):
        p = paths[key]
        inside = any(p == r or p.startswith(r + os.sep) for _, r in roots)
        if os.path.isdir(p) and not inside and \
                all(p != r for _, r in roots):
            roots.append(("site-packages", p))
    return roots


def lay_include(dst, stats):
    copy_tree("/usr/include", dst, stats)
    return "/usr/include"


def lay_python(dst, stats):
    roots = python_roots()
    for name, src in roots:
        copy_tree(src, os.path.join(dst, name), stats)
    return " ".join(src for _, src in roots)


def lay_linux(dst, stats):
    if not os.path.exists(LINUX_TAR):
        sys.exit("noise.py: %s is missing: apt-get install "
                 "linux-source-6.1 (as root)" % LINUX_TAR)
    tmp = dst + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    subprocess.run(["tar", "-xJf", LINUX_TAR, "-C", tmp,
                    "--strip-components=1"], check=True)
    # Keep only regular text files, the same filter as the other parts.
    copy_tree(tmp, dst, stats)
    shutil.rmtree(tmp)
    return LINUX_TAR


PARTS = {"include": lay_include, "python": lay_python, "linux": lay_linux}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=os.environ.get("KL_NOISE_DIR",
                                                    "/work/noise-corpus"))
    ap.add_argument("--parts", default="include,python,linux")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    manifest = os.path.join(args.dir, "MANIFEST.tsv")
    done = {}
    if os.path.exists(manifest):
        for line in open(manifest):
            f = line.rstrip("\n").split("\t")
            if len(f) == 4:
                done[f[0]] = line
    for part in args.parts.split(","):
        if part not in PARTS:
            sys.exit("noise.py: unknown part %r" % part)
        dst = os.path.join(args.dir, part)
        if part in done and os.path.isdir(dst) and not args.force:
            print("kept   " + done[part].rstrip("\n"))
            continue
        shutil.rmtree(dst, ignore_errors=True)
        stats = [0, 0]
        src = PARTS[part](dst, stats)
        done[part] = "%s\t%d\t%d\t%s\n" % (part, stats[0], stats[1], src)
        print("laid   " + done[part].rstrip("\n"))
        with open(manifest, "w") as f:
            f.writelines(done[p] for p in sorted(done))


if __name__ == "__main__":
    main()
