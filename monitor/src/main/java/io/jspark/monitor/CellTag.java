package io.jspark.monitor;

/**
 * The Spark local properties that tie a job to the notebook cell whose thread started it. The
 * kernel sets them on the cell's thread; Spark copies local properties into threads the cell
 * starts, so their jobs carry the same tag.
 */
public final class CellTag {
    /** The Jupyter msg_id of the execute_request. */
    public static final String CELL_ID = "jspark.cell.id";
    /** The cell's execution count, for people to read. */
    public static final String EXECUTION_COUNT = "jspark.cell.count";

    private CellTag() {
    }

    /** The job group (and job tag) of a cell, through which its jobs are cancelled. */
    public static String jobGroup(String cellId) {
        return "jspark-cell-" + cellId;
    }
}
