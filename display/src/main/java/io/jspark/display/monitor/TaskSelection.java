package io.jspark.display.monitor;

import io.jspark.monitor.TaskSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which task bars the timeline draws when there are more tasks than it can: the slowest task of
 * every stage attempt and of every executor first (so each one is represented), every failed or
 * killed attempt next, then the slowest of the rest until the budget is spent.
 */
record TaskSelection(List<TaskSnapshot> drawn, int summarised) {

    static TaskSelection of(List<TaskSnapshot> tasks, int budget, long now) {
        Comparator<TaskSnapshot> slowestFirst = Comparator.comparingLong((TaskSnapshot t) -> duration(t, now)).reversed();
        Map<String, TaskSnapshot> slowestPerGroup = new HashMap<>();
        for (TaskSnapshot t : tasks) {
            slowestPerGroup.merge("s" + t.stageId() + "." + t.stageAttempt(), t, (a, b) -> duration(a, now) >= duration(b, now) ? a : b);
            slowestPerGroup.merge("e" + t.executorId(), t, (a, b) -> duration(a, now) >= duration(b, now) ? a : b);
        }
        Set<TaskSnapshot> picked = new LinkedHashSet<>(slowestPerGroup.values());
        for (TaskSnapshot t : tasks) {
            if (picked.size() >= budget) {
                break;
            }
            if (t.status() == io.jspark.monitor.TaskStatus.FAILED || t.status() == io.jspark.monitor.TaskStatus.KILLED) {
                picked.add(t);
            }
        }
        List<TaskSnapshot> bySlowness = new ArrayList<>(tasks);
        bySlowness.sort(slowestFirst);
        for (TaskSnapshot t : bySlowness) {
            if (picked.size() >= budget) {
                break;
            }
            picked.add(t);
        }
        List<TaskSnapshot> drawn = new ArrayList<>(picked);
        drawn.sort(Comparator.comparingLong(TaskSnapshot::launchTime));
        return new TaskSelection(drawn, tasks.size() - drawn.size());
    }

    static long duration(TaskSnapshot t, long now) {
        return (t.finishTime() < 0 ? now : t.finishTime()) - t.launchTime();
    }
}
