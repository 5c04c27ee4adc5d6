analyze tiny -o gen/a --no-charts --limit nodes=5
