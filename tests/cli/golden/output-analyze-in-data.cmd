analyze tiny -o tiny/analysis
