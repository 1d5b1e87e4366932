mv secret.txt ../secret.txt
git_init
cp ../secret.txt a.py
commit "add a.py"
git checkout -q -b topic
git mv a.py b.py
commit "rename a.py to b.py"
git checkout -q main
echo "x = 1" > other.py
commit "other"
