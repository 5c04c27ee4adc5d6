validate bad/rate-no-durations
