package dev.casmb.lif.manager;

import java.util.ArrayList;
import java.util.List;

/** Test listener that records events as short strings. */
final class RecordingListener implements LifListener {
    final List<String> events = new ArrayList<>();

    @Override
    public synchronized void lifUp(LifEvent e) {
        events.add("up:" + e.lifName() + "@" + e.localNode() + ":" + e.port());
    }

    @Override
    public synchronized void lifDown(LifEvent e) {
        events.add("down:" + e.lifName() + "@" + e.localNode());
    }

    @Override
    public synchronized void lifMoving(LifEvent e) {
        events.add("moving:" + e.lifName() + ":" + e.fromNode() + "->" + e.toNode());
    }

    synchronized List<String> drain() {
        List<String> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
