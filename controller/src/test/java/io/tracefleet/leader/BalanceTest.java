package io.tracefleet.leader;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class BalanceTest {

    @Test
    void aLoneControllerAsksForEveryFreeShard() {
        Balance move = Balance.decide("a", 4, Set.of("a"), Map.of(), Set.of());
        assertThat(move.release()).isEmpty();
        assertThat(move.contend()).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void oneShardIsLeaderElectionAFollowerWaitsWhileTheLeaderLives() {
        assertThat(Balance.decide("b", 1, Set.of("a", "b"), Map.of(0, "a"), Set.of()))
                .isEqualTo(new Balance(List.of(), List.of()));
        assertThat(Balance.decide("a", 1, Set.of("a", "b"), Map.of(), Set.of(0)))
                .as("the leader keeps it").isEqualTo(new Balance(List.of(), List.of()));
        assertThat(Balance.decide("b", 1, Set.of("b"), Map.of(), Set.of()).contend())
                .as("the leader gone: the follower asks").containsExactly(0);
    }

    @Test
    void aHolderOfEverythingGivesUpToANewcomer() {
        Balance move = Balance.decide("a", 6, Set.of("a", "b"), Map.of(), Set.of(0, 1, 2, 3, 4, 5));
        assertThat(move.release()).containsExactly(5, 4, 3);
        assertThat(move.contend()).isEmpty();
    }

    @Test
    void theNewcomerAsksOnlyForFreeShards() {
        Map<Integer, String> heldByA = Map.of(0, "a", 1, "a", 2, "a");
        Balance move = Balance.decide("b", 6, Set.of("a", "b"), heldByA, Set.of());
        assertThat(move.contend()).containsExactlyInAnyOrder(3, 4, 5);
    }

    @Test
    void whileAControllerStarvesTheOthersComeDownToTheFloorAndLeaveTheFreeShardsToIt() {
        // Six shards over four: two each for three, none for d.
        Map<Integer, String> holders = Map.of(2, "b", 3, "b", 4, "c", 5, "c");
        Balance a = Balance.decide("a", 6, Set.of("a", "b", "c", "d"), holders, Set.of(0, 1));
        assertThat(a.release()).containsExactly(1);
        Balance freeButNotStarving = Balance.decide("a", 6, Set.of("a", "b", "c", "d"), Map.of(2, "b", 4, "c",
                5, "d"), Set.of(0));
        assertThat(freeButNotStarving.contend()).as("the starving one's turn first is over: d holds one")
                .isNotEmpty();
    }

    @Test
    void theSurvivorsOfAControllerAskForDifferentOnesOfItsShards() {
        // s1 held 0 and 1 and died; s2 and s3 each want one more. Asking for the same one, one of them would get
        // nothing for a whole lease duration and then wait that long again for the other shard.
        Balance s2 = Balance.decide("s2", 6, Set.of("s2", "s3"), Map.of(4, "s3", 5, "s3"), Set.of(2, 3));
        Balance s3 = Balance.decide("s3", 6, Set.of("s2", "s3"), Map.of(2, "s2", 3, "s2"), Set.of(4, 5));

        assertThat(s2.contend()).hasSize(1);
        assertThat(s3.contend()).hasSize(1);
        assertThat(List.of(s2.contend().get(0), s3.contend().get(0))).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void controllersStartingTogetherAskForDisjointShares() {
        Set<String> live = Set.of("a", "b", "c");
        Set<Integer> asked = new HashSet<>();
        for (String me : live) {
            List<Integer> contend = Balance.decide(me, 6, live, Map.of(), Set.of()).contend();
            assertThat(contend).as(me).hasSize(2);
            contend.forEach(shard -> assertThat(asked.add(shard)).as("shard %d asked for twice", shard).isTrue());
        }
        assertThat(asked).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @Test
    void roundsFromAnyStartSettleOnOneHolderPerShardAndFairShares() {
        // A simulation of rounds: each controller in turn sees the table and moves; a granted ask takes a free shard.
        for (int controllers = 1; controllers <= 5; controllers++) {
            for (int shards = 1; shards <= 12; shards++) {
                Map<Integer, String> table = new TreeMap<>();
                Set<String> live = new HashSet<>();
                for (int c = 0; c < controllers; c++) {
                    live.add("c" + c);
                }
                for (int round = 0; round < 20; round++) {
                    for (String me : live) {
                        Map<Integer, String> others = new HashMap<>(table);
                        others.values().removeIf(me::equals);
                        Set<Integer> mine = new HashSet<>();
                        table.forEach((shard, holder) -> {
                            if (holder.equals(me)) {
                                mine.add(shard);
                            }
                        });
                        Balance move = Balance.decide(me, shards, live, others, mine);
                        move.release().forEach(table::remove);
                        move.contend().forEach(shard -> table.putIfAbsent(shard, me));
                    }
                }
                int fairUp = (shards + controllers - 1) / controllers;
                int fairDown = shards / controllers;
                assertThat(table).as("%d shards over %d", shards, controllers).hasSize(shards);
                for (String member : live) {
                    long count = table.values().stream().filter(member::equals).count();
                    assertThat(count).as("%s of %d shards over %d", member, shards, controllers)
                            .isBetween((long) fairDown, (long) fairUp);
                }
            }
        }
    }
}
