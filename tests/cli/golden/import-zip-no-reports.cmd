import roi/bad/no-reports.zip -o gen/import-no-reports
