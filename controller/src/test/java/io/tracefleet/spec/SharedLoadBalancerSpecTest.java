package io.tracefleet.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the corpus of invalid specs cannot show: the forms that are valid, and claims across the two kinds. */
class SharedLoadBalancerSpecTest {
    @TempDir
    Path dir;

    private static String spec(String loadBalancers, String services) {
        return TestSpecs.withLoadBalancers(loadBalancers, services);
    }

    @Test
    void pathsHostsBothAndAnExplicitPriorityAreValidNextToAServiceWithItsOwnLoadBalancer() {
        SpecSet set = TestSpecs.load(dir, "shop.yaml", spec("edge: {name: shop-public, scheme: internal}\n", """
                a: {image: nginx, port: 80, loadBalancer: {shared: edge, paths: [/a/*]}}
                b: {image: nginx, port: 80, loadBalancer: {shared: edge, hosts: ["*.b.example.com"]}}
                c: {image: nginx, port: 80, loadBalancer: {shared: edge, paths: [/a/*], hosts: [c.example.com],
                    priority: 1}}
                d: {image: nginx, port: 80, loadBalancer: {port: 8080}}
                e: {image: nginx, port: 80, env: {A: "${services.a.url}"}}
                """));

        assertThat(set.errors()).isEmpty();
    }

    @Test
    void aSharedLoadBalancerNameIsClaimedLikeAnyOther() {
        SpecSet set = TestSpecs.load(dir, "shop.yaml", spec("edge: {}\n", """
                a: {image: nginx, port: 80, loadBalancer: {name: shop-edge-alb}}
                """));

        assertThat(set.errors()).extracting(SpecError::format).anySatisfy(e -> assertThat(e)
                .contains("spec.services.a.loadBalancer.name: the load balancer name 'shop-edge-alb' is also claimed")
                .contains("spec.loadBalancers.edge.name"));
    }

    @Test
    void aSharedLoadBalancerNeedsTwoSubnetsEvenBeforeAServiceAttaches() {
        String yaml = spec("edge: {}\n", "a: {image: nginx, port: 80}\n")
                .replace("vpc: default", "vpc: vpc-0a1b2c3d\n    subnets: [subnet-0a1b2c3d]");
        SpecSet set = TestSpecs.load(dir, "shop.yaml", yaml);

        assertThat(set.errors()).extracting(SpecError::format).singleElement().satisfies(e -> assertThat(e)
                .contains("spec.network.subnets: a load balancer needs at least two subnets"));
    }
}
