validate bad/bad-systemic
