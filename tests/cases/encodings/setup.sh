# The same kind of line in every encoding the decoding stage reads.
python3 - <<'PY'
import base64, binascii, urllib.parse
line = open("plain.txt").read().strip()
with open("encoded.txt", "w") as f:
    f.write("b64 = %s\n" % base64.b64encode(line.encode()).decode())
    f.write("b64url = %s\n" % base64.urlsafe_b64encode(line.encode()).decode().rstrip("="))
    f.write("hex = %s\n" % binascii.hexlify(line.encode()).decode())
    f.write("url = https://example.test/cb?state=%s\n" % urllib.parse.quote(line, safe=""))
    twice = base64.b64encode(urllib.parse.quote(line, safe="").encode()).decode()
    f.write("twice = %s\n" % twice)
PY
rm plain.txt
