import roi/bad/r806 -o gen/import-r806
