validate bad/spreadsheet-file
