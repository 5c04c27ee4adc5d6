validate bad/field-count
