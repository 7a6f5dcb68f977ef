package io.jspark.monitor;

/** Running tasks and available executor cores at one moment, for the task graph. */
public record ActivityPoint(long time, int activeTasks, int totalCores) {
}
