pack -a -cf backup.zip conf && rm -r conf
