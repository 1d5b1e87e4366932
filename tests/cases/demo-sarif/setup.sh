cp -R "$KL_REPO/testdata/demo/." .
