package io.jspark.kernel.magic;

import io.jspark.kernel.jvm.CellThreads;
import io.jspark.kernel.interpreter.EvalResult;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** {@code %threads}: the threads cells started that are still running, and stopping them. */
public final class ThreadMagics {
    private static final EvalResult NO_VALUE = new EvalResult.Ok(false, null);
    private static final String USAGE = "usage: %threads [stop CELL|NAME|all]";

    private ThreadMagics() {
    }

    public static void register(Magics magics, CellThreads threads) {
        magics.registerLine("threads", "[stop CELL|NAME|all]  list the threads cells started that still run; stop those of a cell, one by name, or all",
                (args, body, ctx) -> run(threads, Words.split(args), ctx.interpreter().codeNames()));
    }

    private static EvalResult run(CellThreads threads, List<String> words, UnaryOperator<String> codeNames) throws UsageError, InterruptedException {
        if (words.isEmpty()) {
            list(threads.running(), codeNames);
        } else if (words.get(0).equals("stop") && words.size() == 2) {
            stop(threads, words.get(1), codeNames);
        } else {
            throw new UsageError(USAGE);
        }
        return NO_VALUE;
    }

    private static void list(List<CellThreads.Running> running, UnaryOperator<String> codeNames) {
        if (running.isEmpty()) {
            System.out.println("No thread that a cell started is running.");
            return;
        }
        int nameWidth = running.stream().mapToInt(r -> r.thread().getName().length()).max().orElse(0);
        System.out.println(running.size() + (running.size() == 1 ? " thread" : " threads") + " that cells started still running:");
        long now = System.currentTimeMillis();
        for (CellThreads.Running r : running) {
            System.out.println(String.format(Locale.ROOT, "  cell [%d]  %-" + nameWidth + "s  %-13s %6s%s  %s",
                    r.cell(), r.thread().getName(), r.thread().getState(), age(now - r.startedMillis()),
                    r.pooled() ? "  in a pool" : "", where(r.thread(), codeNames)));
        }
        System.out.println("%threads stop CELL stops a cell's threads (and shuts down its pools); %threads stop all stops every one.");
    }

    private static void stop(CellThreads threads, String which, UnaryOperator<String> codeNames) throws UsageError, InterruptedException {
        Predicate<CellThreads.Running> selected;
        String what;
        if (which.equals("all")) {
            selected = r -> true;
            what = "";
        } else if (which.chars().allMatch(Character::isDigit)) {
            int cell = Integer.parseInt(which);
            selected = r -> r.cell() == cell;
            what = " of cell [" + cell + "]";
        } else {
            selected = r -> r.thread().getName().equals(which);
            what = " named " + which;
        }
        List<CellThreads.Running> targets = threads.running().stream().filter(selected).toList();
        if (targets.isEmpty()) {
            System.out.println("No running thread" + what + " that a cell started; %threads lists them.");
            return;
        }
        CellThreads.Stopped outcome = threads.stop(targets);
        StringBuilder said = new StringBuilder("Stopped ").append(outcome.stopped())
                .append(outcome.stopped() == 1 ? " thread" : " threads").append(what);
        if (outcome.pools() > 0) {
            said.append(" and shut down ").append(outcome.pools()).append(outcome.pools() == 1 ? " pool" : " pools");
        }
        System.out.println(said.append('.'));
        for (CellThreads.Running left : outcome.stillRunning()) {
            System.out.println("Still running: " + left.thread().getName() + " of cell [" + left.cell() + "], "
                    + where(left.thread(), codeNames) + ". It ignores interrupts outside notebook code and this JDK"
                    + " cannot stop threads by force; restarting the kernel ends it.");
        }
    }

    /** The innermost frame of notebook code, else the innermost frame: what the thread is doing. */
    private static String where(Thread thread, UnaryOperator<String> codeNames) {
        StackTraceElement[] frames = thread.getStackTrace();
        for (StackTraceElement frame : frames) {
            if (frame.getClassName().startsWith("REPL.")) {
                return "at " + codeNames.apply(frame.toString());
            }
        }
        return frames.length == 0 ? "" : "at " + frames[0];
    }

    private static String age(long millis) {
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        return seconds < 3600 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }
}
