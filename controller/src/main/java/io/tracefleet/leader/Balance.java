package io.tracefleet.leader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One controller's move in one round, from what it saw in the lease table: which of its shards to give up and which
 * free ones to ask for. Every controller aims at the same fair share (the shards over the live controllers, rounded
 * up), except that while another live controller holds fewer than the share rounded down, the others come down to
 * that and leave the free shards to it, so a newcomer is not starved by controllers that each want one more.
 * The conditional writes of the lock client keep two controllers from holding one shard whatever they decide; this
 * only decides who tries.
 *
 * @param release shards to give up, highest first
 * @param contend free shards to ask for, in the order to ask
 */
public record Balance(List<Integer> release, List<Integer> contend) {

    /**
     * @param live    the controllers seen renewing their heartbeat, this one included
     * @param holders each shard held by a live controller other than this one, and who holds it
     * @param mine    the shards this controller holds
     */
    public static Balance decide(String me, int shards, Set<String> live, Map<Integer, String> holders,
                                 Set<Integer> mine) {
        int members = Math.max(1, live.size() + (live.contains(me) ? 0 : 1));
        int floor = shards / members;
        int ceil = (shards + members - 1) / members;
        Map<String, Integer> held = new HashMap<>();
        live.forEach(member -> held.put(member, 0));
        holders.values().forEach(holder -> held.merge(holder, 1, Integer::sum));
        boolean otherStarving = held.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(me) && live.contains(e.getKey()) && e.getValue() < floor);
        int target = otherStarving ? floor : ceil;
        List<Integer> release = new ArrayList<>();
        List<Integer> contend = new ArrayList<>();
        if (mine.size() > target) {
            mine.stream().sorted(Comparator.reverseOrder()).limit(mine.size() - target).forEach(release::add);
        } else if (mine.size() < target) {
            // The free shards are split among the controllers short of the share, in the order of their names: two
            // asking for the same shard cost the loser a whole lease duration of waiting (the lock client watches a
            // dead holder's lease that long before granting it), then a round and that wait again for another one.
            List<Integer> free = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                if (!mine.contains(shard) && !holders.containsKey(shard)) {
                    free.add(shard);
                }
            }
            java.util.TreeSet<String> shortOfShare = new java.util.TreeSet<>(List.of(me));
            held.forEach((member, count) -> {
                if (live.contains(member) && count < target) {
                    shortOfShare.add(member);
                }
            });
            int rank = shortOfShare.headSet(me).size();
            int start = rank * free.size() / shortOfShare.size();
            for (int i = 0; i < free.size() && contend.size() < target - mine.size(); i++) {
                contend.add(free.get((start + i) % free.size()));
            }
        }
        return new Balance(List.copyOf(release), List.copyOf(contend));
    }
}
