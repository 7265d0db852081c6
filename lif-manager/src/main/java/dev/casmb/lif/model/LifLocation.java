package dev.casmb.lif.model;

import java.util.Objects;

/** Where a LIF is (or is to be) plumbed: a node and a network port on that node, e.g. node-a / eth0. */
public record LifLocation(String node, String port) {

    public LifLocation {
        node = Names.require(node, "node");
        port = Names.require(port, "port");
    }

    public boolean isOn(String otherNode) {
        return Objects.equals(node, otherNode);
    }

    @Override
    public String toString() {
        return node + ":" + port;
    }
}
