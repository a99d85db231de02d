package io.tracefleet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the JVM and Linux say about this process: CPU by thread, heap, resident memory. */
final class Probes {
    /** The reconcile loop's thread and the application workers; the SDK calls run on them (sync clients). */
    private static final String CONTROLLER_THREADS = "tracefleet-";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Probes() {
    }

    /** CPU time the controller's threads have used so far. */
    static Duration controllerCpu() {
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(CONTROLLER_THREADS)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return Duration.ofNanos(total);
    }

    /** CPU time of the whole JVM: controller, proxy, bench. */
    static Duration processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Duration.ofNanos(os.getProcessCpuTime());
        }
        return Duration.ZERO;
    }

    static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try {
            // "5" resets the peak resident set size (VmHWM) of the process.
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // Not permitted here: VmHWM is then the peak since the bench started.
        }
    }

    /** The sum of every heap pool's peak since the last reset, in MiB. */
    static long peakHeapMiB() {
        long bytes = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return bytes / (1024 * 1024);
    }

    /** VmHWM from /proc/self/status, in MiB; -1 where there is no such file. */
    static long peakRssMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(-1) / 1024;
        } catch (IOException e) {
            return -1;
        }
    }
}
