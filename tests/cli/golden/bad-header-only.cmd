validate bad/header-only
