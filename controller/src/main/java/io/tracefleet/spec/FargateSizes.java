package io.tracefleet.spec;

import java.util.ArrayList;
import java.util.List;

/** The CPU and memory combinations Fargate accepts for a task (AWS's task size table). */
public final class FargateSizes {
    private record Row(int cpu, int minMemory, int maxMemory, int step) {
    }

    private static final List<Row> TABLE = List.of(
            new Row(256, 512, 2048, 0),
            new Row(512, 1024, 4096, 1024),
            new Row(1024, 2048, 8192, 1024),
            new Row(2048, 4096, 16384, 1024),
            new Row(4096, 8192, 30720, 1024),
            new Row(8192, 16384, 61440, 4096),
            new Row(16384, 32768, 122880, 8192));

    private FargateSizes() {
    }

    public static boolean isValidCpu(int cpu) {
        return TABLE.stream().anyMatch(row -> row.cpu == cpu);
    }

    public static List<Integer> cpuValues() {
        return TABLE.stream().map(Row::cpu).toList();
    }

    public static List<Integer> memoryValues(int cpu) {
        List<Integer> values = new ArrayList<>();
        for (Row row : TABLE) {
            if (row.cpu != cpu) {
                continue;
            }
            if (row.step == 0) {
                values.addAll(List.of(512, 1024, 2048));
            } else {
                for (int memory = row.minMemory; memory <= row.maxMemory; memory += row.step) {
                    values.add(memory);
                }
            }
        }
        return values;
    }

    public static boolean isValid(int cpu, int memory) {
        return memoryValues(cpu).contains(memory);
    }

    /** How to say the allowed memory for a cpu in one short phrase. */
    public static String describeMemory(int cpu) {
        for (Row row : TABLE) {
            if (row.cpu == cpu) {
                return row.step == 0 ? "512, 1024 or 2048"
                        : row.minMemory + " to " + row.maxMemory + " in steps of " + row.step;
            }
        }
        return "none (cpu must be one of " + cpuValues() + ")";
    }
}
