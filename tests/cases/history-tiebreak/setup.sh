# Two branches add the same file, with the same secret, at the same time:
# the commit with the smaller id is the one blamed, on every run.
mv secret.txt ../secret.txt
git_init
echo "readme" > README.md
commit "base"
git checkout -q -b left
cp ../secret.txt cfg.py
commit_at 1700001000 "left adds cfg.py"
git checkout -q main
git checkout -q -b right
cp ../secret.txt cfg.py
echo "# right" >> README.md
commit_at 1700001000 "right adds cfg.py"
git checkout -q main
git merge -q --no-edit --no-ff left
git merge -q --no-edit --no-ff -X ours right 2>/dev/null || true
