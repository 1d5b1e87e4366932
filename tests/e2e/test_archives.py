"""Archives and encoded text that try to make keylint work without bound.

Each input must end in bounded time and memory, with a warning in the
report's errors that names the archive and the limit, while the rest of
the scan goes on.  KL_SLOW_TESTS=1 adds the largest inputs (a million tar
members, a 1 GB base64 file).
"""
import base64
import io
import os
import subprocess
import tarfile
import time
import unittest
import zipfile

from kltest import TempDirTest, Tokens, report, run

SLOW = os.environ.get("KL_SLOW_TESTS") == "1"
WRAPPED = bool(os.environ.get("KEYLINT_WRAPPER"))


class Bounded(TempDirTest):
    """Every test scans a folder holding the hostile input and one plain
    file with a secret, which must still be found."""

    def setUp(self):
        super().setUp()
        self.tok = Tokens(12).github()
        self.root = self.path("tree")
        os.makedirs(self.root)
        with open(os.path.join(self.root, "plain.py"), "w") as f:
            f.write('TOKEN = "%s"\n' % self.tok)

    def scan(self, *extra, seconds=60, mib=400):
        t0 = time.monotonic()
        usage = []
        code, rep, err = report(["scan", self.root, "--no-progress"] +
                                list(extra), timeout=seconds * 4,
                                usage=usage)
        took = time.monotonic() - t0
        self.assertIn(code, (0, 1), err)
        if not WRAPPED:
            self.assertLess(took, seconds, "took %.1f s" % took)
            self.assertLess(usage[0], mib)
        self.assertIn("plain.py", [f["path"] for f in rep["findings"]])
        return rep

    def assert_warned(self, rep, path, *words):
        msgs = [e["message"] for e in rep["errors"] if e["path"] == path]
        self.assertTrue(msgs, rep["errors"])
        for w in words:
            self.assertTrue(any(w in m for m in msgs), (w, msgs))

    def test_zip_bomb_member_over_the_size_limit(self):
        with zipfile.ZipFile(os.path.join(self.root, "bomb.zip"), "w",
                             zipfile.ZIP_DEFLATED) as z:
            with z.open("zeros.bin", "w") as m:
                block = b"\0" * (1 << 20)
                for _ in range(200):
                    m.write(block)
            z.writestr("conf/app.env", 'TOKEN="%s"\n' % self.tok)
        rep = self.scan()
        self.assertEqual(rep["scan"]["skipped"]["too_large"], 1)
        # The other member is still read.
        self.assertIn("bomb.zip!conf/app.env",
                      [f["path"] for f in rep["findings"]])

    def test_ratio_and_total_inflated_bytes(self):
        with zipfile.ZipFile(os.path.join(self.root, "many.zip"), "w",
                             zipfile.ZIP_DEFLATED) as z:
            for i in range(12):
                z.writestr("part%02d.txt" % i, b"a" * (20 << 20))
        rep = self.scan()
        self.assert_warned(rep, "many.zip", "stopped after inflating")

    def test_nested_archives_stop_at_the_depth_limit(self):
        data = zipfile_bytes({"deep.env": 'TOKEN="%s"\n' % self.tok})
        for i in range(10):
            data = zipfile_bytes({"level%d.zip" % i: data})
        with open(os.path.join(self.root, "nest.zip"), "wb") as f:
            f.write(data)
        rep = self.scan()
        self.assertTrue(any("deeper than --max-archive-depth (3)" in
                            e["message"] for e in rep["errors"]),
                        rep["errors"])

    def test_tar_with_very_many_members(self):
        n = 1000000 if SLOW else 110000
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1) as t:
            info = tarfile.TarInfo("e")
            for i in range(n):
                info.name = "e%d" % i
                t.addfile(info)
        with open(os.path.join(self.root, "many.tar.gz"), "wb") as f:
            f.write(buf.getvalue())
        rep = self.scan(seconds=120)
        self.assert_warned(rep, "many.tar.gz", "more than 100000 members")

    def test_member_whose_declared_size_lies(self):
        raw = bytearray(zipfile_bytes({"big.txt": b"A" * (1 << 20)}))
        # Claim 10 bytes, in the local header and the central directory.
        for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = raw.find(sig)
            raw[at + off:at + off + 4] = (10).to_bytes(4, "little")
        with open(os.path.join(self.root, "liar.zip"), "wb") as f:
            f.write(raw)
        self.scan()

    def test_corrupt_and_truncated_archives(self):
        good = zipfile_bytes({"a.env": 'TOKEN="%s"\n' % self.tok})
        with open(os.path.join(self.root, "cut.zip"), "wb") as f:
            f.write(good[:len(good) // 2])
        tgz = io.BytesIO()
        with tarfile.open(fileobj=tgz, mode="w:gz") as t:
            data = b"x" * 100000
            info = tarfile.TarInfo("x.txt")
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        with open(os.path.join(self.root, "cut.tar.gz"), "wb") as f:
            f.write(tgz.getvalue()[:200])
        with open(os.path.join(self.root, "junk.zip"), "wb") as f:
            f.write(b"PK\x03\x04" + os.urandom(4000))
        rep = self.scan()
        paths = {e["path"] for e in rep["errors"]}
        self.assertTrue({"cut.zip", "cut.tar.gz", "junk.zip"} & paths,
                        rep["errors"])

    @unittest.skipUnless(subprocess.run(["sh", "-c", "command -v bsdtar"],
                                        capture_output=True).returncode == 0,
                         "bsdtar (libarchive-tools) is not installed")
    def test_encrypted_zip_member(self):
        src = self.path("src")
        os.makedirs(src)
        with open(os.path.join(src, "secret.env"), "w") as f:
            f.write('TOKEN="%s"\n' % self.tok)
        subprocess.run(["bsdtar", "--options", "zip:encryption=zipcrypt",
                        "--passphrase", "pw", "-a", "-cf",
                        os.path.join(self.root, "locked.zip"), "secret.env"],
                       cwd=src, check=True)
        rep = self.scan()
        self.assert_warned(rep, "locked.zip", "encrypted")

    def test_member_names_that_climb_or_hold_control_characters(self):
        data = zipfile_bytes({"../../etc/app.env": 'A="%s"\n' % self.tok,
                              "x\x1b[31mred.env": 'B="%s"\n' % self.tok})
        with open(os.path.join(self.root, "names.zip"), "wb") as f:
            f.write(data)
        rep = self.scan()
        paths = [f["path"] for f in rep["findings"]]
        self.assertIn("names.zip!../../etc/app.env", paths)
        self.assertIn("names.zip!x?[31mred.env", paths)
        self.assert_warned(rep, "names.zip", "control characters")
        # Nothing was written outside the tree.
        self.assertFalse(os.path.exists(self.path("etc")))

    def test_large_base64_blob(self):
        size = (1 << 30) if SLOW else (64 << 20)
        line = base64.b64encode(b"note = plain words, nothing secret\n" * 64)
        path = os.path.join(self.root, "blob.b64")
        with open(path, "wb") as f:
            left = size
            while left > 0:
                chunk = line[:left]
                f.write(chunk)
                left -= len(chunk)
        # The file is read whole (it is under --max-file-size); decoding
        # it must cost little on top of that one copy.
        self.scan("--max-file-size", str(size + 1), seconds=240 if SLOW
                  else 60, mib=(size >> 20) + 200)


def zipfile_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


class Limits(TempDirTest):
    def test_zero_turns_archives_and_decoding_off(self):
        tok = Tokens(13).github()
        root = self.path("t")
        os.makedirs(root)
        with open(os.path.join(root, "a.zip"), "wb") as f:
            f.write(zipfile_bytes({"x.env": 'T="%s"\n' % tok}))
        with open(os.path.join(root, "b.txt"), "w") as f:
            f.write("v = %s\n" % base64.b64encode(
                ('token = "%s"' % tok).encode()).decode())
        code, rep, err = report(["scan", root, "--no-progress"])
        self.assertEqual(sorted(f["path"] for f in rep["findings"]),
                         ["a.zip!x.env", "b.txt"])
        code, rep, err = report(["scan", root, "--no-progress",
                                 "--max-archive-depth", "0",
                                 "--max-decode-depth", "0"])
        self.assertEqual(rep["findings"], [])
        self.assertEqual(rep["scan"]["skipped"]["binary"], 1)


if __name__ == "__main__":
    unittest.main()
