git_init
pack -a -cf lib.tar.gz conf && rm -r conf
commit "add lib.tar.gz"
git mv lib.tar.gz vendor.tgz
commit "rename the jar"
