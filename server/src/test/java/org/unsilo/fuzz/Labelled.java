package org.unsilo.fuzz;

/** A generated value with the name of the generator branch that made it (shown when a request fails). */
record Labelled<T>(String label, T value) {
}
