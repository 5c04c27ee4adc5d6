import roi/bad/other-version.zip -o gen/import-other-version
