# The base branch, with a secret added after the topic forked, is merged
# into the topic, which then adds a secret of its own: only that one is
# the range's.
mv old.txt ../old.txt
mv new.txt ../new.txt
git_init
echo "readme" > README.md
commit "base"
git checkout -q -b topic
echo "topic" > t.py
commit "topic work"
git checkout -q main
cp ../old.txt m.py
commit "main adds m.py"
git checkout -q topic
GIT_AUTHOR_DATE="1700001000 +0000" GIT_COMMITTER_DATE="1700001000 +0000" \
	git merge -q --no-edit main
cp ../new.txt t.py
commit_at 1700002000 "topic adds a token"
