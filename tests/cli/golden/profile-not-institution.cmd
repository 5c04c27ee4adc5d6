profile profile a-pay -o out
