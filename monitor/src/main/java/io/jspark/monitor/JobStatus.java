package io.jspark.monitor;

public enum JobStatus {
    RUNNING, SUCCEEDED, FAILED, CANCELLED
}
