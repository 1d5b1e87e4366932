# a.zip holds b.jar, which holds c.tar.gz, which holds conf/app.yml.
# With --max-archive-depth 2 the innermost is a warning.
pack -a -cf c.tar.gz conf && rm -r conf
pack -a -cf b.jar c.tar.gz && rm c.tar.gz
pack -a -cf a.zip b.jar && rm b.jar
