package io.jspark.kernel.jshell;

/** Where code came from, for messages: the cell's label (such as {@code cell [3]}) and its first line in that cell. */
record CodeLocation(String cellLabel, int firstLine) {
}
