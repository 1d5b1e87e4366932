# One folder packed in every archive family keylint reads, then removed:
# only the archives are scanned.
for a in app.zip app.jar app.war app.apk app.whl app.tar app.tar.gz \
	app.tgz app.tar.bz2 app.tar.xz app.tar.zst app.7z; do
	pack -a -cf "$a" conf
done
for f in gz bz2 xz zst; do
	case $f in gz) z=--gzip ;; bz2) z=--bzip2 ;; xz) z=--xz ;; zst) z=--zstd ;; esac
	(cd conf && pack --format raw $z -cf "../app.properties.$f" app.properties)
done
rm -r conf
