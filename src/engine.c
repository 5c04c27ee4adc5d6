/* engine.c - being written */
