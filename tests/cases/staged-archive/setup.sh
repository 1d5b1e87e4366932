git_init
echo readme > README.md
commit "base"
pack -a -cf bundle.tar.gz conf && rm -r conf
git add bundle.tar.gz
