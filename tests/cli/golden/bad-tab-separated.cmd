validate bad/tab-separated
