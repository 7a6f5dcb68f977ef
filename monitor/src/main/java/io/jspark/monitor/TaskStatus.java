package io.jspark.monitor;

public enum TaskStatus {
    RUNNING, SUCCESS, FAILED, KILLED
}
