graph tiny -f csv -q --no-progress --limit nodes=1e2
