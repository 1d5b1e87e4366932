# Repository strings that are markup: the report shows them as text.
git_init
mkdir -p 'app/<b>bold</b>'
echo '{"name": "x"}' > 'app/<b>bold</b>/package.json'
cp token.txt 'app/<b>bold</b>/<img src=x onerror=alert(1)>.js'
commit 'add </script><script>alert(2)</script> & "quotes"'
mv token.txt "it's.txt"
commit 'move'
