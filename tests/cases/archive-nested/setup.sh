# a.zip holds b.jar, which holds c.tar.gz, which holds conf/app.yml.
# The default depth (3) reads all three levels.
pack -a -cf c.tar.gz conf && rm -r conf
pack -a -cf b.jar c.tar.gz && rm c.tar.gz
pack -a -cf a.zip b.jar && rm b.jar
