package dev.agentsociety.devstack;

import java.util.Arrays;

/**
 * Runs another main class (e.g. {@code kafka.Kafka}) in a child JVM that halts as soon as the JVM that started
 * it is gone, so a killed test run leaves no broker behind: {@code ParentWatchdog <parent-pid> <main-class> args...}.
 */
public final class ParentWatchdog {

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentWatchdog <parent-pid> <main-class> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("[dev-stack] parent " + parentPid + " exited: stopping");
                    Runtime.getRuntime().halt(143);
                }),
                () -> Runtime.getRuntime().halt(143));
        Class.forName(args[1])
                .getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
