validate bad/outage-hours-range
