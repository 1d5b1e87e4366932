# A range that copies a secret the base already holds, and adds one of its
# own: only the new one was introduced by the range.
mv old.txt ../old.txt
mv new.txt ../new.txt
git_init
cp ../old.txt a.py
commit "add a.py"
git checkout -q -b topic
cp a.py b.py
commit "copy a.py to b.py"
cp ../new.txt c.py
commit "add c.py"
