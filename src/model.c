/* model.c - being written */
