graph tiny -o tiny/graph.graphml
