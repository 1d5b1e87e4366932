mv tokens.txt ../tokens.txt
git_init
{ echo "line one"; sed -n 1p ../tokens.txt; echo "line three"; } > app.py
commit "app with an old token"
{ echo "line one"; sed -n 1p ../tokens.txt; echo "line three"; sed -n 2p ../tokens.txt; } > app.py
git add app.py
sed -n 3p ../tokens.txt >> app.py
