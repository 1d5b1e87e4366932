pack -a -cf pkg.zip conf && rm -r conf
