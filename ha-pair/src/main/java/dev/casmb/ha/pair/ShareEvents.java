package dev.casmb.ha.pair;

import dev.casmb.ha.cluster.ClusterCommand;
import dev.casmb.ha.cluster.ShareDef;

/** Event-log entries for replicated share changes, written on both nodes as the change applies. */
final class ShareEvents {
    private ShareEvents() {}

    static String kind(ClusterCommand.SetShare s) {
        return switch (s.op()) {
            case CREATE -> "share.created";
            case MODIFY -> "share.modified";
            case DELETE -> "share.deleted";
        };
    }

    static String describe(ClusterCommand.SetShare s) {
        ShareDef d = s.def();
        return switch (s.op()) {
            case CREATE -> "share " + d.name() + " created on aggregate " + d.aggregate() + " (path /" + d.path() + ", "
                + ShareProperties.describe(d.continuouslyAvailable(), d.encryptData()) + ")";
            case MODIFY -> "share " + d.name() + " modified: " + ShareProperties.describe(d.continuouslyAvailable(), d.encryptData())
                + (d.comment() == null ? "" : ", comment \"" + d.comment() + "\"") + (d.overlay() ? " (overrides the configuration file)" : "");
            case DELETE -> "share " + s.name() + " deleted (no longer served; its data stays on disk)";
        };
    }
}
