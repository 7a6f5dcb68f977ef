package io.jspark.kernel.magic;

/** A piece of a cell: code in the kernel's language, a line magic, or a cell magic that owns the rest of the cell. */
public sealed interface CellPart {
    /** Code; blank lines stand in for what came before it, so line numbers stay those of the cell. */
    record Code(String code) implements CellPart {
    }

    record LineMagicCall(String name, String args) implements CellPart {
    }

    record CellMagicCall(String name, String args, String body) implements CellPart {
    }
}
