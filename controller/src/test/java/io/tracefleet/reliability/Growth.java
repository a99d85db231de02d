package io.tracefleet.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a series sampled over a soak keeps growing once warm. A JVM's footprint rises while it loads classes,
 * compiles and sizes its heap, so the first part of the run is left out; what is judged is the rest.
 */
record Growth(String name, String unit, List<Point> points) {
    record Point(double minute, double value) {
    }

    Growth {
        points = List.copyOf(points);
    }

    Growth after(double warmMinute) {
        return new Growth(name, unit, points.stream().filter(p -> p.minute() >= warmMinute).toList());
    }

    /** Least-squares slope, per minute. */
    double slopePerMinute() {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double meanX = points.stream().mapToDouble(Point::minute).average().orElse(0);
        double meanY = points.stream().mapToDouble(Point::value).average().orElse(0);
        double numerator = 0;
        double denominator = 0;
        for (Point p : points) {
            numerator += (p.minute() - meanX) * (p.value() - meanY);
            denominator += (p.minute() - meanX) * (p.minute() - meanX);
        }
        return denominator == 0 ? 0 : numerator / denominator;
    }

    /** The highest value of the last third over the highest of the first third: how far a count climbed. */
    double climb() {
        int third = Math.max(1, points.size() / 3);
        double early = points.subList(0, third).stream().mapToDouble(Point::value).max().orElse(0);
        double late = points.subList(points.size() - third, points.size()).stream().mapToDouble(Point::value).max()
                .orElse(0);
        return late - early;
    }

    double first() {
        return points.isEmpty() ? 0 : points.get(0).value();
    }

    double last() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).value();
    }

    double max() {
        return points.stream().max(Comparator.comparingDouble(Point::value)).map(Point::value).orElse(0.0);
    }

    /** Empty when bounded; otherwise why not. */
    List<String> unboundedBeyond(double maxSlopePerMinute, double maxClimb) {
        List<String> problems = new ArrayList<>();
        double slope = slopePerMinute();
        if (slope > maxSlopePerMinute) {
            problems.add(String.format("%s grows %.2f %s/min once warm (allowed %.2f)", name, slope, unit,
                    maxSlopePerMinute));
        }
        double climb = climb();
        if (climb > maxClimb) {
            problems.add(String.format("%s climbed %.1f %s from the first to the last third once warm (allowed %.1f)",
                    name, climb, unit, maxClimb));
        }
        return problems;
    }
}
