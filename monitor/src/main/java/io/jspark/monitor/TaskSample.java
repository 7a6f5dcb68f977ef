package io.jspark.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The finished task attempts a cell keeps as records: every stage gets a fair share of the budget,
 * and within a stage the slowest attempts win, so the timeline always shows the stragglers. Failed
 * and killed attempts are kept apart (the newest {@value #FAILURES} of them), because they are what
 * a user looks for and are often quick. O(log n) per task. Not thread-safe; the model's lock guards it.
 */
final class TaskSample {
    private static final Comparator<TaskSnapshot> FASTEST_FIRST = Comparator.comparingLong(TaskSnapshot::duration);

    private final int cellBudget;
    private final int stageBudget;
    static final int FAILURES = 200;

    /** Stage attempts kept; a cell looping over more stages keeps the samples of the newest. */
    static final int MAX_STAGES = 256;

    private final java.util.LinkedHashMap<Long, PriorityQueue<TaskSnapshot>> byStage = new java.util.LinkedHashMap<>();
    private final java.util.ArrayDeque<TaskSnapshot> failures = new java.util.ArrayDeque<>();
    private int size;
    private long omitted;

    TaskSample(int cellBudget, int stageBudget) {
        this.cellBudget = cellBudget;
        this.stageBudget = stageBudget;
    }

    void add(TaskSnapshot task) {
        if (task.status() == TaskStatus.FAILED || task.status() == TaskStatus.KILLED) {
            failures.addLast(task);
            if (failures.size() > FAILURES) {
                failures.removeFirst();
                omitted++;
            }
            return;
        }
        long key = MonitorModel.stageKey(task.stageId(), task.stageAttempt());
        PriorityQueue<TaskSnapshot> stage = byStage.get(key);
        if (stage == null) {
            if (byStage.size() >= MAX_STAGES) {
                java.util.Iterator<PriorityQueue<TaskSnapshot>> oldest = byStage.values().iterator();
                int dropped = oldest.next().size();
                oldest.remove();
                size -= dropped;
                omitted += dropped;
            }
            stage = new PriorityQueue<>(FASTEST_FIRST);
            byStage.put(key, stage);
        }
        int fairShare = Math.max(1, Math.min(stageBudget, cellBudget / byStage.size()));
        if (size < cellBudget && stage.size() < fairShare) {
            stage.add(task);
            size++;
            return;
        }
        if (stage.size() < fairShare) {
            PriorityQueue<TaskSnapshot> richest = stage;
            for (PriorityQueue<TaskSnapshot> q : byStage.values()) {
                if (q.size() > richest.size()) {
                    richest = q;
                }
            }
            richest.poll();
            stage.add(task);
            omitted++;
            if (richest.isEmpty()) {
                byStage.values().remove(richest);
            }
            return;
        }
        TaskSnapshot fastest = stage.peek();
        if (fastest != null && task.duration() > fastest.duration()) {
            stage.poll();
            stage.add(task);
        }
        omitted++;
    }

    List<TaskSnapshot> records() {
        List<TaskSnapshot> all = new ArrayList<>(size + failures.size());
        byStage.values().forEach(all::addAll);
        all.addAll(failures);
        all.sort(Comparator.comparingLong(TaskSnapshot::launchTime));
        return all;
    }

    long omitted() {
        return omitted;
    }
}
