# A secret moved from one file into another existing file: the range adds
# a line holding it, but the base already had the secret.
mv old.txt ../old.txt
git_init
cp ../old.txt a.py
printf 'def f():\n    return 1\n' > util.py
commit "add a.py and util.py"
git checkout -q -b topic
printf 'import os\n' > a.py
cat ../old.txt >> util.py
commit "move the token from a.py into util.py"
git checkout -q main
