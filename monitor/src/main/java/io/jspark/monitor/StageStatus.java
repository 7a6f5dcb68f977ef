package io.jspark.monitor;

public enum StageStatus {
    PENDING, ACTIVE, COMPLETE, FAILED, SKIPPED
}
