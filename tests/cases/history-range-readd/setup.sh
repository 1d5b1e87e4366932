# A secret deleted and re-added within the range: the base held it.
mv old.txt ../old.txt
git_init
cp ../old.txt a.py
commit "add a.py"
git checkout -q -b topic
git rm -q a.py
commit "delete a.py"
echo "# back" > a.py
cat ../old.txt >> a.py
commit "re-add a.py"
git checkout -q main
