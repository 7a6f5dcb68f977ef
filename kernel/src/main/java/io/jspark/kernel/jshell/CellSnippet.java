package io.jspark.kernel.jshell;

/** One JShell snippet cut from a cell; {@code offset} is where its source starts in the cell, in chars. */
record CellSnippet(String source, int offset, boolean complete) {
}
